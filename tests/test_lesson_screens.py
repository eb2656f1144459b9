"""Pilot tests of teaching the proposer from the review screen, as an officer would: merge two
proposals, split one, mark a text "not a group occupation", undo from the lessons list, and
switch a livelihood on for the village (on a 40×12 terminal, by the keyboard alone)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.lesson_dialogs import (
    ConfirmDialog,
    ExcludeDialog,
    LessonsDialog,
    LivelihoodsDialog,
    MergeDialog,
    SplitDialog,
)
from sammachip_tui.screens.proposals import ProposalsScreen
from sammachip_tui.store import lessons as sl
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until
from .test_lessons import BASKETS, BEADS, VILLAGE, homes_doing
from .test_proposal_screens import ready


async def open_review(pilot: Pilot) -> ProposalsScreen:
    await until(pilot, lambda: pilot.app.workspace is not None, "the workspace")  # type: ignore[attr-defined]
    pilot.app.push_screen(ProposalsScreen(VILLAGE))
    return await ready(pilot)


def shown(screen: ProposalsScreen) -> list[set[str]]:
    assert screen.result is not None
    return sorted(({m.household.house_no for m in p.members} for p in screen.result.proposals),
                  key=lambda s: sorted(s))  # fmt: skip


def highlight(screen: ProposalsScreen, house_no: str) -> None:
    assert screen.result is not None
    index = next(i for i, p in enumerate(screen.result.proposals)
                 if house_no in {m.household.house_no for m in p.members})  # fmt: skip
    screen.query_one("#proposals", DataTable).move_cursor(row=index)


async def test_merge_then_undo_from_the_lessons_list(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "จักสาน", 5)
    homes_doing(workspace, VILLAGE, "ร้อยลูกปัด", 5, start=11)
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        assert shown(screen) == [BASKETS, BEADS]
        highlight(screen, "1")
        await pilot.pause()
        before = screen.result
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, MergeDialog), "the merge dialog")
        await pilot.press("enter")  # the one other proposal, highlighted
        screen = await ready(pilot, before)
        assert shown(screen) == [BASKETS | BEADS]

        before = screen.result
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LessonsDialog), "the lessons")
        table = app.screen.query_one("#lessons", DataTable)
        assert table.row_count == 1 and "ร้อยลูกปัด" in str(table.get_row_at(0))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LessonsDialog)
                    and app.screen.query_one("#lessons", DataTable).row_count == 0,
                    "the lesson undone")  # fmt: skip
        await pilot.press("escape")
        screen = await ready(pilot, before)
        assert shown(screen) == [BASKETS, BEADS]
    assert sl.lesson_records(workspace) == []


async def test_split_with_a_name_typed_in_thai(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทอผ้าไหม", 6)
    homes_doing(workspace, VILLAGE, "ทอผ้าฝ้าย", 5, start=11)
    silk = {str(k) for k in range(1, 7)}
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        assert shown(screen) == [silk | BEADS]
        before = screen.result
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, SplitDialog), "the split dialog")
        dialog = app.screen
        await pilot.press("enter")  # nothing ticked: kept open, with the reason
        await pilot.pause()
        assert app.screen is dialog and str(dialog.query_one("#problem").render()).strip()
        await pilot.press("tab", "space", "tab")  # tick ทอผ้าฝ้าย, then to the name
        assert dialog.query_one("#text-1", Checkbox).value
        await type_text(pilot, "ทอผ้าฝ้ายย้อมคราม")
        await pilot.press("enter")
        screen = await ready(pilot, before)
        assert shown(screen) == [silk, BEADS]
        assert screen.result is not None
        assert "ทอผ้าฝ้ายย้อมคราม" in {p.craft.name_th for p in screen.result.proposals}


async def test_not_a_group_occupation_from_the_highlighted_member(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "จักสาน", 5)
    homes_doing(workspace, VILLAGE, "เพาะเห็ด", 5, start=11)
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        highlight(screen, "11")
        await pilot.pause()
        screen.query_one("#members").focus()
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExcludeDialog), "the dialog")
        assert app.screen.query_one("#f-text").value == "เพาะเห็ด"  # type: ignore[attr-defined]
        await pilot.press("escape")  # Esc: nothing changes
        await until(pilot, lambda: app.screen is screen, "the review again")
        assert sl.lesson_records(workspace) == []
        before = screen.result
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExcludeDialog), "the dialog")
        await pilot.press("enter")
        screen = await ready(pilot, before)
        assert shown(screen) == [BASKETS]
        assert screen.result is not None
        assert {x.household.house_no for x in screen.result.left} == BEADS


async def test_switch_a_livelihood_on_at_40_by_12(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทำนา", 5)
    rice = sp.matcher(workspace).match("ทำนา").craft
    families = [c.key for c in sl.base_families(sp.matcher(workspace).lexicon)]
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        assert shown(screen) == []
        before = screen.result
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, LivelihoodsDialog), "the dialog")
        dialog = app.screen
        # The dialog at 40×12 (the proposals screen needs more: it says so until it has it).
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        for _n in range(families.index(str(rice))):
            await pilot.press("tab")
        focused = app.focused
        assert isinstance(focused, Checkbox) and focused.id == f"live-{rice}"
        await pilot.pause()
        assert dialog.query_one("#box").scroll_y > 0  # scrolled to it: seen where it is ticked
        assert focused.region.height and app.screen.region.contains_region(focused.region)
        await pilot.press("space", "enter")
        await pilot.resize_terminal(80, 24)
        screen = await ready(pilot, before)
        assert shown(screen) == [BASKETS]
    assert sl.livelihoods(workspace, VILLAGE) == [rice]


async def test_a_proposal_of_one_text_is_not_split_and_says_why(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "จักสาน", 5)
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        highlight(screen, "1")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert app.screen is screen  # no dialog with nothing to choose
        assert screen.query_one("#status").has_class("-problem")
