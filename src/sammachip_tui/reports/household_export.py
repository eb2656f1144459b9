"""Export the household register as CSV that opens in Excel (UTF-8 with BOM).

National IDs are masked unless asked for (PDPA: exports travel further than the device).
The headers are the import headers, so an exported file imports again without change; the
derived สัมมาชีพ column is ignored on import.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sammachip_tui.model.household_columns import COLUMNS, SAMMACHIP_HEADER
from sammachip_tui.model.records import Household
from sammachip_tui.model.thai import format_date_be, mask_national_id
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

YES_NO = {True: ("ใช่", "yes"), False: ("ไม่ใช่", "no")}
VOLUNTEER = {"yes": ("ใช่", "yes"), "no": ("ไม่ใช่", "no"), "unsure": ("ไม่แน่ใจ", "unsure")}


def household_rows(
    items: list[Household], *, unmasked: bool = False, english: bool = False
) -> list[list[str]]:
    lang = 1 if english else 0
    header = [c.english if english else c.thai for c in COLUMNS] + [SAMMACHIP_HEADER[lang]]
    rows = [header]
    for h in items:
        values = {
            **h.fields(),
            "national_id": h.national_id if unmasked else mask_national_id(h.national_id),
            "members": "" if h.members is None else str(h.members),
            "income_month": _amount(h.income_month),
            "expense_month": _amount(h.expense_month),
            "trained": YES_NO[h.trained][lang],
            "volunteer": VOLUNTEER[h.volunteer.value][lang],
            "consent_date": format_date_be(h.consent_date) if h.consent_date else "",
        }
        rows.append(
            [str(values.get(c.field, "")) for c in COLUMNS]
            + ["" if h.sammachip is None else YES_NO[h.sammachip][lang]]
        )
    return rows


def _amount(value: float | None) -> str:
    """Blank when not known (a spreadsheet's empty cell), never an invented 0."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


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
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        household_rows(items, unmasked=unmasked, english=english)
    )
    atomic_write(path, buffer.getvalue().encode("utf-8-sig"))
    return len(items)
