"""The household screen's mentoring block: the household's roles (model household, sage,
trainer), whom it mentors or who mentors it, the sessions it came to and what changed.

A block of its own, under the form, shown only when the household has any of it (the form
keeps every row for a household without); F4 opens the village's mentoring view. Read from
``store/mentoring.household_lines``, the words ``sammachip mentor show`` prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters
from textual.widgets import Static

from sammachip_tui.i18n import _
from sammachip_tui.screens.saving import StoreAccess
from sammachip_tui.store.mentoring import household_lines

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp


class MentorBlock(StoreAccess, Static):
    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    DEFAULT_CSS = """
    MentorBlock { height: auto; max-height: 7; padding: 0 1; background: $boost;
                  overflow-y: auto; }
    """

    def __init__(self, village: str, record: str | None) -> None:
        super().__init__("", id="mentor-block", markup=False)
        self.village = village
        self.record = record

    def on_mount(self) -> None:
        self.reread()

    def reread(self, record: str | None = None) -> None:
        """Read again (back from the mentoring view, or once a new household is saved)."""
        self.record = record or self.record
        lines = household_lines(self.ws, self.village, self.record) if self.record else []
        self.display = bool(lines)
        heading = _("Model households and mentoring (F4)")
        self.update("\n".join([heading, *lines]) if lines else "")
