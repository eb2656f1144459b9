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


def test_a_new_data_directory_is_made_private_by_the_lock(tmp_path: Path) -> None:
    from sammachip_tui.store.lock import DirectoryLock

    held = DirectoryLock(tmp_path / "new" / "data")
    held.acquire()
    try:
        assert (tmp_path / "new" / "data" / ".lock").is_file()
        assert (tmp_path / "new" / "data").stat().st_mode & 0o077 == 0
        with pytest.raises(WorkspaceLockedError):
            DirectoryLock(tmp_path / "new" / "data").acquire()
    finally:
        held.release()
    DirectoryLock(tmp_path / "new" / "data").acquire()  # released: taken again


def test_where_there_is_no_flock_filelock_holds_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no fcntl: the lock is filelock's there (played here without fcntl)."""
    from sammachip_tui.store import lock

    monkeypatch.setattr(lock, "fcntl", None)
    held = lock.DirectoryLock(tmp_path)
    held.acquire()
    assert held._lock is not None and held._lock.is_locked
    held.release()
    assert not held._lock.is_locked
