"""A store after years of use: a journal of 1,000,000 operations (issue 16).

- Building one device's bundle (a peer that lacks only that device's 20,000 operations)
  through the journal's index, against reading just those entries in plain Python (the
  baseline: a file holding only those lines, read and decoded). Goal: at most 2×.
- Opening the workspace with the million-line journal, then after ``sammachip journal
  compact`` moved what every peer holds to the archive, against a fresh store, in the same
  run. Goal: the same as a fresh store. The million-line journal is opened twice over: with
  the checkpoint's mark (only what follows the checkpoint is checked: every open after the
  first) and checked whole (the checkpoint without its mark, as every open was before).
- Closing the million-line store with automatic compaction on (it is past the threshold):
  the one close that moves what every peer holds, once.

Each store is measured on a private copy of the cache (opening writes the checkpoint's mark,
which an older version of the program would read as a checkpoint it does not know), with
automatic compaction off except where it is what is timed.

The journal is written directly in the journal's own format (50 devices' edits of 20,000
households, merged in batches of 100), with a checkpoint at its end (the village files are
not what is measured here), and cached under ``/tmp/sammachip-journal-years-<VERSION>``
(a first run takes a minute or so; compaction is timed once, then cached too).

    PYTHONPATH=src python benchmarks/journal_years.py
"""

from __future__ import annotations

import contextlib
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from sammachip_tui.store import workspace as workspace_module
from sammachip_tui.store.compaction import compact
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.hlc import HybridClock
from sammachip_tui.store.ids import ALPHABET
from sammachip_tui.store.journal import decode_line, encode_batch, encode_line
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.workspace import (
    CHECKPOINT_FILE,
    JOURNAL_FILE,
    Change,
    Workspace,
    _checkpoint_crc,
)
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.envelope import load_signing_key, seal

VERSION = "2"
CACHE = Path(tempfile.gettempdir()) / f"sammachip-journal-years-{VERSION}"
OPS = 1_000_000
ORIGINS = 50
HOUSEHOLDS = 20_000
BATCH = 100
VILLAGES = [f"5212{s:02d}{m:02d}" for s in range(1, 8) for m in range(1, 16)][:100]
LATE = 7  # the origin whose operations the peer lacks
FRESH = CACHE / "fresh"  # a store set up and never used, opened in turn with each
NAMES = {
    "big": "the million-line journal",
    "compacted": "compacted (the peer lacks one device's ops: they stay in the journal)",
    "settled": "compacted after the peer acknowledged too (its bundle read from the archive)",
}


@contextlib.contextmanager
def _manual() -> Iterator[None]:
    """Automatic compaction off (a store past the threshold would be compacted at close)."""
    threshold = workspace_module.AUTO_COMPACT_BYTES
    workspace_module.AUTO_COMPACT_BYTES = 1 << 62
    try:
        yield
    finally:
        workspace_module.AUTO_COMPACT_BYTES = threshold


def _unmarked(data_dir: Path) -> None:
    """The checkpoint as a version before the mark wrote it (the journal checked whole)."""
    checkpoint = orjson.loads((data_dir / CHECKPOINT_FILE).read_bytes())
    checkpoint.pop("verified", None)
    checkpoint.pop("crc", None)
    checkpoint["crc"] = _checkpoint_crc(checkpoint)
    (data_dir / CHECKPOINT_FILE).write_bytes(orjson.dumps(checkpoint))


def _origin(n: int) -> str:
    rng = random.Random(n)
    return "".join(rng.choice(ALPHABET) for _ in range(8))


