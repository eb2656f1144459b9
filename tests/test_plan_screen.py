"""Pilot tests of the action plan: a forum need put into the plan with Ctrl+T, typed in Thai
one key at a time, opened again with a second Ctrl+T (no duplicate), edited and exported on
the plan screen, then found after a restart; a resource refused with the lists that can be
planned; a refused value kept in its field; delete asks first and moving keeps the row."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.export_dialog import ExportDialog
from sammachip_tui.screens.forum import ForumScreen
from sammachip_tui.screens.group_dialogs import GroupDialog
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.lesson_dialogs import ConfirmDialog
from sammachip_tui.screens.plan import PlanScreen
from sammachip_tui.store import plans
from sammachip_tui.store.demo import DEMO_VILLAGE
from sammachip_tui.store.workspace import Workspace

from .conftest import until
from .test_group_screen import fill, refused

YEAR = 2570  # the frozen day, 22/11/2569, is in fiscal year 2570


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


async def _dialog(pilot: Pilot, *keys: str) -> GroupDialog:
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(pilot.app.screen, GroupDialog), f"the dialog of {keys}")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, GroupDialog)
    return dialog


async def _saved(pilot: Pilot, screen: object) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: pilot.app.screen is screen, "the dialog saving and closing")
    await pilot.pause()


def _status(screen: ForumScreen | PlanScreen) -> str:
    return str(screen.query_one("#status", Static).render())


async def _forum_on(pilot: Pilot, key: str) -> ForumScreen:
    """The demo forum, its list ``key`` (F5 problems … F8 needs) in focus, first item."""
    await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                and pilot.app.screen.loaded, "home")  # fmt: skip
    await pilot.press("f", "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, ForumScreen), "the forum")
    screen = pilot.app.screen
    assert isinstance(screen, ForumScreen)
    await pilot.press(key)
    await pilot.pause()
    screen.query_one("#items").focus()
    await pilot.pause()
    return screen


async def _open_plan(pilot: Pilot) -> PlanScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                and pilot.app.screen.loaded, "home")  # fmt: skip
    await pilot.press("p")
    await until(pilot, lambda: isinstance(pilot.app.screen, PlanScreen), "the plan")
    screen = pilot.app.screen
    assert isinstance(screen, PlanScreen)
    await until(pilot, lambda: screen.view is not None, "the plan read")
    await pilot.pause()
    return screen


async def test_a_forum_need_into_the_plan_edited_exported_and_found_after_a_restart(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        forum = await _forum_on(pilot, "f8")  # the needs: the first is the Saturday market
        dialog = await _dialog(pilot, "ctrl+t")
        assert dialog.query_one("#f-project", Input).value == "ตลาดชุมชนขายสินค้าทุกวันเสาร์"
        await fill(pilot, dialog, {"budget": "๒๐,๐๐๐", "target": "ผู้ผลิตสินค้าชุมชน",
                                   "start": "1/12/2569", "end": "30/9/2570",
                                   "responsible": "นายสมศักดิ์ ใจดี"})  # fmt: skip
        await _saved(pilot, forum)
        assert "2570" in _status(forum)
        again = await _dialog(pilot, "ctrl+t")  # in the plan already: its row, not a second
        assert again.query_one("#f-budget", Input).value == "20000"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is forum, "Esc")
        await pilot.press("f6", "tab", "tab")  # a resource: refused, saying what can be planned
        forum.query_one("#items").focus()
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is forum
        assert "needs and problems" in _status(forum) or "ความต้องการ" in _status(forum)
        await pilot.press("escape")  # to the forums, then home
        await until(pilot, lambda: app.screen is not forum, "the forums")
        await pilot.press("escape")

        screen = await _open_plan(pilot)
        assert screen.view is not None and len(screen.view.lines) == 1
        detail = str(screen.query_one("#detail", Static).render())
        assert "ตลาดชุมชนขายสินค้าทุกวันเสาร์" in detail and "27" in detail  # its votes
        assert "20,000" in str(screen.query_one("#summary", Static).render())
        dialog = await _dialog(pilot, "enter")
        await fill(pilot, dialog, {"end": "1/11/2569"})  # before the start: refused, kept
        problem = await refused(pilot, dialog)
        assert "1/11/2569" in problem
        assert dialog.query_one("#f-end", Input).value == "1/11/2569"
        await fill(pilot, dialog, {"end": "31/3/2570", "place": "ลานวัดบ้านดอน"})
        await _saved(pilot, screen)
        assert screen.view.lines[0].row.place == "ลานวัดบ้านดอน"
        header = await _dialog(pilot, "h")
        await fill(pilot, header, {"prepared_by": "นางพัฒนา รักถิ่น"})
        await _saved(pilot, screen)

        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        export = app.screen
        assert isinstance(export, ExportDialog)
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: bool(export.written), "the plan written")
        assert [p.suffix for p in export.written] == [".docx", ".xlsx"]
        cells = [c.text for t in docx.Document(str(export.written[0])).tables
                 for r in t.rows for c in r.cells]  # fmt: skip
        assert "ลานวัดบ้านดอน" in cells and "(นางพัฒนา รักถิ่น)" in [
            p.text for p in docx.Document(str(export.written[0])).paragraphs]  # fmt: skip
        sheet = openpyxl.load_workbook(export.written[1]).active
        assert any(row[1] == "ตลาดชุมชนขายสินค้าทุกวันเสาร์"
                   for row in sheet.iter_rows(values_only=True))  # fmt: skip
        await pilot.press("escape")
        await pilot.press("ctrl+q")

    data_dir = demo_workspace.data_dir
    demo_workspace.close()
    again_ws = Workspace.open(data_dir)
    try:
        app2 = _app(again_ws)
        async with app2.run_test(size=(100, 30)) as pilot:
            screen = await _open_plan(pilot)
            assert screen.view is not None
            [line] = screen.view.lines
            assert (line.row.project, line.row.budget) == ("ตลาดชุมชนขายสินค้าทุกวันเสาร์", 20000)
            assert line.row.responsible == "นายสมศักดิ์ ใจดี" and line.item is not None
            assert screen.view.plan is not None
            assert screen.view.plan.prepared_by == "นางพัฒนา รักถิ่น"
    finally:
        again_ws.close()


async def test_rows_added_moved_and_deleted_after_a_yes(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_plan(pilot)
        for project in ("อบรมทำน้ำพริก", "ตลาดนัดชุมชน"):
            dialog = await _dialog(pilot, "a")
            await fill(pilot, dialog, {"project": project, "budget": "1,000"})
            await _saved(pilot, screen)
        table = screen.query_one("#table", DataTable)
        assert table.row_count == 2
        assert table.cursor_row == 1  # the row just added
        await pilot.press("up", "shift+up")  # the first row already: nothing moves
        await pilot.press("shift+down")
        await until(pilot, lambda: screen.view is not None
                    and screen.view.lines[1].row.project == "อบรมทำน้ำพริก", "moved")  # fmt: skip
        await pilot.pause()
        assert table.cursor_row == 1  # the moved row stays highlighted
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("escape")  # no: nothing deleted
        await until(pilot, lambda: app.screen is screen, "back")
        assert len(plans.plan_view(demo_workspace, DEMO_VILLAGE, YEAR).lines) == 2
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("enter")
        await until(pilot, lambda: table.row_count == 1, "deleted")
        assert [x.row.project for x in plans.plan_view(demo_workspace, DEMO_VILLAGE,
                                                       YEAR).lines] == ["ตลาดนัดชุมชน"]  # fmt: skip
        await pilot.press("right_square_bracket")  # the next fiscal year: its own plan
        await pilot.pause()
        assert screen.year == YEAR + 1 and table.row_count == 0
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.year == YEAR and table.row_count == 1


async def test_p_on_a_groups_activity_puts_it_into_the_plan_once(
    demo_workspace: Workspace,
) -> None:
    from sammachip_tui.store import groups as sg

    from .test_group_screen import accept_first, open_group

    accept_first(demo_workspace, "กลุ่มทอผ้าบ้านดอน")
    app = _app(demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_group(pilot, app)
        v, g = screen.village, screen.group_id
        demo_workspace.commit_built(lambda w: [sg.add_entry(w, v, g, "activity", {
            "title": "ทอผ้าขายงานกาชาด", "date": "15/1/2570", "cost": "2,500"})])  # fmt: skip
        screen.refresh_group()
        await pilot.press("p")  # the members: nothing to plan, said so
        await pilot.pause()
        assert app.screen is screen and "(5)" in str(screen.query_one("#status").render())
        await pilot.press("5")
        dialog = await _dialog(pilot, "p")
        assert dialog.query_one("#f-project", Input).value == "ทอผ้าขายงานกาชาด"
        assert dialog.query_one("#f-budget", Input).value == "2500"
        await fill(pilot, dialog, {"place": "ศาลาหมู่บ้าน"})
        await _saved(pilot, screen)
        again = await _dialog(pilot, "p")  # its row, not a second
        assert again.query_one("#f-place", Input).value == "ศาลาหมู่บ้าน"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "Esc")
    [line] = plans.plan_view(demo_workspace, DEMO_VILLAGE, YEAR).lines
    assert (line.row.group_id, line.row.budget, line.group_name) == (
        g, 2500, "กลุ่มทอผ้าบ้านดอน")  # fmt: skip
