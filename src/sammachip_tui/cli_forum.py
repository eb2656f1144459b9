"""``sammachip villages add``, ``sammachip forums ...`` and ``sammachip report forum``.

Everything the forum screens do to data, for scripts and for the district office: the same
store functions, the same messages. Kept apart from ``cli.py`` so that each stays readable.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_district_reports, cli_options, cli_reports
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _, ngettext
from sammachip_tui.i18n.wording import os_error_text, quoted

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

LISTS = ("problem", "resource", "wisdom", "need")


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    forums = sub.add_parser("forums", help=_("village forums and what was said at them"))
    fsub = cli_options.commands(forums, parser_class, "action")

    flist = fsub.add_parser("list", help=_("list the forums of a village"))
    cli_options.village(flist)
    cli_options.json_output(flist)

    for name, text in (("new", _("hold a new forum")), ("set", _("change a forum"))):
        p = fsub.add_parser(name, help=text)
        cli_options.village(p)
        if name == "set":
            cli_options.forum(p)
        p.add_argument("--date", help=_("d/m/yyyy in the Buddhist era, e.g. 15/11/2569"))
        p.add_argument("--place", help=_("where the forum was held"))
        p.add_argument("--facilitators", help=_("names separated by commas"))
        p.add_argument("--resolutions", help=_("what the forum resolved"))
        p.add_argument("--others", help=_("number of attendees not in the programme"))

    show = fsub.add_parser("show", help=_("the items of a forum, with their ids"))
    cli_options.village(show)
    cli_options.forum(show)
    cli_options.json_output(show)

    item = fsub.add_parser("add-item", help=_("add an item to one of the four lists"))
    cli_options.village(item)
    cli_options.forum(item)
    item.add_argument(
        "--list", required=True, choices=LISTS, dest="which", help=_("which of the four lists")
    )
    item.add_argument("text", help=_("the item, as said at the forum"))
    item.add_argument("--detail", default="", help=_("more about it"))
    item.add_argument("--raised-by", default="", help=_("who raised it"))
    item.add_argument("--votes", default="0", help=_("votes it got (default 0)"))
    item.add_argument("--occupation", action="append", default=[], help=_("taxonomy code"))

    vote = fsub.add_parser("vote", help=_("add votes to an item (or --set the count)"))
    cli_options.village(vote)
    vote.add_argument("--item", required=True, help=_("item id (see forums show)"))
    group = vote.add_mutually_exclusive_group(required=True)
    group.add_argument("--add", help=_("votes to add (negative to remove)"))
    group.add_argument("--set", help=_("the vote count"))

    attend = fsub.add_parser("attend", help=_("mark programme households present"))
    cli_options.village(attend)
    cli_options.forum(attend)
    attend.add_argument(
        "households",
        nargs="+",
        metavar="HOUSEHOLD_ID",
        help=_("household ids (see households list)"),
    )
    attend.add_argument("--absent", action="store_true", help=_("mark them absent instead"))

    report = sub.add_parser("report", help=_("reports"))
    rsub = cli_options.commands(report, parser_class, "action")
    rforum = rsub.add_parser("forum", help=_("the forum record (Markdown or CSV)"))
    cli_options.village(rforum)
    rforum.add_argument("--forum", help=_("forum id; the latest forum if left out"))
    rforum.add_argument(
        "--format", choices=("md", "csv"), default="md", help=_("md: Markdown (default), or csv")
    )
    rforum.add_argument("--out", type=Path, help=_("file to write; standard output if left out"))
    cli_reports.add_parsers(rsub)  # report group, report register
    cli_district_reports.add_parsers(rsub)  # report indicators, district, village


def add_village_parser(vsub: Any) -> None:
    vadd = vsub.add_parser("add", help=_("add a village: subdistrict code and หมู่ number"))
    vadd.add_argument("subdistrict", help=_("6-digit subdistrict code, e.g. 521205"))
    vadd.add_argument("moo", help=_("หมู่ number, 1-99"))
    vadd.add_argument("--name", default="", help=_("the village's name"))


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    """Run a forum, report or ``villages add`` command; None when ``args`` is none of them.

    A value that cannot be used raises FieldError, which cli.main prints (exit status 2)."""
    if args.command == "villages" and args.action == "add":
        return _add_village(ws, args)
    if args.command == "forums":
        _require_village(ws, args.village)
        return _FORUM_ACTIONS[args.action](ws, args)
    if args.command == "report" and args.action == "forum":
        _require_village(ws, args.village)
        return _report(ws, args)
    if args.command == "report":  # report group, register, plan; indicators, district, village
        done = cli_reports.dispatch(ws, args)
        return done if done is not None else cli_district_reports.dispatch(ws, args)
    return None


def _require_village(ws: Workspace, code: str) -> None:
    if code not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=code))


def _require_forum(ws: Workspace, village: str, forum_id: str) -> Any:
    from sammachip_tui.store.forum import get_forum

    forum = get_forum(ws, village, forum_id)
    if forum is None:
        raise CliError(_("No forum {id} in village {code}.").format(id=forum_id, code=village))
    return forum


def _add_village(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.register import new_village, village_label

    change = new_village(ws, args.subdistrict, args.moo, args.name)
    ws.commit([change])
    print(_("Added village {code} {label}").format(
        code=change.village, label=village_label(change.village, args.name)))  # fmt: skip
    return 0


def _forum_texts(args: argparse.Namespace) -> dict[str, str]:
    texts = {
        "date": args.date,
        "place": args.place,
        "facilitators": args.facilitators,
        "resolutions": args.resolutions,
        "other_attendees": args.others,
    }
    return {k: v for k, v in texts.items() if v is not None}


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.thai import format_date_be
    from sammachip_tui.store.forum import forum_counts, forums

    rows = []
    for forum in forums(ws, args.village):
        counts = forum_counts(ws, args.village, forum)
        rows.append({
            **forum.model_dump(mode="json"),
            "items": {k.value: v for k, v in counts.items.items()},
            "present": counts.present,
            "households": counts.households,
        })  # fmt: skip
        if not args.json:
            summary = _("{n} items, {present}/{total} households present").format(
                n=sum(counts.items.values()), present=counts.present, total=counts.households
            )
            print(f"{forum.id}\t{format_date_be(forum.date)}\t{forum.place}\t{summary}")
    if args.json:
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
    return 0


def _new(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.forum import new_forum, parse_forum_texts

    [op] = ws.commit([new_forum(args.village, parse_forum_texts(_forum_texts(args)))])
    print(_("Added forum {id}").format(id=op.record))
    return 0


def _set(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.forum import forum_edit, parse_forum_texts

    _require_forum(ws, args.village, args.forum)
    change = forum_edit(ws, args.village, args.forum, parse_forum_texts(_forum_texts(args)))
    ops = ws.commit([change] if change else [])
    print(ngettext("Changed {n} field", "Changed {n} fields", len(ops)).format(n=len(ops)))
    return 0


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.records import FORUM_LIST_LABELS
    from sammachip_tui.store.forum import items

    _require_forum(ws, args.village, args.forum)
    found = items(ws, args.village, args.forum)
    if args.json:
        sys.stdout.write(orjson.dumps([i.model_dump(mode="json") for i in found]).decode() + "\n")
        return 0
    for i in found:
        print(f"{i.id}\t{_(FORUM_LIST_LABELS[i.list])}\t{i.votes}\t{i.text}")
    return 0


def _add_item(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.records import ForumList
    from sammachip_tui.model.taxonomy import load_occupations
    from sammachip_tui.store.forum import add_item, parse_votes

    _require_forum(ws, args.village, args.forum)
    known = {o.code for o in load_occupations()}
    unknown = [c for c in args.occupation if c not in known]
    if unknown:
        raise CliError(_("Unknown occupation code: {codes}").format(codes=", ".join(unknown)))
    change = add_item(
        ws, args.village, args.forum, ForumList(args.which), args.text,
        detail=args.detail, raised_by=args.raised_by, votes=parse_votes(args.votes),
        occupations=args.occupation,
    )  # fmt: skip
    [op] = ws.commit([change])
    print(_("Added item {id}").format(id=op.record))
    return 0


def _vote(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.thai import parse_number
    from sammachip_tui.store.forum import edit_item, get_item, parse_votes, vote

    if ws.record(args.village, "item", args.item) is None:
        raise CliError(_("No item {id} in village {code}.").format(
            id=args.item, code=args.village))  # fmt: skip
    if args.set is not None:
        change = edit_item(ws, args.village, args.item, {"votes": parse_votes(args.set)})
    else:
        try:
            delta = parse_number(args.add)
        except ValueError:
            delta = 0.5
        if not delta.is_integer():
            raise CliError(
                _("Votes must be a whole number: {value}").format(value=quoted(args.add))
            )
        change = vote(ws, args.village, args.item, int(delta))
    ws.commit([change] if change else [])
    print(_("Votes: {n}").format(n=get_item(ws, args.village, args.item).votes))
    return 0


def _attend(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.forum import set_present, turnout

    _require_forum(ws, args.village, args.forum)
    changes = [
        set_present(ws, args.village, args.forum, h, not args.absent) for h in args.households
    ]
    ws.commit([c for c in changes if c is not None])
    here = turnout(ws, args.village, args.forum)
    print(
        _("{present}/{total} households present").format(
            present=here.present, total=here.households
        )
    )
    return 0


def _report(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.reports.forum_record import (
        build_forum_record,
        to_csv,
        to_markdown,
        write_forum_record,
    )
    from sammachip_tui.store.forum import forums

    if args.forum:
        forum_id = _require_forum(ws, args.village, args.forum).id
    else:
        held = forums(ws, args.village)
        if not held:
            raise CliError(_("Village {code} has no forum yet.").format(code=args.village))
        forum_id = held[0].id
    rec = build_forum_record(ws, args.village, forum_id)
    if args.out is None:
        if args.format == "md":
            sys.stdout.write(to_markdown(rec))
        else:
            sys.stdout.buffer.write(to_csv(rec))
        return 0
    try:
        write_forum_record(rec, args.out, args.format)
    except OSError as exc:
        raise CliError(_("Cannot write {path}: {reason}").format(
            path=args.out, reason=os_error_text(exc))) from None  # fmt: skip
    print(_("Wrote {path}").format(path=args.out))
    return 0


_FORUM_ACTIONS = {
    "list": _list,
    "new": _new,
    "set": _set,
    "show": _show,
    "add-item": _add_item,
    "vote": _vote,
    "attend": _attend,
}
