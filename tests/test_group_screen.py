"""Pilot test of the group screen: an accepted proposal taken through the 5 ก to
"established" as an officer would, typing Thai one key at a time, then found again after a
restart; and the groups list of a village and of the whole device."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.model.group_records import GroupStage
from sammachip_tui.screens.group import GroupScreen
from sammachip_tui.screens.group_dialogs import GroupDialog
from sammachip_tui.screens.groups import GroupsScreen
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.lesson_dialogs import ConfirmDialog
from sammachip_tui.store.demo import DEMO_VILLAGE
from sammachip_tui.store.group_view import group_lines, group_view
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until
from .test_proposal_screens import open_proposals, ready, select


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def accept_first(ws: Workspace, name: str = "") -> None:
    """The demo's first proposal accepted as a group (forming), as the proposals screen does."""
    from sammachip_tui.store import proposals as sp

    first = sp.proposal_set(ws, DEMO_VILLAGE).proposals[0]
    ws.commit_built(lambda w: sp.accept(w, DEMO_VILLAGE, first, name))


async def open_group(pilot: Pilot, app: SammachipApp) -> GroupScreen:
    """From the villages screen, the (only) group's screen, read."""
    [line] = group_lines(app.workspace)  # type: ignore[arg-type]
    await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    screen = GroupScreen(line.village, line.id)
    app.push_screen(screen)
    await until(pilot, lambda: screen.view is not None, "the group")
    await pilot.pause()
    return screen


def checklist(screen: GroupScreen) -> list[str]:
    return str(screen.query_one("#checklist", Static).render()).splitlines()


def ticks(screen: GroupScreen) -> str:
    return "".join(line.strip()[0] for line in checklist(screen))


async def dialog_open(pilot: Pilot, key: str) -> GroupDialog:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, GroupDialog), f"the dialog of {key}")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, GroupDialog)
    return dialog


async def fill(pilot: Pilot, dialog: GroupDialog, values: dict[str, str]) -> None:
    """Type each value into its field, one key event per character (Thai marks too)."""
    for name, text in values.items():
        box = dialog.query_one(f"#f-{name}", Input)
        box.focus()
        box.value = ""
        await pilot.pause()
        await type_text(pilot, text)
        assert box.value == text


async def saved(pilot: Pilot, dialog: GroupDialog, screen: GroupScreen) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: pilot.app.screen is screen, "the dialog saving and closing")
    await pilot.pause()


async def refused(pilot: Pilot, dialog: GroupDialog, key: str = "enter") -> str:
    await pilot.press(key)
    await until(pilot, lambda: dialog.problem() != "", "the refusal")
    await pilot.pause()
    assert pilot.app.screen is dialog
    return dialog.problem()


async def add(pilot: Pilot, screen: GroupScreen, values: dict[str, str]) -> None:
    dialog = await dialog_open(pilot, "a")
    await fill(pilot, dialog, values)
    await saved(pilot, dialog, screen)


