"""Model households and mentoring (พี่สอนน้อง): the one save path, and what the screens show.

The mentoring view, the household screen and ``sammachip mentor`` all change roles,
pairings, sessions and outcomes here, from typed texts (``store/typed_texts.py`` reads
them), with the households named the way an officer names them: a house number, a name, or
the id. A text that names no household, or several, is refused with the candidates, never
guessed. The programme's rules are checked before anything is built: a mentor holds a role
(model household, community sage, sammachip trainer), nobody mentors itself, an open
pairing is made once, and who came to a session is among the mentor's learners. An outcome's
income and expenses are the learner's income reading (``store/income.py``), so the
household keeps one history of its figures. Run the builders on the store's writer
(``submit_edit`` / ``commit_built``): they read what earlier edits left.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sammachip_tui import clock
from sammachip_tui.i18n import _, ngettext
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.income_records import IncomeReading, ReadingSource
from sammachip_tui.model.mentoring_records import (
    ROLE_LABELS,
    Mentoring,
    MentorOutcome,
    MentorSession,
    ModelRole,
)
from sammachip_tui.model.records import Household, Record
from sammachip_tui.model.thai import to_arabic_digits
from sammachip_tui.store import typed_texts as typed
from sammachip_tui.store.ids import record_id
from sammachip_tui.store.income import (
    delete_reading_changes,
    earlier_reading,
    reading_changes,
    readings,
)
from sammachip_tui.store.walking_order import house_sort_key, household_ids
from sammachip_tui.store.workspace import Change, Workspace

# What a user adds, edits and deletes, by the name the CLI and the screen use.
KINDS: dict[str, type[Record]] = {
    "role": ModelRole,
    "pair": Mentoring,
    "session": MentorSession,
    "outcome": MentorOutcome,
}
# Fields the store sets, or that are typed another way (the outcome's figures).
_SET_BY_STORE = {
    "role": frozenset(),
    "pair": frozenset({"ended"}),  # a pairing ends with ``end``
    "session": frozenset(),
    "outcome": frozenset({"reading_id", "learner_id", "mentoring_id"}),
}
_HOUSEHOLD_FIELDS = ("household_id", "mentor_id", "learner_id")
OUTCOME_FIGURES = ("income_month", "expense_month")  # typed with an outcome: its reading


def editable_fields(kind: str) -> list[str]:
    """The fields a user types for ``kind`` (an outcome's figures too), in the model's order."""
    names = typed.editable_fields(KINDS[kind], _SET_BY_STORE[kind] | {"mentor_village"})
    return names + list(OUTCOME_FIGURES) if kind == "outcome" else names


# ------------------------------------------------------------------------- households
@dataclass(frozen=True)
class Home:
    """A household as an officer names it: house number, name, and its village."""

    id: str
    village: str
    house_no: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.house_no} {self.name}".strip()


def homes(ws: Workspace, village: str) -> list[Home]:
    """The households of a village, in walking order."""
    found = [Household.from_record(r) for r in ws.records(village, "household")]
    found.sort(key=lambda h: (house_sort_key(h.house_no), h.first_name))
    return [Home(h.id, village, h.house_no, h.full_name) for h in found]


def home_of(ws: Workspace, village: str, household_id: str) -> Home:
    """A household by its id ("?" and the id when this device no longer has it)."""
    record = ws.record(village or "", "household", household_id) if village else None
    if record is None or record.get("deleted"):
        return Home(household_id, village, "", "? " + household_id)
    h = Household.from_record(record)
    return Home(h.id, village, h.house_no, h.full_name)


def name_household(ws: Workspace, villages: Iterable[str], text: str, field: str,
                   among: list[Home] | None = None) -> Home:  # fmt: skip
    """The household ``text`` names (id, house number, name, or house number and name), in
    the first of ``villages`` where any does (or ``among`` those households). Several that
    it names equally well are refused with the candidates: house numbers repeat."""
    wanted = " ".join(to_arabic_digits(text).split())
    if not wanted:
        raise NotNamed(_("{field} is needed.").format(field=typed.field_label(field)), field)
    tiers = [among] if among is not None else [homes(ws, v) for v in villages]
    words = wanted.split()
    for tier in tiers:
        for matches in (
            [h for h in tier if wanted in (h.id, h.house_no, h.name, h.label)],
            [h for h in tier if all(w == h.house_no or w in h.name for w in words)],
        ):
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                more = "; …" if len(matches) > 6 else ""
                shown = "; ".join(h.label for h in matches[:6]) + more
                raise FieldError(
                    _("Several households match {text}: {candidates}. Type the house no. and "
                      "the name.").format(text=text, candidates=shown), field)  # fmt: skip
    raise NotNamed(_("No household {text} here.").format(text=text), field)


class NotNamed(FieldError):
    """No household answers to the text (as opposed to several)."""


def _others_first(ws: Workspace, village: str) -> list[str]:
    return [village] + [v for v in ws.villages() if v != village]


# ---------------------------------------------------------------------------- reading
def roles_in(ws: Workspace, village: str) -> list[ModelRole]:
    """The village's model households, sages and trainers, in walking order."""
    found = [x for r in ws.records(village, "model_role") if (x := ModelRole.readable(r))]
    if not found:
        return []
    order = {h: i for i, h in enumerate(household_ids(ws, village))}
    return sorted(found, key=lambda r: (order.get(r.household_id, 1 << 30), r.role, r.id))


def roles_of(ws: Workspace, village: str, household_id: str) -> list[ModelRole]:
    return [r for r in roles_in(ws, village) if r.household_id == household_id]


def pairings_in(ws: Workspace, village: str) -> list[Mentoring]:
    found = [x for r in ws.records(village, "mentoring") if (x := Mentoring.readable(r))]
    return sorted(found, key=lambda m: (m.started, m.id))


def sessions_in(ws: Workspace, village: str) -> list[MentorSession]:
    found = [x for r in ws.records(village, "mentor_session") if (x := MentorSession.readable(r))]
    return sorted(found, key=lambda s: (s.date, s.id))


def outcomes_in(ws: Workspace, village: str) -> list[MentorOutcome]:
    found = [x for r in ws.records(village, "mentor_outcome") if (x := MentorOutcome.readable(r))]
    return sorted(found, key=lambda o: (o.date, o.id))


def mentor_village(m: Mentoring | MentorSession, village: str) -> str:
    return m.mentor_village or village


def _is_open(m: Mentoring) -> bool:
    """Not ended, or ending on a later day (an end agreed ahead)."""
    return m.ended is None or m.ended > clock.today()


@dataclass(frozen=True)
class IncomeChange:
    """A learner's monthly income before the pairing and now; ``said`` in words."""

    before: float | None
    now: float | None
    said: str


def income_change(ws: Workspace, village: str, m: Mentoring,
                  history: list[IncomeReading] | None = None) -> IncomeChange:  # fmt: skip
    """From the learner's readings (``history``, when read already): the latest on or before
    the pairing started, and the latest after it. Without a reading before, that is said
    (no made-up 0)."""
    if history is None:
        history = readings(ws, village, m.learner_id)
    if not history:  # the figures the household record holds (imported without dates)
        earlier = earlier_reading(ws, village, m.learner_id)
        if earlier is not None:
            history = [IncomeReading.model_construct(date=earlier[0], income_month=earlier[1])]
    found = [r for r in history if r.income_month is not None]
    before = [r for r in found if r.date <= m.started]
    after = [r for r in found if r.date > m.started]
    if not before:
        return IncomeChange(None, after[-1].income_month if after else None,
                            _("no income reading before the pairing started"))  # fmt: skip
    base = before[-1].income_month
    assert base is not None
    if not after:
        return IncomeChange(base, None, _("no income reading since the pairing started"))
    now = after[-1].income_month
    assert now is not None
    diff = now - base
    sign = "+" if diff >= 0 else "−"
    pct = f" ({sign}{abs(diff) / base:.0%})" if base else ""
    return IncomeChange(base, now, _("{before} → {now} baht a month: {sign}{diff}{pct}").format(
        before=typed.money(base), now=typed.money(now), sign=sign, diff=typed.money(abs(diff)),
        pct=pct))  # fmt: skip


@dataclass
class PairLine:
    """A pairing as the view shows it: who, since when, sessions attended, income change."""

    pairing: Mentoring
    mentor: Home
    learner: Home
    sessions: int
    income: IncomeChange
    outcomes: list[MentorOutcome] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return _is_open(self.pairing)


@dataclass
class MentoringView:
    """One village's roles, pairings (with sessions attended and income change), sessions
    and outcomes; names read from the households' own villages."""

    village: str
    roles: list[tuple[ModelRole, Home]]
    pairs: list[PairLine]
    sessions: list[tuple[MentorSession, Home, list[Home]]]
    outcomes: list[tuple[MentorOutcome, PairLine | None]]

    def pair(self, pairing_id: str) -> PairLine | None:
        return next((p for p in self.pairs if p.pairing.id == pairing_id), None)


def mentoring_view(ws: Workspace, village: str) -> MentoringView:
    """Each record read (and each household and reading validated) once: the view is read
    again after every save."""
    sessions = sessions_in(ws, village)
    known: dict[tuple[str, str], Home] = {}

    def home(v: str, hid: str) -> Home:
        if (v, hid) not in known:
            known[v, hid] = home_of(ws, v, hid)
        return known[v, hid]

    pairings = pairings_in(ws, village)
    learning = {m.learner_id for m in pairings}
    history: dict[str, list[IncomeReading]] = {h: [] for h in learning}
    for r in ws.records(village, "income"):
        if r.get("household_id") in learning:
            reading = IncomeReading.readable(r)
            if reading is not None:
                history[r["household_id"]].append(reading)
    for found in history.values():
        found.sort(key=lambda r: (r.date, r.id))
    attended: dict[tuple[str, str, str], int] = {}
    for s in sessions:
        for h in s.learners:
            at = (mentor_village(s, village), s.mentor_id, h)
            attended[at] = attended.get(at, 0) + 1
    pairs = []
    for m in pairings:
        mv = mentor_village(m, village)
        came = attended.get((mv, m.mentor_id, m.learner_id), 0)
        pairs.append(PairLine(m, home(mv, m.mentor_id), home(village, m.learner_id), came,
                              income_change(ws, village, m, history[m.learner_id])))  # fmt: skip
    by_id = {p.pairing.id: p for p in pairs}
    outcomes = []
    for o in outcomes_in(ws, village):
        line = by_id.get(o.mentoring_id)
        if line is not None:
            line.outcomes.append(o)
        outcomes.append((o, line))
    return MentoringView(
        village,
        [(r, home(village, r.household_id)) for r in roles_in(ws, village)],
        pairs,
        [(s, home(mentor_village(s, village), s.mentor_id),
          [home(village, h) for h in s.learners]) for s in sessions],
        outcomes,
    )  # fmt: skip


def household_lines(ws: Workspace, village: str, household_id: str) -> list[str]:
    """What the household screen says of a household's mentoring: its roles, whom it
    mentors (in any village) or who mentors it, the sessions it came to and its outcomes."""
    lines = [_("{role}: {occupation}").format(role=_(ROLE_LABELS[r.role]), occupation=r.occupation)
             + (" · " + _("can teach: {what}").format(what=r.teaches) if r.teaches else "")
             for r in roles_of(ws, village, household_id)]  # fmt: skip
    for v in ws.villages():
        view = mentoring_view(ws, v) if _mentions(ws, v, village, household_id) else None
        for p in view.pairs if view else []:
            state = "" if p.open else " · " + _("ended {date}").format(
                date=typed.value_text(p.pairing.ended))  # fmt: skip
            if p.mentor.id == household_id and mentor_village(p.pairing, v) == village:
                lines.append(_("Mentors {name} ({occupation}) since {date}").format(
                    name=p.learner.label, occupation=p.pairing.occupation,
                    date=typed.value_text(p.pairing.started)) + state)  # fmt: skip
            elif v == village and p.learner.id == household_id:
                lines.append(_("Learns {occupation} from {name} since {date}").format(
                    name=p.mentor.label, occupation=p.pairing.occupation,
                    date=typed.value_text(p.pairing.started)) + state)  # fmt: skip
                lines.append("  " + attended(p.sessions).format(
                    n=p.sessions, change=p.income.said))  # fmt: skip
                lines.extend("  " + outcome_text(o) for o in p.outcomes)
    return lines


def attended(n: int) -> str:
    """ "{n} sessions attended · income: {change}", said with the number."""
    return ngettext("{n} session attended · income: {change}",
                    "{n} sessions attended · income: {change}", n)  # fmt: skip


def _mentions(ws: Workspace, v: str, village: str, household_id: str) -> bool:
    for r in ws.records(v, "mentoring"):
        if r.get("learner_id") == household_id and v == village:
            return True
        if r.get("mentor_id") == household_id and (r.get("mentor_village") or v) == village:
            return True
    return False


def outcome_text(o: MentorOutcome) -> str:
    started = _("started the occupation") if o.started_occupation else ""
    parts = [typed.value_text(o.date), started, o.note]
    return " · ".join(p for p in parts if p)


# ------------------------------------------------------------------------------ rules
def _values(kind: str, texts: dict[str, str]) -> dict[str, Any]:
    """Typed texts of ``kind`` read by their field's type (households already named)."""
    hidden = _SET_BY_STORE[kind] - {"ended"} | {"mentor_village"}
    return typed.parse_texts(KINDS[kind], texts, hidden)


def _existing(ws: Workspace, village: str, kind: str, rid: str) -> dict[str, Any]:
    record = ws.record(village, KINDS[kind].KIND, rid)
    if record is None or record.get("deleted"):
        message = _("No entry {id} in village {village}.")
        raise FieldError(message.format(id=rid, village=village))
    return record


def _household_here(
    ws: Workspace, village: str, texts: dict[str, str], name: str
) -> dict[str, str]:
    if name in texts:
        texts = {**texts, name: name_household(ws, [village], texts[name], name).id}
    return texts


def role_problem(ws: Workspace, role: ModelRole, own_id: str = "") -> None:
    """The same role for the same occupation twice is one role."""
    for other in roles_of(ws, role.village_code, role.household_id):
        if other.id != own_id and other.role is role.role and other.occupation == role.occupation:
            raise FieldError(_("This household is already a {role} for {occupation}.").format(
                role=_(ROLE_LABELS[role.role]), occupation=role.occupation), "role")  # fmt: skip


def _mentor(ws: Workspace, village: str, text: str) -> Home:
    """The mentor ``text`` names: a household of this village first, then of the device,
    that holds a role (the roles that count are said when it holds none)."""
    mentors = [home_of(ws, v, r.household_id) for v in _others_first(ws, village)
               for r in roles_in(ws, v)]  # fmt: skip
    unique = list({(h.village, h.id): h for h in mentors}.values())
    try:
        return name_household(ws, (), text, "mentor_id", among=unique)
    except NotNamed:
        if not text.strip():
            raise
    found = name_household(ws, _others_first(ws, village), text, "mentor_id")
    return _holding_role(ws, found)


def _holding_role(ws: Workspace, home: Home) -> Home:
    if not roles_of(ws, home.village, home.id):
        roles = ", ".join(_(label) for label in ROLE_LABELS.values())
        raise FieldError(_("{name} holds no role: a mentor is one of {roles} (add a role first)."
                           ).format(name=home.label, roles=roles), "mentor_id")  # fmt: skip
    return home


def _open_pairings(ws: Workspace, village: str, mentor: Home) -> list[Mentoring]:
    return [m for m in pairings_in(ws, village)
            if m.mentor_id == mentor.id and mentor_village(m, village) == mentor.village
            and _is_open(m)]  # fmt: skip


# ---------------------------------------------------------------------------- changes
def add_role(ws: Workspace, village: str, texts: dict[str, str]) -> Change:
    """A household recognised as a model household, a sage or a trainer."""
    texts = _household_here(ws, village, texts, "household_id")
    values = _values("role", texts)
    role = typed.validated(ModelRole, {**values, "village_code": village})
    role_problem(ws, role)
    return Change(ModelRole.KIND, village, role.fields())


def pair(ws: Workspace, village: str, texts: dict[str, str]) -> Change:
    """A mentor paired with a learning household of ``village`` (started today unless said)."""
    texts = dict(texts)
    mentor = _mentor(ws, village, texts.pop("mentor_id", ""))
    texts = _household_here(ws, village, texts, "learner_id")
    if not texts.get("occupation", "").strip():  # the mentor's occupation, when it has one
        occupations = {r.occupation for r in roles_of(ws, mentor.village, mentor.id)}
        if len(occupations) == 1:
            texts["occupation"] = occupations.pop()
    if not texts.get("started", "").strip():
        texts.pop("started", None)
    values = {"started": clock.today(), **_values("pair", texts)}
    pair_problem(ws, village, mentor, values.get("learner_id", ""))
    other = "" if mentor.village == village else mentor.village
    pairing = typed.validated(
        Mentoring,
        {**values, "village_code": village, "mentor_id": mentor.id, "mentor_village": other},
    )
    return Change(Mentoring.KIND, village, pairing.fields())


def pair_problem(ws: Workspace, village: str, mentor: Home, learner_id: str, own_id: str = ""
                 ) -> None:  # fmt: skip
    """Nobody mentors itself; an open pairing is made once (checked before the model, whose
    own check cannot name the field)."""
    if mentor.id == learner_id and mentor.village == village:
        raise FieldError(_("A household cannot mentor itself."), "learner_id")
    if any(m.learner_id == learner_id and m.id != own_id
           for m in _open_pairings(ws, village, mentor)):  # fmt: skip
        raise FieldError(_("{mentor} already mentors {learner}: end that pairing first.").format(
            mentor=mentor.label, learner=home_of(ws, village, learner_id).label),
            "learner_id")  # fmt: skip


def end_pairing(ws: Workspace, village: str, pairing_id: str, ended: str = "") -> Change:
    """The pairing ends on ``ended`` (today when not said)."""
    current = Mentoring.from_record(_existing(ws, village, "pair", pairing_id))
    if not _is_open(current):
        raise FieldError(_("This pairing ended on {date}.").format(
            date=typed.value_text(current.ended)), "ended")  # fmt: skip
    day = clock.today()
    if ended.strip():
        day = typed.parse_texts(Mentoring, {"ended": ended})["ended"]
    if day < current.started:
        raise FieldError(_("The pairing started on {date}: it ends on that day or later.").format(
            date=typed.value_text(current.started)), "ended")  # fmt: skip
    return Change(Mentoring.KIND, village, {"ended": day.isoformat()}, record=pairing_id)


def _learners(ws: Workspace, village: str, mentor: Home, text: str) -> list[str]:
    """Who came: each named among the mentor's learners in this village."""
    mine = [home_of(ws, village, m.learner_id) for m in _open_pairings(ws, village, mentor)]
    if not mine:
        raise FieldError(_("{mentor} mentors no household of this village yet: pair them first."
                           ).format(mentor=mentor.label), "mentor_id")  # fmt: skip
    parts = [p for p in text.replace("،", ",").split(",") if p.strip()]
    found = [name_household(ws, (), p, "learners", among=mine).id for p in parts]
    return list(dict.fromkeys(found))


def add_session(ws: Workspace, village: str, texts: dict[str, str]) -> Change:
    texts = dict(texts)
    mentor = _mentor(ws, village, texts.pop("mentor_id", ""))
    came = _learners(ws, village, mentor, texts.pop("learners", ""))
    values = _values("session", texts)
    other = "" if mentor.village == village else mentor.village
    session = typed.validated(
        MentorSession,
        {
            **values,
            "village_code": village,
            "learners": came,
            "mentor_id": mentor.id,
            "mentor_village": other,
        },
    )
    if not came:
        raise FieldError(_("Say who came (the mentor's learners)."), "learners")
    _session_problem(ws, village, mentor, session)
    return Change(MentorSession.KIND, village, session.fields())


def _session_problem(ws: Workspace, village: str, mentor: Home, session: MentorSession) -> None:
    """A session is dated on or after the day each learner who came was paired with the
    mentor (a session typed late is fine; one before the pairing is a slip of the date)."""
    started = {
        m.learner_id: m.started
        for m in pairings_in(ws, village)
        if m.mentor_id == mentor.id and mentor_village(m, village) == mentor.village
    }
    for learner in session.learners:
        day = started.get(learner)
        if day is not None and session.date < day:
            raise FieldError(
                _("{name} was paired with the mentor on {date}: the session is dated before "
                  "that.").format(name=home_of(ws, village, learner).label,
                                  date=typed.value_text(day)),
                "date",
            )  # fmt: skip


def add_outcome(ws: Workspace, village: str, pairing_id: str, texts: dict[str, str]
                ) -> list[Change]:  # fmt: skip
    """What changed for the learner; its income and expenses then are the household's
    income reading (source: mentoring), recorded first so the outcome names it."""
    pairing = Mentoring.from_record(_existing(ws, village, "pair", pairing_id))
    figures = {k: texts[k] for k in OUTCOME_FIGURES if texts.get(k, "").strip()}
    read = typed.parse_texts(IncomeReading, figures)
    rest = {k: v for k, v in texts.items() if k not in OUTCOME_FIGURES}
    if not rest.get("date", "").strip():
        rest.pop("date", None)
    values = {"date": clock.today(), **_values("outcome", rest)}
    outcome = typed.validated(
        MentorOutcome,
        {
            **values,
            "village_code": village,
            "mentoring_id": pairing.id,
            "learner_id": pairing.learner_id,
        },
    )
    if outcome.date < pairing.started:
        raise FieldError(_("The pairing started on {date}: an outcome comes on or after it."
                           ).format(date=typed.value_text(pairing.started)), "date")  # fmt: skip
    changes: list[Change] = []
    if read:
        reading = reading_changes(ws, village, pairing.learner_id, outcome.date,
                                  read.get("income_month"), read.get("expense_month"),
                                  ReadingSource.mentoring, outcome.note)  # fmt: skip
        # The new reading is the last reading made (the household's earlier figures, when
        # they become a reading first, come before it); each change before it is one
        # operation, so its id is the sequence number that far on.
        at = max(i for i, c in enumerate(reading) if c.kind == "income" and c.record is None)
        rid = record_id(ws.device.device_id, ws.sequence + 1 + at)
        outcome = outcome.model_copy(update={"reading_id": rid})
        changes.extend(reading)
    return [*changes, Change(MentorOutcome.KIND, village, outcome.fields())]


def edit(ws: Workspace, village: str, kind: str, rid: str, texts: dict[str, str]
         ) -> Change | None:  # fmt: skip
    """The fields of a role, pairing, session or outcome that the texts change (households
    named as when adding); None when none does. The rules are checked again."""
    model = KINDS[kind]
    current = model.from_record(_existing(ws, village, kind, rid))
    texts = dict(texts)
    if kind == "role":
        texts = _household_here(ws, village, texts, "household_id")
    if kind in ("pair", "session") and "mentor_id" in texts:
        mentor = _mentor(ws, village, texts.pop("mentor_id"))
        other = "" if mentor.village == village else mentor.village
        extra: dict[str, Any] = {"mentor_id": mentor.id, "mentor_village": other}
    else:
        mentor = None
        extra = {}
    if kind == "pair":
        texts = _household_here(ws, village, texts, "learner_id")
    if kind == "session" and "learners" in texts:
        assert isinstance(current, MentorSession)
        who = mentor or home_of(ws, mentor_village(current, village), current.mentor_id)
        extra["learners"] = _learners(ws, village, who, texts.pop("learners"))
    values = {**current.model_dump(), **_values(kind, texts), **extra}
    if isinstance(current, Mentoring) and values != current.model_dump():
        who = mentor or home_of(ws, mentor_village(current, village), current.mentor_id)
        pair_problem(ws, village, who, values["learner_id"], rid)
    entry = typed.validated(model, values)
    if isinstance(entry, ModelRole):
        role_problem(ws, entry, rid)
    if isinstance(entry, MentorSession) and isinstance(current, MentorSession):
        who = mentor or home_of(ws, mentor_village(current, village), current.mentor_id)
        _session_problem(ws, village, who, entry)
    old = current.fields()
    changed = {k: v for k, v in entry.fields().items() if old.get(k) != v}
    return Change(model.KIND, village, changed, record=rid) if changed else None


def delete(ws: Workspace, village: str, kind: str, rid: str) -> list[Change]:
    """Deleted (kept as deleted, so that a device that has it learns it is gone). A role
    held by a mentor of an open pairing stays: end the pairing first. An outcome takes its
    income reading with it (the household's figures go back to the reading before)."""
    record = _existing(ws, village, kind, rid)
    if kind == "role":
        home = home_of(ws, village, record["household_id"])
        left = [r for r in roles_of(ws, village, home.id) if r.id != rid]
        teaching = [m for v in ws.villages() for m in _open_pairings(ws, v, home)]
        if teaching and not left:
            raise FieldError(ngettext("{name} mentors {n} household: end that pairing first.",
                                      "{name} mentors {n} households: end those pairings first.",
                                      len(teaching)).format(
                name=home.label, n=len(teaching)))  # fmt: skip
    changes = [Change(KINDS[kind].KIND, village, {"deleted": True}, record=rid)]
    reading = record.get("reading_id") if kind == "outcome" else None
    if reading and ws.record(village, "income", reading) is not None:
        with contextlib.suppress(FieldError):  # the reading deleted already: nothing more
            changes += delete_reading_changes(ws, village, record["learner_id"], reading)
    return changes
