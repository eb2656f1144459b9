"""``sammachip occupations teach|lessons|undo|livelihoods``: the officer's lessons for scripts.

What the review screen's keys do, from the command line: merge two proposals, split one, mark
a text "not a group occupation" (each a lesson for the whole district, listed and undone by
its id), and switch livelihood bases on or off for a village. A request that cannot be done
says why and exits 2 with nothing written (store/lessons.py checks it).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace


def run(ws: Workspace, args: argparse.Namespace) -> int:
    if args.action == "teach":
        return _teach(ws, args)
    if args.action == "lessons":
        return _lessons(ws, args)
    if args.action == "undo":
        return _undo(ws, args)
    return _livelihoods(ws, args)


def _village(ws: Workspace, code: str) -> None:
    if code not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=code))


def _teach(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.cli_groups import _rules
    from sammachip_tui.store import lessons as sl
    from sammachip_tui.store import proposals as sp

    if args.lesson == "exclude":
        change = sl.exclude(ws, args.text)
    else:
        _village(ws, args.village)
        result = sp.proposal_set(ws, args.village, args.scope, _rules(ws, args))
        if args.lesson == "merge":
            change = sl.merge(ws, result, args.key_a, args.key_b)
        else:
            change = sl.split(ws, result, args.key, args.text, args.name, args.occupation_type)
    [op] = ws.commit([change])
    print(_("Lesson {id} saved for the whole district; it reaches other devices with the next "
            "sync (undo: sammachip occupations undo {id}).").format(id=op.record))  # fmt: skip
    return 0


def _lessons(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.grouping.lessons import KIND_LABELS
    from sammachip_tui.store import lessons as sl
    from sammachip_tui.store import proposals as sp

    lexicon = sp.matcher(ws).lexicon
    rows: list[dict[str, Any]] = [
        {
            "id": x.id,
            "kind": x.kind,
            "texts": list(x.texts),
            "family": x.family,
            "family_name": sl.family_name(x.family, lexicon) if x.family else x.name,
            "occupation_type": x.occupation_type,
        }
        for x in sl.lesson_records(ws)
    ]
    if args.json:
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    if not rows:
        print(_("No lessons yet."))
    for row in rows:
        what = _(KIND_LABELS.get(row["kind"], row["kind"]))
        print(f"{row['id']}\t{what}\t{' · '.join(row['texts'])}\t{row['family_name']}")
    return 0


def _undo(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store import lessons as sl

    ws.commit([sl.undo(ws, args.lesson_id)])
    print(_("Lesson {id} undone.").format(id=args.lesson_id))
    return 0


def _livelihoods(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store import lessons as sl
    from sammachip_tui.store import proposals as sp

    _village(ws, args.village)
    lexicon = sp.matcher(ws).lexicon
    if args.on or args.off:
        ws.commit(sl.switch_livelihoods(ws, args.village, lexicon, args.on, args.off))
    on = set(sl.livelihoods(ws, args.village))
    rows: list[dict[str, Any]] = [
        {"key": c.key, "name_th": c.name_th, "name_en": c.name_en, "on": c.key in on}
        for c in sl.base_families(lexicon)
    ]
    if args.json:
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    for row in rows:
        print(f"[{'x' if row['on'] else ' '}] {row['key']}\t{row['name_th']}")
    return 0
