"""The district reports as an Excel workbook (.xlsx) and a Word document (.docx).

Both lay out a ``DistrictDocument`` (reports/district_document.py), the same the HTML page
shows, so the three files give the same figures.

- Excel: a sheet per table (a table is what an office sorts and sums), each headed by the
  report's title, place and fiscal year, then the table's Thai header and its rows. Values
  only, never a formula: a figure is a number cell, and text that a spreadsheet would run
  (``=``, ``+``, ``-``, ``@``: a village name is typed text) is kept as text
  (``reports/spreadsheet.py``, as the CDD register does). A4, the header row repeated on
  every printed page.
- Word: A4 (landscape when a table is too wide for a portrait page), TH Sarabun New on every
  style (``group_record._thai_font``: the complex-script slot too), the Thai title, the
  district's name, the fiscal year in พ.ศ., then each section's paragraphs and tables.
  Charts are the HTML page's; here their figures are in the tables beside them.

openpyxl and python-docx are imported only when their file is written (start-up never pays).
"""

from __future__ import annotations

import io
import re
from typing import Any

from sammachip_tui.reports.district_document import (
    Cell,
    DataTable,
    DistrictDocument,
    Share,
    cell_text,
)
from sammachip_tui.reports.group_record import THAI_FONT, a4_document, docx_table
from sammachip_tui.reports.spreadsheet import spreadsheet_cell
from sammachip_tui.reports.xml_text import xml_safe

PORTRAIT_COLUMNS = 6
"""Wider tables than this set the Word page in landscape (still A4)."""

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


# --------------------------------------------------------------------------------- Excel
def sheet_names(tables: list[DataTable]) -> list[str]:
    """Each table's sheet name: at most 31 characters, none of ``[]:*?/\\``, unique (a
    second "หมู่บ้าน" becomes "หมู่บ้าน (2)"), never empty: Excel refuses a workbook otherwise."""
    names: list[str] = []
    for n, t in enumerate(tables, 1):
        base = _SHEET_FORBIDDEN.sub(" ", t.name).strip().strip("'")[:31] or str(n)
        name, k = base, 1
        while name.casefold() in (m.casefold() for m in names):
            k += 1
            suffix = f" ({k})"
            name = base[: 31 - len(suffix)] + suffix
        names.append(name)
    return names


def _put(cell: Any, value: Cell) -> None:
    """A number as a number; text as text even when a spreadsheet would run it."""
    cell.value = float(value) if isinstance(value, Share) else value
    if isinstance(value, Share):
        cell.number_format = "0.0%"
    elif isinstance(value, float) and not value.is_integer():
        cell.number_format = "#,##0.0"
    elif isinstance(value, int | float):
        cell.number_format = "#,##0"
    elif spreadsheet_cell(value) != value:
        cell.data_type, cell.quotePrefix = "s", True


def to_xlsx(doc: DistrictDocument) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    doc = xml_safe(doc)
    wb = Workbook()
    first = wb.active
    assert first is not None  # a new workbook always has its sheet
    wb.remove(first)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    shade = PatternFill("solid", fgColor="E8EEF5")
    tables = doc.tables()
    if not tables:  # a workbook needs a sheet: the title and "nothing yet"
        tables = [DataTable(doc.title, [doc.title], [])]
    for table, name in zip(tables, sheet_names(tables), strict=True):
        sheet = wb.create_sheet(name)
        top = 0
        for text in (doc.title, doc.place, doc.year, table.name):
            if text:
                top += 1
                _put(sheet.cell(top, 1), text)
        sheet.cell(1, 1).font = Font(bold=True, size=14)
        head = top + 2
        for col, text in enumerate(table.header, 1):
            cell = sheet.cell(head, col)
            _put(cell, text)
            cell.font, cell.fill, cell.border = Font(bold=True), shade, box
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for r, row in enumerate(table.rows, head + 1):
            for col, value in enumerate(row, 1):
                cell = sheet.cell(r, col)
                _put(cell, value)
                cell.border = box
        for col, text in enumerate(table.header, 1):
            longest = max([len(text), *(len(cell_text(r[col - 1])) for r in table.rows)])
            sheet.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 8), 40)
        sheet.freeze_panes = sheet.cell(head + 1, 1)
        sheet.print_title_rows = f"{head}:{head}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        if len(table.header) > PORTRAIT_COLUMNS:
            sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------- Word
def to_docx(doc: DistrictDocument, font: str = THAI_FONT) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = xml_safe(doc)
    wide = any(len(t.header) > PORTRAIT_COLUMNS for t in doc.tables())
    d = a4_document(font, 14.0, margin_mm=15, landscape=wide)
    d.add_paragraph(doc.title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (doc.place, doc.year, doc.made):
        if text:
            d.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for s in doc.sections:
        d.add_paragraph(s.title, style="Heading 1")
        for b in s.blocks:
            if isinstance(b, str):
                d.add_paragraph(b)
            elif isinstance(b, DataTable):
                rows = [[cell_text(v) for v in row] for row in b.rows]
                docx_table(d, b.header, rows, b.numeric)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()
