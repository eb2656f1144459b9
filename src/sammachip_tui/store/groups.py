"""Changes to an occupation group, as the group screen and ``sammachip groups`` make them.

Both give typed texts (``{"date": "3/12/2569", "amount": "๕๐๐"}``): they are read here by
the field's type (dates d/m/yyyy in พ.ศ., numbers with Thai digits and commas, yes/no,
choices by their key or their label in either language), validated by the record's model,
checked against the group's rules (``store/group_rules.py``) and only then returned as a
``Change``. A value that cannot be used raises ``FieldError`` naming the field; nothing is
journaled. Each function reads the group as it is when it runs, so callers run them on the
store's writer thread (``Workspace.submit_edit``, or the CLI's single thread).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import quoted
from sammachip_tui.model.group_records import (
    NAME_MAX,
    STAGE_LABELS,
    BylawsRecord,
    CommitteeTerm,
    Evaluation,
    GroupActivity,
    GroupEntry,
    LedgerLine,
    Market,
    Product,
    StatusChange,
    Support,
)
from sammachip_tui.model.household_fields import FieldError, control_character, parse_yes_no
from sammachip_tui.model.records import Group, GroupMember
from sammachip_tui.model.thai import parse_date, parse_number
from sammachip_tui.store import group_rules as rules
from sammachip_tui.store import typed_texts as typed
from sammachip_tui.store.group_view import GroupView, group_view, old_status
from sammachip_tui.store.typed_texts import choice_labels, field_label, value_text
from sammachip_tui.store.workspace import Change, Workspace

__all__ = ["choice_labels", "field_label", "value_text"]  # the group screens import them here

# Entries a user adds, edits and deletes, by the name the CLI and the screen use.
ENTRY_KINDS: dict[str, type[GroupEntry]] = {
    "committee": CommitteeTerm,
    "fund": LedgerLine,
    "activity": GroupActivity,
    "support": Support,
    "market": Market,
    "evaluation": Evaluation,
    "product": Product,
}
_INTERNAL = frozenset({"group_id"})


def group_of(ws: Workspace, village: str, group_id: str) -> GroupView:
    view = group_view(ws, village, group_id)
    if view is None:
        raise FieldError(
            _("No group {id} in village {village}.").format(id=group_id, village=village)
        )
    return view


def editable_fields(model: type[GroupEntry]) -> list[str]:
    """The fields a user types, in the model's order."""
    return typed.editable_fields(model, _INTERNAL)


def parse_texts(model: type[GroupEntry], texts: dict[str, str]) -> dict[str, Any]:
    """Values of ``model`` from typed texts (``store/typed_texts.py``)."""
    return typed.parse_texts(model, texts, _INTERNAL)


# --------------------------------------------------------------------------- the entries
def _check(view: GroupView, entry: GroupEntry, old: GroupEntry | None = None) -> None:
    """The group's rules for a new entry, or for an edit of ``old`` (an edit is checked on
    what it changes: a note added to last year's share payment is not refused because the
    share price has changed since)."""
    problem = None
    if isinstance(entry, CommitteeTerm):
        assert old is None or isinstance(old, CommitteeTerm)
        problem = rules.committee_problem(view, entry, old)
    elif isinstance(entry, LedgerLine):
        assert old is None or isinstance(old, LedgerLine)
        problem = rules.ledger_problem(view, entry, old)
    elif isinstance(entry, Product):
        problem = rules.product_problem(entry)
    if problem:
        raise FieldError(problem)


def _existing(view: GroupView, kind: str, entry_id: str) -> GroupEntry:
    for entry in view.entries(kind):
        if entry.id == entry_id:
            return entry
    raise FieldError(_("No entry {id} in this group.").format(id=entry_id))


def add_entry(
    ws: Workspace, village: str, group_id: str, kind: str, texts: dict[str, str]
) -> Change:
    """A new entry of ``kind`` (``fund``, ``activity`` …) from typed texts."""
    model = ENTRY_KINDS[kind]
    view = group_of(ws, village, group_id)
    values = parse_texts(model, texts)
    entry = typed.validated(model, {**values, "village_code": village, "group_id": group_id})
    _check(view, entry)
    return Change(model.KIND, village, entry.fields())


