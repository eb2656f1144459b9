"""Reading a village's households when every household has income readings, against the same
village without any, in the same run.

Every household read now shows the latest reading's figures by date (store/latest_income.py,
so that a reading typed late on another device cannot win a merge). The overlay is kept per
village until a reading changes; this measures what it costs every screen and count that
reads households: ``ws.records(village, "household")`` with 4 readings per household (the
overlay already computed, the usual case), right after a reading is recorded (computed again
once), and one household's history as the household screen reads it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from group_open import _median_ms
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.income import history, reading_change
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"
HOUSEHOLDS, READINGS = 300, 4


def build(path: Path, readings: int) -> tuple[Workspace, list[str]]:
    ws = Workspace.init(path, name="bench", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip
    ws.commit([village_change(VILLAGE)])
    ops = ws.commit([Change("household", VILLAGE, {
        "village_code": VILLAGE, "first_name": f"ชื่อ{i}", "house_no": str(i + 1),
        "income_month": 9000.0 + i, "expense_month": 8000.0})
        for i in range(HOUSEHOLDS)])  # fmt: skip
    homes = [op.record for op in ops]
    for n in range(readings):
        day = dt.date(2025, 12, 1) + dt.timedelta(days=90 * n)
        ws.commit([reading_change(VILLAGE, h, day, 8000.0 + 300 * n, 7000.0,
                                  ReadingSource.survey) for h in homes])  # fmt: skip
    return ws, homes


def measure(repeat: int = 30) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        bare, _ = build(Path(tmp) / "bare", 0)
        ws, homes = build(Path(tmp) / "readings", READINGS)
        try:
            read = lambda w: w.records(VILLAGE, "household")  # noqa: E731
            bare_ms = _median_ms(lambda: read(bare), repeat)
            read(ws)
            warm_ms = _median_ms(lambda: read(ws), repeat)

            def after_a_reading() -> None:
                shard = ws._shards[VILLAGE]
                shard._latest = None  # as recording a reading leaves it
                read(ws)

            cold_ms = _median_ms(after_a_reading, repeat)
            history_ms = _median_ms(lambda: history(ws, VILLAGE, homes[0]), repeat)
        finally:
            ws.close()
            bare.close()
    return {"bare_ms": bare_ms, "warm_ms": warm_ms, "cold_ms": cold_ms,
            "history_ms": history_ms}  # fmt: skip


def report() -> None:
    r = measure()
    print(f"Reading a village's {HOUSEHOLDS} households, {READINGS} income readings each "
          f"(median of 30)")  # fmt: skip
    print(f"  without readings (ws.records)          {r['bare_ms']:7.2f} ms")
    print(f"  with readings, overlay kept            {r['warm_ms']:7.2f} ms"
          f"   = {r['warm_ms'] / r['bare_ms']:.2f}×")  # fmt: skip
    print(f"  with readings, just after a reading    {r['cold_ms']:7.2f} ms"
          f"   = {r['cold_ms'] / r['bare_ms']:.2f}×")  # fmt: skip
    print(f"  one household's history (the screen)  {r['history_ms']:7.2f} ms")


if __name__ == "__main__":
    report()
