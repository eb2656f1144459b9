"""Occupation groups proposed from volunteer households, as seed 000 describes them.

Five or more programme households with the same occupation, or failing that the same
occupation type, who volunteer, built on what the forum found. The steps, each deterministic
(the same data always gives the same proposals, in the same order):

1. Every volunteer's main and secondary occupation is matched to a craft (matcher.py). Its
   candidates are ordered by fit: an occupation that makes a product before a livelihood base
   (weaving before rice farming), then main before secondary, then one its skills back, then one
   the forum raised. Texts outside the lexicon that say the same thing share a craft.
2. Each volunteer stands with its best candidate. While some craft has fewer than the minimum,
   the weakest such craft (fewest volunteers, then its key) is dropped and its volunteers move to
   their next candidate; so a household never makes a group short when it fits another one.
3. Volunteers whose crafts all came out short join the group of a related family, as an
   officer would: the one ขนมลา maker joins the village's dessert group, ลางสาด and banana
   preserves the fruit preserves (the knowledge base's ``kin``); with no such group, the
   related ones together make one when they are the minimum.
   Only if the officer asks, those still left are pooled by occupation type (fish farmers with
   frog farmers: fishery); a pool of the minimum is one proposal, "same type".
4. A craft with more volunteers than the maximum is split into as few groups as fit.
5. Each proposal is scored and explained: members and their texts, what they share, the forum
   items for it, readiness, what is missing.

The officer's decisions come first: a household taken out of a proposal is not put back in it,
one added is in it whatever its fit, a rejected proposal's craft is not proposed again in that
scope, and a household already in a group is not proposed.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from rapidfuzz import fuzz

from sammachip_tui.grouping.activity_names import unknown_name
from sammachip_tui.grouping.legacy_keys import fits, is_legacy_unknown, key_words
from sammachip_tui.grouping.lexicon import Craft, Lexicon
from sammachip_tui.grouping.matcher import UNKNOWN, Match, Matcher
from sammachip_tui.grouping.text import fold
from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.model.mentoring_records import ROLE_LABELS, Role
from sammachip_tui.model.records import (
    DecisionStatus,
    ForumItem,
    ForumList,
    Household,
    ProposalDecision,
    Volunteer,
)
from sammachip_tui.model.taxonomy import (
    OCCUPATION_TYPE_LABELS,
    OTOP_LABELS,
    OccupationType,
    OtopCategory,
)

TYPE_PREFIX = "type:"
SAME_TEXT = 90  # rapidfuzz ratio at which two words of unknown occupations are one word


@dataclass(frozen=True)
class Rules:
    min_size: int = 5
    max_size: int = 30
    include_unsure: bool = False
    # Volunteers whose occupations all came out short pooled by occupation type (fish and frog
    # farmers: one fishery group). Seed 000 allows it; officers asked to judge proposals kept
    # such mixed groups out, so it is the officer's choice, not the default.
    by_type: bool = False


@dataclass(frozen=True, slots=True)
class Member:
    household: Household
    text: str  # the occupation text that put it here
    role: str  # "main", "secondary", "added" (by the officer) or "type" (widened)
    skill_backs: bool = False
    added_reason: str = ""
    words: tuple[str, ...] = ()  # the words of ``text`` that name the family
    kin: str = ""  # joined as a related family: the family its own text names (khanom_la)


@dataclass(frozen=True)
class Support:
    item: ForumItem
    linked: bool  # linked to the occupation at the forum (else its text names it)


@dataclass(frozen=True)
class Mentor:
    """A household of the scope recognised for an occupation (a model household, a community
    sage, a sammachip trainer): someone to teach the group, a strength of the proposals of
    that occupation. Passed in by the store, as forum items are."""

    name: str
    role: Role
    occupation: str  # as recognised, matched to a craft the way volunteers' texts are


@dataclass
class Proposal:
    key: str  # scope:craft (or scope:type:<type>), with #k when a craft is split
    scope: str
    craft: Craft
    basis: str  # "occupation" or "type"
    members: list[Member]
    support: list[Support] = field(default_factory=list)
    mentors: list[Mentor] = field(default_factory=list)
    crafts: tuple[str, ...] = ()  # for a type proposal, the crafts it joins
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    decision: ProposalDecision | None = None
    short_by: int = 0  # households missing to reach the minimum

    @property
    def complete(self) -> bool:
        return not self.short_by


@dataclass(frozen=True)
class Left:
    """A volunteer no proposal holds, and why."""

    household: Household
    reason: str


@dataclass
class ProposalSet:
    scope: str
    rules: Rules
    proposals: list[Proposal]
    left: list[Left]
    rejected: list[ProposalDecision]
    # Decisions saved under an unknown key of the first proposer → today's key they count for.
    renamed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Candidate:
    craft: str
    text: str
    role: str
    fit: tuple[int, ...]
    skill_backs: bool
    words: tuple[str, ...] = ()
    kin: str = ""  # a related family's candidate: the family the text itself names


def propose(
    scope: str,
    households: Iterable[Household],
    items: Iterable[ForumItem],
    matcher: Matcher,
    rules: Rules = Rules(),
    *,
    decisions: Iterable[ProposalDecision] = (),
    in_groups: dict[str, str] | None = None,
    switched_on: Mapping[str, frozenset[str]] | None = None,
    mentors: Iterable[Mentor] = (),
) -> ProposalSet:
    """Proposals for the households of ``scope`` (a village or a subdistrict code).

    ``in_groups`` maps a household id to the name of the group it is already in;
    ``switched_on`` a village code to the livelihood families (``base``) the officer switched
    on there: only those are proposed; ``mentors`` the scope's recognised households."""
    in_groups = in_groups or {}
    switched = switched_on or {}
    lexicon = matcher.lexicon
    homes = sorted((h for h in households if not h.deleted), key=_house_order)
    items = [i for i in items if not i.deleted]
    support = _forum_support(items, matcher)
    welcome = {Volunteer.yes, Volunteer.unsure} if rules.include_unsure else {Volunteer.yes}
    decisions = list(decisions)
    proposed = [h for h in homes if h.id in in_groups or h.volunteer in welcome]
    renamed = _legacy_renames(scope, decisions, proposed, matcher, support, switched)
    decided = _decided(decisions, lexicon, renamed)
    rejected = [d for d in decided.values() if d.status is DecisionStatus.rejected]
    # A proposal decided already (rejected, or made into a group) is not proposed again; its
    # volunteers go to their next fit, or are told why not. Keys are today's (``decided``).
    closed = {k: d for k, d in decided.items() if d.status is not DecisionStatus.open}
    for was, now in renamed.items():  # a text read as the old key still (t:ตะเกียง) is shut too
        if now in closed:
            closed.setdefault(was, closed[now])
    removed = {(k, e.household_id): e.reason for k, d in decided.items() for e in d.removed}
    # Taken out of a split proposal (scope:craft#2): out of the craft's, wherever it lands now.
    for (k, hid), reason in list(removed.items()):
        removed.setdefault((k.split("#")[0], hid), reason)
    added = {
        e.household_id: (k, e.reason)
        for k, d in decided.items()
        if d.status is not DecisionStatus.rejected
        for e in d.added
    }

    left: list[Left] = []
    candidates: dict[str, list[_Candidate]] = {}
    by_id = {h.id: h for h in homes}
    unknown_names: dict[str, str] = {}
    for home in homes:
        if home.id in in_groups:
            continue
        if home.volunteer not in welcome and home.id not in added:
            continue
        if home.id in added:
            continue  # placed below, where the officer put it
        found, why = _candidates(home, matcher, support, unknown_names,
                                 switched.get(home.village_code, frozenset()))  # fmt: skip
        shut = [c for c in found if f"{scope}:{c.craft}" in closed]
        found = [c for c in found if f"{scope}:{c.craft}" not in closed]
        if not found:
            if shut:
                why = _closed_reason(shut[0], closed[f"{scope}:{shut[0].craft}"], lexicon,
                                     unknown_names)  # fmt: skip
            left.append(Left(home, why or _("its occupation matches no other volunteer's")))
            continue
        candidates[home.id] = found
    _join_unknown(candidates, unknown_names)
    for hid, found in list(candidates.items()):  # closed under the key the texts joined into
        shut = [c for c in found if f"{scope}:{c.craft}" in closed]
        if shut:
            found = [c for c in found if f"{scope}:{c.craft}" not in closed]
            if found:
                candidates[hid] = found
            else:
                del candidates[hid]
                why = _closed_reason(shut[0], closed[f"{scope}:{shut[0].craft}"], lexicon,
                                     unknown_names)  # fmt: skip
                left.append(Left(by_id[hid], why))

    # 2. Stand with the best candidate; drop the weakest short craft until none is short.
    dropped: dict[str, int] = {}  # craft → how many stood with it when it was dropped
    while True:
        holders = _holders(candidates, dropped, scope, removed)
        short = [c for c, hids in holders.items() if len(hids) < rules.min_size]
        if not short:
            break
        weakest = min(short, key=lambda c: (len(holders[c]), c))
        dropped[weakest] = len(holders[weakest])
    proposals: list[Proposal] = []
    full: dict[str, str] = {}  # household id → the craft whose groups had no room left
    for craft_key, hids in sorted(holders.items()):
        craft = _craft(craft_key, lexicon, unknown_names)
        members = [_member(by_id[h], candidates[h], craft_key) for h in hids]
        proposals.extend(_split(scope, craft, members, rules, full))
    proposals.extend(_join_kin(scope, proposals, candidates, by_id, lexicon, rules, removed,
                               closed, full))  # fmt: skip
    placed = {m.household.id for p in proposals for m in p.members}

    # 3b. Volunteers left short still: pooled by occupation type, if the officer asks.
    pools: dict[OccupationType, list[tuple[str, Member]]] = defaultdict(list)
    for hid, found in candidates.items():
        if hid in placed or hid in full:
            continue
        for c in found:
            if (f"{scope}:{c.craft}", hid) in removed:
                continue  # taken out of that craft's proposal: not into its type's either
            otype = lexicon.crafts[c.craft].occupation_type if c.craft in lexicon.crafts else None
            if otype is not None:
                pools[otype].append((c.craft, _member(by_id[hid], found, c.craft)))
                break
    for otype, pool in sorted(pools.items()) if rules.by_type else ():
        key = f"{scope}:{TYPE_PREFIX}{otype.value}"
        pool = [(k, m) for k, m in pool if (key, m.household.id) not in removed]
        if key in closed or len(pool) < rules.min_size:
            continue
        crafts = tuple(sorted({k for k, _m in pool}))
        craft = _type_craft(otype, [lexicon.crafts[k] for k in crafts])
        for proposal in _split(scope, craft, [m for _k, m in pool], rules, full, basis="type"):
            proposal.crafts = crafts
            proposals.append(proposal)
    placed = {m.household.id for p in proposals for m in p.members}

    # The officer's additions, into their proposals (made if need be).
    by_key = {p.key: p for p in proposals}
    for hid, (key, reason) in sorted(added.items()):
        guest = by_id.get(hid)
        if guest is None or hid in in_groups:
            continue
        target = by_key.get(key)
        if target is None:
            craft_key = key.removeprefix(f"{scope}:").split("#")[0]
            craft = _craft(craft_key, lexicon, unknown_names)
            basis = "type" if craft_key.startswith(TYPE_PREFIX) else "occupation"
            target = Proposal(key, scope, craft, basis, [])
            by_key[key] = target
            proposals.append(target)
        target.members.append(Member(guest, guest.occupation_main, "added", added_reason=reason))
        placed.add(hid)

    teaching = _mentors_by_craft(mentors, matcher)
    for proposal in proposals:
        proposal.decision = decided.get(proposal.key)
        proposal.support = _support_for(proposal, support, lexicon)
        proposal.mentors = [m for c in proposal.crafts or (proposal.craft.key,)
                            for m in teaching.get(c, [])]  # fmt: skip
        _explain(proposal, rules)
    proposals = [p for p in proposals if p.members]
    proposals.sort(key=lambda p: (not p.complete, -p.score, p.key))

    counts = _counts(candidates, scope, removed)
    for hid, found in candidates.items():
        if hid in placed:
            continue
        out_of = next((c for c in found if (f"{scope}:{c.craft}", hid) in removed), None)
        taken_out = removed.get((f"{scope}:{out_of.craft}", hid)) if out_of else None
        if hid in full:
            reason = _("the {name} groups are full ({max} households at most)").format(
                name=full[hid], max=rules.max_size
            )
        elif taken_out is not None and out_of is not None:
            name = _craft(out_of.craft, lexicon, unknown_names).name_th
            reason = _("taken out of {name}: {reason}").format(name=name, reason=taken_out)
        else:
            reason = _short_reason(found, counts, dropped, rules, lexicon, unknown_names)
        left.append(Left(by_id[hid], reason))
    left.sort(key=lambda x: _house_order(x.household))
    return ProposalSet(scope, rules, proposals, left, rejected, renamed)


