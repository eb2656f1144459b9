"""A terminal screen that reads Thai the way a terminal draws it, for the real-pty test.

pyte (a terminal emulator in pure Python) keeps a grid of cells; a zero-width mark is
appended to the cell before it, but only when Unicode gives it a combining class. Most Thai
vowel and tone marks above and below the line (``ั ิ ี ึ ื ็ ์``) have combining class 0, and
pyte 0.8.2 then stops drawing the whole run of text (``screens.py``: ``else: break``): the
rest of the line is lost and the cursor is left behind, so the screen would read garbage.
``ThaiScreen`` joins every zero-width mark (Unicode category M) to the cell before it, as a
terminal does, and hands everything else to pyte.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pyte
from wcwidth import wcwidth


class ThaiScreen(pyte.Screen):
    """``pyte.Screen`` whose zero-width marks never cut the text that follows them."""

    def draw(self, data: str) -> None:
        run: list[str] = []
        for char in data:
            if wcwidth(char) > 0:
                run.append(char)
                continue
            if run:
                super().draw("".join(run))
                run.clear()
            if unicodedata.category(char).startswith("M"):
                self._combine(char)
            # Other zero-width or unprintable characters take no cell: dropped.
        if run:
            super().draw("".join(run))

    def _combine(self, mark: str) -> None:
        """Put ``mark`` on the last character drawn (the cell left of the cursor)."""
        x, y = self.cursor.x, self.cursor.y
        if x == 0:
            if y == 0:
                return
            x, y = self.columns, y - 1
        line = self.buffer[y]
        x -= 1
        while x > 0 and line[x].data == "":  # the second cell of a wide character
            x -= 1
        cell = line[x]
        line[x] = cell._replace(data=unicodedata.normalize("NFC", cell.data + mark))
        self.dirty.add(y)

    def row(self, y: int) -> str:
        """Row ``y`` as text (marks on their letters, wide characters once)."""
        line = self.buffer[y]
        return "".join(line[x].data for x in range(self.columns))

    def text(self) -> str:
        return "\n".join(self.row(y) for y in range(self.lines))


def normal(text: str) -> str:
    """Text as compared here: NFC, as pyte stores a letter with its marks."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class FooterKey:
    """One key of a footer as drawn: the key (bold) and what it does (plain)."""

    key: str
    description: str

    def __str__(self) -> str:
        return f"{self.key} {self.description}".strip()


def cells(screen: ThaiScreen, y: int) -> list[str]:
    line = screen.buffer[y]
    return [line[x].data for x in range(screen.columns)]


def find(screen: ThaiScreen, y: int, text: str) -> int | None:
    """The column where ``text`` starts on row ``y``, or None."""
    offsets: list[int] = []
    for x, data in enumerate(cells(screen, y)):
        offsets.extend([x] * len(data))
    at = screen.row(y).find(normal(text))
    return None if at < 0 else offsets[at]


def footer_keys(screen: ThaiScreen) -> list[FooterKey]:
    """The keys on the last row, told apart as an officer does: Textual's footer draws the
    key in bold and what it does in plain text (``FooterKey .footer-key--key``)."""
    line = screen.buffer[screen.lines - 1]
    runs: list[tuple[bool, str]] = []
    for x in range(screen.columns):
        cell = line[x]
        bold = bool(cell.bold) and cell.data.strip() != ""
        if runs and runs[-1][0] == bold:
            runs[-1] = (bold, runs[-1][1] + cell.data)
        else:
            runs.append((bold, cell.data))
    keys: list[FooterKey] = []
    for bold, text in runs:
        if bold:
            keys.append(FooterKey(text.strip(), ""))
        elif keys:
            keys[-1] = FooterKey(keys[-1].key, " ".join(text.split()))
        elif text.strip():  # plain text before the first key: a key whose key was cut
            keys.append(FooterKey("", " ".join(text.split())))
    return keys


def help_keys(screen: ThaiScreen, key_header: str, what_header: str, close: str) -> Iterator[str]:
    """Every key in the visible rows of the F1 help's table: the cells under ``key_header``
    up to the column ``what_header``, one row of keys per action ("- / del": two keys),
    down to the help's last line (``close``)."""
    for y in range(screen.lines):
        what_x = find(screen, y, what_header)
        key_x = find(screen, y, key_header)
        if what_x is None or key_x is None or key_x >= what_x:
            continue
        for below in range(y + 1, screen.lines):
            if find(screen, below, close) is not None:
                return
            shown = "".join(cells(screen, below)[key_x:what_x]).strip()
            if shown:
                yield from shown.split(" / ")
        return
