"""What a bundle for a field device holds: its villages and the district's own records.

The central store records which villages each device serves (store/service.py). A bundle
for such a device keeps the operations of those villages and of the district's shard
(occupations the officer added, lessons, the service records themselves), and leaves out
the other villages. A device with no record, and the label "central", get everything.

**The acknowledgement vector.** ``SyncState.advance`` moves a peer's vector only over a run
of sequence numbers without a gap. Operations left out on purpose would be such gaps, and
the vector would stall at the first one, every later bundle resending all after it. So a
bundle's record in ``sync.json`` names the operations it left out too (``sent[...]["lo"]``,
beside the ``seqs`` it carried): acknowledged, the vector moves past them as if delivered.
The bundle says the same to its receiver (``trailer``), whose vector for the sender would
otherwise stall at them in the same way. That is true only for the
scope the bundle was made for. When a device is given a village it did not serve, the
operations of that village left out before must be sent after all: the vector of that peer
is then *reset* (``rescope``), and the next bundle carries everything in the new scope from
the start. Merging is idempotent, so what the device already had is merely sent again; a
device's villages change rarely, and one village's history is what a new village needs
anyway. ``sync.json`` keeps, per peer, the scope its vector is true for (``scopes``): the
villages every bundle since the last reset served (their intersection), so narrowing never
resets and widening always does. A bundle acknowledged after a widening (made for the
narrower scope) is not counted: what it left out may be what the device now needs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.areas import is_village_code
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.service import served

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace
    from sammachip_tui.sync.bundle import SyncState

CENTRAL = "central"  # sync/bundle.py's label of the district's central store
Scope = frozenset[str] | None  # the villages a peer is sent; None: every one


def scope_of(ws: Workspace, peer: str) -> Scope:
    """The villages ``peer`` is sent: those recorded for it, or None (everything)."""
    if peer == CENTRAL:
        return None  # bundles to the central store are never cut
    from sammachip_tui.sync.devices import DeviceRegistry

    known = DeviceRegistry(ws.data_dir).get(peer)
    if known is not None and known.role == "central":
        return None  # nor to one named by its id
    found = served(ws, peer)
    return None if found is None else frozenset(found)


def wanted(op: Op, scope: Scope) -> bool:
    """Whether ``op`` goes to a peer of ``scope``: a village it serves, or the district's own
    shard (any code that is not a village: district-wide records)."""
    return scope is None or not is_village_code(op.village) or op.village in scope


def rescope(state: SyncState, peer: str, scope: Scope) -> bool:
    """Keep ``peer``'s vector true for ``scope`` (see the module's docstring); True when it
    was reset, so that the next bundle carries the new villages' history."""
    before = state.scopes.get(peer)
    if before is None:  # no operation left out since the vector began: true for any scope
        if scope is not None:
            state.scopes[peer] = sorted(scope)
        return False
    if scope is not None and scope <= set(before):
        state.scopes[peer] = sorted(scope)
        return False
    state.acked[peer] = {}
    if scope is None:
        del state.scopes[peer]
    else:
        state.scopes[peer] = sorted(scope)
    return True


@dataclass(frozen=True)
class Cut:
    """The operations a bundle carries, and every sequence number it answers for (carried
    or left out on purpose), per origin: what its acknowledgement marks delivered."""

    ops: list[Op]
    covers: dict[str, list[int]]
    left_out: int
    scope: Scope


def cut(pending: Iterable[Op], scope: Scope) -> Cut:
    """Keep what a peer of ``scope`` is sent out of ``pending`` (what it has not
    acknowledged: bundle.pending_ops)."""
    kept: list[Op] = []
    covers: dict[str, list[int]] = defaultdict(list)
    left_out = 0
    for op in pending:
        covers[op.origin].append(op.seq)
        if wanted(op, scope):
            kept.append(op)
        else:
            left_out += 1
    return Cut(kept, dict(covers), left_out, scope)