# ------------------------------------------------------------------------------ matching
def _decided(
    decisions: Iterable[ProposalDecision],
    lexicon: Lexicon,
    renamed: Mapping[str, str] | None = None,
) -> dict[str, ProposalDecision]:
    """The officer's decisions by today's proposal key. A decision saved under a key of before
    the knowledge base (scope:HAN16 for scope:pottery; LIV04 and LIV05 are both pigs; an old
    unknown key in ``renamed``) counts for the family it means now; where two land on one key,
    the one saved under today's key wins, then a closed one over an open one, and the
    households taken out or put in by either count."""
    renamed = renamed or {}
    out: dict[str, ProposalDecision] = {}
    for d in sorted(decisions, key=lambda d: d.id):
        key = renamed.get(d.id) or canonical_key(d.id, lexicon)
        held = out.get(key)
        if held is None:
            out[key] = d
            continue
        first, second = sorted((held, d), key=partial(_precedence, key=key))
        kept = {e.household_id for e in first.removed} | {e.household_id for e in first.added}
        out[key] = first.model_copy(update={
            "removed": first.removed + [e for e in second.removed if e.household_id not in kept],
            "added": first.added + [e for e in second.added if e.household_id not in kept],
        })  # fmt: skip
    return out


def _legacy_renames(
    scope: str,
    decisions: list[ProposalDecision],
    homes: list[Household],
    matcher: Matcher,
    support: dict[str, list[Support]],
    switched: Mapping[str, frozenset[str]],
) -> dict[str, str]:
    """Decisions saved under an unknown key of the first proposer (legacy_keys.py: scope:t:
    ตะเกียง น้ำมัน) → today's key of the proposal that holds the households whose texts made
    that key (the most of them; then the first key). Read only when such a decision exists; a
    key no text fits stays as it was: it is never moved onto other households' proposal."""
    old = [d.id for d in decisions if d.id.startswith(f"{scope}:") and is_legacy_unknown(d.id)]
    if not old:
        return {}
    names: dict[str, str] = {}
    found = {h.id: _candidates(h, matcher, support, names,
                               switched.get(h.village_code, frozenset()))[0]
             for h in homes}  # fmt: skip
    _join_unknown(found, names)
    today = {c.craft for cs in found.values() for c in cs}
    out: dict[str, str] = {}
    for key in old:
        craft, hash_, part = key.partition(":")[2].partition("#")
        if craft in today:  # today's kind of key, said with no activity (t:ตะเกียง)
            continue
        words = key_words(key)
        fitting = Counter(c.craft for cs in found.values() for c in cs if fits(c.text, words))
        if fitting:
            best = min(fitting, key=lambda k: (-fitting[k], k))
            out[key] = f"{scope}:{best}{hash_}{part}"
    return out


