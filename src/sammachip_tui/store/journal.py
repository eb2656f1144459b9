"""The device journal: an append-only file of operations, fsynced before an edit counts as saved.

Each line is ``<crc32 hex> <json>\\n``. A line is complete only when its newline is on disk
and its checksum matches. What one commit writes is one *batch*: a single operation is one
line; several (an import, a received bundle, a group and its members) are a header line
``{"batch": n}`` followed by their ``n`` lines. A batch counts only when all its lines are
there, so a write cut by a power cut or a kill never leaves half an import or half a merge:
at start the unfinished batch at the end is cut off, and one found before another batch
(outside damage) is skipped, never replayed.

Damage is not a torn write: a line that fails its checksum with good lines after it, or a
journal shorter than the checkpoint says it was, stops the open with ``JournalDamagedError``
(``sammachip repair`` salvages what is intact). The journal holds every operation this
device has applied (its own and those received from peers); a village shard is only a faster
view of it, and can be rebuilt from it.
"""

from __future__ import annotations

import binascii
import errno
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui.store.at_rest import LINE_MARK, Cipher, LockedError
from sammachip_tui.store.fsutil import fsync_directory

BATCH_KEY = b'{"batch":'


MARK_BYTES = 4096  # read at each end of the verified prefix (Journal.mark)


class JournalError(Exception):
    """The journal cannot be read (a damaged line before the end, not a torn tail)."""


@dataclass(frozen=True, slots=True)
class Entry:
    offset: int  # byte offset where the line starts
    end: int  # byte offset just after its newline
    data: dict[str, Any]


@dataclass
class Scan:
    """What reading the whole journal found (``Journal.scan``)."""

    size: int = 0  # bytes in the file
    good_end: int = 0  # end of the last whole batch before any damage
    entries: int = 0  # operations up to ``good_end``
    damaged_at: int | None = None  # first bad line that has good lines after it
    damaged_lines: int = 0  # bad lines (anywhere) when there is damage
    unfinished: list[tuple[int, int]] = field(default_factory=list)  # skipped batches
    lines_after_damage: int = 0  # good lines after ``damaged_at``

    @property
    def torn_bytes(self) -> int:
        """Bytes after the last whole batch that are a torn write (nothing good after)."""
        return 0 if self.damaged_at is not None else self.size - self.good_end


def encode_line(data: dict[str, Any], cipher: Cipher | None = None) -> bytes:
    """One line; its body sealed with the data key when the directory is encrypted (the
    checksum is over what is on disk, so damage is found without the key)."""
    body = orjson.dumps(data)
    if cipher is not None:
        body = cipher.seal_line(body)
    return b"%08x %s\n" % (zlib.crc32(body), body)


def encode_batch(entries: list[dict[str, Any]], cipher: Cipher | None = None) -> bytes:
    """The bytes of one commit: a lone line, or a header (never sealed: it says only how
    many lines follow) and its lines."""
    lines = [encode_line(e, cipher) for e in entries]
    if len(lines) > 1:
        lines.insert(0, encode_line({"batch": len(lines)}))
    return b"".join(lines)


def _checked_body(line: bytes) -> bytes | None:
    """The JSON of a line whose checksum matches, unparsed; None if it is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:]
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    return body if zlib.crc32(body) == crc else None


def decode_line(line: bytes, cipher: Cipher | None = None) -> dict[str, Any] | None:
    """The entry in one line (without its newline), or None if it is damaged. A sealed line
    needs ``cipher`` (LockedError without it; SealedFileError if it does not open)."""
    body = _checked_body(line)
    if body is None:
        return None
    if body.startswith(LINE_MARK):
        if cipher is None:
            raise LockedError(Path("journal.jsonl"))
        try:
            body = cipher.open_line(body)
        except (ValueError, binascii.Error):
            return None
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def batch_size(body: bytes) -> int | None:
    """``n`` of a batch header line's JSON, or None if the line is an operation."""
    if not body.startswith(BATCH_KEY):
        return None
    try:
        n = orjson.loads(body).get("batch")
    except (orjson.JSONDecodeError, AttributeError):
        return None
    return n if isinstance(n, int) and not isinstance(n, bool) and n >= 2 else None


def scan_bytes(data: bytes) -> Scan:
    """Walk every line once: checksums, batches, where damage starts (see module docstring)."""
    scan = Scan(size=len(data))
    pos = 0
    expect = 0  # lines still owed by the open batch
    batch_start = 0
    batch_entries = 0
    bad_at: int | None = None
    while pos < len(data):
        nl = data.find(b"\n", pos)
        body = None if nl < 0 else _checked_body(data[pos:nl])
        if body is None:
            bad_at = pos
            break
        n = batch_size(body)
        if n is not None:
            if expect:  # a batch that never finished, then a good line: skip it
                scan.unfinished.append((batch_start, pos))
            expect, batch_start, batch_entries = n, pos, 0
        elif expect:
            expect -= 1
            batch_entries += 1
        else:
            scan.entries += 1
        pos = nl + 1
        if not expect:
            scan.entries += batch_entries
            batch_entries = 0
            scan.good_end = pos
    if bad_at is None:
        return scan  # clean, or an unfinished batch at the very end (a torn tail)
    # Good lines after the bad one mean damage, not a torn last write.
    good_after = 0
    bad_lines = 1
    nl = data.find(b"\n", bad_at)
    while nl >= 0:
        start = nl + 1
        nl = data.find(b"\n", start)
        if nl < 0:
            break
        if _checked_body(data[start:nl]) is None:
            bad_lines += 1
        else:
            good_after += 1
    if good_after:
        scan.damaged_at = bad_at
        scan.damaged_lines = bad_lines
        scan.lines_after_damage = good_after
    return scan


