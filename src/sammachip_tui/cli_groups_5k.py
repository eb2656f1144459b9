"""``sammachip groups``: an occupation group on the 5 ก, for scripts and for officers at a
terminal: its members, committee, bylaws, fund, activities and the follow-up to OTOP.

Every change goes through ``store/groups.py`` (the one save path the group screen uses too),
built on the store's writer (``Workspace.commit_built``) so it reads the group as the earlier
edits left it. A value that cannot be used is said (field and reason, in the user's
language) with exit status 2, and nothing is saved.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from sammachip_tui.store.group_view import GroupView
    from sammachip_tui.store.workspace import Change, Workspace

# The entries of a group by the name the commands take, with what each one holds.
ENTRY_HELP = {
    "committee": N_("ก2: committee posts and their terms"),
    "fund": N_("ก4: the fund's ledger (shares, grants, loans, sales, costs)"),
    "activity": N_("ก5: the group's joint activities"),
    "support": N_("training and agencies' support the group received"),
    "market": N_("market channels the group sells through"),
    "evaluation": N_("joint evaluations, a score of 0-5 per ก"),
    "product": N_("OTOP products: category, standards, registration, stars"),
}
MEMBER_FIELDS = ("consent", "joined", "left", "shares")


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    # model.records first: group_records imported alone meets records' import of it half-made
    from sammachip_tui.model import records  # noqa: F401
    from sammachip_tui.model.group_records import BylawsRecord, GroupStage
    from sammachip_tui.store.groups import ENTRY_KINDS, editable_fields

    groups = sub.add_parser("groups", help=_("occupation groups on the 5 ก and their follow-up"))
    gsub = cli_options.commands(groups, parser_class, "action")
    glist = gsub.add_parser("list", help=_("every group of this device: village, stage, members"))
    cli_options.village(glist, required=False)
    cli_options.json_output(glist)
    show = gsub.add_parser("show", help=_("a group's 5 ก, its checklist and its follow-up"))
    _group_options(show)
    cli_options.json_output(show)
    rename = gsub.add_parser("set", help=_("rename a group: name=..."))
    _group_options(rename)
    _values(rename, "name", required=True)

    member = gsub.add_parser("member", help=_("ก1: a household joins, or its membership changes"))
    msub = cli_options.commands(member, parser_class, "member_action")
    for name, text in (("add", _("a household joins the group (with its consent)")),
                       ("edit", _("consent, joined, left, shares of a member"))):  # fmt: skip
        p = msub.add_parser(name, help=text)
        _group_options(p)
        p.add_argument("--household", required=True, help=_("household id (see households list)"))
        allowed = MEMBER_FIELDS if name == "edit" else MEMBER_FIELDS[:2]
        _values(p, ", ".join(allowed), required=name == "edit")

    for kind, model in ENTRY_KINDS.items():
        p = gsub.add_parser(kind, help=_(ENTRY_HELP[kind]))
        esub = cli_options.commands(p, parser_class, "entry_action")
        fields = ", ".join(editable_fields(model))
        for name, text in (("add", _("add an entry")), ("edit", _("change fields of an entry")),
                           ("delete", _("delete an entry"))):  # fmt: skip
            e = esub.add_parser(name, help=text)
            _group_options(e)
            if name != "add":
                e.add_argument(
                    "--entry", required=True, help=_("entry id (see groups show --group ID)")
                )
            if name != "delete":
                _values(e, fields, required=True)

    bylaws = gsub.add_parser("bylaws", help=_("ก3: the group's bylaws, clause by clause"))
    _group_options(bylaws)
    bylaws.add_argument(
        "--template", action="store_true", help=_("fill the empty clauses with the usual wording")
    )
    _values(bylaws, ", ".join(editable_fields(BylawsRecord)), required=False)

    status = gsub.add_parser("status", help=_("move the group to another stage (a dated decision)"))
    _group_options(status)
    status.add_argument("stage", metavar="STAGE", help=_("the new stage: {stages}").format(
        stages=", ".join(s.value for s in GroupStage)))  # fmt: skip
    _values(status, "date, decided_by, note", required=False)


def _group_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group", required=True, help=_("group id (see groups list)"))
    cli_options.village(parser, required=False)


def _values(parser: argparse.ArgumentParser, fields: str, *, required: bool) -> None:
    parser.add_argument("values", nargs="+" if required else "*", metavar="FIELD=VALUE",
                        help=_("fields: {fields}").format(fields=fields))  # fmt: skip


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "groups":
        return None
    if args.action == "list":
        return _list(ws, args)
    village = _village_of(ws, args.group, args.village)
    if args.action == "show":
        return _show(ws, village, args)
    if args.action == "set":
        return _rename(ws, village, args)
    if args.action == "member":
        return _member(ws, village, args)
    if args.action == "bylaws":
        return _bylaws(ws, village, args)
    if args.action == "status":
        return _status(ws, village, args)
    return _entry(ws, village, args)


# ------------------------------------------------------------------------------- reading
def _village_of(ws: Workspace, group_id: str, village: str | None) -> str:
    """The village of ``group_id``: the one given, or the one the device keeps it in."""
    from sammachip_tui.store.group_view import group_lines

    if village is not None and village not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=village))
    found = [g.village for g in group_lines(ws, village) if g.id == group_id]
    if not found:
        raise CliError(_("No group {id} on this device (see: groups list).").format(id=group_id))
    return found[0]


def _texts(items: Iterable[str], allowed: Iterable[str]) -> dict[str, str]:
    """FIELD=VALUE words as typed texts; a word that is not one is refused with the fields."""
    known = list(allowed)
    texts: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name.strip() not in known:
            message = _("Not FIELD=VALUE with a known field: {item} (fields: {fields})")
            raise CliError(message.format(item=item, fields=", ".join(known)))
        texts[name.strip()] = value
    return texts


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.group_records import STAGE_LABELS
    from sammachip_tui.store.group_view import group_lines

    if args.village is not None and args.village not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=args.village))
    lines = group_lines(ws, args.village)
    if args.json:
        rows = [{"id": g.id, "village": g.village, "name": g.name, "occupation": g.occupation_code,
                 "stage": g.stage.value, "members": g.members} for g in lines]  # fmt: skip
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    if not lines:
        print(_("No groups on this device yet (see: propose --accept)."))
    for g in lines:
        members = ngettext("{n} member", "{n} members", g.members).format(n=g.members)
        print(f"{g.id}\t{g.village}\t{g.name}\t{_(STAGE_LABELS[g.stage])}\t{members}")
    return 0


def _shown(value: Any) -> str:
    """A stored value as the user reads it (the screens show it the same way)."""
    from sammachip_tui.store.groups import value_text

    return value_text(value)


def _entry_text(view: GroupView, entry: Any, *, with_id: bool = True) -> str:
    from sammachip_tui.store.groups import editable_fields, field_label

    parts = []
    for name in editable_fields(type(entry)):
        value = getattr(entry, name)
        if value in (None, "", [], 0, 0.0) and not isinstance(value, bool):
            continue
        text = view.member_name(value) if name == "household_id" else _shown(value)
        # ``title`` is a post's name on a committee term, what was done on the others
        label = field_label(name, entry.KIND)
        parts.append(f"{label}: {text}")
    return (f"{entry.id}  " if with_id else "") + "; ".join(parts)


def _show(ws: Workspace, village: str, args: argparse.Namespace) -> int:
    from sammachip_tui import clock
    from sammachip_tui.store import group_rules
    from sammachip_tui.store.groups import group_of

    view = group_of(ws, village, args.group)
    checks = group_rules.checklist(view, clock.today())
    if args.json:
        sys.stdout.write(orjson.dumps(as_json(view, checks)).decode() + "\n")
        return 0
    from sammachip_tui.model.group_records import STAGE_LABELS

    print(f"{view.group.name} ({view.id}) — {_(STAGE_LABELS[view.stage])}")
    print(_("Village {code}").format(code=view.village))
    print(_("ก1 members:"))
    for m in view.members:
        state = "" if m.current else "  " + _("(left)")
        house = m.household.house_no if m.household is not None else ""
        shares = ngettext("{n} share", "{n} shares", m.shares).format(n=m.shares)
        print(f"    {m.member.household_id}  {house:>6}  {m.name}  {shares}{state}")
    sections: list[tuple[str, list[Any]]] = [
        (_("ก2 committee:"), view.committee), (_("ก4 fund:"), view.ledger),
        (_("ก5 activities:"), view.activities), (_("Stage decisions:"), view.history),
        (_("Training and support:"), view.supports), (_("Markets:"), view.markets),
        (_("Evaluations:"), view.evaluations), (_("Products:"), view.products),
    ]  # fmt: skip
    for title, entries in sections[:1]:
        _print_entries(view, title, entries)
    print(_("ก3 bylaws:"))
    if view.bylaws is not None:
        print("    " + _entry_text(view, view.bylaws, with_id=False))
    for title, entries in sections[1:]:
        _print_entries(view, title, entries)
    print(_("Balance: {baht} baht").format(baht=group_rules.money(view.balance())))
    print(_("Checklist:"))
    for c in checks:
        print(f"    [{'x' if c.ok else ' '}] ก{c.ko} {c.text}")
    return 0


def _print_entries(view: GroupView, title: str, entries: list[Any]) -> None:
    print(title)
    for entry in entries:
        print("    " + _entry_text(view, entry))


def as_json(view: GroupView, checks: Iterable[Any]) -> dict[str, Any]:
    """The group as ``groups show --json`` prints it: stored values (keys, ISO dates)."""

    def entries(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [e.model_dump(mode="json", exclude={"village_code", "group_id", "deleted"})
                for e in items]  # fmt: skip

    return {
        "id": view.id,
        "village": view.village,
        "name": view.group.name,
        "occupation": view.group.occupation_code,
        "stage": view.stage.value,
        "members": [
            {
                "household_id": m.member.household_id,
                "village": m.member.village_code,
                "name": m.name,
                "shares": m.shares,
                "current": m.current,
                "consent": m.member.consent,
                "other_groups": list(m.other_groups),
                "joined": m.member.joined.isoformat() if m.member.joined else None,
                "left": m.member.left.isoformat() if m.member.left else None,
            }
            for m in view.members
        ],
        "committee": entries(view.committee),
        "bylaws": entries([view.bylaws])[0] if view.bylaws is not None else None,
        "fund": entries(view.ledger),
        "balance": view.balance(),
        "activities": entries(view.activities),
        "history": entries(view.history),
        "supports": entries(view.supports),
        "markets": entries(view.markets),
        "evaluations": entries(view.evaluations),
        "products": entries(view.products),
        "checklist": [{"ko": c.ko, "ok": c.ok, "text": c.text} for c in checks],
    }


# ------------------------------------------------------------------------------- changing
def _save(ws: Workspace, build: Callable[[Workspace], Iterable[Change | None]]) -> int:
    """Journal what ``build`` makes on the writer; the number of fields written."""
    ops = ws.commit_built(lambda w: list(build(w)))
    return len(ops)


def _said(count: int, what: str) -> None:
    if count:
        print(_("Saved {what}.").format(what=what))
    else:
        print(_("Nothing to change: {what} is already so.").format(what=what))


def _rename(ws: Workspace, village: str, args: argparse.Namespace) -> int:
    from sammachip_tui.store import groups

    texts = _texts(args.values, ["name"])
    count = _save(ws, lambda w: [groups.rename(w, village, args.group, texts["name"])])
    _said(count, _("the name of group {id}").format(id=args.group))
    return 0


def _member(ws: Workspace, village: str, args: argparse.Namespace) -> int:
    from sammachip_tui.store import groups

    hid = args.household
    if args.member_action == "add":  # shares are bought afterwards (groups fund add)
        texts = _texts(args.values, MEMBER_FIELDS[:2])
        _save(ws, lambda w: [groups.add_member(w, village, args.group, hid,
                                               texts.get("joined", ""),
                                               texts.get("consent", "yes"))])  # fmt: skip
        print(_("Household {id} joined group {group}.").format(id=hid, group=args.group))
        return 0
    texts = _texts(args.values, MEMBER_FIELDS)
    count = _save(ws, lambda w: [groups.member_edit(w, village, args.group, hid, texts)])
    _said(count, _("member {id}").format(id=hid))
    return 0


def _entry(ws: Workspace, village: str, args: argparse.Namespace) -> int:
    from sammachip_tui.store import groups

    kind, action = args.action, args.entry_action
    if action == "delete":
        ws.commit_built(lambda w: [groups.delete_entry(w, village, args.group, kind, args.entry)])
        print(_("Deleted entry {id}.").format(id=args.entry))
        return 0
    texts = _texts(args.values, groups.editable_fields(groups.ENTRY_KINDS[kind]))
    if action == "add":
        ops = ws.commit_built(lambda w: [groups.add_entry(w, village, args.group, kind, texts)])
        print(_("Added entry {id}.").format(id=ops[0].record))
        _print_saved(ws, village, args.group, kind, ops[0].record)
        return 0
    count = _save(
        ws, lambda w: [groups.edit_entry(w, village, args.group, kind, args.entry, texts)]
    )
    _said(count, _("entry {id}").format(id=args.entry))
    _print_saved(ws, village, args.group, kind, args.entry)
    return 0


def _print_saved(ws: Workspace, village: str, group_id: str, kind: str, entry_id: str) -> None:
    """The entry as it now stands, in the user's words: what the officer typed, as read."""
    from sammachip_tui.store.groups import group_of

    view = group_of(ws, village, group_id)
    for entry in view.entries(kind):
        if entry.id == entry_id:
            print("    " + _entry_text(view, entry, with_id=False))


