"""The group proposer at district scale, against one pass of reading the same records.

- 10,000 households in 50 villages and 100,000 in 500: proposals for every village, timed
  against reading every village's households into models (the work any report does first).
  Goals: 10,000 in under 1 s; 100,000 no more than 12× the 10,000 case.
- Building the Thai word list the first time in a process (paid once, then shared).
- Peak memory (max RSS) of a process that reads the district, and of one that also proposes.

Households are drawn from village-200.csv's own rows (their occupation texts, skills and
answers), with the house numbers and names varied, so the texts are as officers write them.
Each child process opens the workspace itself, so the memory figures are its own.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sammachip_tui.store.demo import demo_csv
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE_SIZE = 200
FIELDS = {"อาชีพหลัก": "occupation_main", "อาชีพเสริม": "occupation_secondary",
          "ภูมิปัญญา/ทักษะ": "skills"}  # fmt: skip
YES = {"ใช่": "yes", "ไม่ใช่": "no", "ไม่แน่ใจ": "unsure"}


def _rows() -> list[dict[str, str]]:
    with demo_csv().open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def build(path: Path, households: int) -> list[str]:
    """A district workspace of ``households`` in villages of 200; returns the village codes."""
    rows, rng = _rows(), random.Random(households)
    ws = Workspace.init(path, name="district", role="central", district="5212",
                        passphrase=None, district_key=DEMO_DISTRICT_KEY,
                        flush_delay=3600)  # fmt: skip
    villages = []
    try:
        for v in range(households // VILLAGE_SIZE):
            code = f"5212{v // 20 + 1:02d}{v % 20 + 1:02d}"
            villages.append(code)
            changes = []
            for n in range(VILLAGE_SIZE):
                row = rng.choice(rows)
                values = {k: row[c] for c, k in FIELDS.items()}
                changes.append(Change("household", code, {
                    "village_code": code, "house_no": str(n + 1), "first_name": row["ชื่อ"],
                    "last_name": row["นามสกุล"], "volunteer": YES[row["สมัครใจเข้ากลุ่ม"]],
                    "trained": row["ผ่านการอบรมสัมมาชีพ"] == "ใช่", **values}))  # fmt: skip
            ws.commit(changes)
        ws.flush()
    finally:
        ws.close()
    return villages


CHILD = """
import json, resource, sys, time
from pathlib import Path
from sammachip_tui.model.records import Household
from sammachip_tui.store.workspace import Workspace
path, mode = Path(sys.argv[1]), sys.argv[2]
ws = Workspace.open(path)
out = {}
try:
    villages = ws.villages()
    if mode == "propose":
        from sammachip_tui.store import proposals as sp
        import sammachip_tui.grouping.proposer  # the code, apart from what it loads
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = time.perf_counter()
        sp.matcher(ws)
        out["matcher_s"] = time.perf_counter() - t
        out["matcher_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    t = time.perf_counter()
    if mode == "read":
        n = sum(len([Household.from_record(r) for r in ws.records(v, "household")])
                for v in villages)
    else:
        n = sum(len(sp.proposal_set(ws, v).proposals) for v in villages)
    out["seconds"] = time.perf_counter() - t
    out["count"] = n
finally:
    ws.close()
out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _child(path: Path, mode: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), mode], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return json.loads(done.stdout)


def measure(sizes: tuple[int, ...] = (10_000, 100_000)) -> dict[int, dict[str, object]]:
    out: dict[int, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for households in sizes:
            path = Path(tmp) / f"d{households}"
            t = time.perf_counter()
            villages = build(path, households)
            made = time.perf_counter() - t
            read, propose = _child(path, "read"), _child(path, "propose")
            out[households] = {"villages": len(villages), "build_s": made, "read": read,
                               "propose": propose}  # fmt: skip
    return out


if __name__ == "__main__":
    print(json.dumps(measure(tuple(int(a) for a in sys.argv[1:]) or (10_000,)), indent=1))