class Journal:
    """Append-only, checksummed, fsynced. One writer (the workspace holds the lock)."""

    def __init__(self, path: Path, *, cipher: Cipher | None = None) -> None:
        self.path = path
        self.cipher = cipher
        self.torn_bytes = 0  # what recovery cut off the end at open, for the log
        self._skip: list[tuple[int, int]] = []
        self._unsound: str | None = None  # a failed write that could not be taken back
        self.existed = path.exists()
        # A missing journal is created by the first append, not here: opening a directory
        # whose journal is gone must change nothing until the officer says what to do.
        self._fd = os.open(path, os.O_RDWR | os.O_APPEND) if self.existed else -1
        self.size = os.fstat(self._fd).st_size if self._fd >= 0 else 0

    def scan(self, start: int = 0) -> Scan:
        """Read and check every line from byte ``start`` (a batch boundary) on: checksums
        only, which is fast; batch headers parsed. Offsets are the file's."""
        if self._fd < 0:
            return Scan()
        with open(self.path, "rb") as f:
            f.seek(start)
            data = f.read()
        scan = scan_bytes(data)
        if start:
            scan.size += start
            scan.good_end += start
            if scan.damaged_at is not None:
                scan.damaged_at += start
            scan.unfinished = [(a + start, b + start) for a, b in scan.unfinished]
        return scan

    @property
    def unfinished(self) -> bool:
        """Whether the last scan found unfinished batches that reading must skip."""
        return bool(self._skip)

    def mark(self, offset: int) -> int:
        """A checksum of the journal's first bytes and of the bytes just before ``offset``:
        what says, at the next open, that the prefix up to ``offset`` checked then is still
        the same file (not replaced, cut back or rewritten) without reading all of it."""
        if self._fd < 0 or not 0 < offset <= self.size:
            return 0
        with open(self.path, "rb") as f:
            head = f.read(min(offset, MARK_BYTES))
            f.seek(max(offset - MARK_BYTES, 0))
            tail = f.read(offset - max(offset - MARK_BYTES, 0))
        return zlib.crc32(tail, zlib.crc32(head)) ^ offset

    def at_line_start(self, offset: int) -> bool:
        """Whether a line starts at ``offset`` (the byte before it is a newline)."""
        if self._fd < 0 or not 0 < offset <= self.size:
            return offset == 0
        with open(self.path, "rb") as f:  # os.pread is POSIX only
            f.seek(offset - 1)
            return f.read(1) == b"\n"

    def recover(self, scan: Scan) -> None:
        """Cut a torn end so that the next append starts on a clean line, and remember the
        unfinished batches to skip. Only for a scan without damage."""
        assert scan.damaged_at is None
        self._skip = list(scan.unfinished)
        if scan.good_end < scan.size:
            self.torn_bytes = scan.size - scan.good_end
            os.ftruncate(self._fd, scan.good_end)
            os.fsync(self._fd)
        self.size = scan.good_end

    def append(self, entries: list[dict[str, Any]]) -> int:
        """Write entries as one batch and fsync; returns the new end offset. Only then is an
        edit saved."""
        if self._unsound is not None:
            raise OSError(errno.EIO, f"{self.path}: could not be rolled back ({self._unsound})")
        payload = encode_batch(entries, self.cipher)
        if self._fd < 0:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            fsync_directory(self.path.parent)
        written = 0
        try:
            while written < len(payload):
                written += os.write(self._fd, payload[written:])
            os.fsync(self._fd)
        except OSError as exc:
            # Disk full or removed: take back the partial lines so that nothing half-written
            # is ever replayed, and tell the caller the edit was not saved. If even that
            # fails, nothing more is appended behind the partial batch (a later line would
            # look like part of it); the next start cuts it off as a torn end.
            try:
                os.ftruncate(self._fd, self.size)
            except OSError:
                self._unsound = exc.strerror or str(exc)
            raise
        self.size += len(payload)
        return self.size

    def entries(
        self, start: int = 0, *, stop: int | None = None, strict: bool = True
    ) -> Iterator[Entry]:
        """Operations from byte ``start`` (a batch boundary) on, whole batches only.

        A damaged line raises unless ``strict`` is False (then reading stops there)."""
        stop = self.size if stop is None else stop
        if start >= stop or self._fd < 0:
            return
        with open(self.path, "rb") as f:
            f.seek(start)
            data = f.read(stop - start)
        skip = [(a, b) for a, b in self._skip if b > start and a < stop]
        pos = 0
        while pos < len(data):
            here = start + pos
            for a, b in skip:
                if a <= here < b:
                    pos = b - start
                    break
            else:
                nl = data.find(b"\n", pos)
                decoded = None if nl < 0 else decode_line(data[pos:nl], self.cipher)
                if decoded is None:
                    if strict:
                        raise JournalError(f"{self.path}: damaged entry at byte {here}")
                    return
                if "batch" not in decoded:
                    yield Entry(here, start + nl + 1, decoded)
                pos = nl + 1

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
