"""The device journal: an append-only file of operations, fsynced before an edit counts as saved.

Each line is ``<crc32 hex> <json>\\n``. A line is complete only when its newline is on disk
and its checksum matches, so a write torn by a power cut or a kill is recognised at start,
cut off, and never replayed. The journal holds every operation this device has applied (its
own and those received from peers); a village shard is only a faster view of it, and can be
rebuilt from it.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui.store.fsutil import fsync_directory


class JournalError(Exception):
    """The journal cannot be read (a damaged line before the end, not a torn tail)."""


@dataclass(frozen=True, slots=True)
class Entry:
    offset: int  # byte offset where the line starts
    end: int  # byte offset just after its newline
    data: dict[str, Any]


def encode_line(data: dict[str, Any]) -> bytes:
    body = orjson.dumps(data)
    return b"%08x %s\n" % (zlib.crc32(body), body)


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The entry in one line (without its newline), or None if it is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    if zlib.crc32(body) != crc:
        return None
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


class Journal:
    """Append-only, checksummed, fsynced. One writer (the workspace holds the lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.torn_bytes = 0  # what recovery cut off the end at open, for the log
        path.parent.mkdir(parents=True, exist_ok=True)
        created = not path.exists()
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        if created:
            fsync_directory(path.parent)
        self.size = self._recover_tail()

    def _recover_tail(self) -> int:
        """Cut a torn end so that the next append starts on a clean line.

        Only the end of the file can be torn: a partial write leaves a prefix of its lines,
        and a power cut may leave zeros or garbage after the last good byte. Everything after
        the last newline goes, then trailing lines that fail their checksum. Damage with good
        lines after it is not a torn write and is reported by ``entries``.
        """
        size = os.fstat(self._fd).st_size
        if size == 0:
            return 0
        window = min(size, 1 << 20)
        with open(self.path, "rb") as f:
            f.seek(size - window)
            tail = f.read(window)
        base = size - window
        end = tail.rfind(b"\n") + 1
        while end > 0:
            start = tail.rfind(b"\n", 0, end - 1) + 1
            if start == 0 and base > 0:
                break  # a line longer than the window: trust it, ``entries`` verifies it
            if decode_line(tail[start : end - 1]) is not None:
                break
            end = start
        good_end = base + end
        if good_end < size:
            self.torn_bytes = size - good_end
            os.ftruncate(self._fd, good_end)
            os.fsync(self._fd)
        return good_end

    def append(self, entries: list[dict[str, Any]]) -> int:
        """Write entries and fsync; returns the new end offset. Only then is an edit saved."""
        payload = b"".join(encode_line(e) for e in entries)
        written = 0
        try:
            while written < len(payload):
                written += os.write(self._fd, payload[written:])
            os.fsync(self._fd)
        except OSError:
            # Disk full or removed: take back the partial lines so that nothing half-written
            # is ever replayed, and tell the caller the edit was not saved.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self.size)
            raise
        self.size += len(payload)
        return self.size

    def entries(
        self, start: int = 0, *, stop: int | None = None, strict: bool = True
    ) -> Iterator[Entry]:
        """Entries from byte ``start`` on. A damaged line raises unless ``strict`` is False."""
        stop = self.size if stop is None else stop
        if start >= stop:
            return
        with open(self.path, "rb") as f:
            f.seek(start)
            data = f.read(stop - start)
        pos = 0
        while pos < len(data):
            nl = data.find(b"\n", pos)
            if nl < 0:
                if strict:
                    raise JournalError(f"{self.path}: unterminated entry at byte {start + pos}")
                return
            decoded = decode_line(data[pos:nl])
            if decoded is None:
                if strict:
                    raise JournalError(f"{self.path}: damaged entry at byte {start + pos}")
                return
            yield Entry(start + pos, start + nl + 1, decoded)
            pos = nl + 1

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
