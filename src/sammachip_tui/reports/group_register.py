"""The CDD group register (แบบฟอร์มทะเบียนข้อมูลกลุ่มอาชีพที่จัดตั้งขึ้นตามแนวทางสัมมาชีพชุมชน):
one line per occupation group, as the province asks for it (reference/domain.md §1), in
.xlsx and CSV.

Rows first (``register_rows``), writers after, so that the district office's reports can
take the same rows for a subdistrict or a province. The columns are the form's: no., group
name, registration date, village, tambon, amphoe, phone, occupation/product with the tick
columns ภาคการเกษตร / การแปรรูป (OTOP/SME) / การท่องเที่ยวชุมชน / อื่นๆ, remarks.

- The registration date is the day the group was decided established (its first
  ``established`` status change); before that, its first recorded status change, else the
  day its first member joined (when the proposal was accepted). A group without any of
  these has none rather than an invented one.
- The phone is the chair's household's (the group has no phone of its own).
- The sector tick comes from the group's occupation in the taxonomy: farming, livestock and
  fishery are agriculture; food and non-food processing and handicraft are processing
  (OTOP/SME); homestay and community-based tourism is tourism; the rest is other.

It reads the raw records of the device in one pass per kind, not a ``GroupView`` per group,
so a district's 200 groups take well under a second (benchmarks/group_register.py). Cells go
through ``reports.spreadsheet``: group names and phones are what someone typed, and a cell
that could start a formula opens as text. openpyxl is imported only when an .xlsx is written.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.group_records import STAGE_LABELS, GroupStage
from sammachip_tui.model.taxonomy import OccupationType, load_occupations
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.reports.group_record import occupation_name, place_names
from sammachip_tui.reports.spreadsheet import csv_bytes, spreadsheet_cell
from sammachip_tui.reports.xml_text import xml_safe
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.group_view import latest_decisions, record_stage
from sammachip_tui.store.village_counts import village_label
from sammachip_tui.store.workspace import Workspace

FORMATS = ("xlsx", "csv")


class Sector(StrEnum):
    """The form's tick columns."""

    agriculture = "agriculture"
    processing = "processing"
    tourism = "tourism"
    other = "other"


SECTOR_LABELS = {
    Sector.agriculture: N_("agricultural sector"),
    Sector.processing: N_("processing (OTOP/SME)"),
    Sector.tourism: N_("community tourism"),
    Sector.other: N_("other sectors"),
}

SECTOR_OF_TYPE = {
    OccupationType.agriculture: Sector.agriculture,
    OccupationType.livestock: Sector.agriculture,
    OccupationType.fishery: Sector.agriculture,
    OccupationType.food_processing: Sector.processing,
    OccupationType.nonfood_processing: Sector.processing,
    OccupationType.handicraft: Sector.processing,
}
TOURISM_CODES = frozenset({"SER02"})  # โฮมสเตย์/ท่องเที่ยวชุมชน
TICK = "✓"


def sector_of(occupation_code: str) -> Sector:
    if occupation_code in TOURISM_CODES:
        return Sector.tourism
    o = next((o for o in load_occupations() if o.code == occupation_code), None)
    return Sector.other if o is None else SECTOR_OF_TYPE.get(o.occupation_type, Sector.other)


@dataclass(frozen=True)
class RegisterRow:
    group_id: str
    village_code: str
    name: str
    registered: dt.date | None
    village: str  # หมู่ 5 บ้านดอน
    subdistrict: str
    district: str
    phone: str
    occupation: str
    sector: Sector
    stage: GroupStage
    members: int

    @property
    def remarks(self) -> str:
        members = ngettext("{n} member", "{n} members", self.members).format(n=self.members)
        return f"{_(STAGE_LABELS[self.stage])}, {members}"


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def register_rows(ws: Workspace, village: str | None = None) -> list[RegisterRow]:
    """Every group of ``village`` (of the device, when None), by village then name."""
    everywhere = ws.villages()
    villages = everywhere if village is None else [village]
    members: dict[str, int] = {}
    first_joined: dict[str, dt.date] = {}
    home: dict[str, str] = {}  # household id → the village shard that holds it
    for v in everywhere:  # a subdistrict's group has members in other villages' shards
        for r in ws.records(v, "member"):
            gid, hid = r.get("group_id", ""), r.get("household_id", "")
            home.setdefault(hid, r.get("village_code") or v)
            if r.get("active", True) and not r.get("left"):
                members[gid] = members.get(gid, 0) + 1
            joined = _date(r.get("joined"))
            if joined and (gid not in first_joined or joined < first_joined[gid]):
                first_joined[gid] = joined
    rows = []
    for v in villages:
        raw_village = ws.record(v, "village", v) or {}
        label = village_label(v, str(raw_village.get("name", "")))
        sub, district, _province = place_names(v)
        changes: dict[str, list[tuple[str, str]]] = {}  # group → (date, stage) of decisions
        for r in ws.records(v, "group_status"):
            changes.setdefault(r.get("group_id", ""), []).append(
                (str(r.get("date", "")), str(r.get("status", "")))
            )
        latest = latest_decisions(ws, v)
        chairs: dict[str, tuple[str, str]] = {}  # group → (elected, household) of its chair
        for r in ws.records(v, "committee"):
            if r.get("position") == "chair":
                seen = chairs.get(r.get("group_id", ""))
                elected = str(r.get("elected") or "")
                if seen is None or elected >= seen[0]:
                    chairs[r.get("group_id", "")] = (elected, r.get("household_id", ""))
        for g in ws.records(v, "group"):
            gid = g["id"]
            history = sorted(changes.get(gid, []))
            stage = record_stage(g, latest.get(gid))  # as the screens and the CLI say it
            established = [d for d, status in history if status == GroupStage.established]
            registered = _date(established[0]) if established else None
            if registered is None and history:
                registered = _date(history[0][0])
            if registered is None:
                registered = first_joined.get(gid)
            chair = chairs.get(gid, ("", _legacy_chair(g)))[1]
            rows.append(RegisterRow(
                group_id=gid, village_code=v, name=str(g.get("name", "")),
                registered=registered, village=label, subdistrict=sub, district=district,
                phone=_phone(ws, home.get(chair, v), chair) if chair else "",
                occupation=occupation_name(str(g.get("occupation_code", ""))),
                sector=sector_of(str(g.get("occupation_code", ""))), stage=stage,
                members=members.get(gid, 0),
            ))  # fmt: skip
    return sorted(rows, key=lambda r: (r.village_code, r.name, r.group_id))


