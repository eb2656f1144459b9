"""The columns of a household list as officers keep it, in Thai or English.

``data/village-200.csv`` is the shape officers bring: Thai headers, yes/no written as
ใช่/ไม่ใช่/ไม่แน่ใจ. Import accepts these headers and their English names; export writes the
same headers back so an exported file imports again unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sammachip_tui.i18n import N_


@dataclass(frozen=True)
class Column:
    field: str
    thai: str
    english: str
    label: str  # msgid naming the column in messages
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("village_code", "รหัสหมู่บ้าน", "village_code", N_("village code"), ("village",)),
    Column("house_no", "บ้านเลขที่", "house_no", N_("house number"), ("house_number",)),
    Column("house_code", "รหัสประจำบ้าน", "house_code", N_("house code")),
    Column("title", "คำนำหน้า", "title", N_("title"), ("prefix",)),
    Column("first_name", "ชื่อ", "first_name", N_("first name"), ("name",)),
    Column("last_name", "นามสกุล", "last_name", N_("last name"), ("surname",)),
    Column(
        "national_id",
        "เลขประจำตัวประชาชน",
        "national_id",
        N_("national ID"),
        ("citizen_id", "id_card"),
    ),
    Column("members", "จำนวนสมาชิก", "members", N_("household members"), ("household_size",)),
    Column(
        "occupation_main",
        "อาชีพหลัก",
        "occupation_main",
        N_("main occupation"),
        ("main_occupation", "occupation"),
    ),
    Column(
        "occupation_secondary",
        "อาชีพเสริม",
        "occupation_secondary",
        N_("secondary occupation"),
        ("secondary_occupation",),
    ),
    Column("skills", "ภูมิปัญญา/ทักษะ", "skills", N_("skills and local wisdom"), ("wisdom",)),
    Column(
        "income_month",
        "รายได้ต่อเดือน",
        "income_month",
        N_("monthly income"),
        ("income", "monthly_income"),
    ),
    Column(
        "expense_month",
        "รายจ่ายต่อเดือน",
        "expense_month",
        N_("monthly expenses"),
        ("expenses", "expense", "monthly_expenses"),
    ),
    Column("trained", "ผ่านการอบรมสัมมาชีพ", "trained", N_("trained")),
    Column("volunteer", "สมัครใจเข้ากลุ่ม", "volunteer", N_("volunteers for a group")),
    Column("phone", "โทรศัพท์", "phone", N_("phone"), ("telephone", "tel")),
    Column("legal_basis", "ฐานทางกฎหมาย", "legal_basis", N_("legal basis")),
    Column("consent_date", "วันที่บันทึกความยินยอม", "consent_date", N_("consent date")),
    # Schema 1.5: the latest follow-up (the programme's first indicator counts it).
    Column(
        "followed_up",
        "วันที่ติดตามผล",
        "followed_up",
        N_("follow-up date"),
        ("follow_up_date", "follow_up"),
    ),
    Column(
        "practising",
        "ประกอบอาชีพที่ส่งเสริม",
        "practising",
        N_("practises its occupation"),
        ("practicing", "practises"),
    ),
)
# The day the file's figures were known (a survey's date): it dates the income readings the
# import records (store/household_import.py). Read on import only; not a household field.
READING_DATE = Column(
    "reading_date",
    "วันที่สำรวจ",
    "date",
    N_("survey date"),
    ("วันที่บันทึก", "วันที่", "survey_date", "reading_date", "date_recorded"),
)
BY_FIELD = {c.field: c for c in (*COLUMNS, READING_DATE)}

# Extra export-only columns (derived; ignored on import).
SAMMACHIP_HEADER = ("สถานะสัมมาชีพ", "sammachip")

YES = {"ใช่", "yes", "y", "true", "1", "มี", "เคย", "ผ่าน"}
NO = {
    "ไม่ใช่",
    "ไม่",
    "no",
    "n",
    "false",
    "0",
    "ไม่มี",
    "ไม่เคย",
    "ไม่ผ่าน",
    "no (not trained)",
    "ไม่ผ่านการอบรม",
}
UNSURE = {"ไม่แน่ใจ", "unsure", "not sure", "not_sure", "maybe", "?"}


def normalise_header(text: str) -> str:
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for col in (*COLUMNS, READING_DATE):
        for label in (col.thai, col.english, *col.aliases):
            lookup[normalise_header(label)] = col.field
    return lookup


def repeated_columns(headers: list[str] | tuple[str, ...]) -> dict[str, list[int]]:
    """Fields the header names more than once (in Thai, English or both), with the positions
    (0-based) of each: which of them holds the data is the officer's call, not ours."""
    lookup = _lookup()
    found: dict[str, list[int]] = {}
    for i, header in enumerate(headers):
        name = lookup.get(normalise_header(header))
        if name is not None:
            found.setdefault(name, []).append(i)
    return {name: where for name, where in found.items() if len(where) > 1}


def spreadsheet_column(index: int) -> str:
    """The letters a spreadsheet shows above column ``index`` (0-based): A, B, ..., AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_map(headers: list[str] | tuple[str, ...]) -> tuple[dict[int, str], list[str]]:
    """Map header positions to fields; also return headers that name no known column."""
    lookup = _lookup()
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for i, header in enumerate(headers):
        name = lookup.get(normalise_header(header))
        if name is None:
            if normalise_header(header) not in {normalise_header(h) for h in SAMMACHIP_HEADER}:
                unknown.append(header)
        elif name not in mapping.values():
            mapping[i] = name
    return mapping, unknown


def is_masked(value: str) -> bool:
    """A national ID written by a masked export (x-xxxx-xxxxx-41-0): not a real value."""
    return any(ch in value for ch in "xX*")
