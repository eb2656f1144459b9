"""Asked when the data directory is damaged at start: repair now, or leave it as it is.

The workspace did not open and nothing was changed (store/damage.py). ``r`` runs the same
repair as ``sammachip repair`` (store/repair.py): a copy of everything first, every intact
entry kept, the rest rebuilt from the village files. Esc leaves the files untouched (the
officer may want the district office to look first); the app stays without a workspace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sammachip_tui.i18n import N_, _

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp


class RepairDialog(ModalScreen[bool]):
    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    BINDINGS = [
        Binding("r,enter", "choose(True)", N_("Repair"), id="repair-now"),
        Binding("escape", "choose(False)", N_("Not now"), id="repair-not-now"),
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

    def action_choose(self, repair: bool) -> None:
        self.dismiss(repair)
