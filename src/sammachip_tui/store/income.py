"""A household's income and expenses as dated readings: the one way a reading is recorded.

The household form, the import, a mentoring outcome and ``sammachip`` all record a reading
here (``reading_changes``): a new ``IncomeReading`` record, and the household's
``income_month`` / ``expense_month`` set to it when it is the latest reading, so every screen
and count that reads the household keeps reading the latest figures. A reading dated before
the latest one (typed late, from last month's visit) joins the history and changes nothing
else. Run on the store's writer (``commit_built`` / ``submit_edit``): it reads the history.

After a merge the readings decide (store/latest_income.py): the workspace shows each
household's figures from its latest reading by date, whichever device typed last.
``history`` and ``income_change`` are what the household screen and
``sammachip households readings`` show: one function each, so the two cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.income_records import GROWTH_GOAL, IncomeReading, ReadingSource
from sammachip_tui.store.hlc import is_stamp, parse_stamp
from sammachip_tui.store.latest_income import FIGURES, reading_order
from sammachip_tui.store.typed_texts import money, validated, value_text
from sammachip_tui.store.workspace import Change, Workspace


def _records(ws: Workspace, village: str, household_id: str) -> list[dict[str, Any]]:
    found = [r for r in ws.records(village, "income") if r.get("household_id") == household_id]
    return sorted(found, key=reading_order)


def readings(ws: Workspace, village: str, household_id: str) -> list[IncomeReading]:
    """The household's readings, oldest first (same day: in the order they were made)."""
    found = (IncomeReading.readable(r) for r in _records(ws, village, household_id))
    return [r for r in found if r is not None]


def reading_change(
    village: str,
    household_id: str,
    day: dt.date,
    income: float | None,
    expense: float | None,
    source: ReadingSource,
    note: str = "",
) -> Change:
    """The change that adds a reading, and nothing else. Validated first: FieldError (naming
    the field and its limit, in the user's language) and nothing made for a bad value."""
    if income is None and expense is None:
        raise FieldError(_("A reading needs the income or the expenses."), "income_month")
    if day > clock.today():  # a reading after today would stay "the latest" for good
        raise FieldError(_("The date is after today: {date}").format(date=value_text(day)), "date")
    income = None if income is None else income + 0.0  # -0 typed is 0
    expense = None if expense is None else expense + 0.0
    reading = validated(IncomeReading, {
        "village_code": village, "household_id": household_id, "date": day,
        "income_month": income, "expense_month": expense, "source": source, "note": note,
    })  # fmt: skip
    # Only what the reading says: an empty note, "not deleted" and a figure not given are
    # what a record without them reads as anyway, and every byte of a reading crosses the QR
    # frames with each household's (200 readings: a frame more at 120×40 otherwise).
    values = {k: v for k, v in reading.fields().items() if v is not None and v != ""}
    if not reading.deleted:
        del values["deleted"]
    return Change("income", village, values)


def reading_changes(
    ws: Workspace,
    village: str,
    household_id: str,
    day: dt.date,
    income: float | None,
    expense: float | None,
    source: ReadingSource,
    note: str = "",
) -> list[Change]:
    """The changes that record a reading (validated first: FieldError for bad values,
    nothing made). The household's figures follow when no later reading exists."""
    changes = [reading_change(village, household_id, day, income, expense, source, note)]
    known = readings(ws, village, household_id)
    earlier = None if known else earlier_reading(ws, village, household_id)
    if earlier is not None:  # the figures from before readings: the history's first line
        changes.insert(0, reading_change(village, household_id, *earlier))
        known = [IncomeReading(village_code=village, household_id=household_id, date=earlier[0],
                               income_month=earlier[1], expense_month=earlier[2])]  # fmt: skip
    if all(r.date <= day for r in known):
        latest: dict[str, Any] = {}
        if income is not None:
            latest["income_month"] = income
        if expense is not None:
            latest["expense_month"] = expense
        changes.append(Change("household", village, latest, record=household_id))
    return changes


def delete_reading_changes(
    ws: Workspace, village: str, household_id: str, reading_id: str
) -> list[Change]:
    """Delete a reading (a slip, or the reading of a deleted mentoring outcome): its
    tombstone, and the household's figures set back to the latest reading left when the
    deleted one was the latest (none left: the figures stay as they are)."""
    known = readings(ws, village, household_id)
    gone = next((r for r in known if r.id == reading_id), None)
    if gone is None:
        raise FieldError(_("No reading {id} of this household.").format(id=reading_id))
    changes = [Change("income", village, {"deleted": True}, record=reading_id)]
    figures: dict[str, Any] = {}
    for name in FIGURES:  # ``known`` is in the one order of readings, oldest first
        held = [r for r in known if getattr(r, name) is not None]
        if len(held) > 1 and held[-1].id == reading_id:
            figures[name] = getattr(held[-2], name)
    if figures:
        changes.append(Change("household", village, figures, record=household_id))
    return changes


