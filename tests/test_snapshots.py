"""Snapshots of the main screens at 80×24 and 120×40.

Plain sync tests: snap_compare runs its own event loop.
"""

from __future__ import annotations

from pathlib import Path

from sammachip_tui.app import SammachipApp
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def test_home_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), terminal_size=(80, 24))


def test_households_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["enter"], terminal_size=(80, 24))


def test_households_filtered_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("enter", "slash")
        await type_text(pilot, "ทอผ้า")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_households_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["enter"], terminal_size=(120, 40))


def test_households_english_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["enter", "f2"], terminal_size=(80, 24))


def test_setup_80x24(snap_compare, tmp_path: Path) -> None:
    lock = DirectoryLock(tmp_path)
    lock.acquire()
    try:
        app = SammachipApp(data_dir=tmp_path, workspace=None, lock=lock)
        assert snap_compare(app, terminal_size=(80, 24))
    finally:
        lock.release()


def test_import_dialog_80x24(snap_compare, workspace: Workspace, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, "ไม่มีไฟล์นี้.csv")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(workspace), run_before=run_before, terminal_size=(80, 24))


# The demo forum: home → f (forums) → Enter (the forum), then a view key.
FORUM_KEYS = ["f", "enter"]


def test_forum_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=FORUM_KEYS, terminal_size=(80, 24))


def test_forum_wisdom_120x40(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press(*FORUM_KEYS, "f7", "down")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(120, 40))


def test_forum_ranked_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=[*FORUM_KEYS, "ctrl+r"], terminal_size=(80, 24))


def test_forum_ranked_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(
        _app(demo_workspace), press=[*FORUM_KEYS, "ctrl+r"], terminal_size=(120, 40)
    )


def test_forum_summary_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=[*FORUM_KEYS, "ctrl+o"], terminal_size=(80, 24))


def test_forum_summary_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(
        _app(demo_workspace), press=[*FORUM_KEYS, "ctrl+o"], terminal_size=(120, 40)
    )


def test_forums_list_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["f"], terminal_size=(80, 24))


def test_forum_details_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["f", "e"], terminal_size=(80, 24))


def test_item_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press(*FORUM_KEYS, "f7", "down", "enter")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab")
        await type_text(pilot, "ผ้า")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_attendance_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press(*FORUM_KEYS, "f9")
        await pilot.pause()
        await type_text(pilot, "สาย")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_village_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "๑๐๐")  # หมู่ 100: refused, and the reason shown
        await pilot.press("escape")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_export_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(
        _app(demo_workspace), press=[*FORUM_KEYS, "ctrl+o", "e"], terminal_size=(80, 24)
    )
