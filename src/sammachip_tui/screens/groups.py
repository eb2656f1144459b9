"""The occupation groups of one village, or of the whole device (w switches): Enter opens one.

A district officer follows groups in many villages; the device-wide list answers "which
groups are still forming" without opening each village.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.group_records import STAGE_LABELS
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.table import Column, Table, add_fitted_columns
from sammachip_tui.store.group_view import GroupLine, group_lines
from sammachip_tui.store.register import get_village, village_label


class GroupsScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("enter", "open_group", N_("Open"), id="open-group", show=False,
                tooltip=N_("Groups: open the selected group")),
        Binding("w", "whole", N_("Village/device"), id="whole",
                tooltip=N_("Groups: this village or every village on the device")),
        Binding("e", "export", N_("Register"), id="export",
                tooltip=N_("Groups: write the CDD group register (.xlsx and .csv)")),
        Binding("k", "network", N_("Network"), id="network",
                tooltip=N_("Groups: the network of links between the groups, drawn")),
    ]  # fmt: skip
    FOOTER_ORDER = ("help", "back", "whole", "export", "network", "language", "quit")

    DEFAULT_CSS = """
    GroupsScreen #hint { height: auto; padding: 0 1; color: $text-muted; }
    GroupsScreen DataTable { height: 1fr; }
    """

    def __init__(self, village: str) -> None:
        super().__init__(id="groups")
        self.village = village
        self.whole = False
        self.lines: list[GroupLine] = []
        self._width = 0

    def screen_title(self) -> str:
        if self.whole:
            return _("Groups") + " · " + _("every village on this device")
        v = get_village(self.ws, self.village)
        return _("Groups") + " · " + village_label(self.village, v.name if v else "")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="hint", markup=False)
        yield Table(cursor_type="row", zebra_stripes=True, id="table")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._fill()
        self.query_one("#table").focus()

    async def language_changed(self) -> None:
        await super().language_changed()
        self._fill()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self._fill()

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._width:
            self._fill()

    def _fill(self) -> None:
        self.title = self.screen_title()
        self.lines = group_lines(self.ws, None if self.whole else self.village)
        villages = {}
        for code in {g.village for g in self.lines}:
            v = get_village(self.ws, code)
            villages[code] = village_label(code, v.name if v else "")
        stage = {g.id: _(STAGE_LABELS[g.stage]) for g in self.lines}
        hint = _("Enter: open the group · w: this village or every village")
        if not self.lines:
            hint = _("No group yet: accept a proposal (g on the villages screen) to make one.")
        self.query_one("#hint", Static).update(hint)
        table = self.query_one("#table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._width = self.app.size.width

        def widest(values: list[str]) -> int:
            return max((cell_len(v) for v in values), default=0)

        columns = [
            Column("name", _("Group"), widest([g.name for g in self.lines]), flexible=True,
                   least=12),
            Column("stage", _("Stage"), widest(list(stage.values()))),
            Column("members", _("Current members"), widest([str(g.members) for g in self.lines])),
            Column("village", _("Village"), widest(list(villages.values())), flexible=True,
                   drop=0),
        ]  # fmt: skip
        shown = add_fitted_columns(table, columns, self._width)
        for g in self.lines:
            values = {"name": g.name, "stage": stage[g.id], "members": str(g.members),
                      "village": villages[g.village]}  # fmt: skip
            table.add_row(*(values[k] for k in shown), key=g.id)
        if self.lines:
            table.move_cursor(row=min(max(row, 0), len(self.lines) - 1))

    @on(DataTable.RowSelected, "#table")
    def action_open_group(self) -> None:
        if not self.lines:
            self.notify(_("No group to open yet."), severity="warning")
            return
        from sammachip_tui.screens.group import GroupScreen

        table = self.query_one("#table", DataTable)
        g = self.lines[min(table.cursor_row, len(self.lines) - 1)]
        self.app.push_screen(GroupScreen(g.village, g.id))

    def action_export(self) -> None:
        """The register of what the list shows: this village, or the whole device."""
        from sammachip_tui.screens.export_dialog import ExportDialog, register_export

        self.app.push_screen(ExportDialog(register_export(None if self.whole else self.village)))

    def action_network(self) -> None:
        from sammachip_tui.screens.network import DistrictNetworkScreen

        self.app.push_screen(DistrictNetworkScreen())

    def action_whole(self) -> None:
        self.whole = not self.whole
        self._fill()

    def action_back(self) -> None:
        self.dismiss()
