"""What checking costs: the whole journal verified at every open, every received operation
validated before it is journaled.

Baselines in the same run: reading the journal's bytes (what any open must do at least),
and merging the same operations (what validation is added to).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.journal import scan_bytes
from sammachip_tui.store.op_checks import check_ops
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"


def _device(path: Path, name: str) -> Workspace:
    return Workspace.init(path / name, name=name, role="field", district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


def open_with_checks(households: int = 20_000, edits: int = 30_000) -> dict[str, float]:
    """A device after a season: ``households`` created and ``edits`` edited, one commit each
    (the forum and the form commit one field at a time)."""
    with tempfile.TemporaryDirectory() as tmp:
        ws = _device(Path(tmp), "a")
        ids = []
        for chunk in range(0, households, 500):
            ops = ws.commit([
                Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": f"ชื่อ{n}",
                       "last_name": "ใจดี", "occupation_main": "ทอผ้าไหม", "income_month": 9000})
                for n in range(chunk, chunk + 500)
            ])  # fmt: skip
            ids += [op.record for op in ops]
        for n in range(edits):
            ws.commit([Change("household", VILLAGE, {"income_month": 9000 + n}, ids[n % len(ids)])])
        ws.close()
        journal = ws.data_dir / "journal.jsonl"
        reads, scans, opens = [], [], []
        for _ in range(5):
            t = time.perf_counter()
            data = journal.read_bytes()
            reads.append(time.perf_counter() - t)
            t = time.perf_counter()
            scan_bytes(data)
            scans.append(time.perf_counter() - t)
            t = time.perf_counter()
            Workspace.open(ws.data_dir).close()
            opens.append(time.perf_counter() - t)
        return {
            "journal_mib": len(data) / 2**20,
            "entries": households + edits,
            "read_ms": statistics.median(reads) * 1000,
            "scan_ms": statistics.median(scans) * 1000,
            "open_ms": statistics.median(opens) * 1000,
        }


def merge_checks(households: int = 5_000) -> dict[str, float]:
    """A 5,000-household bundle: validating its operations, and merging them."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = _device(Path(tmp), "a"), _device(Path(tmp), "b")
        a.commit([
            Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": f"ชื่อ{n}",
                   "last_name": "ใจดี", "national_id": "1101700203450", "members": 4,
                   "occupation_main": "ทอผ้าไหม", "income_month": 9000, "phone": "0812345678"})
            for n in range(households)
        ])  # fmt: skip
        ops = a.journal_entries()
        t = time.perf_counter()
        check_ops(ops)
        check_s = time.perf_counter() - t
        t = time.perf_counter()
        b.merge(ops)
        merge_s = time.perf_counter() - t
        a.close()
        b.close()
    return {"ops": len(ops), "check_s": check_s, "merge_s": merge_s}


if __name__ == "__main__":
    print(open_with_checks())
    print(merge_checks())
