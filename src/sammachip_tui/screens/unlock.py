"""The unlock screen: the device PIN or passphrase, when the data is encrypted at rest.

Asked before the workspace opens (store/at_rest.py). Enter or Ctrl+S tries it (scrypt takes
about half a second, off the interface thread); a wrong one says so and stays, with the
field emptied; Esc leaves the app, which has nothing to show without the data.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.dialog import Dialog, cancel_binding, save_binding


class UnlockScreen(Dialog[bool]):
    """Enter or Ctrl+S: try the PIN. Esc: leave the app (nothing to show without the data)."""

    AUTO_FOCUS = "#pin"
    BINDINGS = [cancel_binding(N_("Quit")), save_binding(N_("Unlock"))]
    DEFAULT_CSS = """
    UnlockScreen { align: center middle; background: $background; }
    UnlockScreen > #box {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    UnlockScreen #title { text-style: bold; }
    UnlockScreen #problem { color: $error; height: auto; }
    UnlockScreen #keys { text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__(id="unlock-screen")
        self.trying = False

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(_("This device's data is encrypted"), id="title", markup=False)
            yield Static(_("Device PIN or passphrase:"), markup=False)
            yield Input(password=True, id="pin")
            yield Static("", id="problem", markup=False)
            yield Static(_("Enter: unlock · Esc: quit"), id="keys", markup=False)

    async def action_save(self) -> None:
        pin = self.query_one("#pin", Input).value
        if self.trying or not pin:
            return
        self.trying = True
        self.query_one("#problem", Static).update(_("Checking…"))
        self._try(pin)

    @work(thread=True, exclusive=True, group="unlock")
    def _try(self, pin: str) -> None:
        from sammachip_tui.errors import UserError
        from sammachip_tui.store import at_rest

        try:
            at_rest.unlock(self.app.data_dir, pin)
        except UserError as exc:
            self.app.call_from_thread(self._refused, exc.message)
            return
        self.app.call_from_thread(self.dismiss, True)

    def _refused(self, message: str) -> None:
        self.trying = False
        field = self.query_one("#pin", Input)
        field.value = ""
        field.focus()
        self.query_one("#problem", Static).update(message)

    def cancel_result(self) -> bool:
        return False
