"""Where each operation sits in the journal, by origin and sequence number.

A district store runs for years: its journal (and the archive compaction moves old entries
to, store/compaction.py) reaches a million lines. A bundle for a peer is "the operations
of each origin above what the peer acknowledged"; reading the whole journal for it would
cost seconds on a Pi. The index holds, per origin, the sequence numbers and the byte range
of each line, so a bundle reads only its own lines (one seek per run of adjacent lines).

The index of the live journal is kept in memory once first asked for, extended from the
journal's end as it grows, and saved beside the checkpoint (``journal.idx``) when the
workspace closes and after a compaction. It is never trusted blindly: on load its checksum,
its byte order, the journal's first bytes, a line boundary where it stops and the last line
of each origin are checked against the journal; anything off (a killed process between
writes, a replaced journal, a damaged file) and it is rebuilt by reading the journal once.
Each archive segment (immutable once written) has its own index beside it, checked and
rebuilt the same way.
"""

from __future__ import annotations

import bisect
import logging
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.store.at_rest import Cipher, SealedFileError
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.journal import Journal, JournalError, decode_line

log = logging.getLogger(__name__)

INDEX_VERSION = 1
HEAD_BYTES = 4096  # the journal's first bytes, as the index saw them: a replaced journal
SPOT_CHECKS = 16  # origins whose last line is read back when an index is loaded
ARCHIVE_DIR = "journal-archive"
LIVE_INDEX = "journal.idx"


@dataclass
class _Origin:
    """One origin's lines in one file, in file order."""

    seqs: array[int] = field(default_factory=lambda: array("q"))
    starts: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))
    top: int = 0  # greatest seq
    ordered: bool = True  # seqs rising in file order (the usual case): bisect works


