"""The one dialog of the group screen: a box of typed fields for any entry of a group.

A committee term, a ledger line, an activity, a training, a stage decision, the bylaws, a
member's dates: each is a list of fields an officer types, read by ``store/groups.py`` the
same way the CLI's are (dates d/m/yyyy in พ.ศ., Thai digits, choices by their key or their
label). So one dialog serves them all: it shows the fields with what they hold now, returns
the texts the officer changed, and (opened ``saving_with``) saves them itself; a value the
store refuses keeps the dialog open with the reason under its field, or on the problem line
when a rule of the group (a treasurer who would audit their own books) is to blame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from sammachip_tui.i18n import _
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.thai import parse_number
from sammachip_tui.screens.dialog import FormDialog
from sammachip_tui.store.groups import choice_labels, value_text


@dataclass(frozen=True)
class Field:
    """One typed field: its name in the store, its label, the text shown in it, the text
    stored now ("" for a new entry: every text typed is then sent) and a hint."""

    name: str
    label: str
    value: str = ""
    stored: str = ""
    hint: str = ""


def as_text(value: Any) -> str:
    """A stored value as the officer types it (and ``store/groups.py`` reads it back)."""
    return value_text(value, for_typing=True)


def choices_hint(kind: type[StrEnum]) -> str:
    """The choices of a field, as its placeholder: any of them may be typed."""
    labels = choice_labels().get(kind, {})
    return " / ".join(_(labels[v]) if v in labels else v.value for v in kind)


class GroupDialog(FormDialog[dict[str, str] | None]):
    """Returns the texts changed (None when nothing is to save). ``totals`` names fields
    whose sum is shown as they are typed (the bylaws' profit allocation, out of 100%)."""

    DEFAULT_CSS = """
    GroupDialog #total { dock: bottom; height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, title: str, fields: Iterable[Field], *, focus: str = "",
                 totals: tuple[str, ...] = ()) -> None:  # fmt: skip
        super().__init__(id="group-dialog")
        self.heading = title
        self.fields = list(fields)
        self.focus_field = focus or (self.fields[0].name if self.fields else "")
        self.totals = totals

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(self.heading, id="title", markup=False)
            for f in self.fields:
                yield from self.row(f.name, f.label, f.value, placeholder=f.hint)
            if self.totals:
                yield Static("", id="total", markup=False)
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: save · Tab: next field · Esc: nothing changes."),
                         id="hint")  # fmt: skip

    def on_mount(self) -> None:
        if self.totals:
            self.query_one("#total", Static).update(self._total_text())
        if self.focus_field:
            self.query_one(f"#f-{self.focus_field}").focus()

    def _total_text(self) -> str:
        total = 0.0
        for name in self.totals:
            try:
                total += parse_number(self.value_of(name)) if self.value_of(name).strip() else 0
            except (ValueError, FieldError):
                return _("Profit allocation: a percentage is not a number")
        return _("Profit allocation: {total}% of 100%").format(total=f"{total:g}")

    @on(Input.Changed)
    def _retotal(self, event: Input.Changed) -> None:
        if self.totals and (event.input.id or "")[2:] in self.totals:
            self.query_one("#total", Static).update(self._total_text())

    def typed(self) -> dict[str, str]:
        """The texts that differ from what is stored (all texts typed, for a new entry)."""
        out = {}
        for f in self.fields:
            text = self.value_of(f.name)
            if text.strip() != f.stored.strip():
                out[f.name] = text
        return out

    async def action_save(self) -> None:
        texts = self.typed()
        await self.finish(texts or None)
