"""Add a village from the area list: province, district, subdistrict, then หมู่ and name.

The village code is the subdistrict's DOPA code and the หมู่ number (CCAATTMM), so a village
added here is the same village on every device and in every imported household list.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.areas import load_areas
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.screens.dialog import FormDialog
from sammachip_tui.screens.saving import SaveError
from sammachip_tui.store.register import new_village


class VillageDialog(FormDialog[str | None]):
    """Returns the new village's code (Enter or Ctrl+S), or None (Esc: nothing added)."""

    DEFAULT_CSS = """
    VillageDialog .pick { height: 3; }
    VillageDialog .pick > Label { width: 22; padding-top: 1; color: $text-muted; }
    VillageDialog .pick > Select { width: 1fr; }
    """

    def __init__(self, district: str) -> None:
        super().__init__(id="village-dialog")
        self.choice = {"province": district[:2], "district": district, "subdistrict": ""}

    def compose(self) -> ComposeResult:
        language = self.app.language
        areas = load_areas()
        provinces = sorted(areas.provinces(), key=lambda a: a.name(language))
        with Vertical(id="box"):
            yield Static(_("Add a village"), id="title")
            for level, options, prompt in (
                ("province", [(p.name(language), p.code) for p in provinces],
                 _("Choose a province")),
                ("district", self._options(self.choice["province"]), _("Choose a district")),
                ("subdistrict", self._options(self.choice["district"]),
                 _("Choose a subdistrict")),
            ):  # fmt: skip
                with Horizontal(classes="pick"):
                    yield Label(_(level.capitalize()))
                    yield Select(
                        options,
                        value=self.choice[level] or Select.NULL,
                        prompt=prompt,
                        type_to_search=True,
                        id=level,
                    )
            yield from self.row("moo", _("Moo (number)"), "", type="integer", max_length=2)
            yield from self.row("name", _("Village name"), "", placeholder=_("e.g. บ้านดอนไชย"))
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: add the village · Esc: cancel, nothing is added."),
                         id="hint")  # fmt: skip

    def _options(self, parent: str) -> list[tuple[str, str]]:
        if not parent:
            return []
        language = self.app.language
        children = sorted(load_areas().children(parent), key=lambda a: a.code)
        return [(f"{a.name(language)} ({a.code})", a.code) for a in children]

    def on_mount(self) -> None:
        target = "#subdistrict" if self.choice["district"] else "#province"
        self.query_one(target).focus()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        level = event.select.id or ""
        value = "" if event.value is Select.NULL else str(event.value)
        if self.choice.get(level) == value:
            return
        self.choice[level] = value
        below = {"province": "district", "district": "subdistrict"}.get(level)
        while below:
            self.choice[below] = ""
            self.query_one(f"#{below}", Select).set_options(
                self._options(self.choice["province" if below == "district" else "district"])
            )
            below = {"district": "subdistrict"}.get(below)

    async def action_save(self) -> None:
        moo, name = self.value_of("moo"), self.value_of("name")
        if not self.choice["subdistrict"]:
            self.show_problem(_("Choose the subdistrict (Esc: add nothing)."))
            return
        try:
            change = new_village(self.ws, self.choice["subdistrict"], moo, name)
        except FieldError as exc:
            self.show_problem(exc.message, "moo")
            return
        try:
            await self.save(lambda ws: [change])
        except SaveError as exc:  # disk full, card pulled: keep the dialog and what it holds
            self.show_problem(exc.message)
            return
        self.dismiss(change.village)


# Level labels, for extraction.
N_("Province")
N_("District")
N_("Subdistrict")
