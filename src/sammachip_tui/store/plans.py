"""The village action plan (แผนปฏิบัติการสร้างสัมมาชีพชุมชน): the one way it is read and changed.

The plan screen, ``sammachip plan`` and the documents all read ``plan_view`` and change the
plan only through the functions here, which take typed texts (``store/typed_texts.py``:
dates d/m/yyyy in พ.ศ., Thai digits, commas) and return ``Change``s, or raise ``FieldError``
naming the field and the reason, so nothing is journaled from a value that cannot be used.
The plan's own rules are checked here, once for every caller: a project is named, the period
runs forward and lies in the plan's fiscal year (1 October – 30 September), and a row linked
to the forum answers a need or a problem of this village, once per plan. Functions that read
the plan to build a change run on the store's writer (``commit_built`` / ``submit_edit``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sammachip_tui import clock
from sammachip_tui.i18n import _, ngettext
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.plan_records import (
    NAME_MAX,
    ActionPlan,
    PlanRow,
    fiscal_year_of,
    plan_id,
)
from sammachip_tui.model.records import FORUM_LIST_LABELS, ForumItem, ForumList
from sammachip_tui.store import typed_texts as typed
from sammachip_tui.store.group_view import group_names, group_view, read_cache, remembered
from sammachip_tui.store.typed_texts import value_text
from sammachip_tui.store.workspace import Change, Workspace

ROW_INTERNAL = frozenset({"fiscal_year", "item_id", "group_id", "entry_id", "position"})
"""Row fields the store sets: the year is the plan's, the links are made by from-item and
from-group, the order by moving."""
HEADER_INTERNAL = frozenset({"fiscal_year"})
PLANNABLE = (ForumList.need, ForumList.problem)  # resources and wisdom are no project
GROUP_KINDS = ("activity", "support")  # a group's planned activities and trainings


def fiscal_period(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of fiscal year ``year`` (พ.ศ.): 1 October to 30 September."""
    return dt.date(year - 544, 10, 1), dt.date(year - 543, 9, 30)


def this_year() -> int:
    return fiscal_year_of(clock.today())


def row_fields() -> list[str]:
    """The fields of a row a user types, in the form's order."""
    return typed.editable_fields(PlanRow, ROW_INTERNAL)


def header_fields() -> list[str]:
    return typed.editable_fields(ActionPlan, HEADER_INTERNAL)


# ------------------------------------------------------------------------------ reading
@dataclass(slots=True)  # not frozen: a plan of 60 rows makes 60 on every read
class PlanLine:
    """A row as the plan shows it: the row, the forum item it answers as it is now (its
    votes change after the row is made), the group it belongs to."""

    row: PlanRow
    item: ForumItem | None = None
    group_name: str = ""

    @property
    def source(self) -> str:
        """Where the row came from, in words: the item and its votes, or the group."""
        if self.item is not None:
            which = _(FORUM_LIST_LABELS.get(self.item.list, ""))
            votes = ngettext("{n} vote", "{n} votes", self.item.votes).format(n=self.item.votes)
            return f"{which}: {self.item.text} ({votes})"
        if self.row.group_id:
            return self.group_name or self.row.group_id
        return ""


@dataclass(frozen=True)
class PlanView:
    village: str
    fiscal_year: int
    plan: ActionPlan | None
    lines: list[PlanLine]

    @property
    def total(self) -> float:
        return round(sum(line.row.budget for line in self.lines), 2)

    @property
    def title(self) -> str:
        return (self.plan.title if self.plan else "") or _("Community sammachip action plan")

    def line(self, row_id: str) -> PlanLine | None:
        return next((x for x in self.lines if x.row.id == row_id), None)


def plan_view(ws: Workspace, village: str, year: int) -> PlanView:
    """The plan of ``village`` for fiscal year ``year``: its header and its rows in order.
    Records read before are not validated again (``group_view``'s cache of what each stamp
    held): the screen reads the plan again after every save."""
    cache = read_cache(ws)
    rows: list[PlanRow] = [
        remembered(cache, village, PlanRow, record)[1]
        for record in ws.records(village, PlanRow.KIND)
        if record.get("fiscal_year") == year
    ]
    rows.sort(key=_order)
    names = group_names(ws, [village]) if any(r.group_id for r in rows) else {}
    lines = []
    for row in rows:
        item = None
        if row.item_id:
            found = ws.record(village, "item", row.item_id)
            if found is not None and not found.get("deleted"):
                item = remembered(cache, village, ForumItem, found)[1]
        lines.append(PlanLine(row, item, names.get(row.group_id, "")))
    header = ws.record(village, ActionPlan.KIND, plan_id(year))
    plan = None
    if header is not None and not header.get("deleted"):
        plan = remembered(cache, village, ActionPlan, header)[1]
    return PlanView(village, year, plan, lines)


def _order(row: PlanRow) -> tuple[float, str]:
    return (row.position, row.id)


