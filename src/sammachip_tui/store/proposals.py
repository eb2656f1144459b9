"""Group proposals as the screens and the CLI use them: gathered from the store, decided,
and accepted into groups (the grouping package itself never touches the store).

A proposal's decisions (members taken out or put in, a rejection, the group it became) are a
``ProposalDecision`` record whose id is the proposal's key, in the village the officer was
reviewing; they travel like any record. Occupations the officer adds to the taxonomy live in
the district's own shard.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from sammachip_tui import clock
from sammachip_tui.errors import UserError
from sammachip_tui.grouping.activity_names import unknown_name
from sammachip_tui.grouping.legacy_keys import is_legacy_unknown
from sammachip_tui.grouping.lessons import overrides, taught_crafts
from sammachip_tui.grouping.lexicon import Extension, build_lexicon
from sammachip_tui.grouping.matcher import UNKNOWN, Matcher
from sammachip_tui.grouping.proposer import (
    TYPE_PREFIX,
    Mentor,
    Proposal,
    ProposalSet,
    Rules,
    canonical_key,
    propose,
)
from sammachip_tui.i18n import _
from sammachip_tui.model.records import (
    DecisionStatus,
    ForumItem,
    Group,
    GroupMember,
    GroupStatus,
    Household,
    MemberEdit,
    OccupationExtension,
    ProposalDecision,
    Volunteer,
    district_shard,
)
from sammachip_tui.model.taxonomy import OCCUPATION_TYPE_LABELS, OccupationType, OtopCategory
from sammachip_tui.store import lessons as sl
from sammachip_tui.store.workspace import Change, Workspace

SCOPES = ("village", "subdistrict")

_matchers: dict[tuple[Any, ...], Matcher] = {}
_matchers_lock = threading.Lock()


class ProposalError(UserError):
    pass


def scope_code(village: str, scope: str) -> str:
    return village[:6] if scope == "subdistrict" else village


def villages_in(ws: Workspace, scope: str) -> list[str]:
    return [v for v in ws.villages() if v.startswith(scope)]


# ---------------------------------------------------------------------- the occupations
def extensions(ws: Workspace) -> list[OccupationExtension]:
    shard = district_shard(ws.device.district)
    return [OccupationExtension.from_record(r) for r in ws.records(shard, "occupation")]


def matcher(ws: Workspace) -> Matcher:
    """The matcher for this workspace's taxonomy (its extensions and the officer's lessons
    included), kept while they stay the same: the Thai word list under it costs about half a
    second, once per process, and each distinct text is matched once."""
    found = tuple(
        Extension(
            e.id,
            e.name_th,
            e.name_en or e.name_th,
            OccupationType(e.occupation_type),
            OtopCategory(e.otop_category),
            tuple(e.terms),
            e.craft,
        )
        for e in extensions(ws)
        if e.occupation_type in OccupationType.__members__
        and e.otop_category in OtopCategory.__members__
    )
    taught = sl.lessons(ws)
    key = (found, taught)
    with _matchers_lock:
        m = _matchers.get(key)
        if m is None:
            _matchers.clear()  # the taxonomy changed: the old one (and its cache) can go
            lexicon = build_lexicon(found)
            for craft in taught_crafts(taught):
                lexicon.crafts[craft.key] = craft
            # A merge into a family that is gone (a split since undone, a family the knowledge
            # base no longer has) teaches nothing: its texts are read as if never taught.
            taught_now = {
                text: family if family is None or family.startswith(UNKNOWN)
                else lexicon.canonical(family)
                for text, family in overrides(taught).items()
                if family is None or family.startswith(UNKNOWN)
                or lexicon.canonical(family) in lexicon.crafts
            }  # fmt: skip
            m = Matcher(lexicon, taught_now)
            _matchers[key] = m
        return m


def add_occupation(
    ws: Workspace,
    name_th: str,
    occupation_type: str,
    otop_category: str = "none",
    *,
    name_en: str = "",
    terms: Iterable[str] = (),
    craft: str = "",
) -> Change:
    """The change that adds an occupation to the district's taxonomy; UserError when a value
    cannot be used."""
    if occupation_type not in OccupationType.__members__:
        raise ProposalError(
            _("Unknown occupation type {value}: use one of {choices}.").format(
                value=occupation_type, choices=", ".join(OccupationType.__members__)
            )
        )
    if otop_category not in OtopCategory.__members__:
        raise ProposalError(
            _("Unknown OTOP category {value}: use one of {choices}.").format(
                value=otop_category, choices=", ".join(OtopCategory.__members__)
            )
        )
    if craft and craft not in matcher(ws).lexicon.crafts:
        raise ProposalError(_("No occupation {craft} to join.").format(craft=craft))
    terms = [t.strip() for t in terms if t.strip()]
    shard = district_shard(ws.device.district)
    try:
        record = OccupationExtension(
            village_code=shard,
            name_th=name_th.strip(),
            name_en=name_en.strip(),
            occupation_type=occupation_type,
            otop_category=otop_category,
            terms=terms,
            craft=craft,
        )
    except ValidationError:
        raise ProposalError(_("An occupation needs a Thai name.")) from None
    return Change("occupation", shard, record.fields())


# ---------------------------------------------------------------------------- proposals
def decisions(ws: Workspace, villages: Iterable[str]) -> list[ProposalDecision]:
    return [ProposalDecision.from_record(r) for v in villages for r in ws.records(v, "proposal")]


def in_groups(ws: Workspace, villages: Iterable[str]) -> dict[str, str]:
    """Household id → the name of the (not dissolved) group it is an active member of."""
    villages = list(villages)
    groups = {  # a subdistrict's group lives in one village, its members in theirs
        r["id"]: r.get("name", "")
        for village in villages
        for r in ws.records(village, "group")
        if r.get("status") != GroupStatus.dissolved
    }
    out: dict[str, str] = {}
    for village in villages:
        for r in ws.records(village, "member"):
            if r.get("group_id") in groups and r.get("active", True):
                out[r["household_id"]] = groups[r["group_id"]]
    return out


def proposal_set(
    ws: Workspace, village: str, scope: str = "village", rules: Rules | None = None
) -> ProposalSet:
    code = scope_code(village, scope)
    villages = villages_in(ws, code) if scope == "subdistrict" else [village]
    homes = [Household.from_record(r) for v in villages for r in ws.records(v, "household")]
    items = [ForumItem.from_record(r) for v in villages for r in ws.records(v, "item")]
    return propose(
        code,
        homes,
        items,
        matcher(ws),
        rules or Rules(),
        decisions=decisions(ws, villages),
        in_groups=in_groups(ws, villages),
        switched_on=sl.switched_on(ws, villages),
        mentors=mentors(ws, villages),
    )


def mentors(ws: Workspace, villages: Iterable[str]) -> list[Mentor]:
    """The households of ``villages`` recognised for an occupation (``ModelRole``), by name:
    the proposer names them in the proposals of their occupation."""
    from sammachip_tui.model.mentoring_records import ModelRole

    found = []
    for village in villages:
        for r in ws.records(village, "model_role"):
            role = ModelRole.readable(r)
            if role is None:
                continue
            home = ws.record(village, "household", role.household_id)
            if home is not None and not home.get("deleted"):
                name = Household.from_record(home).full_name
                found.append(Mentor(name, role.role, role.occupation))
    return found


def _decision(ws: Workspace, village: str, key: str) -> ProposalDecision | None:
    """The decision saved for the proposal ``key``: under that key, or under the key the same
    proposal had before the knowledge base (scope:HAN16 for scope:pottery; scope:t:ตะเกียง for
    scope:t:make:ตะเกียง), so that a new decision lands on the old record."""
    found = ws.record(village, "proposal", key)
    if found is None:
        lexicon = matcher(ws).lexicon
        found = next((r for r in ws.records(village, "proposal")
                      if canonical_key(r["id"], lexicon) == key), None)  # fmt: skip
    if found is None:
        found = _legacy_unknown_record(ws, village, key)
    return None if found is None else ProposalDecision.from_record(found)


def _legacy_unknown_record(ws: Workspace, village: str, key: str) -> dict[str, Any] | None:
    """The record, saved under an unknown key of the first proposer, that the proposer now
    applies to the proposal ``key`` (grouping/legacy_keys.py): which one it is depends on the
    households' texts, so the proposals are computed (only where such a record exists): as
    the officer sees them by default, else with the unsure volunteers too."""
    scope_part = key.partition(":")[0]
    old = [r for r in ws.records(village, "proposal")
           if r["id"].startswith(f"{scope_part}:") and is_legacy_unknown(r["id"])]  # fmt: skip
    if not old:
        return None
    scope = "village" if scope_part == village else "subdistrict"
    for unsure in (False, True):
        renamed = proposal_set(ws, village, scope, Rules(include_unsure=unsure)).renamed
        found = next((r for r in old if renamed.get(r["id"]) == key), None)
        if found is not None:
            return found
    return None


def proposal_name(ws: Workspace, key: str) -> str:
    """What the proposal ``key`` (or a decision saved under it) is about, as the officer reads
    it: its family's name (for a key of before the knowledge base too), a type by its label,
    an occupation outside the knowledge base by its word and activity (not t:make:ตะเกียง)."""
    craft = key.partition(":")[2].partition("#")[0]
    if craft.startswith(UNKNOWN):
        return unknown_name(craft)
    if craft.removeprefix(TYPE_PREFIX) in OccupationType.__members__:
        return _(OCCUPATION_TYPE_LABELS[OccupationType(craft.removeprefix(TYPE_PREFIX))])
    lexicon = matcher(ws).lexicon
    family = lexicon.crafts.get(lexicon.canonical(craft))
    return family.name_th if family is not None else craft


def _decide(ws: Workspace, village: str, key: str, values: dict[str, Any]) -> Change:
    current = _decision(ws, village, key)
    if current is None:
        record = ProposalDecision(village_code=village, **values)
        return Change("proposal", village, record.fields(), record=key, create=True)
    record = current.model_copy(update=values)
    return Change("proposal", village, {k: record.fields()[k] for k in values}, record=current.id)


def reject(ws: Workspace, village: str, key: str, reason: str) -> Change:
    if not reason.strip():
        raise ProposalError(_("Say why the proposal is rejected."))
    return _decide(ws, village, key, {"status": DecisionStatus.rejected, "reason": reason.strip()})


def reopen(ws: Workspace, village: str, key: str) -> Change:
    return _decide(ws, village, key, {"status": DecisionStatus.open, "reason": ""})


def remove_member(ws: Workspace, village: str, key: str, household_id: str, reason: str) -> Change:
    if not reason.strip():
        raise ProposalError(_("Say why the household is taken out."))
    current = _decision(ws, village, key)
    removed = [e for e in (current.removed if current else []) if e.household_id != household_id]
    removed.append(MemberEdit(household_id=household_id, reason=reason.strip()))
    added = [e for e in (current.added if current else []) if e.household_id != household_id]
    return _decide(ws, village, key, {"removed": removed, "added": added})


def add_member(ws: Workspace, village: str, key: str, household_id: str, reason: str) -> Change:
    if not reason.strip():
        raise ProposalError(_("Say why the household is put in."))
    current = _decision(ws, village, key)
    added = [e for e in (current.added if current else []) if e.household_id != household_id]
    added.append(MemberEdit(household_id=household_id, reason=reason.strip()))
    removed = [e for e in (current.removed if current else []) if e.household_id != household_id]
    return _decide(ws, village, key, {"added": added, "removed": removed})


def accept(ws: Workspace, village: str, proposal: Proposal, name: str = "") -> list[Change]:
    """The group (status forming) with its members, and the decision that says so. Must run
    where the store's next record id is known (``Workspace.submit_edit`` or the CLI)."""
    if not proposal.complete:
        raise ProposalError(
            _("This proposal has {n} households; a group needs at least {min}.").format(
                n=len(proposal.members), min=len(proposal.members) + proposal.short_by
            )
        )
    today = clock.today()
    group = Group(
        village_code=village,
        name=name.strip() or default_name(proposal),
        occupation_code=proposal.craft.code,
        status=GroupStatus.forming,
    )
    group_id = ws.next_record_id()
    changes = [Change("group", village, group.fields())]
    for m in proposal.members:
        member = GroupMember(
            village_code=m.household.village_code,
            group_id=group_id,
            household_id=m.household.id,
            consent=m.household.volunteer is Volunteer.yes,
            joined=today,
        )
        changes.append(Change("member", m.household.village_code, member.fields()))
    values = {"status": DecisionStatus.accepted, "group_id": group_id, "reason": ""}
    changes.append(_decide(ws, village, proposal.key, values))
    return changes


def default_name(proposal: Proposal) -> str:
    return _("{occupation} group").format(occupation=proposal.craft.name_th)
