"""The scope of a bundle for a device that serves some villages, and its acknowledgement
vector (sync/service.py), played without disks: what the central store sends, what the device
ends up holding, whatever the order of edits, village changes, lost bundles and late acks."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sammachip_tui.store.oplog import Op
from sammachip_tui.sync import service
from sammachip_tui.sync.bundle import SyncState

CENTRAL_ID, OTHER_ID, DEVICE = "CCCCCCCC", "FFFFFFFF", "DDDDDDDD"
VILLAGES = ("52120501", "52120502", "52120503")
DISTRICT = "52120000"


def op(origin: str, seq: int, village: str) -> Op:
    return Op(origin, seq, f"{seq:012x}0000{origin}", "household", f"{origin}.{seq}", village,
              {"first_name": "x"})  # fmt: skip


@dataclass
class Central:
    """The central store's journal and sync.json, and what the device holds."""

    journal: list[Op] = field(default_factory=list)
    state: SyncState = field(default_factory=SyncState)
    holds: set[tuple[str, int]] = field(default_factory=set)
    scope: frozenset[str] | None = None
    ever: set[str] = field(default_factory=set)  # villages it was ever given (None: all)
    unacked: list[dict[str, object]] = field(default_factory=list)

    def edit(self, origin: str, village: str) -> None:
        seq = 1 + max((o.seq for o in self.journal if o.origin == origin), default=0)
        self.journal.append(op(origin, seq, village))

    def serve(self, scope: frozenset[str] | None) -> None:
        self.scope = scope
        self.ever |= set(VILLAGES) if scope is None else scope

    def send(self, delivered: bool) -> list[Op]:
        """What build_bundle does: rescope, pending_ops, cut, and keep the sent entry."""
        service.rescope(self.state, DEVICE, self.scope)
        vector = self.state.acked.get(DEVICE, {})
        pending = [o for o in self.journal if o.seq > vector.get(o.origin, 0)]
        cut = service.cut(pending, self.scope)
        if cut.ops:
            self.unacked.append({"peer": DEVICE, **service.sent_entry(cut)})
            if delivered:
                self.holds |= {(o.origin, o.seq) for o in cut.ops}
        return cut.ops

    def ack(self, index: int) -> None:
        """The receiver's code typed in, maybe long after, for a bundle it did get."""
        if self.unacked:
            entry = self.unacked.pop(index % len(self.unacked))
            service.acknowledged(self.state, entry, self.scope)

    def due(self) -> set[tuple[str, int]]:
        return {(o.origin, o.seq) for o in self.journal if service.wanted(o, self.scope)}


scopes = st.one_of(st.none(), st.frozensets(st.sampled_from(VILLAGES), min_size=1))
steps = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.sampled_from((CENTRAL_ID, OTHER_ID)),
                  st.sampled_from((*VILLAGES, DISTRICT))),
        st.tuples(st.just("serve"), scopes),
        st.tuples(st.just("send"), st.booleans()),  # delivered, or lost on the way
        st.tuples(st.just("ack"), st.integers(0, 5)),
    ),
    max_size=40,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(first=scopes, steps=steps)
