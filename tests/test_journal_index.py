"""The journal's index by origin and sequence: what a peer lacks is read by offset, and the
answer is the one reading the whole journal gave, after appends, restarts, torn writes and
a damaged or stale index file."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammachip_tui.store.compaction import compact
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.journal_index import LIVE_INDEX
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb

VILLAGE = "52120505"
OTHER = "52120506"


def device(path: Path, name: str = "a", role: str = "field") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip


def households(ws: Workspace, n: int, village: str = VILLAGE, start: int = 0) -> list[Op]:
    return ws.commit([Change("household", village, {"village_code": village,
                                                    "first_name": f"สมศรี{i}",
                                                    "house_no": str(i)})
                      for i in range(start, start + n)])  # fmt: skip


def old_answer(ws: Workspace, vector: dict[str, int], peer: str) -> list[Op]:
    """What ``pending_ops`` answered before the index: the whole journal, filtered."""
    return [op for op in ws.journal_entries()
            if op.origin != peer and op.seq > vector.get(op.origin, 0)]  # fmt: skip


def keys(ops: list[Op]) -> list[tuple[str, int, str]]:
    return sorted((op.origin, op.seq, op.stamp) for op in ops)


@pytest.fixture(scope="module")
def sources() -> list[list[Op]]:
    """Three devices' operations (edits of each other's records included), made once."""
    with tempfile.TemporaryDirectory() as tmp:
        made = []
        for n in range(3):
            ws = device(Path(tmp), f"d{n}")
            ops = households(ws, 6, VILLAGE if n % 2 else OTHER, start=10 * n)
            for op in ops[:3]:
                ops += ws.commit([Change("household", op.village, {"members": 3},
                                         record=op.record)])  # fmt: skip
            made.append(ops)
            ws.close()
    return made


def test_lacking_ops_are_read_through_the_index_never_the_whole_journal(
    tmp_path: Path, sources: list[list[Op]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = device(tmp_path)
    households(ws, 5)
    ws.merge(sources[0])
    state = sb.SyncState(acked={"peer": {sources[0][0].origin: 4}})
    expected = keys(old_answer(ws, state.acked["peer"], "peer"))

    def whole_journal(_self: Workspace) -> list[Op]:
        raise AssertionError("the send path read the whole journal")

    monkeypatch.setattr(Workspace, "journal_entries", whole_journal)
    assert keys(sb.pending_ops(ws, state, "peer")) == expected
    assert len(expected) == 5 + len(sources[0]) - 4
    assert sb.build_bundle(ws, "peer") is not None
    ws.close()


def test_index_follows_appends_restarts_and_a_torn_last_write(
    tmp_path: Path, sources: list[list[Op]]
) -> None:
    ws = device(tmp_path)
    households(ws, 3)
    assert len(ws.ops_lacking({})) == 3  # the index is built here
    ws.merge(sources[1])
    households(ws, 2, start=3)  # appended after the index was built: followed
    assert keys(ws.ops_lacking({})) == keys(old_answer(ws, {}, ""))
    data_dir = ws.data_dir
    ws.close()
    assert (data_dir / LIVE_INDEX).exists()  # saved at close
    # A kill in the middle of a write: half a line at the end, cut off at the next open.
    with open(data_dir / "journal.jsonl", "ab") as f:
        f.write(b'0badc0de {"o":"x","s":')
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        assert ws.report.torn_journal_bytes > 0
        assert keys(ws.ops_lacking({})) == keys(old_answer(ws, {}, ""))
        [op] = households(ws, 1, start=9)
        lacking = ws.ops_lacking({ws.device.device_id: op.seq - 1})
        assert [o.stamp for o in lacking if o.origin == ws.device.device_id] == [op.stamp]


@pytest.mark.parametrize("damage", ["garbage", "flipped", "other-journal", "missing"])
def test_a_damaged_or_stale_index_is_rebuilt_from_the_journal(
    tmp_path: Path, sources: list[list[Op]], damage: str
) -> None:
    ws = device(tmp_path)
    households(ws, 4)
    ws.merge(sources[2])
    expected = keys(ws.ops_lacking({}))
    data_dir = ws.data_dir
    ws.close()
    index = data_dir / LIVE_INDEX
    if damage == "garbage":
        index.write_bytes(b"not an index")
    elif damage == "flipped":
        raw = bytearray(index.read_bytes())
        raw[-3] ^= 0xFF
        index.write_bytes(bytes(raw))
    elif damage == "other-journal":  # an index saved for another device's journal
        other = device(tmp_path, "b")
        households(other, 7)
        other.ops_lacking({})
        other.close()
        index.write_bytes((other.data_dir / LIVE_INDEX).read_bytes())
    else:
        index.unlink()
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        assert keys(ws.ops_lacking({})) == expected == keys(old_answer(ws, {}, ""))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**32 - 1),
    vector=st.lists(st.integers(0, 12), min_size=4, max_size=4),
    peer_pick=st.integers(0, 4),
)
def test_pending_ops_equal_the_whole_journal_answer(
    tmp_path_factory: pytest.TempPathFactory,
    sources: list[list[Op]],
    seed: int,
    vector: list[int],
    peer_pick: int,
) -> None:
    rng = random.Random(seed)
    ws = device(tmp_path_factory.mktemp("h"))
    try:
        households(ws, rng.randint(0, 4))
        pool = [op for ops in sources for op in ops]
        rng.shuffle(pool)
        chosen = pool[: rng.randint(0, len(pool))]
        while chosen:  # merged in random batches, as bundles arrive
            cut = rng.randint(1, len(chosen))
            ws.merge(chosen[:cut])
            chosen = chosen[cut:]
            if rng.random() < 0.3:
                households(ws, 1, start=rng.randint(50, 99))
        if rng.random() < 0.5:  # and sometimes a restart in between
            data_dir = ws.data_dir
            ws.close()
            ws = Workspace.open(data_dir, flush_delay=3600)
            households(ws, 1, start=100)
        origins = [ws.device.device_id, *(ops[0].origin for ops in sources)]
        acked = dict(zip(origins, vector, strict=True))
        if rng.random() < 0.5:  # compacted behind what central acknowledged (random too)
            central = {o: rng.randint(0, 12) for o in origins}
            sb.SyncState(acked={"central": central}).save(ws.data_dir)
            compact(ws)
            households(ws, 1, start=101)
        peer = ([*origins, "central"])[peer_pick]
        state = sb.SyncState(acked={peer: acked})
        assert keys(sb.pending_ops(ws, state, peer)) == keys(old_answer(ws, acked, peer))
    finally:
        ws.close()
