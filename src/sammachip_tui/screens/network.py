"""A group's network (its partners, k on the group screen) and the district's network (k on
the groups list), drawn as a picture when it fits the window and as a table otherwise.

Links are made, changed and deleted only through ``store/network.py`` on the store's writer
(the group dialog saves them itself and stays open with the reason when a rule refuses one);
these screens only read ``group_network`` and ``district_network``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.network_records import Exchange, LinkKind
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.group_dialogs import Field, GroupDialog, choices_hint
from sammachip_tui.screens.table import Column, Table, add_fitted_columns
from sammachip_tui.screens.table_view import TableViewScreen
from sammachip_tui.store import network as sn
from sammachip_tui.store.network_layout import Picture, draw
from sammachip_tui.store.register import get_village, village_label
from sammachip_tui.store.typed_texts import field_label

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sammachip_tui.screens.saving import Build
    from sammachip_tui.store.network import LinkLine, Network
    from sammachip_tui.store.workspace import Change, Workspace

Texts = dict[str, str]


def link_fields(stored: Texts | None = None) -> list[Field]:
    """The fields of a link, with what it holds (``stored``) or empty for a new one."""
    hints = {
        sn.PARTNER: _("a group of this device: its name"),
        "partner_village": _("8 digits; for a group elsewhere, with its name"),
        "partner_name": _("the name of a group not on this device"),
        "kind": choices_hint(LinkKind),
        "exchanges": choices_hint(Exchange).replace(" / ", ", "),
        "since": _("d/m/yyyy (B.E.)"),
        "note": "",
    }
    labels = {sn.PARTNER: field_label("partner_id", "group_link")}
    out = []
    for name in sn.LINK_FIELDS:
        value = (stored or {}).get(name, "")
        label = labels.get(name) or field_label(name, "group_link")
        out.append(Field(name, label, value, value, hints[name]))
    return out


def _village_names(ws: Workspace, codes: set[str]) -> dict[str, str]:
    out = {}
    for code in codes:
        v = get_village(ws, code)
        # a village not on this device: where the list of areas puts it, else its code
        out[code] = village_label(code, v.name) if v else sn.where(code) or code
    return out


def fill_table(table: DataTable, heads: list[str], cells: Sequence[tuple[str, ...]],
               keys: list[str], width: int, *, flexible: tuple[int, ...],
               drop: dict[int, int]) -> None:  # fmt: skip
    """The links as rows, in the columns that fit ``width`` (``drop``: which give way first,
    lowest first; ``flexible``: which share the room left, cut with "…")."""
    columns = [
        Column(f"c{i}", head, max((cell_len(c[i]) for c in cells), default=0),
               flexible=i in flexible, least=8, drop=drop.get(i))
        for i, head in enumerate(heads)
    ]  # fmt: skip
    shown = add_fitted_columns(table, columns, width)
    for key, c in zip(keys, cells, strict=True):
        table.add_row(*(c[int(k[1:])] for k in shown), key=key)


class GroupNetworkScreen(TableViewScreen):
    """The partners of one group: the links it recorded and those its partners recorded."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("a,insert", "add", N_("Link"), id="add",
                tooltip=N_("Network: link this group to a partner group")),
        Binding("enter", "edit", N_("Edit"), id="edit", show=False,
                tooltip=N_("Network: edit the highlighted link")),
        Binding("delete", "delete", N_("Delete"), id="delete",
                tooltip=N_("Network: delete the highlighted link")),
    ]  # fmt: skip
    FOOTER_ORDER = ("help", "back", "add", "delete", "language", "quit")
    MIN_SIZE = (60, 14)

    DEFAULT_CSS = """
    GroupNetworkScreen #summary { height: auto; padding: 0 1; }
    GroupNetworkScreen #table { height: 1fr; min-height: 3; }
    GroupNetworkScreen #status { height: auto; padding: 0 1; }
    GroupNetworkScreen #status.-problem { background: $error 40%; }
    """

    def __init__(self, village: str, group_id: str) -> None:
        super().__init__(id="group-network")
        self.village = village
        self.group_id = group_id
        self.lines: list[LinkLine] = []
        self._width = 0

    def _group_name(self) -> str:
        record = self.ws.record(self.village, "group", self.group_id)
        return str(record.get("name", "")) if record else self.group_id

    def screen_title(self) -> str:
        return _("Network of {name}").format(name=self._group_name())

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="summary", markup=False)
        yield Table(cursor_type="row", zebra_stripes=True, id="table")
        yield Static("", id="status", markup=False)
        yield TranslatedFooter()

    def reread(self) -> None:
        self.title = self.screen_title()
        self.lines = self.view = sn.group_network(self.ws, self.village, self.group_id)
        self._show()

    def _show(self) -> None:
        n = len(self.lines)
        summary = ngettext("{n} partner group", "{n} partner groups", n).format(n=n)
        if not n:
            summary = _("No partner yet: a links this group to another group (the same "
                        "product, or the one before or after it in a chain).")  # fmt: skip
        self.query_one("#summary", Static).update(summary)
        table = self.query_one("#table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._width = self.app.size.width
        places = _village_names(self.ws, {x.partner.village for x in self.lines})
        cells = [
            (x.partner.name + ("" if x.partner.on_device else " *"), places[x.partner.village],
             x.relation, x.exchanges, x.since)
            for x in self.lines
        ]  # fmt: skip
        heads = [_("Partner"), _("Village"), field_label("kind", "group_link"),
                 field_label("exchanges", "group_link"), field_label("since")]  # fmt: skip
        self._keys = [x.link.id for x in self.lines]
        fill_table(table, heads, cells, self._keys, self._width,
                   flexible=(0, 3), drop={1: 1, 3: 2, 4: 0})  # fmt: skip
        if self.lines:
            table.move_cursor(row=min(max(row, 0), n - 1))

    def _selected_line(self) -> LinkLine | None:
        key = self._selected()
        return next((x for x in self.lines if x.link.id == key), None)

    def _open(self, title: str, fields: list[Field],
              commit: Callable[[Workspace, Texts], list[Change | None]]) -> None:  # fmt: skip
        def build(texts: Texts) -> Build:
            return lambda ws: commit(ws, texts)

        def closed(texts: Texts | None) -> None:
            self._status(_("Saved.") if texts is not None else "")
            self.reread()

        self.app.push_screen(GroupDialog(title, fields).saving_with(build), closed)

    def action_add(self) -> None:
        v, g = self.village, self.group_id
        self._open(_("Link {name} to a partner group").format(name=self._group_name()),
                   link_fields(), lambda ws, t: [sn.add_link(ws, v, g, t)])  # fmt: skip

    @on(DataTable.RowSelected, "#table")
    def action_edit(self) -> None:
        line = self._selected_line()
        if line is None:
            self.action_add()
            return
        lid = line.link.id
        self._open(_("Edit the link"), link_fields(sn.link_texts(self.ws, line.link)),
                   lambda ws, t: [sn.edit_link(ws, lid, t)])  # fmt: skip

    def action_delete(self) -> None:
        line = self._selected_line()
        if line is None:
            return
        lid = line.link.id
        question = _("Delete the link with {name} ({link})?").format(
            name=line.partner.name, link=line.relation
        )
        self.delete_after_yes(question, lambda ws: [sn.unlink(ws, lid)])

    def action_back(self) -> None:
        self.dismiss()


class DistrictNetworkScreen(BaseScreen):
    """Every link of the device: a picture (chains left to right) when it fits the window,
    a table when it does not; v switches between them where both fit."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("v", "switch", N_("Picture/table"), id="switch",
                tooltip=N_("Network: the picture or the table of links")),
    ]  # fmt: skip
    FOOTER_ORDER = ("help", "back", "switch", "language", "quit")
    MIN_SIZE = (60, 14)

    DEFAULT_CSS = """
    DistrictNetworkScreen #counts { height: auto; padding: 0 1; }
    DistrictNetworkScreen #legend { height: auto; padding: 0 1; color: $text-muted; }
    DistrictNetworkScreen #scroll { height: 1fr; }
    DistrictNetworkScreen #graph { width: auto; padding: 0 1; text-wrap: nowrap; }
    DistrictNetworkScreen #table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(id="district-network")
        self.net: Network | None = None
        self.picture = Picture()
        self.want_table = False
        self._seen = (0, 0)

    def screen_title(self) -> str:
        return _("Network of the groups") + " · " + _("every village on this device")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="counts", markup=False)
        yield Static("", id="legend", markup=False)
        with VerticalScroll(id="scroll"):
            yield Static("", id="graph", markup=False)
        yield Table(cursor_type="row", zebra_stripes=True, id="table")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.net = sn.district_network(self.ws)
        self._show()

    async def language_changed(self) -> None:
        await super().language_changed()
        self._show()

    def on_resize(self, event: events.Resize) -> None:
        if (self.app.size.width, self.app.size.height) != self._seen:
            self._show()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.net = sn.district_network(self.ws)
            self._show()

    def room(self) -> tuple[int, int]:
        """Where the picture goes: the window's width, and the height under the counts for
        each group of linked groups (the picture scrolls between them)."""
        return self.app.size.width - 2, self.app.size.height - 6

    @property
    def drawn(self) -> bool:
        """The picture shown (not the table)."""
        return bool(self.picture.lines) and not self.want_table

    def _show(self) -> None:
        net = self.net
        if net is None:
            return
        self.title = self.screen_title()
        self._seen = (self.app.size.width, self.app.size.height)
        self.picture = draw(net, self.room())  # drawn only when it fits
        counts = sn.counts(net)
        if not net.links:
            counts = _("No links between groups yet: k on a group's screen links it to "
                       "another group.")  # fmt: skip
        self.query_one("#counts", Static).update(counts)
        drawn = self.drawn
        legend = _(sn.LEGEND)
        if net.links and not drawn and not self.want_table:
            legend = _("The picture does not fit this window: the links as a table.")
        self.query_one("#legend", Static).update(legend if net.links else "")
        self.query_one("#graph", Static).update("\n".join(self.picture.lines))
        self.query_one("#scroll").display = drawn
        table = self.query_one("#table", DataTable)
        table.display = not drawn and bool(net.links)
        self._fill_table(table)
        (self.query_one("#scroll") if drawn else table).focus()

    def _fill_table(self, table: DataTable) -> None:
        assert self.net is not None
        links = self.net.links
        places = _village_names(self.ws, {x.group.village for x in links}
                                | {x.partner.village for x in links})  # fmt: skip
        cells = [
            (x.group.name, places[x.group.village],
             x.partner.name + ("" if x.partner.on_device else " *"), x.relation, x.exchanges)
            for x in links
        ]  # fmt: skip
        heads = [_("Group"), _("Village"), _("Partner"), field_label("kind", "group_link"),
                 field_label("exchanges", "group_link")]  # fmt: skip
        table.clear(columns=True)
        fill_table(table, heads, cells, [str(n) for n in range(len(cells))],
                   self.app.size.width, flexible=(0, 2, 4), drop={1: 1, 4: 0})  # fmt: skip

    def action_switch(self) -> None:
        if not self.want_table and not self.picture.lines and self.net and self.net.links:
            self.notify(
                _("The picture needs at least {w}×{h} cells; this window is {have}.").format(
                    w=self.picture.width + 2, h=self.picture.tallest + 6,
                    have=f"{self.app.size.width}×{self.app.size.height}"),
                severity="warning",
            )  # fmt: skip
            return
        self.want_table = not self.want_table
        self._show()

    def action_back(self) -> None:
        self.dismiss()
