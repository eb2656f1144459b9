"""Thai helpers: national ID checksum, Thai digits, Buddhist-era (พ.ศ.) dates, masking.

Officers type Thai digits (๐–๙) as often as Arabic ones and every date on a CDD form is in
พ.ศ., so these sit under everything that reads or shows user data.
"""

from __future__ import annotations

import datetime as dt
import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
BE_OFFSET = 543


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits with Arabic ones; everything else is kept."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def national_id_digits(text: str) -> str:
    """The digits of a national ID as typed: Thai digits mapped, spaces and dashes removed."""
    return re.sub(r"[\s\-]", "", to_arabic_digits(text))


def national_id_check_digit(first12: str) -> int:
    """The 13th digit: (11 − Σ dᵢ·(14−i) mod 11) mod 10, weights 13…2 (domain.md §5)."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def is_valid_national_id(text: str) -> bool:
    """True for a 13-digit Thai national ID with a correct check digit.

    A leading 0 or 9 is not a person type in use, so it is rejected as stdnum does.
    """
    digits = national_id_digits(text)
    if len(digits) != 13 or not digits.isdigit() or digits[0] in "09":
        return False
    return national_id_check_digit(digits[:12]) == int(digits[12])


def mask_national_id(national_id: str | None, *, compact: bool = False) -> str:
    """Show only the last three digits, in the usual 1-2345-67890-12-3 grouping.

    Lists and exports mask by default (PDPA: only what the reader needs). ``compact`` is
    for narrow lists: x-…-12-3.
    """
    if not national_id:
        return ""
    d = national_id_digits(national_id)
    if len(d) != 13:
        return "x" * len(d)
    if compact:
        return f"x-…-{d[10:12]}-{d[12]}"
    return f"x-xxxx-xxxxx-{d[10:12]}-{d[12]}"


def format_national_id(national_id: str | None) -> str:
    if not national_id:
        return ""
    d = national_id_digits(national_id)
    if len(d) != 13:
        return d
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def parse_number(text: str) -> float:
    """Parse an amount as officers type it: Thai digits, thousands commas, spaces, ฿/บาท.

    Raises ValueError for anything that is not a number, so a wrong column is never
    silently read as zero.
    """
    cleaned = to_arabic_digits(text).strip()
    cleaned = re.sub(r"(บาท|฿|,|\s)", "", cleaned)
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def format_date_be(date: dt.date, *, thai_digits: bool = False) -> str:
    """d/m/yyyy in พ.ศ., as the CDD forms write dates (e.g. 22/11/2569)."""
    text = f"{date.day}/{date.month}/{be_year(date.year)}"
    return to_thai_digits(text) if thai_digits else text


def parse_date(text: str) -> dt.date:
    """Read a date typed as d/m/yyyy (พ.ศ. when the year is above 2400) or ISO yyyy-mm-dd."""
    cleaned = to_arabic_digits(text).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", cleaned)
        if not m:
            raise ValueError(text)
        day, month, year = (int(g) for g in m.groups())
    if year > 2400:
        year -= BE_OFFSET
    return dt.date(year, month, day)
