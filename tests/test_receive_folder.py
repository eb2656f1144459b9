"""A folder of bundle files received in one go (a USB stick from the field): each file merged,
already here, held or refused with its reason, hostile entries said and skipped, a summary,
exit status 1 when one was refused; on the receive screen with a progress bar, Esc stopping
after the current file."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import files as sync_files
from sammachip_tui.sync import inbox
from tests.conftest import district_device

VILLAGE = "52120505"


def households(ws: Workspace, n: int, name: str) -> None:
    ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": f"{name}{i}"})
               for i in range(n)])  # fmt: skip


def bundle_for_central(ws: Workspace) -> bytes:
    out = sb.build_bundle(ws, sb.CENTRAL)
    assert out is not None
    return out.message


@pytest.fixture(scope="module")
def stick(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the office's data directory, the stick's folder), built once: the office knows a
    (accepted), c (revoked), not b; the stick holds a's new bundle, b's first, c's, hostile
    entries, and a's bundle again."""
    root = tmp_path_factory.mktemp("stick")
    a, b, c = (district_device(root, n, "field") for n in ("field-a", "field-b", "field-c"))
    office = district_device(root, "office", "central")
    for ws, name in ((a, "ก"), (b, "ข"), (c, "ค")):
        households(ws, 2, name)
    for ws in (a, c):
        sb.receive_message(office, bundle_for_central(ws))
        sb.accept_device(office, ws.device.device_id)
    sb.revoke_device(office, c.device.device_id)
    households(a, 3, "ง")
    folder = root / "from-the-stick"
    folder.mkdir()
    (folder / "01-a.smb").write_bytes(bundle_for_central(a))
    (folder / "02-b.smb").write_bytes(bundle_for_central(b))
    (folder / "03-c.smb").write_bytes(bundle_for_central(c))
    (folder / "04-empty.txt").write_bytes(b"")
    with open(folder / "05-huge.bin", "wb") as huge:  # sparse: costs no disk
        huge.truncate(sync_files.MAX_TEXT_FILE + 1)
    (folder / "06-inner").mkdir()
    os.symlink("07-loop", folder / "07-loop")
    shutil.copy(folder / "01-a.smb", folder / "08-a-again.smb")
    (folder / "._01-a.smb").write_bytes(b"\0\5\26\7")  # a Mac's shadow copy: hidden
    for ws in (a, b, c, office):
        ws.close()
    return root / "office", folder