def _legacy_chair(group: dict[str, Any]) -> str:
    """The chair a schema 1.x group kept in its own ``committee`` list, if any."""
    for seat in group.get("committee") or []:
        if isinstance(seat, dict) and seat.get("position") in ("chair", "ประธาน"):
            return str(seat.get("household_id", ""))
    return ""


def _phone(ws: Workspace, village: str, household_id: str) -> str:
    record = ws.record(village, "household", household_id)
    return str(record.get("phone", "")) if record else ""


# ------------------------------------------------------------------------------ writers
def register_title() -> str:
    return _("Register of occupation groups formed on the Sammachip Community approach")


def register_header() -> list[str]:
    return [
        _("Order no."), _("Group name"), _("Registration date"), _("Village"), _("Subdistrict"),
        _("District"), _("Phone"), _("Occupation / product"),
        *(_(SECTOR_LABELS[s]) for s in Sector), _("Remarks"),
    ]  # fmt: skip


def register_table(rows: list[RegisterRow]) -> list[list[object]]:
    """The header, then one line per group: the number as a number, text as text."""
    out: list[list[object]] = [list(register_header())]
    for n, r in enumerate(rows, 1):
        out.append([
            n, r.name, format_date_be(r.registered) if r.registered else "", r.village,
            r.subdistrict, r.district, r.phone, r.occupation,
            *(TICK if r.sector is s else "" for s in Sector), r.remarks,
        ])  # fmt: skip
    return out


def to_csv(rows: list[RegisterRow]) -> bytes:
    """UTF-8 with BOM (Excel reads the Thai), every cell neutralised."""
    return csv_bytes([[register_title()], *register_table(rows)])


WIDTHS = (6, 30, 14, 22, 16, 16, 14, 28, 10, 12, 12, 10, 30)


def to_xlsx(rows: list[RegisterRow]) -> bytes:
    """A title row, the header, one line per group and the signature line, on an A4
    landscape sheet with the header repeated on every printed page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    rows = xml_safe(rows)
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has its sheet
    ws.title = _("Groups")[:31]
    table = register_table(rows)
    columns = len(table[0])
    ws.append([register_title()])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for values in table:
        ws.append(values)
        row = ws.max_row
        for col, value in enumerate(values, 1):
            cell = ws.cell(row, col)
            cell.border = box
            if isinstance(value, str) and spreadsheet_cell(value) != value:
                cell.value = value  # text that a spreadsheet would run: kept as text
                cell.data_type = "s"
                cell.quotePrefix = True
            if value == TICK:
                cell.alignment = Alignment(horizontal="center")
    for col in range(1, columns + 1):
        header = ws.cell(2, col)
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for i, width in enumerate(WIDTHS[:columns], 1):
        ws.column_dimensions[_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.append([])
    ws.append([f"{_('Signed')} ....................................... "
               + _("Community development officer of the subdistrict")])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def register_bytes(rows: list[RegisterRow], fmt: str) -> bytes:
    return to_xlsx(rows) if fmt == "xlsx" else to_csv(rows)


def write_register(rows: list[RegisterRow], path: Path, fmt: str = "xlsx") -> Path:
    """Write the register as ``fmt`` ("xlsx" or "csv") atomically; returns ``path``.
    What the groups screen calls."""
    atomic_write(path, register_bytes(rows, fmt))
    return path
