"""The inbox screen: n on the villages list, newest first, Enter shows one bundle in full, f
keeps one device's bundles; F8 from the receive screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.inbox import DeviceFilterDialog, InboxEntryDialog, InboxScreen
from sammachip_tui.screens.receive import ReceiveScreen
from sammachip_tui.store.workspace import Workspace
from sammachip_tui.sync import inbox
from sammachip_tui.sync.inbox import InboxEntry
from tests.conftest import FROZEN_NOW, until

TABLET, LAPTOP = "TABWT5AA", "LAPHC2BB"


def at(hours: float) -> str:
    """``hours`` before the frozen now, as the inbox stores moments."""
    return (FROZEN_NOW - dt.timedelta(hours=hours)).astimezone(dt.UTC).isoformat(
        timespec="seconds")  # fmt: skip


def sample_inbox(data_dir: Path) -> None:
    """A week at a district office, with fixed ids and times (snapshots use it too)."""
    entries = [
        InboxEntry(at(170), inbox.RECEIVED, inbox.HELD, TABLET, "แท็บเล็ต ต.เวียงตาล",
                   inbox.VIA_FILE, crc="1a2b3c4d"),
        InboxEntry(at(169), inbox.RECEIVED, inbox.MERGED, TABLET, "แท็บเล็ต ต.เวียงตาล",
                   inbox.VIA_ACCEPTED, 212, {"household": 200, "village": 2, "forum": 10},
                   {"52120505": 150, "52120506": 62}, 212, 0, "48213907", "1a2b3c4d"),
        InboxEntry(at(30), inbox.RECEIVED, inbox.REFUSED, LAPTOP, "โน้ตบุ๊ก ต.ห้างฉัตร",
                   inbox.VIA_IMAGE, crc="99aa88bb",
                   reason="อุปกรณ์ โน้ตบุ๊ก ต.ห้างฉัตร (LAPHC2BB) ถูกเพิกถอน: ปฏิเสธชุดข้อมูล"),
        InboxEntry(at(5), inbox.SENT, inbox.DELIVERED, TABLET, ops=40, crc="5e6f7a8b"),
        InboxEntry(at(2), inbox.RECEIVED, inbox.ALREADY, TABLET, "แท็บเล็ต ต.เวียงตาล",
                   inbox.VIA_FOLDER, 212, {"household": 200, "village": 2, "forum": 10},
                   {"52120505": 150, "52120506": 62}, 0, 0, "48213907", "1a2b3c4d"),
        InboxEntry(at(1), inbox.RECEIVED, inbox.MERGED, TABLET, "แท็บเล็ต ต.เวียงตาล",
                   inbox.VIA_SCANNER, 14, {"household": 9, "item": 5}, {"52120505": 14}, 12, 1,
                   "60417723", "c0ffee00"),
    ]  # fmt: skip
    for entry in entries:
        inbox.append(data_dir, entry)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def test_n_opens_the_inbox_newest_first_enter_shows_one_f_filters(
    demo_workspace: Workspace,
) -> None:
    sample_inbox(demo_workspace.data_dir)
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.screen.id == "home", "home")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, InboxScreen), "the inbox")
        screen = app.screen
        table = screen.query_one("#table", DataTable)
        shown = rows(table)
        assert len(shown) == 6
        assert shown[0][3] == "รวมแล้ว" and shown[0][4] == "เครื่องสแกน" and "60417723" in shown[0]
        assert shown[0][5] == "14 รายการแก้ไข: ใหม่ 12 มีอยู่แล้ว 2"
        assert shown[2][1] == "→" and shown[2][3] == "ส่งถึงแล้ว"
        assert shown[2][2] == "แท็บเล็ต ต.เวียงตาล (TABWT5AA)"  # a sent entry: the name known
        assert shown[3][3] == "ปฏิเสธ" and "LAPHC2BB" in shown[3][2]
        assert shown[-1][3] == "พักไว้: อุปกรณ์ใหม่"
        assert "รับ 5 ชุด" in str(screen.query_one("#summary", Static).render())
        table.move_cursor(row=1)  # the same bundle again, from the stick
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InboxEntryDialog), "the entry")
        text = str(app.screen.query_one("#entry", Static).render())
        assert "มาทาง: โฟลเดอร์" in text and "212 รายการแก้ไข: ใหม่ 0 มีอยู่แล้ว 212" in text
        assert "หมู่ 5 ต.เวียงตาล" in text and "(52120505): 150" in text
        assert "รหัสตอบรับสำหรับผู้ส่ง: 48213907" in text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back on the inbox")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, DeviceFilterDialog), "the filter")
        await pilot.press("down", "down", "enter")  # every device, then by name: โน้ตบุ๊ก
        await until(pilot, lambda: table.row_count == 1, "one device only")
        assert "LAPHC2BB" in rows(table)[0][2]
        assert "โน้ตบุ๊ก" in str(screen.query_one("#summary", Static).render())


async def test_f8_on_the_receive_screen_opens_the_inbox_and_an_empty_one_says_so(
    demo_workspace: Workspace,
) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.id == "home", "home")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ReceiveScreen), "receive")
        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, InboxScreen), "the inbox")
        assert "ยังไม่เคยรับหรือส่ง" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReceiveScreen), "back on receive")
