"""The vote-count prompt: ``v`` in the forum's list, for a count taken by a show of hands.

In a meeting the officer counts hands and types one number; the whole item editor (text,
detail, who raised it, occupations) was too much for that and easy to change by mistake. One
field, Enter or Ctrl+S saves, Esc cancels and changes nothing (the dialogs' convention,
``screens/dialog.py``).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from sammachip_tui.i18n import _
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.records import ForumItem
from sammachip_tui.screens.dialog import FormDialog
from sammachip_tui.store import forum as fs


class VotesDialog(FormDialog[dict[str, Any] | None]):
    """Returns ``{"votes": n}`` when the count changed, None when cancelled or unchanged.
    Opened ``saving_with`` a commit, it closes only once the count is journaled."""

    DEFAULT_CSS = """
    VotesDialog > #box { width: 60; }
    VotesDialog .row > Label { width: 12; }
    """

    def __init__(self, item: ForumItem) -> None:
        super().__init__(id="votes-dialog")
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(_("Votes for: {item}").format(item=self.item.text), id="title",
                         markup=False)  # fmt: skip
            # The count is selected on focus: the number typed replaces it.
            yield from self.row("votes", _("Votes"), str(self.item.votes), type="integer")
            yield self.problem_line()

    def on_mount(self) -> None:
        self.query_one("#f-votes").focus()

    async def action_save(self) -> None:
        try:
            votes = fs.parse_votes(self.value_of("votes"))
        except FieldError as exc:
            self.show_problem(exc.message, "votes")
            return
        await self.finish({"votes": votes} if votes != self.item.votes else None)
