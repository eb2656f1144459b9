"""One household: view and correct it, or add a new one to the village."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from sammachip_tui.forms.household_form import HouseholdForm
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.records import Household
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.store.register import village_label


class HouseholdScreen(BaseScreen):
    BINDINGS = [Binding("escape", "back", N_("Back"), id="back")]

    def __init__(self, village: str, record: str | None) -> None:
        super().__init__(id="household")
        self.village = village
        self.record = record
        self.form: HouseholdForm | None = None

    def screen_title(self) -> str:
        ws = self.app.workspace  # type: ignore[attr-defined]
        record = self.record and ws.record(self.village, "household", self.record)
        if not record:
            return _("New household") + " · " + village_label(self.village)
        return Household.from_record(record).full_name + " · " + village_label(self.village)

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        if self.form is None:  # a recompose (language switch) keeps the form and its texts
            self.form = HouseholdForm(self.app.workspace, self.village, self.record)  # type: ignore[attr-defined]
        yield self.form
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        first = "first_name" if self.record is None else "house_no"
        self.query_one(f"#f-{first}").focus()

    def on_household_form_saved(self, event: HouseholdForm.Saved) -> None:
        self.record = event.record
        self.title = self.screen_title()

    async def action_back(self) -> None:
        """Leave once every typed value is saved; a value that cannot be saved keeps us here."""
        assert self.form is not None
        ok = self.form.commit_all()
        await self.form.settle()
        if not ok or self.form.pending_problems():
            self.notify(_("Correct the marked field first (or clear it)."), severity="warning")
            return
        self.dismiss()

    async def language_changed(self) -> None:
        self.title = self.screen_title()
        if self.form is not None:
            self.form.status = ""
            await self.form.recompose()
        await self.query_one(TranslatedFooter).recompose()
