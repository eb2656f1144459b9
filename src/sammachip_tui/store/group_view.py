"""One occupation group as the screens, the CLI and the documents read it: the group, its
members with their households, and every entry of its 5 ก and follow-up, in one value.

Reading is the one place where schema 1.1/1.2 groups are migrated: their ``committee``,
``fund`` and ``activities`` lists (inside the group record) are read as entries with ids of
their own (``<group>~c0``, ``<group>~f0``, ``<group>~a0``), and their ``bylaws`` as the
base of the bylaws record. Nothing is rewritten on disk, so no two devices ever "migrate"
the same group into two conflicting copies; editing an old entry writes a record under that
same id (``create``), which from then on is read instead of the list element, and
concurrent edits of it on two devices meet as any concurrent edit does.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError

from sammachip_tui.model.group_records import (
    MONEY_IN,
    MONEY_OUT,
    STAGE_FOR_OLD_DEVICES,
    BylawsRecord,
    CommitteeTerm,
    Evaluation,
    GroupActivity,
    GroupEntry,
    GroupStage,
    LedgerKind,
    LedgerLine,
    Market,
    Position,
    Product,
    StatusChange,
    Support,
)
from sammachip_tui.model.records import Group, GroupMember, GroupStatus, Household, Record
from sammachip_tui.store.workspace import Workspace

E = TypeVar("E", bound=GroupEntry)
R = TypeVar("R", bound=Record)

LEGACY_LEDGER = {"shares": LedgerKind.shares, "grant": LedgerKind.grant,
                 "equipment": LedgerKind.in_kind, "loan": LedgerKind.loan}  # fmt: skip


@dataclass(frozen=True)
class MemberView:
    """A member with its household (None when the household is not on this device), the
    shares it holds and the other groups it is in (a household may be in several)."""

    member: GroupMember
    household: Household | None
    shares: int
    other_groups: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        h = self.household
        return h.full_name if h is not None else self.member.household_id

    @property
    def current(self) -> bool:
        return self.member.active and self.member.left is None


@dataclass
class GroupView:
    group: Group
    members: list[MemberView] = field(default_factory=list)
    committee: list[CommitteeTerm] = field(default_factory=list)
    bylaws: BylawsRecord | None = None
    ledger: list[LedgerLine] = field(default_factory=list)
    activities: list[GroupActivity] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)
    supports: list[Support] = field(default_factory=list)
    markets: list[Market] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.group.id

    @property
    def village(self) -> str:
        return self.group.village_code

    # When the group's 1.x ``status`` and the latest decision were written (see ``stage_of``).
    status_stamp: str = ""
    decided_stamp: str = ""

    @property
    def stage(self) -> GroupStage:
        """Where the group is (``stage_of``)."""
        latest = self.history[-1].status if self.history else None
        return stage_of(str(self.group.status), self.status_stamp, latest, self.decided_stamp)

    @property
    def current_members(self) -> list[MemberView]:
        return [m for m in self.members if m.current]

    def current_committee(self, on: dt.date) -> list[CommitteeTerm]:
        """The posts held on ``on``: terms elected by then (or undated) and not ended."""
        return [
            t for t in self.committee
            if (t.elected is None or t.elected <= on) and (t.term_end is None or t.term_end >= on)
        ]  # fmt: skip

    def totals(self) -> dict[LedgerKind, float]:
        out = dict.fromkeys(LedgerKind, 0.0)
        for line in self.ledger:
            out[line.kind] += line.amount
        return out

    def balance(self) -> float:
        """Cash in hand: money in less money out (in-kind receipts are valued, not cash)."""
        money_in = sum(line.amount for line in self.ledger if line.kind in MONEY_IN)
        money_out = sum(line.amount for line in self.ledger if line.kind in MONEY_OUT)
        return round(money_in - money_out, 2)

    def entries(self, kind: str) -> list[GroupEntry]:
        """The entries of ``kind`` by the name the CLI and screens use (``fund``: the ledger)."""
        lists: dict[str, list[Any]] = {
            "committee": self.committee, "fund": self.ledger, "activity": self.activities,
            "support": self.supports, "market": self.markets, "evaluation": self.evaluations,
            "product": self.products,
        }  # fmt: skip
        return list(lists[kind])

    def member_name(self, household_id: str) -> str:
        for m in self.members:
            if m.member.household_id == household_id:
                return m.name
        return household_id


def stage_of(status: str, status_stamp: str, latest: GroupStage | None, decided: str) -> GroupStage:
    """A group's stage: that of its latest dated decision (``group_status`` records, by date
    and then by when each was made), unless a device of schema 1.2 or earlier changed the
    group's ``status`` since (it knows no decisions): then what that device said. A 1.3
    device writes the status with every decision (its 1.2 equivalent), so the two agree
    whenever no older device has spoken since."""
    try:
        old = GroupStage(status)
    except ValueError:
        old = GroupStage.forming
    if latest is None:
        return old
    if STAGE_FOR_OLD_DEVICES[latest] != status and status_stamp > decided:
        return old
    return latest


def _stamp(record: dict[str, Any]) -> str:
    """When a record was made (the stamp of ``group_id``, written once, when the entry is
    made): the tie-break of same-day entries, the same on every device. Not the id, which
    sorts by device and not in time (DEV.Z, seq 31, after DEV.11, seq 33), and not the
    newest stamp, which a later correction of an old decision's note would move."""
    stamps = record.get("_s", {})
    return str(stamps.get("group_id") or min(stamps.values(), default=""))


