"""The operations of a bundle, as few bytes as they can be and exactly the same on arrival,
whichever version of the app sends, relays or receives them.

Every byte here is a fraction of a QR frame that an officer waits for, so what can be derived
is not sent:

- origins and villages are listed once and referred to by index;
- the sequence number is a step from the previous operation of the same origin (usually 1);
- the clock stamp is a step in milliseconds and the counter, when its device is the origin;
- a record id made from the origin and this operation's sequence number is left out;
- a ``village_code`` equal to the operation's village is left out;
- an operation that creates a whole record (every field of schema 1.0) leaves out the fields
  of schema 1.0 that hold their 1.0 default (most households have no title, phone or consent
  date);
- values of the same kind travel as columns (one list per field), which brotli packs far
  better than the same values interleaved with every other field; a field of schema 1.0 is
  named by its place in the frozen field table (sync/schema.py), any other by its name;
- a national ID travels without its check digit, which is recomputed;
- a column of digit strings (phone numbers, house codes) travels as binary digits beside
  the compressed JSON when that is smaller (sync/digit_columns.py).

    payload = codec u8 (4) | LEB128 length of B | B = brotli(JSON) | packed digit columns

Bounded. The JSON's first key, ``z``, declares its own size (the Thai-byte JSON, before
compression); a reader decompresses no more than that, and never more than ``MAX_JSON_BYTES``
whatever a payload declares (payloads made before ``z`` existed are held to that cap alone).
``read_header`` reads the few leading keys (``z``, the sender's name ``n`` and role ``r``,
``v``, ``sv``, the addressee ``to``) from the first ``HEADER_PREFIX`` bytes of output only:
enough to hold a bundle from a device nobody has accepted yet, without unpacking the rest.

The addressee. ``to`` names whom the bundle was made for: "central" (the district's central
store) or a device id (sync/bundle.py: only the addressee shows an acknowledgement code). It
comes after ``sv``: a reader made before it stops reading leading keys there, having read
all it knew, and its full decode ignores the key. A payload without it says nothing about
its addressee (every one made before it existed).

Versions. The JSON's ``v`` (3) is this layout; ``sv`` is the field table's schema version
``[major, minor]``, left out for 1.0 (so a payload without it, as every one made before the
table existed, is 1.0). Fields and kinds added by a later minor travel by name and are never
left out, so any 1.x device refills exactly the 1.0 defaults that were left out and nothing
else, and an operation decoded and encoded again by any 1.x device is the same operation: an
older device passes on what it does not know unchanged. A payload of a greater major raises
``NewerSchemaError`` before anything else is read (the receiver says to update the app).

Decoding restores each operation exactly (a property test checks this on random ops; the
golden bundles in tests/data/golden check that earlier versions' payloads still read).
"""

from __future__ import annotations

import codecs
import copy
import itertools
import json
import re
from collections import defaultdict
from typing import Any

import brotli
import orjson

from sammachip_tui.model.thai import is_valid_national_id, national_id_check_digit
from sammachip_tui.store.hlc import make_stamp, parse_stamp
from sammachip_tui.store.ids import DEVICE_ID, record_id
from sammachip_tui.store.oplog import Op
from sammachip_tui.sync import digit_columns
from sammachip_tui.sync import schema as schemas
from sammachip_tui.sync.schema import Schema

# qr-transfer.md §3 numbers codecs 1 zlib, 2 brotli, 3 zstd with a dictionary; 4 is brotli
# with digit columns beside it.
CODEC_BROTLI = 4
VERSION = 3
_MISSING = object()
NO_VILLAGE_CODE, DEFAULTS_LEFT_OUT = 1, 2

# The most a payload's JSON may unpack to. A whole household is about 150 bytes of this JSON
# (village-200.csv: 30,039 bytes for 201 operations), so 32 MiB holds some 220,000 of them:
# more than the largest district's register (about 100,000 households) with as many edits
# again. The largest bundle sammachip makes is a central store's whole journal to a new
# device; anything past this was not made by sammachip, and would cost a receiver about ten
# times its size in memory to parse.
MAX_JSON_BYTES = 32 * 1024 * 1024
# The leading keys (z, n, r, v, sv, to) are read from this much output; a device name is a line.
HEADER_PREFIX = 16 * 1024
_HEADER_KEYS = ("z", "n", "r", "v", "sv", "to")
_INFLATE_STEP = 1024 * 1024


