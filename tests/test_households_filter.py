"""The household filter as a new officer uses it (issue 13): ↓ goes to the list, Esc clears
the filter and goes back to the list, and a row found through what the list does not show
(the second occupation, the skills) says why it is there."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from sammachip_tui.app import SammachipApp
from sammachip_tui.i18n import _
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text

VILLAGE = "52120505"


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def _occupations(screen: HouseholdsScreen) -> dict[str, str]:
    """Household id → the occupation cell as shown."""
    table = screen.query_one("#table", DataTable)
    return {
        str(row.key.value): str(table.get_cell(row.key, "occupation")) for row in table.ordered_rows
    }


async def _filtered(pilot: Pilot, text: str) -> tuple[HouseholdsScreen, DataTable[Any]]:
    """The village's households, the filter opened with / and ``text`` typed in it."""
    await pilot.press("enter", "slash")
    await type_text(pilot, text)
    screen = pilot.app.screen
    assert isinstance(screen, HouseholdsScreen)
    return screen, screen.query_one("#table", DataTable)


async def test_down_from_the_filter_goes_to_the_list(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _filtered(pilot, "ทำนา")
        await pilot.press("down")
        assert app.focused is table
        assert screen.query_one("#filter", Input).value == "ทำนา"  # the filter stays
        await pilot.press("down")
        assert table.cursor_row == 1  # and ↓ now moves in the list


async def test_escape_clears_the_filter_and_goes_back_to_the_list(
    demo_workspace: Workspace,
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await _filtered(pilot, "ทอผ้า")
        assert table.row_count < 200
        await pilot.press("escape")
        assert screen.query_one("#filter", Input).value == ""
        assert table.row_count == 200
        assert app.focused is table
        await pilot.press("slash", "escape")  # an empty filter: back to the list, not out
        assert app.screen is screen and app.focused is table
        await pilot.press("escape")  # from the list, Esc leaves
        assert isinstance(app.screen, HomeScreen)


async def test_a_row_found_through_skills_or_second_occupation_says_why(
    demo_workspace: Workspace,
) -> None:
    everyone = households(demo_workspace, VILLAGE)
    by_skill = {h.id for h in everyone if "ปุ๋ยหมัก" in h.skills
                and "ปุ๋ยหมัก" not in h.occupation_main + h.full_name}  # fmt: skip
    by_second = {h.id for h in everyone if "ผักสวนครัว" in h.occupation_secondary
                 and "ผักสวนครัว" not in h.occupation_main + h.full_name}  # fmt: skip
    by_main = {h.id for h in everyone if "ผักสวนครัว" in h.occupation_main}
    assert by_skill and by_second
    skills_note, second_note = _("matched: skills"), _("matched: 2nd occupation")
    assert skills_note != "matched: skills"  # said in Thai
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _table = await _filtered(pilot, "ปุ๋ยหมัก")  # all found by their skills
        cells = _occupations(screen)
        assert set(cells) == by_skill
        assert all(cell.startswith(skills_note) for cell in cells.values())

        await pilot.press("escape", "slash")
        await type_text(pilot, "ผักสวนครัว")
        cells = _occupations(screen)
        assert set(cells) == by_second | by_main
        assert all(cells[i].startswith(second_note) for i in by_second)
        assert not any(cells[i].startswith(second_note) for i in by_main)  # shown already
