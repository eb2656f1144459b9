"""The district's figures and indicators on a central store of 100 villages and 20,000
households, against reading the same records once.

100 villages in the 7 subdistricts of district 5212, 200 households each (every other one
trained, a quarter followed up), two income readings per household, 3 forums, 5 groups of 6
members with two decisions each and 2 OTOP products per village. Measured: reading every
record the figures read (the baseline: each kind of each village, once), ``district_figures``
(goal: ≤ 3× the read, well under 1 s for the dashboard's first screen), ``indicators`` for
one fiscal year, both from one read of each village's records (``district_figures(...,
each=tally.add)``, what the dashboard and the district report read), and the district CSV
from the figures. Median of 7 runs each, taken in turns.

The store is built with local commits, not merged bundles: the figures read the store the
same way whichever way its records came.

    PYTHONPATH=src python benchmarks/district_figures.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

SUBDISTRICTS = ("521201", "521202", "521203", "521204", "521205", "521206", "521207")
VILLAGES = 100
HOUSEHOLDS = 200
GROUPS = 5
MEMBERS = 6
OCCUPATIONS = ("HAN01", "AGR01", "FOO01", "FOO02", "HAN02")
KINDS = ("village", "household", "forum", "group", "group_status", "member", "product", "income")


def village_codes() -> list[str]:
    return [f"{SUBDISTRICTS[i % len(SUBDISTRICTS)]}{i // len(SUBDISTRICTS) + 1:02d}"
            for i in range(VILLAGES)]  # fmt: skip


def _village(code: str) -> list[Change]:
    def make(kind: str, rid: str, **values: Any) -> Change:
        return Change(kind, code, {"village_code": code, **values}, record=rid, create=True)

    changes = [village_change(code, f"บ้านทดสอบ {code[6:]}")]
    for h in range(HOUSEHOLDS):
        follow = {"followed_up": "2026-09-15", "practising": h % 8 != 0} if h % 4 == 0 else {}
        changes.append(make("household", f"H{code}{h:03d}", first_name="สมศรี",
                            house_no=str(h + 1), income_month=9000 + h, expense_month=8000,
                            trained=h % 2 == 0, volunteer="yes" if h % 3 else "no",
                            **follow))  # fmt: skip
        for n, day in enumerate(("2025-11-01", "2026-08-01")):
            changes.append(make("income", f"I{code}{h:03d}{n}", household_id=f"H{code}{h:03d}",
                                date=day, income_month=9000 + h + 400 * n,
                                expense_month=8000, source="form"))  # fmt: skip
    for f in range(3):
        changes.append(make("forum", f"F{code}{f}", date=f"2026-0{f + 3}-10"))
    for g in range(GROUPS):
        gid = f"G{code}{g}"
        changes.append(make("group", gid, name=f"กลุ่ม {g}", occupation_code=OCCUPATIONS[g]))
        for n, stage in enumerate(("forming", "established")):
            changes.append(make("group_status", f"S{gid}{n}", group_id=gid, status=stage,
                                date=f"2026-0{n + 1}-15"))  # fmt: skip
        for m in range(MEMBERS):
            changes.append(make("member", f"M{gid}{m}", group_id=gid, consent=True,
                                household_id=f"H{code}{g * MEMBERS + m:03d}"))  # fmt: skip
    for p in range(2):
        changes.append(make("product", f"P{code}{p}", group_id=f"G{code}0", name="ผ้าซิ่น",
                            category="textile_apparel", registration="registered",
                            stars=3 + p))  # fmt: skip
    return changes


def make_workspace(path: Path) -> Workspace:
    ws = Workspace.init(
        path, name="central", role="central", district="5212", passphrase=None,
        district_key=DEMO_DISTRICT_KEY, flush_delay=60,
    )  # fmt: skip
    for code in village_codes():
        ws.commit(_village(code))
    return ws


def _medians(runs: dict[str, Callable[[], object]], times: int = 7) -> dict[str, float]:
    """The median of each run, taken in turns (a busy shared machine slows all alike)."""
    laps: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()  # warm: the taxonomy, the area list
    for _ in range(times):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            laps[name].append(time.perf_counter() - start)
    return {name: statistics.median(found) for name, found in laps.items()}


def _both(ws: Workspace, today: dt.date) -> object:
    from sammachip_tui.reports.district_figures import district_figures
    from sammachip_tui.reports.indicators import Tally

    tally = Tally(ws, 2569)
    return district_figures(ws, today=today, fiscal_year=2569, each=tally.add), tally.indicators()


def measure() -> dict[str, float]:
    from sammachip_tui.reports.district_figures import district_figures
    from sammachip_tui.reports.district_tables import csv_of, district_table
    from sammachip_tui.reports.indicators import indicators

    today = dt.date(2026, 11, 22)
    with tempfile.TemporaryDirectory() as folder:
        ws = make_workspace(Path(folder) / "ws")
        try:
            figures = district_figures(ws, today=today)
            assert figures.total.households == VILLAGES * HOUSEHOLDS
            found = _medians({
                "read_s": lambda: sum(len(ws.records(v, k)) for v in ws.villages() for k in KINDS),
                "figures_s": lambda: district_figures(ws, today=today),
                "indicators_s": lambda: indicators(ws, 2569),
                "both_s": lambda: _both(ws, today),
                "csv_s": lambda: csv_of(district_table(district_figures(ws, today=today))),
            })  # fmt: skip
        finally:
            ws.close()
    return {"households": VILLAGES * HOUSEHOLDS, **found}


def report(r: dict[str, float] | None = None) -> None:
    r = r or measure()
    read = r["read_s"]
    print(f"District figures, {VILLAGES} villages, {r['households']:,.0f} households"
          " (median of 7, in turns; goal: figures ≤ 3× reading the records once)")  # fmt: skip
    print(f"  read every record the figures read   {read * 1000:7.1f} ms")
    for label, key in (("district_figures", "figures_s"), ("indicators (one fiscal year)",
                       "indicators_s"), ("both, from one read", "both_s"),
                       ("figures and the district CSV", "csv_s")):  # fmt: skip
        print(f"  {label:36} {r[key] * 1000:7.1f} ms   = {r[key] / read:.2f}× the read")


if __name__ == "__main__":
    report()