def _bylaws(ws: Workspace, village: str, args: argparse.Namespace) -> int:
    from sammachip_tui.model.group_records import BylawsRecord
    from sammachip_tui.store import groups

    texts = _texts(args.values, groups.editable_fields(BylawsRecord))
    if args.template:
        current = groups.group_of(ws, village, args.group).bylaws
        for name, wording in groups.bylaws_template().items():
            if name not in texts and not (current is not None and getattr(current, name)):
                texts[name] = wording
    if not texts:
        raise CliError(_("Give FIELD=VALUE clauses, or --template."))
    count = _save(ws, lambda w: [groups.set_bylaws(w, village, args.group, texts)])
    _said(count, _("the bylaws of group {id}").format(id=args.group))
    return 0


def _status(ws: Workspace, village: str, args: argparse.Namespace) -> int:
    from sammachip_tui.model.group_records import STAGE_LABELS
    from sammachip_tui.store import groups

    texts = _texts(args.values, ("date", "decided_by", "note"))
    texts["status"] = args.stage
    _save(ws, lambda w: groups.change_status(w, village, args.group, texts))
    stage = groups.group_of(ws, village, args.group).stage
    print(_("Group {id} is now {stage}.").format(id=args.group, stage=_(STAGE_LABELS[stage])))
    return 0
