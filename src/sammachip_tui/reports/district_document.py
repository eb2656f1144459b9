"""What a district report says, before any format lays it out.

The district office's reports (district totals, one village, the indicators, the group
register) are written as .xlsx, .docx and one self-contained HTML page. Each is built once
into a ``DistrictDocument`` (a title, the place and fiscal year, sections of paragraphs,
tables and charts) and each writer only lays that out, so the three files always say the
same figures. Tables are ``group_record.Table`` (header, text rows, which columns are
figures), the same the group's record uses; a figure cell may also hold a number, which the
spreadsheet keeps as a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sammachip_tui.reports.svg_charts import Bar, GoalBar


class Share(float):
    """A fraction (0–1) shown as a per cent: 54.3% on a page, a % cell in a spreadsheet."""


Cell = str | int | float


def cell_text(value: Cell) -> str:
    """A cell as a page or a Word table writes it: thousands separated, a fraction to one
    decimal, a share as a per cent (a spreadsheet keeps the number itself)."""
    if isinstance(value, Share):
        return f"{value * 100:.1f}%"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


@dataclass
class DataTable:
    """A table of a report: its name (the sheet's, in a spreadsheet), header and rows;
    ``numeric`` columns are figures (aligned right; numbers stay numbers in a sheet)."""

    name: str
    header: list[str]
    rows: list[list[Cell]]
    numeric: frozenset[int] = frozenset()


@dataclass
class Chart:
    """A picture of figures a table also gives: ``bars`` (one per item) or ``goals``
    (an indicator's value against its goal), or ``spark`` (a small line of values in
    order). The HTML report draws it; the Word and Excel files rely on the table."""

    title: str
    bars: list[Bar] = field(default_factory=list)
    goals: list[GoalBar] = field(default_factory=list)
    spark: list[float] = field(default_factory=list)


Block = str | DataTable | Chart


@dataclass
class DistrictSection:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class DistrictDocument:
    title: str  # the report's Thai (or English) title
    place: str  # อำเภอ … จังหวัด … (or the village)
    year: str  # ปีงบประมาณ พ.ศ. …
    made: str  # the day the report was made, in พ.ศ.
    sections: list[DistrictSection] = field(default_factory=list)
    sheets: list[DataTable] = field(default_factory=list)
    """The tables whole, for a spreadsheet (every column; a page shows fewer): the
    sections' tables when empty."""

    def tables(self) -> list[DataTable]:
        return self.sheets or [b for s in self.sections for b in s.blocks
                               if isinstance(b, DataTable)]  # fmt: skip
