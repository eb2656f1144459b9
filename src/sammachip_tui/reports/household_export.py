"""Export the household register as CSV that opens in Excel (UTF-8 with BOM).

National IDs are masked unless asked for (PDPA: exports travel further than the device).
The headers are the import headers, so an exported file imports again without change; the
derived สัมมาชีพ column is ignored on import. Cells go through ``reports.spreadsheet``, so a
name or phone that starts like a formula opens as text (numbers stay numbers).
"""

from __future__ import annotations

from pathlib import Path

from sammachip_tui.model.household_columns import COLUMNS, SAMMACHIP_HEADER
from sammachip_tui.model.records import Household
from sammachip_tui.model.thai import format_date_be, mask_national_id
from sammachip_tui.reports.spreadsheet import csv_bytes
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

YES_NO = {True: ("ใช่", "yes"), False: ("ไม่ใช่", "no")}
VOLUNTEER = {"yes": ("ใช่", "yes"), "no": ("ไม่ใช่", "no"), "unsure": ("ไม่แน่ใจ", "unsure")}


def household_rows(
    items: list[Household], *, unmasked: bool = False, english: bool = False
) -> list[list[str | int | float]]:
    """The header, then one row per household: text as text, numbers as numbers."""
    lang = 1 if english else 0
    header: list[str | int | float] = [c.english if english else c.thai for c in COLUMNS]
    header.append(SAMMACHIP_HEADER[lang])
    rows: list[list[str | int | float]] = [header]
    for h in items:
        values = {
            **h.fields(),
            "national_id": h.national_id if unmasked else mask_national_id(h.national_id),
            "members": "" if h.members is None else h.members,
            "income_month": _amount(h.income_month),
            "expense_month": _amount(h.expense_month),
            "trained": YES_NO[h.trained][lang],
            "volunteer": VOLUNTEER[h.volunteer.value][lang],
            "consent_date": format_date_be(h.consent_date) if h.consent_date else "",
            "practising": "" if h.practising is None else YES_NO[h.practising][lang],
            "followed_up": format_date_be(h.followed_up) if h.followed_up else "",
        }
        rows.append(
            [_cell(values.get(c.field)) for c in COLUMNS]
            + ["" if h.sammachip is None else YES_NO[h.sammachip][lang]]
        )
    return rows


def _cell(value: object) -> str | int | float:
    return value if isinstance(value, str | int | float) else ""


def _amount(value: float | None) -> str | int | float:
    """Blank when not known (a spreadsheet's empty cell), never an invented 0."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(float(value), 2)


def export_households(
    ws: Workspace,
    path: Path,
    *,
    village: str | None = None,
    unmasked: bool = False,
    english: bool = False,
) -> int:
    """Write the households of one village (or all) to ``path``; returns how many."""
    items = [h for code in ([village] if village else ws.villages()) for h in households(ws, code)]
    atomic_write(path, csv_bytes(household_rows(items, unmasked=unmasked, english=english)))
    return len(items)