def edit_entry(
    ws: Workspace, village: str, group_id: str, kind: str, entry_id: str, texts: dict[str, str]
) -> Change | None:
    """The fields of an entry that the texts change (None when none does). An entry read from
    a schema 1.x list is written as a record of its own under its id."""
    model = ENTRY_KINDS[kind]
    view = group_of(ws, village, group_id)
    current = _existing(view, kind, entry_id)
    values = parse_texts(model, texts)
    entry = typed.validated(model, {**current.model_dump(), **values})
    _check(view, entry, current)
    old = current.fields()
    changed = {k: v for k, v in entry.fields().items() if old.get(k) != v}
    if not changed:
        return None
    return _write(ws, village, model, entry_id, group_id, changed)


def _write(ws: Workspace, village: str, model: type[GroupEntry], entry_id: str, group_id: str,
           changed: dict[str, Any]) -> Change:  # fmt: skip
    """The changed fields of an entry. An entry read from a schema 1.x list gets a record
    under its id the first time, holding only what changed (and whose it is): two devices
    changing two fields of it both keep theirs, and the list gives the rest."""
    if ws.record(village, model.KIND, entry_id) is None:
        identity = {"village_code": village, "group_id": group_id}
        return Change(model.KIND, village, {**identity, **changed}, record=entry_id, create=True)
    return Change(model.KIND, village, changed, record=entry_id)


def delete_entry(ws: Workspace, village: str, group_id: str, kind: str, entry_id: str) -> Change:
    model = ENTRY_KINDS[kind]
    view = group_of(ws, village, group_id)
    _existing(view, kind, entry_id)
    return _write(ws, village, model, entry_id, group_id, {"deleted": True})


# ----------------------------------------------------------------------------- the bylaws
def bylaws_template() -> dict[str, str]:
    """The usual clauses (reference/domain.md §3) as starting wording, in the user's language."""
    return {
        "purpose": _("Name, office and objectives of the group: to make and sell … together, "
                     "raise members' income and keep the local wisdom alive."),
        "membership": _("Members are households of the village who volunteer, buy at least the "
                        "minimum shares and follow these bylaws. Membership ends by death, "
                        "resignation or expulsion by a meeting's resolution."),
        "meetings": _("A general meeting at least once a year; a quorum is half the members. "
                      "Books are kept and audited every year."),
        "amendments": _("These bylaws are amended by two thirds of the members at a meeting."),
        "dissolution": _("On dissolution, debts are paid and what remains is returned to the "
                         "members by their shares."),
    }  # fmt: skip


def set_bylaws(ws: Workspace, village: str, group_id: str, texts: dict[str, str]) -> Change | None:
    """The clauses the texts change; the percentages must add up to 100 after the change."""
    view = group_of(ws, village, group_id)
    values = parse_texts(BylawsRecord, texts)
    current = view.bylaws or BylawsRecord(village_code=village, group_id=group_id, id=group_id)
    entry = typed.validated(BylawsRecord, {**current.model_dump(), **values})
    assert isinstance(entry, BylawsRecord)
    problem = rules.bylaws_problem(entry)
    if problem:
        raise FieldError(problem)
    old = current.fields()
    changed = {k: v for k, v in entry.fields().items() if old.get(k) != v}
    if not changed:
        return None
    return _write(ws, village, BylawsRecord, group_id, group_id, changed)


# --------------------------------------------------------------------------------- status
def change_status(
    ws: Workspace, village: str, group_id: str, texts: dict[str, str]
) -> list[Change]:
    """A dated stage decision, checked against what the stage needs; the group's 1.x status
    follows, so that devices of earlier versions see the group's stage as they know it."""
    view = group_of(ws, village, group_id)
    values = parse_texts(StatusChange, {k: v for k, v in texts.items() if k != "date" or v.strip()})
    values.setdefault("date", clock.today())  # decided today, unless the officer says when
    entry = typed.validated(StatusChange, {**values, "village_code": village, "group_id": group_id})
    assert isinstance(entry, StatusChange)
    if entry.date > clock.today():  # a decision taken, not planned: a slip of the year
        raise FieldError(_("A decision is dated today or earlier, not {date}.").format(
            date=value_text(entry.date)), "date")  # fmt: skip
    # A decision dated before the latest one is history recorded late: the stage stays.
    backdated = bool(view.history) and entry.date < view.history[-1].date
    if not backdated and entry.status is view.stage:
        raise FieldError(
            _("The group is already {stage}.").format(stage=_(STAGE_LABELS[entry.status])),
            "status",
        )
    problem = rules.stage_problem(view, entry.status, entry.date)
    if problem:
        raise FieldError(problem, "status")
    changes = [Change("group_status", village, entry.fields())]
    old = old_status(view.stage if backdated else entry.status)
    if view.group.status != old:
        changes.append(Change("group", village, {"status": old}, record=group_id))
    return changes


