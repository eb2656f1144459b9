"""Text a Word or Excel file can hold, whatever the store holds.

XML 1.0, inside every .docx and .xlsx, cannot hold most control characters (a NUL, an escape,
a bell) nor a lone surrogate: openpyxl raises ``IllegalCharacterError`` and lxml "must be XML
compatible", and the whole report is lost for one village name. Such text is refused where
it is typed, imported or merged (store/op_checks.py), but a store written before that rule,
or by another version, can still hold it; so every Word and Excel writer passes what it
writes through ``xml_safe`` first, and the character shows as U+FFFD (�) where it stood: the
officer sees there is something to correct, and the report is written.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot hold (tab, line feed and carriage return it can), and the C1 controls
and DEL, which it can but which no reader shows as anything."""
REPLACEMENT = "\ufffd"

T = TypeVar("T")


def xml_text(text: str) -> str:
    """``text`` with each character a file cannot hold replaced by U+FFFD."""
    if _ILLEGAL.search(text) is None:
        return text
    return _ILLEGAL.sub(REPLACEMENT, text)


def xml_safe(value: T) -> T:
    """``value`` (a document: dataclasses, lists, tuples and dicts of text and numbers) with
    every text passed through ``xml_text``; what needs no change is returned as it is, so
    a report of clean text costs one scan of its strings."""
    cleaned: T = _clean(value)
    return cleaned


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = xml_text(value)
        return value if cleaned == value else cleaned
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_clean(v) for v in value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    return value
