"""Correcting and adding households on screen: saved field by field, nothing typed lost."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.household import HouseholdScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text

VILLAGE = "52120505"


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


async def _focus(pilot, selector: str) -> Input:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    return field


async def _saved(pilot, ws: Workspace) -> None:
    await pilot.pause()
    ws.submit([]).result(timeout=10)  # the store's thread has run what came before
    await pilot.pause()


async def test_edit_a_field_with_thai_digits(demo_workspace: Workspace) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, HouseholdScreen)
        field = await _focus(pilot, "#f-income_month")
        field.value = ""
        await type_text(pilot, "๒๐,๕๐๐")
        await pilot.press("enter")
        await _saved(pilot, demo_workspace)
        assert "บันทึกแล้ว" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, HouseholdsScreen)
    after = next(h for h in households(demo_workspace, VILLAGE) if h.id == first.id)
    assert after.income_month == 20500


async def test_bad_value_keeps_the_text_and_saves_nothing(demo_workspace: Workspace) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    journal = demo_workspace.data_dir / "journal.jsonl"
    size = journal.stat().st_size
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        field = await _focus(pilot, "#f-national_id")
        field.value = ""
        await type_text(pilot, "1101700230709")
        await pilot.press("enter")
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in status
        assert field.value == "1101700230709" and field.has_class("-invalid")
        assert journal.stat().st_size == size
        await pilot.press("escape")
        assert isinstance(app.screen, HouseholdScreen), "must not leave with an unsaved value"
        field.value = "1-1017-00230-70-8"
        await pilot.press("escape")
        await _saved(pilot, demo_workspace)
        assert isinstance(app.screen, HouseholdsScreen)
    assert journal.stat().st_size > size
    after = next(h for h in households(demo_workspace, VILLAGE) if h.id == first.id)
    assert after.national_id == "1101700230708"


async def test_add_a_household(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        assert isinstance(app.screen, HouseholdScreen)
        await _focus(pilot, "#f-occupation_main")
        await type_text(pilot, "ทำน้ำพริกเผา")
        await pilot.press("enter")  # no name yet: kept, not saved, no error
        await _focus(pilot, "#f-first_name")
        await type_text(pilot, "บุญเรือน")
        await pilot.press("enter")
        await _saved(pilot, demo_workspace)
        await _focus(pilot, "#f-volunteer")
        await type_text(pilot, "ใช่")
        await pilot.press("escape")  # saves the volunteer field on the way out
        await pilot.pause()
        assert isinstance(app.screen, HouseholdsScreen)
        table = app.screen.query_one("#table", DataTable)
        assert table.row_count == 201
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        [row] = [r for r in rows if "บุญเรือน" in r[1]]
        assert row[4] == "ใช่", "the list shows what was saved on leaving the form"
    new = [h for h in households(demo_workspace, VILLAGE) if h.first_name == "บุญเรือน"]
    assert len(new) == 1
    assert new[0].occupation_main == "ทำน้ำพริกเผา" and new[0].volunteer.value == "yes"


def test_household_form_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["enter", "enter"], terminal_size=(80, 24))


def test_new_household_form_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("enter", "n")
        await pilot.pause()
        await type_text(pilot, "บุญเรือน")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))
