"""One convention for every dialog, and what the small entry dialogs share.

Every dialog of the app (screens/*_dialog*.py, the unlock and repair questions) is a
``Dialog``: Esc cancels and changes nothing, Enter or Ctrl+S saves (or does what the dialog
is for), and the dialog's own footer says so. One base, so a new dialog cannot get it wrong:
an officer who learnt Esc in one dialog must not lose a village to it in another (Esc once
saved, so a filled new-village dialog created the village, and a group-size dialog holding
a value it refused could not be left at all).

``FormDialog`` adds a centred box of labelled one-line fields. A value that cannot be used
keeps the dialog open, with the value still readable in its field (one-row fields never get
Textual's tall error border, which hid the text) and the reason on its own row right under
it, so nothing typed is lost. A dialog opened ``saving_with`` a commit saves its result
itself and closes only once it is journaled: a full disk keeps it open with what was typed.
Ctrl+Q with an entry dialog open saves what it holds, as leaving any screen does; the
dialogs that change the whole district (QUIT_SAVES = False) are cancelled instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.chrome import TranslatedFooter
from sammachip_tui.screens.saving import SaveError, StoreAccess
from sammachip_tui.screens.sizes import SizeGuard

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.saving import Build

T = TypeVar("T")

# How the footer shows the save keys: Enter and Ctrl+S do the same.
SAVE_KEYS = "Enter/^s"


class Dialog(StoreAccess, ModalScreen[T]):
    """Esc: ``action_cancel`` (dismiss with ``cancel_result()``, nothing saved). Enter in a
    field, or Ctrl+S anywhere: ``action_save``. Subclasses rename the two keys' words by
    re-binding the same keys (``cancel_binding``/``save_binding``), never their meaning."""

    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
        Binding("ctrl+s", "save", N_("Save"), key_display=SAVE_KEYS, id="save"),
        Binding("enter", "save", N_("Save"), show=False, id="enter-save"),
    ]

    QUIT_SAVES: ClassVar[bool] = False  # Ctrl+Q does what Ctrl+S does (else what Esc does)

    def cancel_result(self) -> T | None:
        """What Esc returns: nothing done (None), unless the dialog already did something."""
        return None

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_result())

    async def action_save(self) -> None:
        raise NotImplementedError

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        await self.submitted(event.input)

    async def submitted(self, field: Input) -> None:
        """Enter in a field: save (a dialog whose Enter moves on overrides this)."""
        await self.action_save()

    @on(events.Mount)
    def _mount_footer(self) -> None:
        """The dialog's own footer, with its keys (Esc, Enter/Ctrl+S) in the officer's words."""
        self.mount(TranslatedFooter())

    def quitting_action(self) -> str:
        return "save" if self.QUIT_SAVES else "cancel"


def cancel_binding(description: str) -> Binding:
    """Esc with a dialog's own words (``Not now``, ``Stay``); it still changes nothing."""
    return Binding("escape", "cancel", description, id="cancel")


def save_binding(description: str) -> Binding:
    """Enter/Ctrl+S with a dialog's own words (``Accept``, ``Unlock``)."""
    return Binding("ctrl+s", "save", description, key_display=SAVE_KEYS, id="save")


