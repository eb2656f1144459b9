"""Kill -9 in the middle of a stream of saved edits, many times.

After every kill: every village file parses, and every edit the child reported saved is there
once the workspace is opened again. SAMMACHIP_CRASH_TRIALS sets the number of kills (100 by
default, about half a minute here).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from sammachip_tui.store.demo import create_demo_workspace
from sammachip_tui.store.register import get_village
from sammachip_tui.store.workspace import Workspace

CHILD = Path(__file__).with_name("crash_child.py")
VILLAGE = "52120505"
TRIALS = int(os.environ.get("SAMMACHIP_CRASH_TRIALS", "100"))


@pytest.mark.crash
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_never_loses_a_saved_edit_nor_corrupts_a_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "ws"
    create_demo_workspace(data_dir).close()  # 200 households: shard writes take real time
    rnd = random.Random(20261122)
    acked: set[int] = set()
    next_i = 0
    torn_writes = 0
    for _trial in range(TRIALS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(data_dir), str(next_i)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # running and saving
        assert first, "child died before saving anything"
        acked.add(int(first))
        time.sleep(rnd.uniform(0, 0.06))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
        acked.update(int(line) for line in rest.splitlines() if line.strip())
        next_i = max(acked) + 1

        torn_writes += any(p.name.endswith(".tmp") for p in (data_dir / "villages").iterdir())
        for shard in (data_dir / "villages").glob("*.json"):
            orjson.loads(shard.read_bytes())  # never a file that does not parse
        with Workspace.open(data_dir) as ws:
            assert not ws.report.rebuilt_shards
            names = {r["first_name"] for r in ws.records(VILLAGE, "household")}
            missing = sorted(i for i in acked if f"h{i}" not in names)
            assert not missing, f"saved edits lost: {missing[:10]}"
            texts = {r["text"] for r in ws.records(VILLAGE, "item")}
            lost_items = sorted(i for i in acked if f"i{i}" not in texts)
            assert not lost_items, f"saved forum items lost: {lost_items[:10]}"
            village = get_village(ws, VILLAGE)
            assert village is not None and int(village.name[1:]) >= max(acked)
    print(f"\n{TRIALS} kills, {len(acked)} saved edits checked, {torn_writes} during a shard write")


def _kill_tool():  # tools/kill_test.py, loaded as a module (tools/ is not a package)
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "tools" / "kill_test.py"
    spec = importlib.util.spec_from_file_location("kill_test_tool", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kill_test_tool"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.crash
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_kills_during_imports_receives_and_forum_typing_leave_whole_batches(
    tmp_path: Path,
) -> None:
    """The short run of tools/kill_test.py (1,000 kills there: see the README)."""
    tool = _kill_tool()
    trials = int(os.environ.get("SAMMACHIP_KILL_TRIALS", "30"))
    tallies = tool.run(trials, seed=20261129, reset=10, root=tmp_path)
    failures = [f for t in tallies.values() for f in t.failures]
    assert not failures, failures
    assert sum(t.kills for t in tallies.values()) == trials
    assert all(t.saved > 0 for t in tallies.values())  # every load really saved something
