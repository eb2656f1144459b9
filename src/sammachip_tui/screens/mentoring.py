"""One village's model households and mentoring (พี่สอนน้อง): who can teach, who learns from
whom, the sessions and what changed.

Four sections share one table (a digit or ] moves between them): the model households,
sages and trainers; the pairings, each with the sessions its learner came to and the change
of its income since the pairing started; the sessions; the outcomes. Every change goes
through ``store/mentoring.py`` on the store's writer, from the one entry dialog of typed
fields (``GroupDialog``), which saves itself and stays open with the reason when a rule
refuses it. Households are named by house number or name, never by an id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.mentoring_records import Mentoring
from sammachip_tui.screens.chrome import TranslatedFooter
from sammachip_tui.screens.group_dialogs import Field, GroupDialog, as_text
from sammachip_tui.screens.group_sections import _hint as type_hint
from sammachip_tui.screens.table import Column, Table, add_fitted_columns
from sammachip_tui.screens.table_view import TableViewScreen
from sammachip_tui.store import mentoring as sm
from sammachip_tui.store.register import get_village, village_label
from sammachip_tui.store.typed_texts import field_label, value_text

if TYPE_CHECKING:
    from sammachip_tui.screens.saving import Build
    from sammachip_tui.store.workspace import Change, Workspace

Texts = dict[str, str]


@dataclass(frozen=True)
class Section:
    key: str
    short: str  # msgid, the tab
    kind: str  # store/mentoring.py's KINDS


SECTIONS = (
    Section("1", N_("Model households"), "role"),
    Section("2", N_("Pairings"), "pair"),
    Section("3", N_("Sessions"), "session"),
    Section("4", N_("Outcomes"), "outcome"),
)
# Per section: the columns that share the room (text), and those a narrow window leaves out,
# lowest first (a pairing keeps its sessions and income change longest).
_LAYOUT: dict[str, tuple[set[int], dict[int, int]]] = {
    "role": ({0, 2, 3}, {4: 0, 3: 1}),
    "pair": ({0, 1, 2, 6}, {4: 0, 3: 1, 2: 2, 5: 3}),
    "session": ({1, 2, 3}, {4: 0, 0: 1}),
    "outcome": ({1, 2, 4}, {2: 0, 3: 1}),
}
_LEAST = {("pair", 6): 24, ("pair", 1): 14}  # the income change is read whole first
_HOUSEHOLD_HINT = {
    "household_id": N_("house no. or name"),
    "mentor_id": N_("house no. or name of a model household, sage or trainer"),
    "learner_id": N_("house no. or name"),
    "learners": N_("house nos. or names, comma-separated"),
}


def _section_binding(s: Section) -> Binding:
    return Binding(s.key, f"section('{s.key}')", s.short, id=f"section-{s.key}", show=False,
                   tooltip=s.short)  # fmt: skip


def fields_of(kind: str, stored: dict[str, str] | None = None,
              start: dict[str, str] | None = None) -> list[Field]:  # fmt: skip
    """The typed fields of ``kind``: what an entry holds (``stored``), or what a new one
    starts with (``start``: the selected pairing's mentor and learners)."""
    model = sm.KINDS[kind]
    out = []
    for name in sm.editable_fields(kind):
        held = (stored or {}).get(name, "")
        if name in sm.OUTCOME_FIGURES:
            label, hint = field_label(name, "income"), _("baht; empty: not known")
        else:
            label = field_label(name, model.KIND)
            hint = _(_HOUSEHOLD_HINT[name]) if name in _HOUSEHOLD_HINT else type_hint(model, name)  # type: ignore[arg-type]
        if name in ("started", "date") and not held:
            hint = _("empty: today")
        out.append(Field(name, label, (start or {}).get(name, held), held, hint))
    return out


class MentoringScreen(TableViewScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("r", "add('role')", N_("Role"), id="add-role",
                tooltip=N_("Mentoring: mark a model household, sage or trainer")),
        Binding("p", "add('pair')", N_("Pair"), id="add-pair",
                tooltip=N_("Mentoring: pair a mentor with a learning household")),
        Binding("s", "add('session')", N_("Session"), id="add-session",
                tooltip=N_("Mentoring: record a session and who came")),
        Binding("o", "outcome", N_("Outcome"), id="add-outcome",
                tooltip=N_("Mentoring: record what changed for the highlighted pairing")),
        Binding("x", "end", N_("End"), id="end-pair",
                tooltip=N_("Mentoring: end the highlighted pairing")),
        Binding("enter", "edit", N_("Edit"), id="edit", show=False,
                tooltip=N_("Mentoring: edit the highlighted row")),
        Binding("delete", "delete", N_("Delete"), id="delete",
                tooltip=N_("Mentoring: delete the highlighted row")),
        Binding("right_square_bracket", "next_section(1)", N_("Next"), id="next-section",
                tooltip=N_("Mentoring: next section")),
        *[_section_binding(s) for s in SECTIONS],
    ]  # fmt: skip
    FOOTER_ORDER = ("help", "back", "add-role", "add-pair", "add-session", "add-outcome",
                    "end-pair", "delete", "next-section", "language", "quit")  # fmt: skip
    MIN_SIZE = (60, 14)

    DEFAULT_CSS = """
    MentoringScreen #tabs { height: 1; padding: 0 1; background: $boost;
                            text-wrap: nowrap; text-overflow: ellipsis; }
    MentoringScreen #info { height: 1; padding: 0 1; color: $text-muted;
                            text-wrap: nowrap; text-overflow: ellipsis; }
    MentoringScreen #status { height: auto; padding: 0 1; }
    MentoringScreen #status.-problem { background: $error 40%; }
    MentoringScreen #table { height: 1fr; min-height: 3; }
    """

    def __init__(self, village: str, section: str = "1") -> None:
        super().__init__(id="mentoring")
        self.village = village
        self.section = next(s for s in SECTIONS if s.key == section)
        self.view: sm.MentoringView | None = None
        self._keys: list[str] = []
        self._width = 0

    def screen_title(self) -> str:
        v = get_village(self.ws, self.village)
        return _("Model households and mentoring") + " · " + village_label(
            self.village, v.name if v else "")  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="tabs")
        yield Static("", id="info", markup=False)
        yield Table(cursor_type="row", zebra_stripes=True, id="table")
        yield Static("", id="status", markup=False)
        yield TranslatedFooter()

    # ------------------------------------------------------------------------ drawing
    def reread(self) -> None:
        self.view = sm.mentoring_view(self.ws, self.village)
        self._show()

    refresh_view = reread

    def _show(self) -> None:
        self.title = self.screen_title()
        tabs = "  ".join(f"[reverse bold]{s.key} {_(s.short)}[/]" if s is self.section
                         else f"{s.key} {_(s.short)}" for s in SECTIONS)  # fmt: skip
        self.query_one("#tabs", Static).update(tabs)
        self.query_one("#info", Static).update(self._info())
        self._fill()

    def _info(self) -> str:
        view = self.view
        assert view is not None
        kind = self.section.kind
        if kind == "role":
            return _("r: mark a household · Enter: edit · Delete: delete")
        if kind == "pair":
            still = sum(1 for p in view.pairs if p.open)
            return _("{n} open · p: pair · s: session · o: outcome · x: end").format(n=still)
        if kind == "session":
            return _("s: record a session · Enter: edit · Delete: delete")
        return _("o: record an outcome of the highlighted pairing")

    def _rows(self) -> tuple[list[str], list[tuple[str, list[str]]]]:
        view = self.view
        assert view is not None
        kind = self.section.kind
        if kind == "role":
            return ([_("Household"), field_label("role", "model_role"), field_label("occupation"),
                     field_label("teaches"), field_label("since")],
                    [(r.id, [h.label, value_text(r.role), r.occupation, r.teaches,
                             value_text(r.since)]) for r, h in view.roles])  # fmt: skip
        if kind == "pair":
            return ([field_label("mentor_id"), field_label("learner_id"), field_label("occupation"),
                     field_label("started"), field_label("ended"), _("Sessions"), _("Income")],
                    [(p.pairing.id, [self._mentor_label(p.mentor, p.pairing), p.learner.label,
                                     p.pairing.occupation, value_text(p.pairing.started),
                                     value_text(p.pairing.ended), str(p.sessions), p.income.said])
                     for p in view.pairs])  # fmt: skip
        if kind == "session":
            return ([field_label("date"), field_label("mentor_id"), field_label("topic"),
                     field_label("learners"), field_label("hours")],
                    [(s.id, [value_text(s.date), m.label, s.topic,
                             ", ".join(h.label for h in came), value_text(s.hours)])
                     for s, m, came in view.sessions])  # fmt: skip
        return ([field_label("date"), field_label("learner_id"), field_label("mentor_id"),
                 field_label("started_occupation"), field_label("note")],
                [(o.id, [value_text(o.date), self._learner(o.learner_id, p),
                         p.mentor.label if p else "", value_text(o.started_occupation), o.note])
                 for o, p in view.outcomes])  # fmt: skip

    def _learner(self, household_id: str, line: sm.PairLine | None) -> str:
        """The learner of an outcome (its pairing may have been deleted since)."""
        return line.learner.label if line else sm.home_of(self.ws, self.village, household_id).label

    def _mentor_label(self, home: sm.Home, m: Mentoring) -> str:
        if not m.mentor_village:
            return home.label
        return f"{home.label} ({village_label(m.mentor_village)})"

    def _fill(self) -> None:
        table = self.query_one("#table", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        self._width = self.app.size.width
        names, found = self._rows()
        flexible, drops = _LAYOUT[self.section.kind]
        columns = [
            Column(f"c{i}", name, max((cell_len(r[1][i]) for r in found), default=0),
                   flexible=i in flexible, least=_LEAST.get((self.section.kind, i), 8),
                   drop=drops.get(i))
            for i, name in enumerate(names)
        ]  # fmt: skip
        shown = add_fitted_columns(table, columns, self._width)
        for key, cells in found:
            table.add_row(*(cells[int(k[1:])] for k in shown), key=key)
        self._keys = [key for key, _cells in found]
        if found:
            table.move_cursor(row=min(max(row, 0), len(found) - 1))

    def _selected_pair(self) -> sm.PairLine | None:
        """The highlighted pairing (or the pairing of the highlighted outcome)."""
        view, key = self.view, self._selected()
        if view is None or key is None:
            return None
        if self.section.kind == "pair":
            return view.pair(key)
        if self.section.kind == "outcome":
            found = next((p for o, p in view.outcomes if o.id == key), None)
            return found
        return None

    # ----------------------------------------------------------------------- sections
    def action_section(self, key: str) -> None:
        self.section = next(s for s in SECTIONS if s.key == key)
        self._show()

    def action_next_section(self, step: int) -> None:
        i = SECTIONS.index(self.section)
        self.section = SECTIONS[(i + step) % len(SECTIONS)]
        self._show()

    # ------------------------------------------------------------------------ editing
    def _open(self, title: str, fields: list[Field],
              commit: Callable[[Workspace, Texts], list[Change | None]], done: str,
              section: str) -> None:  # fmt: skip
        def build(texts: Texts) -> Build:
            return lambda ws: commit(ws, texts)

        def closed(texts: Texts | None) -> None:
            self._status(done if texts is not None else "")
            if texts is not None:
                self.section = next(s for s in SECTIONS if s.kind == section)
            self.refresh_view()

        self.app.push_screen(GroupDialog(title, fields).saving_with(build), closed)

    def action_add(self, kind: str) -> None:
        v = self.village
        start: dict[str, str] = {}
        chosen = self._selected_pair()
        if kind == "session" and chosen is not None:
            start = {"mentor_id": chosen.mentor.label, "learners": ", ".join(
                p.learner.label for p in self.view.pairs if p.open  # type: ignore[union-attr]
                and (p.mentor.id, p.pairing.mentor_village)
                == (chosen.mentor.id, chosen.pairing.mentor_village))}  # fmt: skip
        if kind == "pair" and self.section.kind == "role" and self._selected() and self.view:
            role = next((r, h) for r, h in self.view.roles if r.id == self._selected())
            start = {"mentor_id": role[1].label, "occupation": role[0].occupation}
        adders: dict[str, Callable[[Workspace, Texts], list[Change | None]]] = {
            "role": lambda ws, t: [sm.add_role(ws, v, t)],
            "pair": lambda ws, t: [sm.pair(ws, v, t)],
            "session": lambda ws, t: [sm.add_session(ws, v, t)],
        }
        titles = {"role": _("Mark a model household, sage or trainer"),
                  "pair": _("Pair a mentor with a learning household"),
                  "session": _("Record a session")}  # fmt: skip
        self._open(titles[kind], fields_of(kind, start=start), adders[kind], _("Saved."), kind)

    def _pair_or_say(self) -> sm.PairLine | None:
        """The highlighted pairing; without one, the officer is told where to find them."""
        chosen = self._selected_pair()
        if chosen is None:
            self._status(_("Highlight a pairing first (2: pairings)."), True)
        return chosen

    def action_outcome(self) -> None:
        chosen = self._pair_or_say()
        if chosen is None:
            return
        v, pid = self.village, chosen.pairing.id
        title = _("What changed for {learner}").format(learner=chosen.learner.label)
        self._open(
            title,
            fields_of("outcome"),
            lambda ws, t: list(sm.add_outcome(ws, v, pid, t)),
            _("Saved."),
            "outcome",
        )

    def action_end(self) -> None:
        chosen = self._pair_or_say()
        if chosen is None:
            return
        v, pid = self.village, chosen.pairing.id
        title = _("End the pairing {mentor} → {learner}").format(
            mentor=chosen.mentor.label, learner=chosen.learner.label)  # fmt: skip
        fields = [Field("ended", field_label("ended"), "", "", _("empty: today"))]
        self._open(title, fields, lambda ws, t: [sm.end_pairing(ws, v, pid, t.get("ended", ""))],
                   _("Pairing ended."), "pair")  # fmt: skip

    @on(DataTable.RowSelected, "#table")
    def action_edit(self) -> None:
        key, kind = self._selected(), self.section.kind
        if key is None or self.view is None:
            return
        record = self.ws.record(self.village, sm.KINDS[kind].KIND, key)
        if record is None:
            return
        entry = sm.KINDS[kind].from_record(record)
        stored = {name: self._as_typed(entry, name) for name in sm.editable_fields(kind)}
        v = self.village
        self._open(_("Edit: {what}").format(what=_(self.section.short)), fields_of(kind, stored),
                   lambda ws, t: [sm.edit(ws, v, kind, key, t)], _("Saved."), kind)  # fmt: skip

    def _as_typed(self, entry: Any, name: str) -> str:
        """What a field holds, as typed: households by house number and name."""
        if name not in type(entry).model_fields:
            return ""
        value = getattr(entry, name)
        where = getattr(entry, "mentor_village", "") or self.village
        if name == "mentor_id":
            return sm.home_of(self.ws, where, value).label
        if name in ("household_id", "learner_id"):
            return sm.home_of(self.ws, self.village, value).label
        if name == "learners":
            return ", ".join(sm.home_of(self.ws, self.village, h).label for h in value)
        return as_text(value)

    def action_delete(self) -> None:
        key, kind = self._selected(), self.section.kind
        if key is None:
            return
        row = self.query_one("#table", DataTable).get_row(key)
        question = _("Delete this entry of {section}?").format(section=_(self.section.short))
        v = self.village
        self.delete_after_yes(question + "\n" + " · ".join(map(str, row)),
                              lambda ws: sm.delete(ws, v, kind, key))  # fmt: skip

    def action_back(self) -> None:
        self.dismiss()