def _generate(data_dir: Path) -> None:
    """A field device whose journal holds 1,000,000 operations of 50 devices."""
    ws = Workspace.init(data_dir, name="years", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip
    ws.close()
    rng = random.Random(16)
    origins = [_origin(n) for n in range(ORIGINS)]
    clocks = [HybridClock(o) for o in origins]
    seqs = [0] * ORIGINS
    with open(data_dir / JOURNAL_FILE, "wb") as f:
        for _ in range(OPS // BATCH):
            n = rng.randrange(ORIGINS)  # one device's bundle, merged as one batch
            entries = []
            for _ in range(BATCH):
                seqs[n] += 1
                h = rng.randrange(HOUSEHOLDS)
                village = VILLAGES[h % len(VILLAGES)]
                entries.append(Op(origins[n], seqs[n], clocks[n].now(), "household",
                                  f"{origins[h % ORIGINS]}.H{h}", village,
                                  {"income_month": float(rng.randrange(3000, 30000, 250))},
                                  ).to_json())  # fmt: skip
            f.write(encode_batch(entries))
        size = f.tell()
    checkpoint = {"offset": size, "seq": 0, "stamp": max(c.now() for c in clocks),
                  "villages": []}  # fmt: skip
    checkpoint["crc"] = _checkpoint_crc(checkpoint)
    (data_dir / CHECKPOINT_FILE).write_bytes(orjson.dumps(checkpoint))
    # Central has acknowledged every device's operations: what compaction may move out; a
    # peer lacks one device's (kept in the live journal by compaction).
    everything = dict(zip(origins, seqs, strict=True))
    acked = {"central": everything, "peer": {**everything, origins[LATE]: 0}}
    (data_dir / "sync.json").write_bytes(orjson.dumps({"acked": acked, "sent": {},
                                                       "received": {}}))  # fmt: skip
    with Workspace.open(data_dir, flush_delay=3600) as opened:
        opened.ops_lacking({})  # the index, built once and saved at close


def _store(name: str) -> Path:
    """The cached store (``big``: the million-line journal; ``compacted``: after compaction)."""
    with _manual():
        return _cached(name)


def _cached(name: str) -> Path:
    big = CACHE / "big"
    if not (CACHE / "ready").exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        CACHE.mkdir(parents=True)
        _generate(big / "data")
        (CACHE / "ready").write_text(VERSION)
    done = CACHE / "compacted"
    if name == "compacted" and not (CACHE / "compacted-ready").exists():
        shutil.rmtree(done, ignore_errors=True)
        shutil.copytree(big, done)
        with Workspace.open(done / "data", flush_delay=3600) as ws:
            start = time.perf_counter()
            moved = compact(ws).moved
            took = time.perf_counter() - start
        (CACHE / "compacted-ready").write_text(f"{moved} {took:.1f}")
    settled = CACHE / "settled"
    if name == "settled" and not (CACHE / "settled-ready").exists():
        # The peer acknowledged too: compaction moves the rest, the live journal is empty.
        shutil.rmtree(settled, ignore_errors=True)
        shutil.copytree(_cached("compacted").parent, settled)
        sync = settled / "data" / "sync.json"
        state = orjson.loads(sync.read_bytes())
        state["acked"]["peer"] = state["acked"]["central"]
        sync.write_bytes(orjson.dumps(state))
        with Workspace.open(settled / "data", flush_delay=3600) as ws:
            compact(ws)
        (CACHE / "settled-ready").write_text(VERSION)
    return {"big": big, "compacted": done, "settled": settled}[name] / "data"


def _median(run: Callable[[], object], times: int = 5) -> float:
    laps = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        laps.append(time.perf_counter() - start)
    return statistics.median(laps)


def _paired(
    a: Callable[[], object], b: Callable[[], object], times: int = 7
) -> tuple[float, float]:
    """Medians of ``a`` and ``b`` run in turn: a neighbour's load on a shared machine weighs
    on both alike."""
    laps: tuple[list[float], list[float]] = ([], [])
    for _ in range(times):
        for run, lap in ((a, laps[0]), (b, laps[1])):
            start = time.perf_counter()
            run()
            lap.append(time.perf_counter() - start)
    return statistics.median(laps[0]), statistics.median(laps[1])


def _open_close(data_dir: Path) -> None:
    Workspace.open(data_dir, flush_delay=3600).close()


def _measure_store(name: str, result: dict[str, float]) -> None:
    with tempfile.TemporaryDirectory() as tmp, _manual():
        data_dir = Path(tmp) / "data"
        shutil.copytree(_store(name), data_dir)
        _open_close(data_dir)  # the first open checks the journal whole and marks it
        result[f"open_{name}_s"], result[f"open_fresh_{name}_s"] = _paired(
            lambda: _open_close(data_dir), lambda: _open_close(FRESH), 3
        )
        if name == "big":

            def whole() -> None:
                _unmarked(data_dir)
                _open_close(data_dir)

            result["open_whole_s"], result["open_fresh_whole_s"] = _paired(
                whole, lambda: _open_close(FRESH), 3
            )
        _measure_bundles(name, data_dir, result)
    if name == "big":
        result["auto_s"], result["auto_moved"] = _auto_compaction()


def _auto_compaction() -> tuple[float, float]:
    """Seconds of the close that compacts the million-line store by itself, and how many
    entries it moved (on a copy)."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(_store("big"), data_dir)
        ws = Workspace.open(data_dir, flush_delay=3600)
        start = time.perf_counter()
        ws.close()
        took = time.perf_counter() - start
        segments = (data_dir / "journal-archive").glob("*.jsonl")
        archived = sum(p.read_bytes().count(b"\n") for p in segments)
    return took, float(archived)


def _measure_bundles(name: str, data_dir: Path, result: dict[str, float]) -> None:
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        state = sb.SyncState.load(data_dir)
        state.acked["peer"][_origin(LATE)] = 0  # (settled: read back from the archive)
        ops = sb.pending_ops(ws, state, "peer")
        result["late_ops"] = len(ops)
        # The baseline: only those lines, in a file of their own, read and decoded.
        own = Path(tempfile.mkdtemp()) / "own.jsonl"
        own.write_bytes(b"".join(encode_line(op.to_json()) for op in ops))

        def baseline() -> list[Op]:
            with open(own, "rb") as f:
                return [Op.from_json(decode_line(line[:-1]) or {}) for line in f]

        result[f"baseline_{name}_s"], result[f"pending_{name}_s"] = _paired(
            baseline, lambda: sb.pending_ops(ws, state, "peer")
        )
        key = load_signing_key(ws.data_dir)
        keyring = sb.district_keyring(ws)
        result[f"seal_{name}_s"] = _median(
            lambda: seal(sb.encode_payload(ops), ws.device, key, keyring=keyring), 3
        )

        def bundle() -> None:
            state.save(data_dir)  # the peer's vector as above
            assert sb.build_bundle(ws, "peer") is not None

        result[f"bundle_{name}_s"] = _median(bundle, 3)
        shutil.rmtree(own.parent)
    result[f"journal_{name}_mib"] = (data_dir / JOURNAL_FILE).stat().st_size / 2**20


def measure() -> dict[str, float]:
    result: dict[str, float] = {}
    if not FRESH.exists():
        Workspace.init(FRESH, name="fresh", role="field", district="5212", passphrase=None,
                       district_key=DEMO_DISTRICT_KEY).close()  # fmt: skip
    for name in NAMES:
        _measure_store(name, result)
    moved, took = (CACHE / "compacted-ready").read_text().split()
    result["compact_moved"], result["compact_s"] = float(moved), float(took)
    return result


def village_list() -> dict[str, float]:
    """The first screen's village counts on the district store of central_data.py (100
    villages, 20,000 households): kept by the store as operations apply, against counting
    every household (what each look cost before), after one household edit."""
    from central_data import open_central
    from sammachip_tui.store.village_counts import summaries, summaries_of

    with tempfile.TemporaryDirectory() as tmp:
        ws = open_central(Path(tmp))
        try:
            village = ws.villages()[0]
            home = ws.records(village, "household")[0]["id"]
            first = _median(lambda: summaries(ws), 1)  # counted once per village
            n = [0]

            def edit_then_look() -> None:
                n[0] += 1
                ws.commit([Change("household", village, {"members": 1 + n[0] % 9},
                                  record=home)])  # fmt: skip
                summaries(ws)

            kept = _median(edit_then_look)
            recount = _median(lambda: summaries_of(ws.villages(), ws.record, ws.records))
            assert summaries(ws) == summaries_of(ws.villages(), ws.record, ws.records)
        finally:
            ws.close()
    return {"first_s": first, "kept_s": kept, "recount_s": recount}


def report(r: dict[str, float]) -> None:
    print(f"A journal of {OPS:,} operations ({ORIGINS} devices), median of 5 (3 for bundles)")
    for name, label in NAMES.items():
        print(f"  {label} ({r[f'journal_{name}_mib']:.1f} MiB live journal)")
        print(f"    one device's {r['late_ops']:.0f} ops, read by the index  "
              f"{r[f'pending_{name}_s'] * 1000:7.1f} ms   = "
              f"{r[f'pending_{name}_s'] / r[f'baseline_{name}_s']:.2f}× reading only those lines "
              f"({r[f'baseline_{name}_s'] * 1000:.1f} ms; goal ≤ 2×)")  # fmt: skip
        alone = r[f"baseline_{name}_s"] + r[f"seal_{name}_s"]
        print(f"    its whole bundle (read, encode, seal)     "
              f"{r[f'bundle_{name}_s'] * 1000:7.1f} ms   = {r[f'bundle_{name}_s'] / alone:.2f}× "
              f"reading only those lines and sealing them ({alone * 1000:.1f} ms)")  # fmt: skip
        print(f"    opening the workspace                     "
              f"{r[f'open_{name}_s'] * 1000:7.1f} ms"
              f"   = {r[f'open_{name}_s'] / r[f'open_fresh_{name}_s']:.2f}× a fresh store "
              f"({r[f'open_fresh_{name}_s'] * 1000:.1f} ms)")  # fmt: skip
        if name == "big":
            print(f"    opening, the journal checked whole        "
                  f"{r['open_whole_s'] * 1000:7.1f} ms"
                  f"   = {r['open_whole_s'] / r['open_fresh_whole_s']:.2f}× a fresh store "
                  f"({r['open_fresh_whole_s'] * 1000:.1f} ms; before the checkpoint's mark,"
                  " every open)")  # fmt: skip
    print(f"  compaction moved {r['compact_moved']:,.0f} entries in {r['compact_s']:.1f} s (once)")
    print(
        f"  closing the million-line store compacts it by itself: {r['auto_s']:.1f} s, "
        f"{r['auto_moved']:,.0f} entries archived (once)"
    )


def report_villages(v: dict[str, float]) -> None:
    print("Village counts of 100 villages, 20,000 households (central_data.py; median of 5)")
    print(f"  an edit, then the counts kept by the store  {v['kept_s'] * 1000:7.1f} ms"
          f"   = {v['kept_s'] / v['recount_s']:.2f}× counting every household "
          f"({v['recount_s'] * 1000:.1f} ms; the first look counts once: "
          f"{v['first_s'] * 1000:.1f} ms)")  # fmt: skip


if __name__ == "__main__":
    report_villages(village_list())
    report(measure())