def _precedence(d: ProposalDecision, key: str) -> tuple[bool, bool]:
    """Saved under today's key first, then a closed decision before an open one."""
    return (d.id != key, d.status is DecisionStatus.open)


def canonical_key(key: str, lexicon: Lexicon) -> str:
    """A proposal key with its family as the knowledge base names it today."""
    scope, sep, rest = key.partition(":")
    craft, hash_, part = rest.partition("#")
    if craft.startswith((TYPE_PREFIX, UNKNOWN)):
        return key
    return f"{scope}{sep}{lexicon.canonical(craft)}{hash_}{part}"


_RANK = {"make": 2, "raise": 1, "catch": 1}  # the others 0

_WHY_NOT = {
    "none": N_("{text}: not an occupation a group forms around"),
    "taught": N_("{text}: marked as not a group occupation"),
    "past": N_("{text}: not practised now"),
    "own": N_("{text}: for the household's own use, not for sale"),
    "trade": N_("{text}: selling, not making: not a group occupation unless switched on"),
    "general": N_("{text}: too general to group by"),
}


def _candidates(
    home: Household,
    matcher: Matcher,
    support: dict[str, list[Support]],
    names: dict[str, str],
    switched: frozenset[str] = frozenset(),
) -> tuple[list[_Candidate], str]:
    skills = matcher.match(home.skills) if home.skills else Match(None)
    found: dict[str, _Candidate] = {}
    why = ""
    for role, text in (("main", home.occupation_main), ("secondary", home.occupation_secondary)):
        if not text.strip():
            continue
        match = matcher.match(text)
        if match.craft is None:
            why = why or _(_WHY_NOT.get(match.why, _WHY_NOT["general"])).format(text=text.strip())
            continue
        craft = matcher.lexicon.crafts.get(match.craft)
        if craft is not None and craft.base and craft.key not in switched:
            why = why or _("{text}: {name} is a livelihood, not a group occupation unless the "
                           "officer switches it on for the village").format(
                               text=text.strip(), name=craft.name_th)  # fmt: skip
            continue
        if match.unknown:
            names.setdefault(match.craft, text.strip())
        base = craft.base if craft is not None else False
        backs = skills.craft == match.craft
        # What makes a product first, then what raises or catches, then crops and services:
        # the vegetable grower who raises pigs is proposed for pigs, the one who weaves for
        # weaving.
        rank = _RANK.get(craft.activity, 0) if craft is not None else 1
        fit = (0 if base else 1, rank, 1 if role == "main" else 0,
               1 if backs else 0, 1 if support.get(match.craft) else 0)  # fmt: skip
        if match.craft not in found or found[match.craft].fit < fit:
            found[match.craft] = _Candidate(match.craft, text.strip(), role, fit, backs,
                                            match.words)  # fmt: skip
        # A text naming two crafts (ทอผ้า จักสาน): the other one is a candidate too, after
        # the household's every first reading, so it counts where the first comes out short.
        extra = (*fit[:2], -1, *fit[3:])
        for other in match.also:
            if other not in found:
                found[other] = _Candidate(other, text.strip(), role, extra, False, ())
        # Too few make ขนมลา here? Then the village's desserts, before the household's other
        # occupation: its craft is what the officer would place it by.
        kin = craft.kin if craft is not None else ""
        near = (*fit[:3], -1, *fit[4:])  # right after the text's own reading, before the rest
        if kin and (kin not in found or found[kin].fit < near):
            found[kin] = _Candidate(kin, text.strip(), role, near, False, match.words,
                                    kin=match.craft)  # fmt: skip
    if not home.occupation_main.strip() and not home.occupation_secondary.strip():
        why = _("no occupation recorded")
    return sorted(found.values(), key=lambda c: (tuple(-f for f in c.fit), c.craft)), why


