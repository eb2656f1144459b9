"""Send, receive and conflict screens: frames read off the screen by zxing-cpp, typed by a
scanner (Thai layout too), read from image files; enrolment, merge, acknowledgement."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import zxingcpp
from textual import events
from textual.widgets import DataTable, Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.receive import ReceiveScreen
from sammachip_tui.screens.send import SendScreen
from sammachip_tui.screens.sync_dialogs import ConflictsScreen
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import qr
from sammachip_tui.sync.devices import DeviceRegistry, Status
from sammachip_tui.sync.frames import THAI_LAYOUT_DIGITS
from sammachip_tui.sync.parts import make_parts

from .conftest import until
from .test_sync_frames import QR_ONLY, _paint

US_TO_THAI = {chr(v): chr(k) for k, v in THAI_LAYOUT_DIGITS.items()}
VILLAGE = "52120505"


def device(path: Path, name: str, role: str = "central") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


def screen_frame(screen: SendScreen) -> str:
    """The code on screen, painted as a terminal draws it, read by zxing-cpp."""
    rows = str(screen.query_one("#code", Static).render()).splitlines()
    found = {
        r.text for r in zxingcpp.read_barcodes(_paint(rows), formats=QR_ONLY, try_invert=False)
    }
    assert len(found) == 1, (found, rows)
    return found.pop()


async def test_frames_read_off_the_screen_merge_and_the_code_acknowledges(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    office = device(tmp_path, "office")
    try:
        app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("s", "enter")  # the district's central store
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SendScreen) and screen.parts is not None
            await pilot.press("space")  # step mode for reading each part
            count = screen.parts.count
            texts = []
            for k in range(1, count + 1):
                assert str(screen.query_one("#part", Static).render()).startswith(
                    f"ส่วนที่ {k} จาก {count}"
                )
                texts.append(screen_frame(screen))
                await pilot.press("right")
            assert len(set(texts)) == count
            got = None
            from sammachip_tui.sync.parts import Assembler

            assembler = Assembler()
            for t in reversed(texts):
                got = assembler.add(t) or got
            assert got is not None
            held = sb.receive_message(office, got)
            assert held.status is Status.pending
            [result] = sb.accept_device(office, held.fingerprint).results
            assert result.new["household"] == 200 and result.new["item"] == 17
            await pilot.press(*result.ack)  # digits typed anywhere go to the code field
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, SendScreen)
        assert sb.build_bundle(demo_workspace, sb.CENTRAL) is None
    finally:
        office.close()


async def test_receive_typed_frames_images_and_accept(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    out = sb.build_bundle(demo_workspace, sb.CENTRAL)
    assert out is not None
    parts = make_parts(out.message, qr.layout_for(120, 39).fragment_len)
    texts = list(parts.texts())
    folder = tmp_path / "png"
    qr.write_pngs(texts[2:], folder, "demo")
    office = device(tmp_path, "office")
    try:
        app = SammachipApp(data_dir=office.data_dir, workspace=office)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReceiveScreen)
            # Part 1 as a scanner types it into a Thai keyboard layout, key by key (all the
            # keys queued at once, as a scanner sends them).
            for ch in "".join(US_TO_THAI[c] for c in texts[0]):
                app.focused.post_message(events.Key(ch, ch))  # type: ignore[union-attr]
            await pilot.pause()
            await pilot.press("enter")
            # A damaged part: refused with a reason, nothing lost.
            scan = screen.query_one("#scan", Input)
            scan.value = texts[1][:-1] + str((int(texts[1][-1]) + 1) % 10)
            await pilot.press("enter")
            assert "damaged" in screen.status or "เสียหาย" in screen.status
            scan.value = texts[1]
            await pilot.press("enter")
            grid = str(screen.query_one("#grid", Static).render())
            assert f"2 จาก {parts.count}" in grid
            # The rest from image files.
            screen.query_one("#file", Input).value = str(folder)
            screen.query_one("#file").focus()
            await pilot.press("enter")
            await until(pilot, lambda: screen.pending_device, "the device held")
            assert screen.pending_device == demo_workspace.device.device_id
            assert demo_workspace.device.fingerprint in screen.status
            assert office.records(VILLAGE, "household") == []
            await pilot.press("ctrl+a")
            await until(pilot, lambda: str(screen.query_one("#ack-code", Static).render()))
            code = sb.ack_code(DEMO_DISTRICT_KEY, zlib.crc32(out.message))
            assert code in str(screen.query_one("#ack-code", Static).render())
            assert "200" in str(screen.query_one("#result", Static).render())
        assert len(office.records(VILLAGE, "household")) == 200
        assert sb.acknowledge(demo_workspace, code) == sb.CENTRAL
    finally:
        office.close()


def make_conflict(tmp_path: Path, monkeypatch) -> tuple[Workspace, Workspace, str]:
    """Two devices edit one household's occupation without seeing each other."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    clock = iter(range(1_795_000_000_000_000_000, 1_796_000_000_000_000_000, 60_000_000_000))
    monkeypatch.setattr("sammachip_tui.store.hlc.time.time_ns", lambda: next(clock))
    a, b = device(tmp_path, "laptop-a", "field"), device(tmp_path, "laptop-b", "central")
    for ws, other in ((a, b), (b, a)):
        reg = DeviceRegistry(ws.data_dir)
        reg.meet(other.device.device_id, bytes.fromhex(other.device.public_key),
                 other.device.name, "field")  # fmt: skip
        reg.set_status(other.device.device_id, Status.accepted)
    values = {"village_code": VILLAGE, "house_no": "12", "first_name": "บุญมา", "title": "นาย"}
    [op] = a.commit([Change("household", VILLAGE, values)])
    sb.receive_message(b, sb.build_bundle(a, b.device.device_id).message)  # type: ignore[union-attr]
    a.commit([Change("household", VILLAGE, {"occupation_main": "ทอผ้าไหม"}, record=op.record)])
    b.commit([Change("household", VILLAGE, {"occupation_main": "จักสาน"}, record=op.record)])
    sb.receive_message(b, sb.build_bundle(a, b.device.device_id).message)  # type: ignore[union-attr]
    return a, b, op.record


