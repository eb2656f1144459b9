"""The household form: one line per field, saved field by field as the officer moves on.

Every field commits on Enter or when focus leaves it. A value that cannot be used keeps what
was typed in the field, marks it, and says why below the form; nothing is saved until it is
right, and nothing typed is thrown away. A new household is created as soon as it has a first
name, with everything else already typed.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import _
from sammachip_tui.model.household_fields import FieldError, column_label, format_value
from sammachip_tui.model.records import Household
from sammachip_tui.store.register import FORM_FIELDS, household_edit, new_household
from sammachip_tui.store.workspace import Change, Workspace

HINTS = {
    "trained": "ใช่ / ไม่ใช่ · yes / no",
    "volunteer": "ใช่ / ไม่ใช่ / ไม่แน่ใจ · yes / no / not sure",
    "legal_basis": "ภารกิจของรัฐ / ความยินยอม · public task / consent",
    "consent_date": "22/11/2569",
    "national_id": "x-xxxx-xxxxx-xx-x",
}


class HouseholdForm(Widget):
    """Edits one household (``record=None``: a new one) of ``village``."""

    DEFAULT_CSS = """
    HouseholdForm { height: 1fr; }
    HouseholdForm VerticalScroll { height: 1fr; }
    HouseholdForm .row { height: 1; }
    HouseholdForm .row > Label { width: 20; padding: 0 1; color: $text-muted; }
    HouseholdForm .row > Input {
        width: 1fr; height: 1; border: none; padding: 0 1; background: $surface;
    }
    HouseholdForm .row > Input:focus { background: $boost; text-style: bold; }
    HouseholdForm .row > Input.-invalid { background: $error 30%; }
    HouseholdForm #status { height: auto; min-height: 1; padding: 0 1; background: $panel; }
    HouseholdForm #status.-problem { color: $text; background: $error 40%; }
    """

    class Saved(Message):
        """A change reached the journal (it survives a crash from now on)."""

        def __init__(self, record: str) -> None:
            super().__init__()
            self.record = record

    def __init__(self, workspace: Workspace, village: str, record: str | None) -> None:
        super().__init__(id="household-form")
        self.workspace = workspace
        self.village = village
        self.record = record
        self.texts: dict[str, str] = {}  # what is in each field now, saved or not
        self.problems: dict[str, str] = {}
        self.status = ""
        self._saved_texts: dict[str, str] = {}
        self._creating = False
        self._pending: list[Future[Any]] = []
        self._load()

    def _load(self) -> None:
        stored = self._stored()
        for name in FORM_FIELDS:
            shown = "" if stored is None else format_value(name, getattr(stored, name))
            self._saved_texts[name] = shown
            self.texts.setdefault(name, shown)

    def _stored(self) -> Household | None:
        if self.record is None:
            return None
        record = self.workspace.record(self.village, "household", self.record)
        return None if record is None else Household.from_record(record)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for name in FORM_FIELDS:
                with Horizontal(classes="row"):
                    yield Label(column_label(name))
                    field = ThaiInput(
                        value=self.texts[name], placeholder=HINTS.get(name, ""), id=f"f-{name}"
                    )
                    field.set_class(name in self.problems, "-invalid")
                    yield field
        yield Static(self.status or self._summary(), id="status", markup=False)

    def _summary(self) -> str:
        stored = self._stored()
        if stored is None:
            return _("New household: type at least the first name; it is saved from then on.")
        verdict = _("yes") if stored.is_sammachip else _("no")
        return _("Sammachip (income above expenses): {verdict} · saved automatically").format(
            verdict=verdict
        )

    def field_name(self, widget: Input) -> str:
        return (widget.id or "")[2:]

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.texts[self.field_name(event.input)] = event.value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self.commit(self.field_name(event.input)):
            self.screen.focus_next()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        self.commit(self.field_name(event.input))

    def commit(self, name: str) -> bool:
        """Save ``name`` if its text changed; False (and the reason shown) if it cannot be."""
        if name not in self.texts or self.texts[name] == self._saved_texts.get(name):
            return name not in self.problems
        if self._creating:
            return True  # committed with the rest once the new record exists
        if self.record is None and not self.texts.get("first_name", "").strip():
            self._set_status(
                _("Type the first name too; then the household is saved."), problem=False
            )
            return True
        try:
            change = self._change(name)
        except FieldError as exc:
            self._problem(name, exc.message)
            return False
        self.problems.pop(name, None)
        self.query_one(f"#f-{name}", Input).remove_class("-invalid")
        if change is None:
            self._saved_texts[name] = self.texts[name]
            return True
        self._save(change, name)
        return True

    def commit_all(self) -> bool:
        """Commit every field whose text is not saved yet (leaving the form)."""
        results = [self.commit(name) for name in FORM_FIELDS]
        return all(results)

    async def settle(self) -> None:
        """Wait until every submitted change is in the journal (before leaving the form)."""
        while self._pending:
            await asyncio.wrap_future(self._pending[0])

    def unsaved(self) -> list[str]:
        """Fields whose text is not (yet) in the journal."""
        return [n for n in FORM_FIELDS if self.texts[n] != self._saved_texts.get(n)]

    def pending_problems(self) -> list[str]:
        """Fields still holding text that could not be saved."""
        return [n for n in FORM_FIELDS if n in self.problems]

    def _change(self, name: str) -> Change | None:
        if self.record is not None:
            return household_edit(self.workspace, self.village, self.record, name, self.texts[name])
        filled = {n: t for n, t in self.texts.items() if t.strip()}
        return new_household(self.village, filled)

    def _save(self, change: Change, name: str) -> None:
        texts = dict(self.texts)
        self._creating = self.record is None
        future = self.workspace.submit([change])
        self._pending.append(future)

        def done(fut: Any) -> None:
            try:
                ops = fut.result()
            except Exception as exc:  # disk full, card pulled: the text stays in the field
                self._creating = False
                self.app.call_from_thread(
                    self._problem, name, _("Not saved: {reason}").format(reason=exc)
                )
                return
            self.app.call_from_thread(self._saved, ops[0].record if ops else None, texts, name)

        future.add_done_callback(done)
        # After ``done``: it waits for _saved on the interface thread, which may submit more.
        future.add_done_callback(self._pending.remove)

    def _saved(self, record: str | None, texts: dict[str, str], name: str) -> None:
        created = self._creating
        self._creating = False
        if record is not None:
            self.record = record
        if created:  # everything typed went into the new record
            self._saved_texts.update({n: t for n, t in texts.items() if t.strip()})
        else:
            self._saved_texts[name] = texts[name]
        self._set_status(_("Saved ✓") + " · " + self._summary(), problem=False)
        if record is not None:
            self.post_message(self.Saved(record))
        if created:
            self.commit_all()  # what was typed while the record was being created

    def _problem(self, name: str, message: str) -> None:
        self.problems[name] = message
        self.query_one(f"#f-{name}", Input).add_class("-invalid")
        self._set_status(message, problem=True)

    def _set_status(self, text: str, *, problem: bool) -> None:
        self.status = text if problem else ""
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "-problem")
