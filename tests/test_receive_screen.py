"""The receive screen in real hands: a scanner's burst of frames, and the result (the
acknowledgement code and its QR) in view on an 80x24 terminal."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.receive import ReceiveScreen
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import qr
from sammachip_tui.sync.parts import Parts, make_parts

from .conftest import until
from .key_bursts import send_keys
from .test_sync_screens import device


@pytest.fixture
def sent(demo_workspace: Workspace) -> Iterator[tuple[Parts, bytes]]:
    """The demo's bundle, in frames of an 80x24 sender (about 320 digits each)."""
    out = sb.build_bundle(demo_workspace, sb.CENTRAL)
    assert out is not None
    yield make_parts(out.message, qr.layout_for(80, 23).fragment_len), out.message


async def open_receive(pilot) -> ReceiveScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("r")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReceiveScreen), "receive screen")
    return pilot.app.screen  # type: ignore[no-any-return]


@pytest.mark.parametrize("burst", [False, True], ids=["paced", "burst"])
@pytest.mark.parametrize("enter", [True, False], ids=["enter-each", "joined"])
async def test_frames_scanned_in_a_burst_are_each_taken(
    sent: tuple[Parts, bytes], tmp_path: Path, burst: bool, enter: bool
) -> None:
    """A scanner types a frame's keys at once, then Enter (or, set to send no Enter, the
    next frame straight after). Paced: the App handles each frame before the next comes;
    in a burst, all three frames' keys are queued before any is handled."""
    parts, _message = sent
    texts = list(parts.texts())[:3]
    scans = [[*text, "enter"] if enter else [*text] for text in texts]
    if not enter:
        scans[-1].append("enter")
    office = device(tmp_path, "office")
    try:
        app = SammachipApp(data_dir=office.data_dir, workspace=office)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await open_receive(pilot)
            if burst:
                await send_keys(pilot, [key for scan in scans for key in scan], burst=True)
            else:
                for scan in scans:
                    await send_keys(pilot, scan, burst=True)
            await until(pilot, lambda: f"3 จาก {parts.count}" in grid(screen), "three parts in")
            assert "เสียหาย" not in screen.status and "ไม่ใช่" not in screen.status
            assert screen.query_one("#scan", Input).value == ""
    finally:
        office.close()


async def test_the_acknowledgement_and_its_qr_are_in_view_at_80x24(
    sent: tuple[Parts, bytes], demo_workspace: Workspace, tmp_path: Path
) -> None:
    parts, message = sent
    frames = tmp_path / "frames.txt"
    frames.write_text("\n".join(parts.texts()) + "\n", encoding="ascii")
    office = device(tmp_path, "office")
    try:
        # Received before from a device accepted since: it comes in again as "already".
        sb.receive_message(office, message)
        sb.accept_device(office, demo_workspace.device.fingerprint)
        app = SammachipApp(data_dir=office.data_dir, workspace=office)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_receive(pilot)
            screen.query_one("#file").value = str(frames)  # type: ignore[attr-defined]
            screen.query_one("#file").focus()
            await pilot.press("enter")
            code = sb.ack_code(DEMO_DISTRICT_KEY, zlib.crc32(message))
            ack = screen.query_one("#ack-code", Static)
            await until(pilot, lambda: code in str(ack.render()), "the acknowledgement shown")
            qr_widget = screen.query_one("#ack-qr", Static)
            await until(pilot, lambda: qr_widget.region.height > 0, "its QR drawn")
            # Both whole on the screen, between the header and the footer, once the screen
            # has scrolled to them (a cap for a hang, as ever; without the scroll, never).
            view = screen.query_one(VerticalScroll).region
            await until(
                pilot,
                lambda: all(view.contains_region(w.region) for w in (ack, qr_widget)),
                "the acknowledgement and its QR in view",
            )
    finally:
        office.close()


def grid(screen: ReceiveScreen) -> str:
    return str(screen.query_one("#grid", Static).render())


async def test_a_folder_with_the_pdf_sheet_and_other_files_takes_the_bundle(
    sent: tuple[Parts, bytes], demo_workspace: Workspace, tmp_path: Path
) -> None:
    parts, _message = sent
    folder = tmp_path / "stick"
    folder.mkdir()
    qr.write_pdf(parts.texts(), folder / "sheet.pdf", "demo")
    (folder / "notes.txt").write_text("".join(f"line {n}\n" for n in range(3000)))
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    office = device(tmp_path, "office")
    try:
        app = SammachipApp(data_dir=office.data_dir, workspace=office)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await open_receive(pilot)
            screen.query_one("#file", Input).value = str(folder)
            screen.query_one("#file").focus()
            await pilot.press("enter")
            await until(pilot, lambda: screen.pending_device, "the bundle held")
            assert screen.pending_device == demo_workspace.device.device_id
            assert f"{parts.count} จาก {parts.count}" in grid(screen)
    finally:
        office.close()


async def test_f1_on_the_receive_screen_is_all_in_thai(demo_workspace: Workspace) -> None:
    """The scan field takes Ctrl+C, so F1 lists the screen's own copy key too: in Thai, not
    under Textual's English name."""
    from sammachip_tui.screens.help import help_rows

    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_receive(pilot)
        names = [row.what for row in help_rows(screen)]
        assert "Copy selected text" not in names
        assert "คัดลอกข้อความที่เลือก" in names
