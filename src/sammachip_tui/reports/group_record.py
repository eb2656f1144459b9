"""The group establishment record (บันทึกการจัดตั้งกลุ่ม): one group on the 5 ก, as the
paper an officer files with the district office, in Word (.docx) and in Markdown.

The content is built once (``build_group_document``) from a ``GroupView`` into plain
headings, lines and tables, and each writer only lays it out, so the .docx and the .md always
say the same thing. Figures come from the view and ``store/group_rules.py`` (the balance, the
allocation total, the readiness checklist), the same functions the screen shows.

National IDs are masked as in every export (PDPA: the paper travels). The Word file sets a
Thai font on every style, for the complex-script and East-Asian slots too: Word and
LibreOffice pick the font for Thai text from the complex-script slot (``w:cs``), and without
it Thai falls back to whatever the machine has. python-docx is imported only when a .docx is
written: start-up never pays for it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sammachip_tui.i18n import _, current_language
from sammachip_tui.model.areas import load_areas
from sammachip_tui.model.group_records import (
    ALLOCATIONS,
    FIELD_LABELS,
    LEDGER_LABELS,
    MONEY_IN,
    MONEY_OUT,
    POSITION_LABELS,
    STAGE_LABELS,
    CommitteeTerm,
    GroupStage,
    Position,
)
from sammachip_tui.model.taxonomy import load_occupations
from sammachip_tui.model.thai import format_date_be, mask_national_id, to_thai_digits
from sammachip_tui.reports.xml_text import xml_safe
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.group_rules import allocation_total, checklist, money
from sammachip_tui.store.village_counts import village_label

if TYPE_CHECKING:
    from sammachip_tui.store.group_view import GroupView

THAI_FONT = "TH Sarabun New"
"""The font officers' documents use (the government's standard Thai font since 2010)."""

FORMATS = ("docx", "md")
KO = ("ก๑", "ก๒", "ก๓", "ก๔", "ก๕")

BYLAW_VALUES = ("joining_fee", "share_value", "min_shares", "max_shares", "committee_size",
                "term_years")  # fmt: skip
BYLAW_CLAUSES = ("purpose", "membership", "meetings", "amendments", "dissolution", "text")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # columns aligned right (figures)


@dataclass
class Section:
    title: str
    blocks: list[str | Table] = field(default_factory=list)


@dataclass
class GroupDocument:
    """What the record says, in the order it says it; the writers only lay it out."""

    title: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    signatures: list[tuple[str, str]]  # (the post signing, the name when known)


_FIGURES: ContextVar[Callable[[str], str]] = ContextVar("figures", default=str)


def _n(text: str) -> str:
    """A figure (a date, an amount, a count, a house number) in the numerals asked for:
    Thai numerals (๑๒๓) change only figures, never the digits in a name or a clause the
    group wrote ("กลุ่ม 4 ดี" stays as it is named)."""
    return _FIGURES.get()(text)


def _date(value: dt.date | None) -> str:
    return _n(format_date_be(value)) if value is not None and value != dt.date.min else "—"


def occupation_name(code: str) -> str:
    """A taxonomy code as its name in the interface language (an unknown code as itself)."""
    o = next((o for o in load_occupations() if o.code == code), None)
    if o is None:
        return code or "—"
    return o.name_en if current_language() == "en" else o.name_th


def place_names(village_code: str) -> tuple[str, str, str]:
    """(subdistrict, district, province) names of a village, "" when the code is unknown."""
    place = load_areas().village_place(village_code)
    if place is None:
        return "", "", ""
    language = current_language()
    province, district, sub = place
    return sub.name(language), district.name(language), province.name(language)


def established_on(view: GroupView) -> dt.date | None:
    """The day the group was first decided established (its registration date in the
    register too), if ever."""
    days = [c.date for c in view.history if c.status is GroupStage.established]
    return days[0] if days else None


def _post(view: GroupView, position: Position, today: dt.date) -> str:
    for t in view.current_committee(today):
        if t.position is position:
            return view.member_name(t.household_id)
    return ""


def _members(view: GroupView) -> Table:
    rows = []
    for n, m in enumerate(view.members, 1):
        h = m.household
        rows.append([
            _n(str(n)), m.name, _n(h.house_no) if h else "",
            _n(mask_national_id(h.national_id if h else "")), _date(m.member.joined),
            _n(str(m.shares)),
            _("yes") if m.member.consent else _("no"),
            _date(m.member.left) if m.member.left else "",
        ])  # fmt: skip
    header = [_("Order no."), _("Name"), _("House no."), _("National ID"), _("Joined"), _("Shares"),
              _("Consent"), _("Left")]  # fmt: skip
    return Table(header, rows, frozenset({0, 5}))


def _post_order(t: CommitteeTerm) -> tuple[int, dt.date]:
    """Chair first, as on every committee list; a post's earlier terms before later ones."""
    return list(Position).index(t.position), t.elected or dt.date.min


