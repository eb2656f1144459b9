"""The home screen: this device, and the villages of the workspace with their counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.table import Column, Table, add_fitted_columns
from sammachip_tui.screens.village_actions import SYNC_BINDINGS, VillageActions

if TYPE_CHECKING:
    from sammachip_tui.store.village_counts import VillageSummary
    from sammachip_tui.store.workspace import Workspace


class HomeScreen(VillageActions, BaseScreen):
    BINDINGS = [
        Binding("enter", "open_village", N_("Open"), id="open-village",
                tooltip=N_("Village: open the selected village")),
        Binding("f", "forums", N_("Forums"), id="forums",
                tooltip=N_("Forums of the selected village")),
        Binding("g", "proposals", N_("Proposals"), id="proposals",
                tooltip=N_("Group proposals of the selected village")),
        Binding("o", "groups", N_("Groups"), id="groups",
                tooltip=N_("Occupation groups of the selected village (w: every village)")),
        Binding("p", "plan", N_("Plan"), id="plan",
                tooltip=N_("The action plan of the selected village")),
        Binding("m", "mentoring", N_("Mentoring"), id="mentoring",
                tooltip=N_("Model households and mentoring of the selected village")),
        Binding("v", "new_village", N_("New village"), id="new-village",
                tooltip=N_("Village: add a village")),
        Binding("i", "import_households", N_("Import"), id="import-households",
                tooltip=N_("Households: import a CSV file")),
        *SYNC_BINDINGS,
        Binding("b", "dashboard", N_("Dashboard"), id="dashboard",
                tooltip=N_("Dashboard: the figures and indicators of the villages")),
    ]  # fmt: skip
    # What an officer does most, first: the footer shows what fits in this order, F1 all.
    FOOTER_ORDER = ("help", "open-village", "forums", "proposals", "new-village", "language",
                    "quit", "import-households", "send", "receive", "conflicts", "devices",
                    "groups", "plan", "mentoring", "dashboard", "inbox",
                    "contrast")  # fmt: skip
    # Every action but these needs the workspace open: dimmed in the footer until it is.
    WITHOUT_WORKSPACE = frozenset({"toggle_language", "toggle_contrast", "quit",
                                   "command_palette", "show_help_panel", "help"})  # fmt: skip

    DEFAULT_CSS = """
    HomeScreen #device { height: auto; padding: 0 1; color: $text-muted; }
    HomeScreen #empty { padding: 1 2; }
    HomeScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(id="home")
        self.rows: list[VillageSummary] = []
        self._cursor = 0
        self.problem = ""
        self.loaded = False  # composed with the workspace open
        self._select: str | None = None  # a village to select at the next redraw
        self._away = False
        # A central store opens on its dashboard: the list is counted when first shown, not
        # under the dashboard while it reads the district (both on the interface thread).
        self.count_when_shown = False
        self._width = 0  # the window width the columns were fitted to

    def screen_title(self) -> str:
        return _("Villages")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        ws = self.app.workspace
        with Vertical():
            if ws is None:  # the app is still opening the workspace (or the demo seeding)
                yield Static(self.problem or _("Opening the workspace…"), id="device")
            else:
                yield from self._villages(ws)
        yield TranslatedFooter()

    def _villages(self, ws: Workspace) -> ComposeResult:
        from sammachip_tui.store.village_counts import summaries

        self.rows = summaries(ws)
        self.loaded = True
        yield from self._body(self._device_line(ws))

    def _device_line(self, ws: Workspace) -> str:
        from sammachip_tui.model.areas import load_areas

        device = ws.device
        district = load_areas().get(device.district)
        district_name = district.name(self.app.language) if district else device.district
        role = _("field device") if device.role == "field" else _("central store")
        return _("Device {name} · {role} · District {district}").format(
            name=device.name, role=role, district=district_name
        )

    def _body(self, device: str) -> ComposeResult:
        yield Static(device, id="device")
        empty = Static(
            _("No villages yet. Press i to import a household list (CSV), or v to add a village."),
            id="empty",
        )
        empty.display = not self.rows
        yield empty
        table = Table(cursor_type="row", zebra_stripes=True, id="villages")
        self._fill(table)
        yield table

    async def show_stored(self, rows: list[VillageSummary]) -> None:
        """The villages as their files hold them, while the workspace opens: the list the
        officer waits for, on screen before the store has loaded. The open workspace's
        counts replace them (refresh_villages); its actions stay dimmed until then."""
        if self.loaded or not rows or not self.is_attached or self.problem:
            return
        if self.query("#villages"):
            return
        self.rows = rows
        body = self.query_children(Vertical).first()
        await body.remove_children()
        await body.mount_all(self._body(_("Opening the workspace…")))
        self._restore_cursor()

    def _columns(self) -> list[Column]:
        """Words for headers; the counts keep their width, the village and its place share
        the rest. A narrow window leaves out the place (the header shows the selected
        village's), then the trained and volunteer counts (the village's own screen has
        them): never a table wider than the window."""
        from sammachip_tui.store.village_counts import village_label

        def widest(values: list[str]) -> int:
            return max((cell_len(v) for v in values), default=0)

        rows = self.rows
        return [
            Column("code", _("Code"), widest([r.code for r in rows])),
            Column("village", _("Village"), widest([village_label(r.code, r.name) for r in rows]),
                   flexible=True, least=12),
            Column("households", _("Households"), widest([str(r.households) for r in rows])),
            Column("volunteers", _("Volunteers"), widest([str(r.volunteers) for r in rows]),
                   drop=2),
            Column("sammachip", _("Sammachip"), widest([str(r.sammachip) for r in rows])),
            Column("trained", _("Trained"), widest([str(r.trained) for r in rows]), drop=1),
            Column("place", _("Place"), widest([r.place for r in rows]), flexible=True,
                   drop=0),
        ]  # fmt: skip

    def _fill(self, table: DataTable[Any]) -> None:
        """Columns for the window's width now, then the rows (again after a resize)."""
        from sammachip_tui.store.village_counts import village_label

        table.clear(columns=True)
        self._width = self.app.size.width
        shown = add_fitted_columns(table, self._columns(), self._width)
        for r in self.rows:
            values = {
                "code": r.code,
                "village": village_label(r.code, r.name),
                "households": str(r.households),
                "volunteers": str(r.volunteers),
                "sammachip": str(r.sammachip),
                "trained": str(r.trained),
                "place": r.place,
            }
            table.add_row(*(values[k] for k in shown), key=r.code)
        self._show_place()

    def _show_place(self) -> None:
        """The selected village's place, in the header: whole, even when cut in the table."""
        if self.rows:
            self.sub_title = self.rows[min(self._cursor, len(self.rows) - 1)].place

    def on_resize(self, event: events.Resize) -> None:
        tables = self.query("#villages").results(DataTable)
        table = next(tables, None)
        if table is not None and self.app.size.width != self._width:
            self._fill(table)
            self._restore_cursor()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Until the workspace is open its actions show dimmed (None) and do nothing."""
        if self.app.workspace is None and action not in self.WITHOUT_WORKSPACE:
            return None
        return super().check_action(action, parameters)

    def show_problem(self, message: str) -> None:
        """What stops (or holds up) the opening, in place of the device line; villages
        shown from their files before the opening are taken away (nothing confirms them)."""
        self.problem = message
        self.query_one("#device", Static).update(message)
        if not self.loaded and self.rows:
            self._show_rows([])
            self.query_one("#empty").display = False

    def on_mount(self) -> None:
        super().on_mount()
        self._restore_cursor()

    def _restore_cursor(self) -> None:
        tables = self.query("#villages").results(DataTable)
        table = next(tables, None)
        if table is None:
            return
        codes = [r.code for r in self.rows]
        if self._select in codes:
            self._cursor = codes.index(self._select)
            self._select = None
        if self.rows:
            table.move_cursor(row=min(self._cursor, len(self.rows) - 1))
        table.focus()

    async def refresh_villages(self) -> None:
        """Counts change after an import, a merge or typing: redraw, keeping the selected row.

        Only the table is refilled once the workspace is open (a recompose would race the
        header's own mounting when two refreshes come together)."""
        if not self.loaded and self.query("#villages"):  # shown from the files: now counted
            from sammachip_tui.store.village_counts import summaries

            self.loaded = True
            self.query_one("#device", Static).update(self._device_line(self.ws))
            self._show_rows(summaries(self.ws))
            return
        if not self.loaded:  # the workspace has just opened: only the body changes
            body = self.query_children(Vertical).first()
            await body.remove_children()
            await body.mount_all(self._villages(self.ws))
        else:
            from sammachip_tui.store.village_counts import summaries

            self._show_rows(summaries(self.ws))
            return
        self._restore_cursor()

    async def language_changed(self) -> None:
        await super().language_changed()
        self._restore_cursor()

    @on(DataTable.RowHighlighted, "#villages")
    def _remember(self, event: DataTable.RowHighlighted) -> None:
        self._cursor = event.cursor_row
        self._show_place()

    @on(DataTable.RowSelected, "#villages")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if self.check_action("open_village", ()):  # not while the list is from the files
            self.action_open_village()

    def _selected_code(self) -> str | None:
        if not self.rows:
            self.notify(_("No village to open yet."), severity="warning")
            return None
        return self.rows[min(self._cursor, len(self.rows) - 1)].code

    def action_new_village(self) -> None:
        ws = self.ws
        from sammachip_tui.screens.village_dialog import VillageDialog

        def done(code: str | None) -> None:
            if code:  # the redraw on returning here (on_screen_resume) selects it
                self._select = code
                self.notify(_("Village {code} added.").format(code=code))

        self.app.push_screen(VillageDialog(ws.device.district), done)

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        """Counts change after typing households or a forum: recount when back here, off the
        interface thread (a central store's district has thousands of households)."""
        if self.count_when_shown:
            self.count_when_shown = False
            self.call_later(self.refresh_villages)
            return
        if self.loaded and self._away:
            self._away = False
            self._recount()

    @work(thread=True, exclusive=True, group="home-recount")
    def _recount(self) -> None:
        from sammachip_tui.store.village_counts import summaries

        rows = summaries(self.ws)
        self.app.call_from_thread(self._show_rows, rows)

    def _show_rows(self, rows: list[VillageSummary]) -> None:
        if not self.is_attached:
            return
        self.rows = rows
        self._fill(self.query_one("#villages", DataTable))
        self.query_one("#empty").display = not self.rows
        self._restore_cursor()

    def action_dashboard(self) -> None:
        from sammachip_tui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def action_import_households(self) -> None:
        from sammachip_tui.screens.import_dialog import ImportDialog

        async def done(imported: bool | None) -> None:
            if imported:
                await self.refresh_villages()

        self.app.push_screen(ImportDialog(), done)