@example(first=frozenset(VILLAGES[:1]), steps=[  # a village given after its operations were
    ("edit", CENTRAL_ID, VILLAGES[0]), ("edit", CENTRAL_ID, VILLAGES[1]),  # left out and
    ("send", True), ("ack", 0), ("serve", frozenset(VILLAGES[:2])),  # acknowledged
])  # fmt: skip
@example(first=frozenset(VILLAGES[:1]), steps=[  # and its code typed only after that
    ("edit", CENTRAL_ID, VILLAGES[0]), ("edit", CENTRAL_ID, VILLAGES[1]),
    ("send", True), ("serve", frozenset(VILLAGES[:2])), ("ack", 0),
])  # fmt: skip
def test_the_device_holds_exactly_its_villages_and_the_district_records(first, steps) -> None:
    central = Central()
    central.serve(first)
    for step in steps:
        if step[0] == "edit":
            central.edit(step[1], step[2])
        elif step[0] == "serve":
            central.serve(step[1])
        elif step[0] == "send":
            if central.send(step[1]) and not step[1]:
                central.unacked.pop()  # a lost bundle's code is never typed
        else:
            central.ack(step[1])
    central.send(True)
    central.ack(-1)  # the last bundle, delivered and acknowledged
    assert central.due() <= central.holds  # every operation of its villages and the district's
    allowed = {(o.origin, o.seq) for o in central.journal
               if o.village == DISTRICT or o.village in central.ever}  # fmt: skip
    assert central.holds <= allowed  # and never a village it was not given
    assert central.send(True) == []  # nothing left out stalls the vector: no resending


def test_a_bundle_acknowledged_after_a_village_was_added_does_not_mark_it_delivered() -> None:
    central = Central()
    central.serve(frozenset(VILLAGES[:1]))
    for village in VILLAGES:
        central.edit(CENTRAL_ID, village)
    assert [o.village for o in central.send(True)] == [VILLAGES[0]]
    central.serve(frozenset(VILLAGES[:2]))  # before the first bundle's code was typed
    central.ack(0)  # what it carried counts; what it left out does not
    assert [o.village for o in central.send(True)] == [VILLAGES[1]]


def test_what_a_bundle_left_out_is_named_so_the_receiver_does_not_stall() -> None:
    pending = [op(CENTRAL_ID, 1, VILLAGES[0]), op(CENTRAL_ID, 2, VILLAGES[1]),
               op(CENTRAL_ID, 3, VILLAGES[1]), op(CENTRAL_ID, 4, DISTRICT)]  # fmt: skip
    cut = service.cut(pending, frozenset(VILLAGES[:1]))
    assert [o.seq for o in cut.ops] == [1, 4] and cut.left_out == 2
    trailer = service.trailer(cut)
    assert trailer == {"lo": {CENTRAL_ID: [2, 2]}}  # from 2, two of them
    state = SyncState()
    service.advance_received(state, "central", {CENTRAL_ID: [1, 4]}, trailer)
    assert state.acked["central"] == {CENTRAL_ID: 4}
    state = SyncState()  # without it (an older sender), the gap holds, as before
    service.advance_received(state, "central", {CENTRAL_ID: [1, 4]}, {})
    assert state.acked["central"] == {CENTRAL_ID: 1}
    for bad in ({"lo": [1]}, {"lo": {CENTRAL_ID: [2, "x"]}}, {"lo": {CENTRAL_ID: "2-3"}},
                {"lo": {CENTRAL_ID: [2, 0]}}, {"lo": {CENTRAL_ID: [2]}},
                {"lo": {"not an id": [2, 2]}}):  # fmt: skip
        state = SyncState()
        service.advance_received(state, "central", {CENTRAL_ID: [1, 4]}, bad)
        assert state.acked["central"] == {CENTRAL_ID: 1}


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(1, 60)), st.sets(st.integers(1, 60)))
def test_the_runs_left_out_read_back_as_written(carried: set[int], left: set[int]) -> None:
    """Whatever was carried and left out, the receiver moves exactly as far as an unbroken
    run of the two together reaches from where it was."""
    left -= carried
    pending = [op(CENTRAL_ID, n, VILLAGES[0] if n in carried else VILLAGES[1])
               for n in sorted(carried | left)]  # fmt: skip
    cut = service.cut(pending, frozenset(VILLAGES[:1]))
    state = SyncState()
    service.advance_received(state, "central", {CENTRAL_ID: sorted(carried)},
                             service.trailer(cut))  # fmt: skip
    top = 0
    while top + 1 in carried | left:
        top += 1
    assert state.acked["central"].get(CENTRAL_ID, 0) == top
