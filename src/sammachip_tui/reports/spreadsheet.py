"""What every spreadsheet export writes: cells that open as data, never as formulas.

A household's name, a forum item or a phone number is whatever someone typed or a file held,
and a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return) as a formula: ``=HYPERLINK(...)`` leaks data when clicked, ``=cmd|...``
once ran programs (CSV injection, OWASP). So every exported text cell that could start a
formula gets a leading apostrophe, which Excel and LibreOffice show as text and hide; numbers
are passed as numbers and stay numbers (``-500`` in an amount column). The household import
takes the apostrophe off again (``restore_cell``), so an exported file imports back unchanged.
All CSV exports go through ``csv_bytes``; an XLSX export must use ``spreadsheet_cell`` too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")
"""What makes a spreadsheet read a cell as a formula (OWASP's list, plus a line feed and the
full-width forms some spreadsheets fold to ASCII)."""

NEUTRAL = "'"
"""The mark put before a cell that would otherwise be a formula."""


def _would_run(text: str) -> bool:
    # Leading spaces are looked past: some spreadsheets trim them before reading the cell.
    stripped = text.lstrip(" \u00a0")
    if stripped[:1] in FORMULA_STARTS or text[:1] in FORMULA_STARTS:
        return True
    # An apostrophe already in front of such text must survive the round trip: ''=1 → '=1.
    return text[:1] == NEUTRAL and _would_run(text[1:])


def spreadsheet_cell(value: object) -> str:
    """One cell's text: numbers as they are, text neutralised when it could run."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return NEUTRAL + text if _would_run(text) else text


def restore_cell(text: str) -> str:
    """The value a neutralised cell stood for (the import's side of ``spreadsheet_cell``)."""
    if text[:1] == NEUTRAL and _would_run(text[1:]):
        return text[1:]
    return text


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows as CSV for a spreadsheet: every cell neutralised, CRLF, UTF-8 with a BOM (so
    that Excel reads the Thai)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([spreadsheet_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
