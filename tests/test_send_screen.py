"""The send screen in real hands: every terminal size, resizes and ``e`` mid-transfer, leaving
and coming back, step mode that waits, a scanned acknowledgement QR; and ``sync send`` sizes
that hold no frame.

Frames are read off the screen by zxing-cpp (as a camera would) and put together by the
receiver's own Assembler, so a re-cut is proved on the receiving side too."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.cli import main
from sammachip_tui.screens import send
from sammachip_tui.screens.send import SendScreen
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.parts import Assembler

from .conftest import until
from .test_sync_screens import US_TO_THAI, screen_frame


async def open_send(pilot: Pilot) -> SendScreen:
    """``s`` then Enter (the district's central store), until the bundle is built."""
    app = pilot.app
    await pilot.pause()
    await pilot.press("s", "enter")
    await until(pilot, lambda: isinstance(app.screen, SendScreen), "the send screen")
    screen = app.screen
    assert isinstance(screen, SendScreen)
    await until(pilot, lambda: screen.outgoing is not None, "the bundle built")
    await pilot.pause()
    return screen


def too_small_note(screen: SendScreen) -> str:
    note = screen.query_one("#too-small", Static)
    return str(note.render()) if note.display else ""


def assert_code_in_view(screen: SendScreen) -> None:
    """The whole code is on screen (not cut by the edge or the footer) and reads."""
    width, height = screen.app.size
    region = screen.query_one("#code", Static).region
    assert region.width > 0 and region.right <= width and region.bottom <= height - 1, region
    assert screen_frame(screen).startswith("6601")


@pytest.mark.parametrize(
    ("size", "fits"),
    [((40, 12), False), ((60, 20), True), ((80, 15), False), ((80, 24), True),
     ((120, 40), True), ((200, 60), True)],
)  # fmt: skip
async def test_every_size_shows_a_code_or_says_why_and_recovers(
    demo_workspace: Workspace, size: tuple[int, int], fits: bool
) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    # The villages take keys from 60×14 (below, they say so): opened there, then resized.
    start = size if size[0] >= 60 and size[1] >= 14 else (80, 24)
    async with app.run_test(size=start) as pilot:
        screen = await open_send(pilot)
        if size != start:
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: too_small_note(screen), "the note")
        if fits:
            assert not too_small_note(screen)
            assert_code_in_view(screen)
        else:
            note = too_small_note(screen)
            assert "--pdf" in note and "--png" in note and "60×20" in note, note
            assert not screen.query_one("#send-body").display
            await pilot.resize_terminal(100, 30)  # the officer makes the window bigger
            await until(pilot, lambda: not too_small_note(screen), "the code back")
            await pilot.pause()
            assert_code_in_view(screen)
        await pilot.resize_terminal(40, 12)  # and smaller again: said, never a crash
        await until(pilot, lambda: too_small_note(screen), "the note")
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: not too_small_note(screen), "the code back")
        await pilot.pause()
        assert_code_in_view(screen)


