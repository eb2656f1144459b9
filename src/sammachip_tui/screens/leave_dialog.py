"""Asked when leaving or quitting would drop text that is typed but not saved.

One rule everywhere (Esc out of a screen, or Ctrl+Q from anywhere): the officer adds what
is typed, discards it, or stays. Nothing typed disappears without this question.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.dialog import Dialog, cancel_binding, save_binding

Choice = Literal["add", "discard", "stay"]


class LeaveDialog(Dialog[Choice]):
    """``what`` says what is typed; ``can_add`` offers to save it (a entry line) or only to
    correct it (a value that cannot be saved as it is). Esc stays (nothing changes), Enter,
    Ctrl+S or a adds, d discards."""

    BINDINGS = [
        cancel_binding(N_("Stay")),
        save_binding(N_("Add it")),
        Binding("a", "save", N_("Add it"), show=False, id="leave-add"),
        Binding("d", "choose('discard')", N_("Discard it"), id="leave-discard"),
    ]
    DEFAULT_CSS = """
    LeaveDialog { align: center middle; background: $background 60%; }
    LeaveDialog > #box {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    LeaveDialog #title { text-style: bold; }
    LeaveDialog #what { margin: 1 0; max-height: 5; overflow: hidden; }
    LeaveDialog #keys { text-style: bold; }
    """

    def __init__(self, title: str, what: str, *, can_add: bool, retry: bool = False) -> None:
        super().__init__(id="leave-dialog")
        self.heading, self.what, self.can_add, self.retry = title, what, can_add, retry

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(self.heading, id="title", markup=False)
            yield Static(self.what, id="what", markup=False)
            if self.can_add:
                keys = _("a or Enter: add it · d: discard it · Esc: stay")
            elif self.retry:
                keys = _("Esc: stay and try again · d: discard it")
            else:
                keys = _("Esc: stay and correct it · d: discard it")
            yield Static(keys, id="keys", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return self.can_add
        return True

    def cancel_result(self) -> Choice:
        return "stay"

    async def action_save(self) -> None:
        self.dismiss("add")

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)