def plan_years(ws: Workspace, village: str) -> list[int]:
    """The fiscal years the village has a plan (or rows) for, oldest first."""
    years = {r.get("fiscal_year") for r in ws.records(village, "plan")}
    years |= {r.get("fiscal_year") for r in ws.records(village, "plan_row")}
    return sorted(y for y in years if isinstance(y, int))


def row_for_item(view: PlanView, item_id: str) -> PlanRow | None:
    """The row of this plan that answers forum item ``item_id``, if one does."""
    return next((x.row for x in view.lines if item_id and x.row.item_id == item_id), None)


def row_for_entry(view: PlanView, group_id: str, entry_id: str) -> PlanRow | None:
    return next((x.row for x in view.lines
                 if x.row.group_id == group_id and x.row.entry_id == entry_id), None)  # fmt: skip


# ------------------------------------------------------------------------------ checking
def _check_period(row: PlanRow) -> None:
    """The period runs forward and starts in the plan's fiscal year. It may end in the next
    one (a project from August to December is in this year's plan), not later."""
    if row.start and row.end and row.end < row.start:
        raise FieldError(_("The period ends ({end}) before it starts ({start}).").format(
            end=value_text(row.end), start=value_text(row.start)), "end")  # fmt: skip
    first, last = fiscal_period(row.fiscal_year)
    for name in ("start", "end"):
        day = getattr(row, name)
        if name == "end" and row.start is not None and day is not None:
            last = fiscal_period(row.fiscal_year + 1)[1]
            if day > last:
                raise FieldError(
                    _("{field}: {date} is after the next fiscal year ends ({last}).").format(
                        field=typed.field_label(name, PlanRow.KIND), date=value_text(day),
                        last=value_text(last)),
                    name,
                )  # fmt: skip
            continue
        if day is not None and not first <= day <= last:
            raise FieldError(
                _("{field}: {date} is outside fiscal year {year}, which runs from {first} to "
                  "{last}.").format(field=typed.field_label(name, PlanRow.KIND),
                                    date=value_text(day), year=row.fiscal_year,
                                    first=value_text(first), last=value_text(last)),
                name,
            )  # fmt: skip


def plannable_item(ws: Workspace, village: str, item_id: str) -> ForumItem:
    """The forum item a row may answer: a need or a problem of this village."""
    record = ws.record(village, "item", item_id)
    if record is None or record.get("deleted"):
        raise FieldError(_("No forum item {id} in village {village}.").format(
            id=item_id, village=village), "item_id")  # fmt: skip
    item = ForumItem.from_record(record)
    if item.list not in PLANNABLE:
        raise FieldError(_("Only needs and problems go into the plan; this item is one of "
                           "the {list}.").format(list=_(FORUM_LIST_LABELS[item.list])),
                         "item_id")  # fmt: skip
    return item


def _year(year: int) -> int:
    try:
        ActionPlan.model_validate({"village_code": "00000000", "fiscal_year": year})
    except ValueError:
        raise FieldError(_("No fiscal year {year}: a year in B.E., such as {example}.").format(
            year=year, example=this_year()), "fiscal_year") from None  # fmt: skip
    return year


def _validated_row(values: dict[str, Any]) -> PlanRow:
    """The row from its values; the period is checked before the model would refuse it
    without naming the field."""
    probe = PlanRow.model_construct(**{"start": None, "end": None, **values})
    _check_period(probe)
    return typed.validated(PlanRow, values)


# ------------------------------------------------------------------------------ changing
def add_row(ws: Workspace, village: str, year: int, texts: dict[str, str], *, item_id: str = "",
            group_id: str = "", entry_id: str = "") -> Change:  # fmt: skip
    """A new row at the end of the plan of ``year``, from typed texts; linked to a forum item
    or a group's entry when given (one row per item or entry in a plan)."""
    view = plan_view(ws, village, _year(year))
    if item_id:
        plannable_item(ws, village, item_id)
        there = row_for_item(view, item_id)
        if there is not None:
            raise FieldError(_("That item is in the plan already: row {project}.").format(
                project=there.project), "item_id")  # fmt: skip
    if group_id:
        there = row_for_entry(view, group_id, entry_id)
        if there is not None:
            raise FieldError(_("That entry of the group is in the plan already: row "
                               "{project}.").format(project=there.project), "entry_id")  # fmt: skip
    values = typed.parse_texts(PlanRow, texts, ROW_INTERNAL)
    row = _validated_row({**values, "village_code": village, "fiscal_year": year,
                          "item_id": item_id, "group_id": group_id, "entry_id": entry_id,
                          "position": ws.ordinal()})  # fmt: skip
    return Change(PlanRow.KIND, village, row.fields())


def get_row(ws: Workspace, village: str, row_id: str) -> PlanRow:
    record = ws.record(village, PlanRow.KIND, row_id)
    if record is None or record.get("deleted"):
        raise FieldError(_("No plan row {id} in village {village}.").format(
            id=row_id, village=village), "row")  # fmt: skip
    return PlanRow.from_record(record)


