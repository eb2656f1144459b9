"""Typed texts to validated values, for every record a user types: the one reader.

The screens' dialogs and the CLI both give texts (``{"date": "3/12/2569", "amount": "๕๐๐"}``).
They are read here by the field's type: dates d/m/yyyy in พ.ศ., numbers with Thai digits and
commas, yes/no, choices by their key or their label in either language, lists comma-separated.
Then the record's model validates them. A text that is no value of its field raises
``FieldError`` naming the field, in words the user reads (its limits too: "at most 5"), so
that a form can put the message under the field and the CLI can print it; nothing is
journaled. Labels come from ``model/labels.py``, where each model module registers its own.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sammachip_tui import clock
from sammachip_tui.i18n import _, in_language
from sammachip_tui.i18n.wording import quoted
from sammachip_tui.model.household_fields import FieldError, control_character, parse_yes_no
from sammachip_tui.model.labels import CHOICE_LABELS, FIELD_LABELS, KIND_FIELD_LABELS, PAST_DATES
from sammachip_tui.model.thai import parse_date, parse_number, to_arabic_digits

INTERNAL = frozenset({"id", "village_code", "deleted"})
"""Fields no user types: the store sets them."""

M = TypeVar("M", bound=BaseModel)


def choice_labels() -> dict[type, dict[Any, str]]:
    """The labels of every choice registered by the model modules."""
    return CHOICE_LABELS


def field_label(name: str, kind: str = "") -> str:
    """A field of a record ``kind`` as the user reads it (its name, when it has no label)."""
    label = KIND_FIELD_LABELS.get((kind, name)) or FIELD_LABELS.get(name)
    return _(label) if label else name


def editable_fields(model: type[BaseModel], internal: Iterable[str] = ()) -> list[str]:
    """The fields a user types, in the model's order."""
    hidden = INTERNAL | set(internal)
    return [name for name in model.model_fields if name not in hidden]


def value_text(value: Any, *, for_typing: bool = False) -> str:
    """A stored value as the user reads it (``for_typing``: as typed back into a field):
    dates d/m/yyyy in พ.ศ., choices by their label, yes/no, baht with thousands commas."""
    from sammachip_tui.model.thai import format_date_be

    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, StrEnum):
        label = CHOICE_LABELS.get(type(value), {}).get(value)
        return _(label) if label else value.value
    if isinstance(value, dt.date):
        return format_date_be(value)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if for_typing else money(value)
    if isinstance(value, list):
        return ", ".join(value_text(v, for_typing=for_typing) for v in value)
    return str(value)


def money(amount: float) -> str:
    """Baht as officers write them: thousands commas, satang only when there are some."""
    return f"{amount:,.2f}" if round(amount % 1, 2) else f"{amount:,.0f}"


def parse_texts(
    model: type[BaseModel], texts: dict[str, str], internal: Iterable[str] = ()
) -> dict[str, Any]:
    """Values of ``model`` from typed texts; FieldError (naming the first field to blame) for
    a text that is no value of its field. Only the fields given are read."""
    hints = typing.get_type_hints(model)
    hidden = INTERNAL | set(internal)
    kind = str(getattr(model, "KIND", ""))
    values: dict[str, Any] = {}
    for name, text in texts.items():
        if name not in model.model_fields or name in hidden:
            raise FieldError(_("No field {name} here.").format(name=quoted(name)), name)
        if control_character(text):
            raise FieldError(
                _("{field}: control characters are not allowed.").format(
                    field=field_label(name, kind)
                ),
                name,
            )
        text = text.strip()
        plain = _plain(hints[name])
        try:
            values[name] = _read(plain, text, hints[name])
        except ValueError:
            raise FieldError(bad_text(name, plain, shortened(text), kind), name) from None
    return values


def validated(model: type[M], values: dict[str, Any]) -> M:
    """``model`` validated from parsed values; FieldError naming the field and its limit."""
    kind = str(getattr(model, "KIND", ""))
    try:
        found = model.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        if not error["loc"]:  # a rule of the whole record (a period that ends before it starts)
            raise FieldError(_limit(error) or _("These values cannot be used together.")) from None
        name = str(error["loc"][0])
        value = values.get(name, "")
        label = field_label(name, kind)
        if name not in values or value in ("", None, []):
            raise FieldError(_("{field} is needed.").format(field=label), name or None) from None
        shown = quoted(shortened(value_text(value)))
        text = _("{field}: cannot use {value}").format(field=label, value=shown)
        reason = _limit(error)
        raise FieldError(f"{text} ({reason})" if reason else text, name or None) from None
    today = clock.today()
    for name in model.model_fields:
        day = getattr(found, name) if (kind, name) in PAST_DATES else None
        if isinstance(day, dt.date) and day > today:
            raise FieldError(
                _("{field}: {date} is after today").format(
                    field=field_label(name, kind), date=value_text(day)
                ),
                name,
            )
    return found


