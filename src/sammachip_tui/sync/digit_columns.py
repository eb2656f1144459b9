"""Columns of digit strings (phone numbers, house codes) packed at the cost of their digits.

brotli spends about 4 bits on a decimal digit between quotes and dashes; a decimal digit
holds 3.32. For a column of 200 phone numbers that is a third of a 120×40 frame. So a
column whose values are digits and a few separators travels as:

- the values' shapes, with ``#`` for each digit (``###-###-####``; one string when all are
  alike, which brotli then costs nothing);
- the digits every value starts with (``08`` for mobile numbers, the district's four digits
  for house codes), once;
- every other digit, in groups of a thousand, each group as one base-10 number written in
  binary (Python converts longer digit strings only slowly, and refuses them by default).

The payload keeps a column packed this way only when it comes out smaller than brotli
would make it (``worth_packing``): a column of national IDs, with its check digits already
dropped, is as random as its digits and brotli does as well there.
"""

from __future__ import annotations

from typing import Any

import brotli

DIGIT = "#"
SEPARATORS = frozenset("-/ .()+")
_DIGITS = frozenset("0123456789")


def is_digit_column(column: list[Any]) -> bool:
    """Strings of ASCII digits and separators only, some digits among them."""
    return (
        len(column) > 1
        and all(type(v) is str and set(v) <= _DIGITS | SEPARATORS for v in column)
        and any(set(v) & _DIGITS for v in column)
    )


GROUP = 1000


def _group_size(digits: int) -> int:
    return ((10**digits - 1).bit_length() + 7) // 8


_FULL_GROUP = _group_size(GROUP)


def blob_size(digits: int) -> int:
    """Bytes that hold ``digits`` decimal digits, grouped as ``to_blob`` writes them."""
    full, rest = divmod(digits, GROUP)
    return full * _FULL_GROUP + _group_size(rest)


def to_blob(digits: str) -> bytes:
    return b"".join(
        int(group).to_bytes(_group_size(len(group)), "big")
        for group in (digits[i : i + GROUP] for i in range(0, len(digits), GROUP))
    )


def from_blob(blob: bytes, digits: int) -> str:
    """The ``digits`` decimal digits ``blob`` holds. ValueError when it does not hold them."""
    if len(blob) != blob_size(digits):
        raise ValueError("digit column")
    out, at = [], 0
    for start in range(0, digits, GROUP):
        n = min(GROUP, digits - start)
        size = _group_size(n)
        number = int.from_bytes(blob[at : at + size], "big")
        if number >= 10**n:
            raise ValueError("digit column")
        out.append(str(number).zfill(n))
        at += size
    return "".join(out)


def pack(column: list[str]) -> tuple[dict[str, Any], bytes]:
    shapes = ["".join(DIGIT if c in _DIGITS else c for c in v) for v in column]
    digits = ["".join(c for c in v if c in _DIGITS) for v in column]
    prefix = _common_prefix([d for d in digits if d])
    rest = "".join(d[len(prefix) :] for d in digits if d)
    blob = to_blob(rest)
    same = all(s == shapes[0] for s in shapes)
    return {"d": shapes[0] if same else shapes, "k": len(column), "p": prefix}, blob


def _common_prefix(strings: list[str]) -> str:
    if not strings:
        return ""
    low, high = min(strings), max(strings)  # what the first and last share, all share
    n = 0
    while n < len(low) and low[n] == high[n]:
        n += 1
    return low[:n]


def packed_digits(spec: dict[str, Any]) -> int:
    """How many digits the blob of ``spec`` holds (to know where it ends)."""
    return sum(shape.count(DIGIT) - len(spec["p"]) for shape in _shapes(spec) if DIGIT in shape)


def unpack(spec: dict[str, Any], blob: bytes) -> list[str]:
    """The column back from its spec and exactly its part of the blob. ValueError when they
    do not fit together."""
    shapes, prefix = _shapes(spec), spec["p"]
    count = packed_digits(spec)
    if not isinstance(prefix, str) or not set(prefix) <= _DIGITS:
        raise ValueError("digit column")
    rest = from_blob(blob, count)
    out, at = [], 0
    for shape in shapes:
        n = shape.count(DIGIT)
        if not n:
            out.append(shape)
            continue
        if n < len(prefix):
            raise ValueError("digit column")
        digits = iter(prefix + rest[at : at + n - len(prefix)])
        at += n - len(prefix)
        out.append("".join(next(digits) if c == DIGIT else c for c in shape))
    return out


def _shapes(spec: dict[str, Any]) -> list[str]:
    shapes = spec["d"]
    if isinstance(shapes, str):
        if not isinstance(spec["k"], int) or not 0 < spec["k"] <= 1 << 24:
            raise ValueError("digit column")
        return [shapes] * spec["k"]
    if len(shapes) != spec["k"] or not all(isinstance(s, str) for s in shapes):
        raise ValueError("digit column")
    return shapes


def worth_packing(column_json: bytes, spec_json: bytes, blob: bytes) -> bool:
    """Whether the packed form is smaller than what brotli makes of the column alone."""
    plain = len(brotli.compress(column_json, quality=11))
    packed = len(brotli.compress(spec_json, quality=11)) + len(blob)
    return packed < plain
