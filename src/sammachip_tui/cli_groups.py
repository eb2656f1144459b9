"""``sammachip propose`` and ``sammachip occupations``: the group proposer for scripts.

``propose --village CODE`` prints the proposals (``--json`` for the whole explanation); the
action options record the officer's word on one of them, exactly as the review screen does.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("propose", help=_("occupation groups proposed from the volunteers"))
    cli_options.village(p)
    cli_options.json_output(p)
    cli_options.grouping(p)
    act = p.add_mutually_exclusive_group()
    act.add_argument("--accept", metavar="KEY", help=_("make the proposal a group (forming)"))
    act.add_argument("--reject", metavar="KEY", help=_("reject the proposal (with --reason)"))
    act.add_argument(
        "--remove",
        nargs=2,
        metavar=("KEY", "HOUSEHOLD_ID"),
        help=_("take a household out of a proposal (with --reason)"),
    )
    act.add_argument(
        "--add",
        nargs=2,
        metavar=("KEY", "HOUSEHOLD_ID"),
        help=_("put a household into a proposal (with --reason)"),
    )
    act.add_argument("--reopen", metavar="KEY", help=_("take back a rejection"))
    p.add_argument("--reason", default="", help=_("why (kept with the decision)"))
    p.add_argument("--name", default="", help=_("the new group's name (with --accept)"))

    occ = sub.add_parser("occupations", help=_("the occupation taxonomy and its additions"))
    osub = cli_options.commands(occ, parser_class, "action")
    olist = osub.add_parser("list", help=_("crafts, their codes and words"))
    cli_options.json_output(olist)
    oadd = osub.add_parser("add", help=_("add an occupation for the whole district"))
    oadd.add_argument("name_th", help=_("its Thai name"))
    oadd.add_argument(
        "--type", required=True, dest="occupation_type", help=_("its occupation type")
    )
    oadd.add_argument("--otop", default="none", help=_("OTOP category"))
    oadd.add_argument("--en", default="", help=_("English name"))
    oadd.add_argument("--term", action="append", default=[], help=_("another word for it"))
    oadd.add_argument("--craft", default="", help=_("an existing craft it belongs to"))
    _add_teaching_parsers(osub, parser_class)


def _add_teaching_parsers(osub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """``occupations teach``, ``lessons``, ``undo`` and ``livelihoods``: the officer's lessons
    to the proposer and the livelihoods switched on per village (store/lessons.py)."""
    teach = osub.add_parser("teach", help=_("teach the proposer: merge, split, exclude"))
    tsub = cli_options.commands(teach, parser_class, "lesson")
    merge = tsub.add_parser("merge", help=_("two proposals are one occupation (district-wide)"))
    cli_options.village(merge)
    merge.add_argument("key_a", metavar="KEY_A", help=_("a proposal key (see propose)"))
    merge.add_argument("key_b", metavar="KEY_B", help=_("the proposal it is one with"))
    split = tsub.add_parser("split", help=_("some texts of a proposal are another occupation"))
    cli_options.village(split)
    split.add_argument("key", metavar="KEY", help=_("a proposal key (see propose)"))
    split.add_argument("--text", action="append", default=[], required=True,
                       help=_("a member's occupation text that goes to the new one"))  # fmt: skip
    split.add_argument("--name", required=True, help=_("the new occupation's Thai name"))
    split.add_argument("--type", default="", dest="occupation_type", help=_("its occupation type"))
    exclude = tsub.add_parser("exclude", help=_("a text is not a group occupation"))
    exclude.add_argument(
        "text", metavar="TEXT", help=_("the occupation text, as households wrote it")
    )
    for p in (merge, split):
        cli_options.grouping(p)
    lessons = osub.add_parser("lessons", help=_("what the officer taught the proposer"))
    cli_options.json_output(lessons)
    undo = osub.add_parser("undo", help=_("undo a lesson"))
    undo.add_argument(
        "lesson_id", metavar="LESSON_ID", help=_("lesson id (see occupations lessons)")
    )
    live = osub.add_parser("livelihoods", help=_("livelihoods proposed in a village"))
    cli_options.village(live)
    live.add_argument("--on", action="append", default=[], metavar="KEY",
                      help=_("propose groups of this livelihood here"))  # fmt: skip
    live.add_argument("--off", action="append", default=[], metavar="KEY",
                      help=_("stop proposing it here"))  # fmt: skip
    cli_options.json_output(live)


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command == "propose":
        if args.village not in ws.villages():
            raise CliError(_("No village {code} in this workspace.").format(code=args.village))
        return _propose(ws, args)
    if args.command == "occupations":
        if args.action in _TEACHING:
            from sammachip_tui import cli_lessons

            return cli_lessons.run(ws, args)
        return _add_occupation(ws, args) if args.action == "add" else _occupations(ws, args)
    return None


_TEACHING = ("teach", "lessons", "undo", "livelihoods")


def _rules(ws: Workspace, args: argparse.Namespace) -> Any:
    from sammachip_tui.grouping.proposer import Rules
    from sammachip_tui.store.settings import load_settings

    settings = load_settings(ws.data_dir)
    low = settings.group_min if args.min is None else args.min
    high = settings.group_max if args.max is None else args.max
    if not 2 <= low <= high:
        raise CliError(_("The smallest group must be at least 2 and no larger than the largest."))
    return Rules(min_size=low, max_size=high, include_unsure=args.include_unsure,
                 by_type=getattr(args, "by_type", False))  # fmt: skip


def _propose(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store import proposals as sp

    result = sp.proposal_set(ws, args.village, args.scope, _rules(ws, args))
    by_key = {p.key: p for p in result.proposals}
    village = args.village
    if args.accept:
        proposal = _known(by_key, args.accept)
        ws.submit_edit(lambda w: sp.accept(w, village, proposal, args.name)).result()
        print(_("Group made (forming) with {n} members.").format(n=len(proposal.members)))
        return 0
    if args.reject:
        _known(by_key, args.reject)
        ws.commit([sp.reject(ws, village, args.reject, args.reason)])
        print(_("Rejected {key}.").format(key=args.reject))
        return 0
    if args.reopen:
        ws.commit([sp.reopen(ws, village, args.reopen)])
        print(_("Reopened {key}.").format(key=args.reopen))
        return 0
    if args.remove or args.add:
        key, hid = args.remove or args.add
        if args.remove:
            _known(by_key, key)
        if not any(ws.record(v, "household", hid) for v in sp.villages_in(ws, result.scope)):
            raise CliError(_("No household {id} in village {code}.").format(id=hid, code=village))
        edit = sp.remove_member if args.remove else sp.add_member
        ws.commit([edit(ws, village, key, hid, args.reason)])
        print(_("Changed {key}.").format(key=key))
        return 0
    if args.json:
        sys.stdout.write(orjson.dumps(as_json(result)).decode() + "\n")
        return 0
    _print(result)
    return 0


def _known(by_key: dict[str, Any], key: str) -> Any:
    if key not in by_key:
        raise CliError(_("No proposal {key} (see sammachip propose).").format(key=key))
    return by_key[key]


def _name(home: Any) -> str:
    return " ".join(x for x in (home.title + home.first_name, home.last_name) if x)


def as_json(result: Any) -> dict[str, Any]:
    """The proposals as ``sammachip propose --json`` prints them."""
    from sammachip_tui.model.records import DecisionStatus

    def household(m: Any) -> dict[str, Any]:
        h = m.household
        return {
            "id": h.id,
            "village": h.village_code,
            "house_no": h.house_no,
            "name": _name(h),
            "occupation": m.text,
            "role": m.role,
            "trained": h.trained,
            "sammachip": h.is_sammachip,
            "volunteer": str(h.volunteer),
            **({"reason": m.added_reason} if m.role == "added" else {}),
            **({"related": m.kin} if m.kin else {}),  # joined through this related family
        }

    return {
        "scope": result.scope,
        "rules": {
            "min": result.rules.min_size,
            "max": result.rules.max_size,
            "include_unsure": result.rules.include_unsure,
            "by_type": result.rules.by_type,
        },
        "proposals": [
            {
                "key": p.key,
                "occupation": {
                    "code": p.craft.code,
                    "craft": p.craft.key,
                    "name_th": p.craft.name_th,
                    "name_en": p.craft.name_en,
                    "type": p.craft.occupation_type.value if p.craft.occupation_type else None,
                    "otop_category": p.craft.otop_category.value,
                },
                "basis": "same_occupation" if p.basis == "occupation" else "same_type",
                "crafts": list(p.crafts),
                "score": p.score,
                "complete": p.complete,
                "status": (p.decision.status if p.decision else DecisionStatus.open).value,
                "reasons": p.reasons,
                "missing": p.missing,
                "forum": [
                    {
                        "id": s.item.id,
                        "list": s.item.list.value,
                        "text": s.item.text,
                        "votes": s.item.votes,
                        "linked": s.linked,
                    }
                    for s in p.support
                ],
                "households": [household(m) for m in p.members],
            }
            for p in result.proposals
        ],
        "unassigned": [
            {
                "id": x.household.id,
                "village": x.household.village_code,
                "house_no": x.household.house_no,
                "name": _name(x.household),
                "occupation": x.household.occupation_main,
                "reason": x.reason,
            }
            for x in result.left
        ],
        "rejected": [{"key": d.id, "reason": d.reason} for d in result.rejected],
    }


def _print(result: Any) -> None:
    from sammachip_tui.model.records import DecisionStatus

    for p in result.proposals:
        status = p.decision.status if p.decision else DecisionStatus.open
        flag = "" if status is DecisionStatus.open else f" [{_(status.value)}]"
        print(f"{p.key}\t{p.score:g}\t{p.craft.name_th}\t{len(p.members)}{flag}")
        for line in p.reasons:
            print(f"    + {line}")
        for line in p.missing:
            print(f"    - {line}")
        for m in p.members:
            print(f"      {m.household.house_no:>6}  {_name(m.household)}  ({m.text})")
    if result.left:
        print(_("Volunteers not in any proposal:"))
        for x in result.left:
            print(f"      {x.household.house_no:>6}  {_name(x.household)}  {x.reason}")
    for d in result.rejected:
        print(_("Rejected {key}: {reason}").format(key=d.id, reason=d.reason))


def _occupations(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.grouping.activity_names import activity_name
    from sammachip_tui.model.taxonomy import OCCUPATION_TYPE_LABELS
    from sammachip_tui.store import proposals as sp

    lexicon = sp.matcher(ws).lexicon
    words: dict[str, dict[str, list[str]]] = {}  # family → role → words, as first written
    for form, entries in sorted(lexicon.forms.items()):
        for e in entries:
            words.setdefault(e.craft, {}).setdefault(e.role, []).append(lexicon.display(form))
    rows = [
        {
            "craft": c.key,
            "codes": list(c.codes),
            "name_th": c.name_th,
            "name_en": c.name_en,
            "type": c.occupation_type.value if c.occupation_type else None,
            "otop_category": c.otop_category.value,
            "activity": c.activity,
            "group": not c.base,
            "base": c.base,
            "words": words.get(c.key, {}),
        }
        for c in sorted(lexicon.crafts.values(), key=lambda c: c.key)
    ]
    if args.json:
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    for c in sorted(lexicon.crafts.values(), key=lambda c: c.key):
        kind = _(OCCUPATION_TYPE_LABELS[c.occupation_type]) if c.occupation_type else "-"
        group = _("livelihood") if c.base else _("group")
        doing = activity_name(c.activity)
        print(f"{c.key}\t{' '.join(c.codes)}\t{c.name_th}\t{kind}\t{doing}\t{group}")
    return 0


def _add_occupation(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store import proposals as sp

    change = sp.add_occupation(
        ws,
        args.name_th,
        args.occupation_type,
        args.otop,
        name_en=args.en,
        terms=args.term,
        craft=args.craft,
    )
    [op] = ws.commit([change])
    print(
        _("Added occupation {name} ({id}); it reaches other devices with the next sync.").format(
            name=args.name_th, id=op.record
        )
    )
    return 0