def _committee(view: GroupView) -> Table:
    rows = [
        [_(POSITION_LABELS[t.position]) if t.position is not Position.other else t.title,
         view.member_name(t.household_id), _date(t.elected),
         _date(t.term_end) if t.term_end else "—"]
        for t in sorted(view.committee, key=_post_order)
    ]  # fmt: skip
    return Table([_("Post"), _("Name"), _("Elected on"), _("Term ends")], rows)


def _bylaws(view: GroupView) -> list[str | Table]:
    b = view.bylaws
    if b is None:
        return [_("No bylaws recorded yet.")]
    values = [
        [_(FIELD_LABELS[name]), _figure(getattr(b, name))]
        for name in BYLAW_VALUES
        if getattr(b, name)
    ]
    blocks: list[str | Table] = []
    if values:
        blocks.append(Table([_("Clause"), _("Value")], values, frozenset({1})))
    blocks += [
        f"{_(FIELD_LABELS[name])}: {getattr(b, name)}" for name in BYLAW_CLAUSES if getattr(b, name)
    ]
    shares = [[_(FIELD_LABELS[name]), _figure(getattr(b, name))] for name in ALLOCATIONS]
    shares.append([_("Total"), _figure(allocation_total(b))])
    blocks.append(_("Allocation of profit (%):"))
    blocks.append(Table([_("Allocation"), _("Per cent")], shares, frozenset({1})))
    return blocks


def _figure(value: Any) -> str:
    return _n(money(value) if isinstance(value, float) else str(value))


def _fund(view: GroupView) -> list[str | Table]:
    totals = view.totals()
    rows = [[_(LEDGER_LABELS[k]), _n(money(v))] for k, v in totals.items() if v]
    rows.append([_("Money in"), _n(money(sum(v for k, v in totals.items() if k in MONEY_IN)))])
    rows.append([_("Money out"), _n(money(sum(v for k, v in totals.items() if k in MONEY_OUT)))])
    rows.append([_("Balance (cash in hand)"), _n(money(view.balance()))])
    price = view.bylaws.share_value if view.bylaws is not None else 0.0
    holders = [
        [m.name, _n(str(m.shares)), _n(money(m.shares * price)) if price else "—"]
        for m in view.members
        if m.shares
    ]
    blocks: list[str | Table] = [Table([_("Item"), _("Baht")], rows, frozenset({1}))]
    blocks.append(_("Shares held by members:"))
    if holders:
        blocks.append(Table([_("Name"), _("Shares"), _("Baht")], holders, frozenset({1, 2})))
    else:
        blocks.append("—")
    return blocks


def _activities(view: GroupView) -> Table:
    rows = [
        [_date(a.date), a.title, _("done") if a.done else _("planned"), a.output,
         _n(money(a.revenue)), _n(money(a.cost))]
        for a in view.activities
    ]  # fmt: skip
    header = [_("Date"), _("Activity"), _("State"), _("Output"), _("Revenue (baht)"),
              _("Cost (baht)")]  # fmt: skip
    return Table(header, rows, frozenset({4, 5}))


def build_group_document(
    view: GroupView, today: dt.date, *, village_name: str = "", thai_digits: bool = False
) -> GroupDocument:
    """The record of ``view`` as of ``today`` (the committee in office, the checklist), its
    figures in Thai numerals when asked (as some offices want)."""
    token = _FIGURES.set(to_thai_digits if thai_digits else str)
    try:
        return _build(view, today, village_name)
    finally:
        _FIGURES.reset(token)


def _build(view: GroupView, today: dt.date, village_name: str) -> GroupDocument:
    sub, district, province = place_names(view.village)
    first = view.history[0].date if view.history else None
    village = " ".join(filter(None, [_n(village_label(view.village)), village_name]))
    facts = [
        (_("Group"), view.group.name),
        (_("Village"), f"{village} ({_n(view.village)})"),
        (_("Subdistrict"), sub or "—"),
        (_("District"), district or "—"),
        (_("Province"), province or "—"),
        (_("Occupation"), occupation_name(view.group.occupation_code)),
        (_("Stage"), _(STAGE_LABELS[view.stage])),
        (_("First recorded"), _date(first)),
        (_("Established on"), _date(established_on(view))),
        (_("Record made on"), _date(today)),
    ]
    empty = "—"
    sections = [
        Section(f"{KO[0]} " + _("Members"),
                [_members(view)] if view.members else [empty]),
        Section(f"{KO[1]} " + _("Committee"),
                [_committee(view)] if view.committee else [empty]),
        Section(f"{KO[2]} " + _("Bylaws"), _bylaws(view)),
        Section(f"{KO[3]} " + _("Fund"), _fund(view)),
        Section(f"{KO[4]} " + _("Activities"),
                [_activities(view)] if view.activities else [empty]),
        Section(_("Readiness on the 5 ก"), [
            Table([_("ก"), _("Met"), _("What the group has or lacks")],
                  [[KO[c.ko - 1], "✓" if c.ok else "✗", _n(c.text)]
                   for c in checklist(view, today)])
        ]),
    ]  # fmt: skip
    signatures = [
        (_("Chair of the group"), _post(view, Position.chair, today)),
        (_("Secretary (who kept this record)"), _post(view, Position.secretary, today)),
        (_("Community development officer of the subdistrict"), ""),
    ]
    return GroupDocument(_("Group establishment record"), facts, sections, signatures)


