"""The dashboard: the district's figures at a glance, with drill-down to the records.

The first screen of a central store (the villages list is Esc away), and on a field device a
key away from the villages list, for its own villages. At the top the district's totals and
the programme's indicators (each with its rating as a word and a mark, never a colour
alone); under them a table of subdistricts: Enter shows a subdistrict's villages, Enter on a
village its households (f, o, p, m, g open its forums, groups, plan, mentoring and
proposals, as on the villages list), Esc goes back up. ``[`` and ``]`` change the fiscal year.
The groups by stage, occupation type and OTOP category are drawn as bars (t), beside the table
when the window is wide; the indicators' definitions, numerators and denominators, and their
breakdown by occupation type, are one key away (i). At the bottom the devices: the latest
bundle from each, and what each has not sent yet.

Nothing is counted here: every number comes from ``reports/district_figures.py`` and
``reports/indicators.py`` (the district reports print the same ones), the devices from
``sync/inbox.py``. They are read off the interface thread, so the frame draws at once and the
figures follow (a district is 100 villages and 20,000 households).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.plan_records import YEAR_MAX, YEAR_MIN
from sammachip_tui.reports.indicators import (
    RATING_LABELS,
    goal_text,
    ratio_text,
    type_label,
    value_text,
)
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.dashboard_widgets import (
    BarChart,
    bar,
    fit,
    percent,
    rating_content,
    rating_words,
    sparkline,
)
from sammachip_tui.screens.table import Column, Table, add_fitted_columns
from sammachip_tui.screens.village_actions import SYNC_BINDINGS, VillageActions
from sammachip_tui.store.disk_errors import os_reason
from sammachip_tui.store.plans import this_year

if TYPE_CHECKING:
    from sammachip_tui.reports.district_figures import DistrictFigures, Figures
    from sammachip_tui.reports.indicators import Indicator
    from sammachip_tui.store.workspace import Workspace
    from sammachip_tui.sync.inbox import InboxEntry, Unsent

WIDE = 110  # from this width the charts stand beside the table
SHORT = 22  # below this height the devices and the trend lines make room for the table
BAR = 8  # cells of the สัมมาชีพ share's bar in the table
CHARTS = 42  # cells of the charts beside the table (a wide window)


@dataclass(frozen=True)
class Board:
    """What the dashboard shows, read in one go off the interface thread."""

    year: int
    figures: DistrictFigures
    indicators: list[Indicator]


@dataclass(frozen=True)
class DeviceLine:
    """One device in the devices block: its newest bundle here, what it has not sent."""

    name: str
    latest: InboxEntry | None
    unsent: Unsent | None = None


def scope(ws: Workspace) -> list[str] | None:
    """The villages the dashboard counts: the whole store on a central store (None); on a
    field device the villages the central store recorded it serves, else those it holds."""
    if ws.device.role == "central":
        return None
    from sammachip_tui.store import service

    mine = service.served(ws, ws.device.device_id)
    return list(mine) if mine is not None else list(ws.villages())


def read_board(
    ws: Workspace,
    year: int,
    villages: list[str] | None,
    early: Callable[[Board], object] | None = None,
) -> Board:
    """The figures and indicators of ``year`` (พ.ศ.) for ``villages``, from one read of the
    records. When the indicators' breakdown by type needs the group proposer's matcher built
    first (the first dashboard of a start: 0.2–0.3 s), ``early`` is given the board without
    that breakdown first, so the figures do not wait for it."""
    from sammachip_tui.reports.district_figures import district_figures
    from sammachip_tui.reports.indicators import Tally

    tally = Tally(ws, year)
    figures = district_figures(ws, villages, fiscal_year=year, each=tally.add)
    if early is not None and not tally.ready:
        early(Board(year, figures, tally.indicators(typed=False)))
    return Board(year, figures, tally.indicators())


def read_devices(ws: Workspace) -> list[DeviceLine]:
    """Each device this store knows or has had bundles from, newest bundle first."""
    from sammachip_tui.sync.inbox import latest_by_device, unsent_by_device

    latest = latest_by_device(ws.data_dir)
    unsent = unsent_by_device(ws)
    ids = sorted(set(latest) | set(unsent),
                 key=lambda d: latest[d].at if d in latest else "", reverse=True)  # fmt: skip
    lines = []
    for device_id in ids:
        last, gap = latest.get(device_id), unsent.get(device_id)
        name = (gap.name if gap is not None else "") or (last.device_name if last else "")
        lines.append(DeviceLine(name or device_id, last, gap))
    return lines


class DashboardScreen(VillageActions, BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back",
                tooltip=N_("Dashboard: up a level (at the district: the villages list)")),
        Binding("enter", "open_row", N_("Open"), id="open-row",
                tooltip=N_("Dashboard: a subdistrict's villages, a village's households")),
        Binding("t", "charts", N_("Charts"), id="charts",
                tooltip=N_("Dashboard: groups by stage, occupation type and OTOP category")),
        Binding("i", "indicators", N_("Indicators"), id="indicators",
                tooltip=N_("Dashboard: the indicators' definitions and breakdown by type")),
        Binding("e", "export", N_("Export"), id="export",
                tooltip=N_("Dashboard: write the district report, a village's report (a village "
                           "chosen) or the indicators (i shown) as .xlsx, .docx and .html")),
        Binding("right_square_bracket", "year(1)", N_("Next year"), id="next-year",
                tooltip=N_("Dashboard: the next fiscal year")),
        Binding("left_square_bracket", "year(-1)", N_("Previous year"), id="prev-year",
                show=False, tooltip=N_("Dashboard: the previous fiscal year")),
        Binding("f", "forums", N_("Forums"), id="forums",
                tooltip=N_("Forums of the selected village")),
        Binding("o", "groups", N_("Groups"), id="groups",
                tooltip=N_("Occupation groups of the selected village")),
        Binding("g", "proposals", N_("Proposals"), id="proposals", show=False,
                tooltip=N_("Group proposals of the selected village")),
        Binding("p", "plan", N_("Plan"), id="plan", show=False,
                tooltip=N_("The action plan of the selected village")),
        Binding("m", "mentoring", N_("Mentoring"), id="mentoring", show=False,
                tooltip=N_("Model households and mentoring of the selected village")),
        *SYNC_BINDINGS,
    ]  # fmt: skip
    FOOTER_ORDER = ("help", "back", "open-row", "charts", "indicators", "next-year", "export",
                    "language", "quit", "forums", "groups", "receive", "send", "devices",
                    "conflicts", "inbox", "contrast")  # fmt: skip
    MIN_SIZE = (60, 14)

    DEFAULT_CSS = """
    DashboardScreen #totals, DashboardScreen #trend, DashboardScreen #indicator-lines {
        height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    DashboardScreen #level { height: 1; padding: 0 1; background: $panel;
                             text-wrap: nowrap; text-overflow: ellipsis; }
    DashboardScreen #main { height: 1fr; min-height: 3; }
    DashboardScreen #table { width: 1fr; height: 1fr; }
    DashboardScreen #charts { width: 1fr; height: 1fr; display: none; padding: 0 1; }
    DashboardScreen #charts BarChart { margin-bottom: 1; }
    DashboardScreen #indicator-detail { width: 1fr; height: 1fr; display: none; padding: 0 1; }
    DashboardScreen #devices { height: auto; max-height: 6; padding: 0 1;
                               border-top: hkey $primary; }
    DashboardScreen.-wide #charts { display: block; width: 42; border-left: vkey $primary; }
    DashboardScreen.-charts #charts { display: block; width: 1fr; border-left: none; }
    DashboardScreen.-charts #table { display: none; }
    DashboardScreen.-indicators #indicator-detail { display: block; }
    DashboardScreen.-indicators #table { display: none; }
    DashboardScreen.-indicators #charts { display: none; }
    DashboardScreen.-short #devices { display: none; }
    DashboardScreen.-short #trend { display: none; }
    """

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.year = this_year()
        self.board: Board | None = None
        self.devices: list[DeviceLine] | None = None
        self.subdistrict: str | None = None  # the subdistrict drilled into, None: the district
        self.panel = ""  # "", "charts" or "indicators": what stands in the table's place
        self._keys: list[str] = []
        self._cursor: dict[str | None, int] = {}  # the row chosen at each level
        self._width = 0
        self._away = False

    # ------------------------------------------------------------------------ frame
    def screen_title(self) -> str:
        return _("Dashboard")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static(_("Counting…"), id="totals", markup=False)
        yield Static("", id="trend", markup=False)
        yield Static("", id="indicator-lines")
        yield Static("", id="level", markup=False)
        with Horizontal(id="main"):
            yield Table(cursor_type="row", zebra_stripes=True, id="table")
            with VerticalScroll(id="charts"):
                yield BarChart(id="by-stage")
                yield BarChart(id="by-type")
                yield BarChart(id="by-otop")
                yield BarChart(id="by-stars")
            with VerticalScroll(id="indicator-detail"):
                yield Static("", id="indicator-text")
        yield Static("", id="devices", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._layout()
        self.query_one("#table").focus()
        self._read(devices=True)

    async def language_changed(self) -> None:
        await super().language_changed()
        self._layout()
        self._show()  # the figures at once in the new words; then read again, as subdistrict
        self._show_devices()  # names and the indicators' wording come in the language read in
        self._read(devices=True)

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        """Figures change after a merge or typing in a village: read them again on return."""
        if self._away and self.is_mounted:
            self._away = False
            self._read(devices=True)

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        if self.board is not None and self.app.size.width != self._width:
            self._show()

    def _layout(self) -> None:
        width, height = self.app.size
        self.set_class(width >= WIDE, "-wide")
        self.set_class(height < SHORT, "-short")
        self.set_class(self.panel == "charts", "-charts")
        self.set_class(self.panel == "indicators", "-indicators")

    # ------------------------------------------------------------------------ reading
    def _read(self, *, devices: bool = False) -> None:
        """Read the figures, then (``devices``) the devices: one after the other, so the
        figures, which the officer came for, do not share the processor with the devices'
        reading of the journal."""
        self._devices_wanted = self._devices_wanted or devices
        self._read_figures()

    _devices_wanted = False

    @work(thread=True, exclusive=True, group="dashboard-figures")
    def _read_figures(self) -> None:
        worker = get_current_worker()

        def show(board: Board) -> None:
            if not worker.is_cancelled:  # a newer reading (F2, [ ]) replaced it
                self.app.call_from_thread(self._shown, board)

        try:
            board = read_board(self.ws, self.year, scope(self.ws), show)
        except (OSError, UserError) as exc:  # a failing card, a damaged file: said, no crash
            self.app.call_from_thread(self._failed, "#totals", _("Could not count: {reason}"), exc)
            return
        show(board)

    @work(thread=True, exclusive=True, group="dashboard-devices")
    def _read_devices(self) -> None:
        try:
            lines = read_devices(self.ws)
        except (OSError, UserError) as exc:
            self.app.call_from_thread(self._failed, "#devices",
                                      _("Could not read the devices: {reason}"), exc)  # fmt: skip
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._devices_shown, lines)

    def _failed(self, where: str, message: str, exc: Exception) -> None:
        reason = exc.message if isinstance(exc, UserError) else os_reason(exc)
        if self.is_attached:
            self.query_one(where, Static).update(message.format(reason=reason))

    def _shown(self, board: Board) -> None:
        if not self.is_attached or board.year != self.year:
            return  # a year switched meanwhile: its own reading follows
        same = self.board is not None and self.board.figures is board.figures
        self.board = board
        if same:  # the breakdown by type, after read_board's early board: it alone changes
            self._show_indicators(board)
            self._show_indicator_detail(board)
            return
        self._show()
        if self._devices_wanted:
            self._devices_wanted = False
            self._read_devices()

    def _devices_shown(self, lines: list[DeviceLine]) -> None:
        if self.is_attached:
            self.devices = lines
            self._show_devices()

    # ------------------------------------------------------------------------ drawing
    def _show(self) -> None:
        board = self.board
        if board is None:
            return
        self._show_totals(board)
        self._show_indicators(board)
        self._fill()
        self._show_charts()
        self._show_indicator_detail(board)

    def _district_name(self) -> str:
        from sammachip_tui.model.areas import load_areas

        district = load_areas().get(self.ws.device.district)
        return district.name(self.app.language) if district else self.ws.device.district

    def _show_totals(self, board: Board) -> None:
        t = board.figures.total
        scope_word = (_("District {name}") if self.ws.device.role == "central"
                      else _("This device's villages · District {name}"))  # fmt: skip
        first = " · ".join([
            scope_word.format(name=self._district_name()),
            _("fiscal year {year}").format(year=board.year),
            _("{n} villages").format(n=f"{t.villages:,}"),
            _("{n} households").format(n=f"{t.households:,}"),
        ])  # fmt: skip
        stars = sum(t.stars.values())
        second = " · ".join([
            _("Sammachip {n} ({share})").format(n=f"{t.sammachip:,}",
                                                share=percent(t.sammachip, t.households))
            + " " + bar(t.sammachip, t.households, 10),
            _("trained {n}").format(n=f"{t.trained:,}"),
            _("volunteers {n}").format(n=f"{t.volunteers:,}"),
        ])  # fmt: skip
        third = " · ".join([
            _("forums {n} ({year}: {in_year})").format(n=t.forums, year=board.year,
                                                       in_year=t.forums_in_year),
            _("groups {n}").format(n=t.groups),
            _("OTOP registered {n}, with stars {stars}").format(n=t.otop_registered,
                                                                stars=stars),
        ])  # fmt: skip
        self.query_one("#totals", Static).update("\n".join([first, second, third]))
        m = t.monthly
        trend = " · ".join([
            _("last 12 months:") + " " + _("forums {line}").format(line=sparkline(m.forums)),
            _("income readings {line}").format(line=sparkline(m.readings)),
            _("follow-ups {line}").format(line=sparkline(m.follow_ups)),
        ])  # fmt: skip
        self.query_one("#trend", Static).update(trend)

    def _show_indicators(self, board: Board) -> None:
        lines = []
        for ind in board.indicators:
            # Without data the rating's word says so: the value would only repeat it.
            value = value_text(ind) + " " if ind.value is not None else ""
            line = Content.assemble(
                rating_content(ind.rating, _(RATING_LABELS[ind.rating])), " ", value,
                Content(_("({ratio}), goal {goal} · {name}").format(
                    name=ind.name, ratio=ratio_text(ind), goal=goal_text(ind))),
            )  # fmt: skip
            lines.append(line)
        self.query_one("#indicator-lines", Static).update(Content("\n").join(lines))

    def _show_indicator_detail(self, board: Board) -> None:
        parts: list[str] = []
        for ind in board.indicators:
            parts.append(f"{rating_words(ind.rating, _(RATING_LABELS[ind.rating]))}  {ind.name}")
            parts.append("  " + _("Definition: {text}").format(text=ind.definition))
            parts.append(
                "  "
                + _("{ratio} = {value}; goal {goal}").format(
                    ratio=ratio_text(ind), value=value_text(ind), goal=goal_text(ind)
                )
            )
            if ind.by_type:
                parts.append("  " + _("By occupation type:"))
            for kind, sub in ind.by_type.items():
                parts.append(
                    f"    {fit(type_label(kind), 22)} {value_text(sub):>8} "
                    f"({ratio_text(sub)}) "
                    f"{rating_words(sub.rating, _(RATING_LABELS[sub.rating]))}"
                )
            parts.append("")
        self.query_one("#indicator-text", Static).update(Content("\n".join(parts)))

    def _node(self) -> tuple[str, Figures]:
        """The level shown: its name and figures (the district's, or a subdistrict's)."""
        board = self.board
        assert board is not None
        sub = board.figures.subdistrict(self.subdistrict) if self.subdistrict else None
        if sub is None:
            return self._district_name(), board.figures.total
        return _("Subdistrict {name}").format(name=sub.name), sub.total

    def _rows(self) -> list[Any]:
        """The rows of the level shown: subdistricts, or a subdistrict's villages."""
        board = self.board
        assert board is not None
        sub = board.figures.subdistrict(self.subdistrict) if self.subdistrict else None
        if self.subdistrict is not None and sub is None:
            self.subdistrict = None  # gone since (another scope): back to the district
        return list(sub.villages) if sub is not None else list(board.figures.subdistricts)

    def _fill(self) -> None:
        from sammachip_tui.store.village_counts import village_label

        rows = self._rows()
        villages = self.subdistrict is not None
        name, _figures = self._node()
        hint = (_("Enter: households · f forums · o groups · Esc: the subdistricts") if villages
                else _("Enter: the subdistrict's villages"))  # fmt: skip
        self.query_one("#level", Static).update(f"{name} › {hint}" if villages
                                                else f"{name} · {hint}")  # fmt: skip
        table = self.query_one("#table", DataTable)
        table.clear(columns=True)
        self._width = self.app.size.width
        room = self._width - (CHARTS if self._width >= WIDE and not self.panel else 0)

        def label(row: Any) -> str:
            return village_label(row.code, row.name) if villages else row.name

        cells: list[dict[str, str]] = []
        for row in rows:
            t = row.total
            cells.append({
                "name": label(row), "villages": f"{t.villages:,}",
                "households": f"{t.households:,}",
                "sammachip": percent(t.sammachip, t.households),
                "bar": bar(t.sammachip, t.households, BAR), "trained": f"{t.trained:,}",
                "volunteers": f"{t.volunteers:,}", "forums": f"{t.forums:,}",
                "groups": f"{t.groups:,}", "otop": f"{t.otop_registered:,}",
            })  # fmt: skip

        def widest(key: str) -> int:
            return max((cell_len(c[key]) for c in cells), default=0)

        columns = [
            Column("name", _("Village") if villages else _("Subdistrict"), widest("name"),
                   flexible=True, least=12),
            Column("households", _("Households"), widest("households")),
            Column("sammachip", _("Sammachip"), widest("sammachip")),
            Column("bar", "", BAR, drop=1),
            Column("trained", _("Trained"), widest("trained"), drop=3),
            Column("volunteers", _("Volunteers"), widest("volunteers"), drop=2),
            Column("forums", _("Forums"), widest("forums"), drop=4),
            Column("groups", _("Groups"), widest("groups"), drop=5),
            Column("otop", _("OTOP"), widest("otop"), drop=0),
        ]  # fmt: skip
        if not villages:
            columns.insert(1, Column("villages", _("Villages"), widest("villages"), drop=6))
        shown = add_fitted_columns(table, columns, room)
        for row, c in zip(rows, cells, strict=True):
            table.add_row(*(c[k] for k in shown), key=row.code)
        self._keys = [row.code for row in rows]
        if self._keys:
            where = min(self._cursor.get(self.subdistrict, 0), len(self._keys) - 1)
            table.move_cursor(row=where, animate=False)

    def _show_charts(self) -> None:
        from sammachip_tui.model.group_records import STAGE_LABELS, GroupStage
        from sammachip_tui.reports.district_tables import otop_label

        if self.board is None:
            return
        name, t = self._node()
        stages = [(_(STAGE_LABELS[GroupStage(k)]), float(n)) for k, n in t.groups_by_stage.items()]
        self.query_one("#by-stage", BarChart).show(
            _("Groups by stage · {name}").format(name=name), stages
        )
        self.query_one("#by-type", BarChart).show(
            _("Groups by occupation type"),
            [(type_label(k), float(n)) for k, n in t.groups_by_type.items()],
        )
        self.query_one("#by-otop", BarChart).show(
            _("Groups by OTOP category"),
            [(otop_label(k), float(n)) for k, n in t.groups_by_otop.items()],
        )
        otop = [(_("registered"), float(t.otop_registered)), (_("applied"), float(t.otop_applied))]
        self.query_one("#by-stars", BarChart).show(
            _("OTOP products: registration and stars"),
            otop + [("★" * stars, float(n)) for stars, n in sorted(t.stars.items())],
        )

    def _show_devices(self) -> None:
        from sammachip_tui.sync.bundle import CENTRAL

        lines = self.devices
        if lines is None:
            return
        if not lines:
            text = _("Devices: no bundle received yet.")
        else:
            parts = [_("Devices:")]
            for d in lines:
                if d.unsent is not None and d.unsent.device_id == CENTRAL:
                    parts.append("  " + _("central store: {n} changes not yet sent").format(
                        n=f"{d.unsent.pending:,}"))  # fmt: skip
                    continue
                parts.append("  " + device_text(d))
            text = "\n".join(parts)
        self.query_one("#devices", Static).update(text)

    # ------------------------------------------------------------------------ keys
    @on(DataTable.RowHighlighted, "#table")
    def _remember(self, event: DataTable.RowHighlighted) -> None:
        self._cursor[self.subdistrict] = event.cursor_row

    @on(DataTable.RowSelected, "#table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        """Enter on the table: the row it was pressed on. Keys typed in a burst (Enter ↓
        Enter) are all handled by the table before this message comes: its cursor has moved
        on since, and reading it would open the row below (another subdistrict's village)."""
        self._open_row(event.cursor_row)

    def _selected_key(self, row: int | None = None) -> str | None:
        """The key of ``row`` (else the row under the cursor), within the rows shown now."""
        if not self._keys:
            return None
        if row is None:
            row = self.query_one("#table", DataTable).cursor_row
        return self._keys[min(max(row, 0), len(self._keys) - 1)]

    def _selected_code(self) -> str | None:
        """The village under the cursor, once a subdistrict's villages are shown."""
        key = self._selected_key()
        if self.subdistrict is None or key is None:
            self.notify(_("Choose a village first: Enter opens a subdistrict's villages."),
                        severity="warning")  # fmt: skip
            return None
        return key

    def action_open_row(self) -> None:
        self._open_row(None)

    def _open_row(self, row: int | None) -> None:
        if self.board is None:
            return
        if self.panel:
            self._set_panel("")
            return
        key = self._selected_key(row)
        if key is None:
            self.notify(_("No village to open yet."), severity="warning")
        elif self.subdistrict is None:
            self.subdistrict = key
            self._cursor[key] = 0
            self._redraw()
        else:
            from sammachip_tui.screens.households import HouseholdsScreen

            self.app.push_screen(HouseholdsScreen(key))

    def action_back(self) -> None:
        if self.panel:
            self._set_panel("")
        elif self.subdistrict is not None:
            self.subdistrict = None
            self._redraw()
        else:
            self.dismiss()

    def _redraw(self) -> None:
        self._fill()
        self._show_charts()
        self.refresh_bindings()

    def _set_panel(self, panel: str) -> None:
        self.panel = panel
        self._layout()
        if self.board is not None:
            self._fill()
        if not panel:
            self.query_one("#table").focus()
        elif panel == "indicators":
            self.query_one("#indicator-detail").focus()
        else:
            self.query_one("#charts").focus()

    def action_charts(self) -> None:
        self._set_panel("" if self.panel == "charts" else "charts")

    def action_indicators(self) -> None:
        self._set_panel("" if self.panel == "indicators" else "indicators")

    def action_export(self) -> None:
        """The report of what is shown: the indicators (their panel open), the village under
        the cursor (a subdistrict's villages shown), else the district; for the fiscal year
        shown. Written by the district reports' writer through the one export dialog."""
        from sammachip_tui.screens import export_dialog

        make = export_dialog.district_export
        village = self._selected_key() if self.subdistrict is not None else None
        if self.panel == "indicators":
            what = make("indicators", scope(self.ws), self.year)
        elif village is not None:
            what = make("village", [village], self.year)
        else:
            what = make("district", scope(self.ws), self.year)
        self.app.push_screen(export_dialog.ExportDialog(what))

    def action_year(self, step: int) -> None:
        """The year is said on the screen itself, where its figures come: a toast for each
        press stacked up until ten presses covered half the screen."""
        self.year = max(YEAR_MIN, min(YEAR_MAX, self.year + step))
        self.query_one("#totals", Static).update(
            _("Counting fiscal year {year}…").format(year=self.year)
        )
        self._read()


# ---------------------------------------------------------------------------- words
def device_text(d: DeviceLine) -> str:
    """A device's line: its name, its newest bundle here and what became of it, and what it
    has not sent (gaps in its numbers, days since its last bundle)."""
    from sammachip_tui.model.thai import format_date_be

    parts = [d.name]
    if d.latest is None:
        parts.append(_("no bundle received yet"))
    else:
        parts.append(_("latest bundle {date}: {n} changes").format(
            date=when_text(d.latest.at, format_date_be), n=f"{d.latest.ops:,}"))  # fmt: skip
    u = d.unsent
    if u is not None:
        if u.missing:
            parts.append(_("{n} changes not received yet").format(n=f"{u.missing:,}"))
        if u.days_since is not None:
            parts.append(_("{n} days since its last bundle").format(n=u.days_since))
    return " · ".join(parts)


def when_text(iso: str, format_date: Any) -> str:
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{format_date(moment.date())} {moment:%H:%M}"
