"""Snapshots of the dashboard at 80×24 and 120×40: a central store's first screen (three
villages in two subdistricts), the charts beside the table when the window is wide.

Plain sync tests: snap_compare runs its own event loop.
"""

from __future__ import annotations

from pathlib import Path

from sammachip_tui.app import SammachipApp

from .test_dashboard import _dashboard, office_with_villages


def _snap(snap_compare, tmp_path: Path, size: tuple[int, int]) -> bool:  # type: ignore[no-untyped-def]
    ws = office_with_villages(tmp_path)
    try:
        app = SammachipApp(data_dir=ws.data_dir, workspace=ws)
        return bool(snap_compare(app, run_before=_dashboard, terminal_size=size))
    finally:
        ws.close()


def test_dashboard_80x24(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _snap(snap_compare, tmp_path, (80, 24))


def test_dashboard_120x40(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _snap(snap_compare, tmp_path, (120, 40))
