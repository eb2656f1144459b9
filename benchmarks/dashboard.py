"""The dashboard on a central store of 100 villages and 20,000 households (issue 16).

The store is ``central_data.py``'s: built from ten field devices' bundles merged at the
central device. Timed against reading every record of every village once with
``ws.records`` (every kind), in the same run:

- the figures alone (``read_board``: ``district_figures`` and ``indicators``, what the
  dashboard's worker reads off the interface thread);
- the dashboard to its first full screen: a headless app on the store (whose first screen is
  the dashboard, as on a central store) from the moment the dashboard is pushed until its
  figures are drawn, and until the devices block is too (``sync/inbox.py``).

Goals (issue 16): the first full screen < 1 s and ≤ 3× reading the records once. Measured
twice: on a store just opened, where the dashboard is the first to read the village files
from disk (against reading every record once on another fresh copy: the start of a central
store), and on a store already read (the dashboard shown again). On the store just opened
the group proposer's matcher is built again too (it reads households' own occupations for
the indicators by type: built once per process, by the first dashboard of a start). Also
the screen's own part: the same screen with its figures already read (``read_board``
answering at once), what the drawing alone costs.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from central_data import open_central
from group_network import _median_ms
from sammachip_tui.app import SammachipApp
from sammachip_tui.screens import dashboard as dashboard_module
from sammachip_tui.screens.dashboard import (
    Board,
    DashboardScreen,
    DeviceLine,
    read_board,
    this_year,
)
from sammachip_tui.store import proposals
from sammachip_tui.store.workspace import KINDS, Workspace


async def _screen_once(ws: Workspace) -> tuple[float, float]:
    """(figures drawn, devices drawn): ms from the dashboard's mount to the first frame
    refreshed after each arrived on screen."""
    times: dict[str, float] = {}
    mount, shown, devices = (DashboardScreen.on_mount, DashboardScreen._shown,
                             DashboardScreen._devices_shown)  # fmt: skip

    def drawn(name: str) -> None:
        times.setdefault(name, time.perf_counter())

    def on_mount(self: DashboardScreen) -> None:
        times.setdefault("pushed", time.perf_counter())
        mount(self)

    def on_shown(self: DashboardScreen, board: Board) -> None:
        shown(self, board)
        self.call_after_refresh(drawn, "figures")

    def on_devices(self: DashboardScreen, lines: list[DeviceLine]) -> None:
        devices(self, lines)
        self.call_after_refresh(drawn, "devices")

    patches = {"on_mount": on_mount, "_shown": on_shown, "_devices_shown": on_devices}
    for name, patch in patches.items():
        setattr(DashboardScreen, name, patch)
    try:
        app = SammachipApp(data_dir=ws.data_dir, workspace=ws)
        async with app.run_test(size=(120, 40)):
            while "figures" not in times or "devices" not in times:
                await asyncio.sleep(0.005)
    finally:
        for name, original in (("on_mount", mount), ("_shown", shown),
                               ("_devices_shown", devices)):  # fmt: skip
            setattr(DashboardScreen, name, original)
    return ((times["figures"] - times["pushed"]) * 1000,
            (times["devices"] - times["pushed"]) * 1000)  # fmt: skip


def _read_all(ws: Workspace) -> None:
    for village in ws.villages():
        for kind in KINDS:
            for _record in ws.records(village, kind):
                pass


def _cold(task: object) -> float:
    """ms of ``task(ws)`` on a freshly opened copy of the store: its village files are read
    from disk by whoever reads them first, as after a start."""
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_central(Path(tmp))
        proposals._matchers.clear()  # built by the first dashboard of a process
        try:
            start = time.perf_counter()
            result = task(ws)  # type: ignore[operator]
            return float(result) if result is not None else (time.perf_counter() - start) * 1000
        finally:
            ws.close()


def measure(repeat: int = 5) -> dict[str, float]:
    year = this_year()
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_central(Path(tmp))
        try:
            villages = ws.villages()
            homes = sum(len(ws.records(v, "household")) for v in villages)
            raw_ms = _median_ms(lambda: _read_all(ws), repeat)
            board_ms = _median_ms(lambda: read_board(ws, year, None), repeat)
            warm = [asyncio.run(_screen_once(ws)) for _ in range(repeat)]
            board = read_board(ws, year, None)
            real = dashboard_module.read_board
            dashboard_module.read_board = lambda *_a: board  # type: ignore[assignment]
            try:
                drawing = [asyncio.run(_screen_once(ws))[0] for _ in range(repeat)]
            finally:
                dashboard_module.read_board = real
        finally:
            ws.close()
    cold_raw = [_cold(_read_all) for _ in range(repeat)]
    cold = [_cold(lambda w: asyncio.run(_screen_once(w))[0]) for _ in range(repeat)]
    return {
        "villages": len(villages), "households": homes, "raw_ms": raw_ms, "board_ms": board_ms,
        "screen_ms": statistics.median(s[0] for s in warm),
        "devices_ms": statistics.median(s[1] for s in warm),
        "cold_raw_ms": statistics.median(cold_raw), "cold_screen_ms": statistics.median(cold),
        "drawing_ms": statistics.median(drawing),
    }  # fmt: skip


def report() -> None:
    r = measure()
    raw, cold = r["raw_ms"], r["cold_raw_ms"]
    print(f"Dashboard on a central store: {r['villages']:.0f} villages, "
          f"{r['households']:.0f} households (median of 5; goals < 1000 ms, ≤ 3×)")  # fmt: skip
    print("  on a store just opened (the village files read from disk by the first reader)")
    print(f"    reading every record once (ws.records)  {cold:7.0f} ms")
    print(f"    dashboard pushed → figures drawn        {r['cold_screen_ms']:7.0f} ms"
          f"   = {r['cold_screen_ms'] / cold:.2f}×")  # fmt: skip
    print("  on a store already read (the dashboard shown again: back from a village, F2, [ ])")
    print(f"    reading every record once (ws.records)  {raw:7.0f} ms")
    print(f"    the figures and indicators (read_board) {r['board_ms']:7.0f} ms"
          f"   = {r['board_ms'] / raw:.2f}×")  # fmt: skip
    print(f"    dashboard pushed → figures drawn        {r['screen_ms']:7.0f} ms"
          f"   = {r['screen_ms'] / raw:.2f}×")  # fmt: skip
    print(f"    dashboard pushed → devices drawn        {r['devices_ms']:7.0f} ms"
          f"   = {r['devices_ms'] / raw:.2f}×")  # fmt: skip
    print(f"    the screen alone (figures read already) {r['drawing_ms']:7.0f} ms"
          f"   = {r['drawing_ms'] / raw:.2f}× (the part no reading can save)")  # fmt: skip


if __name__ == "__main__":
    report()