async def test_conflicts_show_both_values_and_the_choice_travels(
    tmp_path: Path, monkeypatch
) -> None:
    a, b, hid = make_conflict(tmp_path, monkeypatch)
    try:
        app = SammachipApp(data_dir=b.data_dir, workspace=b)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ConflictsScreen)
            table = screen.query_one("#versions", DataTable)
            heading, *rows = [table.get_row_at(n) for n in range(table.row_count)]
            assert str(heading[0]).startswith("▾ หมู่ 5")  # the village's heading row
            assert {str(r[2])[2:] for r in rows} == {"ทอผ้าไหม", "จักสาน"}
            assert {r[3] for r in rows} == {"laptop-a", "laptop-b"}
            assert str(rows[0][0]).startswith("นายบุญมา")
            keep = 1 + next(n for n, r in enumerate(rows) if "ทอผ้าไหม" in str(r[2]))
            table.move_cursor(row=keep)
            await pilot.press("enter")
            await until(pilot, lambda: not b.conflicts(), "the conflict resolved")
            assert b.conflicts() == []
            assert "ไม่มี" in str(screen.query_one("#hint", Static).render())
        sb.receive_message(a, sb.build_bundle(b, a.device.device_id).message)  # type: ignore[union-attr]
        assert a.conflicts() == []
        assert a.record(VILLAGE, "household", hid)["occupation_main"] == "ทอผ้าไหม"  # type: ignore[index]
    finally:
        a.close()
        b.close()


async def test_devices_screen_accepts_and_revokes(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    office = device(tmp_path, "office")
    try:
        out = sb.build_bundle(demo_workspace, sb.CENTRAL)
        assert sb.receive_message(office, out.message).status is Status.pending  # type: ignore[union-attr]
        app = SammachipApp(data_dir=office.data_dir, workspace=office)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("d")
            await pilot.pause()
            table = app.screen.query_one("#device-table", DataTable)
            row = table.get_row_at(0)
            assert row[2] == demo_workspace.device.fingerprint and row[3] == "รอรับรอง"
            assert row[4] == "1"
            await pilot.press("a")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert table.get_row_at(0)[3] == "รับรองแล้ว"
            assert len(office.records(VILLAGE, "household")) == 200
            await pilot.press("x")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert table.get_row_at(0)[3] == "เพิกถอนแล้ว"
        assert DeviceRegistry(office.data_dir).get(demo_workspace.device.device_id).status is (  # type: ignore[union-attr]
            Status.revoked
        )
    finally:
        office.close()


class FakeCapture:
    """Stands in for cv2.VideoCapture: pictures of the sender's screen, one per read."""

    pictures: list = []

    def __init__(self, index: int) -> None:
        self.left = list(self.pictures)

    def isOpened(self) -> bool:
        return True

    def read(self):
        if not self.left:
            return False, None
        return True, self.left.pop(0)

    def release(self) -> None:
        pass


async def test_camera_reads_codes_when_opencv_is_there(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch
) -> None:
    import types

    out = sb.build_bundle(demo_workspace, sb.CENTRAL)
    assert out is not None
    layout = qr.layout_for(120, 39)
    texts = list(make_parts(out.message, layout.fragment_len).texts(extra=3))
    pictures = [_paint(qr.half_block_rows(qr.matrix(t, layout.version, "L"))) for t in texts]
    FakeCapture.pictures = pictures + pictures[:5]  # the loop comes round again
    fake_cv2 = types.SimpleNamespace(
        VideoCapture=FakeCapture, COLOR_BGR2GRAY=0, cvtColor=lambda picture, _code: picture
    )
    monkeypatch.setitem(__import__("sys").modules, "cv2", fake_cv2)
    monkeypatch.setattr("sammachip_tui.sync.camera.camera_support", lambda: True)
    office = device(tmp_path, "office")
    try:
        app = SammachipApp(data_dir=office.data_dir, workspace=office)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press("r", "f6")
            screen = app.screen
            assert isinstance(screen, ReceiveScreen)
            await until(pilot, lambda: screen.pending_device, "the device held")
            assert screen.pending_device == demo_workspace.device.device_id
    finally:
        office.close()


async def test_without_opencv_the_camera_key_says_how_to_add_it(
    demo_workspace: Workspace, monkeypatch
) -> None:
    monkeypatch.setattr("sammachip_tui.sync.camera.camera_support", lambda: False)
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r", "f6")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "opencv-python-headless" in app.screen.status  # type: ignore[attr-defined]


async def test_a_picture_without_a_code_says_so(demo_workspace: Workspace, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("L", (200, 200), 255).save(tmp_path / "blank.png")
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#file", Input)
        field.value = str(tmp_path)
        field.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.status == "ไม่พบภาพข้อมูล sammachip ที่นั่น"  # type: ignore[attr-defined]
