"""Snapshots of the network screens at 80×24 and 120×40: a group's partners (k on the group
screen) and the district's network (k on the groups list), a chain drawn left to right.

Plain sync tests: snap_compare runs its own event loop.
"""

from __future__ import annotations

from sammachip_tui.app import SammachipApp
from sammachip_tui.store.demo import DEMO_VILLAGE
from sammachip_tui.store.workspace import Workspace

from .conftest import until
from .network_helpers import groups, link

OTHER = "52120508"  # after the demo village: the home screen still opens on the demo's


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def _network(ws: Workspace) -> None:
    """A chain (rice farm → mill → shop), a same-product partner in another village, one
    partner not on this device, and a group without links."""
    farm, mill, shop, _alone = groups(ws, "กลุ่มนาข้าวอินทรีย์", "กลุ่มโรงสีชุมชน",
                                      "กลุ่มร้านค้าชุมชน", "กลุ่มจักสานไม้ไผ่",
                                      village=DEMO_VILLAGE)  # fmt: skip
    [other] = groups(ws, "กลุ่มโรงสีบ้านแม่สัน", village=OTHER)
    link(ws, farm, DEMO_VILLAGE, partner=mill, kind="supplies", exchanges="วัตถุดิบ",
         since="1/6/2567")  # fmt: skip
    link(ws, shop, DEMO_VILLAGE, partner=mill, kind="sells_for", exchanges="ตลาด, เงินทุน")
    link(ws, other, OTHER, partner=mill, kind="same_product", exchanges="ความรู้, การอบรม")
    link(ws, shop, DEMO_VILLAGE, partner_village="10010203", partner_name="ร้านสหกรณ์บางรัก",
         kind="sells_for", exchanges="ตลาด")  # fmt: skip


async def _district(pilot) -> None:
    """Home → o (the village's groups) → k."""
    await until(pilot, lambda: pilot.app.screen.id == "home" and pilot.app.screen.loaded)
    await pilot.press("o")
    await until(pilot, lambda: pilot.app.screen.id == "groups")
    await pilot.press("k")
    await until(pilot, lambda: pilot.app.screen.id == "district-network")
    await pilot.pause()


async def _group(pilot) -> None:
    """Home → o → the mill (its row) → k: its partners."""
    await until(pilot, lambda: pilot.app.screen.id == "home" and pilot.app.screen.loaded)
    await pilot.press("o")
    await until(pilot, lambda: pilot.app.screen.id == "groups")
    screen = pilot.app.screen
    row = next(i for i, g in enumerate(screen.lines) if g.name == "กลุ่มโรงสีชุมชน")
    screen.query_one("#table").move_cursor(row=row)
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen.id == "group-screen")
    await pilot.press("k")
    await until(pilot, lambda: pilot.app.screen.id == "group-network")
    await pilot.pause()


def test_group_network_80x24(snap_compare, demo_workspace: Workspace) -> None:
    _network(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_group, terminal_size=(80, 24))


def test_group_network_120x40(snap_compare, demo_workspace: Workspace) -> None:
    _network(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_group, terminal_size=(120, 40))


def test_district_network_80x24(snap_compare, demo_workspace: Workspace) -> None:
    _network(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_district, terminal_size=(80, 24))


def test_district_network_120x40(snap_compare, demo_workspace: Workspace) -> None:
    _network(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_district, terminal_size=(120, 40))