async def test_a_resize_and_e_mid_transfer_go_on_with_what_the_receiver_read(
    demo_workspace: Workspace,
) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    receiver = Assembler()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_send(pilot)
        await pilot.press("space")  # step mode: one part at a time
        checksum = screen.outgoing.checksum  # type: ignore[union-attr]
        first = screen.parts.count  # type: ignore[union-attr]
        for _k in range(first // 2):
            assert receiver.add(screen_frame(screen)) is None
            await pilot.press("right")
        await pilot.resize_terminal(80, 24)  # the sender's window shrinks mid-transfer
        await pilot.pause()
        assert screen.outgoing.checksum == checksum  # type: ignore[union-attr]
        smaller = screen.parts.count  # type: ignore[union-attr]
        assert smaller > first
        receiver.add(screen_frame(screen))  # the new cut is taken, not refused
        assert "ส่วน" in receiver.note or "parts" in receiver.note, receiver.note
        progress = receiver.progress()
        assert progress is not None and progress.count == smaller
        assert progress.known > smaller // 3, "the frames read before the resize still count"
        await pilot.press("right")
        await pilot.press("e")  # more error correction, mid-transfer
        await pilot.pause()
        assert screen.qr_layout is not None and screen.qr_layout.ecc == "M"
        message = None
        for _k in range(screen.parts.count):  # type: ignore[union-attr]
            message = receiver.add(screen_frame(screen)) or message
            await pilot.press("right")
        assert message is not None and zlib.crc32(message) == checksum


async def test_leaving_and_reopening_shows_the_same_bundle_until_acknowledged(
    demo_workspace: Workspace,
) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_send(pilot)
        await pilot.press("space", "e")  # step mode, ECC M
        await pilot.pause()
        frame = screen_frame(screen)
        checksum = screen.outgoing.checksum  # type: ignore[union-attr]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SendScreen), "back home")
        again = await open_send(pilot)
        assert again is not screen
        assert again.outgoing.checksum == checksum  # type: ignore[union-attr]
        await pilot.press("space")
        await pilot.pause()
        assert screen_frame(again) == frame, "the same part 1, frames read before still count"
        await pilot.press(*sb.ack_code(DEMO_DISTRICT_KEY, checksum), "enter")
        await until(pilot, lambda: not isinstance(app.screen, SendScreen), "delivered")
        # Acknowledged: the next visit has nothing of that bundle to show.
        await pilot.press("s", "enter")
        await until(pilot, lambda: isinstance(app.screen, SendScreen), "the send screen")
        third = app.screen
        assert isinstance(third, SendScreen)
        await until(pilot, lambda: "ไม่มีอะไรต้องส่ง" in str(third.query_one("#part").render()),
                    "nothing to send")  # fmt: skip
        assert third.outgoing is None


async def test_step_mode_waits_for_the_officer_unless_asked_to_advance(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(send, "STEP_SECONDS", 0.05)  # a step interval the test can outwait
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_send(pilot)
        await pilot.press("space")
        part = str(screen.query_one("#part", Static).render())
        assert part.startswith("ส่วนที่ 1 จาก")
        await pilot.pause(0.5)  # ten step intervals: a scanner still sees part 1
        assert str(screen.query_one("#part", Static).render()) == part
        await pilot.press("right")
        assert str(screen.query_one("#part", Static).render()).startswith("ส่วนที่ 2 จาก")
        await pilot.press("a")  # asked: now it advances by itself
        await until(pilot, lambda: screen.seq > 3, "advancing by itself")
        await pilot.press("a")  # and stops again
        await pilot.pause()
        stopped = screen.seq
        await pilot.pause(0.5)
        assert screen.seq == stopped
        await pilot.press("f2")  # English: the same part stays drawn, still waiting
        await until(pilot, lambda: "Part" in str(screen.query_one("#part", Static).render()))
        await pilot.pause()
        assert str(screen.query_one("#part", Static).render()).startswith(f"Part {stopped} of")
        assert screen_frame(screen).startswith("6601")


@pytest.mark.parametrize("layout", ["us", "thai"])
async def test_the_receivers_ack_qr_scanned_into_the_send_screen_is_taken(
    demo_workspace: Workspace, layout: str
) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_send(pilot)
        checksum = screen.outgoing.checksum  # type: ignore[union-attr]
        frame = sb.ack_frame(DEMO_DISTRICT_KEY, checksum)
        assert len(frame) == 22
        typed = frame if layout == "us" else "".join(US_TO_THAI[c] for c in frame)
        # A scanner types the whole frame at once, then Enter, into whatever has focus.
        for ch in typed:
            (app.focused or screen).post_message(events.Key(ch, ch))
            await pilot.pause()
        assert screen.query_one("#ack", Input).value == typed
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, SendScreen), "delivered")
    assert sb.build_bundle(demo_workspace, sb.CENTRAL) is None


# ------------------------------------------------------------------------------ sync send
def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


@pytest.mark.parametrize("how", ["--frames", "--png", "--pdf"])
def test_sync_send_refuses_a_size_that_holds_no_frame(
    data_dir: Path, sample_csv: Path, tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, "households", "import", str(sample_csv)) == 0
    state = data_dir / sb.STATE_FILE
    before = state.read_bytes() if state.exists() else None
    target = tmp_path / "out"
    assert run(data_dir, "sync", "send", "--to", "central", "--size", "25x12", how,
               str(target)) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "--size 25x12 is too small" in err and "37x20" in err and "Traceback" not in err
    assert not target.exists()  # nothing written
    assert (state.read_bytes() if state.exists() else None) == before  # no bundle sealed


def test_sync_send_at_the_smallest_size_gives_frames_a_receiver_takes(
    data_dir: Path, sample_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, "households", "import", str(sample_csv)) == 0
    frames = tmp_path / "frames.txt"
    assert run(data_dir, "sync", "send", "--to", "central", "--size", "37x20", "--frames",
               str(frames)) == 0  # fmt: skip
    assert "QR v4-L" in capsys.readouterr().out
    receiver = Assembler()
    message = None
    for text in frames.read_text().split():
        message = receiver.add(text) or message
    assert message is not None


async def test_the_receive_screen_says_the_sender_re_cut_and_keeps_counting(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    from sammachip_tui.screens.receive import ReceiveScreen
    from sammachip_tui.sync import qr
    from sammachip_tui.sync.parts import make_parts

    from .test_sync_screens import device

    out = sb.build_bundle(demo_workspace, sb.CENTRAL)
    assert out is not None
    big = make_parts(out.message, qr.layout_for(120, 39).fragment_len)  # type: ignore[union-attr]
    small = make_parts(out.message, qr.layout_for(80, 23).fragment_len)  # type: ignore[union-attr]
    office = device(tmp_path, "office")
    try:
        app = SammachipApp(data_dir=office.data_dir, workspace=office)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press("r")
            await until(pilot, lambda: isinstance(app.screen, ReceiveScreen), "receive")
            screen = app.screen
            assert isinstance(screen, ReceiveScreen)
            scan = screen.query_one("#scan", Input)
            for text in list(big.texts())[: big.count // 2]:
                scan.value = text
                await pilot.press("enter")
            scan.value = next(small.texts())  # the sender's window shrank
            await pilot.press("enter")
            assert "ผู้ส่งเปลี่ยนขนาดภาพข้อมูล" in screen.status, screen.status
            grid = str(screen.query_one("#grid", Static).render())
            assert f"จาก {small.count}" in grid
            for text in list(small.texts())[1:]:
                scan.value = text
                await pilot.press("enter")
            await until(pilot, lambda: screen.pending_device, "the whole bundle, held")
    finally:
        office.close()
