"""The import records income as dated readings: by the file's date column (Thai or English
header) or the import day; a date that cannot be read refuses the row with the reason; the
same file again adds nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sammachip_tui import clock
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.income import history, reading_changes
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

VILLAGE = "52120505"


def _csv(tmp_path: Path, name: str, header: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


def _history(
    ws: Workspace, first_name: str
) -> list[tuple[dt.date | None, float | None, float | None]]:
    [home] = [h for h in households(ws, VILLAGE) if h.first_name == first_name]
    return [(r.date, r.income, r.expense) for r in history(ws, VILLAGE, home.id)]


def test_a_thai_date_column_dates_the_readings_and_a_new_file_adds_one(
    workspace: Workspace, tmp_path: Path
) -> None:
    header = "รหัสหมู่บ้าน,ชื่อ,รายได้ต่อเดือน,รายจ่ายต่อเดือน,วันที่สำรวจ"
    june = _csv(tmp_path, "june.csv", header, f"{VILLAGE},บุญมา,8000,6000,๑๐/๖/๒๕๖๙",
                f"{VILLAGE},คำปัน,,,10/6/2569")  # fmt: skip
    report = import_households(workspace, june)
    assert report.created == 2 and not report.errors
    assert _history(workspace, "บุญมา") == [(dt.date(2026, 6, 10), 8000, 6000)]
    assert _history(workspace, "คำปัน") == []  # no figures: no reading
    again = import_households(workspace, june)
    assert (again.updated, again.unchanged) == (0, 2)
    assert len(workspace.records(VILLAGE, "income")) == 1  # the same file adds nothing
    october = _csv(tmp_path, "oct.csv", "village_code,first_name,income,expenses,date",
                   f"{VILLAGE},บุญมา,9000,6000,2026-10-01")  # fmt: skip
    assert import_households(workspace, october).updated == 1
    assert _history(workspace, "บุญมา") == [
        (dt.date(2026, 6, 10), 8000, 6000), (dt.date(2026, 10, 1), 9000, None)]  # fmt: skip
    [home] = [h for h in households(workspace, VILLAGE) if h.first_name == "บุญมา"]
    assert (home.income_month, home.expense_month) == (9000, 6000)
    import_households(workspace, june)  # the older file once more: history, not news
    assert len(workspace.records(VILLAGE, "income")) == 2
    assert home.income_month == 9000


def test_without_a_date_column_the_import_day_dates_them(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Without a date column the figures stay in the household record (no reading: 200 of
    them would cost a village's bundle a QR frame); its history dates them by the import day,
    and its first new reading keeps them as the first line."""
    path = _csv(tmp_path, "list.csv", "รหัสหมู่บ้าน,ชื่อ,รายได้ต่อเดือน",
                f"{VILLAGE},บุญมา,7000")  # fmt: skip
    import_households(workspace, path)
    assert workspace.records(VILLAGE, "income") == []
    assert _history(workspace, "บุญมา") == [(clock.today(), 7000, None)]
    [home] = households(workspace, VILLAGE)
    [row] = history(workspace, VILLAGE, home.id)
    assert row.source is ReadingSource.earlier and row.reading_id == ""
    workspace.commit_built(lambda w: reading_changes(
        w, VILLAGE, home.id, clock.today(), 7500.0, None, ReadingSource.survey))  # fmt: skip
    sources = [r["source"] for r in workspace.records(VILLAGE, "income")]
    assert sorted(sources) == [ReadingSource.earlier, ReadingSource.survey]
    assert _history(workspace, "บุญมา") == [(clock.today(), 7000, None), (clock.today(), 7500, None)]


def test_a_date_that_cannot_be_read_refuses_the_row_with_the_reason(
    workspace: Workspace, tmp_path: Path
) -> None:
    header = "รหัสหมู่บ้าน,ชื่อ,รายได้ต่อเดือน,วันที่บันทึก"
    path = _csv(tmp_path, "bad.csv", header, f"{VILLAGE},บุญมา,7000,31/2/2569",
                f"{VILLAGE},คำปัน,5000,1/1/2600", f"{VILLAGE},แสงเดือน,6000,1/11/2569")  # fmt: skip
    report = import_households(workspace, path)
    assert [e.line for e in report.errors] == [2, 3]
    assert "วันที่สำรวจ" in report.errors[0].message and "31/2/2569" in report.errors[0].message
    assert "หลังวันนี้" in report.errors[1].message
    assert [h.first_name for h in households(workspace, VILLAGE)] == ["แสงเดือน"]
    assert _history(workspace, "แสงเดือน") == [(dt.date(2026, 11, 1), 6000, None)]


def test_the_demo_starts_with_the_readings_its_import_gives(
    demo_workspace: Workspace, workspace: Workspace
) -> None:
    from sammachip_tui.store.demo import demo_csv

    import_households(workspace, demo_csv())

    def readings(ws: Workspace) -> list[tuple[str, object, object, object, object]]:
        names = {h.id: f"{h.house_no} {h.first_name}" for h in households(ws, VILLAGE)}
        return sorted(
            (names[r["household_id"]], r["date"], r["income_month"], r["expense_month"],
             r["source"]) for r in ws.records(VILLAGE, "income")
        )  # fmt: skip

    assert readings(demo_workspace) == readings(workspace) == []  # no date column: none
    assert [h.income_month for h in households(demo_workspace, VILLAGE)] == [
        h.income_month for h in households(workspace, VILLAGE)
    ]