def _entries(
    ws: Workspace, village: str, model: type[E], group_id: str, legacy: Iterable[E] = ()
) -> list[E]:
    """The group's entries of ``model``, by date, then in the order they were made."""
    found: dict[str, tuple[Any, E]] = {}
    old = {entry.id: entry for entry in legacy}
    for entry in old.values():
        found[entry.id] = (_when(entry, ""), entry)
    cache = read_cache(ws)
    for record in ws.records(village, model.KIND, include_deleted=True):
        if record.get("group_id") != group_id:
            continue
        if record.get("deleted"):
            found.pop(record["id"], None)  # a deleted old entry stays deleted
            continue
        if record["id"] in old:
            # An old list element edited: the record holds only the fields changed (so that
            # two devices changing two fields of it both keep theirs); the rest is the list's.
            values = {k: v for k, v in record.items() if not k.startswith("_")}
            value = _read(model, {**old[record["id"]].model_dump(), **values})
            found[record["id"]] = (_when(value, _stamp(record)), value)
            continue
        found[record["id"]] = remembered(cache, village, model, record)
    return [entry for _when_made, entry in sorted(found.values(), key=_first)]


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


# Records read before, per workspace: (village, kind, id) → (the record's field stamps then,
# its place in a list, the model). A stored value changes only with a new stamp of its field
# (an edit, a merged operation, a resolved conflict: each stamps what it writes), so the same
# stamps are the same values and what was read then is what would be read now. Opening a
# group of hundreds of ledger lines then validates only what changed since it was last open
# (benchmarks/group_open.py). Entries are values: callers make changed copies
# (``model_copy``, ``store/groups.py``), never assign to them.
Cache = dict[tuple[str, str, str], tuple[dict[str, str], Any, Any]]
_READ: weakref.WeakKeyDictionary[Workspace, Cache] = weakref.WeakKeyDictionary()


def read_cache(ws: Workspace) -> Cache:
    cache = _READ.get(ws)
    if cache is None:
        cache = _READ[ws] = {}
    return cache


def remembered(cache: Cache, village: str, model: type[R], record: dict[str, Any]) -> tuple[Any, R]:
    """(where it sorts, the model) of a stored record: read again only when it changed."""
    stamps = record.get("_s")
    key = (village, model.KIND, record["id"])
    known = cache.get(key)
    if known is not None and known[0] == stamps:
        return known[1], known[2]
    value = _read(model, record)
    when = _when(value, _stamp(record)) if isinstance(value, GroupEntry) else None
    if stamps:  # without stamps nothing tells one version from another: read every time
        cache[key] = (dict(stamps), when, value)  # a copy: stored stamps may change in place
    return when, value


def _read(model: type[R], record: dict[str, Any]) -> R:
    """A stored record as its model, validated from the stored dict itself (``Record``
    ignores the stamps, extra keys); ``from_record``'s lenient reading when it fails. A
    group's ledger is hundreds of lines, read every time the group is opened."""
    try:
        return model.model_validate(record)
    except ValidationError:
        return model.from_record(record)


def _when(entry: GroupEntry, stamp: str) -> tuple[dt.date, str, str]:
    date = getattr(entry, "date", None) or getattr(entry, "elected", None)
    return (date if isinstance(date, dt.date) else dt.date.min, stamp, entry.id)


