"""``sammachip plan``: the village action plan (แผนปฏิบัติการสร้างสัมมาชีพชุมชน) from a terminal.

Every change goes through ``store/plans.py``, the save path the plan screen uses too, built
on the store's writer (``commit_built``) so it reads the plan as the earlier edits left it.
A value that cannot be used is said (field and reason) with exit status 2; nothing is saved.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options
from sammachip_tui.cli_groups_5k import _texts, _values
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from sammachip_tui.store.plans import PlanView
    from sammachip_tui.store.workspace import Workspace


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    from sammachip_tui.store.plans import header_fields, row_fields

    plan = sub.add_parser("plan", help=_("the village action plan of a fiscal year"))
    psub = cli_options.commands(plan, parser_class, "action")
    plist = psub.add_parser("list", help=_("the plans of this device: village, year, rows, budget"))
    cli_options.village(plist, required=False)
    cli_options.json_output(plist)
    show = psub.add_parser("show", help=_("a plan's rows in the form's columns"))
    _plan_options(show)
    cli_options.json_output(show)
    fields = ", ".join(row_fields())
    add = psub.add_parser("add", help=_("add a row to the plan"))
    _plan_options(add)
    _values(add, fields, required=True)
    edit = psub.add_parser("edit", help=_("change fields of a row"))
    _row_options(edit)
    _values(edit, fields, required=True)
    delete = psub.add_parser("delete", help=_("delete a row"))
    _row_options(delete)
    move = psub.add_parser("move", help=_("move a row up (negative) or down the plan"))
    _row_options(move)
    move.add_argument("--by", type=int, required=True, help=_("places to move: -1 up, 1 down"))
    item = psub.add_parser("from-item", help=_("a need or a problem of the forum becomes a row"))
    _plan_options(item)
    item.add_argument("--item", required=True, help=_("forum item id (see forums show)"))
    _values(item, fields, required=False)
    group = psub.add_parser(
        "from-group", help=_("a group's planned activity or training becomes a row")
    )
    group.add_argument("--group", required=True, help=_("group id (see groups list)"))
    group.add_argument("--entry", required=True,
                       help=_("the activity's or training's id (see groups show)"))  # fmt: skip
    cli_options.village(group, required=False)
    _year(group, _("fiscal year (B.E.); default: the year of the entry's date"))
    _values(group, fields, required=False)
    header = psub.add_parser("set", help=_("the plan's title, who prepared it, when approved"))
    _plan_options(header)
    _values(header, ", ".join(header_fields()), required=True)


def _year(parser: argparse.ArgumentParser, text: str = "") -> None:
    parser.add_argument("--year", help=text or _("fiscal year (B.E.); default: this one"))


def _plan_options(parser: argparse.ArgumentParser) -> None:
    cli_options.village(parser)
    _year(parser)


def _row_options(parser: argparse.ArgumentParser) -> None:
    cli_options.village(parser)
    parser.add_argument("--row", required=True, help=_("row id (see plan show)"))


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "plan":
        return None
    if args.village is not None and args.village not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=args.village))
    if args.action == "list":
        return _list(ws, args)
    if args.action == "from-group":
        return _from_group(ws, args)
    if args.action in ("edit", "delete", "move"):
        return _row(ws, args)
    year = fiscal_year(getattr(args, "year", None))
    if args.action == "show":
        return _show(ws, args.village, year, args.json)
    if args.action == "set":
        from sammachip_tui.store import plans
        from sammachip_tui.store.plans import header_fields

        texts = _texts(args.values, header_fields())
        ops = ws.commit_built(lambda w: [plans.set_header(w, args.village, year, texts)])
        _said(len(ops), _("the plan's header"))
        return 0
    return _add(ws, args, year)


def fiscal_year(text: str | None) -> int:
    """``--year`` as typed (Thai digits welcome), this fiscal year when left out."""
    from sammachip_tui.model.plan_records import YEAR_MAX, YEAR_MIN
    from sammachip_tui.model.thai import parse_number
    from sammachip_tui.store.plans import this_year

    if text is None:
        return this_year()
    try:
        number = parse_number(text)
    except ValueError:
        number = 0.5
    if not number.is_integer() or not YEAR_MIN <= number <= YEAR_MAX:
        raise CliError(_("--year: a fiscal year in B.E., such as {example}, not {text}").format(
            example=this_year(), text=text))  # fmt: skip
    return int(number)


def _said(count: int, what: str) -> None:
    if count:
        print(_("Saved {what}.").format(what=what))
    else:
        print(_("Nothing to change: {what} is already so.").format(what=what))


def _add(ws: Workspace, args: argparse.Namespace, year: int) -> int:
    from sammachip_tui.store import plans

    texts = _texts(args.values, plans.row_fields())
    item = getattr(args, "item", "")
    if item:
        found = plans.plannable_item(ws, args.village, item)
        texts = {**plans.item_texts(found), **texts}
    ops = ws.commit_built(lambda w: [plans.add_row(w, args.village, year, texts, item_id=item)])
    print(_("Added row {id} to the plan of {year}.").format(id=ops[0].record, year=year))
    return 0


def _from_group(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.cli_groups_5k import _village_of
    from sammachip_tui.store import plans

    village = _village_of(ws, args.group, args.village)
    given = _texts(args.values, plans.row_fields())
    texts = {**plans.entry_texts(ws, village, args.group, args.entry), **given}
    year = fiscal_year(args.year) if args.year else plans.entry_year(ws, village, args.group,
                                                                     args.entry)  # fmt: skip
    ops = ws.commit_built(lambda w: [plans.add_row(w, village, year, texts, group_id=args.group,
                                                   entry_id=args.entry)])  # fmt: skip
    print(_("Added row {id} to the plan of {year}.").format(id=ops[0].record, year=year))
    return 0


def _row(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store import plans

    village, rid = args.village, args.row
    if args.action == "delete":
        ws.commit_built(lambda w: [plans.delete_row(w, village, rid)])
        print(_("Deleted row {id}.").format(id=rid))
    elif args.action == "move":
        ops = ws.commit_built(lambda w: [plans.move_row(w, village, rid, args.by)])
        _said(len(ops), _("the place of row {id}").format(id=rid))
    else:
        texts = _texts(args.values, plans.row_fields())
        ops = ws.commit_built(lambda w: [plans.edit_row(w, village, rid, texts)])
        _said(len(ops), _("row {id}").format(id=rid))
    return 0


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.plans import plan_view, plan_years

    villages = [args.village] if args.village else ws.villages()
    views = [plan_view(ws, v, y) for v in villages for y in plan_years(ws, v)]
    if args.json:
        rows = [{"village": p.village, "fiscal_year": p.fiscal_year, "title": p.title,
                 "rows": len(p.lines), "budget": p.total} for p in views]  # fmt: skip
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    if not views:
        print(_("No action plans on this device yet (see: plan add, plan from-item)."))
    from sammachip_tui.store.typed_texts import money

    for p in views:
        count = ngettext("{n} row", "{n} rows", len(p.lines)).format(n=len(p.lines))
        print(f"{p.village}\t{p.fiscal_year}\t{p.title}\t{count}\t"
              + _("{baht} baht").format(baht=money(p.total)))  # fmt: skip
    return 0


def as_json(view: PlanView) -> dict[str, Any]:
    """The plan as ``plan show --json`` prints it: stored values (ISO dates)."""
    plan = view.plan
    return {
        "village": view.village, "fiscal_year": view.fiscal_year, "title": view.title,
        "prepared_by": plan.prepared_by if plan else "",
        "approved": plan.approved.isoformat() if plan and plan.approved else None,
        "total": view.total,
        "rows": [{**x.row.model_dump(mode="json", exclude={"village_code", "deleted"}),
                  "votes": x.item.votes if x.item else None, "item": x.item.text if x.item else "",
                  "group": x.group_name} for x in view.lines],
    }  # fmt: skip


def _show(ws: Workspace, village: str, year: int, as_machine: bool) -> int:
    from sammachip_tui.store.plans import plan_view, row_fields
    from sammachip_tui.store.typed_texts import field_label, money, value_text

    view = plan_view(ws, village, year)
    if as_machine:
        sys.stdout.write(orjson.dumps(as_json(view)).decode() + "\n")
        return 0
    print(f"{view.title} — " + _("village {code}, fiscal year {year}").format(
        code=village, year=year))  # fmt: skip
    if view.plan and (view.plan.prepared_by or view.plan.approved):
        who, day = view.plan.prepared_by or "-", value_text(view.plan.approved) or "-"
        print(_("Prepared by {who}; approved on {date}").format(who=who, date=day))
    if not view.lines:
        print(_("No rows yet (see: plan add, plan from-item)."))
    for n, x in enumerate(view.lines, 1):
        parts = []
        for name in row_fields():
            value = getattr(x.row, name)
            if value in (None, "", 0, 0.0):
                continue
            parts.append(f"{field_label(name, 'plan_row')}: {value_text(value)}")
        print(f"{n}. {x.row.id}  " + "; ".join(parts))
        if x.source:
            print("    " + _("from: {source}").format(source=x.source))
    print(_("Total budget: {baht} baht").format(baht=money(view.total)))
    return 0
