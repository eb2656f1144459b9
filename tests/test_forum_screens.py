"""Pilot tests of the forum: an officer plays a whole forum, Thai typed one key event per
character, quits, starts again on the same data directory and finds everything as it was."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Digits, Input, Select, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.model.records import ForumList
from sammachip_tui.screens.attendance import AttendanceScreen
from sammachip_tui.screens.forum import ForumScreen
from sammachip_tui.screens.forum_views import RankedScreen, SummaryScreen
from sammachip_tui.screens.forum_votes import VotesDialog
from sammachip_tui.screens.forums import ForumsScreen
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.item_dialog import ItemDialog
from sammachip_tui.store import forum as fs
from sammachip_tui.store.workspace import Change, Workspace

from .conftest import settled, type_text, until

NEW_VILLAGE = "52120507"  # หมู่ 7, ต.เวียงตาล อ.ห้างฉัตร จ.ลำปาง

ITEMS = {
    "f5": ["ถนนเข้าหมู่บ้านชำรุด", "น้ำไม่พอใช้หน้าแล้ง", "หนี้นอกระบบ"],
    "f6": ["ป่าไผ่ชุมชน", "อ่างเก็บน้ำห้วยแม่ต๋ำ"],
    "f7": ["ทอผ้าตีนจก", "จักสานกระติ๊บข้าว", "ทำน้ำพริกหนุ่ม"],
    "f8": ["ตลาดนัดชุมชน", "อบรมบรรจุภัณฑ์"],
}


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


async def _wait_saved(pilot: Pilot) -> None:
    """Until every change the screen sent is in the journal and shown."""
    screen = pilot.app.screen
    await settled(pilot)
    await until(pilot, lambda: not getattr(screen, "pending", 0), "saving")


def _rows(screen: ForumScreen) -> list[str]:
    table = screen.query_one("#items", DataTable)
    return [str(table.get_row_at(n)[1]) for n in range(table.row_count)]


async def test_play_a_forum_then_restart_and_find_it_all(workspace: Workspace) -> None:
    app = _app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # A village from the area list: the device's province and district are chosen already.
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.id == "village-dialog"
        await pilot.press("enter", *["down"] * 5, "enter")  # 521205 เวียงตาล
        assert app.screen.query_one("#subdistrict", Select).value == "521205"
        await pilot.press("tab")
        await type_text(pilot, "๗")
        await pilot.press("tab")
        await type_text(pilot, "บ้านใหม่พัฒนา")
        await pilot.press("ctrl+s")  # adds it and closes
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert NEW_VILLAGE in workspace.villages()

        # Three programme households, as an import would bring them.
        workspace.commit([
            Change("household", NEW_VILLAGE, {"village_code": NEW_VILLAGE, "house_no": str(n),
                                              "first_name": name})
            for n, name in ((12, "บุญมา"), (14, "คำปัน"), (20, "แสงเดือน"))
        ])  # fmt: skip

        # Hold a forum.
        await app.workers.wait_for_complete()  # the village list recounted on return
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home._cursor = [r.code for r in home.rows].index(NEW_VILLAGE)
        await pilot.press("f")
        assert isinstance(app.screen, ForumsScreen)
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "ศาลาวัดบ้านใหม่")
        await pilot.press("tab")
        await type_text(pilot, "สมศรี, ประยุทธ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ForumScreen)

        # Type the four lists, one key event per character, Enter after each item.
        for key, texts in ITEMS.items():
            await pilot.press(key)
            for text in texts:
                await type_text(pilot, text)
                await pilot.press("enter")
            await _wait_saved(pilot)
            assert _rows(screen) == texts
            assert screen.query_one("#entry", Input).value == ""
        assert "✓" in str(screen.query_one("#saved", Static).render())

        # Votes: in the problem list, two for the first, three for the last.
        await pilot.press("f5", "down")
        assert app.focused is screen.query_one("#items")
        await pilot.press("plus", "plus", "end", "plus", "plus", "plus", "plus", "minus")
        await _wait_saved(pilot)

        # Who raised an item, typed on the entry line beside it.
        await pilot.press("f8")
        await type_text(pilot, "ทุนหมุนเวียน")
        await pilot.press("tab")
        await type_text(pilot, "ผู้ใหญ่บ้าน")
        await pilot.press("enter")
        await _wait_saved(pilot)

        # Attendance: house number 12 at the door, then 20 by name.
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        await type_text(pilot, "๑๒")
        await pilot.press("enter")
        await type_text(pilot, "แสงเดือน")
        await pilot.press("enter")
        await until(pilot, lambda: len(app.screen.present) == 2, "two ticks")  # type: ignore[attr-defined]
        assert "2/3" in str(app.screen.query_one("#count", Static).render())
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back in the forum")
        assert "2/3" in str(screen.query_one("#attend", Static).render())
        await pilot.press("ctrl+q")

    data_dir = workspace.data_dir
    workspace.close()
    again = Workspace.open(data_dir)
    try:
        [forum] = fs.forums(again, NEW_VILLAGE)
        assert (forum.place, forum.facilitators) == ("ศาลาวัดบ้านใหม่", ["สมศรี", "ประยุทธ"])
        found = fs.items(again, NEW_VILLAGE, forum.id)
        assert sum(len(t) for t in ITEMS.values()) + 1 == len(found) >= 10
        votes = {i.text: i.votes for i in found if i.list is ForumList.problem}
        assert votes == {"ถนนเข้าหมู่บ้านชำรุด": 2, "น้ำไม่พอใช้หน้าแล้ง": 0, "หนี้นอกระบบ": 3}
        assert [i.raised_by for i in found if i.text == "ทุนหมุนเวียน"] == ["ผู้ใหญ่บ้าน"]
        names = {h["first_name"] for h in again.records(NEW_VILLAGE, "household")
                 if h["id"] in fs.present(again, NEW_VILLAGE, forum.id)}  # fmt: skip
        assert names == {"บุญมา", "แสงเดือน"}

        app2 = _app(again)
        async with app2.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            home = app2.screen
            assert isinstance(home, HomeScreen)
            home._cursor = [r.code for r in home.rows].index(NEW_VILLAGE)
            await pilot.press("f", "enter")
            await pilot.pause()
            screen = app2.screen
            assert isinstance(screen, ForumScreen)
            await pilot.press("f7")
            assert _rows(screen) == ITEMS["f7"]
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert isinstance(app2.screen, RankedScreen)
            ranked = app2.screen.record.lists[ForumList.problem]  # type: ignore[union-attr]
            assert [i.text for i in ranked][:2] == ["หนี้นอกระบบ", "ถนนเข้าหมู่บ้านชำรุด"]
    finally:
        again.close()


async def _open_demo_forum(pilot: Pilot) -> ForumScreen:
    await pilot.pause()
    await pilot.press("f", "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ForumScreen)
    return screen


async def test_delete_undo_move_and_edit_an_item(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        first = _rows(screen)
        await pilot.press("down", "delete")
        await _wait_saved(pilot)
        assert _rows(screen) == first[1:]
        assert "Ctrl+Z" in str(screen.query_one("#status", Static).render())
        await pilot.press("ctrl+z")
        await _wait_saved(pilot)
        assert _rows(screen) == first
        await pilot.press("end", "shift+up")
        await _wait_saved(pilot)
        assert _rows(screen) == [*first[:3], first[4], first[3]]

        # Local wisdom: add a detail and link an occupation found by typing Thai.
        await pilot.press("f7", "home", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        await pilot.press("tab")
        await pilot.press("end")
        await type_text(pilot, " ทอมือ")
        dialog.query_one("#f-occ-search").focus()
        await pilot.pause()
        await type_text(pilot, "ผ้าไหม")
        await pilot.press("enter", "enter")  # to the list, link the one match (ทอผ้าไหม)
        await pilot.press("ctrl+s")
        await _wait_saved(pilot)
        [item] = [i for i in screen.items.values() if i.text == "ทอผ้าตีนจกลายโบราณ"]
        assert item.detail.endswith("ทอมือ")
        assert item.occupations == ["HAN02", "HAN01"]

        # Votes typed as a number, in Thai digits (v asks for the count; Enter saves).
        await pilot.press("f8", "home", "v")
        await pilot.pause()
        votes = app.screen.query_one("#f-votes", Input)
        votes.value = ""
        await type_text(pilot, "๔๐")
        await pilot.press("enter")
        await _wait_saved(pilot)
        assert (
            fs.ranked(i for i in screen.items.values() if i.list is ForumList.need)[0].votes == 40
        )


async def test_bad_input_is_refused_and_kept(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        before = len(screen.items)
        await pilot.press("enter")  # nothing typed
        assert "empty" in str(screen.query_one("#status", Static).render()) or "ว่าง" in str(
            screen.query_one("#status", Static).render()
        )
        await type_text(pilot, "ยังไม่ได้กด Enter")
        await pilot.press("escape")  # text on the entry line: add it, discard it or stay?
        await pilot.pause()
        assert app.screen.id == "leave-dialog"
        await pilot.press("escape")  # stay
        await until(pilot, lambda: app.screen is screen, "back in the forum")
        assert screen.query_one("#entry", Input).value == "ยังไม่ได้กด Enter"
        await pilot.press("down")
        await pilot.press("v")
        await pilot.pause()
        votes = app.screen.query_one("#f-votes", Input)
        votes.value = "-"
        await pilot.press("enter")  # a vote count of "-" cannot be saved: the dialog stays
        assert isinstance(app.screen, VotesDialog)
        votes.value = "3"
        await pilot.press("enter")
        await _wait_saved(pilot)
        assert len(screen.items) == before


async def test_typing_in_the_list_goes_to_the_entry_line(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("down")
        assert app.focused is screen.query_one("#items")
        await type_text(pilot, "ไฟฟ้า")
        assert app.focused is screen.query_one("#entry")
        assert screen.query_one("#entry", Input).value == "ไฟฟ้า"


async def test_summary_and_export(demo_workspace: Workspace, tmp_path: Path) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_demo_forum(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one("#present", Digits).value == "134"
        text = "".join(str(s.render()) for s in app.screen.query(Static))
        assert "134" in text and "200" in text
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#stem", Input)
        field.value = str(tmp_path / "บันทึก")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    md = (tmp_path / "บันทึก.md").read_text("utf-8")
    assert "รายได้ไม่พอรายจ่าย หนี้นอกระบบ | 31" in md
    assert (tmp_path / "บันทึก.csv").read_bytes().startswith(b"\xef\xbb\xbf")


async def test_language_switch_keeps_what_is_typed(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("f6")
        await type_text(pilot, "ลำห้วย")
        await pilot.press("f2")
        await pilot.pause()
        assert "F6 resources and potential 4" in str(screen.query_one("#tabs", Static).render())
        assert screen.query_one("#entry", Input).value == "ลำห้วย"
        await pilot.press("enter")
        await _wait_saved(pilot)
        assert _rows(screen)[-1] == "ลำห้วย"
        await pilot.press("f9")
        await pilot.pause()
        assert "Present 134/200 programme households" in str(
            app.screen.query_one("#count", Static).render()
        )


async def test_other_attendees_are_counted(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("f9")
        await pilot.pause()
        others = app.screen.query_one("#others", Input)
        others.focus()
        await pilot.pause()
        others.value = ""
        await type_text(pilot, "๒๐")
        await pilot.press("enter")
        await until(pilot, lambda: "✓" in str(app.screen.query_one("#status", Static).render()))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back in the forum")
        assert str(screen.query_one("#attend", Static).render()).endswith("+20")
        forum = fs.forums(demo_workspace, "52120505")[0]
        assert forum.other_attendees == 20


async def test_pasting_several_lines_adds_one_item_each(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("f8")
        before = _rows(screen)
        entry = screen.query_one("#entry", Input)
        entry.post_message(events.Paste("ไฟทางสาธารณะ\r\n\r\n  รถรับส่งนักเรียน \nลานตากข้าว\n"))
        await _wait_saved(pilot)
        assert _rows(screen) == [*before, "ไฟทางสาธารณะ", "รถรับส่งนักเรียน", "ลานตากข้าว"]
        assert entry.value == ""
        entry.post_message(events.Paste("ข้าวหลาม"))  # one line stays on the entry line
        await pilot.pause()
        assert entry.value == "ข้าวหลาม"
