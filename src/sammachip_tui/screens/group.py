"""One occupation group on the 5 ก: what it still lacks, and every entry of its life.

The readiness checklist (``group_rules.checklist``) stays in view above the sections, so an
officer typing the committee at the group's meeting sees "no treasurer yet" turn into a tick
as it is saved. The sections (ก๑ … ก๕, then the stages, support, markets, evaluations and
OTOP products) share one table; a digit or ] and [ move between them. Every change goes
through ``store/groups.py`` on the store's writer (the dialog saves it itself and stays open
when a value or a rule of the group refuses it); the screen only reads ``group_view``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from sammachip_tui import clock
from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.group_records import STAGE_LABELS
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.thai import to_arabic_digits, to_thai_digits
from sammachip_tui.screens.chrome import TranslatedFooter
from sammachip_tui.screens.group_dialogs import Field, GroupDialog
from sammachip_tui.screens.group_sections import (
    SECTIONS,
    TEXT_COLUMNS,
    Section,
    bylaws_fields,
    entries_of,
    entry_fields,
    headers,
    info,
    member_fields,
    new_member_fields,
    rows,
)
from sammachip_tui.screens.table import Column, Table, add_fitted_columns
from sammachip_tui.screens.table_view import TableViewScreen
from sammachip_tui.store import group_rules as rules
from sammachip_tui.store import groups as sg
from sammachip_tui.store.group_view import GroupView, group_view
from sammachip_tui.store.register import get_village, village_label

if TYPE_CHECKING:
    from sammachip_tui.screens.saving import Build
    from sammachip_tui.store.workspace import Change, Workspace

Texts = dict[str, str]


def _section_binding(s: Section) -> Binding:
    return Binding(s.key, f"section('{s.key}')", s.short, id=f"section-{s.key}", show=False,
                   tooltip=s.title)  # fmt: skip


@dataclass(frozen=True)
class Home:
    """A household as an officer may name it in a group dialog."""

    id: str
    house_no: str
    name: str
    village: str

    def words(self) -> str:
        return f"{self.name} {self.village}"


def _candidates(homes: list[Home]) -> str:
    shown = [f"{h.house_no} {h.name} ({h.village})".strip() for h in homes[:6]]
    return "; ".join(shown) + ("; …" if len(homes) > 6 else "")


def _pick(homes: list[Home], wanted: str, text: str, field: str) -> str | None:
    """The one household ``wanted`` names, None when none does; two or more that it names
    equally well are refused with the candidates (a house number is not unique: two homes
    of a village may share one, and a subdistrict group spans villages)."""
    words = wanted.split()
    for matches in (
        [h for h in homes if wanted == h.id],
        [h for h in homes if wanted == h.house_no],
        [h for h in homes if wanted == h.name],
        [h for h in homes if all(w == h.house_no or w in h.words() for w in words)],
    ):
        if len(matches) == 1:
            return matches[0].id
        if len(matches) > 1:
            raise FieldError(
                _("Several households match {text}: {candidates}. Type the house no. and the "
                  "name (e.g. {example}), or the village too.").format(
                    text=text, candidates=_candidates(matches),
                    example=f"{matches[0].house_no} {matches[0].name}".strip()),
                field,
            )  # fmt: skip
    return None


def member_id(ws: Workspace, view: GroupView, text: str, *, anyone: bool = False,
              field: str = "household_id") -> str:  # fmt: skip
    """The household an officer means by a house number or a name: a member of the group,
    or (``anyone``, to join) any household of the group's village, then of the device. An
    ambiguous number or name is refused with the candidates, never guessed."""
    wanted = " ".join(to_arabic_digits(text).split())
    if not wanted:
        return ""
    names: dict[str, str] = {}

    def where(code: str) -> str:
        if code not in names:
            v = get_village(ws, code)
            names[code] = village_label(code, v.name if v else "")
        return names[code]

    if anyone:
        villages = [view.village] + [v for v in ws.villages() if v != view.village]
        tiers = [[Home(r["id"], str(r.get("house_no", "")),
                       " ".join(f"{r.get('first_name', '')} {r.get('last_name', '')}".split()),
                       where(v)) for r in ws.records(v, "household")]
                 for v in villages]  # fmt: skip
        tiers = [tiers[0], [h for t in tiers[1:] for h in t]]
    else:
        tiers = [[Home(m.member.household_id, m.household.house_no if m.household else "",
                       m.name, where(m.household.village_code if m.household else view.village))
                  for m in view.members]]  # fmt: skip
    for homes in tiers:
        found = _pick(homes, wanted, text, field)
        if found is not None:
            return found
    raise FieldError(_("No household {text} here.").format(text=text), field)


class GroupScreen(TableViewScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("a,insert", "add", N_("Add"), id="add", tooltip=N_("Group: add to this section")),
        Binding("enter", "edit", N_("Edit"), id="edit", show=False,
                tooltip=N_("Group: edit the highlighted row")),
        Binding("delete", "delete", N_("Delete"), id="delete",
                tooltip=N_("Group: delete the highlighted row (a member leaves)")),
        Binding("t", "stage", N_("Stage"), id="stage",
                tooltip=N_("Group: move it to another stage")),
        Binding("b", "bylaws", N_("Bylaws"), id="bylaws", tooltip=N_("Group: edit the bylaws")),
        Binding("m", "add_member", N_("Member"), id="add-member",
                tooltip=N_("Group: a household joins")),
        Binding("e", "export", N_("Documents"), id="export",
                tooltip=N_("Group: write the establishment record (.docx and .md)")),
        Binding("k", "network", N_("Network"), id="network",
                tooltip=N_("Group: its network of partner groups")),
        Binding("p", "to_plan", N_("To plan"), id="to-plan", show=False,
                tooltip=N_("Group: put the highlighted activity or training into the action plan")),
        Binding("n", "rename", N_("Rename"), id="rename", show=False,
                tooltip=N_("Group: change its name")),
        Binding("right_square_bracket", "next_section(1)", N_("Next"), id="next-section",
                tooltip=N_("Group: next section")),
        Binding("left_square_bracket", "next_section(-1)", N_("Previous"), id="prev-section",
                show=False, tooltip=N_("Group: previous section")),
        *[_section_binding(s) for s in SECTIONS],
    ]  # fmt: skip
    FOOTER_ORDER = ("help", "back", "add", "next-section", "stage", "delete", "bylaws",
                    "add-member", "export", "network", "language", "quit")  # fmt: skip
    MIN_SIZE = (60, 14)

    DEFAULT_CSS = """
    GroupScreen #summary { height: 1; padding: 0 1; text-style: bold; }
    GroupScreen #checklist { height: 5; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    GroupScreen #tabs { height: 1; padding: 0 1; background: $boost;
                        text-wrap: nowrap; text-overflow: ellipsis; }
    GroupScreen #info { height: 1; padding: 0 1; color: $text-muted;
                        text-wrap: nowrap; text-overflow: ellipsis; }
    GroupScreen #status { height: auto; padding: 0 1; }
    GroupScreen #status.-problem { background: $error 40%; }
    GroupScreen #table { height: 1fr; min-height: 3; }
    """

    def __init__(self, village: str, group_id: str) -> None:
        super().__init__(id="group-screen")
        self.village = village
        self.group_id = group_id
        self.section = SECTIONS[0]
        self.view: GroupView | None = None
        self._keys: list[str] = []
        self._width = 0

    def screen_title(self) -> str:
        v = get_village(self.ws, self.village)
        name = self.view.group.name if self.view else self.group_id
        return name + " · " + village_label(self.village, v.name if v else "")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="summary", markup=False)
        yield Static("", id="checklist", markup=False)
        yield Static("", id="tabs")
        yield Static("", id="info", markup=False)
        yield Table(cursor_type="row", zebra_stripes=True, id="table")
        yield Static("", id="status", markup=False)
        yield TranslatedFooter()

    # ------------------------------------------------------------------------ drawing
    def reread(self) -> None:
        self.view = group_view(self.ws, self.village, self.group_id)
        self._show()

    refresh_group = reread

    def _show(self) -> None:
        view = self.view
        if view is None:
            self.query_one("#summary", Static).update(_("This group is no longer on this device."))
            return
        self.title = self.screen_title()
        self.query_one("#summary", Static).update(
            ngettext("{stage} · {n} member · fund {baht} baht",
                     "{stage} · {n} members · fund {baht} baht", len(view.current_members)).format(
                stage=_(STAGE_LABELS[view.stage]), n=len(view.current_members),
                baht=rules.money(view.balance()))
        )  # fmt: skip
        lines = [
            f"{'✓' if c.ok else '✗'} ก{to_thai_digits(str(c.ko))} {c.text}"
            for c in rules.checklist(view, clock.today())
        ]
        self.query_one("#checklist", Static).update("\n".join(lines))
        self.query_one("#tabs", Static).update(self._tabs(self.app.size.width - 2))
        extra = info(view, self.section)
        self.query_one("#info", Static).update(
            _(self.section.title) + (" · " + extra if extra else "")
        )
        self._fill()

    def _tabs(self, room: int) -> Text:
        """The sections' names, the current one marked; on a narrow window the first ones
        give way (with "…") so that the current one is always in view."""
        names = [f"{s.key} {_(s.short)}" for s in SECTIONS]
        current = SECTIONS.index(self.section)
        start = 0
        while start < current and cell_len("…  " + "  ".join(names[start : current + 1])) > room:
            start += 1
        tabs = Text("…  " if start else "")
        for i in range(start, len(SECTIONS)):
            tabs.append(names[i], style="reverse bold" if i == current else "")
            tabs.append("  ")
        return tabs

    def _fill(self) -> None:
        view = self.view
        if view is None:
            return
        table = self.query_one("#table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._width = self.app.size.width
        found = rows(view, self.section)
        names = headers(self.section)
        flexible = set(range(len(names))) if self.section.kind == "bylaws" else {
            i for i, n in enumerate(self.section.columns) if n in TEXT_COLUMNS
        } | ({1, 6} if self.section.kind == "members" else set())  # fmt: skip
        columns = [
            Column(f"c{i}", name, max((cell_len(r.cells[i]) for r in found), default=0),
                   flexible=i in flexible, least=8, drop=(i if i > 2 else None))
            for i, name in enumerate(names)
        ]  # fmt: skip
        shown = add_fitted_columns(table, columns, self._width)
        for r in found:
            table.add_row(*(r.cells[int(k[1:])] for k in shown), key=r.key)
        self._keys = [r.key for r in found]
        if found:
            table.move_cursor(row=min(max(row, 0), len(found) - 1))

    # ----------------------------------------------------------------------- sections
    def action_section(self, key: str) -> None:
        self.section = next(s for s in SECTIONS if s.key == key)
        self._show()

    def action_next_section(self, step: int) -> None:
        i = SECTIONS.index(self.section)
        self.section = SECTIONS[(i + step) % len(SECTIONS)]
        self._show()

    # ------------------------------------------------------------------------ editing
    def _open(self, title: str, fields: list[Any], commit: Callable[[Workspace, Texts],
              list[Change | None]], done: str, **options: Any) -> None:  # fmt: skip
        """A dialog of ``fields`` that saves ``commit(ws, texts)`` itself, on the writer."""

        def build(texts: Texts) -> Build:
            return lambda ws: commit(ws, texts)

        def closed(texts: Texts | None) -> None:
            # Saved: say so. Cancelled: nothing was saved, and an earlier "saved" must not
            # read as if this dialog's values had been.
            self._status(done if texts is not None else "")
            self.refresh_group()

        dialog = GroupDialog(title, fields, **options).saving_with(build)
        self.app.push_screen(dialog, closed)

    def _with_member(self, ws: Workspace, texts: Texts, name: str = "household_id") -> Texts:
        if name not in texts:
            return texts
        view = sg.group_of(ws, self.village, self.group_id)
        return {**texts, name: member_id(ws, view, texts[name], field=name)}

    def action_add(self) -> None:
        if self.view is None:
            return
        kind = self.section.kind
        if kind == "members":
            self.action_add_member()
        elif kind == "bylaws":
            self.action_bylaws()
        elif kind == "status":
            self.action_stage()
        else:
            v, g = self.village, self.group_id
            self._open(
                _("New: {what}").format(what=_(self.section.title)),
                entry_fields(self.view, kind, None),
                lambda ws, t: [sg.add_entry(ws, v, g, kind, self._with_member(ws, t))],
                _("Saved."),
            )

    @on(DataTable.RowSelected, "#table")
    def action_edit(self) -> None:
        key = self._selected()
        view = self.view
        if view is None:
            return
        kind = self.section.kind
        if key is None:
            self.action_add()
            return
        v, g = self.village, self.group_id
        if kind == "members":
            self._open(_("Member: {name}").format(name=view.member_name(key)),
                       member_fields(view, key),
                       lambda ws, t: [sg.member_edit(ws, v, g, key, t)], _("Saved."))  # fmt: skip
        elif kind == "bylaws":
            self.action_bylaws(focus=key)
        elif kind == "status":
            self._status(_("A stage decision stays as it was made: t records a new one."))
        else:
            entry = next(e for e in entries_of(view, self.section) if e.id == key)
            self._open(
                _("Edit: {what}").format(what=_(self.section.title)),
                entry_fields(view, kind, entry),
                lambda ws, t: [sg.edit_entry(ws, v, g, kind, key, self._with_member(ws, t))],
                _("Saved."),
            )

    def action_delete(self) -> None:
        key = self._selected()
        view = self.view
        kind = self.section.kind
        if view is None or key is None or kind in ("bylaws", "status"):
            if kind in ("bylaws", "status"):
                self._status(_("Nothing to delete here: these are corrected, not deleted."))
            return
        v, g = self.village, self.group_id
        if kind == "members":
            self._open(_("{name} leaves the group").format(name=view.member_name(key)),
                       member_fields(view, key, leaving=True),
                       lambda ws, t: [sg.member_edit(ws, v, g, key, t)], _("Saved."),
                       focus="left")  # fmt: skip
            return
        row = self.query_one("#table", DataTable).get_row(key)
        question = _("Delete this entry of {section}?").format(section=_(self.section.title))
        self.delete_after_yes(question + "\n" + " · ".join(map(str, row)),
                              lambda ws: [sg.delete_entry(ws, v, g, kind, key)])  # fmt: skip

    def action_stage(self) -> None:
        if self.view is None:
            return
        v, g = self.village, self.group_id
        self._open(
            _("Move the group to another stage"),
            entry_fields(self.view, "status", None),
            lambda ws, t: list(sg.change_status(ws, v, g, t)),
            _("Stage changed."),
        )

    def action_bylaws(self, focus: str = "") -> None:
        if self.view is None:
            return
        v, g = self.village, self.group_id
        from sammachip_tui.model.group_records import ALLOCATIONS

        self._open(_("Bylaws of {name}").format(name=self.view.group.name),
                   bylaws_fields(self.view), lambda ws, t: [sg.set_bylaws(ws, v, g, t)],
                   _("Bylaws saved."), focus=focus, totals=ALLOCATIONS)  # fmt: skip

    def action_add_member(self) -> None:
        if self.view is None:
            return
        v, g = self.village, self.group_id

        def commit(ws: Workspace, t: Texts) -> list[Change | None]:
            view = sg.group_of(ws, v, g)
            home = member_id(ws, view, t.get("household", ""), anyone=True, field="household")
            if not home:
                raise FieldError(_("Say which household joins."), "household")
            return [sg.add_member(ws, v, g, home, t.get("joined", ""), t.get("consent", "yes"))]

        self._open(_("A household joins {name}").format(name=self.view.group.name),
                   new_member_fields(), commit, _("Member added."))  # fmt: skip

    def action_export(self) -> None:
        from sammachip_tui.screens.export_dialog import ExportDialog, group_export

        self.app.push_screen(ExportDialog(group_export(self.village, self.group_id)))

    def action_network(self) -> None:
        from sammachip_tui.screens.network import GroupNetworkScreen

        self.app.push_screen(GroupNetworkScreen(self.village, self.group_id))

    def action_to_plan(self) -> None:
        """p on an activity or a training: into the plan of its fiscal year (its row, when it
        is there already)."""
        key = self._selected()
        if key is None or self.section.kind not in ("activity", "support"):
            self._status(_("p puts an activity (5) or a training (7) into the action plan."))
            return
        from sammachip_tui.screens.plan_dialogs import open_entry_row

        try:
            open_entry_row(self.app, self.ws, self.village, self.group_id, key, self._status)
        except FieldError as exc:
            self._status(exc.message, True)

    def action_rename(self) -> None:
        if self.view is None:
            return
        v, g = self.village, self.group_id
        name = self.view.group.name
        self._open(_("Rename {name}").format(name=name),
                   [Field("name", _("Group name"), name, name)],
                   lambda ws, t: [sg.rename(ws, v, g, t.get("name", name))],
                   _("Group renamed."))  # fmt: skip

    def action_back(self) -> None:
        self.dismiss()
