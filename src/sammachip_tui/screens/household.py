"""One household: view and correct it, or add a new one to the village."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from sammachip_tui.forms.household_form import HouseholdForm
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.household_fields import column_label
from sammachip_tui.model.records import Household
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.leave_dialog import LeaveDialog
from sammachip_tui.store.register import FORM_FIELDS, village_label


class HouseholdScreen(BaseScreen):
    BINDINGS = [Binding("escape", "back", N_("Back"), id="back")]

    def __init__(self, village: str, record: str | None) -> None:
        super().__init__(id="household")
        self.village = village
        self.record = record
        self.form: HouseholdForm | None = None

    def screen_title(self) -> str:
        record = self.record and self.ws.record(self.village, "household", self.record)
        if not record:
            return _("New household") + " · " + village_label(self.village)
        return Household.from_record(record).full_name + " · " + village_label(self.village)

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        if self.form is None:  # a recompose (language switch) keeps the form and its texts
            record = self.record and self.ws.record(self.village, "household", self.record)
            stored = Household.from_record(record) if record else None
            self.form = HouseholdForm(self.village, self.record, stored)
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
        if await self._all_saved():
            self.dismiss()
        else:
            self.notify(_("Correct the marked field first (or clear it)."), severity="warning")

    async def _all_saved(self) -> bool:
        assert self.form is not None
        ok = self.form.commit_all()
        await self.form.settle()
        return ok and not self.form.pending_problems()

    async def ready_to_quit(self) -> bool:
        """Ctrl+Q: save every field; a value that cannot be saved: discard it, or stay."""
        if await self._all_saved():
            return True
        assert self.form is not None
        wrong = self.form.pending_problems()
        what = "\n".join(f"{column_label(n)}: {self.form.text_of(n)}" for n in wrong)
        dialog = LeaveDialog(_("A value cannot be saved as it is"), what, can_add=False)
        choice = await self.app.push_screen(dialog, wait_for_dismiss=True)
        if choice == "discard":
            return True
        self.form.field(wrong[0]).focus()
        return False

    async def language_changed(self) -> None:
        self.title = self.screen_title()
        if self.form is not None:
            for name in FORM_FIELDS:  # what each field holds now survives the recompose
                self.form.text_of(name)
            self.form.status = ""
            await self.form.recompose()
        await self.query_one(TranslatedFooter).recompose()
