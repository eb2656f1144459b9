"""What the small entry dialogs share: a centred box of labelled one-line fields.

Dialogs here save when they close (Esc or Ctrl+S): there is no Cancel that throws typed text
away. A value that cannot be used keeps the dialog open, its field marked and the reason
shown, so nothing typed is lost. A dialog opened ``saving_with`` a commit saves its result
itself and closes only once it is journaled: a full disk keeps it open with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self, TypeVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.saving import SaveError, StoreAccess
from sammachip_tui.screens.sizes import SizeGuard

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.saving import Build

T = TypeVar("T")


class FormDialog(StoreAccess, SizeGuard, ModalScreen[T]):
    """Base of the entry dialogs: ``fields()`` gives (name, label, value, options) rows."""

    MIN_SIZE = (40, 12)  # below it, a message instead of a box too small to type in

    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    BINDINGS = [
        Binding("escape", "close", N_("Save and close"), id="close"),
        Binding("ctrl+s", "close", N_("Save and close"), show=False, id="save"),
    ]

    DEFAULT_CSS = """
    FormDialog { align: center middle; background: $background 60%; }
    FormDialog > #box {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormDialog #title { text-style: bold; height: 1; margin-bottom: 1; }
    FormDialog .row { height: 1; margin-bottom: 1; }
    FormDialog .row > Label { width: 22; color: $text-muted; }
    FormDialog .row > Input {
        width: 1fr; height: 1; border: none; padding: 0 1; background: $boost;
    }
    FormDialog .row > Input:focus { background: $primary 30%; }
    FormDialog .row > Input.-invalid { background: $error 30%; }
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
        with Horizontal(classes="row"):
            yield Label(label)
            yield ThaiInput(value=value, id=f"f-{name}", compact=True, **options)

    def value_of(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value

    def show_problem(self, message: str, field: str | None = None) -> None:
        for widget in self.query(".row > Input").results(Input):
            widget.set_class(field is not None and widget.id == f"f-{field}", "-invalid")
        problem = self.query_one("#problem", Static)
        problem.update(message)
        problem.set_class(bool(message), "-problem")

    def problem_line(self) -> Static:
        return Static("", id="problem", markup=False)

    async def ready_to_quit(self) -> bool:
        """Ctrl+Q with the dialog open: what its Esc does (a dialog that saves, saves and
        closes; one that only cancels, cancels). If it stays open, a value it holds cannot
        be used: the officer discards it, or stays to correct it."""
        leave = next(iter(self._bindings.key_to_bindings.get("escape", ())), None)
        if leave is not None:
            self._quitting = True
            try:
                await self.run_action(leave.action)
            finally:
                self._quitting = False
        if self not in self.app.screen_stack:
            return True
        from sammachip_tui.screens.leave_dialog import LeaveDialog

        problem = str(self.query_one("#problem", Static).render())
        if self._store_failed:
            dialog = LeaveDialog(problem, _("What this dialog holds is not saved."),
                                 can_add=False, retry=True)  # fmt: skip
        else:
            dialog = LeaveDialog(_("A value cannot be saved as it is"), problem, can_add=False)
        return await self.app.push_screen(dialog, wait_for_dismiss=True) == "discard"
