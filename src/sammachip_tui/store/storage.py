"""A TinyDB Storage that never corrupts its file (reference/tinydb.md §4).

TinyDB's own JSONStorage overwrites the file in place and truncates afterwards: a kill in
between leaves JSON that does not parse (2.5–6.5 % of kills in our measurements). This one
keeps the data in memory (one writer per data directory) and writes it on ``flush()``:
UTF-8 via orjson, temporary file, fsync, ``os.replace``, fsync of the folder. ``write()``
only marks the data dirty: the workspace journals every edit (fsynced) before applying it,
so the shard can be written later, off the typing path, and rebuilt from the journal.

A file that does not parse raises ``CorruptShardError``; it is never read as empty, which
would let the next write erase it.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from sammachip_tui.store.at_rest import Cipher, LockedError, SealedFileError, is_sealed
from sammachip_tui.store.fsutil import atomic_write


class CorruptShardError(Exception):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


META = "_meta"  # not a table: the file's own checksum (``serialize``)


def shard_label(path: Path) -> str:
    """What a sealed village file says it is (store/at_rest.py): it cannot be swapped for
    another village's file. Copies set aside (``.corrupt-…``) keep their village's label."""
    return f"village:{path.name.split('.')[0]}"


def _shape_problem(data: object) -> str | None:
    """Why ``data`` is not a shard: {table: {doc id: {"id": record id, ...}}}. A file that
    parses but holds something else (``{"household": 5}``) is as damaged as one that does
    not parse, and is set aside and rebuilt the same way."""
    if not isinstance(data, dict):
        return "not a JSON object"
    for table, docs in data.items():
        if not isinstance(docs, dict):
            return f"table {table!r} is not an object"
        for doc_id, doc in docs.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                return f"table {table!r}: entry {doc_id!r} is not a record"
            if not isinstance(doc.get("id"), str) or not isinstance(doc.get("_seen", []), list):
                return f"table {table!r}: entry {doc_id!r} has no record id"
    return None


class AtomicOrjsonStorage(Storage):
    def __init__(self, path: str | Path, cipher: Cipher | None = None) -> None:
        self.path = Path(path)
        self.cipher = cipher  # the data key, when the directory is encrypted (store/at_rest.py)
        self.dirty = False
        self._data: dict[str, dict[str, Any]] | None = None
        if self.path.exists():
            try:
                raw = self.path.read_bytes()
            except IsADirectoryError:
                raise CorruptShardError(self.path, "a folder, not a file") from None
            if is_sealed(raw):
                if cipher is None:
                    raise LockedError(self.path.parent.parent)
                try:
                    raw = cipher.open(raw, self.label)
                except SealedFileError as exc:
                    raise CorruptShardError(self.path, exc.message) from exc
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise CorruptShardError(self.path, str(exc)) from exc
            if isinstance(data, dict) and isinstance(data.get(META), dict):
                crc = data.pop(META).get("crc")
                if crc != zlib.crc32(orjson.dumps(data)):
                    raise CorruptShardError(self.path, "its checksum does not match")
            reason = _shape_problem(data)
            if reason is not None:
                raise CorruptShardError(self.path, reason)
            self._data = data

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self.dirty = True

    def put(self, table: str, doc_id: int, document: dict[str, Any]) -> None:
        """Store one document in place of TinyDB's whole-table rewrite.

        TinyDB's ``Table.update`` rebuilds the table's dict on every call (O(n) per edit);
        the workspace writes through here instead and reads through TinyDB's tables, which
        see the same data because ``read()`` returns it.
        """
        if self._data is None:
            self._data = {}
        self._data.setdefault(table, {})[str(doc_id)] = document
        self.dirty = True

    @property
    def label(self) -> str:
        return shard_label(self.path)

    def serialize(self) -> bytes | tuple[memoryview, bytes]:
        """The file: the tables, and last a ``_meta`` entry with the CRC32 of the tables as
        orjson writes them, so that a flipped bit inside a value (which still parses) is
        found at start and the village rebuilt from the journal. Still plain JSON. In two
        pieces (``atomic_write`` takes them) rather than copied into one: a village's file is
        the largest thing in memory while it is written."""
        tables = orjson.dumps(self._data or {})
        crc = zlib.crc32(tables)
        if self.cipher is not None:
            meta = b'"%s":{"crc":%d}}' % (META.encode(), crc)
            joined = tables[:-1] + (b"," if tables != b"{}" else b"") + meta
            return self.cipher.seal(joined, self.label)
        separator = b"," if tables != b"{}" else b""
        return memoryview(tables)[:-1], separator + b'"%s":{"crc":%d}}' % (META.encode(), crc)

    def flush(self) -> None:
        if self.dirty:
            atomic_write(self.path, self.serialize())
            self.dirty = False

    def close(self) -> None:
        self.flush()