async def test_an_accepted_proposal_to_established_then_restart(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        proposals = await open_proposals(pilot)
        select(proposals, "weaving")
        await pilot.pause()
        before = proposals.result
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # accept, with the name as it comes
        proposals = await ready(pilot, before)
        await pilot.press("g")  # the group just made
        await until(pilot, lambda: isinstance(app.screen, GroupScreen), "the group screen")
        screen = app.screen
        assert isinstance(screen, GroupScreen) and screen.view is not None
        assert ticks(screen) == "✓✗✗✗✗"
        assert "ประธาน" in checklist(screen)[1] or "chair" in checklist(screen)[1]
        houses = [m.household.house_no for m in screen.view.members if m.household]
        chair, treasurer, secretary = houses[:3]

        # ก๒ committee: chair, treasurer, secretary; the treasurer as auditor is refused.
        await pilot.press("2")
        for post, house in (("chair", chair), ("treasurer", treasurer), ("secretary", secretary)):
            await add(pilot, screen, {"position": post, "household_id": house})
        assert ticks(screen) == "✓✓✗✗✗"
        assert screen.query_one("#table", DataTable).row_count == 3
        dialog = await dialog_open(pilot, "a")
        await fill(pilot, dialog, {"position": "auditor", "household_id": treasurer,
                                   "title": "ผู้ตรวจสอบบัญชี"})  # fmt: skip
        problem = await refused(pilot, dialog)
        assert "auditor" in problem or "ผู้ตรวจสอบ" in problem
        assert dialog.query_one("#f-title", Input).value == "ผู้ตรวจสอบบัญชี"  # kept
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "Esc")
        assert screen.query_one("#table", DataTable).row_count == 3

        # ก๓ bylaws from the usual clauses: 90% refused with the reason, then 100%.
        dialog = await dialog_open(pilot, "b")
        assert "…" in dialog.query_one("#f-purpose", Input).value  # the template's wording
        await fill(pilot, dialog, {"purpose": "ทอผ้าขายร่วมกัน",
                                   "text": "สมาชิกช่วยกันทอผ้าเดือนละสองครั้ง",
                                   "share_value": "๑๐๐", "dividend_pct": "40",
                                   "patronage_pct": "30", "reserve_pct": "20"})  # fmt: skip
        assert "90%" in str(dialog.query_one("#total", Static).render())
        problem = await refused(pilot, dialog, "ctrl+s")
        assert "90" in problem and "100" in problem
        await fill(pilot, dialog, {"welfare_pct": "10"})
        await saved(pilot, dialog, screen)
        assert ticks(screen) == "✓✓✓✗✗"

        # ก๔ one member's shares; ก๕ an activity; a training; an evaluation.
        await pilot.press("4")
        await add(pilot, screen, {"kind": "shares", "date": "22/11/2569", "amount": "500",
                                  "household_id": chair, "shares": "5",
                                  "note": "ค่าหุ้นงวดแรก"})  # fmt: skip
        assert ticks(screen) == "✓✓✓✓✗"
        assert "500" in str(screen.query_one("#info", Static).render())
        await pilot.press("5")
        await add(pilot, screen, {"title": "ทอผ้าขายงานกาชาด", "date": "๒๕/๑๑/๒๕๖๙"})
        assert ticks(screen) == "✓✓✓✓✓"
        await pilot.press("7")
        await add(pilot, screen, {"kind": "training", "agency": "พัฒนาชุมชนอำเภอห้างฉัตร",
                                  "what": "อบรมย้อมสีธรรมชาติ", "date": "20/11/2569"})  # fmt: skip
        await pilot.press("9")
        await add(pilot, screen, {"date": "22/11/2569", "participants": "สมาชิกและพัฒนากร",
                                  "members": "4", "committee": "4", "bylaws": "3", "fund": "3",
                                  "activities": "4"})  # fmt: skip

        # To "established".
        dialog = await dialog_open(pilot, "t")
        await fill(pilot, dialog, {"status": "established", "decided_by": "ที่ประชุมใหญ่"})
        await saved(pilot, dialog, screen)
        assert screen.view is not None and screen.view.stage is GroupStage.established
        await pilot.press("6")
        assert screen.query_one("#table", DataTable).row_count == 1
        group_id = screen.group_id
        await pilot.press("ctrl+q")

    data_dir = demo_workspace.data_dir
    demo_workspace.close()
    again = Workspace.open(data_dir)
    try:
        view = group_view(again, DEMO_VILLAGE, group_id)
        assert view is not None and view.stage is GroupStage.established
        assert len(view.current_committee(view.history[-1].date)) == 3
        assert view.bylaws is not None and view.bylaws.text == "สมาชิกช่วยกันทอผ้าเดือนละสองครั้ง"
        assert view.balance() == 500 and view.activities[0].title == "ทอผ้าขายงานกาชาด"
        assert view.supports[0].agency == "พัฒนาชุมชนอำเภอห้างฉัตร"
        assert view.evaluations[0].participants == "สมาชิกและพัฒนากร"
        assert view.history[-1].decided_by == "ที่ประชุมใหญ่"

        app2 = _app(again)
        async with app2.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: isinstance(app2.screen, HomeScreen), "home")
            await pilot.press("o")
            await until(pilot, lambda: isinstance(app2.screen, GroupsScreen), "the groups")
            await pilot.pause()
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app2.screen, GroupScreen), "the group")
            screen = app2.screen
            assert isinstance(screen, GroupScreen)
            await pilot.pause()
            assert ticks(screen) == "✓✓✓✓✓"
            await pilot.press("2")
            assert screen.query_one("#table", DataTable).row_count == 3
    finally:
        again.close()


async def test_delete_asks_first_and_a_member_leaves(demo_workspace: Workspace) -> None:
    accept_first(demo_workspace)
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, app)
        assert screen.view is not None
        members = len(screen.view.current_members)
        await pilot.press("5")
        await add(pilot, screen, {"title": "ประชุมกลุ่ม", "date": "22/11/2569"})
        table = screen.query_one("#table", DataTable)
        assert table.row_count == 1
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("escape")  # no: nothing deleted
        await until(pilot, lambda: app.screen is screen, "back")
        assert table.row_count == 1
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("enter")
        await until(pilot, lambda: table.row_count == 0, "the deletion")

        await pilot.press("1", "delete")  # the first member leaves today
        dialog = await until_dialog(pilot)
        assert dialog.query_one("#f-left", Input).value == "22/11/2569"
        await saved(pilot, dialog, screen)
        assert screen.view is not None and len(screen.view.current_members) == members - 1


async def until_dialog(pilot: Pilot) -> GroupDialog:
    await until(pilot, lambda: isinstance(pilot.app.screen, GroupDialog), "the dialog")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, GroupDialog)
    return dialog


