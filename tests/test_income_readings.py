"""Income readings (issue 15): a reading is recorded with its date, and the household's figures
follow only the latest reading; a reading typed late joins the history and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.model.records import Household
from sammachip_tui.store.income import reading_changes, readings
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"


def _home(ws: Workspace) -> str:
    """A household of the demo's first, with its figures but no readings yet."""
    first = households(ws, VILLAGE)[0]
    values = {"village_code": VILLAGE, "first_name": first.first_name + "ทดสอบ",
              "house_no": "0", "income_month": first.income_month,
              "expense_month": first.expense_month}  # fmt: skip
    [op] = ws.commit([Change("household", VILLAGE, values)])
    return op.record


def _household(ws: Workspace, home: str) -> Household:
    return next(h for h in households(ws, VILLAGE) if h.id == home)


def test_latest_reading_sets_the_household_figures_and_a_late_one_does_not(
    demo_workspace: Workspace,
) -> None:
    ws, home = demo_workspace, _home(demo_workspace)
    before = _household(ws, home)
    record = lambda day, income, expense: ws.commit_built(  # noqa: E731
        lambda w: reading_changes(w, VILLAGE, home, day, income, expense, ReadingSource.survey)
    )
    record(dt.date(2026, 11, 22), 9000.0, None)  # today's visit
    assert _household(ws, home).income_month == 9000
    assert _household(ws, home).expense_month == before.expense_month
    record(dt.date(2026, 3, 1), 7000.0, 6000.0)  # last quarter's visit, typed late
    now = _household(ws, home)
    assert (now.income_month, now.expense_month) == (9000, before.expense_month)
    # The figures it had before readings were kept are the first line of today (when they
    # were typed), before today's visit; the late visit goes before both.
    assert [(r.date.month, r.income_month, r.source) for r in readings(ws, VILLAGE, home)] == [
        (3, 7000.0, ReadingSource.survey),
        (11, before.income_month, ReadingSource.earlier),
        (11, 9000.0, ReadingSource.survey),
    ]


def test_a_reading_without_figures_is_refused_before_anything_is_written(
    demo_workspace: Workspace,
) -> None:
    ws, home = demo_workspace, _home(demo_workspace)
    with pytest.raises(FieldError):
        reading_changes(ws, VILLAGE, home, dt.date(2026, 6, 1), None, None, ReadingSource.form)
    with pytest.raises(FieldError):
        reading_changes(ws, VILLAGE, home, dt.date(2026, 6, 1), -5.0, None, ReadingSource.form)
    assert readings(ws, VILLAGE, home) == []