SHOWN_MAX = 60


def shortened(text: str) -> str:
    """A refused value as a message repeats it: its start, when it is long (a message that
    echoes five thousand characters hides what it says)."""
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def _plain(hint: Any) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return args[0]
    return hint


def _choice(kind: type[StrEnum], text: str) -> StrEnum:
    """A choice by its key (``treasurer``), or its label in Thai or English (เหรัญญิก)."""
    wanted = " ".join(text.split()).lower()
    for value in kind:
        if wanted == value.value.lower():
            return value
        label = CHOICE_LABELS.get(kind, {}).get(value)
        if label and wanted in {in_language(label, "th").lower(), label.lower()}:
            return value
    raise ValueError(text)


def _read(kind: Any, text: str, hint: Any) -> Any:
    optional = type(None) in typing.get_args(hint)
    if not text and optional:
        return None
    if kind is dt.date:
        return parse_date(text)
    if kind is bool:
        return parse_yes_no(text)
    if kind is int:
        number = parse_number(text) if text else 0.0
        if not number.is_integer():
            raise ValueError(text)
        return int(number)
    if kind is float:
        return _baht(text) if text else 0.0
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return _choice(kind, text)
    if typing.get_origin(kind) is list:
        parts = [p.strip() for p in text.replace("،", ",").split(",") if p.strip()]
        item = (typing.get_args(kind) or (str,))[0]
        if isinstance(item, type) and issubclass(item, StrEnum):
            return [_choice(item, p) for p in parts]
        return parts
    return text


_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")


def _baht(text: str) -> float:
    """An amount (or a percentage) as typed: Thai digits, ฿ or บาท welcome, commas only where
    thousands are grouped (1,2,3 is a slip, not 123), at most two decimals (satang)."""
    number = re.sub(r"[^\d,.]", "", to_arabic_digits(text))
    if "," in number and not _GROUPED.fullmatch(number):
        raise ValueError(text)
    value = parse_number(text)
    if round(value, 2) != value:
        raise ValueError(text)
    return value


def bad_text(name: str, kind: Any, text: str, record: str = "") -> str:
    """Why ``text`` is no value of field ``name`` of type ``kind``, in words."""
    name = field_label(name, record)
    if kind is dt.date:
        return _("{field}: not a date (d/m/yyyy): {value}").format(field=name, value=quoted(text))
    if kind in (int, float):
        return _("{field}: not a number: {value}").format(field=name, value=quoted(text))
    if kind is bool:
        return _("{field}: yes or no, not {value}").format(field=name, value=quoted(text))
    if typing.get_origin(kind) is list:
        kind = (typing.get_args(kind) or (str,))[0]
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        labels = CHOICE_LABELS.get(kind, {})
        choices = ", ".join(_(labels[v]) if v in labels else v.value for v in kind)
        return _("{field}: one of {choices}, not {value}").format(
            field=name, choices=choices, value=quoted(text)
        )
    return _("{field}: cannot use {value}").format(field=name, value=quoted(text))


def _limit(error: Any) -> str:
    """What a refused value must be, from pydantic's error (its limits, in words)."""
    ctx, kind = error.get("ctx") or {}, error.get("type", "")
    if kind == "greater_than":
        return _("more than {n}").format(n=value_text(ctx.get("gt")))
    if kind == "greater_than_equal":
        return _("at least {n}").format(n=value_text(ctx.get("ge")))
    if kind in ("less_than_equal", "less_than"):
        return _("at most {n}").format(n=value_text(ctx.get("le", ctx.get("lt"))))
    if kind == "string_too_long":
        return _("at most {n} characters").format(n=ctx.get("max_length"))
    if kind == "too_long":
        return _("at most {n} items").format(n=ctx.get("max_length"))
    if kind == "value_error":
        return _(str(ctx.get("error", ""))) if ctx.get("error") else ""
    return ""
