"""Operations and how they apply: the merge core of every edit, local or received by QR.

An operation sets some fields of one record: ``(origin device, seq, stamp, kind, record,
village, {field: value}, {field: [stamps it replaced]})``. Each field of a record is a
multi-value register:

* every operation that wrote the field is a *version*, named by its stamp;
* a version is *replaced* when a later operation names its stamp in ``replaces``;
* the *leaves* are the versions nobody replaced. The greatest leaf is the value shown;
  the others are *conflicts*: edits of the same field made on two devices that did not know
  of each other. They stay beside the record until an officer resolves them, which is one
  more operation replacing all the leaves.

The leaves are a function of the *set* of operations seen (all versions, minus those replaced),
so applying operations in any order, any number of times, gives the same record on every
device. Duplicates are recognised by their stamp (stamps are unique per device). A replaced
stamp that has not arrived yet is remembered in ``_x`` so that it never becomes a leaf.

Stored record layout (plain JSON):
``{"id", <field>: <winning value>, "_s": {field: stamp}, "_c": {field: {stamp: value}},
"_x": {field: [stamp]}, "_seen": [stamp]}``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

META_KEYS = ("_s", "_c", "_x", "_seen")


@dataclass(frozen=True, slots=True)
class Op:
    origin: str
    seq: int
    stamp: str
    kind: str
    record: str
    village: str
    values: dict[str, Any]
    replaces: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "o": self.origin,
            "s": self.seq,
            "h": self.stamp,
            "k": self.kind,
            "r": self.record,
            "v": self.village,
            "f": self.values,
        }
        if self.replaces:
            data["p"] = self.replaces
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Op:
        try:
            op = cls(
                origin=data["o"],
                seq=data["s"],
                stamp=data["h"],
                kind=data["k"],
                record=data["r"],
                village=data["v"],
                values=data["f"],
                replaces=data.get("p") or {},
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not an operation: {exc}") from exc
        if not (
            isinstance(op.origin, str)
            and isinstance(op.seq, int)
            and isinstance(op.stamp, str)
            and isinstance(op.values, dict)
            and isinstance(op.replaces, dict)
        ):
            raise ValueError("not an operation: wrong field types")
        return op


class Outcome(Enum):
    created = "created"
    updated = "updated"
    duplicate = "duplicate"


@dataclass(frozen=True, slots=True)
class Applied:
    record: dict[str, Any]
    outcome: Outcome
    conflicted: tuple[str, ...] = ()


def apply_op(record: dict[str, Any] | None, op: Op) -> Applied:
    """Apply ``op`` to ``record`` (None if the record does not exist yet).

    Returns a new dict; the one passed in is never mutated, so a caller may hand out the
    stored record to readers without copying it.
    """
    if record is None:
        rec: dict[str, Any] = {"id": op.record, "_s": {}, "_seen": []}
        outcome = Outcome.created
    else:
        if _contains(record.get("_seen", ()), op.stamp):
            return Applied(record, Outcome.duplicate)
        rec = dict(record)
        rec["_s"] = dict(record.get("_s", {}))
        rec["_seen"] = list(record.get("_seen", ()))
        outcome = Outcome.updated
    seen: list[str] = rec["_seen"]
    bisect.insort(seen, op.stamp)
    conflicts: dict[str, dict[str, Any]] = dict(rec.get("_c", {}))
    pending: dict[str, list[str]] = dict(rec.get("_x", {}))
    conflicted = []
    for name, value in op.values.items():
        if name == "id" or name in META_KEYS:
            continue
        leaves: dict[str, Any] = dict(conflicts.get(name, {}))
        if name in rec["_s"]:
            leaves[rec["_s"][name]] = rec[name]
        waiting = set(pending.get(name, ()))
        for replaced in op.replaces.get(name, ()):
            if replaced in leaves:
                del leaves[replaced]
            elif not _contains(seen, replaced):
                waiting.add(replaced)
        if op.stamp in waiting:
            waiting.discard(op.stamp)  # already replaced by an operation that came first
        else:
            leaves[op.stamp] = value
        if leaves:
            winner = max(leaves)
            rec[name] = leaves.pop(winner)
            rec["_s"][name] = winner
        else:  # only possible with malformed stamps; keep nothing rather than guess
            rec.pop(name, None)
            rec["_s"].pop(name, None)
        if leaves:
            conflicts[name] = leaves
            conflicted.append(name)
        else:
            conflicts.pop(name, None)
        if waiting:
            pending[name] = sorted(waiting)
        else:
            pending.pop(name, None)
    _set_or_drop(rec, "_c", conflicts)
    _set_or_drop(rec, "_x", pending)
    return Applied(rec, outcome, tuple(conflicted))


def _contains(sorted_stamps: Any, stamp: str) -> bool:
    i = bisect.bisect_left(sorted_stamps, stamp)
    return i < len(sorted_stamps) and sorted_stamps[i] == stamp


def _set_or_drop(rec: dict[str, Any], key: str, value: dict[str, Any]) -> None:
    if value:
        rec[key] = value
    else:
        rec.pop(key, None)


def leaves_of(record: dict[str, Any], name: str) -> list[str]:
    """Every unreplaced version of a field: what a resolving edit must name in ``replaces``."""
    stamps = list(record.get("_c", {}).get(name, {}))
    if name in record.get("_s", {}):
        stamps.append(record["_s"][name])
    return sorted(stamps)


def conflicts_of(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Fields whose concurrent edits are waiting for an officer: {field: {stamp: value}}.

    Versions equal to the value shown are left out: two facilitators who both ticked the same
    household present agree, and there is nothing to resolve. (They stay in ``_c`` so that a
    later edit still replaces every version.)"""
    found = {}
    for name, versions in record.get("_c", {}).items():
        differing = {s: v for s, v in versions.items() if v != record.get(name)}
        if differing:
            found[name] = differing
    return found