def _join_unknown(candidates: dict[str, list[_Candidate]], names: dict[str, str]) -> None:
    """Occupations outside the knowledge base that name the same thing become one. Their keys
    are their first object word, with the activity when the text says one (t:make:ว่าว, and
    t:ว่าว for ว่าวจุฬา): one with no activity joins the most common one of the same word; words
    a typo apart (of four letters or more) are one word."""
    count: dict[str, int] = defaultdict(int)
    for found in candidates.values():
        for c in found:
            if c.craft.startswith(UNKNOWN):
                count[c.craft] += 1
    heads: dict[str, str] = {}  # a word → the word it is a typo of (the more common)
    for key in sorted(count, key=lambda k: (-count[k], k)):
        word = _head(key)
        if word in heads:
            continue
        near = next((h for h in heads if heads[h] == h and len(word) >= 4
                     and fuzz.ratio(word, h) >= SAME_TEXT), None)  # fmt: skip
        heads[word] = near or word
    same: dict[str, str] = {}
    for key in sorted(count, key=lambda k: (-count[k], k)):
        activity, word = _activity(key), heads[_head(key)]
        target = f"{UNKNOWN}{activity}:{word}" if activity else f"{UNKNOWN}{word}"
        if not activity:  # the most common activity said with the same word, if any
            said = [k for k in count if _activity(k) and heads[_head(k)] == word]
            if said:
                best = max(said, key=lambda k: (count[k], k))
                target = f"{UNKNOWN}{_activity(best)}:{word}"
        if target != key:
            same[key] = target
            names.setdefault(target, names.get(key, word))
    if not same:
        return
    for hid, found in candidates.items():
        merged: dict[str, _Candidate] = {}
        for c in found:
            craft = same.get(c.craft, c.craft)
            if craft not in merged:
                merged[craft] = _Candidate(
                    craft, c.text, c.role, c.fit, c.skill_backs, c.words, c.kin
                )
        candidates[hid] = list(merged.values())


