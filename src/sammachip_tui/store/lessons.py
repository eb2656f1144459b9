"""The officer's lessons to the proposer, and the livelihoods switched on per village, as records.

A lesson (merge two proposals, split one, "not a group occupation") is an ``OccupationLesson``
in the district's shard: it applies to every village of the district, syncs like any record
and is undone by deleting it (grouping/lessons.py says how the matcher applies them). The
livelihood bases a village wants proposed (rice, rubber, food selling …: not proposed by
default) are the ``livelihoods`` field of its ``Village`` record, so they travel with it.

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
from sammachip_tui.model.records import TEXT_MAX, OccupationLesson, Village, district_shard
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


def livelihoods(ws: Workspace, village: str) -> list[str]:
    """The livelihood bases switched on for ``village``."""
    record = ws.record(village, "village", village)
    found = record.get("livelihoods") if record else None
    return [k for k in found if isinstance(k, str)] if isinstance(found, list) else []


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
) -> Change | None:
    """Switch livelihood bases on or off for ``village``; None when nothing changes."""
    bases = {c.key for c in base_families(lexicon)}
    on, off = list(on), list(off)
    for key in (*on, *off):
        if key not in bases:
            raise LessonError(
                _("{key} is not a livelihood that can be switched on (see sammachip "
                  "occupations livelihoods).").format(key=key)
            )  # fmt: skip
    now = livelihoods(ws, village)
    new = [k for k in now if k not in off] + [k for k in on if k not in now and k not in off]
    if new == now:
        return None
    if ws.record(village, "village", village) is None:
        # Only these two fields: a name another device gave the village is not overwritten.
        values = {
            "village_code": village,
            "livelihoods": Village(village_code=village, livelihoods=new).livelihoods,
        }
        return Change("village", village, values, record=village, create=True)
    return Change("village", village, {"livelihoods": new}, record=village)
