"""Correct one forum item: its text, detail, who raised it, its votes, and (for local wisdom
and resources) the occupations of the taxonomy it points to, which the group proposer reads
as backing for a group of that occupation."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sammachip_tui.i18n import _, current_language
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.records import FORUM_LIST_LABELS, ForumItem, ForumList
from sammachip_tui.model.taxonomy import load_occupations
from sammachip_tui.reports.forum_record import occupation_names
from sammachip_tui.screens.dialog import FormDialog
from sammachip_tui.store import forum as fs

LINKABLE = (ForumList.wisdom, ForumList.resource)


class ItemDialog(FormDialog[dict[str, Any] | None]):
    """Returns the values that changed, or None when nothing did. Opened with
    ``saving_with``, it saves them itself and stays open if they cannot be saved."""

    DEFAULT_CSS = """
    ItemDialog #occ-chosen { height: auto; margin-bottom: 1; }
    ItemDialog #occ-options { height: 6; border: none; background: $boost; }
    """

    def __init__(self, item: ForumItem, focus: str = "text") -> None:
        super().__init__(id="item-dialog")
        self.item = item
        self.focus_field = focus
        self.occupations = list(item.occupations)
        self._shown: list[str] = []

    def compose(self) -> ComposeResult:
        i = self.item
        with Vertical(id="box"):
            yield Static(_("Edit item · {list}").format(list=_(FORUM_LIST_LABELS[i.list])),
                         id="title")  # fmt: skip
            yield from self.row("text", _("Item"), i.text)
            yield from self.row("detail", _("Detail"), i.detail)
            yield from self.row("raised_by", _("Raised by"), i.raised_by)
            yield from self.row("votes", _("Votes"), str(i.votes), type="integer")
            if i.list in LINKABLE:
                yield from self.row(
                    "occ-search", _("Occupations"), "",
                    placeholder=_("type to find an occupation; Enter in the list links it"),
                )  # fmt: skip
                yield Static(self._chosen_text(), id="occ-chosen", markup=False)
                yield OptionList(id="occ-options")
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: save · Tab: next field · Esc: nothing changes."),
                         id="hint")  # fmt: skip

    def on_mount(self) -> None:
        if self.item.list in LINKABLE:
            self._fill_options("")
        self.query_one(f"#f-{self.focus_field}").focus()

    def _chosen_text(self) -> str:
        if not self.occupations:
            return _("Linked occupations: none")
        return _("Linked occupations: {names}").format(names=occupation_names(self.occupations))

    def _fill_options(self, needle: str) -> None:
        needle = needle.strip().lower()
        english = current_language() == "en"
        options = self.query_one("#occ-options", OptionList)
        options.clear_options()
        self._shown = []
        for o in load_occupations():
            if needle and needle not in f"{o.code} {o.name_th} {o.name_en}".lower():
                continue
            mark = "✓" if o.code in self.occupations else " "
            name = o.name_en if english else o.name_th
            options.add_option(Option(f"[{mark}] {o.code} {name}", id=o.code))
            self._shown.append(o.code)
        if self._shown:
            options.highlighted = 0  # Enter in the list links the first match at once

    @on(Input.Changed, "#f-occ-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill_options(event.value)

    @on(OptionList.OptionSelected, "#occ-options")
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        code = event.option.id or ""
        if code in self.occupations:
            self.occupations.remove(code)
        else:
            self.occupations.append(code)
        highlighted = event.option_index
        self._fill_options(self.value_of("occ-search"))
        self.query_one("#occ-options", OptionList).highlighted = highlighted
        self.query_one("#occ-chosen", Static).update(self._chosen_text())

    async def submitted(self, field: Input) -> None:
        """Enter saves, except in the occupation search, where it goes to the list."""
        if field.id == "f-occ-search":
            self.query_one("#occ-options", OptionList).focus()
        else:
            await self.action_save()

    async def action_save(self) -> None:
        """Only what the officer changed here is saved: a vote counted meanwhile (+ pressed
        just before Enter opened this) is not written back to the count shown."""
        try:
            votes = fs.parse_votes(self.value_of("votes") or "0")
        except FieldError as exc:
            self.show_problem(exc.message, "votes")
            return
        typed: dict[str, Any] = {
            "text": self.value_of("text"),
            "detail": self.value_of("detail").strip(),
            "raised_by": self.value_of("raised_by").strip(),
            "votes": votes,
        }
        if self.item.list in LINKABLE:
            typed["occupations"] = self.occupations
        changed = {k: v for k, v in typed.items() if v != getattr(self.item, k)}
        await self.finish(changed or None)