class SegmentIndex:
    """The index of one journal file (the live journal or one archive segment)."""

    def __init__(self) -> None:
        self.origins: dict[str, _Origin] = {}
        self.covered = 0  # bytes of the file indexed (a batch boundary)
        self.saved = -1  # ``covered`` when last saved (-1: never)

    def __len__(self) -> int:
        return sum(len(o.seqs) for o in self.origins.values())

    def add(self, origin: str, seq: int, start: int, end: int) -> None:
        o = self.origins.get(origin)
        if o is None:
            o = self.origins[origin] = _Origin()
        if o.seqs and seq <= o.seqs[-1]:
            o.ordered = False
        o.seqs.append(seq)
        o.starts.append(start)
        o.ends.append(end)
        o.top = max(o.top, seq)

    def extend(self, journal: Journal) -> int:
        """Index what the file gained since ``covered``; how many entries that was."""
        added = 0
        end = self.covered
        try:
            for entry in journal.entries(self.covered):
                data = entry.data
                origin, seq = data.get("o"), data.get("s")
                if isinstance(origin, str) and isinstance(seq, int):
                    self.add(origin, seq, entry.offset, entry.end)
                    added += 1
                end = entry.end
        except (JournalError, SealedFileError):  # damaged after it was checked (or written)
            raise IndexedLineError(journal.path) from None
        self.covered = max(end, journal.size)
        return added

    def lacking(self, vector: dict[str, int], exclude: str) -> list[tuple[int, int, str, int]]:
        """(start, end, origin, seq) of each line a peer with ``vector`` lacks (seq above its
        number for the origin), none of origin ``exclude``; in file order."""
        found: list[tuple[int, int, str, int]] = []
        for origin, o in self.origins.items():
            if origin == exclude:
                continue
            have = vector.get(origin, 0)
            if not isinstance(have, int) or isinstance(have, bool):
                have = 0
            if o.top <= have:
                continue
            if o.ordered:  # the lines above ``have``, without a Python step per line
                first = bisect.bisect_right(o.seqs, have)
                found.extend(
                    zip(
                        o.starts[first:],
                        o.ends[first:],
                        repeat(origin),
                        o.seqs[first:],
                        strict=False,
                    )
                )  # fmt: skip  (repeat: endless)
            else:
                found.extend((o.starts[i], o.ends[i], origin, seq)
                             for i, seq in enumerate(o.seqs) if seq > have)  # fmt: skip
        found.sort()
        return found

    def holds(self, origin: str, seq: int) -> bool:
        o = self.origins.get(origin)
        if o is None or seq > o.top:
            return False
        if o.ordered:
            i = bisect.bisect_left(o.seqs, seq)
            return i < len(o.seqs) and o.seqs[i] == seq
        return seq in o.seqs

    def entries(self) -> Iterator[tuple[int, int, str, int]]:
        """Every indexed line: (start, end, origin, seq)."""
        for origin, o in self.origins.items():
            for i, seq in enumerate(o.seqs):
                yield o.starts[i], o.ends[i], origin, seq

    # ------------------------------------------------------------------------ on disk
    def save(self, path: Path, journal: Journal) -> None:
        """Write the index atomically (what it covers of ``journal``, checked at load)."""
        names = sorted(self.origins)
        body = b"".join(
            self.origins[n].seqs.tobytes()
            + self.origins[n].starts.tobytes()
            + self.origins[n].ends.tobytes()
            for n in names
        )
        header = {
            "v": INDEX_VERSION,
            "bo": sys.byteorder,
            "covered": self.covered,
            "head": _head_crc(journal, self.covered),
            "origins": [[n, len(self.origins[n].seqs)] for n in names],
            "crc": zlib.crc32(body),
        }
        atomic_write(path, (memoryview(orjson.dumps(header) + b"\n"), body))
        self.saved = self.covered

    @classmethod
    def load(cls, path: Path, journal: Journal) -> SegmentIndex | None:
        """The saved index of ``journal``, or None when it is missing or does not match."""
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        try:
            nl = raw.index(b"\n")
            header = orjson.loads(raw[:nl])
            body = memoryview(raw)[nl + 1 :]
            if (
                header.get("v") != INDEX_VERSION
                or header.get("bo") != sys.byteorder
                or header.get("crc") != zlib.crc32(body)
            ):
                return None
            covered = header["covered"]
            if not isinstance(covered, int) or not 0 <= covered <= journal.size:
                return None
            if header.get("head") != _head_crc(journal, covered):
                return None
            if not journal.at_line_start(covered):
                return None
            index = cls()
            pos = 0
            width = array("q").itemsize
            for name, count in header["origins"]:
                o = _Origin()
                for arr in (o.seqs, o.starts, o.ends):
                    arr.frombytes(body[pos : pos + count * width])
                    pos += count * width
                if len(o.ends) != count or not count:
                    return None
                o.top = max(o.seqs)
                o.ordered = all(a < b for a, b in zip(o.seqs, o.seqs[1:], strict=False))
                index.origins[name] = o
            if pos != len(body):
                return None
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        index.covered = index.saved = covered
        return index if index._spot_check(journal) else None

    def _spot_check(self, journal: Journal) -> bool:
        """The last line of the busiest origins reads back as what the index says."""
        busiest = sorted(self.origins.items(), key=lambda kv: -len(kv[1].seqs))[:SPOT_CHECKS]
        for origin, o in busiest:
            for i in {0, len(o.seqs) - 1}:
                data = read_line(journal, o.starts[i], o.ends[i])
                if data is None or data.get("o") != origin or data.get("s") != o.seqs[i]:
                    return False
        return True


def _head_crc(journal: Journal, covered: int) -> int:
    if covered <= 0:
        return 0
    with open(journal.path, "rb") as f:
        return zlib.crc32(f.read(min(covered, HEAD_BYTES)))


def read_line(journal: Journal, start: int, end: int) -> dict[str, Any] | None:
    """The entry of the line at ``start``..``end`` (newline included), None if it is not
    one (damaged, or not a line there)."""
    try:
        with open(journal.path, "rb") as f:
            f.seek(start)
            raw = f.read(end - start)
        if not raw.endswith(b"\n"):
            return None
        return decode_line(raw[:-1], journal.cipher)
    except (OSError, ValueError):
        return None


def read_ranges(path: Path, ranges: list[tuple[int, int]]) -> Iterator[bytes]:
    """The raw lines at ``ranges`` (sorted, not overlapping), each with its newline; adjacent
    ranges are read in one go."""
    if not ranges:
        return
    with open(path, "rb") as f:
        i = 0
        while i < len(ranges):
            start, end = ranges[i]
            j = i + 1
            while j < len(ranges) and ranges[j][0] == end:
                end = ranges[j][1]
                j += 1
            f.seek(start)
            data = f.read(end - start)
            for a, b in ranges[i:j]:
                yield data[a - start : b - start]
            i = j