LEFT_OUT = "lo"  # the payload key (last, sync/payload.py) of what a bundle left out
MAX_RUNS = 100_000  # runs read from one bundle, all origins together; past it, none is


def trailer(cut: Cut) -> dict[str, Any]:
    """What the bundle tells its receiver it left out on purpose: per origin, the runs of
    sequence numbers as small numbers that compress well (``[first, length, gap, length,
    ...]``, each gap counted from the end of the run before). The receiver knows the sender
    holds them, so that its own vector for the sender does not stall at them either
    (``advance_received``); a receiver that does not know the key ignores it."""
    carried = {(op.origin, op.seq) for op in cut.ops}
    wire: dict[str, list[int]] = {}
    for origin, seqs in cut.covers.items():
        runs: list[list[int]] = []
        for seq in sorted(s for s in seqs if (origin, s) not in carried):
            if runs and runs[-1][1] == seq - 1:
                runs[-1][1] = seq
            else:
                runs.append([seq, seq])
        flat: list[int] = []
        end = 0
        for first, last in runs:
            flat += [first - end, last - first + 1]
            end = last
        if flat:
            wire[origin] = flat
    return {LEFT_OUT: wire} if wire else {}


def left_out_runs(header: dict[str, Any]) -> dict[str, list[tuple[int, int]]]:
    """The runs a bundle says it left out, per origin (``trailer``'s wire form read back):
    nothing at all when any part is not what ``trailer`` writes, or holds too many runs."""
    from sammachip_tui.store.ids import DEVICE_ID

    found = header.get(LEFT_OUT)
    if not isinstance(found, dict):
        return {}
    out: dict[str, list[tuple[int, int]]] = {}
    total = 0
    for origin, flat in found.items():
        if not (isinstance(origin, str) and DEVICE_ID.fullmatch(origin)
                and isinstance(flat, list) and len(flat) % 2 == 0
                and all(type(n) is int and n > 0 for n in flat)):  # fmt: skip
            return {}
        total += len(flat) // 2
        if total > MAX_RUNS:
            return {}
        runs, end = [], 0
        for gap, length in zip(flat[::2], flat[1::2], strict=True):
            first = end + gap
            end = first + length - 1
            runs.append((first, end))
        out[origin] = runs
    return out


def advance_received(
    state: SyncState, peer: str, seqs: dict[str, list[int]], header: dict[str, Any]
) -> None:
    """``SyncState.advance`` over what a bundle from ``peer`` carried and what it says it
    left out on purpose (both are what the sender holds), without jumping any other gap."""
    left_out = left_out_runs(header)
    vector = state.acked.setdefault(peer, {})
    for origin in set(seqs) | set(left_out):
        have = set(seqs.get(origin, ()))
        runs = left_out.get(origin, [])  # ascending and apart, as trailer() writes them
        at = 0
        top = vector.get(origin, 0)
        while True:
            while at < len(runs) and runs[at][1] <= top:
                at += 1  # runs already passed
            if top + 1 in have:
                top += 1
            elif at < len(runs) and runs[at][0] <= top + 1:
                top = runs[at][1]
            else:
                break
        if top or origin in vector:
            vector[origin] = top


def sent_entry(cut: Cut) -> dict[str, Any]:
    """What ``sync.json`` keeps of a bundle beside its peer and date: the sequence numbers
    it carried, the runs it left out (as the trailer says them: a district's other villages
    in a few numbers, not one per operation) and the villages it was cut for."""
    carried: dict[str, list[int]] = defaultdict(list)
    for op in cut.ops:
        carried[op.origin].append(op.seq)
    entry: dict[str, Any] = {"seqs": dict(carried), **trailer(cut)}
    if cut.scope is not None:
        entry["scope"] = sorted(cut.scope)
    return entry


