"""Durable, private file writes: what makes a pulled plug lose at most the last unsaved
keystrokes, and keeps national IDs, phones and incomes readable by this user only.

Everything in a data directory is 0600 (files) / 0700 (directories): the village shards hold
the same personal data as the journal. On Windows ``chmod`` only toggles the read-only flag,
so the modes are left alone there (the user's profile folder is private already).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_POSIX = os.name != "nt"


def fsync_directory(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (POSIX; a no-op where unsupported)."""
    if not _POSIX:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    path: Path, data: bytes | tuple[memoryview, bytes], *, mode: int = PRIVATE_FILE
) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one.

    Temporary file in the same directory, fsync, ``os.replace``, fsync the directory. If any
    step fails (a full disk, a read-only card) the temporary file is removed and the old file
    is untouched: a failed write leaves nothing behind. ``mode`` is set on the temporary file
    itself (not only at creation, which a leftover would escape), so the new file is never
    readable by others, not even for a moment.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        try:
            if _POSIX:
                os.fchmod(fd, mode)
            for piece in data if isinstance(data, tuple) else (data,):  # pieces: no copy
                view = memoryview(piece)
                while view:
                    view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_directory(path.parent)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as a directory only this user can enter; an
    existing one is tightened. Returns ``path``."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _tighten(path, PRIVATE_DIR)
    return path


def make_private(data_dir: Path) -> None:
    """Tighten what older versions left readable by others: every directory in ``data_dir``
    (itself included) to 0700, every file to 0600. Symbolic links are not followed. A file
    that cannot be changed (another owner, a read-only disk) is left as it is: opening the
    data must not fail for it."""
    if not _POSIX:
        return
    _tighten(data_dir, PRIVATE_DIR)
    # Only what sammachip puts there: a --data-dir given by mistake (a home folder, a web
    # site) must not have its files' modes changed.
    for entry in sorted(data_dir.iterdir()) if data_dir.is_dir() else ():
        if entry.name not in DATA_ENTRIES and not entry.name.startswith(DATA_PREFIXES):
            continue
        if entry.is_dir() and not entry.is_symlink():
            _tighten(entry, PRIVATE_DIR)
            for root, dirs, files in os.walk(entry):
                for name in dirs:
                    _tighten(Path(root) / name, PRIVATE_DIR)
                for name in files:
                    _tighten(Path(root) / name, PRIVATE_FILE)
        else:
            _tighten(entry, PRIVATE_FILE)


# What a data directory holds (store/workspace.py has the layout).
DATA_ENTRIES = frozenset({
    ".lock", ".lock.pid", "device.json", "device.key", "keys.json", "district-keys.json",
    "journal.jsonl", "checkpoint.json", "villages", "pending", "sync.json", "devices.json",
    "settings.json", "inbox.jsonl", "journal.idx", "journal-archive",
})  # fmt: skip
DATA_PREFIXES = ("repair-", ".journal.jsonl", ".checkpoint.json", ".device", ".sync.json",
                 ".inbox.jsonl", ".journal.idx")  # fmt: skip


def _tighten(path: Path, mode: int) -> None:
    if not _POSIX:
        return
    with contextlib.suppress(OSError):
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) & ~mode == 0:
            return
        os.chmod(path, stat.S_IMODE(st.st_mode) & mode)


def _replace(src: Path, dst: Path) -> None:
    for attempt in range(5):
        try:
            os.replace(src, dst)
            return
        except PermissionError:  # Windows: a reader holds the file for a moment
            if os.name != "nt" or attempt == 4:
                raise
            import time

            time.sleep(0.05 * (attempt + 1))