def rename(ws: Workspace, village: str, group_id: str, name: str) -> Change | None:
    view = group_of(ws, village, group_id)
    name = " ".join(name.split())
    if not name:
        raise FieldError(_("A group needs a name."), "name")
    if len(name) > NAME_MAX:
        raise FieldError(_("A group's name has at most {n} characters.").format(n=NAME_MAX), "name")
    if control_character(name):
        raise FieldError(_("name: control characters are not allowed."), "name")
    if name == view.group.name:
        return None
    Group.model_validate({**view.group.model_dump(), "name": name})
    return Change("group", village, {"name": name}, record=group_id)


# -------------------------------------------------------------------------------- members
def add_member(ws: Workspace, village: str, group_id: str, household_id: str,
               joined: str = "", consent: str = "yes") -> Change:  # fmt: skip
    """A household joins (again): membership is voluntary, so it joins with its consent."""
    view = group_of(ws, village, group_id)
    home = next((h for v in ws.villages() for h in [ws.record(v, "household", household_id)] if h),
                None)  # fmt: skip
    if home is None or home.get("deleted"):
        raise FieldError(
            _("No household {id} on this device.").format(id=household_id), "household"
        )
    if any(m.member.household_id == household_id and m.current for m in view.members):
        raise FieldError(_("That household is already a member."), "household")
    try:
        date = parse_date(joined) if joined.strip() else clock.today()
        agreed = parse_yes_no(consent)
    except ValueError:
        raise FieldError(_("joined: not a date (d/m/yyyy): {value}").format(value=quoted(joined)),
                         "joined") from None  # fmt: skip
    if not agreed:
        raise FieldError(_("Membership is voluntary: a household joins only with its consent."),
                         "consent")  # fmt: skip
    left = [m.member.left for m in view.members
            if m.member.household_id == household_id and m.member.left]  # fmt: skip
    if left and date < max(left):
        raise FieldError(_("It left on {date}: it joins again on that day or later.").format(
            date=value_text(max(left))), "joined")  # fmt: skip
    # Back after leaving: a membership of its own, so the first one's dates stay on record.
    member = GroupMember(village_code=home["village_code"], group_id=group_id,
                         household_id=household_id, consent=True, joined=date)  # fmt: skip
    return Change("member", home["village_code"], member.fields())


def member_edit(ws: Workspace, village: str, group_id: str, household_id: str,
                texts: dict[str, str]) -> Change | None:  # fmt: skip
    """Consent, joined and left dates, opening shares of a member. Leaving keeps the record
    (and its shares in the ledger), with the day it left."""
    view = group_of(ws, village, group_id)
    found = next((m for m in view.members if m.member.household_id == household_id), None)
    if found is None:
        raise FieldError(_("That household is not a member of the group."), "household")
    values: dict[str, Any] = {}
    for name, text in texts.items():
        try:
            if name in ("joined", "left"):
                values[name] = parse_date(text) if text.strip() else None
            elif name == "consent":
                values[name] = parse_yes_no(text)
            elif name == "shares":
                number = parse_number(text) if text.strip() else 0.0
                if not number.is_integer() or number < 0:
                    raise ValueError(text)
                values[name] = int(number)
            else:
                raise FieldError(_("No field {name} here.").format(name=quoted(name)), name)
        except ValueError:
            kind = {"consent": bool, "shares": int}.get(name, dt.date)
            raise FieldError(typed.bad_text(name, kind, text), name) from None
    member = found.member.model_copy(update=values)
    if member.left and member.joined and member.left < member.joined:
        raise FieldError(_("A member cannot leave before joining."), "left")
    if "left" in values:
        member = member.model_copy(update={"active": member.left is None})
    old = found.member.fields()
    changed = {k: v for k, v in member.fields().items() if old.get(k) != v}
    if not changed:
        return None
    return Change("member", found.member.village_code, changed, record=found.member.id)
