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
from sammachip_tui.screens.income import IncomePanel, reading_dialog
from sammachip_tui.screens.leave_dialog import LeaveDialog
from sammachip_tui.screens.mentor_block import MentorBlock
from sammachip_tui.store.register import FORM_FIELDS, village_label


class HouseholdScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("f4", "mentoring", N_("Mentoring"), id="mentoring", show=False, priority=True,
                tooltip=N_("Model households and mentoring of this village")),
        # Ctrl: the form's fields take every letter (screens/income.py).
        Binding("ctrl+r", "record_income", N_("Income reading"), key_display="^R",
                priority=True, id="income-reading"),
    ]  # fmt: skip
    # One field a row, scrolling, the refusal under its field: typed into at 40×12 as well.
    MIN_SIZE = (40, 12)

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
        yield MentorBlock(self.village, self.record)
        yield IncomePanel(self.village, self.record)  # income over time (screens/income.py)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        first = "first_name" if self.record is None else "house_no"
        self.query_one(f"#f-{first}").focus()

    def on_household_form_saved(self, event: HouseholdForm.Saved) -> None:
        self.record = event.record
        self.title = self.screen_title()
        self.query_one(IncomePanel).show(self.record)

    def action_record_income(self) -> None:
        """Ctrl+R: a dated reading of income and expenses, in its dialog."""
        assert self.form is not None
        record = self.record
        if record is None:
            self.notify(_("Type the first name first: a reading needs a saved household."))
            return
        current = (self.form.text_of("income_month"), self.form.text_of("expense_month"))

        def closed(texts: dict[str, str] | None) -> None:
            if texts is None or self.form is None:
                return
            self.query_one(IncomePanel).show(record)
            stored = self.ws.record(self.village, "household", record)
            if stored is not None:
                self.form.stored_changed(Household.from_record(stored))

        self.app.push_screen(reading_dialog(self.village, record, current), closed)

    def on_screen_resume(self) -> None:
        """Back from the mentoring view: an outcome may have recorded a reading too."""
        if self.is_mounted:
            self.query_one(MentorBlock).reread(self.record)
            self.query_one(IncomePanel).show(self.record)

    def action_mentoring(self) -> None:
        from sammachip_tui.screens.mentoring import MentoringScreen

        self.app.push_screen(MentoringScreen(self.village))

    def action_back(self) -> None:
        """Leave once every typed value is saved; otherwise say what is wrong and ask."""
        self.leave_when(self._settled)

    async def ready_to_quit(self) -> bool:
        return await self._settled()

    async def _settled(self) -> bool:
        """Every field saved: True. A value that cannot be saved, or a new household with no
        first name yet (nothing of it is saved): the officer discards it, or stays."""
        assert self.form is not None
        form = self.form
        ok = form.commit_all()
        await form.settle()
        if ok and not form.pending_problems() and not form.waiting_for_a_name():
            return True
        if form.waiting_for_a_name():
            title = _("A new household is saved once it has a first name")
            what = _("Type the first name, or discard what is typed.")
            first = "first_name"
        else:
            wrong = form.pending_problems() or form.unsaved()
            title = _("A value cannot be saved as it is")
            what = "\n".join(
                f"{column_label(n)}: {form.text_of(n)}\n  {form.problems.get(n, '')}".rstrip()
                for n in wrong
            )
            first = wrong[0]
        dialog = LeaveDialog(title, what, can_add=False)
        choice = await self.app.push_screen(dialog, wait_for_dismiss=True)
        if choice == "discard":
            return True
        form.field(first).focus()
        return False

    async def language_changed(self) -> None:
        self.title = self.screen_title()
        if self.form is not None:
            for name in FORM_FIELDS:  # what each field holds now survives the recompose
                self.form.text_of(name)
            self.form.status = ""
            await self.form.recompose()
        await self.query_one(IncomePanel).recompose()
        self.query_one(IncomePanel).show(self.record)
        await self.query_one(TranslatedFooter).recompose()
        self.query_one(MentorBlock).reread(self.record)
