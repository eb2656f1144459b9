"""A field device's bundle from the central store: its village and the district's records.

A central store of 20 villages × 200 households (and 20 lessons in the district's shard); a
new device serving one village. Against, in the same run: reading the journal once (what any
bundle costs at least, today), and the bundle of the whole district (what the device was sent
before villages were recorded). Sizes and frames at 80×24 say what the officer scans. Median
of 5 runs each.

    PYTHONPATH=src python benchmarks/device_bundle.py
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from sammachip_tui.model.records import Household, district_shard
from sammachip_tui.store import lessons
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.service import serve_change
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import qr
from sammachip_tui.sync.parts import make_parts

VILLAGES = 20
HOUSEHOLDS = 200
NEW_DEVICE, OLD_DEVICE = "K7Q2M9XA", "K7Q2M9XB"
FIRST = ("สมศรี", "สมชาย", "บุญมี", "มาลี", "ประเสริฐ", "จันทร์เพ็ญ", "ทองดี", "แก้ว")
LAST = ("ใจดี", "ศรีสุข", "มีสุข", "คำแก้ว", "ทองมา", "บุญเรือง", "อินทร์แก้ว")
OCCUPATIONS = ("ทอผ้าฝ้าย", "ทำนา", "เลี้ยงไก่ไข่", "จักสานไม้ไผ่", "ขายของชำ", "รับจ้างทั่วไป")


def make_central(path: Path) -> Workspace:
    ws = Workspace.init(path, name="office", role="central", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip
    rng = random.Random(16)  # households that differ as a village's do: names, figures, phones
    for v in range(1, VILLAGES + 1):
        village = f"521205{v:02d}"
        ws.commit(
            Change("household", village, Household(
                village_code=village, house_no=f"{rng.randint(1, 300)}/{rng.randint(1, 9)}",
                first_name=rng.choice(FIRST), last_name=rng.choice(LAST) + rng.choice(LAST),
                occupation_main=rng.choice(OCCUPATIONS), phone=f"08{rng.randint(0, 10**8):08d}",
                income_month=rng.randint(30, 300) * 100,
                expense_month=rng.randint(30, 300) * 100).fields())
            for _h in range(HOUSEHOLDS)
        )  # fmt: skip
    ws.commit(lessons.exclude(ws, f"รับจ้างทั่วไป {n}") for n in range(20))
    ws.commit([serve_change(ws, NEW_DEVICE, ["52120501"])])
    return ws


def _median(run: object, times: int = 5) -> float:
    laps = []
    for _ in range(times):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        laps.append(time.perf_counter() - start)
    return statistics.median(laps)


def _frames(message: bytes) -> int:
    return make_parts(message, qr.layout_for(80, 23).fragment_len).count


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        ws = make_central(Path(folder) / "office")
        try:
            one = sb.build_bundle(ws, NEW_DEVICE)
            whole = sb.build_bundle(ws, OLD_DEVICE)
            assert one is not None and whole is not None
            assert set(one.villages) == {"52120501", district_shard("5212")}
            journal_s = _median(ws.journal_entries)
            one_s = _median(lambda: sb.build_bundle(ws, NEW_DEVICE))
            whole_s = _median(lambda: sb.build_bundle(ws, OLD_DEVICE))
        finally:
            ws.close()
    return {"ops": whole.ops, "one_ops": one.ops, "journal_s": journal_s, "one_s": one_s,
            "whole_s": whole_s, "one_kib": len(one.message) / 1024,
            "whole_kib": len(whole.message) / 1024, "one_frames": _frames(one.message),
            "whole_frames": _frames(whole.message)}  # fmt: skip


def report(r: dict[str, float]) -> None:
    print(f"A device's bundle from a central store of {VILLAGES} villages × {HOUSEHOLDS} "
          f"households ({r['ops']:.0f} operations; median of 5)")  # fmt: skip
    print(f"  reading the journal once (baseline)  {r['journal_s'] * 1000:7.1f} ms")
    print(f"  one village + district records       {r['one_s'] * 1000:7.1f} ms"
          f"   {r['one_ops']:.0f} ops, {r['one_kib']:.1f} KiB, "
          f"{r['one_frames']:.0f} frames at 80×24")  # fmt: skip
    print(f"  the whole district (no villages set) {r['whole_s'] * 1000:7.1f} ms"
          f"   {r['ops']:.0f} ops, {r['whole_kib']:.1f} KiB, "
          f"{r['whole_frames']:.0f} frames at 80×24")  # fmt: skip


if __name__ == "__main__":
    report(measure())
