"""Hold a new forum, or correct one: date (พ.ศ.), place, facilitators, resolutions, others."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.screens.dialog import FormDialog
from sammachip_tui.screens.saving import Saved, SaveError
from sammachip_tui.store import forum as fs
from sammachip_tui.store.workspace import Change

FIELDS = ("date", "place", "facilitators", "resolutions", "other_attendees")


class ForumDialog(FormDialog[str | None]):
    """Returns the forum's id (new or edited), or None when a new forum was not started."""

    def __init__(self, village: str, forum_id: str | None = None) -> None:
        super().__init__(id="forum-dialog")
        self.village = village
        self.forum_id = forum_id
        self.initial: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        ws = self.ws
        forum = fs.get_forum(ws, self.village, self.forum_id) if self.forum_id else None
        self.initial = {
            "date": format_date_be(forum.date if forum else clock.today()),
            "place": forum.place if forum else "",
            "facilitators": ", ".join(forum.facilitators) if forum else "",
            "resolutions": forum.resolutions if forum else "",
            "other_attendees": str(forum.other_attendees) if forum else "0",
        }
        labels = {
            "date": _("Date (d/m/yyyy B.E.)"),
            "place": _("Venue"),
            "facilitators": _("Facilitators"),
            "resolutions": _("Resolutions"),
            "other_attendees": _("Other attendees"),
        }
        placeholders = {
            "place": _("e.g. ศาลาอเนกประสงค์หมู่บ้าน"),
            "facilitators": _("names, separated by commas"),
            "resolutions": _("what the forum decided (can be filled in later)"),
        }
        with Vertical(id="box"):
            yield Static(_("Forum details") if forum else _("Hold a new forum"), id="title")
            for name in FIELDS:
                options = {"type": "integer"} if name == "other_attendees" else {}
                yield from self.row(
                    name, labels[name], self.initial[name],
                    placeholder=placeholders.get(name, ""), **options,
                )  # fmt: skip
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: save · Tab: next field · Esc: nothing changes."),
                         id="hint")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#f-place" if self.forum_id is None else "#f-date").focus()

    async def action_save(self) -> None:
        texts = {name: self.value_of(name) for name in FIELDS}
        changed = {k: v for k, v in texts.items() if v != self.initial.get(k)}
        if self.forum_id is None and not changed:
            self.dismiss(None)  # nothing typed: no forum
            return
        ws = self.ws
        try:
            values = fs.parse_forum_texts(texts if self.forum_id is None else changed)
            change: Change | None
            if self.forum_id is None:
                change = fs.new_forum(self.village, values)
            else:
                change = fs.forum_edit(ws, self.village, self.forum_id, values)
        except FieldError as exc:
            self.show_problem(exc.message, exc.field)
            return
        if change is None:
            self.dismiss(self.forum_id)
            return
        try:
            saved: Saved[None] = await self.save(lambda ws: [change])
        except SaveError as exc:  # the dialog keeps what was typed
            self.show_problem(exc.message, exc.field)
            return
        self.dismiss(saved.ops[0].record if saved.ops else self.forum_id)
