"""The forum screen: type what villagers say, live, into four lists.

Built for speed in a meeting. The entry line at the bottom always has the text; Enter adds
the item to the list on show and clears the line for the next one. F5–F8 switch list from
anywhere, even while typing. In the list, + and − count votes, v asks for a count taken by
a show of hands, Enter opens the item to add a detail, who raised it, or occupations it
points to; Delete removes it (Ctrl+Z brings it back); Shift+↑/↓ moves it. Typing any letter
in the list goes back to the entry line. The hint under the entry line follows the focus: it
names the keys of the field or list the officer is in.

Every change goes through the store's writer thread (``submit_edit``), journaled and fsynced
before the item shows in the list and the indicator says saved; the screen never waits on the
disk. Only the row that changed is redrawn, so typing stays as fast with 500 items on screen
as with none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Input, Label, Static

from sammachip_tui import clock
from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.records import FORUM_LIST_LABELS, Forum, ForumItem, ForumList
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.reports.forum_record import occupation_names
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.dialog import FormDialog
from sammachip_tui.screens.leave_dialog import LeaveDialog
from sammachip_tui.screens.saving import Saved, SaveError
from sammachip_tui.screens.table import Table
from sammachip_tui.store import forum as fs
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.register import get_village, village_label
from sammachip_tui.store.workspace import Change, Workspace

WIDE = 120  # from this width on: a column for the detail and the linked occupations
TALL = 36  # from this height on: the most-voted problems and needs under the list
LIST_KEYS = {ForumList.problem: "F5", ForumList.resource: "F6",
             ForumList.wisdom: "F7", ForumList.need: "F8"}  # fmt: skip
ENTRY_PROMPTS = {
    ForumList.problem: N_("Type a problem, then Enter"),
    ForumList.resource: N_("Type a resource or potential, then Enter"),
    ForumList.wisdom: N_("Type local wisdom, then Enter"),
    ForumList.need: N_("Type a need, then Enter"),
}


class ItemTable(Table):
    """The items of the list on show. Letters typed here go to the entry line."""

    BINDINGS = [
        Binding("enter", "screen.edit_item", N_("Edit"), id="item-edit"),
        Binding("plus,equals_sign", "screen.vote(1)", N_("Vote"), key_display="+",
                id="item-vote"),
        Binding("minus", "screen.vote(-1)", N_("Unvote"), key_display="-", id="item-unvote"),
        Binding("v", "screen.vote_count", N_("Votes"), show=False, id="item-votes",
                tooltip=N_("Forum: type the votes of the item")),
        Binding("delete,d", "screen.delete_item", N_("Delete"), key_display="Del",
                id="item-delete"),
        Binding("ctrl+z,u", "screen.undo_delete", N_("Undo"), key_display="^Z", id="item-undo"),
        Binding("ctrl+t", "screen.to_plan", N_("To plan"), key_display="^T", show=False,
                id="item-plan", tooltip=N_("Forum: put the need or problem into the action plan")),
        Binding("shift+up", "screen.move_item(-1)", N_("Move up"), show=False, id="item-up",
                tooltip=N_("Forum: move the item up")),
        Binding("shift+down", "screen.move_item(1)", N_("Move down"), show=False,
                id="item-down", tooltip=N_("Forum: move the item down")),
        Binding("home", "first_row", show=False),
        Binding("end", "last_row", show=False),
    ]  # fmt: skip
    OWN_KEYS = frozenset({"plus", "equals_sign", "minus", "v", "d", "u"})

    def action_first_row(self) -> None:
        self.move_cursor(row=0, animate=False)

    def action_last_row(self) -> None:
        self.move_cursor(row=max(self.row_count - 1, 0), animate=False)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.key not in self.OWN_KEYS:
            event.stop()
            event.prevent_default()
            if isinstance(self.screen, ForumScreen):
                self.screen.type_into_entry(event.character or "")


class EntryInput(ThaiInput):
    """The entry line. Text pasted as several lines (notes typed before the forum, say)
    becomes one item per line, added to the list on show."""

    @dataclass
    class PastedLines(Message):
        lines: list[str]

    def _on_paste(self, event: events.Paste) -> None:
        lines = [" ".join(line.split()) for line in event.text.splitlines()]
        lines = [line for line in lines if line]
        if len(lines) < 2:
            super()._on_paste(event)
            return
        event.stop()
        event.prevent_default()
        self.post_message(self.PastedLines(lines))


class ForumScreen(BaseScreen):
    BINDINGS = [
        Binding("f5", "show_list('problem')", N_("Problems"), show=False, priority=True,
                tooltip=N_("Forum: show the problems")),
        Binding("f6", "show_list('resource')", N_("Resources"), show=False, priority=True,
                tooltip=N_("Forum: show the resources and potential")),
        Binding("f7", "show_list('wisdom')", N_("Wisdom"), show=False, priority=True,
                tooltip=N_("Forum: show the local wisdom")),
        Binding("f8", "show_list('need')", N_("Needs"), show=False, priority=True,
                tooltip=N_("Forum: show the needs")),
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("f9", "attendance", N_("Attendance"), priority=True, id="forum-attendance",
                tooltip=N_("Forum: attendance")),
        Binding("ctrl+r", "ranked", N_("Ranked"), priority=True, id="forum-ranked",
                tooltip=N_("Forum: ranked by votes")),
        Binding("ctrl+o", "summary", N_("Summary"), priority=True, id="forum-summary",
                tooltip=N_("Forum: summary for a projector")),
        Binding("f4", "details", N_("Details"), priority=True, id="forum-details",
                tooltip=N_("Forum: details (date, place, resolutions)")),
    ]  # fmt: skip
    # The footer shows what fits in this order (the list's keys while it has focus); F1 all.
    FOOTER_ORDER = ("help", "back", "item-edit", "item-vote", "item-unvote", "item-delete",
                    "item-undo", "language", "quit", "forum-details", "forum-attendance",
                    "forum-ranked", "forum-summary")  # fmt: skip

    DEFAULT_CSS = """
    ForumScreen #info { height: auto; padding: 0 1; background: $panel; }
    ForumScreen #meta { width: 1fr; height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    ForumScreen #attend { width: auto; padding-left: 2; }
    ForumScreen #saved { width: auto; padding-left: 2; color: $success; }
    ForumScreen #saved.-saving { color: $warning; }
    ForumScreen #saved.-failed { color: $error; text-style: bold; }
    ForumScreen #tabs { height: 1; padding: 0 1; }
    ForumScreen #items { height: 1fr; }
    ForumScreen #top { height: 8; display: none; border-top: hkey $primary; }
    ForumScreen.-tall #top { display: block; }
    ForumScreen #top Static { width: 1fr; padding: 0 1; }
    ForumScreen #entry-row { height: 1; }
    ForumScreen #entry-label { width: auto; padding: 0 1; background: $primary; color: $text; }
    ForumScreen #entry-row Input { height: 1; border: none; padding: 0 1; background: $boost; }
    ForumScreen #entry-row Input:focus { background: $primary 25%; }
    ForumScreen #entry { width: 1fr; }
    ForumScreen #raised { width: 24; }
    ForumScreen #status { height: 1; padding: 0 1; color: $text-muted; }
    ForumScreen #status.-problem { color: $text; background: $error 40%; }
    """

    def __init__(self, village: str, forum_id: str) -> None:
        super().__init__(id="forum")
        self.village = village
        self.forum_id = forum_id
        self.current = ForumList.problem
        self.items: dict[str, ForumItem] = {}
        self.entry_text = ""
        self.raised_text = ""
        self.status = ""
        self.status_problem = False
        self.pending = 0
        self.saved_at = ""
        self.failed = ""
        self.deleted: list[str] = []  # undo stack of deleted item ids, newest last
        self._wide = False
        self._focus = "entry"

    def screen_title(self) -> str:
        v = get_village(self.ws, self.village)
        return _("Village forum") + " · " + village_label(self.village, v.name if v else "")

    # ------------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        if not self.items:
            self.items = {i.id: i for i in fs.items(self.ws, self.village, self.forum_id)}
        self._wide = self.app.size.width >= WIDE
        self.set_class(self.app.size.height >= TALL, "-tall")
        yield Header(icon="◆")
        with Horizontal(id="info"):
            yield Static(self._meta_text(), id="meta", markup=False)
            yield Static(self._attend_text(), id="attend", markup=False)
            yield Static(self._saved_text(), id="saved", markup=False)
        yield Static(self._tabs_text(), id="tabs")
        yield ItemTable(cursor_type="row", zebra_stripes=True, id="items")
        with Horizontal(id="top"):
            for which in (ForumList.problem, ForumList.need):
                yield Static(self._top_text(which), id=f"top-{which.value}")
        with Horizontal(id="entry-row"):
            yield Label(self._entry_label(), id="entry-label")
            yield EntryInput(
                value=self.entry_text,
                placeholder=_(ENTRY_PROMPTS[self.current]),
                id="entry",
                select_on_focus=False,
            )
            yield ThaiInput(
                value=self.raised_text,
                placeholder=_("raised by (optional)"),
                id="raised",
                select_on_focus=False,
            )
        yield Static(self._status_text(), id="status", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._after_compose()

    async def language_changed(self) -> None:
        await super().language_changed()
        self._after_compose()

    def _after_compose(self) -> None:
        self._fill_table()
        self._update_indicator()
        self.query_one("#status").set_class(self.status_problem, "-problem")
        target = "entry" if self._focus == "items" and not self._visible() else self._focus
        self.query_one(f"#{target}").focus()

    def on_resize(self, event: events.Resize) -> None:
        self._wide = self.app.size.width >= WIDE
        self.set_class(self.app.size.height >= TALL, "-tall")
        self._fill_table()
        self._update_top()
        self.query_one("#meta", Static).update(self._meta_text())

    def on_screen_resume(self) -> None:
        """Back from attendance or the details dialog: counts and details may have changed."""
        if self.is_mounted:
            self.title = self.screen_title()
            self.query_one("#meta", Static).update(self._meta_text())
            self.query_one("#attend", Static).update(self._attend_text())

    # ------------------------------------------------------------------------ texts
    def _forum(self) -> Forum | None:
        return fs.get_forum(self.ws, self.village, self.forum_id)

    def _meta_text(self) -> Text:
        """Date · place · facilitators; on a narrow window the facilitators get a line of
        their own (never dropped), and a line still too long ends in "…"."""
        forum = self._forum()
        if forum is None:
            return Text("")
        parts = [format_date_be(forum.date)]
        if forum.place:
            parts.append(forum.place)
        line = " · ".join(parts)
        if forum.facilitators:
            who = ", ".join(forum.facilitators)
            beside = cell_len(self._attend_text()) + cell_len(self._saved_text()) + 8
            fits = cell_len(line) + cell_len(who) + 3 <= self.app.size.width - beside
            line = f"{line} · {who}" if fits else f"{line}\n{who}"
        return Text(line, no_wrap=True, overflow="ellipsis")

    def _attend_text(self) -> str:
        forum = self._forum()
        if forum is None:
            return ""
        c = fs.forum_counts(self.ws, self.village, forum)
        text = _("Present {present}/{total} households").format(
            present=c.present, total=c.households
        )
        return text + (f" +{c.others}" if c.others else "")

    def _saved_text(self) -> str:
        if self.failed:
            return "✗ " + _("NOT SAVED")
        if self.pending:
            return "● " + _("saving…")
        if self.saved_at:
            return "✓ " + _("saved {time}").format(time=self.saved_at)
        return "✓ " + _("all saved")

    def _tabs_text(self) -> Text:
        counts = dict.fromkeys(ForumList, 0)
        for item in self.items.values():
            counts[item.list] += 1
        text = Text()
        for which in ForumList:
            label = f" {LIST_KEYS[which]} {_(FORUM_LIST_LABELS[which])} {counts[which]} "
            style = "bold reverse" if which is self.current else ""
            text.append(label, style=style)
            text.append(" ")
        return text

    def _entry_label(self) -> str:
        return _(FORUM_LIST_LABELS[self.current]) + " ›"

    def _status_text(self) -> str:
        return self.status or self._hint()

    def _hint(self) -> str:
        """The keys of where the focus is (Tab from the entry line goes to "raised by", and
        the hint once said it went to the list), each short enough for 80 columns."""
        if self._focus == "items":
            return _("+/−: vote · v: type the votes · Shift+↑↓: move · typing: a new item · "
                     "Esc: back")  # fmt: skip
        listed = any(i.list is self.current for i in self.items.values())
        if self._focus == "raised":
            if listed:
                return _("Enter: add · ↓ or Tab: the list · Shift+Tab: the item · Esc: back")
            return _("Enter: add · Shift+Tab: the item · F5–F8: switch list · Esc: back")
        if listed:
            return _("Enter: add · ↓: the list · Tab: raised by · F5–F8: switch list · Esc: back")
        return _("Enter: add · Tab: raised by · F5–F8: switch list · Esc: back")

    def _top_text(self, which: ForumList) -> Text:
        """The five most-voted items of a list, kept up to date as votes come in."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(_("Most votes: {list}").format(list=_(FORUM_LIST_LABELS[which])) + "\n",
                    style="bold")  # fmt: skip
        top = fs.ranked(i for i in self.items.values() if i.list == which)[:5]
        if not top:
            text.append("—")
        for n, (rank, item) in enumerate(zip(fs.vote_ranks(top), top, strict=True), 1):
            text.append(f"{rank}. ", style="bold")
            text.append(f"({item.votes}) ", style="dim")
            text.append(item.text + ("\n" if n < len(top) else ""))
        return text

    def _update_top(self) -> None:
        if self.has_class("-tall"):
            for which in (ForumList.problem, ForumList.need):
                self.query_one(f"#top-{which.value}", Static).update(self._top_text(which))

    # ------------------------------------------------------------------------ table
    def _visible(self) -> list[ForumItem]:
        found = [i for i in self.items.values() if i.list == self.current]
        return sorted(found, key=lambda i: (i.position, i.id))

    def _columns(self) -> list[tuple[str, str, int]]:
        width = self.app.size.width
        raised = 18 if self._wide else 12
        cols = [("n", "#", 3), ("votes", _("Votes"), 5), ("raised", _("Raised by"), raised)]
        if self._wide:
            cols += [("detail", _("Detail"), max(24, (width - 40) // 3))]
        used = sum(w + 2 for _k, _l, w in cols) + 2 + 2  # cell padding, scrollbar, text padding
        cols.insert(1, ("text", _("Item"), max(12, width - used)))
        return cols

    def _cells(self, n: int, item: ForumItem) -> list[Any]:
        cells: list[Any] = [str(n), item.text]
        cells.append(Text(str(item.votes), justify="right"))
        cells.append(item.raised_by)
        if self._wide:
            detail = item.detail
            if item.occupations:
                detail = (detail + " · " if detail else "") + occupation_names(item.occupations)
            cells.append(detail)
        return cells

    def _fill_table(self, keep: str | None = None) -> None:
        table = self.query_one("#items", ItemTable)
        if keep is None and table.row_count:
            keep = self._highlighted_id()
        table.clear(columns=True)
        for key, label, width in self._columns():
            table.add_column(label, key=key, width=width)
        visible = self._visible()
        for n, item in enumerate(visible, 1):
            table.add_row(*self._cells(n, item), key=item.id)
        ids = [i.id for i in visible]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)

    def _highlighted_id(self) -> str | None:
        table = self.query_one("#items", ItemTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _show_item(self, item: ForumItem) -> None:
        """Redraw only what an item's change touched."""
        old = self.items.get(item.id)
        if item.deleted:
            self.items.pop(item.id, None)
        else:
            self.items[item.id] = item
        table = self.query_one("#items", ItemTable)
        shown_before = old is not None and old.list == self.current
        shown_now = not item.deleted and item.list == self.current
        if not shown_before and not shown_now:
            pass
        elif (
            old is None
            and shown_now
            and all(i.position < item.position or i.id == item.id for i in self._visible())
        ):
            table.add_row(*self._cells(table.row_count + 1, item), key=item.id)
            table.move_cursor(row=table.row_count - 1, animate=False)
        elif shown_before and shown_now and old is not None and old.position == item.position:
            row = self._visible().index(item) + 1
            for (key, _label, _w), value in zip(self._columns(), self._cells(row, item),
                                                strict=True):  # fmt: skip
                table.update_cell(item.id, key, value)
        else:
            self._fill_table(keep=item.id if shown_now else None)
        self.query_one("#tabs", Static).update(self._tabs_text())
        self._update_top()
        self._refresh_hint()

    # ------------------------------------------------------------------------ saving
    def _submit(
        self,
        build: Callable[[Workspace], Iterable[Change | None]],
        *,
        on_failure: Callable[[str], None] | None = None,
        on_success: Callable[[], None] | None = None,
    ) -> None:
        """Build and commit on the writer thread; show the result when it is in the journal."""
        village = self.village

        def changed_items(ws: Workspace, ops: list[Op]) -> list[ForumItem]:
            # On the writer thread: read the changed items there, so that the interface
            # thread never waits for the store's lock while another commit is fsyncing.
            records = (ws.record(village, "item", op.record) for op in ops if op.kind == "item")
            return [ForumItem.from_record(r) for r in records if r is not None]

        def saved(result: Saved[list[ForumItem]]) -> None:
            self.pending -= 1
            self.failed = ""
            self.saved_at = clock.clock_text()
            for item in result.read or ():
                self._show_item(item)
            if on_success:
                on_success()
            self._update_indicator()

        def failed(error: SaveError) -> None:
            self.pending -= 1
            if not error.invalid:  # disk full, card pulled
                self.failed = error.message
            self._set_status(error.message, problem=True)
            if on_failure:
                on_failure(error.message)
            self._update_indicator()

        self.pending += 1
        self._update_indicator()
        self.save_in_background(build, then=changed_items, saved=saved, failed=failed)

    def _update_indicator(self) -> None:
        saved = self.query_one("#saved", Static)
        saved.update(self._saved_text())
        saved.set_class(bool(self.pending) and not self.failed, "-saving")
        saved.set_class(bool(self.failed), "-failed")

    def _set_status(self, text: str, *, problem: bool = False) -> None:
        self.status = text
        self.status_problem = problem
        status = self.query_one("#status", Static)
        status.update(self._status_text())
        status.set_class(problem, "-problem")

    # ------------------------------------------------------------------------ entry
    @on(Input.Changed, "#entry")
    def _entry_changed(self, event: Input.Changed) -> None:
        self.entry_text = event.value

    @on(Input.Changed, "#raised")
    def _raised_changed(self, event: Input.Changed) -> None:
        self.raised_text = event.value

    @on(Input.Submitted, "#entry")
    @on(Input.Submitted, "#raised")
    def _entered(self) -> None:
        self.add_entry()

    def add_entry(self) -> bool:
        """Add the entry line's text to the list on show; False (and why) if it cannot be."""
        text, raised = self.entry_text, self.raised_text
        if not text.strip():
            self._set_status(_("Type what was said first: an item cannot be empty."),
                             problem=True)  # fmt: skip
            self.query_one("#entry").focus()
            return False
        try:
            fs.clean_item_text(text)
        except FieldError as exc:
            self._set_status(exc.message, problem=True)
            return False
        which, village, forum_id = self.current, self.village, self.forum_id
        entry = self.query_one("#entry", Input)
        entry.value = ""
        self.query_one("#raised", Input).value = ""
        entry.focus()

        def restore(_reason: str) -> None:
            """The item did not reach the journal: give its text back (nothing is lost)."""
            if not entry.value:
                entry.value = text
                self.query_one("#raised", Input).value = raised
            else:
                self.notify(_("Not added, copy it again: {text}").format(text=text),
                            severity="error", timeout=30)  # fmt: skip

        self._set_status("")
        self._submit(
            lambda ws: [fs.add_item(ws, village, forum_id, which, text, raised_by=raised)],
            on_failure=restore,
        )
        return True

    def on_entry_input_pasted_lines(self, event: EntryInput.PastedLines) -> None:
        """Several pasted lines: one item each, in one commit (all saved, or none)."""
        try:
            texts = [fs.clean_item_text(line) for line in event.lines]
        except FieldError as exc:
            self._set_status(exc.message, problem=True)
            return
        which, village, forum_id = self.current, self.village, self.forum_id
        self._set_status(
            ngettext("Pasted {n} line: added as an item.", "Pasted {n} lines: one item each.",
                     len(texts)).format(n=len(texts))
        )  # fmt: skip

        def restore(_reason: str) -> None:
            self.notify(_("Not added, copy it again: {text}").format(text=" / ".join(texts)),
                        severity="error", timeout=30)  # fmt: skip

        self._submit(
            lambda ws: [fs.add_item(ws, village, forum_id, which, t) for t in texts],
            on_failure=restore,
        )

    def type_into_entry(self, character: str) -> None:
        entry = self.query_one("#entry", ThaiInput)
        entry.focus()
        entry.insert_text_at_cursor(character)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id in ("entry", "raised", "items"):
            self._focus = event.widget.id
            self._refresh_hint()

    def _refresh_hint(self) -> None:
        """The hint again, after the focus moved or the list on show filled or emptied (a
        message on the status line stays until the next action replaces it)."""
        if not self.status:
            self.query_one("#status", Static).update(self._hint())

    def key_down(self, event: events.Key) -> None:
        """↓ from the entry line goes to the list (the list handles its own ↓)."""
        if isinstance(self.focused, Input) and self._visible():
            event.stop()
            self.query_one("#items").focus()

    # ------------------------------------------------------------------------ actions
    def action_show_list(self, name: str) -> None:
        self.current = ForumList(name)
        self.query_one("#tabs", Static).update(self._tabs_text())
        self.query_one("#entry-label", Label).update(self._entry_label())
        self.query_one("#entry", Input).placeholder = _(ENTRY_PROMPTS[self.current])
        self._fill_table()
        if self.focused is self.query_one("#items") and not self._visible():
            self.query_one("#entry").focus()
        self._refresh_hint()

    def action_vote(self, delta: int) -> None:
        iid = self._highlighted_id()
        if iid is None:
            return
        village = self.village
        self._submit(lambda ws: [fs.vote(ws, village, iid, delta)])

    def action_delete_item(self) -> None:
        iid = self._highlighted_id()
        if iid is None:
            return
        village, text = self.village, self.items[iid].text
        self.deleted.append(iid)
        self._set_status(_("Deleted “{text}” · Ctrl+Z brings it back").format(text=text))
        self._submit(lambda ws: [fs.delete_item(ws, village, iid)])

    def action_undo_delete(self) -> None:
        if not self.deleted:
            self._set_status(_("Nothing to undo."))
            return
        iid, village = self.deleted.pop(), self.village

        def back() -> None:
            item = self.items.get(iid)
            if item is not None and item.list != self.current:
                self.action_show_list(item.list.value)
            self._set_status(_("Restored."))

        self._submit(lambda ws: [fs.restore_item(ws, village, iid)], on_success=back)

    def action_move_item(self, step: int) -> None:
        iid = self._highlighted_id()
        if iid is None:
            return
        village = self.village
        self._submit(lambda ws: [fs.move_item(ws, village, iid, step)])

    def action_edit_item(self, focus: str = "text") -> None:
        iid = self._highlighted_id()
        if iid is None:
            return
        from sammachip_tui.screens.item_dialog import ItemDialog

        self._edit_with(iid, ItemDialog(self.items[iid], focus=focus))

    def _edit_with(self, iid: str, dialog: FormDialog[dict[str, Any] | None]) -> None:
        """Open a dialog that edits item ``iid``: it saves the values it returns itself,
        and the item is redrawn once they are journaled."""
        village = self.village

        def done(values: dict[str, Any] | None) -> None:
            if values:  # saved by the dialog: show it
                self._show_item(fs.get_item(self.ws, village, iid))
                self.saved_at = clock.clock_text()
                self._update_indicator()

        dialog.saving_with(lambda values: lambda ws: [fs.edit_item(ws, village, iid, values)])
        self.app.push_screen(dialog, done)

    def action_to_plan(self) -> None:
        """Ctrl+T in the list: the need or problem into this year's action plan (its row,
        when it is there already); resources and wisdom are said to be no project."""
        iid = self._highlighted_id()
        if iid is None:
            return
        from sammachip_tui.screens.plan_dialogs import open_item_row

        try:
            open_item_row(self.app, self.ws, self.village, iid, self._set_status)
        except FieldError as exc:
            self._set_status(exc.message, problem=True)

    def action_vote_count(self) -> None:
        """``v`` in the list: the count of a show of hands, typed as one number."""
        iid = self._highlighted_id()
        if iid is None:
            return
        from sammachip_tui.screens.forum_votes import VotesDialog

        self._edit_with(iid, VotesDialog(self.items[iid]))

    def action_attendance(self) -> None:
        from sammachip_tui.screens.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(self.village, self.forum_id))

    def action_ranked(self) -> None:
        from sammachip_tui.screens.forum_views import RankedScreen

        self.app.push_screen(RankedScreen(self.village, self.forum_id))

    def action_summary(self) -> None:
        from sammachip_tui.screens.forum_views import SummaryScreen

        self.app.push_screen(SummaryScreen(self.village, self.forum_id))

    def action_details(self) -> None:
        from sammachip_tui.screens.forum_dialog import ForumDialog

        self.app.push_screen(ForumDialog(self.village, self.forum_id))

    def action_back(self) -> None:
        # Changes still on their way are journaled by the store whether or not this screen
        # is open; only their redraw is skipped.
        self.leave_when(self._entry_settled)

    async def ready_to_quit(self) -> bool:
        return await self._entry_settled()

    async def _entry_settled(self) -> bool:
        """Leaving or quitting with text on the entry line: add it, discard it, or stay.
        Read from the fields themselves: a key typed just before Ctrl+Q may not have
        reached ``entry_text`` yet. An item added here is waited for: if it cannot be saved,
        its text is back on the line and the officer stays."""
        entry, raised = self.query_one("#entry", Input), self.query_one("#raised", Input)
        text, by = entry.value.strip(), raised.value.strip()
        if not text and not by:
            return True
        self.entry_text, self.raised_text = entry.value, raised.value
        if text:
            title, what = (_("The entry line still holds text"),
                           f"{_(FORUM_LIST_LABELS[self.current])}: {text}")  # fmt: skip
        else:
            title, what = _("“Raised by” is typed, with no item"), by
        dialog = LeaveDialog(title, what, can_add=bool(text))
        choice = await self.app.push_screen(dialog, wait_for_dismiss=True)
        if choice == "add":
            if not self.add_entry():
                return False
            await self.writer_settled()
            return not self.failed and not entry.value.strip()
        if choice == "discard":
            entry.value = ""
            raised.value = ""
            return True
        entry.focus()
        return False
