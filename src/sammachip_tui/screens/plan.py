"""A village's action plan for one fiscal year, as the form has it: one line per project.

The table shows the form's columns that fit the window (the project, its period and budget
always; objective, steps, target group, place, expected result and who is responsible as
room allows) and, under it, the highlighted row whole: what the narrow window left out and,
for a row from the forum, the item with its votes as they are now (from a group: the
group). Every change goes through ``store/plans.py`` on the store's writer (the dialog saves
it itself and stays open when the plan refuses a value); the screen only reads ``plan_view``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.plan_records import YEAR_MAX, YEAR_MIN
from sammachip_tui.reports.action_plan import COLUMNS, column_header, period_text
from sammachip_tui.screens.chrome import TranslatedFooter
from sammachip_tui.screens.export_dialog import Export
from sammachip_tui.screens.group_dialogs import GroupDialog
from sammachip_tui.screens.plan_dialogs import header_fields, row_dialog
from sammachip_tui.screens.table import Column, Table, add_fitted_columns
from sammachip_tui.screens.table_view import TableViewScreen
from sammachip_tui.store import plans
from sammachip_tui.store.plans import PlanLine, PlanView, plan_view
from sammachip_tui.store.register import get_village, village_label
from sammachip_tui.store.typed_texts import field_label, money

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

# Columns left out first on a narrow window (their text is in the pane under the table).
DROP_ORDER = ("steps", "objective", "expected", "place", "target", "responsible", "period")
LEAST = {"project": 22, "responsible": 12}  # the project is what the row is: room for it first
FLEXIBLE = frozenset({"project", "objective", "steps", "target", "place", "expected",
                      "responsible"})  # fmt: skip


def plan_export(village: str, year: int) -> Export:
    """The plan as the form, in Word and Excel (``reports/action_plan.py``)."""

    def write(ws: Workspace, path: Path, fmt: str) -> Path:
        from sammachip_tui.reports.action_plan import write_plan

        v = get_village(ws, village)
        return write_plan(plan_view(ws, village, year), path, fmt, v.name if v else "")

    return Export(_("Export the action plan: the file name without extension"), f"plan-{year}",
                  village, ("docx", "xlsx"), write)  # fmt: skip


def cell_text(line: PlanLine, name: str) -> str:
    row = line.row
    if name == "period":
        return period_text(row.start, row.end)
    if name == "budget":
        return money(row.budget)
    return " ".join(str(getattr(row, name)).split())


class PlanScreen(TableViewScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("a,insert", "add", N_("Add"), id="add", tooltip=N_("Plan: add a row")),
        Binding("enter", "edit", N_("Edit"), id="edit", show=False,
                tooltip=N_("Plan: edit the highlighted row")),
        Binding("delete", "delete", N_("Delete"), id="delete",
                tooltip=N_("Plan: delete the highlighted row")),
        Binding("shift+up", "move(-1)", N_("Move up"), id="move-up", show=False,
                tooltip=N_("Plan: move the row up")),
        Binding("shift+down", "move(1)", N_("Move down"), id="move-down", show=False,
                tooltip=N_("Plan: move the row down")),
        Binding("h", "header", N_("Header"), id="header",
                tooltip=N_("Plan: title, prepared by, approved on")),
        Binding("e", "export", N_("Documents"), id="export",
                tooltip=N_("Plan: write the form (.docx and .xlsx)")),
        Binding("right_square_bracket", "year(1)", N_("Next year"), id="next-year",
                tooltip=N_("Plan: the next fiscal year's plan")),
        Binding("left_square_bracket", "year(-1)", N_("Previous year"), id="prev-year",
                show=False, tooltip=N_("Plan: the previous fiscal year's plan")),
    ]  # fmt: skip
    FOOTER_ORDER = ("help", "back", "add", "delete", "header", "export", "next-year",
                    "language", "quit")  # fmt: skip
    MIN_SIZE = (60, 14)

    DEFAULT_CSS = """
    PlanScreen #summary { height: 1; padding: 0 1; text-style: bold;
                          text-wrap: nowrap; text-overflow: ellipsis; }
    PlanScreen #table { height: 1fr; min-height: 3; }
    PlanScreen #detail { height: 4; padding: 0 1; border-top: hkey $primary;
                         color: $text-muted; text-overflow: ellipsis; }
    PlanScreen #status { height: auto; padding: 0 1; }
    PlanScreen #status.-problem { background: $error 40%; }
    """

    def __init__(self, village: str, year: int | None = None) -> None:
        super().__init__(id="plan-screen")
        self.village = village
        self.year = year or plans.this_year()
        self.view: PlanView | None = None
        self._keys: list[str] = []
        self._width = 0

    def screen_title(self) -> str:
        v = get_village(self.ws, self.village)
        return _("Action plan") + " · " + village_label(self.village, v.name if v else "")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="summary", markup=False)
        yield Table(cursor_type="row", zebra_stripes=True, id="table")
        yield Static("", id="detail", markup=False)
        yield Static("", id="status", markup=False)
        yield TranslatedFooter()

    # ------------------------------------------------------------------------ drawing
    def refresh_plan(self, select: str | None = None) -> None:
        self.view = plan_view(self.ws, self.village, self.year)
        self._show(select)

    def reread(self) -> None:
        self.refresh_plan()

    def _show(self, select: str | None = None) -> None:
        view = self.view
        if view is None:
            return
        self.title = self.screen_title()
        n = len(view.lines)
        summary = ngettext("{title} · fiscal year {year} · {n} row · {baht} baht",
                           "{title} · fiscal year {year} · {n} rows · {baht} baht", n).format(
            title=view.title, year=view.fiscal_year, n=n, baht=money(view.total))  # fmt: skip
        self.query_one("#summary", Static).update(summary)
        self._fill(select)
        self._detail()

    def _fill(self, select: str | None) -> None:
        view = self.view
        assert view is not None
        table = self.query_one("#table", DataTable)
        row = table.cursor_row
        if select is None and self._keys and 0 <= row < len(self._keys):
            select = self._keys[row]
        table.clear(columns=True)
        self._width = self.app.size.width
        numbers = [str(i) for i in range(1, len(view.lines) + 1)]
        columns = [Column("no", _("Order no."), max(map(cell_len, numbers), default=1))]
        for name in COLUMNS:
            texts = [cell_text(line, name) for line in view.lines]
            drop = DROP_ORDER.index(name) if name in DROP_ORDER else None
            columns.append(Column(name, column_header(name), max(map(cell_len, texts), default=0),
                                  flexible=name in FLEXIBLE, least=LEAST.get(name, 10),
                                  drop=drop))  # fmt: skip
        shown = add_fitted_columns(table, columns, self._width)
        for n, line in enumerate(view.lines, 1):
            cells = {"no": str(n)} | {c: cell_text(line, c) for c in COLUMNS}
            table.add_row(*(cells[k] for k in shown), key=line.row.id)
        self._keys = [line.row.id for line in view.lines]
        self._shown = shown
        if self._keys:
            last = len(self._keys) - 1
            where = self._keys.index(select) if select in self._keys else min(row, last)
            table.move_cursor(row=max(where, 0), animate=False)

    @on(DataTable.RowHighlighted, "#table")
    def _detail(self) -> None:
        """The highlighted row whole: the columns the window left out, and where it came from."""
        view = self.view
        key = self._selected()
        line = view.line(key) if view is not None and key is not None else None
        pane = self.query_one("#detail", Static)
        if line is None:
            pane.update(_("No rows yet: a or Insert adds one; in the forum, Ctrl+T puts a need "
                          "or a problem into the plan."))  # fmt: skip
            return
        parts = [f"{column_header(c)}: {cell_text(line, c)}" for c in COLUMNS
                 if c not in getattr(self, "_shown", ()) and cell_text(line, c)]  # fmt: skip
        if line.row.budget_source:
            parts.append(f"{field_label('budget_source', 'plan_row')}: {line.row.budget_source}")
        source = line.source
        text = " · ".join(parts)
        if source:
            text = _("from: {source}").format(source=source) + ("\n" + text if text else "")
        pane.update(text or line.row.project)

    # ------------------------------------------------------------------------ editing
    def _after_dialog(
        self, done: str, *, added: bool = False
    ) -> Callable[[dict[str, str] | None], None]:
        """Saved: say so (a new row, at the end of the plan, is highlighted). Cancelled:
        nothing was saved, and an earlier "saved" must not read as if this had been."""

        def closed(texts: dict[str, str] | None) -> None:
            self._status(done if texts is not None else "")
            self.refresh_plan()
            if added and texts is not None and self._keys:
                self.refresh_plan(select=self._keys[-1])

        return closed

    def action_add(self) -> None:
        v, y = self.village, self.year
        dialog = row_dialog(_("New row of the plan of {year}").format(year=y), None,
                            lambda ws, t: [plans.add_row(ws, v, y, t)])  # fmt: skip
        self.app.push_screen(dialog, self._after_dialog(_("Saved."), added=True))

    @on(DataTable.RowSelected, "#table")
    def action_edit(self) -> None:
        key = self._selected()
        line = self.view.line(key) if self.view is not None and key is not None else None
        if line is None:
            self.action_add()
            return
        v, rid = self.village, line.row.id
        dialog = row_dialog(_("Edit: {project}").format(project=line.row.project), line.row,
                            lambda ws, t: [plans.edit_row(ws, v, rid, t)])  # fmt: skip
        self.app.push_screen(dialog, self._after_dialog(_("Saved.")))

    def action_delete(self) -> None:
        key = self._selected()
        line = self.view.line(key) if self.view is not None and key is not None else None
        if line is None:
            return
        v, rid = self.village, line.row.id
        question = _("Delete this row of the plan?") + "\n" + line.row.project
        self.delete_after_yes(question, lambda ws: [plans.delete_row(ws, v, rid)])

    def action_move(self, step: int) -> None:
        key = self._selected()
        if key is None:
            return
        v = self.village
        self.save_in_background(lambda ws: [plans.move_row(ws, v, key, step)],
                                saved=lambda _s: self.refresh_plan(select=key),
                                failed=lambda e: self._status(e.message, True))  # fmt: skip

    def action_header(self) -> None:
        v, y = self.village, self.year
        dialog = GroupDialog(_("The plan of {year}: title, prepared by, approved on").format(
            year=y), header_fields(self.view.plan if self.view else None))  # fmt: skip
        dialog.saving_with(lambda t: lambda ws: [plans.set_header(ws, v, y, t)])
        self.app.push_screen(dialog, self._after_dialog(_("Saved.")))

    def action_year(self, step: int) -> None:
        self.year = max(YEAR_MIN, min(YEAR_MAX, self.year + step))
        self._keys = []
        self._status(_("The plan of fiscal year {year}.").format(year=self.year))
        self.refresh_plan()

    def action_export(self) -> None:
        from sammachip_tui.screens.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(plan_export(self.village, self.year)))

    def action_back(self) -> None:
        self.dismiss()