def _head(key: str) -> str:
    return key[len(UNKNOWN) :].rpartition(":")[2]


def _activity(key: str) -> str:
    return key[len(UNKNOWN) :].rpartition(":")[0]


def _holders(
    candidates: dict[str, list[_Candidate]],
    dropped: dict[str, int],
    scope: str,
    removed: dict[tuple[str, str], str],
) -> dict[str, list[str]]:
    """Household ids by the craft each stands with: its best not dropped (nor taken out of)."""
    out: dict[str, list[str]] = defaultdict(list)
    for hid, found in candidates.items():
        for c in found:
            if c.craft not in dropped and (f"{scope}:{c.craft}", hid) not in removed:
                out[c.craft].append(hid)
                break
    return out


def _counts(
    candidates: dict[str, list[_Candidate]], scope: str, removed: dict[tuple[str, str], str]
) -> dict[str, int]:
    """How many volunteers have each craft among their candidates at all (as their own reading,
    not as a related family's)."""
    out: dict[str, int] = defaultdict(int)
    for hid, found in candidates.items():
        for c in found:
            if not c.kin and (f"{scope}:{c.craft}", hid) not in removed:
                out[c.craft] += 1
    return out


def _join_kin(
    scope: str,
    proposals: list[Proposal],
    candidates: dict[str, list[_Candidate]],
    by_id: dict[str, Household],
    lexicon: Lexicon,
    rules: Rules,
    removed: dict[tuple[str, str], str],
    closed: Mapping[str, ProposalDecision],
    full: dict[str, str],
) -> list[Proposal]:
    """Volunteers still left whose family has a kin (``Craft.kin``: ขนมลา's is ขนมไทย): into
    the proposal of that family while it has room (never one they were taken out of); where
    there is none, together as a proposal of it when they are enough (a closed one is not made
    again). Never into a sibling's proposal: ขนมลา does not join ข้าวหลาม. Returns the new
    proposals; those joined grow in place."""
    parents = {c.kin for c in lexicon.crafts.values() if c.kin}
    placed = {m.household.id for p in proposals for m in p.members}
    waiting: dict[str, list[Member]] = defaultdict(list)
    for hid, found in candidates.items():
        if hid in placed or hid in full:
            continue
        for c in found:
            craft = lexicon.crafts.get(c.craft)
            if craft is None or c.kin or (f"{scope}:{c.craft}", hid) in removed:
                continue
            if craft.kin:  # ขนมลา: with the desserts, said to be of a related craft
                member = _member(by_id[hid], found, c.craft)
                waiting[craft.kin].append(Member(member.household, member.text, member.role,
                                                 member.skill_backs, words=member.words,
                                                 kin=c.craft))  # fmt: skip
                break
            if craft.key in parents:  # the few dessert makers themselves pool with them
                waiting[craft.key].append(_member(by_id[hid], found, c.craft))
                break
    new: list[Proposal] = []
    for kin, members in sorted(waiting.items()):
        key = f"{scope}:{kin}"
        members = [m for m in members if (key, m.household.id) not in removed]
        members.sort(key=lambda m: _house_order(m.household))
        homes = sorted((p for p in proposals if p.craft.key == kin),
                       key=lambda p: (-len(p.members), p.key))  # fmt: skip
        if homes:
            for m in members:
                hid = m.household.id
                room = next((p for p in homes if len(p.members) < rules.max_size
                             and (p.key, hid) not in removed), None)  # fmt: skip
                if room is not None:
                    room.members.append(m)
                else:
                    full[hid] = homes[0].craft.name_th
            for p in homes:
                p.members.sort(key=lambda m: _house_order(m.household))
        elif key not in closed and len(members) >= rules.min_size:
            new.extend(_split(scope, lexicon.crafts[kin], members, rules, full))
    return new