# ------------------------------------------------------------------------------ Markdown
def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: GroupDocument) -> str:
    out = [f"# {doc.title}", ""]
    out += [f"- **{_md(k)}**: {_md(v)}" for k, v in doc.facts]
    out.append("")
    for s in doc.sections:
        out += [f"## {s.title}", ""]
        for b in s.blocks:
            if isinstance(b, str):
                out += [b, ""]
                continue
            out.append("| " + " | ".join(_md(h) for h in b.header) + " |")
            out.append("|" + "|".join("---:" if i in b.numeric else "---"
                                      for i in range(len(b.header))) + "|")  # fmt: skip
            out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in b.rows]
            out.append("")
    out += ["## " + _("Signatures"), ""]
    for post, name in doc.signatures:
        out += [f"{_('Signed')} ....................................... {post}",
                f"({name or '.' * 40})", ""]  # fmt: skip
    return "\n".join(out)


# ------------------------------------------------------------------------------ Word
def _thai_font(style: Any, font: str, size_pt: float | None = None) -> None:
    """``font`` in every slot of ``style`` (Latin, East-Asian, complex script), no theme font
    left to override it, and Thai as its complex-script language, so that Word and
    LibreOffice set Thai in it."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = font
    if size_pt:
        style.font.size = Pt(size_pt)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)
    # The default template's Title and Heading 1 name theme fonts too (asciiTheme, cstheme…);
    # Word gives a theme attribute priority over the explicit font, so Thai headings would
    # not be in ``font``.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    if size_pt:
        size_cs = rpr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = rpr.makeelement(qn("w:szCs"), {})
            rpr.append(size_cs)
        size_cs.set(qn("w:val"), str(int(size_pt * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:bidi"), "th-TH")


def a4_document(font: str, size_pt: float, *, margin_mm: float, landscape: bool = False) -> Any:
    """A new Word document on A4 (portrait or landscape) with ``font`` on the styles the
    documents use: body text at ``size_pt``, Title 22 pt, Heading 1 18 pt, tables."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    d = docx.Document()
    section = d.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(margin_mm))
    sizes = {"Normal": size_pt, "Title": 22.0, "Heading 1": 18.0, "Table Grid": 0.0}
    for name, size in sizes.items():
        _thai_font(d.styles[name], font, size or None)
    return d


def docx_table(d: Any, header: list[str], rows: list[list[str]], numeric: frozenset[int]) -> None:
    """A grid table in Word document ``d``: the header in bold, ``numeric`` columns aligned
    right, then an empty paragraph (Word runs two tables together without one). The group's
    record and the district reports write their tables so."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header, rows = xml_safe(header), xml_safe(rows)
    table = d.add_table(rows=1, cols=len(header), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if i in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph()


def to_docx(doc: GroupDocument, font: str = THAI_FONT) -> bytes:
    """The record as a Word document (A4, Thai font on every style used)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = xml_safe(doc)
    d = a4_document(font, 16.0, margin_mm=20)
    d.add_paragraph(doc.title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    facts = d.add_table(rows=0, cols=2)
    for key, value in doc.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = key, value
        for run in cells[0].paragraphs[0].runs:
            run.bold = True
    for s in doc.sections:
        d.add_paragraph(s.title, style="Heading 1")
        for b in s.blocks:
            if isinstance(b, str):
                d.add_paragraph(b)
                continue
            docx_table(d, b.header, b.rows, b.numeric)
    d.add_paragraph(_("Signatures"), style="Heading 1")
    for post, name in doc.signatures:
        p = d.add_paragraph(f"{_('Signed')} ....................................... {post}")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        d.add_paragraph(f"({name or '.' * 40})").alignment = WD_ALIGN_PARAGRAPH.RIGHT
        d.add_paragraph()
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def group_record_bytes(
    view: GroupView, fmt: str, today: dt.date, *, village_name: str = "",
    thai_digits: bool = False,
) -> bytes:  # fmt: skip
    doc = build_group_document(view, today, village_name=village_name, thai_digits=thai_digits)
    return to_docx(doc) if fmt == "docx" else to_markdown(doc).encode("utf-8")


def write_group_record(
    view: GroupView, path: Path, fmt: str = "docx", *, today: dt.date | None = None,
    village_name: str = "", thai_digits: bool = False,
) -> Path:  # fmt: skip
    """Write the record of ``view`` to ``path`` as ``fmt`` ("docx" or "md"), atomically (a
    failed write leaves no file and an older one untouched); returns ``path``. What the group
    screen calls."""
    from sammachip_tui import clock

    data = group_record_bytes(view, fmt, today or clock.today(), village_name=village_name,
                              thai_digits=thai_digits)  # fmt: skip
    atomic_write(path, data)
    return path
