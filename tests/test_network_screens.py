"""Pilot tests of the network screens: two groups linked from the group screen (k, a),
typed in Thai one key at a time; the partner's network and the district's picture show it;
a refused link keeps the dialog and what was typed; after a restart the link is still there.
And the district view: the picture when it fits, the table when it does not, v between."""

from __future__ import annotations

import itertools

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.group import GroupScreen
from sammachip_tui.screens.group_dialogs import GroupDialog
from sammachip_tui.screens.groups import GroupsScreen
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.lesson_dialogs import ConfirmDialog
from sammachip_tui.screens.network import DistrictNetworkScreen, GroupNetworkScreen
from sammachip_tui.store import network
from sammachip_tui.store.demo import DEMO_VILLAGE
from sammachip_tui.store.workspace import Workspace

from .conftest import until
from .network_helpers import V2, groups, link
from .test_group_screen import fill


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


async def _push(pilot: Pilot, screen: object) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    app.push_screen(screen)  # type: ignore[arg-type]
    await until(pilot, lambda: app.screen is screen, "the screen")
    await pilot.pause()


async def _key_opens(pilot: Pilot, key: str, kind: type) -> object:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), f"{key} opening {kind}")
    await pilot.pause()
    return pilot.app.screen


def _rows(screen: object) -> list[list[str]]:
    table = screen.query_one("#table", DataTable)  # type: ignore[attr-defined]
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def _graph(screen: DistrictNetworkScreen) -> str:
    return str(screen.query_one("#graph", Static).render())


async def test_two_groups_linked_from_the_group_screen_then_restart(
    demo_workspace: Workspace,
) -> None:
    ws = demo_workspace
    farm, mill = groups(ws, "กลุ่มปลูกข้าวอินทรีย์", "กลุ่มโรงสีข้าวชุมชน", village=DEMO_VILLAGE)
    groups(ws, "กลุ่มไม่มีเครือข่าย", village=V2)
    app = _app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await _push(pilot, GroupScreen(DEMO_VILLAGE, farm))
        screen = await _key_opens(pilot, "k", GroupNetworkScreen)
        assert _rows(screen) == []
        dialog = await _key_opens(pilot, "a", GroupDialog)
        assert isinstance(dialog, GroupDialog)
        await fill(pilot, dialog, {"partner": "กลุ่มปลูกข้าวอินทรีย์", "kind": "supplies"})
        await pilot.press("enter")  # itself: refused, the dialog and the texts stay
        await until(pilot, lambda: dialog.problem() != "", "the refusal")
        assert "ตัวเอง" in dialog.problem() or "itself" in dialog.problem()
        assert app.screen is dialog
        assert dialog.query_one("#f-partner", Input).value == "กลุ่มปลูกข้าวอินทรีย์"
        await fill(pilot, dialog, {"partner": "กลุ่มโรงสีข้าวชุมชน", "exchanges": "วัตถุดิบ, ตลาด",
                                    "since": "๑/๖/๒๕๖๘"})  # fmt: skip
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, "saved and closed")
        await until(pilot, lambda: len(_rows(screen)) == 1, "the link listed")
        [row] = _rows(screen)
        assert row[0] == "กลุ่มโรงสีข้าวชุมชน" and "ส่งวัตถุดิบ" in row[2] and "ตลาด" in row[3]
        await pilot.press("escape")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")

        # the partner's network lists it, turned
        partner = GroupNetworkScreen(DEMO_VILLAGE, mill)
        await _push(pilot, partner)
        [row] = _rows(partner)
        assert row[0] == "กลุ่มปลูกข้าวอินทรีย์" and row[2] == "รับวัตถุดิบจากกลุ่มคู่"
        await pilot.press("escape")

        # the district's picture: the farm left of the mill, an arrow into the mill
        await _push(pilot, GroupsScreen(DEMO_VILLAGE))
        district = await _key_opens(pilot, "k", DistrictNetworkScreen)
        assert isinstance(district, DistrictNetworkScreen) and district.drawn
        line = next(x for x in _graph(district).splitlines() if "กลุ่มโรงสี" in x)
        assert line.index("กลุ่มปลูกข้าว") < line.index("▶กลุ่มโรงสี")
        assert "ไม่มีเครือข่าย" not in _graph(district)
        counts = str(district.query_one("#counts", Static).render())
        assert "2" in counts and "1" in counts  # two groups linked, one without links
        await pilot.press("ctrl+q")

    data_dir = ws.data_dir
    ws.close()
    again = Workspace.open(data_dir)
    try:
        app2 = _app(again)
        async with app2.run_test(size=(100, 30)) as pilot:
            await _push(pilot, GroupScreen(DEMO_VILLAGE, mill))
            screen = await _key_opens(pilot, "k", GroupNetworkScreen)
            assert [r[0] for r in _rows(screen)] == ["กลุ่มปลูกข้าวอินทรีย์"]
            await pilot.press("delete")  # asks first, then the link goes
            await until(pilot, lambda: isinstance(app2.screen, ConfirmDialog), "the question")
            await pilot.press("enter")
            await until(pilot, lambda: _rows(screen) == [], "the link deleted")
        assert network.group_network(again, DEMO_VILLAGE, farm) == []
    finally:
        again.close()


async def test_the_district_view_is_a_table_when_the_picture_does_not_fit(
    demo_workspace: Workspace,
) -> None:
    ws = demo_workspace
    names = [f"กลุ่มที่ {n} ทำผลิตภัณฑ์จักสาน" for n in range(8)]
    ids = groups(ws, *names, village=DEMO_VILLAGE)
    for a, b in itertools.pairwise(ids):  # a chain of eight: wide
        link(ws, a, DEMO_VILLAGE, partner=b, kind="supplies")
    app = _app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = DistrictNetworkScreen()
        await _push(pilot, screen)
        assert not screen.drawn and len(_rows(screen)) == 7
        assert "กลุ่มที่ 0" in _rows(screen)[0][0]
        await pilot.press("v")  # the picture cannot be shown: said, the table stays
        await pilot.pause()
        assert not screen.drawn
    wide = _app(ws)
    async with wide.run_test(size=(240, 30)) as pilot:
        screen = DistrictNetworkScreen()
        await _push(pilot, screen)
        assert screen.drawn
        first = _graph(screen).splitlines()[0]
        assert [first.index(f"กลุ่มที่ {n}") for n in range(8)] == sorted(
            first.index(f"กลุ่มที่ {n}") for n in range(8)
        )
        await pilot.press("v")
        await pilot.pause()
        assert not screen.drawn and len(_rows(screen)) == 7
        await pilot.press("v")
        await pilot.pause()
        assert screen.drawn
