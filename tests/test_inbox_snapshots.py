"""Snapshots of the inbox at 80×24 and 120×40: a week of bundles at a district office (fixed
ids and times), newest first; and one bundle opened in full."""

from __future__ import annotations

from sammachip_tui.app import SammachipApp
from sammachip_tui.store.workspace import Workspace

from .test_inbox_screen import sample_inbox


def _app(ws: Workspace) -> SammachipApp:
    sample_inbox(ws.data_dir)
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def test_inbox_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["n"], terminal_size=(80, 24))


def test_inbox_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["n"], terminal_size=(120, 40))


def test_inbox_entry_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["n", "down", "enter"],
                        terminal_size=(120, 40))  # fmt: skip
