"""One writer per data directory: a second process gets a clear message and stops.

TinyDB has no locking; two processes writing one file left it unreadable in our tests
(reference/tinydb.md §3d). The lock is an OS file lock (flock/LockFileEx through filelock),
so the kernel releases it when a process dies: a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from filelock import FileLock, Timeout

from sammachip_tui.store.fsutil import PRIVATE_FILE

_held: set[Path] = set()
_held_guard = threading.Lock()


class WorkspaceLockedError(Exception):
    """Another sammachip process (or this one) already has the data directory open."""

    def __init__(self, data_dir: Path, owner: str = "") -> None:
        super().__init__(str(data_dir))
        self.data_dir = data_dir
        self.owner = owner


class DirectoryLock:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self._path = self.data_dir / ".lock"
        self._lock = FileLock(
            self._path, timeout=0, mode=PRIVATE_FILE, is_singleton=False, thread_local=False
        )

    def acquire(self) -> None:
        """Take the lock, or raise WorkspaceLockedError; an OSError (a read-only or missing
        directory) passes through for the caller to word."""
        with _held_guard:
            if self.data_dir in _held:  # filelock is re-entrant within a process; we are not
                raise WorkspaceLockedError(self.data_dir, f"pid {os.getpid()}")
            try:
                self._lock.acquire()
            except Timeout:
                raise WorkspaceLockedError(self.data_dir, self._owner()) from None
            _held.add(self.data_dir)
        # Only for the "who holds it" message: a full disk must not stop a command that reads.
        # No fsync: it is a hint, and a crash ends the lock it describes anyway.
        with contextlib.suppress(OSError):
            fd = os.open(self.data_dir / ".lock.pid", os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                         PRIVATE_FILE)  # fmt: skip
            try:
                os.write(fd, str(os.getpid()).encode())
            finally:
                os.close(fd)

    def _owner(self) -> str:
        try:
            return "pid " + (self.data_dir / ".lock.pid").read_text().strip()
        except OSError:
            return ""

    def release(self) -> None:
        with _held_guard:
            if self.data_dir in _held:
                _held.discard(self.data_dir)
                self._lock.release()