def _legacy(group: Group, raw: dict[str, Any]) -> dict[str, list[Any]]:
    """The entries a schema 1.x group kept in lists, as records with ids of their own."""
    gid, village = group.id, group.village_code

    def entry(model: type[E], i: str, **values: Any) -> E:
        return model.model_construct(
            id=f"{gid}~{i}", village_code=village, group_id=gid, deleted=False, **values
        )

    def items(name: str) -> list[tuple[int, dict[str, Any]]]:
        return [(i, x) for i, x in enumerate(raw.get(name) or []) if isinstance(x, dict)]

    committee = [
        entry(CommitteeTerm, f"c{i}", household_id=str(seat.get("household_id", "")),
              position=_position(str(seat.get("position", ""))),
              title=str(seat.get("position", "")), elected=None, term_end=None)
        for i, seat in items("committee")
    ]  # fmt: skip
    ledger = [
        entry(LedgerLine, f"f{i}", kind=LEGACY_LEDGER.get(str(x.get("kind")), LedgerKind.grant),
              date=_date(x.get("date")), amount=_number(x.get("amount")), household_id="",
              shares=0, source=str(x.get("source", "")), note=str(x.get("note", "")))
        for i, x in items("fund")
    ]  # fmt: skip
    activities = [
        entry(GroupActivity, f"a{i}", title=str(a.get("title", "")), date=_date(a.get("date")),
              done=True, output="", revenue=_number(a.get("income")), cost=0.0,
              note=str(a.get("note", "")))
        for i, a in items("activities")
    ]  # fmt: skip
    return {"committee": committee, "ledger": ledger, "activities": activities}