class FormDialog(SizeGuard, Dialog[T]):
    """Base of the entry dialogs: a box of ``row()`` fields and a ``problem_line()``."""

    QUIT_SAVES = True
    MIN_SIZE = (40, 12)  # below it, a message instead of a box too small to type in

    DEFAULT_CSS = """
    FormDialog { align: center middle; background: $background 60%; }
    FormDialog > #box {
        width: 80; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormDialog #title { text-style: bold; height: auto; margin-bottom: 1; }
    FormDialog .row { height: 1; margin-bottom: 1; }
    FormDialog .row.-invalid { margin-bottom: 0; }
    FormDialog .row > Label { width: 22; color: $text-muted; }
    FormDialog .row > Input {
        width: 1fr; height: 1; border: none; padding: 0 1; background: $boost;
    }
    FormDialog .row > Input:focus { background: $primary 30%; }
    FormDialog .row > Input.-invalid { background: $error 30%; }
    FormDialog .field-problem {
        display: none; height: auto; margin-bottom: 1; padding-left: 22;
        color: $text; background: $error 40%;
    }
    FormDialog .field-problem.-problem { display: block; }
    FormDialog #problem { height: auto; color: $text; }
    FormDialog #problem.-problem { background: $error 40%; }
    FormDialog #hint { height: auto; color: $text-muted; }
    """

    _commit: Callable[[Any], Build] | None = None

    def saving_with(self, commit: Callable[[Any], Build]) -> Self:
        """Save the dialog's result itself before it closes: ``commit(result)`` (never None)
        builds the changes. If they cannot be saved (a value the store refuses, a full disk)
        the dialog stays open with what was typed and the reason; the screen that opened it
        gets the result only once it is in the journal."""
        self._commit = commit
        return self

    _store_failed = False  # the last save failed for a reason other than a value
    _quitting = False  # Ctrl+Q asks its own question
    _problem_text = ""

    async def finish(self, result: T) -> None:
        """Close with ``result`` (None: nothing to do), saved first when the dialog saves.
        If the disk fails again when the officer tries again, they may close the dialog
        without saving (discard) or stay and try later: never stuck, never silent."""
        if result is not None and self._commit is not None:
            try:
                await self.save(self._commit(result))
            except SaveError as exc:
                self.show_problem(exc.message, exc.field)
                if not exc.invalid and self._store_failed and not self._quitting:
                    self._ask_after_failure(exc.message)
                self._store_failed = not exc.invalid
                return
        self.dismiss(result)

    def _ask_after_failure(self, message: str) -> None:
        from sammachip_tui.screens.leave_dialog import LeaveDialog

        def answered(choice: str | None) -> None:
            if choice == "discard":
                self.dismiss(None)

        dialog = LeaveDialog(message, _("What this dialog holds is not saved."), can_add=False,
                             retry=True)  # fmt: skip
        self.app.push_screen(dialog, answered)

    def row(self, name: str, label: str, value: str, **options: Any) -> ComposeResult:
        """A labelled one-line field, and the row under it where its problem is said."""
        with Horizontal(classes="row", id=f"row-{name}"):
            yield Label(label)
            yield ThaiInput(value=value, id=f"f-{name}", compact=True, **options)
        yield Static("", id=f"p-{name}", classes="field-problem", markup=False)

    def value_of(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value

    def show_problem(self, message: str, field: str | None = None) -> None:
        """Say why a value cannot be used: on its own row under its field (which keeps the
        value, readable), or on the dialog's problem line."""
        self._problem_text = message
        own_row = False
        for widget in self.query(".row > Input").results(Input):
            name = (widget.id or "")[2:]
            wrong = bool(message) and field is not None and name == field
            own_row = own_row or wrong
            widget.set_class(wrong, "-invalid")
            self.query_one(f"#row-{name}").set_class(wrong, "-invalid")
            under = self.query_one(f"#p-{name}", Static)
            under.update(message if wrong else "")
            under.set_class(wrong, "-problem")
            if wrong:
                row = self.query_one(f"#row-{name}")
                self.call_after_refresh(self._into_view, under, row)
        problem = self.query_one("#problem", Static)
        problem.update("" if own_row else message)
        problem.set_class(bool(message) and not own_row, "-problem")
        if message and not own_row:
            self.call_after_refresh(self._into_view, problem)

    def _into_view(self, *widgets: Widget) -> None:
        """Scroll a refusal (and the field it blames) into view: a dialog taller than the
        window (the bylaws at 80×24) would otherwise say why below the fold, and a refused
        save would look like nothing happened. The last widget is the one surely seen."""
        for widget in widgets:
            widget.scroll_visible(animate=False, immediate=True)

    def problem(self) -> str:
        """The problem the dialog shows now, wherever it is shown ("" when none)."""
        return self._problem_text

    def problem_line(self) -> Static:
        return Static("", id="problem", markup=False)

    async def ready_to_quit(self) -> bool:
        """Ctrl+Q with the dialog open: an entry dialog saves what it holds and closes (a
        teaching dialog cancels). If it stays open, a value it holds cannot be used: the
        officer discards it, or stays to correct it."""
        self._quitting = True
        try:
            await self.run_action(self.quitting_action())
        finally:
            self._quitting = False
        if self not in self.app.screen_stack:
            return True
        from sammachip_tui.screens.leave_dialog import LeaveDialog

        problem = self.problem()
        if self._store_failed:
            dialog = LeaveDialog(problem, _("What this dialog holds is not saved."),
                                 can_add=False, retry=True)  # fmt: skip
        else:
            dialog = LeaveDialog(_("A value cannot be saved as it is"), problem, can_add=False)
        return await self.app.push_screen(dialog, wait_for_dismiss=True) == "discard"
