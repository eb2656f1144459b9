"""The forums of one village: hold a new one, open one to type into it, export its record."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.records import Forum, ForumList
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.table import Table
from sammachip_tui.store import forum as fs
from sammachip_tui.store.register import get_village, village_label, village_place


class ForumsScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("enter", "open_forum", N_("Open"), id="open-forum", show=False),
        Binding("n", "new_forum", N_("New forum"), id="new-forum"),
        Binding("e", "edit_forum", N_("Details"), id="edit-forum"),
        Binding("x", "export", N_("Export record"), id="export-forum"),
    ]

    DEFAULT_CSS = """
    ForumsScreen #hint { height: auto; padding: 0 1; color: $text-muted; }
    ForumsScreen DataTable { height: 1fr; }
    """

    def __init__(self, village: str) -> None:
        super().__init__(id="forums")
        self.village = village
        self.forums: list[Forum] = []

    def screen_title(self) -> str:
        v = get_village(self.ws, self.village)
        return _("Forums") + " · " + village_label(self.village, v.name if v else "")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static(_("n: hold a new forum · Enter: open it and type what villagers say")
                     + "\n" + _("Items: problems / resources / local wisdom / needs"),
                     id="hint")  # fmt: skip
        yield Table(cursor_type="row", zebra_stripes=True, id="forum-table")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = village_place(self.village)
        self._fill()
        self.query_one("#forum-table").focus()

    async def language_changed(self) -> None:
        await super().language_changed()
        self.sub_title = village_place(self.village)
        self._fill()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        ws = self.ws
        self.forums = fs.forums(ws, self.village)
        table = self.query_one("#forum-table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(_("Date"), key="date", width=10)
        table.add_column(_("Venue"), key="place", width=24)
        table.add_column(_("Items"), key="items", width=11)  # what: in the hint line
        table.add_column(_("Present"), key="present", width=9)
        table.add_column(_("Facilitators"), key="facilitators")
        for forum in self.forums:
            c = fs.forum_counts(ws, self.village, forum)
            lists = "/".join(str(c.items[w]) for w in ForumList)
            table.add_row(
                format_date_be(forum.date), forum.place, lists,
                f"{c.present}/{c.households}", ", ".join(forum.facilitators), key=forum.id,
            )  # fmt: skip
        if self.forums:
            table.move_cursor(row=min(max(row, 0), len(self.forums) - 1))

    def _selected(self) -> str | None:
        table = self.query_one("#forum-table", DataTable)
        if not self.forums:
            return None
        return self.forums[min(table.cursor_row, len(self.forums) - 1)].id

    @on(DataTable.RowSelected, "#forum-table")
    def action_open_forum(self) -> None:
        forum_id = self._selected()
        if forum_id is None:
            self.notify(_("No forum yet: press n to hold one."), severity="warning")
            return
        self.open_forum(forum_id)

    def open_forum(self, forum_id: str) -> None:
        from sammachip_tui.screens.forum import ForumScreen

        self.app.push_screen(ForumScreen(self.village, forum_id))

    def action_new_forum(self) -> None:
        from sammachip_tui.screens.forum_dialog import ForumDialog

        def done(forum_id: str | None) -> None:
            if forum_id:
                self._fill()
                self.open_forum(forum_id)

        self.app.push_screen(ForumDialog(self.village), done)

    def action_edit_forum(self) -> None:
        forum_id = self._selected()
        if forum_id is None:
            return
        from sammachip_tui.screens.forum_dialog import ForumDialog

        self.app.push_screen(ForumDialog(self.village, forum_id), lambda _r: self._fill())

    def action_export(self) -> None:
        forum_id = self._selected()
        if forum_id is None:
            return
        from sammachip_tui.screens.export_dialog import ExportDialog, forum_export

        self.app.push_screen(ExportDialog(forum_export(self.village, forum_id)))

    def action_back(self) -> None:
        self.dismiss()