class PayloadError(ValueError):
    pass


class TooLargeError(PayloadError):
    """A payload that unpacks past what it declares, or past ``MAX_JSON_BYTES``."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"unpacks past {limit} bytes")
        self.limit = limit


class NewerSchemaError(PayloadError):
    """A payload of a greater schema major than this app reads."""

    def __init__(self, major: int, minor: int, ours: Schema) -> None:
        super().__init__(f"schema {major}.{minor}, newer than {ours.version}")
        self.version = f"{major}.{minor}"
        self.ours = ours.version


def _short_replaces(replaces: dict[str, list[str]], origin: str, ms: int) -> dict[str, Any]:
    """Replaced stamps of the origin as [ms before this operation, counter]."""
    out: dict[str, Any] = {}
    for name, stamps in replaces.items():
        short: list[Any] = []
        for stamp in stamps:
            try:
                r_ms, r_counter, device = parse_stamp(stamp)
            except ValueError:
                short.append(stamp)
                continue
            exact = device == origin and make_stamp(r_ms, r_counter, device) == stamp
            short.append([ms - r_ms, r_counter] if exact and r_ms <= ms else stamp)
        out[name] = short
    return out


def _long_replaces(replaces: dict[str, Any], origin: str, ms: int) -> dict[str, list[str]]:
    return {
        name: [make_stamp(ms - s[0], s[1], origin) if isinstance(s, list) else s for s in stamps]
        for name, stamps in replaces.items()
    }


_EXACT = 2**53


def _pack(column: list[Any], blobs: list[bytes]) -> Any:
    """A climbing column of whole numbers as steps from one to the next (positions in a list
    are large and close together); floats that are whole numbers keep their type on the way
    back. Digit strings as binary digits in ``blobs`` when that is smaller. Anything else as
    it is."""
    if any(column) and all(v == "" or _is_national_id(v) for v in column):
        return {"n": [v[:12] for v in column]}  # the 13th digit is the checksum: recomputed
    if digit_columns.is_digit_column(column):
        spec, blob = digit_columns.pack(column)
        if digit_columns.worth_packing(orjson.dumps(column), orjson.dumps(spec), blob):
            blobs.append(blob)
            return {"x": spec}
        return column
    packed: Any = column
    if len(column) > 1:
        if all(type(v) is int and abs(v) < _EXACT for v in column):
            packed = {"i": _steps(column)}
        elif all(type(v) is float and v.is_integer() and abs(v) < _EXACT for v in column):
            packed = {"f": _steps([int(v) for v in column])}
    # Steps only for columns that climb (positions in a list); incomes and counts jump about,
    # and their steps compress worse than the values.
    if packed is not column and min(next(iter(packed.values()))[1:]) >= 0:
        return packed
    return column


def _is_national_id(value: Any) -> bool:
    """Exactly 13 ASCII digits with a good check digit (so dropping it loses nothing)."""
    return (type(value) is str and len(value) == 13 and value.isascii() and value.isdigit()
            and is_valid_national_id(value))  # fmt: skip


def _steps(numbers: list[int]) -> list[int]:
    return [numbers[0]] + [b - a for a, b in itertools.pairwise(numbers)]


def _unpack(column: Any, tail: memoryview, at: list[int], rows: int) -> list[Any]:
    """The column back; a digit column takes its bytes from ``tail`` at ``at[0]``. No column
    holds more values than the payload has operations (``rows``): a digit column's count is
    checked before anything is made of it."""
    if isinstance(column, list):
        return column
    if "x" in column:
        spec = column["x"]
        if not isinstance(spec, dict) or type(spec.get("k")) is not int or spec["k"] > rows:
            raise PayloadError("digit columns")
        digits = digit_columns.packed_digits(spec)
        if digits > 3 * (len(tail) - at[0]) + 3:  # a byte holds 2.4 digits: not all here
            raise PayloadError("digit columns")
        size = digit_columns.blob_size(digits)
        blob = bytes(tail[at[0] : at[0] + size])
        at[0] += size
        return digit_columns.unpack(spec, blob)
    if "n" in column:
        return [v + str(national_id_check_digit(v)) if v else "" for v in column["n"]]
    if "i" in column or "f" in column:
        numbers, total = [], 0
        for step in column.get("i", column.get("f")):
            total += step
            numbers.append(total)
        return numbers if "i" in column else [float(n) for n in numbers]
    raise PayloadError("column")


def _same(default: Any, value: Any) -> bool:
    """Equal and of the same JSON type (0 is not 0.0 on the way back)."""
    return type(default) is type(value) and default == value


def encode(
    ops: list[Op],
    header: dict[str, Any],
    schema: Schema | None = None,
    trailer: dict[str, Any] | None = None,
    addressee: str = "",
) -> bytes:
    """The payload of ``ops`` with ``header``'s keys, as a device of ``schema`` (default: this
    app's) writes it; ``trailer``'s keys go last (what only a merge reads: the header's
    leading keys stay the few ``read_header`` reads, and older versions ignore them). The
    ``addressee`` ("central" or a device id) is the leading key ``to``, after ``sv``."""
    table = schema or schemas.CURRENT
    origins: list[str] = []
    villages: list[str] = []
    last: dict[str, tuple[int, int, int]] = {}  # origin → (seq, stamp ms, counter)
    rows = []
    columns: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    field_order: dict[str, list[str]] = {}
    stamp_ms: list[Any] = []  # clock stamps as two columns: ms steps (or whole stamps) …
    stamp_counter: list[int] = []  # … and counters
    for op in ops:
        if op.origin not in origins:
            origins.append(op.origin)
        if op.village not in villages:
            villages.append(op.village)
        prev_seq, prev_ms, prev_counter = last.get(op.origin, (0, 0, 0))
        ms, counter, device = parse_stamp(op.stamp)
        if device == op.origin and make_stamp(ms, counter, device) == op.stamp:
            step = counter - prev_counter if ms == prev_ms else counter
            stamp: Any = [ms - prev_ms, step]
            last[op.origin] = (op.seq, ms, counter)
        else:
            stamp = op.stamp
            last[op.origin] = (op.seq, prev_ms, prev_counter)
        record: Any = 0 if op.record == record_id(op.origin, op.seq) else op.record
        values = dict(op.values)
        flags = 0
        if values.get("village_code", _MISSING) == op.village:
            del values["village_code"]
            flags |= NO_VILLAGE_CODE
        if table.is_whole(op.kind, op.values):
            defaults = table.base_defaults(op.kind)
            same = [n for n, v in values.items() if _same(defaults.get(n, _MISSING), v)]
            for name in same:
                del values[name]
            flags |= DEFAULTS_LEFT_OUT
        # Column per (kind, field): a row says which fields it has (a bit each, in the order
        # the kind's columns were first met); the values go to the columns.
        order = field_order.setdefault(op.kind, [])
        mask = 0
        for name in sorted(values):
            if name not in order:
                order.append(name)
            mask |= 1 << order.index(name)
            columns[op.kind][name].append(values[name])
        if isinstance(stamp, list):
            stamp_ms.append(stamp[0])
            stamp_counter.append(stamp[1])
        else:
            stamp_ms.append(stamp)
            stamp_counter.append(0)
        rows.append([origins.index(op.origin), op.seq - prev_seq, op.kind, record,
                     villages.index(op.village), mask, flags,
                     _short_replaces(op.replaces, op.origin, ms) or 0])  # fmt: skip
    # Columns as lists in the order of ``f``; a field of schema 1.0 is named by its place in
    # the frozen table (every 1.x device knows it), any other by its name.
    blobs: list[bytes] = []
    packed = {k: [_pack(v[n], blobs) for n in field_order[k]] for k, v in columns.items()}
    names = {k: [table.code(k, n) for n in order] for k, order in field_order.items()}
    version = {"sv": [table.major, table.minor]} if (table.major, table.minor) != (1, 0) else {}
    to = {"to": addressee} if addressee else {}
    doc = {"z": 0, **header, "v": VERSION, **version, **to, "o": origins, "g": villages,
           "ops": rows, "f": names, "c": packed, "sm": stamp_ms, "sc": stamp_counter,
           **(trailer or {})}  # fmt: skip
    compressed = brotli.compress(_declared(doc), quality=11, lgwin=22)
    return bytes([CODEC_BROTLI]) + _leb128(len(compressed)) + compressed + b"".join(blobs)


def _declared(doc: dict[str, Any]) -> bytes:
    """The Thai-byte JSON of ``doc`` with ``z`` set to that JSON's own length."""
    while True:
        raw = to_thai_bytes(orjson.dumps(doc))
        if doc["z"] == len(raw):
            return raw
        doc["z"] = len(raw)