def figure_changes(
    ws: Workspace,
    village: str,
    household_id: str,
    figures: dict[str, float | None],
    source: ReadingSource,
    day: dt.date | None = None,
    note: str = "",
) -> list[Change]:
    """The changes for new figures of a household typed or imported as ``{income_month: …,
    expense_month: …}``: a reading dated ``day`` (today when not given) of those that differ
    from the figures shown, or nothing when none differs (a re-import of the same file, a
    form field left as it was). A blank (None) figure is "not known": it records nothing.

    Typed twice the same day on the form (income, then expenses; a slip put right), the
    figures go into that day's form reading instead of a second one: one visit, one reading.
    """
    record = ws.record(village, "household", household_id)
    if record is None:
        raise KeyError(household_id)
    day = day or clock.today()
    known = readings(ws, village, household_id)

    def as_of_day(name: str) -> Any:
        """The figure as known on ``day``: as shown, unless a later reading exists; then the
        last one up to ``day`` (an older file imported again adds nothing either)."""
        if all(r.date <= day for r in known):
            return record.get(name)
        held = [getattr(r, name) for r in known if r.date <= day and getattr(r, name) is not None]
        return held[-1] if held else None

    new = {k: v for k, v in figures.items() if k in FIGURES and v is not None}
    new = {k: v for k, v in new.items() if as_of_day(k) != v}
    if not new:
        return []
    if source is ReadingSource.form:
        stored = _records(ws, village, household_id)
        reading = stored[-1] if stored else {}
        mine = str(reading.get("id", "")).startswith(ws.device.device_id + ".")
        if (mine and reading.get("source") == ReadingSource.form
                and reading.get("date") == day.isoformat()):  # fmt: skip
            validated(IncomeReading, {**IncomeReading.from_record(reading).fields(), **new})
            return [
                Change("income", village, new, record=reading["id"]),
                Change("household", village, new, record=household_id),
            ]
    return reading_changes(
        ws, village, household_id, day, new.get("income_month"), new.get("expense_month"),
        source, note,
    )  # fmt: skip


def earlier_reading(
    ws: Workspace, village: str, household_id: str
) -> tuple[dt.date, float | None, float | None, ReadingSource] | None:
    """The figures a household holds without a reading (imported from a file without a date
    column, or kept before readings were: an older workspace, a 1.3 device), as a reading
    dated the day they were stored (their stamp). The history shows it as the first line;
    it is written with the household's first reading, so that the history keeps it and the
    change since the first reading still starts there. None when it has no figures."""
    record = ws.record(village, "household", household_id) or {}
    income, expense = _known(record.get("income_month")), _known(record.get("expense_month"))
    if income is None and expense is None:
        return None
    stamps = record.get("_s", {})
    typed = [parse_stamp(stamps[n])[0] for n in FIGURES if is_stamp(stamps.get(n))]
    day = clock.local_time(max(typed)).date() if typed else clock.today()
    return min(day, clock.today()), income, expense, ReadingSource.earlier


def first_reading_change(
    household: dict[str, Any], household_id: str, source: ReadingSource, day: dt.date | None = None
) -> Change | None:
    """A new household's first reading, from the figures it is created with (None without
    any). ``household_id``: the id its creating change will get (``ws.next_record_id``)."""
    income, expense = _known(household.get("income_month")), _known(household.get("expense_month"))
    if income is None and expense is None:
        return None
    village = household["village_code"]
    return reading_change(village, household_id, day or clock.today(), income, expense, source)


# ----------------------------------------------------------------------------- the history
@dataclass(frozen=True)
class HistoryRow:
    """One line of a household's income history (``reading_id`` "": the figures the household
    record holds without a reading, shown as its first line, dated when they were stored)."""

    date: dt.date | None
    income: float | None
    expense: float | None
    source: ReadingSource | None
    note: str = ""
    reading_id: str = ""


