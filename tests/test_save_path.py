"""The one save path and the quit rule, as an officer meets them.

* A write that has finished before the screen starts waiting for it (a fast disk, an idle
  writer) is shown like any other: the screen used to stay at "saving…" with the item
  never shown, because a done-callback ran on the interface thread.
* Ctrl+Q with text on the forum's entry line asks: add it, discard it, or stay.
* Ctrl+Q journals every edit the screens handed over, however many are queued.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.model.records import ForumList
from sammachip_tui.screens.forum import ForumScreen
from sammachip_tui.store import forum as fs
from sammachip_tui.store.workspace import Workspace

from .conftest import settled, type_text, until
from .test_forum_screens import _open_demo_forum

VILLAGE = "52120505"  # the demo village


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def until_true(condition: Any, seconds: float = 60) -> None:
    """Off the event loop: until ``condition()`` holds (a cap for a hang, not a timing)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.001)


def _texts(ws: Workspace, which: ForumList) -> list[str]:
    [forum] = fs.forums(ws, VILLAGE)
    return [i.text for i in fs.items(ws, VILLAGE, forum.id) if i.list == which]


def _rows(screen: ForumScreen) -> list[str]:
    table = screen.query_one("#items", DataTable)
    return [str(table.get_row_at(n)[1]) for n in range(table.row_count)]


async def test_a_write_finished_before_the_wait_is_shown(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Force the already-finished case: the writer runs the edit inline and hands back a
    future that is done before the screen looks at it."""

    def inline(self: Workspace, task: Any) -> Future[Any]:
        done: Future[Any] = Future()
        try:
            done.set_result(task())
        except Exception as exc:
            done.set_exception(exc)
        return done

    monkeypatch.setattr(Workspace, "_on_writer", inline)
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await type_text(pilot, "ไฟฟ้าดับบ่อย")
        await pilot.press("enter")
        await until(pilot, lambda: screen.pending == 0, "the item shown")
        assert "ไฟฟ้าดับบ่อย" in _rows(screen)
        saved = str(screen.query_one("#saved", Static).render())
        assert "10:00:00" in saved  # "saved HH:MM:SS" on the frozen clock
        assert "ไฟฟ้าดับบ่อย" in _texts(demo_workspace, ForumList.problem)


@pytest.mark.parametrize(
    ("key", "kept"),
    [("a", True), ("enter", True), ("d", False)],
)
async def test_quit_with_text_on_the_entry_line_asks(
    demo_workspace: Workspace, key: str, kept: bool
) -> None:
    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo_forum(pilot)
        await type_text(pilot, "ถนนลื่นหน้าฝน")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.screen.id == "leave-dialog"
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code is not None  # the app quit
    demo_workspace.close()
    with Workspace.open(data_dir) as ws:
        assert ("ถนนลื่นหน้าฝน" in _texts(ws, ForumList.problem)) is kept


async def test_quit_then_stay_keeps_the_text(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await type_text(pilot, "ถนนลื่นหน้าฝน")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert app.return_code is None  # still running
        assert screen.query_one("#entry", Input).value == "ถนนลื่นหน้าฝน"
        assert app.focused is screen.query_one("#entry")


async def test_quit_journals_every_queued_edit(demo_workspace: Workspace) -> None:
    """Twenty votes pressed while the writer is busy, then Ctrl+Q: all twenty are kept."""
    data_dir = demo_workspace.data_dir
    gate = threading.Event()
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("down")
        iid = screen._highlighted_id()
        assert iid is not None
        before = screen.items[iid].votes
        demo_workspace.submit_edit(lambda ws: (gate.wait(60), [])[1])  # the writer is busy
        for _ in range(20):
            await pilot.press("plus")
        assert screen.pending == 20
        # The writer goes on only once Ctrl+Q is under way: every vote is still queued then.
        threading.Thread(target=lambda: (until_true(lambda: app._quitting), gate.set())).start()
        await pilot.press("ctrl+q")
        await pilot.pause()
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        record = ws.record(VILLAGE, "item", iid)
        assert record is not None and record["votes"] == before + 20


def test_no_screen_reaches_the_workspace_its_own_way() -> None:
    """One save path: screens and forms write only through StoreAccess.save*."""
    src = Path(__file__).resolve().parents[1] / "src" / "sammachip_tui"
    offenders = []
    for path in [*(src / "screens").glob("*.py"), *(src / "forms").glob("*.py")]:
        text = path.read_text("utf-8")
        for needle in (".submit(", ".submit_edit(", "add_done_callback", "wrap_future"):
            if needle in text and path.name != "saving.py":
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []


async def test_attendance_enter_only_ticks_and_delete_unticks(demo_workspace: Workspace) -> None:
    """Enter on a ticked household leaves it ticked and says so; Del marks it absent."""
    from sammachip_tui.screens.attendance import AttendanceScreen

    app = _app(demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_demo_forum(pilot)
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        [forum] = fs.forums(demo_workspace, VILLAGE)

        async def settle() -> None:
            await settled(pilot)

        def status() -> str:
            return str(screen.query_one("#status", Static).render())

        await pilot.press("enter")  # nothing searched: Enter goes to the list
        table = screen.query_one("#homes", DataTable)
        assert app.focused is table
        hid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert hid is not None
        present = hid in fs.present(demo_workspace, VILLAGE, forum.id)
        if not present:
            await pilot.press("enter")
            await settle()
        assert hid in fs.present(demo_workspace, VILLAGE, forum.id)
        count = len(fs.present(demo_workspace, VILLAGE, forum.id))
        await pilot.press("enter")  # again: still present, and the screen says so
        await settle()
        assert hid in fs.present(demo_workspace, VILLAGE, forum.id)
        assert len(fs.present(demo_workspace, VILLAGE, forum.id)) == count
        assert "Del" in status()
        await pilot.press("space")  # Space ticks too, never unticks
        await settle()
        assert hid in fs.present(demo_workspace, VILLAGE, forum.id)
        await pilot.press("delete")
        await settle()
        assert hid not in fs.present(demo_workspace, VILLAGE, forum.id)
        assert "✓" in status()
        assert str(table.get_cell(hid, "here")) == ""


async def test_quit_from_an_open_dialog_keeps_what_it_holds(demo_workspace: Workspace) -> None:
    """Ctrl+Q while editing an item: the dialog does what its Esc does (hands the edit to
    the forum, which saves it), then the app quits; the edit is there after a restart."""
    from sammachip_tui.screens.item_dialog import ItemDialog

    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("down")
        iid = screen._highlighted_id()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemDialog)
        field = app.screen.query_one("#f-detail", Input)
        field.focus()
        field.value = ""
        await pilot.pause()
        await type_text(pilot, "ช่วงหน้าฝนทุกปี")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: app.return_code is not None, "quitting")
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        record = ws.record(VILLAGE, "item", iid or "")
        assert record is not None and record["detail"] == "ช่วงหน้าฝนทุกปี"
