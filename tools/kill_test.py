"""SIGKILL a process in the middle of imports, receives and forum typing, many times over.

    .venv/bin/python tools/kill_test.py --trials 1000 [--seed 1]

Each trial starts a child on a data directory that one of three loads is writing to:

* ``import``: imports a household list of 200 rows, again and again (one batch each);
* ``receive``: merges bundles of 500 operations from another device (one batch each);
* ``forum``: types forum items one by one, each saved on its own (the forum screen's path);

and kills it with SIGKILL after a random moment. The child prints a line each time a batch
or an item was saved (when the app would say "saved"). After every kill the store must open,
every batch must be whole or absent (0 partial batches), every printed save must be there
(0 lost acknowledged edits). A data directory is started afresh every ``--reset`` trials so
that the last trials cost what the first ones do.

Prints one line per load and a total; exits 1 on the first failure, with what failed.
tests/test_crash.py runs a short version in CI.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

VILLAGE = "52120505"
IMPORT_ROWS = 200
RECEIVE_OPS = 500
LOADS = ("import", "receive", "forum")
OTHER_DEVICE = "KT0THER0"  # Crockford base32: the device the received operations come from


# ------------------------------------------------------------------------------- the child
def _child(load: str, data_dir: Path, start: int) -> None:
    from sammachip_tui.model.records import ForumList
    from sammachip_tui.store import forum as fs
    from sammachip_tui.store.household_import import import_households
    from sammachip_tui.store.workspace import Workspace

    ws = Workspace.open(data_dir, flush_delay=0)  # shards written right away: kills land there
    i = start
    if load == "import":
        while True:
            path = data_dir.parent / f"rows-{os.getpid()}.csv"
            rows = "".join(f"{VILLAGE},r{i}-{k},{k % 97 + 1}\n" for k in range(IMPORT_ROWS))
            path.write_text("village_code,first_name,house_no\n" + rows, encoding="utf-8")
            import_households(ws, path)
            _said(i)
            i += 1
    elif load == "receive":
        while True:
            ws.merge(_bundle_ops(i))
            _said(i)
            i += 1
    else:
        forum_id = fs.forums(ws, VILLAGE)[0].id
        while True:
            ws.commit([fs.add_item(ws, VILLAGE, forum_id, ForumList.need, f"f{i}")])
            _said(i)
            i += 1


def _bundle_ops(batch: int) -> list:
    """What a peer's bundle carries: 500 new households, in the peer's own stamps."""
    from sammachip_tui.store.hlc import make_stamp
    from sammachip_tui.store.ids import record_id
    from sammachip_tui.store.oplog import Op

    ops = []
    base = 1_700_000_000_000 + batch * 1000
    for k in range(RECEIVE_OPS):
        seq = batch * RECEIVE_OPS + k + 1
        ops.append(
            Op(OTHER_DEVICE, seq, make_stamp(base, k, OTHER_DEVICE), "household",
               record_id(OTHER_DEVICE, seq), VILLAGE,
               {"village_code": VILLAGE, "first_name": f"b{batch}-{k}"})
        )  # fmt: skip
    return ops


def _said(i: int) -> None:
    sys.stdout.write(f"{i}\n")
    sys.stdout.flush()


# ------------------------------------------------------------------------------ the parent
@dataclass
class Tally:
    kills: int = 0
    saved: int = 0  # batches or items the child said were saved
    partial: int = 0
    lost: int = 0
    torn: int = 0  # trials whose restart cut a torn write
    failures: list[str] = field(default_factory=list)


def _fresh(root: Path, n: int) -> Path:
    from sammachip_tui.store.demo import create_demo_workspace

    data_dir = root / f"ws{n}"
    create_demo_workspace(data_dir).close()
    return data_dir


def _check(load: str, data_dir: Path, acked: set[int], tally: Tally) -> None:
    from sammachip_tui.store.workspace import Workspace

    with Workspace.open(data_dir) as ws:  # raises if the store does not open
        tally.torn += ws.report.torn_journal_bytes > 0
        if load == "forum":
            texts = {r["text"] for r in ws.records(VILLAGE, "item")}
            lost = [i for i in acked if f"f{i}" not in texts]
            tally.lost += len(lost)
            if lost:
                tally.failures.append(f"forum: saved items lost: {sorted(lost)[:5]}")
            return
        names = Counter(
            r["first_name"].split("-")[0] for r in ws.records(VILLAGE, "household")
            if r["first_name"][:1] in "rb" and "-" in r["first_name"]
        )  # fmt: skip
    size = IMPORT_ROWS if load == "import" else RECEIVE_OPS
    prefix = "r" if load == "import" else "b"
    for batch, count in names.items():
        if count != size:
            tally.partial += 1
            tally.failures.append(f"{load}: batch {batch} has {count} of {size}")
    lost = [i for i in acked if names.get(f"{prefix}{i}") != size]
    tally.lost += len(lost)
    if lost:
        tally.failures.append(f"{load}: saved batches lost: {sorted(lost)[:5]}")


def run(trials: int, seed: int, reset: int = 25, root: Path | None = None) -> dict[str, Tally]:
    """``trials`` kills spread over the three loads; the tallies per load."""
    rnd = random.Random(seed)
    owned = root is None
    root = Path(tempfile.mkdtemp(prefix="sammachip-kills-")) if root is None else root
    tallies = {load: Tally() for load in LOADS}
    state: dict[str, tuple[Path, set[int], int]] = {}
    try:
        for trial in range(trials):
            load = LOADS[trial % len(LOADS)]
            tally = tallies[load]
            if load not in state or tally.kills % reset == 0:
                state[load] = (_fresh(root, trial), set(), 0)
            data_dir, acked, next_i = state[load]
            child = subprocess.Popen(
                [sys.executable, __file__, "--child", load, str(data_dir), str(next_i)],
                stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            assert child.stdout is not None
            first = child.stdout.readline()  # the child is running and has saved once
            if not first:
                child.wait()
                tally.failures.append(f"{load}: child died before saving (trial {trial})")
                break
            before = len(acked)
            acked.add(int(first))
            time.sleep(rnd.uniform(0, 0.25 if load != "forum" else 0.05))
            child.send_signal(signal.SIGKILL)
            rest, _ = child.communicate(timeout=60)
            acked.update(int(line) for line in rest.splitlines() if line.strip())
            tally.kills += 1
            tally.saved += len(acked) - before
            # The next child starts above anything tried: a batch cut before it was saved
            # must stay absent, never be completed by a later one with the same names.
            state[load] = (data_dir, acked, max(acked) + 2)
            try:
                _check(load, data_dir, acked, tally)
            except Exception as exc:  # the store does not open: the worst failure
                tally.failures.append(f"{load}: the store does not open: {exc!r}")
            if tally.failures:
                break
    finally:
        if owned:
            shutil.rmtree(root, ignore_errors=True)
    return tallies


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", type=int, default=25)
    args = parser.parse_args()
    started = time.perf_counter()
    tallies = run(args.trials, args.seed, args.reset)
    total = Tally()
    for load, t in tallies.items():
        print(f"{load:8} kills {t.kills:5}  saved {t.saved:6}  partial batches {t.partial}  "
              f"lost saves {t.lost}  restarts that cut a torn write {t.torn}")  # fmt: skip
        total.kills += t.kills
        total.partial += t.partial
        total.lost += t.lost
        total.failures += t.failures
    print(f"total    kills {total.kills:5}  partial batches {total.partial}  lost saves "
          f"{total.lost}  in {time.perf_counter() - started:.0f} s")  # fmt: skip
    for failure in total.failures:
        print("FAIL", failure)
    return 1 if total.failures else 0


if __name__ == "__main__":
    sys.exit(main())