def history(ws: Workspace, village: str, household_id: str) -> list[HistoryRow]:
    """The household's readings oldest first, or its figures as one reading of unknown date
    when it has none yet (nothing is written for that)."""
    rows: list[HistoryRow] = []
    seen: set[tuple[Any, ...]] = set()
    for r in readings(ws, village, household_id):
        same = (r.date, r.income_month, r.expense_month)
        if r.source is ReadingSource.earlier and same in seen:
            continue  # two devices each kept the same earlier figures: one line
        seen.add(same)
        rows.append(HistoryRow(r.date, r.income_month, r.expense_month, r.source, r.note, r.id))
    if rows:
        return rows
    earlier = earlier_reading(ws, village, household_id)
    if earlier is None:
        return []
    day, income, expense, source = earlier
    return [HistoryRow(day, income, expense, source)]


def _known(value: Any) -> float | None:
    return None if value is None or value == -1 else float(value)


@dataclass(frozen=True)
class IncomeChange:
    """Income from the first reading to the latest, against the programme's +3% goal."""

    first: float
    latest: float
    since: dt.date | None  # the first reading's date (None: unknown)
    until: dt.date | None
    readings: int

    @property
    def growth(self) -> float | None:
        """The change as a fraction (0.05 = +5%); None when the first income was 0."""
        return None if self.first == 0 else (self.latest - self.first) / self.first

    @property
    def meets_goal(self) -> bool:
        growth = self.growth
        return growth is not None and growth >= GROWTH_GOAL - 1e-9


def income_change(rows: list[HistoryRow]) -> IncomeChange | None:
    """The change since the first reading with an income (None with fewer than two)."""
    incomes = [r for r in rows if r.income is not None]
    if len(incomes) < 2:
        return None
    first, last = incomes[0], incomes[-1]
    assert first.income is not None and last.income is not None
    if first.date is not None and last.date is not None and last.date <= first.date:
        return None  # readings of one day: a figure put right, not a change over time
    return IncomeChange(first.income, last.income, first.date, last.date, len(incomes))


SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], width: int = 24) -> str:
    """Income over time in block characters, oldest left; the last ``width`` readings. Every
    value the same: a flat middle line (nothing rose or fell)."""
    values = values[-width:]
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARK[3] * len(values)
    top = len(SPARK) - 1
    return "".join(SPARK[round((v - low) / (high - low) * top)] for v in values)


def change_text(change: IncomeChange | None) -> str:
    """The change in words, as the household screen and ``households readings`` say it."""
    if change is None:
        return _("Income change: needs two readings with an income, on different days")
    growth = change.growth
    if growth is None:
        return _("Income change: the first reading had no income")
    since = _("unknown date") if change.since is None else value_text(change.since)
    goal = _("met") if change.meets_goal else _("not met")
    return _("Income {growth} since {since} · goal +{goal}%: {met}").format(
        growth=f"{growth * 100:+.1f}%", since=since, goal=f"{GROWTH_GOAL * 100:g}", met=goal
    )


def row_texts(row: HistoryRow) -> tuple[str, str, str, str]:
    """(date, income, expenses, from) of a history row, as screen and CLI show them."""
    from sammachip_tui.model.income_records import SOURCE_LABELS

    day = _("unknown date") if row.date is None else value_text(row.date)
    income = "–" if row.income is None else money(row.income)
    expense = "–" if row.expense is None else money(row.expense)
    source = _("before readings") if row.source is None else _(SOURCE_LABELS[row.source])
    return day, income, expense, source


def typed_reading_changes(
    ws: Workspace, village: str, household_id: str, texts: dict[str, str], source: ReadingSource
) -> list[Change]:
    """A reading typed as texts (``date`` d/m/yyyy พ.ศ., blank: today; ``income_month``,
    ``expense_month``, ``note``): the household screen's dialog and ``sammachip households
    income`` both record through this. FieldError naming the field, nothing made, when a
    text cannot be used or the date is after today."""
    from sammachip_tui.store.typed_texts import parse_texts

    texts = {k: v for k, v in texts.items() if k != "date" or v.strip()}
    values = parse_texts(IncomeReading, texts, internal=("household_id", "source"))
    day: dt.date = values.get("date") or clock.today()
    if day > clock.today():
        message = _("The date is after today: {date}").format(date=value_text(day))
        raise FieldError(message, "date")
    if ws.record(village, "household", household_id) is None:
        raise FieldError(_("No household {id} in village {code}.").format(
            id=household_id, code=village))  # fmt: skip
    return reading_changes(
        ws, village, household_id, day, values.get("income_month"),
        values.get("expense_month"), source, values.get("note", ""),
    )  # fmt: skip
