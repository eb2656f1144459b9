"""Rows of a CSV file as files really arrive, damage kept to the row it is in.

Python's ``csv`` reader lets one stray quote swallow every row up to the next quote (or the
rest of the file) into a single cell, stops the whole file at the first cell over its field
limit, and hands back short rows as they are (an import then read their missing cells as
blanks). Here each row is read on its own and strictly: a quote opens a cell only at its start
and closes it only before a delimiter or the end of a line. A row that breaks these rules, runs
past ``MAX_ROW_CHARS``, has another number of cells than the header, or holds a quoted cell
whose later lines read as rows of their own (a stray quote closed by a later one), is reported
with its line number and the reason, and reading goes on at the very next line, so the rows
after it are read as they are. The cost stays linear in the file: no row is scanned past
``MAX_ROW_CHARS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sammachip_tui.i18n import _

MAX_ROW_CHARS = 65_536
"""A household row is a few hundred characters; a longer row than this is damage (or an
attack), reported and skipped rather than held in memory and journaled."""

DELIMITERS = (",", ";", "\t")
_LINE_END = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r'"((?:[^"]*+"")*+[^"]*+)"')


class CsvTextError(Exception):
    """The text cannot be read as CSV at all (the message is ready to show)."""


@dataclass(frozen=True)
class CsvRow:
    """One row: its cells, or why it cannot be read. ``line`` is its first line (1-based)."""

    line: int
    cells: tuple[str, ...] = ()
    problem: str = ""


def guess_delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most cells (a comma when none does)."""
    return max(DELIMITERS, key=lambda d: (first_line.count(d), d == ","))


def read_rows(text: str) -> tuple[tuple[str, ...], Iterator[CsvRow]]:
    """The header's cells, then every later row in order (a damaged one with its problem);
    blank lines are left out."""
    reader = _Reader(text)
    rows = reader.rows()
    first = next(rows, None)
    if first is None:
        raise CsvTextError(_("The file is empty."))
    if first.problem:
        raise CsvTextError(_("Not a CSV file: {reason}").format(reason=first.problem))
    return first.cells, rows


class _Reader:
    """A strict scanner over the whole text, one row at a time (see the module doc)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.delimiter = guess_delimiter(_LINE_END.split(text, maxsplit=1)[0])
        self.plain = re.compile(rf'[^"{re.escape(self.delimiter)}\r\n]*')
        self.width = 0  # cells a row must have; set by the header

    def rows(self) -> Iterator[CsvRow]:
        text, pos, line = self.text, 0, 1
        while pos < len(text):
            end_match = _LINE_END.search(text, pos)
            line_end, next_line = end_match.span() if end_match else (len(text), len(text))
            problem: str | None
            if line_end - pos > MAX_ROW_CHARS:
                problem = _too_long()
            elif text.find('"', pos, line_end) < 0:  # most rows: no quotes, one line
                cells = tuple(text[pos:line_end].split(self.delimiter))
                problem = self._check(cells, multiline=False)
                end = next_line
            else:
                scanned = self._quoted_row(pos)
                if isinstance(scanned, str):
                    problem = scanned
                else:
                    cells, end = scanned
                    problem = self._check(cells, multiline=end > next_line)
            if problem is not None:
                # A damaged row: read on from the next line, whatever it seemed to span.
                yield CsvRow(line, problem=problem)
                pos, line = next_line, line + 1
                continue
            if not _blank(cells):
                if not self.width:
                    self.width = _header_width(cells)
                yield CsvRow(line, cells=cells[: self.width])
            line += 1 if end == next_line else _line_breaks(text, pos, end)
            pos = end

    def _check(self, cells: tuple[str, ...], *, multiline: bool) -> str | None:
        """Why a row that scanned well still cannot be used, or None."""
        if not self.width or _blank(cells):
            return None
        if multiline and _swallows_rows(cells, self.delimiter, self.width):
            return _(
                'a quote (") opened in this row closes only on a later line, and the rows '
                "between would be lost; check the quotes"
            )
        if len(cells) < self.width or any(cell.strip() for cell in cells[self.width :]):
            return _("{n} columns, the header has {width}").format(n=len(cells), width=self.width)
        return None

    def _quoted_row(self, start: int) -> tuple[tuple[str, ...], int] | str:
        """The cells of a row with quotes at ``start`` and where the next row begins, or the
        problem."""
        text, limit = self.text, min(len(self.text), start + MAX_ROW_CHARS)
        cells: list[str] = []
        pos = start
        while True:
            if text.startswith('"', pos):
                m = _QUOTED.match(text, pos, limit)
                if m is None:
                    return _unclosed(reached_the_end=limit == len(text))
                cells.append(m.group(1).replace('""', '"'))
            else:
                m = self.plain.match(text, pos, limit)
                assert m is not None  # the pattern matches the empty string
                cells.append(m.group())
            pos = m.end()
            if pos >= len(text):
                return tuple(cells), pos
            if pos >= limit:
                return _too_long()
            ch = text[pos]
            if ch == self.delimiter:
                pos += 1
            elif ch in "\r\n":
                end = _LINE_END.match(text, pos)
                assert end is not None
                return tuple(cells), end.end()
            else:
                return _('a quote (") in the middle of a cell; check the quotes')


def _blank(cells: tuple[str, ...]) -> bool:
    """A row of nothing but empty cells (a blank line, or only delimiters): no row at all."""
    return not any(cells) or not any(cell.strip() for cell in cells)


def _header_width(cells: tuple[str, ...]) -> int:
    """Cells every row must have: the header's, less empty ones at its end."""
    width = len(cells)
    while width > 1 and not cells[width - 1].strip():
        width -= 1
    return width


def _swallows_rows(cells: tuple[str, ...], delimiter: str, width: int) -> bool:
    """A quoted cell whose later lines read as rows of their own: a stray quote closed by a
    later one, not a cell typed on several lines (Alt+Enter in a spreadsheet)."""
    threshold = max(1, (width - 1) // 2)
    return any(
        part.count(delimiter) >= threshold
        for cell in cells
        if "\n" in cell or "\r" in cell
        for part in _LINE_END.split(cell)[1:]
    )


def _too_long() -> str:
    return _("row longer than {max} characters").format(max=f"{MAX_ROW_CHARS:,}")


def _unclosed(*, reached_the_end: bool) -> str:
    if reached_the_end:
        return _('a quote (") opened in this row is never closed; check the quotes')
    return _(
        'a quote (") opened in this row is not closed within {max} characters; check the quotes'
    ).format(max=f"{MAX_ROW_CHARS:,}")


def _line_breaks(text: str, start: int, end: int) -> int:
    crlf = text.count("\r\n", start, end)
    return text.count("\n", start, end) + text.count("\r", start, end) - crlf
