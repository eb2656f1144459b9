"""What the group screen shows of each ก and of the follow-up, and the fields typed for each.

One table per section, its columns named by the fields' own labels (``FIELD_LABELS``, the
words the CLI's messages use too), so an officer who reads "term ends" in a refusal finds the
same words on the screen. Entries are read from ``store/group_view.GroupView`` only.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.group_records import (
    ALLOCATIONS,
    BylawsRecord,
    GroupEntry,
    StatusChange,
)
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.screens.group_dialogs import Field, as_text, choices_hint
from sammachip_tui.store import group_rules as rules
from sammachip_tui.store.group_view import GroupView
from sammachip_tui.store.groups import ENTRY_KINDS, bylaws_template, editable_fields, field_label


@dataclass(frozen=True)
class Section:
    """A section: its key (digit), its name, the entry kind it lists ("" for members and
    bylaws, "status" for the stage history) and the fields shown as columns."""

    key: str
    short: str  # msgid, the tab
    title: str  # msgid, the line above the table
    kind: str
    columns: tuple[str, ...] = ()


SECTIONS = (
    Section("1", N_("ก๑ members"), N_("ก๑ members: households, consent, shares, other groups"),
            "members"),
    Section("2", N_("ก๒ committee"), N_("ก๒ committee terms"), "committee",
            ("position", "household_id", "elected", "term_end")),
    Section("3", N_("ก๓ bylaws"), N_("ก๓ bylaws: the clauses the group agreed"), "bylaws"),
    Section("4", N_("ก๔ fund"), N_("ก๔ fund ledger"), "fund",
            ("date", "kind", "amount", "household_id", "shares", "source")),
    Section("5", N_("ก๕ activities"), N_("ก๕ activities planned and done"), "activity",
            ("date", "title", "done", "revenue", "cost")),
    Section("6", N_("stages"), N_("Stage history: dated decisions"), "status",
            ("date", "status", "decided_by", "note")),
    Section("7", N_("support"), N_("Trainings and agencies' support"), "support",
            ("date", "kind", "agency", "what", "value")),
    Section("8", N_("markets"), N_("Market channels"), "market", ("channel", "name", "since")),
    Section("9", N_("evaluations"), N_("Joint evaluations: a score 0-5 per ก"), "evaluation",
            ("date", "members", "committee", "bylaws", "fund", "activities", "participants")),
    Section("0", N_("OTOP"), N_("OTOP products"), "product",
            ("name", "category", "registration", "stars", "standards")),
)  # fmt: skip

TEXT_COLUMNS = frozenset({"household_id", "source", "title", "agency", "what", "name", "note",
                          "decided_by", "participants", "standards"})  # fmt: skip


@dataclass(frozen=True)
class Row:
    key: str  # the entry's id (the household's, for members; the field's, for bylaws)
    cells: tuple[str, ...]


def entries_of(view: GroupView, section: Section) -> list[GroupEntry]:
    if section.kind == "status":
        return list(view.history)
    return view.entries(section.kind)


def cell(view: GroupView, name: str, value: Any) -> str:
    if name == "household_id":
        return view.member_name(value) if value else ""
    return as_text(value)


def headers(section: Section) -> list[str]:
    if section.kind == "members":
        return [_("House no."), _("Name"), _("consent"), _("joined"), _("left"), _("shares"),
                _("Other groups")]  # fmt: skip
    if section.kind == "bylaws":
        return [_("Clause"), _("Agreed")]
    record = "group_status" if section.kind == "status" else ENTRY_KINDS[section.kind].KIND
    return [field_label(name, record) for name in section.columns]


def rows(view: GroupView, section: Section) -> list[Row]:
    """The section's rows, newest last (the view's order)."""
    if section.kind == "members":
        return [
            Row(m.member.household_id, (
                m.household.house_no if m.household else "", m.name,
                "✓" if m.member.consent else "✗", as_text(m.member.joined),
                as_text(m.member.left), str(m.shares), ", ".join(m.other_groups),
            ))
            for m in view.members
        ]  # fmt: skip
    if section.kind == "bylaws":
        b = view.bylaws
        if b is None:
            return []
        return [Row(name, (field_label(name), " ".join(as_text(getattr(b, name)).split())))
                for name in editable_fields(BylawsRecord)]  # fmt: skip
    return [
        Row(e.id, tuple(cell(view, name, getattr(e, name)) for name in section.columns))
        for e in entries_of(view, section)
    ]


def info(view: GroupView, section: Section) -> str:
    """What the section adds up to, on the line above its table."""
    if section.kind == "fund":
        shares = ", ".join(f"{m.name} {m.shares}" for m in view.members if m.shares)
        text = _("Balance {baht} baht").format(baht=rules.money(view.balance()))
        return text + (" · " + _("shares: {list}").format(list=shares) if shares else "")
    if section.kind == "bylaws":
        if view.bylaws is None:
            return _("No bylaws yet: a or Enter starts them from the usual clauses.")
        total = rules.allocation_total(view.bylaws)
        return _("Profit allocation: {total}% of 100%").format(total=f"{total:g}")
    if section.kind == "members":
        n = len(view.current_members)
        return ngettext("{n} current member", "{n} current members", n).format(n=n)
    return ""


# ------------------------------------------------------------------------------- fields
def _hint(model: type[GroupEntry], name: str) -> str:
    hint = typing.get_type_hints(model)[name]
    kinds = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    kind = kinds[0]
    if name == "household_id":
        return _("house no. or name of a member")
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return choices_hint(kind)
    if getattr(kind, "__name__", "") == "date":
        return _("d/m/yyyy (B.E.)")
    if kind is bool:
        return _("yes or no")
    return ""


def entry_fields(view: GroupView, kind: str, entry: GroupEntry | None) -> list[Field]:
    """The fields of an entry of ``kind`` (``status`` too), with what ``entry`` holds."""
    model: type[GroupEntry] = StatusChange if kind == "status" else ENTRY_KINDS[kind]
    out = []
    for name in editable_fields(model):
        stored = cell(view, name, getattr(entry, name)) if entry is not None else ""
        hint = _hint(model, name)
        if kind == "status" and name == "date":
            hint = _("empty: today")
        out.append(Field(name, field_label(name, model.KIND), stored, stored, hint))
    return out


def bylaws_fields(view: GroupView) -> list[Field]:
    """The clauses as they are, or the usual wording to start from when there are none."""
    b = view.bylaws
    template = bylaws_template() if b is None else {}
    out = []
    for name in editable_fields(BylawsRecord):
        stored = as_text(getattr(b, name)) if b is not None else ""
        if b is not None and name in (*ALLOCATIONS, "joining_fee", "share_value") and stored == "0":
            stored = ""
        out.append(Field(name, field_label(name), template.get(name, stored), stored,
                         _("%") if name in ALLOCATIONS else ""))  # fmt: skip
    return out


def member_fields(view: GroupView, household_id: str, leaving: bool = False) -> list[Field]:
    m = next(x for x in view.members if x.member.household_id == household_id).member
    today = format_date_be(_today())
    out = [
        Field("consent", field_label("consent"), as_text(m.consent), as_text(m.consent),
              _("yes or no")),
        Field("joined", field_label("joined"), as_text(m.joined), as_text(m.joined),
              _("d/m/yyyy (B.E.)")),
        Field("left", field_label("left"), today if leaving and m.left is None
              else as_text(m.left), as_text(m.left), _("d/m/yyyy (B.E.); empty: a member")),
        Field("shares", _("opening shares"), str(m.shares), str(m.shares)),
    ]  # fmt: skip
    return out


def new_member_fields() -> list[Field]:
    return [
        Field("household", _("Household"), hint=_("house no. or name")),
        Field("joined", field_label("joined"), hint=_("d/m/yyyy (B.E.); empty: today")),
        Field("consent", field_label("consent"), _("yes"), hint=_("yes or no")),
    ]


def _today() -> Any:
    from sammachip_tui import clock

    return clock.today()