class IndexedLineError(UserError, JournalError):
    """A line of the journal or of an archive segment does not read back (the file was
    damaged after it was checked, or an archive segment was): said with what to do, never
    a traceback. ``sammachip repair`` keeps every line that reads and brings the rest back
    from the village files."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            _("A line of {file} does not read back: the file is damaged. Nothing was "
              "changed. Run “sammachip repair”: it keeps every intact entry, brings the "
              "rest back from the village files and keeps a copy of everything first."
              ).format(file=path)
        )  # fmt: skip
        self.path = path


def decode_lines(
    lines: Iterable[bytes], cipher: Cipher | None, where: Path
) -> list[dict[str, Any]]:
    """Each raw line (with its newline) decoded; a damaged one is a JournalError."""
    try:
        found = [decode_line(line[:-1], cipher) for line in lines]
    except SealedFileError:  # the checksum matched but it does not open
        found = [None]
    if None in found:
        raise IndexedLineError(where)
    return found  # type: ignore[return-value]  # no None left


# ------------------------------------------------------------------------------- archive
class Archive:
    """``journal-archive/``: segments of entries compaction moved out of the live journal,
    in the journal's own line format (sealed lines stay sealed), each written whole once."""

    def __init__(self, data_dir: Path, cipher: Cipher | None) -> None:
        self.folder = data_dir / ARCHIVE_DIR
        self.cipher = cipher
        self._segments: list[tuple[Journal, SegmentIndex]] | None = None
        self.damaged: dict[Path, int] = {}  # segment -> lines that did not read (rebuilt)

    def paths(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.jsonl") if p.stem.isdigit())

    def exists(self) -> bool:
        return bool(self.paths())

    def segments(self) -> list[tuple[Journal, SegmentIndex]]:
        """Every segment with its index (loaded, checked, rebuilt and saved if it had to be).

        A rebuild skips a line that does not read (a flipped bit on the card), as opening
        skips one: what reads stays usable, and ``damaged`` names the segment so that
        whatever must have every line (a bundle, a backup) says so and asks for ``repair``.
        The index of a damaged segment is not saved: the damage is found again each time,
        until ``repair`` rewrites the segment with the lines that read."""
        if self._segments is None:
            found = []
            self.damaged = {}
            for path in self.paths():
                journal = Journal(path, cipher=self.cipher)
                idx_path = path.with_suffix(".idx")
                index = SegmentIndex.load(idx_path, journal)
                if index is None:
                    index, bad = _rebuilt(journal)
                    if bad:
                        log.info("archive segment %s: %d damaged line(s)", path, bad)
                        self.damaged[path] = bad
                    else:
                        try:
                            index.save(idx_path, journal)
                        except OSError as exc:  # read-only card: works from memory
                            log.info("archive index not saved: %s", exc)
                found.append((journal, index))
            self._segments = found
        return self._segments

    def check_whole(self) -> None:
        """IndexedLineError (with what to do) if a segment is known to be damaged."""
        self.segments()
        if self.damaged:
            raise IndexedLineError(min(self.damaged))

    def next_path(self) -> Path:
        paths = self.paths()
        number = int(paths[-1].stem) + 1 if paths else 1
        return self.folder / f"{number:06d}.jsonl"

    def holds(self, origin: str, seq: int) -> bool:
        return any(index.holds(origin, seq) for _j, index in self.segments())

    def entries(self, *, strict: bool = True) -> Iterator[dict[str, Any]]:
        """Every archived entry, oldest segment first. A line that does not read raises
        IndexedLineError, or with ``strict`` False is skipped and counted in ``damaged``
        (the lines after it still count: each archived line stands alone, there are no
        batches to cut short)."""
        for journal, _index in self.segments():
            bad = 0
            for _start, _end, data in segment_lines(journal):
                if data is not None:
                    yield data
                elif strict:
                    raise IndexedLineError(journal.path)
                else:
                    bad += 1
            if bad:
                self.damaged[journal.path] = bad

    def forget(self) -> None:
        """Drop what is cached (after a segment is added)."""
        if self._segments is not None:
            for journal, _index in self._segments:
                journal.close()
        self._segments = None

    def close(self) -> None:
        self.forget()


def segment_lines(journal: Journal) -> Iterator[tuple[int, int, dict[str, Any] | None]]:
    """(start, end, entry) of each line of an archive segment, entry None when the line does
    not read (its checksum fails, it does not open, or the file ends inside it)."""
    with open(journal.path, "rb") as f:
        raw = f.read()
    pos = 0
    while pos < len(raw):
        nl = raw.find(b"\n", pos)
        end = len(raw) if nl < 0 else nl + 1
        try:
            data = None if nl < 0 else decode_line(raw[pos:nl], journal.cipher)
        except (SealedFileError, ValueError):
            data = None
        yield pos, end, data
        pos = end


def _rebuilt(journal: Journal) -> tuple[SegmentIndex, int]:
    """The index of an archive segment read whole, and how many lines did not read."""
    index = SegmentIndex()
    bad = 0
    for start, end, data in segment_lines(journal):
        origin, seq = (None, None) if data is None else (data.get("o"), data.get("s"))
        if isinstance(origin, str) and isinstance(seq, int):
            index.add(origin, seq, start, end)
        elif data is None:
            bad += 1
    index.covered = journal.size
    return index, bad


class JournalIndex:
    """The live journal's index and the archive's: what a peer lacks, read by offset."""

    def __init__(self, data_dir: Path, journal: Journal, archive: Archive) -> None:
        self.path = data_dir / LIVE_INDEX
        self.journal = journal
        self.archive = archive
        self._live: SegmentIndex | None = None

    def live(self) -> SegmentIndex:
        """The live journal's index, up to its end (loaded or rebuilt on first use)."""
        if self._live is None:
            loaded = SegmentIndex.load(self.path, self.journal)
            if loaded is None and self.path.exists():
                log.info("journal index does not match the journal; rebuilding it")
            self._live = loaded or SegmentIndex()
        if self._live.covered < self.journal.size:
            self._live.extend(self.journal)
        return self._live

    def reset(self, journal: Journal, live: SegmentIndex | None = None) -> None:
        """After compaction: a new journal, and its index if the caller built it."""
        self.journal = journal
        self._live = live
        self.archive.forget()

    def save(self) -> None:
        """Save the live index if it grew since it was last saved (at close)."""
        if self._live is not None and self._live.covered != self._live.saved:
            self._live.save(self.path, self.journal)

    def held(self) -> dict[str, tuple[int, int]]:
        """Per origin: (its greatest sequence number held here, how many of its sequence
        numbers are held), archive and live journal together, without reading a line. An
        origin's numbers in one file are counted by length when they rise (as written);
        an entry in two files (a compaction cut short) or out of order is counted once."""
        found: dict[str, list[_Origin]] = {}
        for _journal, index in [*self.archive.segments(), (self.journal, self.live())]:
            for origin, o in index.origins.items():
                found.setdefault(origin, []).append(o)
        out: dict[str, tuple[int, int]] = {}
        for origin, parts in found.items():
            top = max(o.top for o in parts)
            runs = sorted(parts, key=lambda o: o.seqs[0])
            apart = all(o.ordered for o in runs) and all(
                a.seqs[-1] < b.seqs[0] for a, b in pairwise(runs)
            )
            if apart:
                out[origin] = (top, sum(len(o.seqs) for o in parts))
            else:
                out[origin] = (top, len({seq for o in parts for seq in o.seqs}))
        return out

    def held_above(self, origin: str, floor: int) -> int:
        """How many of ``origin``'s sequence numbers above ``floor`` are held here (archive
        and live journal, each number once); by bisection where a file's numbers rise."""
        found: set[int] = set()
        for _journal, index in [*self.archive.segments(), (self.journal, self.live())]:
            o = index.origins.get(origin)
            if o is None:
                continue
            if o.ordered:
                found.update(o.seqs[bisect.bisect_right(o.seqs, floor) :])
            else:
                found.update(s for s in o.seqs if s > floor)
        return len(found)

    def lacking(self, vector: dict[str, int], exclude: str) -> list[dict[str, Any]]:
        """Every entry (archive first, then the live journal, in file order) a peer with
        ``vector`` lacks, none of origin ``exclude``; each (origin, seq) once."""
        found: list[dict[str, Any]] = []
        self.archive.check_whole()  # a lost line may be one the peer lacks: never sent short
        sources = [*self.archive.segments(), (self.journal, self.live())]
        picks = [(journal, index.lacking(vector, exclude)) for journal, index in sources]
        picks = [(journal, picked) for journal, picked in picks if picked]
        seen: set[tuple[str, int]] = set()
        for journal, picked in picks:
            if len(picks) == 1:  # one file: each (origin, seq) is there once
                ranges = [(start, end) for start, end, _o, _s in picked]
            else:  # an entry in the archive and the journal (a compaction cut short): once
                ranges = []
                for start, end, origin, seq in picked:
                    if (origin, seq) not in seen:
                        seen.add((origin, seq))
                        ranges.append((start, end))
            lines = read_ranges(journal.path, ranges)
            found.extend(decode_lines(lines, journal.cipher, journal.path))
        return found
