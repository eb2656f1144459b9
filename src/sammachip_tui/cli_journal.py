"""``sammachip journal compact``: move what every peer holds out of the live journal.

The store layer does the work (store/compaction.py); this says what it did, or with
``--dry-run`` what it would do and why the rest stays, in the officer's words.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from sammachip_tui import cli_options
from sammachip_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from sammachip_tui.store.compaction import CompactionPlan
    from sammachip_tui.store.workspace import Workspace


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    journal = sub.add_parser("journal", help=_("the journal of every edit (compaction)"))
    jsub = cli_options.commands(journal, parser_class, "action")
    compact = jsub.add_parser(
        "compact",
        help=_("move entries every peer already holds out of the journal (faster starts)"),
    )
    compact.add_argument(
        "--dry-run",
        action="store_true",
        help=_("only say how many entries would go, and why the rest stay"),
    )


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "journal":
        return None
    from sammachip_tui.store.compaction import compact, plan

    if args.dry_run:
        print(describe(plan(ws), done=False))
    else:
        print(describe(compact(ws), done=True))
    return 0


def describe(p: CompactionPlan, *, done: bool) -> str:
    """What compaction moved (or would move), and why each entry that stays stays."""
    moved = _mib(p.moved_bytes)
    if done:
        head = ngettext(
            "{n} entry ({mib} MiB) moved to the archive (journal-archive).",
            "{n} entries ({mib} MiB) moved to the archive (journal-archive).",
            p.moved,
        )
    else:
        head = ngettext(
            "{n} entry ({mib} MiB) would move to the archive (journal-archive).",
            "{n} entries ({mib} MiB) would move to the archive (journal-archive).",
            p.moved,
        )
    lines = [
        _("Journal: {n} entries, {mib} MiB.").format(n=p.entries, mib=_mib(p.journal_bytes)),
        head.format(n=p.moved, mib=moved),
    ]
    if p.after_checkpoint:
        lines.append(
            _("{n} stay: not yet written to the village files (compaction writes them "
              "first).").format(n=p.after_checkpoint)
        )  # fmt: skip
    for peer, n in sorted(p.not_acknowledged.items()):
        lines.append(_("{n} stay: {peer} has not acknowledged them yet.").format(n=n, peer=peer))
    if not p.peers:
        lines.append(_("No peer to wait for: this device has not sent to any."))
    lines.append(_("The archive keeps every entry: a device filled later still receives them all."))
    return "\n".join(lines)


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"