def edit_row(ws: Workspace, village: str, row_id: str, texts: dict[str, str]) -> Change | None:
    """The fields of a row that the texts change (None when none does)."""
    current = get_row(ws, village, row_id)
    values = typed.parse_texts(PlanRow, texts, ROW_INTERNAL)
    row = _validated_row({**current.model_dump(), **values})
    old = current.fields()
    changed = {k: v for k, v in row.fields().items() if old.get(k) != v}
    return Change(PlanRow.KIND, village, changed, record=row_id) if changed else None


def delete_row(ws: Workspace, village: str, row_id: str) -> Change:
    get_row(ws, village, row_id)
    return Change(PlanRow.KIND, village, {"deleted": True}, record=row_id)


def move_row(ws: Workspace, village: str, row_id: str, step: int) -> Change | None:
    """Move a row ``step`` places up (negative) or down: one change, a position between its
    new neighbours (rows moved on two devices merge like any field)."""
    row = get_row(ws, village, row_id)
    order = [x.row for x in plan_view(ws, village, row.fiscal_year).lines]
    here = next(n for n, r in enumerate(order) if r.id == row_id)
    there = max(0, min(len(order) - 1, here + step))
    if there == here:
        return None
    others = [r.position for r in order if r.id != row_id]
    low = others[there - 1] if there > 0 else others[0] - 2
    high = others[there] if there < len(others) else others[-1] + 2
    return Change(PlanRow.KIND, village, {"position": (low + high) / 2}, record=row_id)


def set_header(ws: Workspace, village: str, year: int, texts: dict[str, str]) -> Change | None:
    """The plan's title, who prepared it and when it was approved; the plan of a year is
    made the first time (its id is the year: two devices starting it make one plan, and
    each writes only what it was given, so one's title and the other's name both stay)."""
    values = typed.parse_texts(ActionPlan, texts, HEADER_INTERNAL)
    pid = plan_id(_year(year))
    record = ws.record(village, ActionPlan.KIND, pid)
    identity: dict[str, Any] = {"village_code": village, "fiscal_year": year}
    current = ActionPlan.from_record(record) if record else ActionPlan.model_validate(identity)
    plan = typed.validated(ActionPlan, {**current.model_dump(), **values, "deleted": False})
    old = current.fields()
    changed = {k: v for k, v in plan.fields().items() if old.get(k) != v}
    if record is None:
        return Change(ActionPlan.KIND, village, {**identity, **changed}, record=pid, create=True)
    return Change(ActionPlan.KIND, village, changed, record=pid) if changed else None


# ------------------------------------------------------------------------ prefilled rows
def _name(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NAME_MAX else text[: NAME_MAX - 1] + "…"


def item_texts(item: ForumItem) -> dict[str, str]:
    """A row's starting texts from a need or a problem: the project is what was said, the
    objective its detail (or the whole of what was said, when the project had to be cut)."""
    project = _name(item.text)
    objective = item.detail.strip() or (item.text if project != item.text else "")
    if item.list is ForumList.problem and not objective:
        objective = _("To solve: {problem}").format(problem=item.text)
    return {"project": project, "objective": objective}


def entry_texts(ws: Workspace, village: str, group_id: str, entry_id: str) -> dict[str, str]:
    """A row's starting texts from a group's planned activity or training."""
    view = group_view(ws, village, group_id)
    if view is None:
        raise FieldError(_("No group {id} in village {village}.").format(
            id=group_id, village=village), "group_id")  # fmt: skip
    entry = next((e for kind in GROUP_KINDS for e in view.entries(kind) if e.id == entry_id),
                 None)  # fmt: skip
    if entry is None:
        raise FieldError(_("No activity or training {id} in group {group}.").format(
            id=entry_id, group=view.group.name), "entry_id")  # fmt: skip
    target = _("Members of {group}").format(group=view.group.name)
    day = value_text(getattr(entry, "date", None), for_typing=True)
    common = {"target": target, "start": day, "end": day, "responsible": view.group.name}
    if entry.KIND == "activity":
        return {"project": _name(getattr(entry, "title", "")), **common,
                "budget": value_text(getattr(entry, "cost", 0.0), for_typing=True),
                "expected": getattr(entry, "output", "")}  # fmt: skip
    return {"project": _name(getattr(entry, "what", "")), **common,
            "budget": value_text(getattr(entry, "value", 0.0), for_typing=True),
            "budget_source": getattr(entry, "agency", "")}  # fmt: skip


def entry_year(ws: Workspace, village: str, group_id: str, entry_id: str) -> int:
    """The fiscal year a group's entry falls in (its date's)."""
    day = entry_texts(ws, village, group_id, entry_id)["start"]
    return fiscal_year_of(typed.parse_texts(PlanRow, {"start": day})["start"] or clock.today())
