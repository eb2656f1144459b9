"""``sammachip repair``: salvage a damaged data directory and say what came back."""

from __future__ import annotations

import argparse
from pathlib import Path

from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _


def add_parser(sub: argparse._SubParsersAction, parser_class: type) -> None:
    sub.add_parser(
        "repair",
        help=_("salvage a damaged journal and rebuild the rest from the village files"),
    )


def run(data_dir: Path) -> int:
    from sammachip_tui.store.lock import WorkspaceLockedError
    from sammachip_tui.store.repair import repair
    from sammachip_tui.store.workspace import NotSetUpError

    try:
        report = repair(data_dir)
    except WorkspaceLockedError as exc:
        from sammachip_tui.cli import EXIT_LOCKED, _locked_message

        raise CliError(_locked_message(exc), EXIT_LOCKED) from None
    except NotSetUpError:
        raise CliError(
            _("{path} has no device set up yet. Run: sammachip init --help").format(path=data_dir)
        ) from None
    print(report.describe())
    return 0
