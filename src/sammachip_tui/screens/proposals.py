"""The review of group proposals: the ranked list, one proposal in detail, the officer's word.

The proposals are worked out off the interface thread (the first time in a process also
builds the Thai word list, about half a second; a subdistrict takes longer) and again after
every decision and whenever the screen comes back into view, so households or forum items
changed meanwhile are in them. Decisions are records (store/proposals.py): accepting makes the
group (status forming) with its members; rejecting, taking a household out or putting one in
keeps the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static

from sammachip_tui.grouping.proposer import Proposal, ProposalSet, Rules
from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.records import DecisionStatus, Household, ProposalDecision
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.lesson_dialogs import (
    ExcludeDialog,
    LessonsDialog,
    LivelihoodsDialog,
    MergeDialog,
    SplitDialog,
)
from sammachip_tui.screens.proposal_dialogs import (
    AcceptDialog,
    AddMemberDialog,
    OccupationDialog,
    ReasonDialog,
    RulesDialog,
)
from sammachip_tui.screens.saving import Saved
from sammachip_tui.screens.table import Table

if TYPE_CHECKING:
    from sammachip_tui.screens.saving import Build
from sammachip_tui.store import lessons as sl
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.register import get_village, village_label
from sammachip_tui.store.workspace import Change, Workspace

WIDE = 120
ROLE_LABELS = {
    "main": N_("main"),
    "secondary": N_("secondary"),
    "added": N_("added"),
}
REJECTED = "rejected:"
LEFT = "left"  # the row of volunteers no proposal holds


def proposal_heading(p: Proposal) -> str:
    """The first line of a proposal's detail, in words: its occupation, what joins it, how
    many households and which part of a split it is. The proposal's key (``52120505:weaving``)
    is the program's own handle; an officer reads none of it."""
    basis = _("by occupation type") if p.basis == "type" else _("by occupation")
    n = len(p.members)
    words = [p.craft.name_th, basis, ngettext("{n} household", "{n} households", n).format(n=n)]
    part = p.key.partition("#")[2]
    if part:
        words.append(_("part {k} of the split").format(k=part))
    return " · ".join(words)


class ProposalsScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("a", "accept", N_("Accept"), id="accept",
                tooltip=N_("Proposal: accept it (the group is made)")),
        Binding("x", "reject", N_("Reject"), id="reject",
                tooltip=N_("Proposal: reject it, with a reason")),
        Binding("plus", "add_member", N_("Add member"), id="add-member",
                tooltip=N_("Proposal: put a household in")),
        Binding("minus,delete", "remove_member", N_("Remove member"), id="remove-member",
                tooltip=N_("Proposal: take the highlighted member out")),
        Binding("o", "reopen", N_("Reopen"), id="reopen",
                tooltip=N_("Proposal: reopen a rejected one")),
        Binding("g", "open_group", N_("Open group"), id="open-group",
                tooltip=N_("Group: open the group just made (else this village's groups)")),
        Binding("s", "scope", N_("Village/subdistrict"), id="scope",
                tooltip=N_("Proposals: this village or the whole subdistrict")),
        Binding("u", "unsure", N_('"Not sure" too'), id="unsure",
                tooltip=N_('Proposals: count "not sure" answers too')),
        Binding("t", "by_type", N_("By type too"), id="by-type", show=False,
                tooltip=N_("Proposals: pool short occupations by occupation type")),
        Binding("m", "rules", N_("Group size"), id="rules",
                tooltip=N_("Proposals: smallest and largest group")),
        Binding("n", "new_occupation", N_("New occupation"), id="new-occupation",
                tooltip=N_("Occupations: add one the list lacks")),
        Binding("j", "merge", N_("Merge"), id="merge",
                tooltip=N_("Teach: this proposal and another are one occupation")),
        Binding("k", "split", N_("Split"), id="split", show=False,
                tooltip=N_("Teach: some of this proposal's occupations are another one")),
        Binding("e", "exclude", N_("Not a group occupation"), id="exclude", show=False,
                tooltip=N_("Teach: the highlighted member's occupation is no group's")),
        Binding("l", "lessons", N_("Lessons"), id="lessons", show=False,
                tooltip=N_("Teach: what the proposer was taught, and undo")),
        Binding("h", "livelihoods", N_("Livelihoods"), id="livelihoods", show=False,
                tooltip=N_("Village: livelihoods (rice, rubber …) proposed as groups here")),
    ]  # fmt: skip
    # The footer shows what fits in this order (deciding first, then what is counted); F1 all.
    FOOTER_ORDER = ("help", "back", "accept", "reject", "add-member", "remove-member", "scope",
                    "unsure", "rules", "reopen", "open-group", "new-occupation", "merge",
                    "language", "quit", "by-type", "split", "exclude", "lessons",
                    "livelihoods")  # fmt: skip

    DEFAULT_CSS = """
    ProposalsScreen #rules-line { height: 1; padding: 0 1; color: $text-muted; }
    ProposalsScreen #status { height: auto; padding: 0 1; }
    ProposalsScreen #status.-problem { background: $error 40%; }
    ProposalsScreen #body { height: 1fr; }
    ProposalsScreen #proposals { height: 8; }
    ProposalsScreen #side { height: 1fr; }
    ProposalsScreen #detail-scroll { height: 1fr; min-height: 4; }
    ProposalsScreen #detail { height: auto; padding: 0 1; }
    ProposalsScreen #members { height: 1fr; min-height: 4; }
    ProposalsScreen.-wide #body { layout: horizontal; }
    ProposalsScreen.-wide #proposals { width: 50; height: 1fr; }
    ProposalsScreen.-wide #side { width: 1fr; }
    """

    def __init__(self, village: str) -> None:
        super().__init__(id="proposals-screen")
        self.village = village
        self.scope = "village"
        self.include_unsure = False
        self.by_type = False
        self.result: ProposalSet | None = None
        self.selected: str | None = None
        self.names: dict[str, str] = {}  # group names typed and not yet accepted
        self.made: str | None = None  # the group the last accept made here (g opens it)
        self._away = False

    def screen_title(self) -> str:
        v = get_village(self.ws, self.village)
        return _("Group proposals") + " · " + village_label(self.village, v.name if v else "")

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= WIDE, "-wide")
        yield Header(icon="◆")
        yield Static("", id="rules-line", markup=False)
        with Vertical(id="body") if self.app.size.width < WIDE else Horizontal(id="body"):
            yield Table(cursor_type="row", zebra_stripes=True, id="proposals")
            with Vertical(id="side"):
                with VerticalScroll(id="detail-scroll"):
                    yield Static("", id="detail", markup=False)
                yield Table(cursor_type="row", zebra_stripes=True, id="members")
        yield Static(_("Working out the proposals…"), id="status", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#proposals").focus()
        self.refresh_proposals()

    async def language_changed(self) -> None:
        await super().language_changed()
        self.refresh_proposals()

    def on_resize(self) -> None:
        if (self.app.size.width >= WIDE) != self.has_class("-wide"):
            self.call_later(self.recompose_keeping)

    async def recompose_keeping(self) -> None:
        await self.recompose()
        self._show(self.result)

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        if self._away:  # households or forum items may have changed meanwhile
            self._away = False
            self.refresh_proposals()

    # ----------------------------------------------------------------------- the rules
    def rules(self) -> Rules:
        settings = self.settings.current
        return Rules(settings.group_min, settings.group_max, self.include_unsure, self.by_type)

    def _rules_text(self) -> str:
        rules = self.rules()
        scope = _("whole subdistrict") if self.scope == "subdistrict" else _("this village")
        unsure = _('"not sure" counted') if self.include_unsure else _("volunteers only")
        if self.by_type:  # said only when on: the line must fit 80 columns in Thai
            unsure = f"{unsure} · {_('same type too')}"
        return _("{scope} · groups of {low} to {high} · {unsure} (s, u, t, m change these)").format(
            scope=scope, low=rules.min_size, high=rules.max_size, unsure=unsure
        )

    # -------------------------------------------------------------------- computing
    def refresh_proposals(self) -> None:
        self._status(_("Working out the proposals…"))
        self._compute(self.scope, self.rules())

    @work(thread=True, exclusive=True, group="propose")
    def _compute(self, scope: str, rules: Rules) -> None:
        try:
            result = sp.proposal_set(self.ws, self.village, scope, rules)
        except Exception as exc:  # shown, never a crash: the data is untouched
            self.app.call_from_thread(self._status, str(exc), True)
            return
        self.app.call_from_thread(self._show, result)

    def _show(self, result: ProposalSet | None) -> None:
        if result is None or not self.is_mounted:
            return
        self.result = result
        self.query_one("#rules-line", Static).update(self._rules_text())
        table = self.query_one("#proposals", DataTable)
        table.clear(columns=True)
        table.add_column(_("Score"), key="score", width=5)
        table.add_column(_("Group occupation"), key="craft", width=20)
        table.add_column(_("Households"), key="n", width=cell_len(_("Households")))
        table.add_column(_("Basis"), key="basis", width=13)
        for p in result.proposals:
            status = p.decision.status if p.decision else DecisionStatus.open
            basis = _("by type") if p.basis == "type" else _("by occupation")
            if not p.complete:
                basis = _("short {k}").format(k=p.short_by)
            if status is DecisionStatus.accepted:
                basis = _("accepted")
            table.add_row(f"{p.score:.0f}", p.craft.name_th, str(len(p.members)), basis,
                          key=p.key)  # fmt: skip
        for d in result.rejected:
            table.add_row("✗", sp.proposal_name(self.ws, d.id), "", _("rejected"),
                          key=REJECTED + d.id)  # fmt: skip
        if result.left:
            table.add_row("·", _("in no proposal"), str(len(result.left)), "", key=LEFT)
        keys = [p.key for p in result.proposals] + [REJECTED + d.id for d in result.rejected]
        keys += [LEFT] if result.left else []
        if self.selected in keys:
            table.move_cursor(row=keys.index(self.selected))
        elif keys:
            self.selected = keys[0]
        self._detail()
        n = len(result.proposals)
        self._status(
            _("{n} proposals · {left} volunteers in none (the last row says why)").format(
                n=n, left=len(result.left)
            )
            if n
            else _("No proposal: fewer than {low} volunteers share an occupation.").format(
                low=result.rules.min_size
            )
        )

    # ---------------------------------------------------------------------- the detail
    def current(self) -> Proposal | None:
        if self.result is None:
            return None
        return next((p for p in self.result.proposals if p.key == self.selected), None)

    def current_rejected(self) -> ProposalDecision | None:
        if self.result is None or not (self.selected or "").startswith(REJECTED):
            return None
        key = (self.selected or "").removeprefix(REJECTED)
        return next((d for d in self.result.rejected if d.id == key), None)

    @on(DataTable.RowHighlighted, "#proposals")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value and event.row_key.value != self.selected:
            self.selected = event.row_key.value
            self._detail()

    def _detail(self) -> None:
        detail = self.query_one("#detail", Static)
        members = self.query_one("#members", DataTable)
        members.clear(columns=True)
        members.add_column(_("No."), key="house", width=6)
        members.add_column(_("Name"), key="name", width=22)
        if self.selected == LEFT and self.result is not None:
            detail.update(_("Volunteers in no proposal, and why"))
            members.add_column(_("Why"), key="why", width=60)
            for x in self.result.left:
                members.add_row(x.household.house_no, x.household.full_name, x.reason,
                                key=x.household.id)  # fmt: skip
            return
        members.add_column(_("Occupation as told"), key="occupation", width=18)
        members.add_column(_("From"), key="role", width=9)
        members.add_column("✓", key="trained", width=2)
        rejected = self.current_rejected()
        if rejected is not None:
            detail.update(_("Rejected: {reason}\no: reopen it").format(reason=rejected.reason))
            return
        p = self.current()
        if p is None:
            detail.update("")
            return
        lines = [proposal_heading(p)]
        lines += [f"+ {r}" for r in p.reasons]
        lines += [f"− {m}" for m in p.missing]
        if p.decision and p.decision.status is DecisionStatus.accepted:
            lines.append(_("Accepted: the group is forming."))
        detail.update("\n".join(lines))
        for m in p.members:
            # Joined through a related craft (ขนมลา with the desserts): said so, not "main".
            role = _("related") if m.kin else _(ROLE_LABELS.get(m.role, N_("same type")))
            members.add_row(m.household.house_no, m.household.full_name, m.text, role,
                            "✓" if m.household.trained else "", key=m.household.id)  # fmt: skip

    def _status(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "-problem")

    # -------------------------------------------------------------------- decisions
    def _save(self, build: Callable[[Workspace, str], Iterable[Change | None]],
              done_text: str) -> None:  # fmt: skip
        """Commit on the writer thread; a value that cannot be used is said, not saved."""
        village = self.village

        def saved(_result: Saved[None]) -> None:
            self.notify(done_text)
            self.refresh_proposals()

        self.save_in_background(
            lambda ws: build(ws, village),
            saved=saved,
            failed=lambda error: self._status(error.message, True),
        )

    def _decided(self, message: str) -> Callable[[object], None]:
        """What a dialog that saved a decision leaves to do here: say so, work out again."""

        def done(result: object) -> None:
            if result is not None:
                self.notify(message)
                self.refresh_proposals()

        return done

    def action_accept(self) -> None:
        p = self.current()
        if p is None:
            return
        if not p.complete:
            text = _("This proposal has {n} households; a group needs at least {min}.")
            self._status(text.format(n=len(p.members), min=len(p.members) + p.short_by), True)
            return
        what = _("{name}: {n} households").format(name=p.craft.name_th, n=len(p.members))
        village = self.village
        dialog = AcceptDialog(what, self.names.get(p.key) or sp.default_name(p)).saving_with(
            lambda name: lambda ws: sp.accept(ws, village, p, name)
        )

        def done(name: str | None) -> None:
            if name is None:  # not now: keep the name typed for the next time
                self.names[p.key] = dialog.group_name
                return
            self.names.pop(p.key, None)
            decision = self.ws.record(village, "proposal", p.key) or {}
            self.made = decision.get("group_id") or None
            self._decided(_("Group {name} made (forming).").format(name=name))(name)

        self.app.push_screen(dialog, done)

    def action_open_group(self) -> None:
        """The group the last accept made, at once: its committee and bylaws come next."""
        if self.made is None:
            from sammachip_tui.screens.groups import GroupsScreen

            self.app.push_screen(GroupsScreen(self.village))
            return
        from sammachip_tui.screens.group import GroupScreen

        self.app.push_screen(GroupScreen(self.village, self.made))

    def action_reject(self) -> None:
        p = self.current()
        if p is None:
            return
        village = self.village
        dialog = ReasonDialog(_("Reject this proposal"), p.craft.name_th).saving_with(
            lambda reason: lambda ws: [sp.reject(ws, village, p.key, reason)]
        )
        self.app.push_screen(dialog, self._decided(_("Rejected.")))

    def action_reopen(self) -> None:
        d = self.current_rejected()
        if d is not None:
            self._save(lambda ws, v: [sp.reopen(ws, v, d.id)], _("Reopened."))

    def action_remove_member(self) -> None:
        p = self.current()
        table = self.query_one("#members", DataTable)
        if p is None or table.row_count == 0:
            return
        hid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        home = next((m.household for m in p.members if m.household.id == hid), None)
        if home is None:
            return
        village = self.village
        title = _("Take {name} out of {group}").format(name=home.full_name, group=p.craft.name_th)
        dialog = ReasonDialog(title, home.occupation_main).saving_with(
            lambda reason: lambda ws: [sp.remove_member(ws, village, p.key, home.id, reason)]
        )
        self.app.push_screen(dialog, self._decided(_("Taken out.")))

    def action_add_member(self) -> None:
        p = self.current()
        if p is None:
            return
        inside = {m.household.id for m in p.members}
        villages = sp.villages_in(self.ws, sp.scope_code(self.village, self.scope))
        homes = [
            Household.from_record(r)
            for v in villages
            for r in self.ws.records(v, "household")
            if r["id"] not in inside
        ]
        homes.sort(key=lambda h: (h.village_code, h.house_no))
        village = self.village
        dialog = AddMemberDialog(homes).saving_with(
            lambda chosen: lambda ws: [sp.add_member(ws, village, p.key, chosen[0], chosen[1])]
        )
        self.app.push_screen(dialog, self._decided(_("Added.")))

    def action_scope(self) -> None:
        self.scope = "village" if self.scope == "subdistrict" else "subdistrict"
        self.refresh_proposals()

    def action_unsure(self) -> None:
        self.include_unsure = not self.include_unsure
        self.refresh_proposals()

    def action_by_type(self) -> None:
        self.by_type = not self.by_type
        self.refresh_proposals()

    def action_rules(self) -> None:
        rules = self.rules()

        def done(chosen: tuple[int, int] | None) -> None:
            if chosen:
                self.app.update_settings(group_min=chosen[0], group_max=chosen[1])
                self.refresh_proposals()

        self.app.push_screen(RulesDialog(rules.min_size, rules.max_size), done)

    def action_new_occupation(self) -> None:
        def build(values: dict[str, Any]) -> Build:
            extra = {k: v for k, v in values.items() if k != "name_th"}
            return lambda ws: [sp.add_occupation(ws, values["name_th"], **extra)]

        def done(values: dict[str, Any] | None) -> None:
            if values:
                message = _("Occupation {name} added.").format(name=values["name_th"])
                self._decided(message)(values)

        dialog = OccupationDialog(id="occupation-dialog").saving_with(build)
        self.app.push_screen(dialog, done)

    # ---------------------------------------------------------------------- teaching
    def action_merge(self) -> None:
        p = self.current()
        if p is None or self.result is None:
            return
        result = self.result
        others = [(q.key, q.craft.name_th, len(q.members)) for q in result.proposals
                  if q.craft.key != p.craft.key]  # fmt: skip
        dialog = MergeDialog(p.craft.name_th, others).saving_with(
            lambda key: lambda ws: [sl.merge(ws, result, p.key, key)]
        )
        self.app.push_screen(dialog, self._decided(_("Merged, in every village of the district.")))

    def action_split(self) -> None:
        p = self.current()
        if p is None or self.result is None:
            return
        result = self.result
        otype = p.craft.occupation_type.value if p.craft.occupation_type else ""
        texts = sl.member_texts(p)
        if len(texts) < 2:  # a split takes some of the texts, never all or none
            self._status(_("Its members give one occupation text only: nothing to split."),
                         problem=True)  # fmt: skip
            return
        dialog = SplitDialog(p.craft.name_th, texts).saving_with(
            lambda chosen: lambda ws: [sl.split(ws, result, p.key, chosen[0], chosen[1], otype)]
        )
        self.app.push_screen(dialog, self._decided(_("Split, in every village of the district.")))

    def action_exclude(self) -> None:
        p = self.current()
        table = self.query_one("#members", DataTable)
        text = ""
        if p is not None and table.row_count:
            hid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            text = next((m.text for m in p.members if m.household.id == hid), "")
        dialog = ExcludeDialog(text).saving_with(lambda chosen: lambda ws: [sl.exclude(ws, chosen)])
        message = _("Marked not a group occupation, in every village of the district.")
        self.app.push_screen(dialog, self._decided(message))

    def action_lessons(self) -> None:
        lexicon = sp.matcher(self.ws).lexicon
        lessons = sl.lesson_records(self.ws)
        names = {x.family: sl.family_name(x.family, lexicon) for x in lessons if x.family}
        self.app.push_screen(LessonsDialog(lessons, names), self._decided(_("Lesson undone.")))

    def action_livelihoods(self) -> None:
        lexicon = sp.matcher(self.ws).lexicon
        village = self.village
        families = [(c.key, c.name_th) for c in sl.base_families(lexicon)]
        now = set(sl.livelihoods(self.ws, village))

        def build(on: list[str]) -> Build:
            off = [k for k, _n in families if k not in on]
            return lambda ws: sl.switch_livelihoods(ws, village, lexicon, on, off)

        dialog = LivelihoodsDialog(village, families, now).saving_with(build)
        self.app.push_screen(dialog, self._decided(_("Livelihoods saved for this village.")))

    def action_back(self) -> None:
        self.dismiss()
