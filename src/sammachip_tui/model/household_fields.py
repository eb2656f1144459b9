"""Household values from what a person typed or a spreadsheet cell held, with the reason when
it cannot be read, in the user's language. Shared by the CSV import and the household form, so
the two accept and refuse the same things with the same words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from sammachip_tui import clock
from sammachip_tui.errors import UserError
from sammachip_tui.i18n import N_, _
from sammachip_tui.i18n.wording import quoted
from sammachip_tui.model.household_columns import BY_FIELD, NO, UNSURE, YES
from sammachip_tui.model.labels import PAST_DATES, register_labels
from sammachip_tui.model.records import (
    LEGAL_BASIS_LABELS,
    UNKNOWN,
    UNKNOWN_NUMBERS,
    VOLUNTEER_LABELS,
    Household,
    LegalBasis,
    Volunteer,
)
from sammachip_tui.model.thai import (
    format_date_be,
    format_national_id,
    mask_national_id,
    parse_date,
    parse_number,
    to_arabic_digits,
)


class FieldError(UserError):
    """A value that cannot be used; ``message`` is ready to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field  # the field to mark, when one is to blame


def parse_yes_no(text: str) -> bool:
    v = text.strip().lower()
    if v in YES:
        return True
    if v in NO:
        return False
    raise ValueError(text)


def parse_volunteer(text: str) -> Volunteer:
    v = text.strip().lower()
    if v in YES or v == Volunteer.yes:
        return Volunteer.yes
    if v in NO or v == Volunteer.no:
        return Volunteer.no
    if v in UNSURE or v == Volunteer.unsure:
        return Volunteer.unsure
    raise ValueError(text)


def parse_legal_basis(text: str) -> LegalBasis:
    v = text.strip().lower().replace(" ", "_")
    words = {
        LegalBasis.consent: {"consent", "ความยินยอม", "ยินยอม"},
        LegalBasis.public_task: {"public_task", "ภารกิจของรัฐ", "ภารกิจรัฐ"},
    }
    for basis, names in words.items():
        if v in names:
            return basis
    raise ValueError(text)


def _whole(text: str) -> int:
    number = _amount(text)
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


class _BelowZero(ValueError):
    pass


def _amount(text: str) -> float:
    """A count or an amount of money: never below zero (a minus sign is a typing slip)."""
    number = parse_number(text)
    if number < 0:
        raise _BelowZero(text)
    return number


# field → (parser, msgid of the message when it fails)
_PARSERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "members": (_whole, N_("{column} is not a whole number: {value}")),
    "income_month": (_amount, N_("{column} is not a number: {value}")),
    "expense_month": (_amount, N_("{column} is not a number: {value}")),
    "trained": (parse_yes_no, N_("{column} must be yes or no: {value}")),
    "volunteer": (parse_volunteer, N_("{column} must be yes, no or not sure: {value}")),
    "legal_basis": (parse_legal_basis, N_("{column} must be consent or public_task: {value}")),
    "consent_date": (parse_date, N_("{column} is not a date (d/m/yyyy): {value}")),
    "reading_date": (parse_date, N_("{column} is not a date (d/m/yyyy): {value}")),
    "followed_up": (parse_date, N_("{column} is not a date (d/m/yyyy): {value}")),
    "practising": (parse_yes_no, N_("{column} must be yes or no: {value}")),
}

# The follow-up has happened: a day after today is a typing slip (checked on what is typed or
# imported, never on a received record: store/typed_texts.py says why).
register_labels(
    kind_fields={("household", "followed_up"): BY_FIELD["followed_up"].label,
                 ("household", "practising"): BY_FIELD["practising"].label},
    past=(("household", "followed_up"),),
)  # fmt: skip


_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]+")
"""Breaks a spreadsheet cell may hold (Alt+Enter, a pasted tab): one space in a field that is a
single line everywhere it is shown."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Direction overrides: they make a name display as something other than what it holds."""


def clean_text(name: str, text: str) -> str:
    """``text`` with its line breaks and tabs as spaces; FieldError when it holds any other
    control character (a NUL, a bell, an escape, a direction override). Refused rather than
    stripped, so that what is stored is what the officer sees in the file or the form: a NUL
    in a name is damage to look at, not something to fix silently."""
    text = _LINE_BREAKS.sub(" ", text)
    ch = control_character(text)
    if ch is not None:
        message = _("{column} holds an invisible control character (U+{code:04X}); "
                    "type it again without it")  # fmt: skip
        raise FieldError(message.format(column=column_label(name), code=ord(ch)), name)
    return text


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(_BIDI_CONTROLS)) + "\ud800-\udfff]")
"""Unicode's control characters (category Cc is exactly these two ranges), the direction
overrides and lone surrogates (no file can hold one: UTF-8 cannot write it), without loading
the Unicode database at start-up."""


