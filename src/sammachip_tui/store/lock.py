"""One writer per data directory: a second process gets a clear message and stops.

TinyDB has no locking; two processes writing one file left it unreadable in our tests
(reference/tinydb.md §3d). The lock is an OS file lock, so the kernel releases it when a
process dies: a crash never leaves a stale lock behind. On Linux and macOS (every machine the
app runs on in the field) it is ``flock`` from the standard library; elsewhere filelock's
LockFileEx. filelock on POSIX is the same ``flock``, but importing it loads logging, hashlib,
secrets and decimal: 13 ms before the first screen on a laptop, four times that on a Pi.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Any

from sammachip_tui.store.fsutil import PRIVATE_DIR, PRIVATE_FILE

try:
    import fcntl
except ImportError:  # Windows: filelock's LockFileEx
    fcntl = None  # type: ignore[assignment]

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
        self._fd: int | None = None  # flock: the open lock file while held
        self._lock: Any = None  # elsewhere: filelock's FileLock

    def acquire(self) -> None:
        """Take the lock, or raise WorkspaceLockedError; an OSError (a read-only or missing
        directory) passes through for the caller to word."""
        with _held_guard:
            if self.data_dir in _held:  # filelock is re-entrant within a process; we are not
                raise WorkspaceLockedError(self.data_dir, f"pid {os.getpid()}")
            if not self._take():
                raise WorkspaceLockedError(self.data_dir, self._owner())
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

    def _take(self) -> bool:
        """Lock without waiting; False when another process holds it."""
        if fcntl is None:
            from filelock import FileLock, Timeout

            self._lock = FileLock(
                self._path, timeout=0, mode=PRIVATE_FILE, is_singleton=False, thread_local=False
            )
            try:
                self._lock.acquire()
            except Timeout:
                return False
            return True
        if not self.data_dir.is_dir():  # as filelock did: a new data directory is made here
            self.data_dir.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def _owner(self) -> str:
        try:
            return "pid " + (self.data_dir / ".lock.pid").read_text().strip()
        except OSError:
            return ""

    def release(self) -> None:
        with _held_guard:
            if self.data_dir in _held:
                _held.discard(self.data_dir)
                if self._fd is not None:
                    fd, self._fd = self._fd, None
                    os.close(fd)  # closing the file releases the flock
                elif self._lock is not None:
                    self._lock.release()
