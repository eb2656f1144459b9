"""The dashboard's keys in a burst act as typed one by one, and the year switch says the year
on the screen instead of stacking a toast per press.

Enter ↓ Enter typed slowly on the district's first subdistrict opens it, moves to its second
village and opens that. Sent at once (a fast typist on a Pi), the table handled all three keys
before the dashboard read its cursor for the first Enter: the cursor was already a row down,
and another subdistrict's village opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.dashboard import DashboardScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

from .conftest import district_device, until
from .key_bursts import send_keys

A1, A2 = "52120101", "52120102"  # ต.ห้างฉัตร, the district's first subdistrict
B1 = "52120501"  # ต.เวียงตาล, the next one


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Workspace]:
    ws = district_device(tmp_path, "office", "central")
    ws.commit([village_change(A1, "บ้านดอน"), village_change(A2, "บ้านนา"),
               village_change(B1, "บ้านแม่สัน")])  # fmt: skip
    ws.commit([Change("household", v, {"village_code": v, "first_name": "ก"})
               for v in (A1, A2, B1)])  # fmt: skip
    yield ws
    ws.close()


async def _dashboard(app: SammachipApp, pilot) -> DashboardScreen:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    await until(pilot, lambda: screen.board is not None, "the figures")
    await pilot.pause()
    return screen


@pytest.mark.parametrize("burst", [False, True], ids=["paced", "burst"])
async def test_enter_down_enter_opens_the_same_village_paced_or_in_a_burst(
    office: Workspace, burst: bool
) -> None:
    app = SammachipApp(data_dir=office.data_dir, workspace=office)
    async with app.run_test(size=(100, 30)) as pilot:
        await _dashboard(app, pilot)
        await send_keys(pilot, ["enter", "down", "enter"], burst=burst)
        await until(pilot, lambda: isinstance(app.screen, HouseholdsScreen), "a village")
        assert app.screen.village == A2  # ห้างฉัตร's second village, not เวียงตาล's


async def test_the_year_keys_say_the_year_on_the_screen_and_stack_no_toasts(
    office: Workspace,
) -> None:
    app = SammachipApp(data_dir=office.data_dir, workspace=office)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _dashboard(app, pilot)
        first = screen.year
        for _ in range(6):
            await pilot.press("left_square_bracket")
        totals = screen.query_one("#totals", Static)
        assert str(first - 6) in str(totals.render())  # at once, before its figures come
        await until(pilot, lambda: screen.board is not None and screen.board.year == first - 6,
                    "that year's figures")  # fmt: skip
        assert str(first - 6) in str(totals.render())
        assert len(app._notifications) == 0