def control_character(text: str) -> str | None:
    """The first control character or direction override in ``text`` (the one rule for every
    text typed or imported: households here, forum items in store/forum.py)."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def parse_value(name: str, text: str) -> Any:
    """The typed value of ``name`` from ``text``; raises FieldError. Blank means empty."""
    text = clean_text(name, text).strip()
    parser = _PARSERS.get(name)
    if parser is None:
        return to_arabic_digits(text) if name == "village_code" else text
    if text == "":
        return None
    try:
        value = parser[0](text)
    except _BelowZero:
        message = _("{column} cannot be below zero: {value}")
        raise FieldError(message.format(column=column_label(name), value=quoted(text))) from None
    except ValueError:
        raise FieldError(
            _(parser[1]).format(column=column_label(name), value=quoted(text))
        ) from None
    if ("household", name) in PAST_DATES and value > clock.today():
        message = _("{column} cannot be after today: {value}")
        raise FieldError(message.format(column=column_label(name), value=quoted(text)), name)
    return value


def parse_values(texts: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Parse every field; returns (the values that are not blank, the problems)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, text in texts.items():
        try:
            value = parse_value(name, text)
        except FieldError as exc:
            problems.append(exc.message)
            continue
        if value not in (None, ""):
            values[name] = value
    return values, problems


def format_value(name: str, value: Any) -> str:
    """A stored value as the form shows it (and ``parse_value`` reads it back)."""
    if value is None:
        return ""
    if name == "trained":
        return _("yes") if value else _("no (not trained)")
    if name == "practising":
        return _("yes") if value else _("no")
    if name == "followed_up":
        return format_date_be(value if isinstance(value, dt.date) else dt.date.fromisoformat(value))
    if name == "volunteer":
        return _(VOLUNTEER_LABELS[Volunteer(value)])
    if name == "legal_basis":
        return _(LEGAL_BASIS_LABELS[LegalBasis(value)])
    if name == "consent_date":
        return format_date_be(value if isinstance(value, dt.date) else dt.date.fromisoformat(value))
    if name == "national_id":
        return format_national_id(value)
    if name in ("income_month", "expense_month"):
        return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
    return str(value)


def stored_value_text(name: str, value: Any) -> str:
    """A household field as stored (JSON, "not known" as ``UNKNOWN``) in words, for screens
    that show raw versions of a record (the conflicts)."""
    if name in UNKNOWN_NUMBERS and (value is None or value == UNKNOWN):
        return _("not known yet")
    try:
        return format_value(name, value)
    except (TypeError, ValueError):  # a value of a newer version: shown as it is
        return str(value)


def column_label(name: str) -> str:
    return _(BY_FIELD[name].label) if name in BY_FIELD else name


def describe_error(error: Any) -> str:
    """A pydantic error in the user's language: the column, then what is wrong."""
    name = str(error["loc"][0]) if error.get("loc") else ""
    if not name and error.get("type") == "value_error":  # a rule of the whole household
        return _(str(error["ctx"]["error"]))
    if error.get("type") == "value_error":
        reason = _(str(error["ctx"]["error"]))
    elif error.get("type") == "string_pattern_mismatch" and name == "village_code":
        reason = _("must be 8 digits (province, district, subdistrict, หมู่)")
    elif error.get("type") in ("greater_than_equal", "less_than_equal"):
        reason = _("is out of range")
    elif error.get("type") == "string_too_short" and name == "first_name":
        return _("first name is missing")
    else:
        reason = _("is not valid")
    value = error.get("input")
    if name == "national_id":  # never echoed whole, not even to say it is wrong (PDPA)
        value = mask_national_id(str(value or ""))
    return f"{column_label(name)}: {reason} ({quoted(value)})"


def validate_household(values: dict[str, Any]) -> Household:
    """The household these values make, or FieldError naming every problem (the field to
    mark: the follow-up's when its rule is broken, so the form shows it there)."""
    try:
        return Household.model_validate(values)
    except ValidationError as exc:
        errors = exc.errors()
        field = "practising" if any(not e.get("loc") for e in errors) else None
        raise FieldError("; ".join(describe_error(e) for e in errors), field) from None


def check_field(name: str, value: Any) -> None:
    """The rules of one field on its own (a range, a check digit), on a stand-in household;
    FieldError says why. Rules of the whole household (a follow-up needs its date) wait for
    the household's other values: a "yes" typed before the date is judged with the date."""
    stand_in = {"village_code": "10010101", "first_name": "-", name: value}
    if name == "practising":
        stand_in["followed_up"] = dt.date(2000, 1, 1)
    validate_household(stand_in)
