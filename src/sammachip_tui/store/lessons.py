"""The officer's lessons to the proposer, and the livelihoods switched on per village, as records.

A lesson (merge two proposals, split one, "not a group occupation") is an ``OccupationLesson``
in the district's shard: it applies to every village of the district, syncs like any record
and is undone by deleting it (grouping/lessons.py says how the matcher applies them). The
livelihood bases a village wants proposed (rice, rubber, food selling …: not proposed by
default) are switched on or off one by one: a ``VillageLivelihood`` record per (village,
family) in the village's shard, so that two devices switching different livelihoods at once
both keep theirs after a sync (one list would keep one device's and lose the other's). The
``livelihoods`` list of the ``Village`` record, where schema 1.1 kept them, is still read: it
is the base that the switches override, so old workspaces and bundles keep theirs on.

The functions here check what the officer asked for and return the ``Change`` to commit;
a request that cannot be done raises ``LessonError`` with a message ready to show, and
nothing is written. The screens and the CLI both call them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from sammachip_tui.errors import UserError
from sammachip_tui.grouping.activity_names import unknown_name
from sammachip_tui.grouping.lessons import EXCLUDE, MERGE, SPLIT, Lesson
from sammachip_tui.grouping.matcher import UNKNOWN
from sammachip_tui.grouping.proposer import TYPE_PREFIX, Proposal, ProposalSet
from sammachip_tui.grouping.text import text_key
from sammachip_tui.i18n import _
from sammachip_tui.model.records import (
    TEXT_MAX,
    OccupationLesson,
    VillageLivelihood,
    district_shard,
)
from sammachip_tui.model.taxonomy import OccupationType
from sammachip_tui.store.workspace import Change, Workspace

if TYPE_CHECKING:
    from sammachip_tui.grouping.lexicon import Craft, Lexicon


class LessonError(UserError):
    pass


# -------------------------------------------------------------------------- reading them
def lesson_records(ws: Workspace) -> list[OccupationLesson]:
    """The lessons in force (not undone), earliest first."""
    shard = district_shard(ws.device.district)
    found = sorted(ws.records(shard, "lesson"), key=lambda r: (r.get("_s", {}).get("texts", ""),
                                                                r["id"]))  # fmt: skip
    return [OccupationLesson.from_record(r) for r in found]


def lessons(ws: Workspace) -> tuple[Lesson, ...]:
    """The lessons in force as the matcher takes them (with the stamp that orders them)."""
    shard = district_shard(ws.device.district)
    out = []
    for r in ws.records(shard, "lesson"):
        texts = r.get("texts")
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            continue
        out.append(Lesson(r["id"], str(r.get("kind", "")), tuple(texts), str(r.get("family", "")),
                          str(r.get("name", "")), str(r.get("occupation_type", "")),
                          r.get("_s", {}).get("texts", "")))  # fmt: skip
    return tuple(sorted(out, key=lambda x: (x.stamp, x.id)))


# Families proposed as groups before they became livelihood bases (small-scale fishing, issue
# 12): where the officer had decided on such a proposal (accepted, rejected, edited), the
# village keeps it proposed, as if switched on, until a switch says otherwise.
NOW_LIVELIHOODS = ("inshore_fishing",)


def livelihoods(ws: Workspace, village: str) -> list[str]:
    """The livelihood bases switched on for ``village``, sorted: those of the village's old
    list that no switch turned off, those decided on before they became bases
    (``NOW_LIVELIHOODS``), and those switched on."""
    village_record = ws.record(village, "village", village)
    listed = village_record.get("livelihoods") if village_record else None
    found = {k for k in listed if isinstance(k, str)} if isinstance(listed, list) else set()
    for decision in ws.records(village, "proposal"):
        craft = str(decision.get("id", "")).partition(":")[2].split("#")[0]
        if craft in NOW_LIVELIHOODS:
            found.add(craft)
    for switch in ws.records(village, "livelihood"):
        if switch.get("on") is True:
            found.add(switch["id"])
        elif switch.get("on") is False:
            found.discard(switch["id"])
    return sorted(found)


def switched_on(ws: Workspace, villages: Iterable[str]) -> dict[str, frozenset[str]]:
    return {v: frozenset(livelihoods(ws, v)) for v in villages}


def base_families(lexicon: Lexicon) -> list[Craft]:
    """The families that are livelihood bases: proposed only where switched on."""
    return sorted((c for c in lexicon.crafts.values() if c.base), key=lambda c: c.key)


# ------------------------------------------------------------------------ teaching it
def _proposal(result: ProposalSet, key: str) -> Proposal:
    found = next((p for p in result.proposals if p.key == key), None)
    if found is None:
        raise LessonError(_("No proposal {key} (see sammachip propose).").format(key=key))
    return found


def member_texts(proposal: Proposal) -> list[str]:
    """The occupation texts that put the proposal's members in it, each once (however typed);
    not those of households the officer put in by hand, which say nothing of the occupation."""
    seen: dict[str, str] = {}
    for m in proposal.members:
        key = text_key(m.text)
        if m.role != "added" and key and key not in seen:
            seen[key] = " ".join(m.text.split())
    return list(seen.values())


def _lesson(ws: Workspace, **values: Any) -> Change:
    shard = district_shard(ws.device.district)
    try:
        record = OccupationLesson(village_code=shard, **values)
    except ValidationError as e:
        long = any("too long" in str(err.get("ctx", {}).get("error", "")) for err in e.errors())
        if long:
            raise LessonError(_("An occupation text is longer than {n} characters.").format(
                n=TEXT_MAX)) from None  # fmt: skip
        raise LessonError(_("An occupation text is empty.")) from None
    return Change("lesson", shard, record.fields())


def merge(ws: Workspace, result: ProposalSet, first_key: str, second_key: str) -> Change:
    """The texts of both proposals' members become one family for the whole district: the
    first proposal's."""
    first, second = _proposal(result, first_key), _proposal(result, second_key)
    if first.craft.key == second.craft.key:
        raise LessonError(_("These are one occupation already: choose another proposal."))
    for p in (first, second):
        if p.craft.key.startswith(TYPE_PREFIX):
            raise LessonError(
                _("{name} joins several occupations by their type: merge into a proposal of "
                  "one occupation.").format(name=p.craft.name_th)
            )  # fmt: skip
    texts = member_texts(first) + member_texts(second)
    return _lesson(ws, kind=MERGE, texts=texts, family=first.craft.key)


