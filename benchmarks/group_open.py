"""Opening one occupation group (``group_view``) against reading the same records raw.

A district of 5 villages of 200 households, each village with 4 groups of 30 members; the
group opened has 500 ledger lines, a committee, activities and an evaluation. ``group_view``
(everything the group screen, ``groups show`` and the documents need, members with their
households and other groups, shares, the 1.x lists read as entries) is timed against reading
the records it is built from with ``ws.records`` (each group kind of its village, the members
and groups of every village, the members' households), in the same run. Goal (issue 14): ≤ 2×.
Opened again is the usual case (the screen reopens it after each save); the first open of a
process validates every record once, and is printed too.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sammachip_tui.model import records  # noqa: F401  (before group_records: see cli_groups_5k)
from sammachip_tui.model.group_records import GROUP_KINDS, LedgerKind, LedgerLine
from sammachip_tui.store import group_view as group_view_module
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.group_view import group_view
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

VILLAGES = [f"521205{n:02d}" for n in range(1, 6)]
HOUSEHOLDS, GROUPS, MEMBERS, LEDGER = 200, 4, 30, 500


def build(path: Path) -> tuple[Workspace, str, str]:
    ws = Workspace.init(path, name="bench", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip
    opened = ""
    for village in VILLAGES:
        ws.commit([village_change(village)])
        homes = ws.commit([Change("household", village, {
            "village_code": village, "first_name": f"ชื่อ{i}", "last_name": "ทดสอบ",
            "house_no": str(i + 1)}) for i in range(HOUSEHOLDS)])  # fmt: skip
        for g in range(GROUPS):
            [group] = ws.commit([Change("group", village, {"village_code": village,
                                                           "name": f"กลุ่มที่ {g + 1}"})])  # fmt: skip
            ws.commit([Change("member", village, {
                "village_code": village, "group_id": group.record, "household_id": h.record,
                "consent": True}) for h in homes[g * MEMBERS // 2:][:MEMBERS]])  # fmt: skip
            opened = opened or group.record
    village = VILLAGES[0]
    kinds = list(LedgerKind)
    lines = [
        LedgerLine(village_code=village, group_id=opened, kind=kinds[n % len(kinds)],
                   date=dt.date(2026, 1, 1) + dt.timedelta(days=n % 300), amount=100 + n,
                   source="พช." if n % 3 else "")
        for n in range(LEDGER)
    ]  # fmt: skip
    ws.commit([Change("ledger", village, line.fields()) for line in lines])
    ws.commit([Change("activity", village, {"village_code": village, "group_id": opened,
                                            "title": f"กิจกรรม {n}", "date": "2026-03-01"})
               for n in range(20)])  # fmt: skip
    return ws, village, opened


def _median_ms(task: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(repeat: int = 30) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        ws, village, gid = build(Path(tmp) / "ws")
        try:
            view = group_view(ws, village, gid)
            assert view is not None and len(view.ledger) == LEDGER
            homes = [(m.member.village_code, m.member.household_id) for m in view.members]

            def raw() -> None:
                ws.record(village, "group", gid)
                for kind in GROUP_KINDS:
                    list(ws.records(village, kind.KIND, include_deleted=True))
                for v in VILLAGES:  # members, and the groups that name their other groups
                    list(ws.records(v, "member"))
                    list(ws.records(v, "group"))
                for v, h in homes:
                    ws.record(v, "household", h)

            def first_open() -> None:  # nothing read before: every record validated
                group_view_module._READ.clear()
                group_view(ws, village, gid)

            raw_ms = _median_ms(raw, repeat)
            view_ms = _median_ms(lambda: group_view(ws, village, gid), repeat)
            first_ms = _median_ms(first_open, repeat)
        finally:
            ws.close()
    return {"raw_ms": raw_ms, "view_ms": view_ms, "first_ms": first_ms, "members": MEMBERS,
            "ledger": LEDGER}  # fmt: skip


def report() -> None:
    r = measure()
    print(f"Opening a group: {r['members']} members, {r['ledger']} ledger lines "
          f"({len(VILLAGES)} villages, {len(VILLAGES) * GROUPS} groups; median of 30)")  # fmt: skip
    print(f"  reading its records raw (ws.records) {r['raw_ms']:7.2f} ms")
    print(f"  group_view, opened again             {r['view_ms']:7.2f} ms"
          f"   = {r['view_ms'] / r['raw_ms']:.2f}× (goal ≤ 2×)")  # fmt: skip
    print(f"  group_view, first open (all validated) {r['first_ms']:5.2f} ms"
          f"   = {r['first_ms'] / r['raw_ms']:.2f}×")  # fmt: skip


if __name__ == "__main__":
    report()
