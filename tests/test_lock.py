"""One writer per data directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sammachip_tui.store.lock import WorkspaceLockedError
from sammachip_tui.store.workspace import Workspace


def test_second_process_gets_a_clear_message(workspace: Workspace) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sammachip_tui",
            "--data-dir",
            str(workspace.data_dir),
            "villages",
            "list",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert "มีโปรแกรม sammachip อีกตัวใช้โฟลเดอร์ข้อมูลนี้อยู่" in result.stderr
    assert "Another sammachip is already using this data directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_second_open_in_the_same_process_is_refused(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceLockedError):
        Workspace.open(workspace.data_dir)


def test_lock_is_released_on_close(workspace: Workspace) -> None:
    data_dir: Path = workspace.data_dir
    workspace.close()
    with Workspace.open(data_dir):
        pass