def _member(home: Household, found: list[_Candidate], craft: str) -> Member:
    c = next(c for c in found if c.craft == craft)
    return Member(home, c.text, c.role, c.skill_backs, words=c.words, kin=c.kin)


def _craft(key: str, lexicon: Lexicon, unknown_names: dict[str, str]) -> Craft:
    if key in lexicon.crafts:
        return lexicon.crafts[key]
    if key.startswith(TYPE_PREFIX):
        otype = OccupationType(key.removeprefix(TYPE_PREFIX))
        of_type = [c for c in lexicon.crafts.values() if c.occupation_type is otype]
        return _type_craft(otype, of_type)
    name = unknown_names.get(key) or unknown_name(key)
    return Craft(key, name, name, (), None, OtopCategory.none, True)


def _type_craft(otype: OccupationType, crafts: list[Craft]) -> Craft:
    """A craft standing for an occupation type: named by the type, with an OTOP category when
    every craft in it shares one."""
    categories = {c.otop_category for c in crafts}
    otop = categories.pop() if len(categories) == 1 else OtopCategory.none
    label = OCCUPATION_TYPE_LABELS[otype]
    return Craft(f"{TYPE_PREFIX}{otype.value}", _(label), label, (), otype, otop,
                 all(c.base for c in crafts))  # fmt: skip


def _split(
    scope: str,
    craft: Craft,
    members: list[Member],
    rules: Rules,
    full: dict[str, str],
    basis: str = "occupation",
) -> list[Proposal]:
    """One proposal, or as few as hold everyone when there are more than the maximum (near
    equal sizes, neighbours together), never one under the minimum. When the sizes allow no
    such split (14 with groups of 9 to 12), the groups fill to the maximum and the weakest
    fits are left out; ``full`` gets their ids, with the craft's name. Households of a related
    craft (``Member.kin``) fill the room the craft's own leave: they never split its group in
    two, and are the first left out when it is full."""
    own = sum(1 for m in members if not m.kin)
    n = own if own >= rules.min_size else len(members)
    parts = max(1, math.ceil(n / max(rules.max_size, 1)))
    if n // parts < rules.min_size:
        parts = max(1, n // max(rules.min_size, 1))
    if len(members) > parts * rules.max_size:
        members = sorted(members, key=lambda m: (bool(m.kin), m.role != "main",
                                                 not m.skill_backs,
                                                 _house_order(m.household)))  # fmt: skip
        for m in members[parts * rules.max_size :]:
            full[m.household.id] = craft.name_th
        members = members[: parts * rules.max_size]
    members = sorted(members, key=lambda m: _house_order(m.household))
    key = f"{scope}:{craft.key}"
    if parts == 1:
        return [Proposal(key, scope, craft, basis, members)]
    size, extra = divmod(len(members), parts)
    out, at = [], 0
    for k in range(parts):
        n = size + (1 if k < extra else 0)
        out.append(Proposal(f"{key}#{k + 1}", scope, craft, basis, members[at : at + n]))
        at += n
    return out


# --------------------------------------------------------------------------------- forum
def _forum_support(items: list[ForumItem], matcher: Matcher) -> dict[str, list[Support]]:
    """Forum items by the craft they are for: linked to one of its codes at the forum, or
    naming it in their text."""
    craft_of_code = {code: c.key for c in matcher.lexicon.crafts.values() for code in c.codes}
    out: dict[str, list[Support]] = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.list.value, -i.votes, i.position, i.id)):
        linked = {craft_of_code[c] for c in item.occupations if c in craft_of_code}
        for craft in sorted(linked):
            out[craft].append(Support(item, True))
        named = matcher.match(item.text).craft
        if named is not None and named not in linked:
            out[named].append(Support(item, False))
    return out


