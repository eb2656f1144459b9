"""Choosing whom to send to, resolving the fields two devices edited at once, and the
devices this one has met."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from sammachip_tui import clock
from sammachip_tui.errors import UserError
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.household_fields import column_label
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.dialog import Dialog, save_binding
from sammachip_tui.screens.plain import plain_cells
from sammachip_tui.screens.saving import Saved, os_reason
from sammachip_tui.store.conflict_groups import Version, versions
from sammachip_tui.store.conflict_groups import record_label as record_label
from sammachip_tui.store.conflict_groups import shown_value as shown_value
from sammachip_tui.store.district_keys import generation_note
from sammachip_tui.store.hlc import parse_stamp
from sammachip_tui.store.workspace import Change, Conflict
from sammachip_tui.sync.bundle import CENTRAL
from sammachip_tui.sync.devices import STATUS_WORDS, DeviceRegistry, Status


class PeerDialog(Dialog[tuple[str, str] | None]):
    """Returns (peer id, label): the district's central store or a known device; Esc: None."""

    BINDINGS = [save_binding(N_("Send to this one"))]
    DEFAULT_CSS = """
    PeerDialog { align: center middle; background: $background 60%; }
    PeerDialog > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    PeerDialog OptionList { height: auto; max-height: 12; }
    """

    def compose(self) -> ComposeResult:
        registry = DeviceRegistry(self.ws.data_dir)
        options = [Option(_("District central store"), id=CENTRAL)]
        for d in sorted(registry.devices.values(), key=lambda d: d.name):
            if d.status is Status.accepted:
                options.append(Option(f"{d.name} ({d.device_id}, {d.fingerprint})", id=d.device_id))
        from sammachip_tui.store.service import services

        for device_id in sorted(set(services(self.ws)) - set(registry.devices)):
            # A new device given its villages (devices screen, n): filled before it has sent
            label = _("New device {id} (not met yet)").format(id=device_id)
            options.append(Option(label, id=device_id))
        with Vertical():
            yield Static(_("Send to whom?"), markup=False)
            yield OptionList(*options, id="peers")

    @on(OptionList.OptionSelected, "#peers")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((event.option.id or CENTRAL, str(event.option.prompt)))

    async def action_save(self) -> None:
        peers = self.query_one("#peers", OptionList)
        option = peers.highlighted_option or peers.get_option_at_index(0)
        self.dismiss((option.id or CENTRAL, str(option.prompt)))


class ConflictsScreen(BaseScreen):
    """Each field edited on two devices that had not seen each other's edit: both values,
    who made each and when; Enter keeps the highlighted one. The choice is an operation
    like any other, so it travels to the other devices with the next bundle.

    A central store holds the whole district's: they are grouped under one heading row per
    village (its name, subdistrict and count); Enter on a heading folds the village away
    or opens it again, so the officer works through one village at a time."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("enter", "keep", N_("Keep this value"), id="keep", show=False,
                tooltip=N_("Keep this value; on a village: fold it away or open it")),
    ]  # fmt: skip
    DEFAULT_CSS = """
    ConflictsScreen #hint { height: auto; padding: 0 1; color: $text-muted; }
    ConflictsScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(id="conflicts")
        # One per table row: a village heading (its code) or a version of a conflict.
        self.rows: list[str | tuple[Conflict, Version]] = []
        self.folded: set[str] = set()

    def screen_title(self) -> str:
        return _("Conflicts")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static(
            _("Fields edited on two devices at once, by village. Enter keeps the highlighted "
              "value; on a village, folds it away or opens it."),
            id="hint",
            markup=False,
        )  # fmt: skip
        yield DataTable(cursor_type="row", id="versions")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._fill()
        self.query_one("#versions").focus()

    async def language_changed(self) -> None:
        await super().language_changed()
        self._fill()

    def _fill(self, keep_on: str | None = None) -> None:
        from sammachip_tui.store.conflict_groups import by_village

        ws = self.ws
        names = {d.device_id: d.name for d in DeviceRegistry(ws.data_dir).devices.values()}
        names[ws.device.device_id] = ws.device.name
        table = self.query_one("#versions", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        columns = (("record", _("Record")), ("field", _("Field")), ("value", _("Value")),
                   ("who", _("Device")), ("when", _("When")))  # fmt: skip
        for key, label in columns:
            table.add_column(label, key=key)
        self.rows = []
        for group in by_village(ws):
            folded = group.village in self.folded
            mark = "▸ " if folded else "▾ "
            # Spread over the columns, so a heading never widens the record column.
            cells = (mark + group.label, group.subdistrict, group.count_text, group.village, "")
            table.add_row(*(Text(cell, style="bold") for cell in cells))
            if keep_on == group.village:
                row = len(self.rows)
            self.rows.append(group.village)
            if folded:
                continue
            for conflict in group.conflicts:
                self._add_versions(table, conflict, names)
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))
        else:
            self.query_one("#hint", Static).update(_("No conflicts: every device agrees."))

    def _add_versions(self, table: DataTable[Any], conflict: Conflict,
                      names: dict[str, str]) -> None:  # fmt: skip
        for v in versions(conflict):
            ms, _counter, device = parse_stamp(v.stamp)
            when = clock.local_time(ms)
            table.add_row(*plain_cells((
                record_label(self.ws, conflict),
                column_label(conflict.field) if conflict.kind == "household" else conflict.field,
                ("● " if v.shown else "○ ") + shown_value(conflict, v.value),
                names.get(device, device),
                f"{format_date_be(when.date())} {when:%H:%M}",
            )))  # fmt: skip
            self.rows.append((conflict, v))

    @on(DataTable.RowSelected, "#versions")
    def action_keep(self) -> None:
        table = self.query_one("#versions", DataTable)
        if not self.rows:
            return
        chosen = self.rows[table.cursor_row]
        if isinstance(chosen, str):  # a village heading: fold it away, or open it again
            self.folded ^= {chosen}
            self._fill(keep_on=chosen)
            return
        conflict, version = chosen
        change = Change(conflict.kind, conflict.village, {conflict.field: version.value},
                        record=conflict.record, resolve=True)  # fmt: skip
        value = shown_value(conflict, version.value)

        def kept(_result: Saved[None]) -> None:
            self.notify(_("Kept: {value}").format(value=value))
            self._fill()

        self.save_in_background(lambda ws: [change], saved=kept)  # journaled off this thread

    def action_back(self) -> None:
        self.dismiss()


