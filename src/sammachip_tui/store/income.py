"""A household's income and expenses as dated readings: the one way a reading is recorded.

The household form, the import, a mentoring outcome and ``sammachip`` all record a reading
here (``reading_changes``): a new ``IncomeReading`` record, and the household's
``income_month`` / ``expense_month`` set to it when it is the latest reading, so every screen
and count that reads the household keeps reading the latest figures. A reading dated before
the latest one (typed late, from last month's visit) joins the history and changes nothing
else. Run on the store's writer (``commit_built`` / ``submit_edit``): it reads the history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sammachip_tui.model.income_records import IncomeReading, ReadingSource
from sammachip_tui.store.workspace import Change, Workspace


def readings(ws: Workspace, village: str, household_id: str) -> list[IncomeReading]:
    """The household's readings, oldest first (same day: in the order they were made)."""
    found = [
        IncomeReading.from_record(r)
        for r in ws.records(village, "income")
        if r.get("household_id") == household_id
    ]
    return sorted(found, key=lambda r: (r.date, r.id))


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
    """The changes that record a reading (validated first: ValidationError for bad values,
    nothing made). The household's figures follow when no later reading exists."""
    reading = IncomeReading(
        village_code=village, household_id=household_id, date=day, income_month=income,
        expense_month=expense, source=source, note=note,
    )  # fmt: skip
    changes = [Change("income", village, reading.fields())]
    if all(r.date <= day for r in readings(ws, village, household_id)):
        latest: dict[str, Any] = {}
        if income is not None:
            latest["income_month"] = income
        if expense is not None:
            latest["expense_month"] = expense
        changes.append(Change("household", village, latest, record=household_id))
    return changes
