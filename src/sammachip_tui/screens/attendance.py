"""Attendance at a forum: tick the programme households present, count the others.

At the door the officer types a house number or part of a name; when one household matches,
Enter ticks it and clears the search for the next. Enter (or Space) on a row ticks it; only
Delete marks a household absent again, so a second Enter on a ticked row never unticks it.
The status line says what each key did. The header keeps the count: households present
over the programme's households.
"""

from __future__ import annotations

import contextlib

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Label, Static
from textual.widgets.data_table import CellDoesNotExist

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.records import Household
from sammachip_tui.model.thai import to_arabic_digits
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.leave_dialog import LeaveDialog
from sammachip_tui.screens.saving import Saved
from sammachip_tui.screens.table import Table
from sammachip_tui.store import forum as fs
from sammachip_tui.store.register import get_village, households, village_label


class AttendanceScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("space", "mark(True)", N_("Present"), key_display="Space", id="present",
                tooltip=N_("Attendance: mark the household present")),
        Binding("delete,x", "mark(False)", N_("Absent"), key_display="Del", id="absent",
                tooltip=N_("Attendance: mark the household absent")),
        Binding("slash", "search", N_("Search"), id="search",
                tooltip=N_("Attendance: find a household")),
    ]  # fmt: skip

    DEFAULT_CSS = """
    AttendanceScreen #bar { height: 1; padding: 0 1; background: $panel; }
    AttendanceScreen #count { width: 1fr; text-style: bold; }
    AttendanceScreen #bar Label { width: auto; padding: 0 1; }
    AttendanceScreen #bar Input { height: 1; border: none; padding: 0 1; background: $boost; }
    AttendanceScreen #others { width: 8; }
    AttendanceScreen #search-row { height: 1; }
    AttendanceScreen #search-row Label { width: auto; padding: 0 1; }
    AttendanceScreen #find { width: 1fr; height: 1; border: none; padding: 0 1;
                             background: $boost; }
    AttendanceScreen DataTable { height: 1fr; }
    AttendanceScreen #status { height: 1; padding: 0 1; color: $text-muted; }
    AttendanceScreen #status.-problem { color: $text; background: $error 40%; }
    """

    def __init__(self, village: str, forum_id: str) -> None:
        super().__init__(id="attendance")
        self.village = village
        self.forum_id = forum_id
        self.homes: list[Household] = []
        self.present: set[str] = set()
        self.turnout = fs.Turnout(0, 0)  # read with the list, then after each tick
        self.search_text = ""
        self.others_text = ""
        self.status = ""

    def screen_title(self) -> str:
        v = get_village(self.ws, self.village)
        return _("Attendance") + " · " + village_label(self.village, v.name if v else "")

    def compose(self) -> ComposeResult:
        self.homes = households(self.ws, self.village)
        self.present = fs.present(self.ws, self.village, self.forum_id)
        self.turnout = fs.turnout(self.ws, self.village, self.forum_id)
        forum = fs.get_forum(self.ws, self.village, self.forum_id)
        if not self.others_text and forum is not None:
            self.others_text = str(forum.other_attendees)
        yield Header(icon="◆")
        with Horizontal(id="bar"):
            yield Static(self._count_text(), id="count")
            yield Label(_("Other attendees"))
            yield ThaiInput(value=self.others_text, type="integer", id="others")
        with Horizontal(id="search-row"):
            yield Label(_("Find"))
            yield ThaiInput(
                value=self.search_text,
                placeholder=_("house no. or name; Enter ticks the one household found"),
                id="find",
                select_on_focus=False,
            )
        yield Table(cursor_type="row", zebra_stripes=True, id="homes")
        yield Static(self.status, id="status", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._fill()
        self.query_one("#find").focus()

    async def language_changed(self) -> None:
        await super().language_changed()
        self._fill()

    def _count_text(self) -> str:
        here = self.turnout  # never read per keystroke of the search
        return _("Present {present}/{total} programme households").format(
            present=here.present, total=here.households
        )

    def _matching(self) -> list[Household]:
        needle = to_arabic_digits(self.search_text.strip())
        if not needle:
            return self.homes
        exact = [h for h in self.homes if h.house_no == needle]
        return exact or [h for h in self.homes if needle in h.house_no or needle in h.full_name]

    def _fill(self) -> None:
        table = self.query_one("#homes", DataTable)
        table.clear(columns=True)
        table.add_column(_("Present"), key="here", width=max(3, cell_len(_("Present"))))
        table.add_column(_("No."), key="house", width=7)
        table.add_column(_("Name"), key="name", width=28)
        table.add_column(_("Occupation"), key="occupation", width=24)  # fixed: no reflow
        for h in self._matching():
            table.add_row("✓" if h.id in self.present else "", h.house_no, h.full_name,
                          h.occupation_main, key=h.id)  # fmt: skip
        self.query_one("#count", Static).update(self._count_text())

    @on(Input.Changed, "#find")
    def _find(self, event: Input.Changed) -> None:
        self.search_text = event.value
        self._fill()

    @on(Input.Submitted, "#find")
    def _find_done(self) -> None:
        found = self._matching()
        if len(found) == 1 and self.search_text.strip():
            self._mark(found[0].id, True)
            self.query_one("#find", Input).value = ""
            return
        self.query_one("#homes").focus()

    @on(DataTable.RowSelected, "#homes")
    def _row_entered(self) -> None:
        self.action_mark(True)

    def action_mark(self, present: bool) -> None:
        table = self.query_one("#homes", DataTable)
        if table.row_count == 0 or self.focused is not table:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key:
            self._mark(key, present)

    def _mark(self, household_id: str, present: bool) -> None:
        """Tick (or untick) one household; a second tick says so and changes nothing."""
        home = next((h for h in self.homes if h.id == household_id), None)
        name = home.full_name if home is not None else household_id
        if (household_id in self.present) is present:
            message = (
                _("{name} is already present (Del marks absent).")
                if present
                else _("{name} is not marked present.")
            )
            self._set_status(message.format(name=name))
            return
        village, forum_id = self.village, self.forum_id

        def saved(result: Saved[fs.Turnout]) -> None:
            self.turnout = result.read or self.turnout
            if present:
                self.present.add(household_id)
            else:
                self.present.discard(household_id)
            table = self.query_one("#homes", DataTable)
            with contextlib.suppress(CellDoesNotExist):  # filtered out of view meanwhile
                table.update_cell(household_id, "here", "✓" if present else "")
            self.query_one("#count", Static).update(self._count_text())
            message = _("{name}: present") if present else _("{name}: absent")
            self._set_status(message.format(name=name) + " · " + _("saved ✓"))

        self.save_in_background(
            lambda ws: [fs.set_present(ws, village, forum_id, household_id, present)],
            then=lambda ws, _ops: fs.turnout(ws, village, forum_id),  # counted on the writer
            saved=saved,
            failed=lambda error: self._set_status(error.message, problem=True),
        )

    @on(Input.Changed, "#others")
    def _others_typed(self, event: Input.Changed) -> None:
        self.others_text = event.value

    @on(Input.Submitted, "#others")
    @on(Input.Blurred, "#others")
    def _others(self) -> bool:
        """Save the count of other attendees; False (and why) when it cannot be read. Read
        from the field itself, so a count typed just before Esc or Ctrl+Q is the one saved."""
        self.others_text = self.query_one("#others", Input).value
        try:
            values = fs.parse_forum_texts({"other_attendees": self.others_text})
            change = fs.forum_edit(self.ws, self.village, self.forum_id, values)
        except FieldError as exc:
            self._set_status(exc.message, problem=True)
            return False
        if change is not None:
            self.save_in_background(
                lambda ws: [change],
                saved=lambda _result: self._set_status(_("Other attendees saved ✓")),
                failed=lambda error: self._set_status(error.message, problem=True),
            )
        return True

    async def _others_settled(self) -> bool:
        """Leaving or quitting: the count typed is saved (and waited for), or, when it
        cannot be, the officer discards it or stays to correct it."""
        failures = self.app.save_failures
        if self._others():
            await self.writer_settled()
            if self.app.save_failures == failures:
                return True
        dialog = LeaveDialog(_("Other attendees cannot be saved"), self.status, can_add=False)
        choice = await self.app.push_screen(dialog, wait_for_dismiss=True)
        if choice == "discard":
            return True
        self.query_one("#others").focus()
        return False

    async def ready_to_quit(self) -> bool:
        return await self._others_settled()

    def _set_status(self, text: str, *, problem: bool = False) -> None:
        self.status = text
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "-problem")

    def action_search(self) -> None:
        self.query_one("#find").focus()

    def action_back(self) -> None:
        if self.focused is self.query_one("#find") and self.search_text:
            self.query_one("#find", Input).value = ""
            return
        self.leave_when(self._others_settled)
