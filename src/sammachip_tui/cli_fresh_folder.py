"""A command that fails on a data folder that was never set up leaves nothing behind.

Opening a workspace creates the folder and its lock file before it can tell that no device is
set up there (or that the district code given to ``init`` is wrong). A mistyped ``--data-dir``
then left an empty folder with a ``.lock`` in it, which later looks like a workspace. When the
folder did not exist before the command and holds nothing but the lock files afterwards, the
folder (and the parents the command made) are removed again. Anything else in it (a device set
up, a restored backup, a half-written file) is kept: it is never ours to guess about.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

LOCK_FILES = frozenset({".lock", ".lock.pid"})


def first_missing(data_dir: Path) -> Path | None:
    """The outermost folder of ``data_dir`` (itself included) that does not exist yet: what a
    command would create. None when ``data_dir`` exists already."""
    path = data_dir.absolute()
    if path.exists() or path.is_symlink():
        return None
    while not path.parent.exists() and path.parent != path:
        path = path.parent
    return path


def remove_if_unused(data_dir: Path, top: Path) -> None:
    """Remove ``data_dir`` and its parents up to ``top`` if the command made them and left only
    its lock files there. Another process using the folder meanwhile keeps it."""
    from sammachip_tui.store.lock import DirectoryLock, WorkspaceLockedError

    path = data_dir.absolute()
    try:
        if not path.is_dir() or set(os.listdir(path)) - LOCK_FILES:
            return
        lock = DirectoryLock(path)
        lock.acquire()
    except (OSError, WorkspaceLockedError):
        return
    try:
        for name in LOCK_FILES:
            with contextlib.suppress(FileNotFoundError):
                (path / name).unlink()
    except OSError:
        return
    finally:
        lock.release()
    while True:  # only empty folders go: rmdir refuses the others
        try:
            path.rmdir()
        except OSError:
            return
        if path == top or path.parent == path:
            return
        path = path.parent