async def test_groups_of_the_village_and_of_the_device(demo_workspace: Workspace) -> None:
    accept_first(demo_workspace, "ทอผ้าไทลื้อ")
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded, "home")
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, GroupsScreen), "the groups")
        screen = app.screen
        assert isinstance(screen, GroupsScreen)
        await pilot.pause()
        table = screen.query_one("#table", DataTable)
        assert table.row_count == 1 and "ทอผ้าไทลื้อ" in str(table.get_row_at(0)[0])
        await pilot.press("w")
        await pilot.pause()
        assert screen.whole and table.row_count == 1
        assert "ทอผ้าไทลื้อ" in screen.title or "ทุก" in screen.title or "every" in screen.title


async def test_at_60x14_the_current_section_stays_in_view(demo_workspace: Workspace) -> None:
    accept_first(demo_workspace)
    app = _app(demo_workspace)
    async with app.run_test(size=(60, 14)) as pilot:
        screen = await open_group(pilot, app)
        assert not screen.below_minimum
        assert len(checklist(screen)) == 5
        await pilot.press("0")
        await pilot.pause()
        tabs = str(screen.query_one("#tabs", Static).render())
        assert "0 OTOP" in tabs and tabs.startswith("…")
        assert screen.query_one("#table", DataTable).region.height >= 2
        await pilot.press("f2")  # English: the same section, the keyboard still on the table
        await pilot.pause()
        await pilot.pause()
        assert "ก๑ members" in str(screen.query_one("#tabs", Static).render()) or "0 OTOP" in str(
            screen.query_one("#tabs", Static).render()
        )
        assert app.focused is screen.query_one("#table", DataTable)
        assert screen.section.key == "0"


async def test_documents_from_the_group_and_the_groups_list(
    demo_workspace: Workspace,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """e on a group writes its establishment record (.docx and .md); e on the groups list the
    CDD register (.xlsx and .csv); both into the documents folder, and the dialog says where.
    n renames the group."""
    import docx
    import openpyxl

    from sammachip_tui.screens.export_dialog import ExportDialog

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    accept_first(demo_workspace, "ทอผ้าไทลื้อ")
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded, "home")
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, GroupsScreen), "the groups")
        groups = app.screen
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GroupScreen), "the group")
        screen = app.screen
        assert isinstance(screen, GroupScreen)
        await until(pilot, lambda: screen.view is not None, "the group read")

        rename = await dialog_open(pilot, "n")
        await fill(pilot, rename, {"name": "กลุ่มทอผ้าไทลื้อบ้านดอน"})
        await saved(pilot, rename, screen)
        await until(pilot, lambda: screen.view is not None
                    and screen.view.group.name == "กลุ่มทอผ้าไทลื้อบ้านดอน", "renamed")  # fmt: skip

        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: bool(dialog.written), "the record written")
        assert [p.suffix for p in dialog.written] == [".docx", ".md"]
        assert all(p.parent == home / "sammachip-reports" for p in dialog.written)
        said = str(dialog.query_one("#result").render()).replace("\n", "")
        assert str(dialog.written[0]) in said
        document = docx.Document(str(dialog.written[0]))
        text = "\n".join(
            [p.text for p in document.paragraphs]
            + [c.text for t in document.tables for r in t.rows for c in r.cells]
        )
        assert "กลุ่มทอผ้าไทลื้อบ้านดอน" in text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back on the group")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is groups, "back on the list")

        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the register dialog")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: bool(dialog.written), "the register written")
        assert [p.suffix for p in dialog.written] == [".xlsx", ".csv"]
        sheet = openpyxl.load_workbook(dialog.written[0]).active
        assert any(c.value == "กลุ่มทอผ้าไทลื้อบ้านดอน" for row in sheet.iter_rows() for c in row)
        await pilot.press("escape")


async def test_a_cancelled_dialog_leaves_no_saved_word(demo_workspace: Workspace) -> None:
    """After a save, a dialog closed with Esc saved nothing: the line under the table no
    longer says "saved" as if it had."""
    accept_first(demo_workspace, "ทอผ้าไทลื้อ")
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, app)
        status = lambda: str(screen.query_one("#status", Static).render()).strip()  # noqa: E731
        dialog = await dialog_open(pilot, "n")
        await fill(pilot, dialog, {"name": "กลุ่มทอผ้าบ้านดอน"})
        await saved(pilot, dialog, screen)
        await until(pilot, lambda: status() == "เปลี่ยนชื่อกลุ่มแล้ว", "the save said")
        dialog = await dialog_open(pilot, "n")
        await fill(pilot, dialog, {"name": "ชื่อที่ไม่บันทึก"})
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the dialog closed")
        await until(pilot, lambda: status() == "", "no word of a save")
        assert group_lines(demo_workspace)[0].name == "กลุ่มทอผ้าบ้านดอน"