class DevicesScreen(BaseScreen):
    """The devices met through sync. A new device's bundles wait until the officer compares
    the fingerprint on both screens and accepts it (a); revoking (x) refuses it from then on.

    Accepting and revoking act on the highlighted row's device id, never on its name: names
    are not unique, and a device calling itself after a known one is shown, with a warning,
    beside it (id, fingerprint, first seen) for the officer to tell them apart.
    """

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("a", "accept", N_("Accept"), id="accept"),
        Binding("x", "revoke", N_("Revoke"), id="revoke"),
        Binding("v", "serve", N_("Villages served"), id="serve"),
        Binding("n", "new_device", N_("New device"), id="new-device"),
    ]
    DEFAULT_CSS = """
    DevicesScreen #me { height: auto; padding: 0 1; }
    DevicesScreen #status { height: auto; padding: 0 1; color: $text-muted; }
    DevicesScreen #same-name { height: auto; padding: 0 1; color: $warning; }
    DevicesScreen DataTable { height: 1fr; }
    """
    STATUS_LABELS = STATUS_WORDS

    def __init__(self) -> None:
        super().__init__(id="devices")
        self.ids: list[str] = []
        self.same_name: dict[str, list[str]] = {}

    def screen_title(self) -> str:
        return _("Devices")

    def compose(self) -> ComposeResult:
        ws = self.ws
        yield Header(icon="◆")
        yield Static(
            _("This device: {name} ({id}) · fingerprint {fp}").format(
                name=ws.device.name, id=ws.device.device_id, fp=ws.device.fingerprint
            )
            + generation_note(ws.data_dir, ws.device)
            + self._serves_line(),
            id="me",
            markup=False,
        )
        yield DataTable(cursor_type="row", id="device-table")
        yield Static("", id="status", markup=False)
        yield Static("", id="same-name", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#same-name").display = False
        self._fill()
        self.query_one("#device-table").focus()

    async def language_changed(self) -> None:
        await super().language_changed()
        self._fill()

    def _serves_line(self) -> str:
        """What this device is sent, as the central store set it (a record that syncs); a
        central store holds the district: nothing to say."""
        from sammachip_tui.store.service import service_text

        ws = self.ws
        if ws.device.role.value == "central":
            return ""
        villages = service_text(ws, ws.device.device_id)
        return "\n" + _("Villages this device serves: {villages}").format(villages=villages)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Villages are given to devices at the central store only."""
        if action in ("serve", "new_device"):
            return self.ws.device.role.value == "central"
        return True

    def _fill(self) -> None:
        from sammachip_tui.store.service import services

        registry = DeviceRegistry(self.ws.data_dir)
        table = self.query_one("#device-table", DataTable)
        row, chosen = table.cursor_row, self._selected()
        table.clear(columns=True)
        columns = (("name", _("Device name")), ("id", _("Device")), ("fp", _("Fingerprint")),
                   ("status", _("Status")), ("held", _("Waiting bundles")),
                   ("villages", _("Villages")))  # fmt: skip
        for key, label in columns:
            table.add_column(label, key=key)
        devices = sorted(registry.devices.values(), key=lambda d: (d.status != Status.pending,
                                                                   d.name))  # fmt: skip
        served = services(self.ws)
        unmet = sorted(set(served) - set(registry.devices) - {self.ws.device.device_id})
        self.ids = [d.device_id for d in devices] + unmet
        self.same_name = {
            d.device_id: [o.described() for o in registry.named(d.name) if o is not d]
            for d in devices
        }
        every = _("every village")
        for d in devices:
            villages = ", ".join(served[d.device_id]) if d.device_id in served else every
            table.add_row(*plain_cells((d.name, d.device_id, d.fingerprint,
                                        _(self.STATUS_LABELS[d.status]),
                                        str(len(registry.held(d.device_id))), villages)),
                          key=d.device_id)  # fmt: skip
        for device_id in unmet:  # given villages before its first bundle came
            table.add_row(_("a device not met yet"), device_id, "", _("not met yet"), "0",
                          ", ".join(served[device_id]), key=device_id)  # fmt: skip
        if chosen in self.ids:  # the same device stays highlighted, wherever it moved
            table.move_cursor(row=self.ids.index(chosen))
        elif self.ids:
            table.move_cursor(row=min(max(row, 0), len(self.ids) - 1))
        else:
            self.query_one("#status", Static).update(
                _("No device yet: devices appear here when their first bundle is received.")
            )

    def _selected(self) -> str | None:
        """The highlighted row's device id (the row's key: what it shows, not a name)."""
        table = self.query_one("#device-table", DataTable)
        if not self.ids or table.row_count == 0:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    @on(DataTable.RowHighlighted, "#device-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        others = self.same_name.get(event.row_key.value or "", [])
        warning = self.query_one("#same-name", Static)
        warning.update("\n".join([
            _("Other devices have this name too. A name proves nothing: compare the "
              "fingerprint on the device's own screen before accepting."),
            *others,
        ]) if others else "")  # fmt: skip
        warning.display = bool(others)

    def action_accept(self) -> None:
        device_id = self._selected()
        if device_id is not None:
            self._change(device_id, accept=True)

    def action_revoke(self) -> None:
        device_id = self._selected()
        if device_id is not None:
            self._change(device_id, accept=False)

    def action_serve(self) -> None:
        from sammachip_tui.store.service import district_villages, served

        device_id = self._selected()
        if device_id is None:
            self.query_one("#status", Static).update(_("No device chosen."))
            return
        known = DeviceRegistry(self.ws.data_dir).get(device_id)
        name = known.name if known is not None else _("a device not met yet")
        villages = district_villages(self.ws)
        self._open_serve(device_id, name, villages, served(self.ws, device_id))

    def action_new_device(self) -> None:
        from sammachip_tui.store.service import district_villages

        self._open_serve(None, "", district_villages(self.ws), ())

    def _open_serve(self, device_id: str | None, name: str, codes: list[str],
                    now: tuple[str, ...] | None) -> None:  # fmt: skip
        from sammachip_tui.screens.serve_dialog import Serve, ServeDialog, serve_build
        from sammachip_tui.store.service import service_text, villages_text

        ws = self.ws
        villages = [(code, villages_text(ws, [code])) for code in codes]

        def done(choice: Serve | None) -> None:
            if choice is None or not self.is_attached:
                return
            self._fill()
            self.query_one("#status", Static).update(
                _("{id} serves: {villages}. Its next bundle holds these villages and the "
                  "district's own records (send it from the home screen).").format(
                    id=choice.device_id, villages=service_text(ws, choice.device_id))
            )  # fmt: skip

        dialog = ServeDialog(device_id, name, villages, now)
        self.app.push_screen(dialog.saving_with(serve_build), done)

    @work(thread=True, exclusive=True, group="devices")
    def _change(self, device_id: str, *, accept: bool) -> None:
        from sammachip_tui.sync.bundle import accept_device, revoke_device

        # On the store's writer, like every change of data: quitting waits for it, and
        # sync.json has one writer.
        try:
            if accept:
                accepted = self.ws.on_writer(lambda ws: accept_device(ws, device_id)).result()
                merged = sum(
                    sum(r.new.values()) + sum(r.updated.values()) for r in accepted.results
                )
                message = _("Accepted {name} (id {id} · fingerprint {fp}); {n} records merged "
                            "from its waiting bundles.").format(
                    name=accepted.name, id=accepted.device_id, fp=accepted.fingerprint, n=merged
                )  # fmt: skip
                for reason in accepted.refused:
                    message += "\n" + reason
            else:
                known = self.ws.on_writer(lambda ws: revoke_device(ws, device_id)).result()
                message = _("Revoked {name} (id {id} · fingerprint {fp}): its bundles are "
                            "refused from now on.").format(
                    name=known.name, id=known.device_id, fp=known.fingerprint
                )  # fmt: skip
        except UserError as exc:  # a refused bundle, a device no longer known
            message = exc.message
        except Exception as exc:  # a full disk, the workspace closing: said, not a crash
            message = _("Not saved: {reason}").format(reason=os_reason(exc))
        self.app.call_from_thread(self._done, message)

    def _done(self, message: str) -> None:
        if self.is_attached:
            self._fill()
            self.query_one("#status", Static).update(message)

    def action_back(self) -> None:
        self.dismiss()
