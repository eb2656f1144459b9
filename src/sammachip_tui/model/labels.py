"""What fields and choices are called on the screens and in messages, for every record kind.

Each model module registers its labels here when it is imported (``register_labels``), so
that one reader of typed texts (``store/typed_texts.py``) serves the group screen, the plan,
the mentoring and the network dialogs and their CLI commands alike, and names the field to
blame in the user's language. Labels are gettext keys (``N_``), translated where shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FIELD_LABELS: dict[str, str] = {}
"""A field by its name, where it means the same in every kind (``date``, ``note``)."""

KIND_FIELD_LABELS: dict[tuple[str, str], str] = {}
"""A field that means something else in one kind: ``(kind, name)``."""

CHOICE_LABELS: dict[type, dict[Any, str]] = {}
"""The labels of each choice (a StrEnum type: its members' labels)."""

PAST_DATES: set[tuple[str, str]] = set()
"""``(kind, field)``: dates of what has happened (a visit, a session, an approval), which a user
may not type after today. Checked on typed input only (``store/typed_texts.py``), never on a
received record: another device's clock may run a day ahead, and its bundle must not be refused
for it."""


def register_labels(
    fields: Mapping[str, str] | None = None,
    kind_fields: Mapping[tuple[str, str], str] | None = None,
    choices: Mapping[type, Mapping[Any, str]] | None = None,
    past: tuple[tuple[str, str], ...] = (),
) -> None:
    """Add a module's labels (and its dates that cannot be after today). A field name already
    labelled keeps its first label (a kind that means something else by it says so in
    ``kind_fields``)."""
    for name, label in (fields or {}).items():
        FIELD_LABELS.setdefault(name, label)
    KIND_FIELD_LABELS.update(kind_fields or {})
    for kind, labels in (choices or {}).items():
        CHOICE_LABELS[kind] = dict(labels)
    PAST_DATES.update(past)