@pytest.fixture
def office(stick: tuple[Path, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "office"
    shutil.copytree(stick[0], copy, symlinks=True)
    (copy / ".lock").unlink(missing_ok=True)
    return copy


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def test_a_folder_says_each_file_and_a_summary_and_exits_1_when_one_is_refused(
    stick, office: Path, capsys
) -> None:
    folder = stick[1]
    assert run(office, "sync", "receive", str(folder)) == 1
    out, err = capsys.readouterr()
    said = {line.split(": ", 1)[0]: line for line in (out + err).splitlines() if ": " in line}
    assert "merged from field-a" in said[str(folder / "01-a.smb")]
    assert "held: field-b" in said[str(folder / "02-b.smb")]
    assert "revoked" in said[str(folder / "03-c.smb")]
    assert "no sammachip frame" in said[str(folder / "04-empty.txt")]
    assert "too large" in said[str(folder / "05-huge.bin")]
    assert "folder, not a file" in said[str(folder / "06-inner")]
    assert "loops on itself" in said[str(folder / "07-loop")]
    assert "already received from field-a" in said[str(folder / "08-a-again.smb")]
    assert "._01-a.smb" not in out + err
    assert "8 of 8 files: merged 1, already here 1, held 1, refused 1, not bundles 4" in out
    assert out.count("Acknowledgement code for the sender: ") == 2  # a's, twice
    assert "Traceback" not in err
    got = inbox.history(office)[:4]
    assert [(e.outcome, e.via) for e in got] == [
        (inbox.ALREADY, inbox.VIA_FOLDER), (inbox.REFUSED, inbox.VIA_FOLDER),
        (inbox.HELD, inbox.VIA_FOLDER), (inbox.MERGED, inbox.VIA_FOLDER)]  # fmt: skip


def test_a_folder_of_good_bundles_exits_0_and_merges_each_whole(
    stick, office: Path, tmp_path: Path, capsys
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(stick[1] / "01-a.smb", good)
    assert run(office, "sync", "receive", str(good)) == 0
    assert "1 of 1 file: merged 1" in capsys.readouterr().out
    assert run(office, "sync", "inbox", "--device", "field-a", "--json") == 0
    rows = orjson.loads(capsys.readouterr().out)
    assert [r["outcome"] for r in rows] == ["merged", "merged", "held"]
    assert (rows[0]["ops"], rows[0]["applied"], rows[0]["already_had"]) == (5, 3, 2)
    assert rows[0]["by_village"] == {VILLAGE: 5} and rows[0]["via"] == "folder"


def test_sync_inbox_lists_newest_first_and_refuses_an_unknown_device(
    stick, office: Path, capsys
) -> None:
    run(office, "sync", "receive", str(stick[1]))
    capsys.readouterr()
    assert run(office, "sync", "inbox") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "already here" in lines[0] and "folder" in lines[0]
    assert any("refused" in line and "field-c" in line for line in lines)
    assert run(office, "sync", "inbox", "--device", "nobody") == 2
    assert "No device nobody is known here" in capsys.readouterr().err


def test_stopping_between_files_leaves_each_bundle_whole(stick, office: Path) -> None:
    from sammachip_tui.store.workspace import Workspace
    from sammachip_tui.sync.folder import folder_entries, receive_entries

    entries, hidden = folder_entries(stick[1])
    assert hidden == 1 and len(entries) == 8
    ws = Workspace.open(office)
    try:
        stop = threading.Event()
        result = receive_entries(entries, lambda m: sb.receive_message(ws, m), stop=stop.is_set,
                                 on_file=lambda r, f: stop.set())  # fmt: skip
        assert result.stopped and len(result.files) == 1 and not result.incomplete
        assert len(ws.records(VILLAGE, "household")) == 2 + 2 + 3  # a's all, c's first
    finally:
        ws.close()


async def test_the_receive_screen_takes_a_folder_with_a_progress_bar_and_a_line_per_file(
    stick, demo_workspace: Workspace
) -> None:
    from textual.widgets import ProgressBar, Static

    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.receive import ReceiveScreen
    from sammachip_tui.screens.receive_folder import FolderDialog
    from tests.conftest import type_text, until

    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen.id == "home", "home")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ReceiveScreen), "receive")
        await pilot.press("f7")
        await until(pilot, lambda: isinstance(app.screen, FolderDialog), "the folder dialog")
        dialog = app.screen
        await type_text(pilot, str(stick[1]))
        await pilot.press("enter")
        await until(pilot, lambda: dialog.result is not None, "the folder received")
        bar = dialog.query_one(ProgressBar)
        assert bar.display and bar.progress == bar.total == 8
        lines = str(dialog.query_one("#lines", Static).render()).splitlines()
        assert len(lines) == 8
        assert lines[0].startswith("? 01-a.smb: ")  # held: the demo device has met nobody
        assert lines[3].startswith("· 04-empty.txt: ") and "ไม่พบเฟรม" in lines[3]
        assert "โฟลเดอร์" in lines[5] and lines[6].startswith("· 07-loop: ")
        now = str(dialog.query_one("#now", Static).render())
        assert "8 จาก 8 ไฟล์" in now and "พักไว้ 4" in now and "ไม่ใช่ชุดข้อมูล 4" in now
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReceiveScreen), "back on receive")


async def test_esc_stops_after_the_current_file_and_typing_stays_live(
    stick, demo_workspace: Workspace, monkeypatch
) -> None:
    from textual.widgets import Input

    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens import receive_folder
    from sammachip_tui.screens.receive_folder import FolderDialog
    from tests.conftest import type_text, until

    inside, release = threading.Event(), threading.Event()
    real = receive_folder.receive_message

    def slow(ws: Workspace, message: bytes, **kw: str) -> sb.Received:
        inside.set()
        assert release.wait(60)
        return real(ws, message, **kw)

    monkeypatch.setattr(receive_folder, "receive_message", slow)
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.id == "home", "home")
        dialog = FolderDialog(str(stick[1]))
        app.push_screen(dialog)
        await until(pilot, lambda: app.screen is dialog, "the dialog")
        await pilot.press("enter")
        await until(pilot, inside.is_set, "the first merge under way")
        await type_text(pilot, "/x")  # the interface answers while the store merges
        assert dialog.query_one("#path", Input).value.endswith("/x")
        await pilot.press("escape")  # stop after this file: the dialog stays
        assert app.screen is dialog and "หยุดหลังไฟล์นี้" in str(dialog.query_one("#now").render())
        release.set()
        await until(pilot, lambda: dialog.result is not None, "stopped")
        assert dialog.result.stopped and len(dialog.result.files) == 1
        assert len(inbox.history(demo_workspace.data_dir)) == 1  # one bundle, whole
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not dialog, "closed once stopped")
