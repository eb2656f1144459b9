"""Village counts kept by the store as operations apply: the same figures the first screen
got by reading every household, after any mix of merges, edits, deletions, income readings
and restarts, and without reading every household again at each look."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.income import reading_change
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.village_counts import counts_of, summaries
from sammachip_tui.store.workspace import Change, Workspace

VILLAGES = ("52120505", "52120506")


def device(path: Path, name: str) -> Workspace:
    return Workspace.init(path / name, name=name, role="field", district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip


def _figures(rng: random.Random) -> dict[str, object]:
    return {
        "volunteer": rng.choice(("yes", "no", "unsure")),
        "trained": rng.random() < 0.4,
        "income_month": rng.choice((None, 3000.0, 9000.0, 12000.0)),
        "expense_month": rng.choice((None, 5000.0, 10000.0)),
    }


@pytest.fixture(scope="module")
def sources() -> list[Op]:
    """Three devices' operations on the same households: creations, concurrent edits,
    deletions, income readings (some deleted), made once for the module."""
    rng = random.Random(16)
    ops: list[Op] = []
    with tempfile.TemporaryDirectory() as tmp:
        first = device(Path(tmp), "d0")
        for village in VILLAGES:
            ops += first.commit([Change("household", village, {
                "village_code": village, "first_name": f"สมศรี{i}", "house_no": str(i),
                **_figures(rng)}) for i in range(8)])  # fmt: skip
        others = [device(Path(tmp), f"d{n}") for n in (1, 2)]
        for ws in others:
            ws.merge(ops[:16])
        for ws in (first, *others):  # each edits, deletes and reads incomes on its own
            homes = [op for op in ops[:16]]
            for op in rng.sample(homes, 6):
                ops += ws.commit([Change("household", op.village, _figures(rng),
                                         record=op.record)])  # fmt: skip
            for op in rng.sample(homes, 2):
                ops += ws.commit([Change("household", op.village, {"deleted": True},
                                         record=op.record)])  # fmt: skip
            for op in rng.sample(homes, 5):
                day = dt.date(2026, rng.randint(1, 10), rng.randint(1, 28))
                made = ws.commit([reading_change(op.village, op.record, day,
                                                 rng.choice((2000.0, 15000.0)), 8000.0,
                                                 ReadingSource.survey)])  # fmt: skip
                ops += made
                if rng.random() < 0.3:
                    ops += ws.commit([Change("income", op.village, {"deleted": True},
                                             record=made[0].record)])  # fmt: skip
        for ws in (first, *others):
            ws.close()
    return ops


def _recounted(ws: Workspace) -> dict[str, tuple[int, int, int, int]]:
    """The figures as the first screen counted them before: every household read."""
    out = {}
    for code in ws.villages():
        c = counts_of(ws.records(code, "household"))
        if c.households or ws.record(code, "village", code) is not None:  # as listed
            out[code] = (c.households, c.volunteers, c.sammachip, c.trained)
    return out


def _kept(ws: Workspace) -> dict[str, tuple[int, int, int, int]]:
    return {s.code: (s.households, s.volunteers, s.sammachip, s.trained) for s in summaries(ws)}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_kept_counts_equal_counting_every_household_after_random_merges(
    tmp_path_factory: pytest.TempPathFactory, sources: list[Op], seed: int
) -> None:
    rng = random.Random(seed)
    ws = device(tmp_path_factory.mktemp("k"), "central")
    try:
        pool = list(sources)
        rng.shuffle(pool)
        while pool:  # bundles arrive in any order, in any sizes
            cut = rng.randint(1, len(pool))
            ws.merge(pool[:cut])
            pool = pool[cut:]
            if rng.random() < 0.5:
                assert _kept(ws) == _recounted(ws)
            if rng.random() < 0.2:
                data_dir = ws.data_dir
                ws.close()
                ws = Workspace.open(data_dir, flush_delay=3600)
        assert _kept(ws) == _recounted(ws)
    finally:
        ws.close()


def test_a_look_at_the_villages_reads_only_what_changed(
    tmp_path: Path, sources: list[Op], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = device(tmp_path, "central")
    ws.merge(sources[:40])
    first = _kept(ws)
    assert first == _recounted(ws)
    read = []
    real = Workspace.records

    def counting(self: Workspace, village: str, kind: str, **kw: bool) -> list[dict[str, object]]:
        read.append((village, kind))
        return real(self, village, kind, **kw)

    monkeypatch.setattr(Workspace, "records", counting)
    ws.merge(sources[40:])
    kept = _kept(ws)
    assert read == []  # no village's households were read whole
    monkeypatch.undo()
    assert kept == _recounted(ws) != first
    ws.close()