def _support_for(
    proposal: Proposal, support: dict[str, list[Support]], lexicon: Lexicon
) -> list[Support]:
    crafts = proposal.crafts or (proposal.craft.key,)
    seen: set[str] = set()
    out = []
    for craft in crafts:
        for s in support.get(craft, []):
            if s.item.id not in seen:
                seen.add(s.item.id)
                out.append(s)
    return out


def _mentors_by_craft(mentors: Iterable[Mentor], matcher: Matcher) -> dict[str, list[Mentor]]:
    out: dict[str, list[Mentor]] = defaultdict(list)
    for m in sorted(mentors, key=lambda m: (list(Role).index(m.role), m.name, m.occupation)):
        craft = matcher.match(m.occupation).craft
        if craft is not None and m not in out[craft]:
            out[craft].append(m)
    return out


# ------------------------------------------------------------------------------- explain
_WEIGHTS = {ForumList.wisdom: 4, ForumList.resource: 3, ForumList.need: 3, ForumList.problem: 2}


def _explain(p: Proposal, rules: Rules) -> None:
    """The score and the sentences that say where it comes from; what is missing."""
    n = len(p.members)
    trained = sum(1 for m in p.members if m.household.trained)
    mains = sum(1 for m in p.members if m.role == "main")
    unsure = sum(1 for m in p.members if m.household.volunteer is Volunteer.unsure)
    forum = min(20, sum(_WEIGHTS[s.item.list] + s.item.votes / 10 for s in p.support))
    p.short_by = max(0, rules.min_size - n)
    score = min(n, rules.max_size) + forum + 10 * trained / max(n, 1) + 5 * mains / max(n, 1)
    reasons = []
    same = sum(1 for m in p.members if not m.kin)  # the others join as a related craft
    if p.basis == "occupation":
        score += 5
        if same:
            reasons.append(ngettext("{n} household with the same occupation: {name}",
                                    "{n} households with the same occupation: {name}", same
                                    ).format(n=same, name=p.craft.name_th))  # fmt: skip
        because = _because(p)
        if because:
            reasons.append(because)
    else:
        reasons.append(ngettext("{n} household of the same occupation type: {name}",
                                "{n} households of the same occupation type: {name}", n
                                ).format(n=n, name=p.craft.name_th))  # fmt: skip
    if mains:
        reasons.append(_("{k} of {n} have it as their main occupation").format(k=mains, n=n))
    kin = [m.text for m in p.members if m.kin]
    if kin:
        reasons.append(ngettext("{k} household of a related occupation joins it: {texts}",
                                "{k} households of related occupations join it: {texts}",
                                len(kin)).format(k=len(kin),
                                                 texts=", ".join(sorted(set(kin)))))  # fmt: skip
    backed = sum(1 for m in p.members if m.skill_backs)
    if backed:
        reasons.append(_("{k} have skills in it").format(k=backed))
    for s in p.support:
        what = _("linked at the forum") if s.linked else _("named at the forum")
        reasons.append(f"{_(_LIST_ONE[s.item.list])}: {s.item.text} ({what})")
    for m in p.mentors:  # someone in the village to teach it (seed 004, พี่สอนน้อง)
        reasons.append(f"{_(ROLE_LABELS[m.role])}: {m.name} ({m.occupation})")
    score += min(6, 3 * len(p.mentors))
    reasons.append(_("{k} of {n} trained (สัมมาชีพ)").format(k=trained, n=n))
    earning = sum(1 for m in p.members if m.household.is_sammachip)
    reasons.append(_("{k} of {n} earn more than they spend (สัมมาชีพ households)").format(
        k=earning, n=n))  # fmt: skip
    if p.craft.otop_category is not OtopCategory.none and not p.craft.base:
        score += 5
        reasons.append(_("OTOP category: {category}").format(
            category=_(OTOP_LABELS[p.craft.otop_category])))  # fmt: skip
    missing = []
    if p.short_by:
        missing.append(ngettext("{k} more household needed", "{k} more households needed",
                                p.short_by).format(k=p.short_by))  # fmt: skip
    if trained < n:
        missing.append(ngettext("{k} member not trained yet", "{k} members not trained yet",
                                n - trained).format(k=n - trained))  # fmt: skip
    if not any(s.item.list in (ForumList.wisdom, ForumList.resource) for s in p.support):
        missing.append(_("no local wisdom or resource for it was recorded at the forum"))
    if unsure:
        missing.append(ngettext("{k} member said \"not sure\": ask again",
                                "{k} members said \"not sure\": ask again", unsure
                                ).format(k=unsure))  # fmt: skip
    if p.craft.base:
        score -= 10
        missing.append(_("a livelihood rather than a product: no OTOP category"))
    p.score = round(score, 1)
    p.reasons = reasons
    p.missing = missing


