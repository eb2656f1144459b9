"""The group proposer at district scale, against one pass of reading the same records.

- 10,000 households in 50 villages and 100,000 in 500: proposals for every village, timed
  against reading every village's households into models (the work any report does first).
  Goals: 10,000 in under 1 s; 100,000 no more than 12× the 10,000 case.
- Building the Thai word list the first time in a process (paid once, then shared).
- Peak memory (max RSS) of a process that reads the district, and of one that also proposes.

Households are drawn from the quality benchmark's generated villages of four regions
(proposal_quality.py: thousands of distinct texts written the ways officers write them, with
counts, notes and slips), so the reading of each distinct text and the memory of keeping
those readings are in the figures.
Each child process opens the workspace itself, so the memory figures are its own.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE_SIZE = 200


def _texts() -> list[tuple[str, str, str, str]]:
    """(main, secondary, skills, volunteer) of the generated villages of four regions
    (proposal_quality.py): thousands of distinct texts, written many ways, with counts and
    notes, so each distinct text's reading and the memory of keeping them are measured."""
    from proposal_quality import REGIONS, generate

    out = []
    for seed in range(1, 26):
        for region in REGIONS:
            for home in generate(region, seed).homes:
                h = home.household
                out.append((h.occupation_main, h.occupation_secondary, h.skills,
                            h.volunteer.value))  # fmt: skip
    return out


def build(path: Path, households: int) -> list[str]:
    """A district workspace of ``households`` in villages of 200; returns the village codes."""
    texts, rng = _texts(), random.Random(households)
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
                main, second, skills, volunteer = rng.choice(texts)
                changes.append(Change("household", code, {
                    "village_code": code, "house_no": str(n + 1), "first_name": f"คน{n}",
                    "last_name": "ทดสอบ", "volunteer": volunteer, "trained": n % 3 == 0,
                    "occupation_main": main, "occupation_secondary": second,
                    "skills": skills}))  # fmt: skip
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
