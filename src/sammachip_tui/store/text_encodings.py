"""Which encoding a household list arrived in, and its text.

Officers save lists from Excel, LibreOffice and Google Sheets on Windows machines: UTF-8 with
or without a byte-order mark, Windows Thai (cp874, a superset of TIS-620), and "Unicode text",
which is UTF-16, sometimes without its byte-order mark. UTF-16 without a mark is recognised by
the high byte of each code unit: Thai (U+0E00-U+0E7F) and ASCII give 0x0E or 0x00 there, which
neither UTF-8 nor cp874 text shows at every other byte. Decoding is strict: a file that is none
of these is refused, never read as garbage that then fails on its header.
"""

from __future__ import annotations

import codecs

UTF16_SHARE = 0.75
"""Share of code units whose high byte is 0x00 or 0x0E above which a file is UTF-16."""


class EncodingError(ValueError):
    """Not text in any encoding we read; ``encoding`` names the one it seemed to be, if any."""

    def __init__(self, encoding: str | None = None) -> None:
        super().__init__(encoding or "unknown")
        self.encoding = encoding


def _high_byte_share(raw: bytes, offset: int) -> float:
    units = raw[offset::2]
    return (units.count(0) + units.count(0x0E)) / len(units) if units else 0.0


def utf16_without_bom(raw: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") when ``raw`` reads as UTF-16 with no mark."""
    if len(raw) < 4:
        return None
    high_le, high_be = _high_byte_share(raw, 1), _high_byte_share(raw, 0)
    if high_le >= UTF16_SHARE > high_be:
        return "utf-16-le"
    if high_be >= UTF16_SHARE > high_le:
        return "utf-16-be"
    return None


def decode_text(raw: bytes) -> str:
    """The text of ``raw``; raises EncodingError when it is not text we can read."""
    if raw.startswith(codecs.BOM_UTF8):
        return _decode(raw[len(codecs.BOM_UTF8) :], "utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(raw, "utf-16")
    guessed = utf16_without_bom(raw)
    if guessed:
        return _decode(raw, guessed)
    for encoding in ("utf-8", "cp874"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EncodingError()


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise EncodingError(encoding) from None
