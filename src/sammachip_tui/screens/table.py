"""Tables that fit the window and cut long text with an ellipsis.

Textual's DataTable crops a long cell without a mark, so "ต.เวียงตาล อ.ห้างฉัตร" cut to
"ต.เวียงตาล อ.ห้" reads as a place that does not exist. ``Table`` ends every cut text with
"…", so the officer knows there is more (the record itself shows it whole).

``fit_widths`` shares a window's width between columns: fixed columns (counts, codes) keep
their width, flexible ones (names, places) share what is left, and on a narrow window the
columns the screen marked as optional are left out (their text is shown elsewhere, or the
officer opens the record) rather than pushed off the edge behind a scrollbar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey, RowRenderables

from sammachip_tui.screens.plain import plain_cells

# DataTable's default cell padding: one cell each side of every column.
PADDING = 2
SCROLLBAR = 2


def ellipsis(renderable: RenderableType) -> RenderableType:
    """A one-line text cell that ends in "…" when its column is too narrow."""
    if isinstance(renderable, Text) and renderable.overflow != "ellipsis":
        renderable = renderable.copy()
        renderable.overflow = "ellipsis"
    return renderable


class Table(DataTable[Any]):
    """A DataTable whose text cells (and headers) are cut with an ellipsis, never cropped
    bare. The cells keep the values the screen put there (only their drawing changes)."""

    def add_row(self, *cells: Any, **options: Any) -> RowKey:
        """As DataTable's; a string cell is shown as it is, never read as markup (a village
        called ``[/]`` would stop the app: screens/plain.py)."""
        return super().add_row(*plain_cells(cells), **options)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **options: Any) -> None:
        super().update_cell(row_key, column_key, *plain_cells((value,)), **options)

    def _compute_row_renderables(self, row_index: int) -> RowRenderables:
        row = super()._compute_row_renderables(row_index)
        return RowRenderables(row.label, [ellipsis(cell) for cell in row.cells])


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # translated
    natural: int  # cells the widest value takes
    flexible: bool = False  # shares the room left; cut with "…" when short of it
    least: int = 10  # a flexible column is never narrower than this
    drop: int | None = None  # may be left out when the window is narrow: lowest first

    @property
    def fixed_width(self) -> int:
        return max(self.natural, cell_len(self.header))

    @property
    def needs(self) -> int:
        return PADDING + (self.least if self.flexible else self.fixed_width)


def fit_widths(columns: list[Column], room: int) -> dict[str, int]:
    """Width of each column shown, fitting ``room`` cells of table (scrollbar included):
    columns that may be left out go, lowest ``drop`` first, until the rest fit."""
    room -= SCROLLBAR
    shown = list(columns)
    droppable = sorted((c for c in columns if c.drop is not None), key=lambda c: c.drop or 0)
    while droppable and sum(c.needs for c in shown) > room:
        shown.remove(droppable.pop(0))
    widths = {c.key: c.fixed_width for c in shown if not c.flexible}
    flexible = [c for c in shown if c.flexible]
    left = room - sum(c.needs for c in shown) + sum(c.least for c in flexible)
    for i, column in enumerate(flexible):
        later = sum(c.least for c in flexible[i + 1 :])
        widths[column.key] = max(min(column.fixed_width, left - later), column.least)
        left -= widths[column.key]
    if flexible and left > 0:  # room to spare: the last flexible column takes it
        widths[flexible[-1].key] += left
    return {c.key: widths[c.key] for c in shown}


def add_fitted_columns(table: DataTable[Any], columns: list[Column], room: int) -> list[str]:
    """Add the columns that fit ``room``, each at its width; returns the keys shown."""
    widths = fit_widths(columns, room)
    for column in columns:
        if column.key in widths:
            table.add_column(column.header, key=column.key, width=widths[column.key])
    return list(widths)