def _number(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _position(text: str) -> str:
    known = {"ประธาน": Position.chair, "รองประธาน": Position.vice_chair,
             "เลขานุการ": Position.secretary, "เหรัญญิก": Position.treasurer,
             "ผู้ตรวจสอบ": Position.auditor, "นายทะเบียน": Position.registrar}  # fmt: skip
    if text in Position.__members__:
        return Position(text)
    return known.get(text.strip(), Position.other)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return dt.date.min


def _bylaws(ws: Workspace, group: Group, raw: dict[str, Any]) -> BylawsRecord | None:
    """The bylaws record over the 1.x ``bylaws`` field: what the record does not say, the
    old field still does."""
    values: dict[str, Any] = {}
    old = raw.get("bylaws")
    if isinstance(old, dict):
        values.update({k: v for k, v in old.items() if v not in (0, 0.0, "", None)})
    record = ws.record(group.village_code, "bylaws", group.id)
    if record is not None and not record.get("deleted"):
        values.update({k: v for k, v in record.items() if not k.startswith("_") and k != "id"})
    if not values:
        return None
    values.update(id=group.id, village_code=group.village_code, group_id=group.id)
    return BylawsRecord.from_record(values)


def group_view(ws: Workspace, village: str, group_id: str) -> GroupView | None:
    """The group ``group_id`` of ``village`` with everything recorded about it, or None."""
    raw = ws.record(village, "group", group_id)
    if raw is None or raw.get("deleted"):
        return None
    group = Group.from_record(raw)
    legacy = _legacy(group, raw)
    names = group_names(ws)
    view = GroupView(group=group, bylaws=_bylaws(ws, group, raw))
    view.committee = _entries(ws, village, CommitteeTerm, group_id, legacy["committee"])
    view.ledger = _entries(ws, village, LedgerLine, group_id, legacy["ledger"])
    view.activities = _entries(ws, village, GroupActivity, group_id, legacy["activities"])
    view.history = _entries(ws, village, StatusChange, group_id)
    view.status_stamp = str(raw.get("_s", {}).get("status", ""))
    if view.history:
        latest = ws.record(village, "group_status", view.history[-1].id) or {}
        view.decided_stamp = _newest(latest)
    view.supports = _entries(ws, village, Support, group_id)
    view.markets = _entries(ws, village, Market, group_id)
    view.evaluations = _entries(ws, village, Evaluation, group_id)
    view.products = _entries(ws, village, Product, group_id)
    bought: dict[str, int] = {}
    for line in view.ledger:
        if line.kind is LedgerKind.shares and line.household_id:
            bought[line.household_id] = bought.get(line.household_id, 0) + line.shares
    every = [r for v in ws.villages() for r in ws.records(v, "member")]  # read once
    cache = read_cache(ws)
    mine = [remembered(cache, r["village_code"], GroupMember, r)[1] for r in every
            if r.get("group_id") == group_id]  # fmt: skip
    memberships = _memberships(every, {m.household_id for m in mine})
    # A household that left and joined again has two memberships: the shares it bought are
    # counted once, on the current one (else the latest).
    mine.sort(key=lambda m: (m.active and m.left is None, m.joined or dt.date.min), reverse=True)
    for member in mine:
        household = _household(ws, member)
        others = tuple(
            names[g]
            for g in memberships.get(member.household_id, ())
            if g != group_id and g in names
        )
        shares = member.shares + bought.pop(member.household_id, 0)
        view.members.append(MemberView(member, household, shares, others))
    view.members.sort(key=lambda m: (not m.current, _house_key(m)))
    return view


def _house_key(m: MemberView) -> tuple[int, str]:
    house = m.household.house_no if m.household is not None else ""
    digits = "".join(ch for ch in house.split("/")[0] if ch.isdigit())
    return (int(digits) if digits else 1_000_000, house)


def _household(ws: Workspace, member: GroupMember) -> Household | None:
    record = ws.record(member.village_code, "household", member.household_id)
    if record is None:
        return None
    return remembered(read_cache(ws), member.village_code, Household, record)[1]


def _memberships(every: Iterable[dict[str, Any]], homes: set[str]) -> dict[str, list[str]]:
    """Household (of ``homes``) → the groups it is a current member of."""
    out: dict[str, list[str]] = {}
    for r in every:
        home = r.get("household_id", "")
        if home in homes and r.get("active", True) and not r.get("left"):
            out.setdefault(home, []).append(r.get("group_id", ""))
    return out


def group_names(ws: Workspace, villages: Iterable[str] | None = None) -> dict[str, str]:
    """Group id → name, of the groups of ``villages`` (every village by default)."""
    return {
        r["id"]: r.get("name", "")
        for village in (ws.villages() if villages is None else villages)
        for r in ws.records(village, "group")
    }


@dataclass(frozen=True)
class GroupLine:
    """A group in a list: what the groups screen and ``groups list`` show."""

    id: str
    village: str
    name: str
    occupation_code: str
    stage: GroupStage
    members: int


def group_lines(ws: Workspace, village: str | None = None) -> list[GroupLine]:
    """Every group of ``village`` (of the device, when None), with its stage and its number
    of current members; by village, then name."""
    villages = ws.villages() if village is None else [village]
    counts: dict[str, int] = {}
    for v in ws.villages():
        for r in ws.records(v, "member"):
            if r.get("active", True) and not r.get("left"):
                counts[r.get("group_id", "")] = counts.get(r.get("group_id", ""), 0) + 1
    lines = []
    for v in villages:
        decisions = latest_decisions(ws, v)
        for r in ws.records(v, "group"):
            stage = record_stage(r, decisions.get(r["id"]))
            lines.append(GroupLine(r["id"], v, r.get("name", ""), r.get("occupation_code", ""),
                                   stage, counts.get(r["id"], 0)))  # fmt: skip
    return sorted(lines, key=lambda g: (g.village, g.name, g.id))


def latest_decisions(ws: Workspace, village: str) -> dict[str, tuple[GroupStage, str]]:
    """Group id → (the stage of its latest decision, when that decision was last written),
    for the groups of ``village``: what lists and registers need without a whole view."""
    return decisions_of(ws.records(village, "group_status"))


def decisions_of(statuses: Iterable[dict[str, Any]]) -> dict[str, tuple[GroupStage, str]]:
    """``latest_decisions`` of a village's ``group_status`` records already read."""
    found: dict[str, tuple[tuple[str, str], GroupStage, str]] = {}
    for r in statuses:
        try:
            stage = GroupStage(str(r.get("status", "")))
        except ValueError:
            continue
        order = (str(r.get("date", "")), _stamp(r))
        gid = str(r.get("group_id", ""))
        if gid not in found or order > found[gid][0]:
            found[gid] = (order, stage, _newest(r))
    return {gid: (stage, stamp) for gid, (_o, stage, stamp) in found.items()}


def record_stage(group: dict[str, Any], latest: tuple[GroupStage, str] | None) -> GroupStage:
    """The stage of a stored group record, given its latest decision (``latest_decisions``)."""
    status = str(group.get("status", GroupStatus.forming))
    stamp = str(group.get("_s", {}).get("status", ""))
    if latest is None:
        return stage_of(status, stamp, None, "")
    return stage_of(status, stamp, latest[0], latest[1])


def _newest(record: dict[str, Any]) -> str:
    return max((str(s) for s in record.get("_s", {}).values()), default="")


def old_status(stage: GroupStage) -> str:
    """What ``Group.status`` says for ``stage`` to devices of schema 1.2 and earlier."""
    return STAGE_FOR_OLD_DEVICES[stage]