def acknowledged(state: SyncState, sent: dict[str, Any], scope: Scope) -> None:
    """Mark what an acknowledged bundle carried delivered to its peer, and what it left out
    on purpose too, unless the peer now serves villages the bundle was not cut for (then
    those are still to be sent: only what it carried counts)."""
    peer = str(sent["peer"])
    rescope(state, peer, scope)
    made_for, now = sent.get("scope"), state.scopes.get(peer)
    still_true = made_for is None or (now is not None and set(now) <= set(made_for))
    left_out = {LEFT_OUT: sent.get(LEFT_OUT, {})} if still_true else {}
    advance_received(state, peer, dict(sent["seqs"]), left_out)


# ------------------------------------------------------------------ naming the device
def at_central_store(ws: Workspace) -> None:
    """Villages are given at the district's central store (the devices screen shows the keys
    there only); a field device says so, in words."""
    from sammachip_tui.store.service import ServiceError

    if ws.device.role.value != "central":
        raise ServiceError(
            _("A device's villages are set at the district's central store; this device "
              "is a field device. Nothing was changed.")
        )  # fmt: skip


def device_to_serve(ws: Workspace, key: str, *, new: bool = False) -> str:
    """The id of the device ``key`` names (its id, fingerprint, or a name no other has), or,
    with ``new``, the id of a device this store has not met yet (as shown on its screen), to
    fill it before it has sent anything. Raises a UserError in words: no such device, this
    device itself, a revoked one, or text that is no device id."""
    from sammachip_tui.store.ids import DEVICE_ID
    from sammachip_tui.store.service import ServiceError
    from sammachip_tui.sync.devices import DeviceLookupError, DeviceRegistry, Status

    registry = DeviceRegistry(ws.data_dir)
    typed = key.strip().upper()
    try:
        device_id = registry.resolve(key).device_id
    except DeviceLookupError as exc:
        if not exc.candidates and served(ws, typed) is not None:
            new = True  # given villages before it was met: known here by its id
        if exc.candidates or not new:
            if not exc.candidates:
                raise ServiceError(
                    _("No device {key} is known here. A new device that has sent nothing "
                      "yet is named by the id on its screen, as a new device (--new)."
                      ).format(key=key)
                ) from None  # fmt: skip
            raise
        if not DEVICE_ID.fullmatch(typed):
            raise ServiceError(
                _("{key} is not a device id: 8 letters and digits, as the new device shows "
                  "on its devices screen.").format(key=key)
            ) from None  # fmt: skip
        device_id = typed
    if device_id == ws.device.device_id:
        raise ServiceError(_("This is this device itself: it holds every village it has."))
    known = registry.get(device_id)
    if known is not None and known.role == "central":
        raise ServiceError(
            _("{name} ({id}) is a central store: it is sent every village.").format(
                name=known.name, id=device_id
            )
        )
    if known is not None and known.status is Status.revoked:
        raise ServiceError(
            _("Device {name} ({id}) was revoked: nothing is sent to it.").format(
                name=known.name, id=device_id
            )
        )
    return device_id


# ------------------------------------------------------------- what came, and from whom
ROLE_WORDS = {"central": N_("central store"), "field": N_("field device")}


def sender_text(name: str, device_id: str, role: str) -> str:
    """``office (ABCD1234, central store)``: who a bundle came from, as the officer reads it."""
    words = ROLE_WORDS.get(role)
    return f"{name} ({device_id}, {_(words)})" if words else f"{name} ({device_id})"


def village_lines(ws: Workspace, by_village: dict[str, Counter[str]]) -> list[str]:
    """One line per village a merge changed (the district's records last): what came, by kind."""
    from sammachip_tui.i18n.wording import kind_counts, visible
    from sammachip_tui.store.service import villages_text

    lines = []
    for village in sorted(by_village, key=lambda v: (not is_village_code(v), v)):
        label = villages_text(ws, [village]) if is_village_code(village) else _(
            "district-wide records")  # fmt: skip
        lines.append(f"{visible(label)}: {kind_counts(by_village[village])}")
    return lines
