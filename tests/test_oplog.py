"""The merge core: any order, any duplicates, the same record; concurrent edits kept."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sammachip_tui.store.hlc import HybridClock
from sammachip_tui.store.oplog import Op, Outcome, apply_op, conflicts_of, leaves_of

FIELDS = ("occupation_main", "income_month", "volunteer")
DEVICES = ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC")


class Device:
    """A simulated device: its clock, the ops it knows, its copy of one record."""

    def __init__(self, name: str, clock_ms: list[int]) -> None:
        self.name = name
        self.clock = HybridClock(name, now_ms=lambda: clock_ms[0])
        self.seq = 0
        self.known: dict[str, Op] = {}
        self.record: dict[str, Any] | None = None

    def edit(self, field: str, value: Any, resolve: bool = False) -> Op:
        replaces: dict[str, list[str]] = {}
        if self.record is not None and field in self.record["_s"]:
            replaces[field] = (
                leaves_of(self.record, field) if resolve else [self.record["_s"][field]]
            )
        self.seq += 1
        op = Op(
            self.name,
            self.seq,
            self.clock.now(),
            "household",
            "R",
            "52120505",
            {field: value},
            replaces,
        )
        self.receive([op])
        return op

    def receive(self, ops: list[Op]) -> None:
        for op in ops:
            self.clock.observe(op.stamp)
            self.known[op.stamp] = op
            self.record = apply_op(self.record, op).record


def replay(ops: list[Op]) -> dict[str, Any] | None:
    record = None
    for op in ops:
        record = apply_op(record, op).record
    return record


def expected_leaves(ops: list[Op], field: str) -> list[str]:
    """The definition, computed independently: versions nobody replaced."""
    written = {op.stamp for op in ops if field in op.values}
    replaced = {s for op in ops for s in op.replaces.get(field, ())}
    return sorted(written - replaced)


actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("edit"),
            st.sampled_from(DEVICES),
            st.sampled_from(FIELDS),
            st.integers(0, 9),
            st.booleans(),
        ),
        st.tuples(st.just("sync"), st.sampled_from(DEVICES), st.sampled_from(DEVICES)),
        st.tuples(st.just("tick"), st.integers(-5000, 5000)),  # clocks jump, even backwards
    ),
    min_size=1,
    max_size=40,
)


def run(script: list[tuple]) -> tuple[dict[str, Device], list[Op]]:
    clock = [1_700_000_000_000]
    devices = {name: Device(name, clock) for name in DEVICES}
    devices["AAAAAAAA"].edit("occupation_main", "start")
    devices["BBBBBBBB"].receive(list(devices["AAAAAAAA"].known.values()))
    devices["CCCCCCCC"].receive(list(devices["AAAAAAAA"].known.values()))
    for action in script:
        if action[0] == "edit":
            _, name, field, value, resolve = action
            devices[name].edit(field, value, resolve)
        elif action[0] == "sync":
            _, src, dst = action
            devices[dst].receive(list(devices[src].known.values()))
        else:
            clock[0] = max(0, clock[0] + action[1])
    ops = sorted({op.stamp: op for d in devices.values() for op in d.known.values()}.items())
    return devices, [op for _, op in ops]


@settings(max_examples=300, deadline=None)
@given(actions, st.randoms(use_true_random=False))
def test_any_order_and_duplication_gives_the_same_record(script: list, rnd: random.Random) -> None:
    _devices, ops = run(script)
    reference = replay(ops)
    shuffled = ops + rnd.sample(ops, k=min(len(ops), 5))  # duplicates too
    rnd.shuffle(shuffled)
    assert replay(shuffled) == reference
    for field in FIELDS:
        if any(field in op.values for op in ops):
            assert leaves_of(reference, field) == expected_leaves(ops, field)
            winner = max(expected_leaves(ops, field))
            assert reference["_s"][field] == winner
            assert reference[field] == next(o for o in ops if o.stamp == winner).values[field]


@settings(max_examples=200, deadline=None)
@given(actions)
def test_devices_that_exchanged_everything_agree(script: list) -> None:
    devices, ops = run(script)
    for d in devices.values():
        d.receive(ops)
    records = [d.record for d in devices.values()]
    assert records[0] == records[1] == records[2]


def test_concurrent_edits_of_one_field_land_in_the_conflict_list() -> None:
    clock = [1_700_000_000_000]
    a, b = Device("AAAAAAAA", clock), Device("BBBBBBBB", clock)
    base = a.edit("occupation_main", "ทอผ้า")
    b.receive([base])
    clock[0] += 10
    op_a = a.edit("occupation_main", "ทอผ้าไหม")
    op_b = b.edit("occupation_main", "ทอผ้าฝ้าย")
    a.receive([op_b])
    b.receive([op_a])
    assert a.record == b.record
    shown = a.record["occupation_main"]
    other = {op_a.stamp: "ทอผ้าไหม", op_b.stamp: "ทอผ้าฝ้าย"}
    assert conflicts_of(a.record) == {
        "occupation_main": {s: v for s, v in other.items() if v != shown}
    }
    # Resolving is one more edit that replaces every version; then no conflict is left.
    fix = a.edit("occupation_main", "ทอผ้าไหม", resolve=True)
    b.receive([fix])
    assert conflicts_of(a.record) == {} == conflicts_of(b.record)
    assert a.record == b.record


def test_sequential_edits_out_of_order_are_not_a_conflict() -> None:
    clock = [1_700_000_000_000]
    a, b, c = (Device(n, clock) for n in DEVICES)
    first = a.edit("income_month", 1000)
    b.receive([first])
    second = b.edit("income_month", 2000)
    c.receive([second])  # c hears of the replacing edit before the one it replaced
    c.receive([first])
    assert conflicts_of(c.record) == {}
    assert c.record["income_month"] == 2000


def test_duplicates_are_recognised() -> None:
    op = Op("AAAAAAAA", 1, "0000000000a0000AAAAAAAA", "household", "R", "52120505", {"x": 1})
    once = apply_op(None, op)
    twice = apply_op(once.record, op)
    assert once.outcome is Outcome.created and twice.outcome is Outcome.duplicate
    assert twice.record == once.record


def test_clock_never_goes_back() -> None:
    now = [5_000]
    clock = HybridClock("AAAAAAAA", now_ms=lambda: now[0])
    first = clock.now()
    now[0] = 1_000  # the Pi booted with a wrong date
    second = clock.now()
    clock.observe("00000002710" + "0003" + "BBBBBBBB")  # a peer 5 s ahead
    third = clock.now()
    assert first < second < third
    assert third > "00000002710" + "0003" + "BBBBBBBB"