def split(
    ws: Workspace, result: ProposalSet, key: str, texts: Iterable[str], name: str,
    occupation_type: str = "",
) -> Change:  # fmt: skip
    """Some of a proposal's texts make a new family, with the name the officer gave it."""
    proposal = _proposal(result, key)
    mine = {text_key(t): t for t in member_texts(proposal)}
    chosen: dict[str, str] = {}
    for text in texts:
        k = text_key(text)
        if k not in mine:
            raise LessonError(
                _("{text} is not the occupation of a member of this proposal.").format(text=text)
            )
        chosen[k] = mine[k]
    if not chosen or len(chosen) == len(mine):
        raise LessonError(_("A split takes some of the proposal's occupations: not none, not all."))
    if not name.strip():
        raise LessonError(_("The new occupation needs a Thai name."))
    if occupation_type and occupation_type not in OccupationType.__members__:
        raise LessonError(
            _("Unknown occupation type {value}: use one of {choices}.").format(
                value=occupation_type, choices=", ".join(OccupationType.__members__)
            )
        )
    return _lesson(ws, kind=SPLIT, texts=list(chosen.values()), name=" ".join(name.split()),
                   occupation_type=occupation_type)  # fmt: skip


def exclude(ws: Workspace, text: str) -> Change:
    """One text is not an occupation a group forms around, in every village of the district."""
    if not text_key(text):
        raise LessonError(_("Type the occupation text."))
    return _lesson(ws, kind=EXCLUDE, texts=[text])


def undo(ws: Workspace, lesson_id: str) -> Change:
    """Undo a lesson: it is deleted, and the proposals are worked out as before it."""
    shard = district_shard(ws.device.district)
    record = ws.record(shard, "lesson", lesson_id)
    if record is None or record.get("deleted"):
        raise LessonError(
            _("No lesson {id} (see sammachip occupations lessons).").format(id=lesson_id)
        )
    return Change("lesson", shard, {"deleted": True}, record=lesson_id)


def family_name(key: str, lexicon: Lexicon) -> str:
    """A family's name as the officer knows it (one outside the lexicon by its words)."""
    craft = lexicon.crafts.get(key)
    if craft is None and key.startswith(UNKNOWN):
        return unknown_name(key)
    return craft.name_th if craft is not None else key.split(":", 1)[-1]


# ----------------------------------------------------------------------- livelihoods
def switch_livelihoods(
    ws: Workspace, village: str, lexicon: Lexicon, on: Iterable[str] = (), off: Iterable[str] = ()
) -> list[Change]:
    """Switch livelihood bases on or off for ``village``: a change for each one whose state
    changes (none when nothing does), each to that livelihood's own record; the village
    record and its old list are left as they are."""
    bases = {c.key for c in base_families(lexicon)}
    on, off = list(on), list(off)
    for key in (*on, *off):
        if key not in bases:
            raise LessonError(
                _("{key} is not a livelihood that can be switched on (see sammachip "
                  "occupations livelihoods).").format(key=key)
            )  # fmt: skip
    now = set(livelihoods(ws, village))
    wanted = {k: True for k in on} | {k: False for k in off}  # off wins, as it always did
    changes = []
    for key, state in sorted(wanted.items()):
        if (key in now) == state:
            continue
        values = VillageLivelihood(village_code=village, on=state).fields()
        exists = ws.record(village, "livelihood", key) is not None
        changes.append(Change("livelihood", village, values, record=key, create=not exists))
    return changes
