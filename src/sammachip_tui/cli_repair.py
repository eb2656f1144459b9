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
    print(describe(report))
    return 0


def describe(report: object) -> str:
    """The repair report in the officer's words (CLI and app)."""
    from sammachip_tui.store.repair import RepairReport

    assert isinstance(report, RepairReport)
    lines = [
        _("Journal: {kept} entries kept, {aside} damaged line(s) set aside.").format(
            kept=report.kept, aside=report.set_aside
        ),
        _(
            "Brought back from the village files and saved again (they will sync): {fields} "
            "value(s) in {records} record(s)."
        ).format(fields=report.reissued_fields, records=report.reissued_records),
    ]
    if report.unreadable_shards:
        lines.append(
            _("Village files that could not be read: {codes}").format(
                codes=", ".join(report.unreadable_shards)
            )
        )
    if report.lost_versions or report.unknown_kind_records:
        lines.append(
            _("Could not be brought back: {versions} conflicting version(s) only the village "
              "files held; {records} record(s) of a kind a newer version made.").format(
                versions=report.lost_versions, records=report.unknown_kind_records
            )
        )  # fmt: skip
    lines.append(_("Households now: {count}.").format(count=report.households))
    lines.append(_("The files as they were are kept in {path}").format(path=report.copy))
    if not report.changed:
        lines.insert(0, _("Nothing needed repair."))
    else:
        lines.insert(0, _("Repaired."))
    return "\n".join(lines)
