"""Income readings typed on two devices: all kept, and every device shows the latest by date
(not the one typed last) through real bundles; the forced choice never reaches an officer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.store.income import history, income_change, reading_changes
from sammachip_tui.store.register import households, village_change
from sammachip_tui.store.village_counts import summaries
from sammachip_tui.store.workspace import Change, Workspace
from tests.group_helpers import VILLAGE, send, two_devices


def _record(ws: Workspace, home: str, day: dt.date, income: float, expense: float) -> None:
    ws.commit_built(
        lambda w: reading_changes(w, VILLAGE, home, day, income, expense, ReadingSource.survey)
    )


def _household(ws: Workspace) -> str:
    ws.commit([village_change(VILLAGE)])
    [op] = ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                    "first_name": "บุญมา"})])  # fmt: skip
    return op.record


def _figures(ws: Workspace, home: str) -> tuple[float | None, float | None]:
    [h] = [h for h in households(ws, VILLAGE) if h.id == home]
    return h.income_month, h.expense_month


def test_a_may_reading_typed_after_a_june_one_elsewhere_does_not_win(tmp_path: Path) -> None:
    a, b = two_devices(tmp_path)
    try:
        home = _household(a)
        send(a, b)
        _record(a, home, dt.date(2026, 6, 10), 9000, 7000)  # June's visit, typed first
        _record(b, home, dt.date(2026, 5, 10), 8000, 7500)  # May's, typed later elsewhere
        assert _figures(b, home) == (8000, 7500)  # b knows only May yet
        send(a, b)
        send(b, a)
        for ws in (a, b):
            assert _figures(ws, home) == (9000, 7000), ws.device.name
            rows = history(ws, VILLAGE, home)
            assert [(r.date, r.income) for r in rows] == [
                (dt.date(2026, 5, 10), 8000), (dt.date(2026, 6, 10), 9000)]  # fmt: skip
            change = income_change(rows)
            assert change is not None and change.meets_goal
            assert ws.conflicts() == []  # the readings settle it: nothing to choose
            [summary] = summaries(ws)
            assert summary.sammachip == 1  # 9000 > 7000, counted from the June figures
    finally:
        a.close()
        b.close()


def test_a_figure_edited_without_readings_stays_as_stored(tmp_path: Path) -> None:
    """A 1.3 device knows no readings: its edit of the figure is newer news than they are."""
    a, b = two_devices(tmp_path)
    try:
        home = _household(a)
        _record(a, home, dt.date(2026, 6, 10), 9000, 7000)
        send(a, b)
        b.commit([Change("household", VILLAGE, {"income_month": 9900.0}, record=home)])
        send(b, a)
        assert _figures(a, home) == (9900, 7000)
        assert [r.income for r in history(a, VILLAGE, home)] == [9000]
    finally:
        a.close()
        b.close()
