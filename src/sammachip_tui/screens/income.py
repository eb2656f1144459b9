"""A household's income over time on the household screen: the readings, the change since the
first one against the programme's +3% goal, and a sparkline.

Its own widget (the household screen holds it in one block under the form), read from
``store/income.py``: ``history``, ``income_change``, ``change_text`` and ``row_texts`` are
what ``sammachip households readings`` prints too, so screen and command line cannot say
different things. Newest readings first, since the panel is short and the latest is what an
officer checks; the sparkline runs oldest to newest, left to right, as time does.

A reading is recorded in the one group-entry dialog (``GroupDialog``: date, income,
expenses, note; Esc changes nothing), saved through ``typed_reading_changes`` on the
writer, which keeps it open with the reason under the field when a text cannot be used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.screens.group_dialogs import Field, GroupDialog
from sammachip_tui.screens.plain import plain
from sammachip_tui.store.income import (
    HistoryRow,
    change_text,
    history,
    income_change,
    row_texts,
    sparkline,
    typed_reading_changes,
)
from sammachip_tui.store.typed_texts import field_label, money

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.saving import Build

SPARK_WIDTH = 24  # readings drawn at most: fits 60 columns beside its label in Thai


class IncomePanel(VerticalScroll):
    """The household's readings, change and sparkline; ``show(record)`` reads them again."""

    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    DEFAULT_CSS = """
    IncomePanel {
        height: auto; max-height: 40%; border-top: solid $primary; padding: 0 1;
        background: $panel;
    }
    IncomePanel #income-head { height: auto; }
    IncomePanel #income-change { height: auto; color: $text; }
    IncomePanel #income-change.-met { color: $success; }
    IncomePanel #income-rows { height: auto; }
    """

    def __init__(self, village: str, record: str | None) -> None:
        super().__init__(id="income-panel")
        self.village = village
        self.record = record

    def compose(self) -> ComposeResult:
        yield Static("", id="income-head")
        yield Static("", id="income-change", markup=False)
        yield Static("", id="income-rows")

    def on_mount(self) -> None:
        self.show(self.record)

    def show(self, record: str | None) -> None:
        """Read the household's readings again (after a save) and draw them."""
        self.record = record
        ws = self.app.workspace
        rows = [] if record is None or ws is None else history(ws, self.village, record)
        head = Text(_("Income over time"), style="bold")
        incomes = [r.income for r in rows if r.income is not None]
        if len(incomes) > 1:
            head.append("  ")
            head.append(sparkline(incomes, SPARK_WIDTH), style="bold")
            head.append(f"  {money(incomes[0])} → {money(incomes[-1])}")
        self.query_one("#income-head", Static).update(head)
        change = income_change(rows)
        line = self.query_one("#income-change", Static)
        line.set_class(change is not None and change.meets_goal, "-met")
        if not rows:
            line.update(_("No income recorded yet. Ctrl+R records a reading (survey or visit)."))
        else:
            line.update(change_text(change))
        self.query_one("#income-rows", Static).update(self._table(rows) if rows else "")

    @staticmethod
    def _table(rows: list[HistoryRow]) -> Table:
        table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, 2, 0, 0))
        table.add_column(_("date"), no_wrap=True)
        table.add_column(_("income"), justify="right", no_wrap=True)
        table.add_column(_("expenses"), justify="right", no_wrap=True)
        table.add_column(_("from"), overflow="ellipsis", no_wrap=True)
        for row in reversed(rows):
            day, income, expense, source = row_texts(row)
            table.add_row(day, income, expense,
                          plain(source + (f" · {row.note}" if row.note else "")))  # fmt: skip
        return table


def reading_dialog(village: str, record: str, current: tuple[str, str]) -> GroupDialog:
    """The dialog that records a dated reading, saving it itself (source: survey or visit).
    ``current``: the income and expenses shown now, as hints in the empty fields."""
    fields = [
        Field("date", field_label("date", "income"), format_date_be(clock.today()), "",
              _("d/m/yyyy (พ.ศ.)")),
        Field("income_month", field_label("income_month", "income"), "", "",
              _("now: {amount}").format(amount=current[0] or "?")),
        Field("expense_month", field_label("expense_month", "income"), "", "",
              _("now: {amount}").format(amount=current[1] or "?")),
        Field("note", field_label("note", "income")),
    ]  # fmt: skip

    def build(texts: dict[str, str]) -> Build:
        return lambda ws: typed_reading_changes(ws, village, record, texts, ReadingSource.survey)

    title = _("Record income and expenses (survey or visit)")
    return GroupDialog(title, fields, focus="income_month").saving_with(build)
