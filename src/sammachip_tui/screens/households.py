"""The household list of one village: who is in the programme, at a glance.

Thai names, occupation, สัมมาชีพ status (income above expenses), whether the household
volunteers for a group, and the national ID masked. A filter narrows the list by name,
house number, occupation or skills as the officer types; ↓ or Enter goes from the filter to
the list, Esc clears it and goes back to the list. A row found only through its second
occupation or its skills says so in the occupation column, since neither is shown there
otherwise and the officer would not see why it is in the list.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.widgets import DataTable, Header, Input, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.records import VOLUNTEER_LABELS, Household
from sammachip_tui.model.thai import mask_national_id, to_arabic_digits
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.table import Column, Table, add_fitted_columns
from sammachip_tui.store.register import (
    count_households,
    get_village,
    households,
    village_label,
    village_place,
)

WIDE = 110  # from this width on, the list also shows money and training
# Fields the filter reads that the list does not show: a row found through one says which.
HIDDEN_MATCHES = (
    ("occupation_secondary", N_("matched: 2nd occupation")),
    ("skills", N_("matched: skills")),
)


class HouseholdsScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("enter", "open_household", N_("Open"), id="open-household", show=False),
        Binding("n", "new_household", N_("New"), id="new-household"),
        Binding("f", "forums", N_("Forums"), id="forums"),
        Binding("slash", "focus_filter", N_("Filter"), id="filter"),
    ]

    DEFAULT_CSS = """
    HouseholdsScreen #bar { height: 1; padding: 0 1; }
    HouseholdsScreen #bar Static { width: auto; }
    HouseholdsScreen #counts { width: 1fr; color: $text-muted; }
    HouseholdsScreen #filter { height: 1; border: none; width: 28; padding: 0 1; }
    HouseholdsScreen DataTable { height: 1fr; }
    """

    def __init__(self, village: str) -> None:
        super().__init__(id="households")
        self.village = village
        self.filter_text = ""
        self.items: list[Household] = []
        self._wide = False
        self._fitted = 0  # the window width the columns were fitted to

    def screen_title(self) -> str:
        village = get_village(self.ws, self.village)
        return village_label(self.village, village.name if village else "")

    def compose(self) -> ComposeResult:
        self.items = households(self.ws, self.village)
        self._wide = self.app.size.width >= WIDE
        yield Header(icon="◆")
        with Horizontal(id="bar"):
            yield Static(self._counts(), id="counts")
            yield ThaiInput(
                value=self.filter_text,
                placeholder=_("/ filter: name, house no., occupation"),
                id="filter",
            )
        yield Table(cursor_type="row", zebra_stripes=True, id="table")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = village_place(self.village)
        self._fill()
        self.query_one("#table", DataTable).focus()

    def _counts(self) -> str:
        shown = len(self._matching())
        counts = count_households(self.items)
        total = counts.households
        text = _("{total} households · {volunteers} volunteers · {sammachip} sammachip").format(
            total=total, volunteers=counts.volunteers, sammachip=counts.sammachip
        )
        if shown != total:
            text += " · " + _("{shown} shown").format(shown=shown)
        return text

    def _matching(self) -> list[tuple[Household, str | None]]:
        """The households the filter keeps, each with why when the list cannot show it:
        None for a match in what is on screen (name, house number, main occupation),
        else the note naming the hidden field that matched."""
        needle = to_arabic_digits(self.filter_text.strip())
        if not needle:
            return [(h, None) for h in self.items]
        found: list[tuple[Household, str | None]] = []
        for h in self.items:
            if needle in h.full_name or needle in h.house_no or needle in h.occupation_main:
                found.append((h, None))
                continue
            why = next((note for name, note in HIDDEN_MATCHES if needle in getattr(h, name)),
                       None)  # fmt: skip
            if why is not None:
                found.append((h, why))
        return found

    @staticmethod
    def _occupation_cell(h: Household, why: str | None) -> str | Text:
        """The main occupation; for a row found through a hidden field, the note first (so
        that a narrow column still shows it), then the occupation."""
        if why is None:
            return h.occupation_main
        cell = Text(_(why), style="italic", no_wrap=True, overflow="ellipsis")
        if h.occupation_main:
            cell.append(" · " + h.occupation_main, style="not italic")
        return cell

    def _fill(self) -> None:
        table = self.query_one("#table", DataTable)
        table.clear(columns=True)
        # Words for headers; name and occupation share what the window leaves (cut "…").
        columns = [
            Column("house", _("No."), 7),
            Column("name", _("Name"), 22, flexible=True, least=12),
            Column("occupation", _("Occupation"), 22, flexible=True),
            Column("sammachip", _("Sammachip"), 1),
            Column("volunteer", _("Volunteer"), 8, drop=0),  # the first to go when narrow
        ]  # fmt: skip
        if self._wide:
            columns += [Column("income", _("Income"), 8), Column("expenses", _("Expenses"), 8),
                        Column("trained", _("Trained"), 4)]  # fmt: skip
        self._fitted = self.app.size.width
        nid = cell_len(mask_national_id("1" * 13, compact=not self._wide))
        columns.append(Column("nid", _("ID card"), nid))
        shown = add_fitted_columns(table, columns, self.app.size.width)
        yes, no = _("yes"), "—"
        for h, why in self._matching():
            row: list[str | Text] = [
                h.house_no,
                h.full_name,
                self._occupation_cell(h, why),
                {True: "✓", False: "✗", None: "?"}[h.sammachip],
                _(VOLUNTEER_LABELS[h.volunteer]),
            ]
            if self._wide:
                row += [
                    "?" if h.income_month is None else f"{h.income_month:,.0f}",
                    "?" if h.expense_month is None else f"{h.expense_month:,.0f}",
                    yes if h.trained else no,
                ]
            row.append(mask_national_id(h.national_id, compact=not self._wide))
            cells = dict(zip([c.key for c in columns], row, strict=True))
            table.add_row(*(cells[k] for k in shown), key=h.id)
        self.query_one("#counts", Static).update(self._counts())

    @on(DataTable.RowSelected, "#table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_household()

    def action_open_household(self) -> None:
        table = self.query_one("#table", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._open(key)

    def action_new_household(self) -> None:
        self._open(None)

    def _open(self, record: str | None) -> None:
        from sammachip_tui.screens.household import HouseholdScreen

        def back(_result: object) -> None:
            self._reload()

        self.app.push_screen(HouseholdScreen(self.village, record), back)

    def _reload(self) -> None:
        table = self.query_one("#table", DataTable)
        row = table.cursor_row
        self.items = households(self.ws, self.village)
        self._fill()
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self._fill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#table", DataTable).focus()

    def key_down(self, event: events.Key) -> None:
        """↓ in the filter goes to the list (the list handles its own ↓)."""
        if self.focused is self.query_one("#filter", Input):
            event.stop()
            self.query_one("#table", DataTable).focus()

    def on_resize(self, event: Resize) -> None:
        if self.app.size.width != self._fitted:  # columns fit the window's width
            self._wide = self.app.size.width >= WIDE
            self._fill()

    def action_forums(self) -> None:
        from sammachip_tui.screens.forums import ForumsScreen

        self.app.push_screen(ForumsScreen(self.village))

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        """Esc in the filter clears it and goes back to the list; Esc in the list leaves."""
        entry = self.query_one("#filter", Input)
        if self.focused is entry:
            entry.value = ""
            self.query_one("#table", DataTable).focus()
            return
        self.app.pop_screen()

    async def language_changed(self) -> None:
        row = self.query_one("#table", DataTable).cursor_row
        await super().language_changed()
        self.sub_title = village_place(self.village)
        self._fill()
        table = self.query_one("#table", DataTable)
        if table.row_count:  # the same household stays highlighted
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)
