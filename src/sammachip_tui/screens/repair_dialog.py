"""Asked when the data directory is damaged at start: repair now, or leave it as it is.

The workspace did not open and nothing was changed (store/damage.py). ``r`` runs the same
repair as ``sammachip repair`` (store/repair.py): a copy of everything first, every intact
entry kept, the rest rebuilt from the village files. Esc leaves the files untouched (the
officer may want the district office to look first); the app stays without a workspace.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.dialog import Dialog, cancel_binding, save_binding


class RepairDialog(Dialog[bool]):
    """Esc: not now (nothing touched); Enter, Ctrl+S or r: repair."""

    BINDINGS = [
        cancel_binding(N_("Not now")),
        save_binding(N_("Repair")),
        Binding("r", "save", N_("Repair"), show=False, id="repair-now"),
    ]
    DEFAULT_CSS = """
    RepairDialog { align: center middle; background: $background 60%; }
    RepairDialog > #box {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $error; background: $surface; padding: 0 1;
    }
    RepairDialog #title { text-style: bold; }
    RepairDialog #what { margin: 1 0; height: auto; max-height: 12; }
    RepairDialog #keys { text-style: bold; }
    """

    def __init__(self, message: str) -> None:
        super().__init__(id="repair-dialog")
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(_("The data on this device is damaged"), id="title", markup=False)
            with VerticalScroll(id="what"):
                yield Static(self.message, markup=False)
            yield Static(_("r or Enter: repair now · Esc: not now"), id="keys", markup=False)

    def cancel_result(self) -> bool:
        return False

    async def action_save(self) -> None:
        self.dismiss(True)
