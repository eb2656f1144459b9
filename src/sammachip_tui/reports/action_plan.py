"""The village action plan as the form officers file (แบบฟอร์มแผนปฏิบัติการสร้างสัมมาชีพชุมชน):
Word (.docx) and Excel (.xlsx).

Both are laid out from one ``PlanDocument`` built from ``store/plans.plan_view``, so the two
files and the screen say the same thing: the form's title, the village with its หมู่, ตำบล,
อำเภอ and จังหวัด (``model/areas.py``), the fiscal year, one line per row in the form's
columns, the total budget, and lines for who prepared and who approved the plan. The Word
file is A4 landscape (the form has nine columns) with TH Sarabun New on every style (the
complex-script slot too, ``group_record._thai_font``). The spreadsheet holds values only,
never a formula: the total is written as a number, and a text that a spreadsheet would run
(``=``, ``+``, ``-``, ``@``) is kept as text (``reports/spreadsheet.py``). python-docx and
openpyxl are imported only when a file of theirs is written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sammachip_tui.i18n import _
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.reports.group_record import THAI_FONT, _thai_font, place_names
from sammachip_tui.reports.spreadsheet import spreadsheet_cell
from sammachip_tui.reports.xml_text import xml_safe
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.typed_texts import field_label, money

if TYPE_CHECKING:
    from sammachip_tui.store.plans import PlanView

FORMATS = ("docx", "xlsx")
COLUMNS = ("project", "objective", "steps", "target", "place", "period", "budget", "expected",
           "responsible")  # fmt: skip
"""The form's columns, in its order (after the row's number)."""


def form_title() -> str:
    return _("Community sammachip action plan form")


def column_header(name: str) -> str:
    return _("period") if name == "period" else field_label(name, "plan_row")


@dataclass(frozen=True)
class PlanDocument:
    title: str  # the form's title
    subtitle: str  # the plan's own title, when it has one
    place: str  # บ้าน… หมู่ที่ … ตำบล … อำเภอ … จังหวัด …
    year: str  # ปีงบประมาณ พ.ศ. …
    header: list[str]
    rows: list[list[str | float]]  # the budget a number, the rest text
    total: float
    prepared_by: str
    approved: str


def period_text(start: object, end: object) -> str:
    """The period as one cell: "1/12/2569 – 31/3/2570", or the one day known."""
    days = [format_date_be(d) for d in (start, end) if d is not None]  # type: ignore[arg-type]
    if len(days) == 2 and days[0] == days[1]:
        return days[0]
    return " – ".join(days)


def build_plan_document(view: PlanView, village_name: str = "") -> PlanDocument:
    sub, district, province = place_names(view.village)
    parts = [village_name,  # as the village calls itself: บ้านดอน
             _("Moo {moo}").format(moo=int(view.village[6:])),
             _("Subdistrict {name}").format(name=sub) if sub else "",
             _("District {name}").format(name=district) if district else "",
             _("Province {name}").format(name=province) if province else ""]  # fmt: skip
    rows: list[list[str | float]] = []
    for n, line in enumerate(view.lines, 1):
        r = line.row
        rows.append([str(n), r.project, r.objective, r.steps, r.target, r.place,
                     period_text(r.start, r.end), r.budget, r.expected, r.responsible])  # fmt: skip
    plan = view.plan
    return PlanDocument(
        title=form_title(),
        subtitle=plan.title if plan and plan.title else "",
        place=" ".join(p for p in parts if p),
        year=_("Fiscal year B.E. {year}").format(year=view.fiscal_year),
        header=[_("Order no."), *(column_header(c) for c in COLUMNS)],
        rows=rows,
        total=view.total,
        prepared_by=plan.prepared_by if plan else "",
        approved=format_date_be(plan.approved) if plan and plan.approved else "",
    )


def budget_sources(view: PlanView) -> list[str]:
    """Each row's budget source ("" when none), in the rows' order."""
    return [line.row.budget_source for line in view.lines]


# ---------------------------------------------------------------------------------- Word
def to_docx(doc: PlanDocument, sources: list[str], font: str = THAI_FONT) -> bytes:
    """A4 landscape, the form's columns in a grid, the total and the signature lines."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc, sources = xml_safe(doc), xml_safe(sources)
    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(15))
    for name, size in {"Normal": 14.0, "Title": 20.0, "Table Grid": 0.0}.items():
        _thai_font(d.styles[name], font, size or None)
    d.add_paragraph(doc.title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (doc.subtitle, doc.place, doc.year):
        if text:
            d.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = d.add_table(rows=1, cols=len(doc.header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, doc.header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    budget = doc.header.index(column_header("budget"))
    for row, source in zip(doc.rows, sources, strict=True):
        cells = table.add_row().cells
        for i, value in enumerate(row):
            if i == budget:
                cells[i].text = money(float(value)) + (f"\n({source})" if source else "")
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            else:
                cells[i].text = str(value)
    total = table.add_row().cells
    total[0].merge(total[budget - 1]).text = _("Total budget")
    total[budget].text = money(doc.total)
    total[budget].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in (*total[0].paragraphs[0].runs, *total[budget].paragraphs[0].runs):
        run.bold = True
    d.add_paragraph()
    for line in signature_lines(doc):
        d.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def signature_lines(doc: PlanDocument) -> list[str]:
    dots = "." * 40
    return [
        f"{_('Signed')} {dots} " + _("who prepared the plan"),
        f"({doc.prepared_by or dots})",
        "",
        f"{_('Signed')} {dots} " + _("who approved the plan"),
        f"({dots})",
        _("Approved on {date}").format(date=doc.approved or dots),
    ]


# --------------------------------------------------------------------------------- Excel
XLSX_WIDTHS = (5, 28, 28, 28, 22, 18, 24, 14, 16, 28, 20)


def to_xlsx(doc: PlanDocument, sources: list[str]) -> bytes:
    """A header block (title, village, year), the form's columns with the budget source
    beside the budget, the total as a number (no formula), the signature lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    doc, sources = xml_safe(doc), xml_safe(sources)
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None  # a new workbook always has its sheet
    sheet.title = _("Action plan")[:31]
    budget = doc.header.index(column_header("budget"))
    header = [*doc.header[: budget + 1], field_label("budget_source", "plan_row"),
              *doc.header[budget + 1 :]]  # fmt: skip
    top = 0
    for text in (doc.title, doc.subtitle, doc.place, doc.year):
        if text:
            top += 1
            _put(sheet.cell(top, 1), text)  # a plan's title is typed: never run
            sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=len(header))
            sheet.cell(top, 1).alignment = Alignment(horizontal="center")
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    first = top + 1
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    lines: list[list[str | float]] = [list(header)]
    for row, source in zip(doc.rows, sources, strict=True):
        lines.append([*row[: budget + 1], source, *row[budget + 1 :]])
    total: list[str | float] = [""] * len(header)
    total[budget - 1], total[budget] = _("Total budget"), doc.total
    lines.append(total)
    row_no = top
    for values in lines:
        row_no += 1
        for col, value in enumerate(values, 1):
            cell = sheet.cell(row_no, col)
            _put(cell, value)
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col in range(1, len(header) + 1):
        sheet.cell(first, col).font = Font(bold=True)
        sheet.cell(sheet.max_row, col).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = XLSX_WIDTHS[col - 1]
    sheet.freeze_panes = sheet.cell(first + 1, 1)
    sheet.print_title_rows = f"{first}:{first}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.append([])
    for line in signature_lines(doc):
        sheet.append([line])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _put(cell: Any, value: str | float) -> None:
    """A value into a cell: a number as a number, text as text even when a spreadsheet
    would run it (kept as typed, marked text: ``reports/spreadsheet.py``)."""
    cell.value = value
    if isinstance(value, float):
        cell.number_format = "#,##0.00"
    elif spreadsheet_cell(value) != value:
        cell.data_type, cell.quotePrefix = "s", True


def plan_bytes(view: PlanView, fmt: str, village_name: str = "") -> bytes:
    doc = build_plan_document(view, village_name)
    sources = budget_sources(view)
    return to_docx(doc, sources) if fmt == "docx" else to_xlsx(doc, sources)


def write_plan(view: PlanView, path: Path, fmt: str, village_name: str = "") -> Path:
    """Write the plan as ``fmt`` ("docx" or "xlsx") atomically (a failed write leaves no
    file, an older one untouched); returns ``path``. What the plan screen calls."""
    atomic_write(path, plan_bytes(view, fmt, village_name))
    return path