def _because(p: Proposal) -> str:
    """Why these texts are one occupation: the word that most of them name (in a longer word
    too: ทอ in ทอผ้าไหม), the longest such; and what the others name."""
    texts = [m for m in p.members if m.words and not m.kin]  # related crafts: said apart
    if not texts:
        return ""
    said = [{fold(w) for w in m.words} for m in texts]
    written: dict[str, Counter[str]] = defaultdict(Counter)  # folded piece → as written
    for m in texts:
        for part in {part for w in m.words for part in _parts(w)}:
            written[fold(part)][part] += 1

    def naming(key: str) -> int:
        return sum(1 for words in said if any(key in w for w in words))

    best = max(sorted(written), key=lambda k: (naming(k), len(k)))
    # Shown as most of them write it (ไก่ไข่, not the one ไก่่ไข่ with a doubled mark).
    word = max(sorted(written[best]), key=lambda w: written[best][w])
    k, n = naming(best), len(texts)
    if k == n:
        return ngettext("grouped because its text names {word} ({name})",
                        "grouped because all {n} texts name {word} ({name})", n
                        ).format(n=n, word=word, name=p.craft.name_th)  # fmt: skip
    others = sorted({m.words[0] for m, words in zip(texts, said, strict=True)
                     if not any(best in w for w in words)})  # fmt: skip
    return _("grouped because {k} of {n} texts name {word} ({name}); the others name {others}, "
             "of the same occupation").format(k=k, n=n, word=word, name=p.craft.name_th,
                                               others=", ".join(others))  # fmt: skip


# Marks written above or below a letter (and ำ): a piece of a word never starts or ends at one.
_MARKS = frozenset("\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                   "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c")  # fmt: skip


def _parts(word: str) -> set[str]:
    """``word`` and the pieces of it that start and end on a letter's edge (เห็ด of เห็ดฟาง)."""
    return {word[a:b] for a in range(len(word)) for b in range(a + 2, len(word) + 1)
            if word[a] not in _MARKS and (b == len(word) or word[b] not in _MARKS)}  # fmt: skip


_LIST_ONE = {
    ForumList.problem: N_("problem"),
    ForumList.resource: N_("resource"),
    ForumList.wisdom: N_("local wisdom"),
    ForumList.need: N_("need"),
}


def _closed_reason(
    c: _Candidate, decision: ProposalDecision, lexicon: Lexicon, unknown_names: dict[str, str]
) -> str:
    name = _craft(c.craft, lexicon, unknown_names).name_th
    if decision.status is DecisionStatus.rejected:
        return _("{text}: the proposal for {name} was rejected ({reason})").format(
            text=c.text, name=name, reason=decision.reason
        )
    return _("{text}: the {name} group is made already; add the household to it").format(
        text=c.text, name=name
    )


def _short_reason(
    found: list[_Candidate],
    counts: dict[str, int],
    dropped: dict[str, int],
    rules: Rules,
    lexicon: Lexicon,
    unknown_names: dict[str, str],
) -> str:
    best = found[0]
    name = _craft(best.craft, lexicon, unknown_names).name_th
    total, stayed = counts.get(best.craft, 0), dropped.get(best.craft, 0)
    if stayed < total:
        return _("{text}: {n} of the {total} volunteers who do {name} fit other groups better; "
                 "{min} are needed").format(text=best.text, n=total - stayed, total=total,
                                            name=name, min=rules.min_size)  # fmt: skip
    text = ngettext("{text}: only {n} volunteer does {name} ({min} needed)",
                    "{text}: only {n} volunteers do {name} ({min} needed)", total)  # fmt: skip
    return text.format(text=best.text, n=total, name=name, min=rules.min_size)


def _house_order(home: Household) -> tuple[str, int, str, str]:
    number = home.house_no.split("/")[0]
    return (home.village_code, int(number) if number.isdigit() else 10**9, home.house_no,
            home.id)  # fmt: skip
