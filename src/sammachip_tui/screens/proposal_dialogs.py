"""The small dialogs of the proposal review: a reason, a group's name, a household to add,
the group size rules, an occupation the taxonomy lacks.

Like every dialog (screens/dialog.py), Esc closes with nothing done and Enter or Ctrl+S
saves. The accept dialog keeps the name typed for the next time it opens.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.records import Household
from sammachip_tui.model.taxonomy import OCCUPATION_TYPE_LABELS, OTOP_LABELS
from sammachip_tui.model.thai import to_arabic_digits
from sammachip_tui.screens.dialog import FormDialog, cancel_binding, save_binding
from sammachip_tui.screens.plain import plain_cells


class ReasonDialog(FormDialog[str | None]):
    """Returns the reason typed (Enter or Ctrl+S); None on Esc."""

    def __init__(self, title: str, what: str) -> None:
        super().__init__(id="reason-dialog")
        self.heading, self.what = title, what

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(self.heading, id="title", markup=False)
            yield Static(self.what, id="hint", markup=False)
            yield from self.row("reason", _("Reason"), "")
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: save with this reason · Esc: nothing changes."),
                         id="hint2")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#f-reason").focus()

    async def action_save(self) -> None:
        reason = self.value_of("reason").strip()
        if not reason:
            self.show_problem(_("Type the reason (Esc: nothing changes)."), "reason")
            return
        await self.finish(reason)


class AcceptDialog(FormDialog[str | None]):
    """Returns the group's name on Enter or Ctrl+S; None on Esc (nothing is made)."""

    BINDINGS = [cancel_binding(N_("Close without accepting")), save_binding(N_("Accept"))]

    def __init__(self, what: str, name: str) -> None:
        super().__init__(id="accept-dialog")
        self.what, self.group_name = what, name

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(_("Make this proposal a group"), id="title")
            yield Static(self.what, id="hint", markup=False)
            yield from self.row("name", _("Group name"), self.group_name)
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: make the group (status forming). Esc: not now."),
                         id="hint2")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#f-name").focus()

    async def action_save(self) -> None:
        name = self.value_of("name").strip()
        if not name:
            self.show_problem(_("A group needs a name."), "name")
            return
        await self.finish(name)

    def action_cancel(self) -> None:
        self.group_name = self.value_of("name")
        self.dismiss(None)


class AddMemberDialog(FormDialog[tuple[str, str] | None]):
    """Find a household by house number or name, say why: returns (household id, reason)."""

    DEFAULT_CSS = """
    AddMemberDialog DataTable { height: 8; margin-bottom: 1; }
    """

    def __init__(self, households: list[Household]) -> None:
        super().__init__(id="add-member-dialog")
        self.households = households
        self.shown: list[Household] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(_("Put a household into this proposal"), id="title")
            yield from self.row("find", _("House no. or name"), "")
            yield DataTable(cursor_type="row", id="found")
            yield from self.row("reason", _("Reason"), "")
            yield self.problem_line()
            yield Static(_("↑↓ choose · Enter or Ctrl+S: add with the reason · Esc: nothing "
                           "changes."), id="hint")  # fmt: skip

    def on_mount(self) -> None:
        table = self.query_one("#found", DataTable)
        table.add_column(_("House no."), key="house", width=8)
        table.add_column(_("Name"), key="name", width=26)
        table.add_column(_("Occupation"), key="occupation", width=24)
        self._fill("")
        self.query_one("#f-find").focus()

    @on(Input.Changed, "#f-find")
    def _find(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, text: str) -> None:
        text = to_arabic_digits(text.strip())
        exact = [h for h in self.households if text and h.house_no == text]
        self.shown = (exact or [
            h for h in self.households if not text or text in h.house_no or text in h.full_name
        ])[:50]  # fmt: skip
        table = self.query_one("#found", DataTable)
        table.clear()
        for h in self.shown:
            table.add_row(*plain_cells((h.house_no, h.full_name, h.occupation_main)), key=h.id)

    @on(DataTable.RowSelected, "#found")
    async def _picked(self) -> None:
        await self.action_save()

    async def action_save(self) -> None:
        reason = self.value_of("reason").strip()
        table = self.query_one("#found", DataTable)
        if not self.shown:
            self.show_problem(_("No household matches; change the search."), "find")
            return
        if not reason:
            self.show_problem(_("Say why the household is put in."), "reason")
            return
        chosen = self.shown[min(table.cursor_row, len(self.shown) - 1)]
        await self.finish((chosen.id, reason))


class RulesDialog(FormDialog[tuple[int, int] | None]):
    """The smallest and largest group; returns them when they make sense."""

    def __init__(self, low: int, high: int) -> None:
        super().__init__(id="rules-dialog")
        self.low, self.high = low, high

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(_("Group size"), id="title")
            yield from self.row("min", _("Smallest group"), str(self.low), type="integer")
            yield from self.row("max", _("Largest group"), str(self.high), type="integer")
            yield self.problem_line()
            yield Static(_("Seed 000: a group has at least 5 households. Enter or Ctrl+S: save · "
                           "Esc: nothing changes."), id="hint")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#f-min").focus()

    async def action_save(self) -> None:
        numbers: dict[str, int] = {}
        for name in ("min", "max"):
            try:
                numbers[name] = int(to_arabic_digits(self.value_of(name)))
            except ValueError:
                self.show_problem(_("Type whole numbers."), name)
                return
        low, high = numbers["min"], numbers["max"]
        if not 2 <= low <= high:
            self.show_problem(
                _("The smallest group must be at least 2 and no larger than the largest."), "min"
            )
            return
        self.dismiss((low, high))


class OccupationDialog(FormDialog[dict[str, Any] | None]):
    """An occupation the taxonomy lacks, for the whole district: returns its values (the
    caller saves them through store/proposals.add_occupation), or None when left empty."""

    DEFAULT_CSS = """
    OccupationDialog .pick { height: 3; }
    OccupationDialog .pick > Label { width: 22; padding-top: 1; color: $text-muted; }
    OccupationDialog .pick > Select { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(_("Add an occupation for the whole district"), id="title")
            yield from self.row("name_th", _("Thai name"), "", placeholder=_("e.g. ทำเทียนพรรษา"))
            yield from self.row("name_en", _("English name"), "")
            with Horizontal(classes="pick"):
                yield Label(_("Occupation type"))
                yield Select([(_(label), t.value) for t, label in OCCUPATION_TYPE_LABELS.items()],
                             prompt=_("Choose"), id="type")  # fmt: skip
            with Horizontal(classes="pick"):
                yield Label(_("OTOP category"))
                yield Select([(_(label), c.value) for c, label in OTOP_LABELS.items()],
                             value="none", allow_blank=False, id="otop")  # fmt: skip
            yield from self.row("terms", _("Other words for it"), "",
                                placeholder=_("separated by commas"))  # fmt: skip
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: add it; other devices get it with the next sync · "
                           "Esc: nothing changes."), id="hint")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#f-name_th").focus()

    async def action_save(self) -> None:
        name = self.value_of("name_th").strip()
        kind = self.query_one("#type", Select).value
        if not name:
            self.show_problem(_("An occupation needs a Thai name."), "name_th")
            return
        if kind is Select.NULL:
            self.show_problem(_("Choose the occupation type."))
            return
        terms = [t.strip() for t in self.value_of("terms").split(",") if t.strip()]
        await self.finish({"name_th": name, "name_en": self.value_of("name_en").strip(),
                           "occupation_type": str(kind),
                           "otop_category": str(self.query_one("#otop", Select).value),
                           "terms": terms})  # fmt: skip
