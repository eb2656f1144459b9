"""Each district report, in each of its formats, on a central store of 100 villages and
20,000 households (benchmarks/central_data.py: merged from ten field devices' bundles).

Goal (issue 16): each report under 2 s from the open store to the file's bytes. The
baseline, measured in the same run, is reading the records once: every record of every
kind of every village through ``ws.records`` (what any report must at least do), so the
ratio holds on a noisy machine. Median of 3 runs each; the first run of a format in the
process (loading openpyxl or python-docx) is shown apart, as an officer pays it once.

    PYTHONPATH=src python benchmarks/district_reports.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from central_data import open_central
from sammachip_tui.reports.district_report import KINDS, district_report_bytes, formats_of
from sammachip_tui.store.workspace import Workspace

RUNS = 3
GOAL_S = 2.0
KINDS_READ = ("household", "forum", "item", "attendance", "group", "member",
              "committee", "group_status", "ledger", "activity", "support", "market",
              "evaluation", "product", "income", "village")  # fmt: skip


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """(first run, median of the next ``RUNS``) in seconds."""
    start = time.perf_counter()
    run()
    first = time.perf_counter() - start
    laps = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        laps.append(time.perf_counter() - start)
    return first, statistics.median(laps)


def read_everything(ws: Workspace) -> int:
    """The baseline: every record the reports could need, read once."""
    return sum(len(ws.records(v, kind)) for v in ws.villages() for kind in KINDS_READ)


@dataclass(frozen=True)
class Timing:
    kind: str
    fmt: str
    first_s: float
    median_s: float
    size: int


@dataclass(frozen=True)
class Result:
    records: int
    baseline_s: float
    timings: list[Timing]


def measure() -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_central(Path(tmp))
        try:
            records = read_everything(ws)
            _first, baseline = _timed(lambda: read_everything(ws))
            village = ws.villages()[0]
            timings = []
            for kind in KINDS:
                chosen = [village] if kind == "village" else None
                for fmt in formats_of(kind):

                    def run(
                        kind: str = kind, fmt: str = fmt, chosen: list[str] | None = chosen
                    ) -> bytes:
                        return district_report_bytes(ws, kind, fmt, villages=chosen)

                    first, median = _timed(run)
                    timings.append(Timing(kind, fmt, first, median, len(run())))
        finally:
            ws.close()
    return Result(records, baseline, timings)


def report(r: Result) -> None:
    print(
        f"District reports on a central store of 100 villages ({r.records:,} records; "
        f"median of {RUNS}; goal: each under {GOAL_S:.0f} s)"
    )
    print(f"  baseline: reading the records once   {r.baseline_s * 1000:7.0f} ms")
    for t in r.timings:
        verdict = "ok" if t.median_s < GOAL_S else "OVER THE GOAL"
        print(
            f"  {t.kind:<10} .{t.fmt:<4} {t.size / 1024:6.0f} KiB {t.median_s * 1000:7.0f} ms"
            f" = {t.median_s / r.baseline_s:5.2f}x baseline (first {t.first_s * 1000:.0f} ms) "
            f"{verdict}"
        )


if __name__ == "__main__":
    report(measure())
