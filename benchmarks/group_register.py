"""The CDD group register of a district's 200 groups, to .xlsx and to CSV.

200 groups in 20 villages of subdistrict 521205, each with 12 member households, a chair
with a phone, and two status changes (forming, established): the rows (one pass over the
device's records), then the writers. Goal: under 1 s from the open workspace to the .xlsx
bytes. Median of 5 runs each; the first run (loading openpyxl) is shown apart, as an officer
pays it once per process.

    PYTHONPATH=src python benchmarks/group_register.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sammachip_tui.model.group_records import CommitteeTerm, GroupStage, Position, StatusChange
from sammachip_tui.model.records import Group, GroupMember, Household, Record
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

VILLAGES = 20
GROUPS_PER_VILLAGE = 10
MEMBERS = 12
OCCUPATIONS = ("HAN01", "AGR01", "SER02", "TRD01", "FOD01")


def _create(kind: str, village: str, record: Record) -> Change:
    return Change(kind, village, record.fields(), record=record.id, create=True)


def make_workspace(path: Path) -> Workspace:
    ws = Workspace.init(
        path, name="bench", role="field", district="5212", passphrase=None,
        district_key=DEMO_DISTRICT_KEY, flush_delay=60,
    )  # fmt: skip
    for v in range(1, VILLAGES + 1):
        village = f"521205{v:02d}"
        changes = [village_change(village, f"บ้านทดสอบ {v}")]
        for g in range(GROUPS_PER_VILLAGE):
            gid = f"G{v:02d}{g:02d}"
            changes.append(_create("group", village, Group(
                id=gid, village_code=village, name=f"กลุ่มอาชีพที่ {g + 1} หมู่ {v}",
                occupation_code=OCCUPATIONS[g % len(OCCUPATIONS)])))  # fmt: skip
            for m in range(MEMBERS):
                hid = f"H{v:02d}{g:02d}{m:02d}"
                changes.append(_create("household", village, Household(
                    id=hid, village_code=village, house_no=f"{g * MEMBERS + m + 1}",
                    first_name="สมศรี", last_name=f"ใจดี{m}", phone="0812345678")))  # fmt: skip
                changes.append(_create("member", village, GroupMember(
                    id=f"M{hid}", village_code=village, group_id=gid, household_id=hid,
                    consent=True, joined=dt.date(2026, 10, 1))))  # fmt: skip
            changes.append(_create("committee", village, CommitteeTerm(
                id=f"C{gid}", village_code=village, group_id=gid,
                household_id=f"H{v:02d}{g:02d}00", position=Position.chair)))  # fmt: skip
            for n, stage in enumerate((GroupStage.forming, GroupStage.established)):
                changes.append(_create("group_status", village, StatusChange(
                    id=f"S{gid}{n}", village_code=village, group_id=gid, status=stage,
                    date=dt.date(2026, 10, 1 + 14 * n))))  # fmt: skip
        ws.commit(changes)
    return ws


def _median(run: object, times: int = 5) -> tuple[float, float]:
    """(first run, median of the next ``times``) in seconds."""
    start = time.perf_counter()
    run()  # type: ignore[operator]
    first = time.perf_counter() - start
    laps = []
    for _ in range(times):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        laps.append(time.perf_counter() - start)
    return first, statistics.median(laps)


def measure() -> dict[str, float]:
    from sammachip_tui.reports.group_register import register_rows, to_csv, to_xlsx

    with tempfile.TemporaryDirectory() as folder:
        ws = make_workspace(Path(folder) / "ws")
        try:
            rows = register_rows(ws)
            assert len(rows) == VILLAGES * GROUPS_PER_VILLAGE
            _first, rows_s = _median(lambda: register_rows(ws))
            first_xlsx, xlsx_s = _median(lambda: to_xlsx(register_rows(ws)))
            _first, csv_s = _median(lambda: to_csv(register_rows(ws)))
            size = len(to_xlsx(rows))
        finally:
            ws.close()
    return {"groups": len(rows), "rows_s": rows_s, "xlsx_s": xlsx_s, "csv_s": csv_s,
            "first_xlsx_s": first_xlsx, "xlsx_kib": size / 1024}  # fmt: skip


def report(r: dict[str, float]) -> None:
    print(f"Group register of {r['groups']:.0f} groups (median of 5; goal: .xlsx under 1 s)")
    print(f"  rows from the device's records   {r['rows_s'] * 1000:7.1f} ms")
    print(
        f"  rows and .xlsx ({r['xlsx_kib']:.0f} KiB)         {r['xlsx_s'] * 1000:7.1f} ms"
        f"   (first in a process, loading openpyxl: {r['first_xlsx_s'] * 1000:.0f} ms)"
    )
    print(f"  rows and CSV                     {r['csv_s'] * 1000:7.1f} ms")  # fmt: skip


if __name__ == "__main__":
    report(measure())
