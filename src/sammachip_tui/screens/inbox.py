"""The inbox (กล่องรับ): every bundle received here and what became of it, and every bundle
sent from here with whether its peer acknowledged it, newest first (sync/inbox.py).

Enter shows one entry in full (what it held per kind and per village, the acknowledgement
code, why it was refused); f keeps one device's entries (the device asked about on the
phone). Opened with n from the villages list and F8 from the receive screen. Read only:
nothing here changes the data.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.i18n.wording import kind_counts
from sammachip_tui.screens.chrome import TranslatedFooter
from sammachip_tui.screens.dialog import Dialog, cancel_binding, save_binding
from sammachip_tui.screens.network import fill_table
from sammachip_tui.screens.table import Table
from sammachip_tui.screens.table_view import TableViewScreen
from sammachip_tui.sync import inbox
from sammachip_tui.sync.inbox import InboxEntry


class InboxScreen(TableViewScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("enter", "open", N_("Open"), id="open-entry", show=False,
                tooltip=N_("Inbox: the highlighted bundle in full")),
        Binding("f", "filter", N_("Device"), id="filter",
                tooltip=N_("Inbox: only one device's bundles (or every device's again)")),
    ]  # fmt: skip
    FOOTER_ORDER = ("help", "back", "filter", "language", "quit")
    MIN_SIZE = (60, 14)

    DEFAULT_CSS = """
    InboxScreen #summary { height: auto; padding: 0 1; }
    InboxScreen #table { height: 1fr; min-height: 3; }
    InboxScreen #status { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, device: str = "") -> None:
        super().__init__(id="inbox")
        self.device = device  # "" for every device
        self.entries: list[InboxEntry] = []
        self.every: list[InboxEntry] = []  # every device's, newest first (the filter's list)
        self.names: dict[str, str] = {}
        self._width = 0

    def screen_title(self) -> str:
        return _("Inbox")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="summary", markup=False)
        yield Table(cursor_type="row", zebra_stripes=True, id="table")
        yield Static("", id="status", markup=False)
        yield TranslatedFooter()

    def reread(self) -> None:
        data_dir = self.ws.data_dir
        entries = self.every = inbox.history(data_dir)
        self.names = inbox.device_names(data_dir, reversed(entries))  # the newest name wins
        self.entries = inbox.filtered(entries, self.device) if self.device else entries
        self.view = self.entries
        self._show()

    def _show(self) -> None:
        received = sum(1 for e in self.entries if e.direction == inbox.RECEIVED)
        summary = ngettext("{n} bundle received", "{n} bundles received", received).format(
            n=received
        ) + " · " + ngettext("{n} sent", "{n} sent", len(self.entries) - received).format(
            n=len(self.entries) - received
        )  # fmt: skip
        if self.device:
            who = inbox.device_text(self.entries[0], self.names) if self.entries else self.device
            summary = _("Device {name}: ").format(name=who) + summary
        self.query_one("#summary", Static).update(summary)
        table = self.query_one("#table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._width = self.app.size.width
        cells = [
            (inbox.when(e), "←" if e.direction == inbox.RECEIVED else "→",
             inbox.device_text(e, self.names), inbox.outcome_text(e), inbox.via_text(e) or "—",
             inbox.held_text(e), e.ack or e.crc)
            for e in self.entries
        ]  # fmt: skip
        heads = [_("When"), "", _("Device"), _("Outcome"), _("How"), _("What it held"),
                 _("Code")]  # fmt: skip
        self._keys = [str(n) for n in range(len(cells))]
        fill_table(table, heads, cells, self._keys, self._width, flexible=(2, 5),
                   drop={6: 1, 4: 2, 1: 3})  # fmt: skip
        if cells:
            table.move_cursor(row=min(max(row, 0), len(cells) - 1))
        self._status(
            _("Enter: the highlighted bundle in full · f: one device only")
            if cells
            else _("No bundle received or sent yet.")
        )

    def _entry(self) -> InboxEntry | None:
        key = self._selected()
        return None if key is None else self.entries[int(key)]

    @on(DataTable.RowSelected, "#table")
    def action_open(self) -> None:
        entry = self._entry()
        if entry is not None:
            self.app.push_screen(InboxEntryDialog(entry, self.names))

    def action_filter(self) -> None:
        def chosen(device: str | None) -> None:
            if device is not None:
                self.device = device
                self.reread()

        devices = {e.device_id: inbox.device_text(e, self.names) for e in self.every}
        self.app.push_screen(DeviceFilterDialog(devices, self.device), chosen)

    def action_back(self) -> None:
        self.dismiss()


def entry_lines(entry: InboxEntry, names: dict[str, str]) -> list[str]:
    """One entry in full, a line per fact, for the detail dialog."""
    from sammachip_tui.store.network import where

    direction = _("received") if entry.direction == inbox.RECEIVED else _("sent")
    lines = [
        _("When: {when}").format(when=inbox.when(entry)),
        _("Device: {device}").format(device=inbox.device_text(entry, names)) + f" · {direction}",
        _("Outcome: {outcome}").format(outcome=inbox.outcome_text(entry)),
    ]
    if entry.via:
        lines.append(_("How it came: {via}").format(via=inbox.via_text(entry)))
    if entry.ops:
        lines.append(_("What it held: {held}").format(held=inbox.held_text(entry)))
    if entry.by_kind:
        lines.append(_("Per kind: {kinds}").format(kinds=kind_counts(entry.by_kind)))
    for code, n in sorted(entry.by_village.items()):
        place = where(code) or code
        lines.append("  " + _("{place}: {n}").format(place=f"{place} ({code})", n=n))
    if entry.conflicts:
        lines.append(_("Conflicts: {n}").format(n=entry.conflicts))
    if entry.ack:
        lines.append(_("Acknowledgement code for the sender: {code}").format(code=entry.ack))
    if entry.made_for:
        from sammachip_tui.sync.bundle import made_for_text

        lines.append(made_for_text(entry.made_for, names))
    if entry.crc:
        lines.append(_("Bundle {crc}").format(crc=entry.crc))
    if entry.reason:
        lines.append(_("Why: {reason}").format(reason=entry.reason))
    return lines


class InboxEntryDialog(Dialog[bool]):
    """One inbox entry in full. Read only: Esc, Enter or Ctrl+S close it."""

    BINDINGS = [cancel_binding(N_("Close")), save_binding(N_("Close"))]
    DEFAULT_CSS = """
    InboxEntryDialog { align: center middle; background: $background 60%; }
    InboxEntryDialog > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, entry: InboxEntry, names: dict[str, str]) -> None:
        super().__init__(id="inbox-entry")
        self.entry = entry
        self.names = names

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("\n".join(entry_lines(self.entry, self.names)), id="entry",
                         markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def cancel_result(self) -> bool:
        return False

    async def action_save(self) -> None:
        self.dismiss(True)


class DeviceFilterDialog(Dialog[str]):
    """Returns the device whose entries to keep ("" for every device); Esc: None."""

    BINDINGS = [save_binding(N_("Show this one"))]
    DEFAULT_CSS = """
    DeviceFilterDialog { align: center middle; background: $background 60%; }
    DeviceFilterDialog > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    DeviceFilterDialog OptionList { height: auto; max-height: 12; }
    """

    def __init__(self, devices: dict[str, str], current: str = "") -> None:
        super().__init__(id="device-filter")
        self.devices = devices
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(_("Every device"), id="*")]
        options += [Option(text, id=device_id) for device_id, text in
                    sorted(self.devices.items(), key=lambda kv: kv[1])]  # fmt: skip
        with Vertical():
            yield Static(_("Whose bundles?"), markup=False)
            yield OptionList(*options, id="devices")

    def on_mount(self) -> None:
        found = self.query_one("#devices", OptionList)
        ids = [found.get_option_at_index(i).id for i in range(found.option_count)]
        found.highlighted = ids.index(self.current) if self.current in ids else 0
        found.focus()

    @on(OptionList.OptionSelected, "#devices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("" if event.option.id in (None, "*") else event.option.id)

    async def action_save(self) -> None:
        found = self.query_one("#devices", OptionList)
        option = found.highlighted_option or found.get_option_at_index(0)
        self.dismiss("" if option.id in (None, "*") else option.id)
