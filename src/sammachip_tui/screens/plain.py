"""User text on the screen exactly as typed, never read as Rich markup.

Textual reads a ``str`` given to a DataTable cell, a Checkbox, a Label or a Static as markup:
a village called ``[/]`` or ``ร้าน[bold]`` raises MarkupError while the screen is drawn (the
app stops at start-up, on its villages list), and one called ``[red]x`` shows in red without
its brackets. Every name, title or note that someone typed or a bundle carried is passed to
a widget through ``plain``. Its control characters are shown as escapes too (``\\x1b``), as
the command line shows them (i18n/wording.py ``visible``): a name is never drawn as a
terminal's command.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from sammachip_tui.i18n.wording import visible


class PlainText(Text):
    """A Text that compares equal to, and hashes as, the string it shows: a table cell made
    of user text still reads back as that text (``table.get_row_at(0)[1] == "หมู่ 5 บ้านดอน"``,
    a set of a column's cells). A cell's Text is never changed once made."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self.plain == other
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(self.plain)


def plain(text: str, *, one_line: bool = False) -> Text:
    """``text`` as a renderable that is never parsed as markup (``one_line``: a table cell,
    cut rather than wrapped, as DataTable does with a string)."""
    return PlainText(visible(text), end="", no_wrap=True if one_line else None)


def plain_cells(cells: tuple[Any, ...]) -> list[Any]:
    """A table row's cells, every string among them made ``plain``."""
    return [plain(c, one_line=True) if isinstance(c, str) else c for c in cells]
