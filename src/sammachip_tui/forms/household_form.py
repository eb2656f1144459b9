"""The household form: one line per field, saved field by field as the officer moves on.

Every field commits when focus leaves it (Enter and Tab move on). A value that cannot be used
keeps what was typed in the field, readable (the fields are compact: Textual's tall red
border on a one-row field left no row for the text), marks it, and says why on its own row
right under it and below the form; nothing is saved until it is right, and nothing typed is
thrown away. A blank means "not known": a cleared
income or household size is stored as unknown, never as an invented 0 or 1; a field that
must have a value (the legal basis, say) refuses a blank with the reason. A new household is
created as soon as it has a first name, with everything else already typed.

Typing ahead is safe: Enter, Tab and Shift+Tab are priority keys here, so focus moves the
moment the key arrives, before any key typed after it is delivered. (Moved later, by the
field's own Submitted message, a burst such as ``ทอผ้า⏎12500⏎`` typed 12500 into the
skills field.) What is saved is read from the field itself, never from a copy kept by
messages that may still be on their way.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import _
from sammachip_tui.model.household_fields import FieldError, column_label, format_value
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.model.records import Household
from sammachip_tui.screens.saving import Saved, SaveError, StoreAccess
from sammachip_tui.store.register import (
    FORM_FIELDS,
    MUST_HAVE_A_VALUE,
    household_changes,
    new_household,
    new_household_changes,
    typed_value,
)

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.saving import Build
    from sammachip_tui.store.oplog import Op
    from sammachip_tui.store.workspace import Workspace

HINTS = {
    **MUST_HAVE_A_VALUE,
    "consent_date": "ว/ด/ปปปป พ.ศ. · d/m/yyyy BE",
    "followed_up": "ว/ด/ปปปป พ.ศ. · d/m/yyyy BE",
    "practising": "ใช่ / ไม่ใช่ (ว่าง: ยังไม่ติดตาม) · yes / no",
    "national_id": "x-xxxx-xxxxx-xx-x",
}


class HouseholdForm(StoreAccess, Widget):
    """Edits one household (``record=None``: a new one) of ``village``."""

    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    BINDINGS = [
        Binding("enter,tab", "move(1)", show=False, priority=True),
        Binding("shift+tab", "move(-1)", show=False, priority=True),
    ]

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
    HouseholdForm .field-problem {
        display: none; height: auto; padding: 0 1 0 21; color: $text; background: $error 40%;
    }
    HouseholdForm .field-problem.-problem { display: block; }
    HouseholdForm #status { height: auto; min-height: 1; padding: 0 1; background: $panel; }
    HouseholdForm #status.-problem { color: $text; background: $error 40%; }
    """

    class Saved(Message):
        """A change reached the journal (it survives a crash from now on)."""

        def __init__(self, record: str) -> None:
            super().__init__()
            self.record = record

    def __init__(self, village: str, record: str | None, stored: Household | None) -> None:
        super().__init__(id="household-form")
        self.village = village
        self.record = record
        self.texts: dict[str, str] = {}  # what each field held when last read (recompose)
        self.problems: dict[str, str] = {}
        self.status = ""
        self._saved_texts: dict[str, str] = {}  # what the journal holds, as text
        self._sent_texts: dict[str, str] = {}  # what was last handed to the writer
        self._creating = False
        self._pending: list[asyncio.Future[None]] = []
        self._stored_household = stored
        for name in FORM_FIELDS:
            shown = "" if stored is None else format_value(name, getattr(stored, name))
            self._saved_texts[name] = shown
            self._sent_texts[name] = shown
            self.texts[name] = shown

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for name in FORM_FIELDS:
                with Horizontal(classes="row"):
                    yield Label(column_label(name))
                    field = ThaiInput(
                        value=self.texts[name],
                        placeholder=HINTS.get(name, ""),
                        id=f"f-{name}",
                        compact=True,
                    )
                    field.set_class(name in self.problems, "-invalid")
                    yield field
                under = Static(self.problems.get(name, ""), id=f"p-{name}", markup=False)
                under.add_class("field-problem")
                under.set_class(name in self.problems, "-problem")
                yield under
        yield Static(self.status or self._summary(), id="status", markup=False)

    def _summary(self) -> str:
        stored = self._stored_household
        if stored is None:
            return _("New household: type at least the first name; it is saved from then on.")
        verdict = {True: _("yes"), False: _("no"), None: _("not known yet")}[stored.sammachip]
        return _("Sammachip (income above expenses): {verdict} · saved automatically").format(
            verdict=verdict
        )

    def stored_changed(self, stored: Household) -> None:
        """The household changed outside the form (a reading recorded in the income dialog):
        a field the officer has not touched since it was saved shows the stored value now."""
        self._stored_household = stored
        for name in FORM_FIELDS:
            shown = format_value(name, getattr(stored, name))
            saved = self._saved_texts[name]
            if shown != saved and self.text_of(name) == saved == self._sent_texts[name]:
                self.field(name).value = shown
                self.texts[name] = self._saved_texts[name] = self._sent_texts[name] = shown
        if not self.problems:
            self._set_status(self._summary(), problem=False)

    # ------------------------------------------------------------------------ fields
    def field(self, name: str) -> Input:
        return self.query_one(f"#f-{name}", Input)

    def text_of(self, name: str) -> str:
        """What the field holds now (read from the widget, not from a message)."""
        self.texts[name] = self.field(name).value
        return self.texts[name]

    def field_name(self, widget: Input) -> str:
        return (widget.id or "")[2:]

    def action_move(self, step: int) -> None:
        """Enter/Tab: on to the next field now; the one left commits when it is blurred."""
        if step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        self.commit(self.field_name(event.input))

    # ------------------------------------------------------------------------ saving
    def commit(self, name: str) -> bool:
        """Save ``name`` if its text changed; False (and the reason shown) if it cannot be."""
        if name not in self._saved_texts:
            return True
        text = self.text_of(name)
        if text == self._sent_texts[name]:  # saved, or on its way: nothing new to save
            if name in self.problems:  # typed back to what is stored: nothing is wrong now
                self._clear_problem(name)
            return True
        if self._creating:
            return True  # committed with the rest once the new record exists
        if self.record is None and not self.text_of("first_name").strip():
            self._set_status(
                _("Type the first name too; then the household is saved."), problem=False
            )
            return True
        village, record = self.village, self.record
        try:  # what can be said without the store, at once; the rest on the writer thread
            if record is not None:
                typed_value(name, text)
                build: Build = lambda ws: household_changes(  # noqa: E731
                    ws, village, record, {name: text}, ReadingSource.form
                )
            else:
                texts = {n: self.text_of(n) for n in FORM_FIELDS}
                typed = {n: t for n, t in texts.items() if t.strip()}
                new_household(village, typed)  # what is wrong, said at once
                build = lambda ws: new_household_changes(  # noqa: E731
                    ws, village, typed, ReadingSource.form
                )
        except FieldError as exc:
            self._problem(name, exc.message)
            return False
        self._clear_problem(name)
        texts = {n: self.texts[n] for n in FORM_FIELDS}
        creating = self.record is None
        self._creating = creating
        sent = {n: t for n, t in texts.items() if t.strip()} if creating else {name: text}
        self._sent_texts.update(sent)

        def read_back(ws: Workspace, ops: list[Op]) -> Household | None:
            """On the writer thread, right after the save: the household as stored now."""
            rid = ops[0].record if ops and creating else record  # an edit: ops[0] a reading
            stored = rid and ws.record(village, "household", rid)
            return Household.from_record(stored) if stored else None

        def saved(result: Saved[Household | None]) -> None:
            self._creating = False
            if result.ops and creating:
                self.record = result.ops[0].record
            if result.read is not None:
                self._stored_household = result.read
            if creating:  # everything typed went into the new record
                self._saved_texts.update({n: t for n, t in texts.items() if t.strip()})
            else:
                self._saved_texts[name] = texts[name]
            self._set_status(_("Saved ✓") + " · " + self._summary(), problem=False)
            if self.record is not None:
                self.post_message(self.Saved(self.record))
            if creating:
                self.commit_all()  # what was typed while the record was being created

        def failed(error: SaveError) -> None:  # disk full, card pulled: the text stays
            self._creating = False
            for n, t in sent.items():  # not saved: the next Enter or Tab tries again
                if self._sent_texts[n] == t:
                    self._sent_texts[n] = self._saved_texts[n]
            self._problem(name, error.message)

        self._pending.append(
            self.save_in_background(build, then=read_back, saved=saved, failed=failed)
        )
        return True

    def commit_all(self) -> bool:
        """Commit every field whose text is not saved yet (leaving the form)."""
        results = [self.commit(name) for name in FORM_FIELDS]
        return all(results)

    async def settle(self) -> None:
        """Wait until every submitted change is in the journal (before leaving the form)."""
        while self._pending:  # a new household's first save commits the rest when it lands
            waiting, self._pending = self._pending, []
            await asyncio.gather(*waiting)

    def unsaved(self) -> list[str]:
        """Fields whose text is not (yet) in the journal."""
        return [n for n in FORM_FIELDS if self.text_of(n) != self._saved_texts.get(n)]

    def waiting_for_a_name(self) -> bool:
        """A new household with something typed but no first name yet: not saved at all."""
        return self.record is None and any(self.text_of(n).strip() for n in FORM_FIELDS)

    def pending_problems(self) -> list[str]:
        """Fields still holding text that could not be saved."""
        return [n for n in FORM_FIELDS if n in self.problems]

    def _problem(self, name: str, message: str) -> None:
        self.problems[name] = message
        self.field(name).add_class("-invalid")
        self._show_under(name, message)
        self._set_status(message, problem=True)

    def _show_under(self, name: str, message: str) -> None:
        """The reason on its own row under the field, in view with it."""
        under = self.query_one(f"#p-{name}", Static)
        under.update(message)
        under.set_class(bool(message), "-problem")
        if message:
            self.call_after_refresh(under.scroll_visible)

    def _clear_problem(self, name: str) -> None:
        if self.problems.pop(name, None) is None:
            return
        self.field(name).remove_class("-invalid")
        self._show_under(name, "")
        if self.problems:  # another field is still wrong: say that one
            self._set_status(next(iter(self.problems.values())), problem=True)
        else:
            self._set_status(self._summary(), problem=False)

    def _set_status(self, text: str, *, problem: bool) -> None:
        self.status = text if problem else ""
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "-problem")