def _leb128(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append(n & 0x7F | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _read_leb128(data: bytes, at: int) -> tuple[int, int]:
    """The number at ``at`` and where it ends."""
    n = shift = 0
    for i in range(at, min(len(data), at + 5)):
        n |= (data[i] & 0x7F) << shift
        shift += 7
        if not data[i] & 0x80:
            return n, i + 1
    raise PayloadError("length")


THAI_FIRST, THAI_LAST, BYTE_BASE = 0x0E01, 0x0E5B, 0xA1  # as TIS-620 places them
_NOT_ASCII_OR_THAI = re.compile(r"[^\x00-\x7f\u0e01-\u0e5b]")
# Latin-1 characters that no Thai byte maps to (0x80..BYTE_BASE-1, and past the last).
_NOT_THAI_BYTES = re.compile(r"[\x80-\xa0\xfc-\xff]")
_THAI_GAP = "sammachip-thai-gap"


def _thai_gap(exc: UnicodeError) -> tuple[str | bytes, int]:
    """Python's TIS-620 codec leaves out 4 places (U+0E3B..U+0E3E ↔ 0xDB..0xDE) that this
    layout maps like the others."""
    if isinstance(exc, UnicodeEncodeError):
        chars = exc.object[exc.start : exc.end]
        return bytes(ord(c) - THAI_FIRST + BYTE_BASE for c in chars), exc.end
    if isinstance(exc, UnicodeDecodeError):
        raw = exc.object[exc.start : exc.end]
        return "".join(chr(b - BYTE_BASE + THAI_FIRST) for b in raw), exc.end
    raise exc


codecs.register_error(_THAI_GAP, _thai_gap)


def to_thai_bytes(json_utf8: bytes) -> bytes:
    """JSON with each Thai character as one byte (TIS-620's place for it) and every other
    non-ASCII character as a \\u escape: a third of the bytes for Thai text, before
    compression, and about a tenth fewer after (reference/qr-transfer.md §2c). At C speed
    (the TIS-620 codec): a payload can be megabytes."""
    text = _NOT_ASCII_OR_THAI.sub(lambda m: _escape(m.group()), json_utf8.decode("utf-8"))
    return text.encode("tis_620", errors=_THAI_GAP)


def _escape(ch: str) -> str:
    units = ch.encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def from_thai_bytes(data: bytes) -> bytes:
    """``to_thai_bytes`` undone."""
    if _NOT_THAI_BYTES.search(data.decode("latin-1")):
        raise PayloadError("not a payload")
    return data.decode("tis_620", errors=_THAI_GAP).encode("utf-8")


def decode(data: bytes, schema: Schema | None = None) -> tuple[dict[str, Any], list[Op]]:
    """The header and the operations, as a device of ``schema`` (default: this app's) reads
    them. Raises NewerSchemaError for a payload of a greater schema major, PayloadError for
    anything else that is not a payload it reads."""
    table = schema or schemas.CURRENT
    try:
        inflater = _Inflater(_compressed(data))
        leading = _leading_keys(inflater.prefix())
        major, minor = _schema_version(leading)
        if major > table.major:
            raise NewerSchemaError(major, minor, table)
        doc = orjson.loads(from_thai_bytes(inflater.rest(_limit(leading))))
        tail, at = memoryview(data)[len(data) - _tail_size(data) :], [0]
        if not isinstance(doc, dict):
            raise PayloadError("not a payload")
        major, minor = _schema_version(doc)
        if major > table.major:
            raise NewerSchemaError(major, minor, table)
        if doc.get("v") != VERSION:
            raise PayloadError("version")
        origins, villages = doc["o"], doc["g"]
        if not isinstance(doc["ops"], list):
            raise PayloadError("operations")
        # Every operation's stamp and record id are made from its origin: a long "origin"
        # would be copied into each of them (found by tools/fuzz.py: 1 MB became 2.5 GB).
        if not all(isinstance(o, str) and DEVICE_ID.match(o) for o in origins):
            raise PayloadError("origins")
        rows = len(doc["ops"])
        order = {k: [table.name(k, c) for c in codes] for k, codes in doc["f"].items()}
        columns = {
            k: {n: _unpack(col, tail, at, rows) for n, col in zip(order[k], cols, strict=True)}
            for k, cols in doc["c"].items()
        }
        if at[0] != len(tail):
            raise PayloadError("digit columns")
        cursor: dict[tuple[str, str], int] = defaultdict(int)
        last: dict[str, tuple[int, int, int]] = {}
        ops = []
        stamps = [
            s_ms if isinstance(s_ms, str) else [s_ms, s_c]
            for s_ms, s_c in zip(doc["sm"], doc["sc"], strict=True)
        ]
        if len(stamps) != len(doc["ops"]):
            raise PayloadError("stamps")
        for (oi, dseq, kind, record, gi, mask, flags, replaces), stamp in zip(
            doc["ops"], stamps, strict=True
        ):
            origin = origins[oi]
            prev_seq, prev_ms, prev_counter = last.get(origin, (0, 0, 0))
            seq = prev_seq + dseq
            if isinstance(stamp, list):
                ms = prev_ms + stamp[0]
                counter = prev_counter + stamp[1] if stamp[0] == 0 else stamp[1]
                full_stamp = make_stamp(ms, counter, origin)
                last[origin] = (seq, ms, counter)
            else:
                full_stamp = stamp
                last[origin] = (seq, prev_ms, prev_counter)
            ms_now = parse_stamp(full_stamp)[0] if replaces else 0
            values: dict[str, Any] = {}
            names = [n for i, n in enumerate(order[kind]) if mask >> i & 1]
            for name in names:
                values[name] = columns[kind][name][cursor[(kind, name)]]
                cursor[(kind, name)] += 1
            if flags & DEFAULTS_LEFT_OUT:  # the 1.0 defaults of a whole record, no others
                for name, default in table.base_defaults(kind).items():
                    if name not in values:  # a list or dict of its own, not the table's
                        mutable = isinstance(default, (list, dict))
                        values[name] = copy.deepcopy(default) if mutable else default
            if flags & NO_VILLAGE_CODE:
                values["village_code"] = villages[gi]
            op = Op(
                origin=origin,
                seq=seq,
                stamp=full_stamp,
                kind=kind,
                record=record_id(origin, seq) if record == 0 else record,
                village=villages[gi],
                values=values,
                replaces=_long_replaces(replaces, origin, ms_now) if replaces else {},
            )
            ops.append(Op.from_json(op.to_json()))  # the journal's own type checks
    except PayloadError:
        raise
    except (brotli.error, orjson.JSONDecodeError, KeyError, IndexError, TypeError, ValueError,
            AttributeError, RecursionError) as exc:  # fmt: skip
        raise PayloadError(str(exc)[:200]) from None
    return doc, ops


def read_header(data: bytes, schema: Schema | None = None) -> dict[str, Any]:
    """The leading keys of a payload (``n``, ``r``, ``z``, ``v``, ``sv``, ``to`` where present),
    unpacking no more than ``HEADER_PREFIX`` bytes. Raises NewerSchemaError for a greater
    major, TooLargeError when the payload declares more than ``MAX_JSON_BYTES``, and
    PayloadError when those bytes are not the start of a payload."""
    table = schema or schemas.CURRENT
    try:
        leading = _leading_keys(_Inflater(_compressed(data)).prefix())
    except PayloadError:
        raise
    except (brotli.error, ValueError) as exc:
        raise PayloadError(str(exc)) from None
    major, minor = _schema_version(leading)
    if major > table.major:
        raise NewerSchemaError(major, minor, table)
    _limit(leading)
    for key in ("n", "r", "to"):
        if not isinstance(leading.get(key, ""), str):
            raise PayloadError("header")
    return leading


def _compressed(data: bytes) -> memoryview:
    """The brotli stream of a payload, as its length prefix declares it."""
    if not data or data[0] != CODEC_BROTLI:
        raise PayloadError("codec")
    size, start = _read_leb128(data, 1)
    if start + size > len(data):
        raise PayloadError("length")
    return memoryview(data)[start : start + size]


def _tail_size(data: bytes) -> int:
    size, start = _read_leb128(data, 1)
    return len(data) - start - size


def _limit(leading: dict[str, Any]) -> int:
    """What the JSON may unpack to: its declared size, within the hard cap."""
    declared = leading.get("z", MAX_JSON_BYTES)
    if type(declared) is not int or declared < 2:
        raise PayloadError("declared size")
    if declared > MAX_JSON_BYTES:
        raise TooLargeError(MAX_JSON_BYTES)
    return declared


class _Inflater:
    """brotli output in bounded steps: never more in memory than asked for, plus a step."""

    def __init__(self, compressed: memoryview) -> None:
        self._decompressor = brotli.Decompressor()
        self._input: bytes | memoryview = compressed
        self._chunks: list[bytes] = []
        self._size = 0

    def _step(self, limit: int) -> bool:
        """One more step of output; False when the stream is finished."""
        if self._decompressor.is_finished():
            return False
        chunk = self._decompressor.process(self._input, output_buffer_limit=_INFLATE_STEP)
        self._input = b""
        if not chunk and not self._decompressor.is_finished():
            raise PayloadError("the compressed data ends early")
        self._size += len(chunk)
        if self._size > limit:
            raise TooLargeError(limit)
        self._chunks.append(chunk)
        return True

    def prefix(self) -> bytes:
        """At least the first ``HEADER_PREFIX`` bytes (all of them, for a shorter stream)."""
        while self._size < HEADER_PREFIX and self._step(MAX_JSON_BYTES):
            pass
        return b"".join(self._chunks)[:HEADER_PREFIX]

    def rest(self, limit: int) -> bytes:
        """The whole stream; TooLargeError as soon as it passes ``limit``."""
        if self._size > limit:
            raise TooLargeError(limit)
        while self._step(limit):
            pass
        return b"".join(self._chunks)


def _leading_keys(prefix: bytes) -> dict[str, Any]:
    """The keys of ``_HEADER_KEYS`` that open the JSON object, up to the first other key."""
    text = from_thai_bytes(prefix).decode("utf-8", errors="strict")
    decoder = json.JSONDecoder()
    if not text.startswith("{"):
        raise PayloadError("not a payload")
    out: dict[str, Any] = {}
    at = 1
    try:
        while text[at : at + 1] == '"':
            key, at = decoder.raw_decode(text, at)
            if key not in _HEADER_KEYS or text[at : at + 1] != ":":
                break
            out[key], at = decoder.raw_decode(text, at + 1)
            if text[at : at + 1] != ",":
                break
            at += 1
    except (json.JSONDecodeError, RecursionError):  # not JSON, cut short, or nested deep
        raise PayloadError("header") from None
    return out


def _schema_version(doc: dict[str, Any]) -> tuple[int, int]:
    """The ``sv`` of a payload; a payload without one is 1.0."""
    version = doc.get("sv", [1, 0])
    if not isinstance(version, list) or [type(n) for n in version] != [int, int]:
        raise PayloadError("schema version")
    major, minor = version
    if major < 1 or minor < 0:
        raise PayloadError("schema version")
    return major, minor
