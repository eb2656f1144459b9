"""``sammachip repair``: salvage a damaged data directory and say what came back."""

from __future__ import annotations

import argparse
from pathlib import Path

from sammachip_tui.i18n import _


def add_parser(sub: argparse._SubParsersAction, parser_class: type) -> None:
    sub.add_parser(
        "repair",
        help=_("salvage a damaged journal and rebuild the rest from the village files"),
    )


def run(data_dir: Path) -> int:
    from sammachip_tui.cli import opening_errors
    from sammachip_tui.store.repair import repair

    with opening_errors(data_dir):
        report = repair(data_dir)
    print(report.describe())
    return 0
