"""One saved edit in a village of 300 households, against the baselines the issue names."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tinydb import TinyDB

from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.journal import encode_line
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"


def _household(i: int) -> dict[str, object]:
    return {
        "village_code": VILLAGE,
        "house_no": f"{i}/1",
        "house_code": f"5212{i:07d}",
        "title": "นาง",
        "first_name": f"สมศรี{i}",
        "last_name": "ใจดีมีสุข",
        "national_id": "",
        "members": 4,
        "occupation_main": "ทอผ้าไหมมัดหมี่",
        "occupation_secondary": "ปลูกผักปลอดสารพิษ",
        "skills": "ย้อมสีธรรมชาติจากเปลือกไม้",
        "income_month": 12500.0,
        "expense_month": 9800.0,
        "trained": True,
        "volunteer": "yes",
        "phone": "081-234-5678",
        "legal_basis": "public_task",
        "consent_date": "2026-11-22",
        "deleted": False,
    }


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def against_append(
    commit: Callable[[int], Op], rounds: int, baseline: Path
) -> tuple[list[float], list[float], int]:
    """Time ``commit(n)`` for n in range(rounds), each against an fsync'd append of the same
    journal line to a plain file, interleaved so that disk noise hits both alike."""
    commit_s, append_s, line_bytes = [], [], 0
    fd = os.open(baseline, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for n in range(rounds):
            t = time.perf_counter()
            op = commit(n)
            commit_s.append(time.perf_counter() - t)
            line = encode_line(op.to_json())
            line_bytes = len(line)
            t = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            append_s.append(time.perf_counter() - t)
    finally:
        os.close(fd)
    return commit_s, append_s, line_bytes


def saved_edit(rounds: int = 300) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.init(
            Path(tmp) / "ws",
            name="bench",
            role="field",
            district="5212",
            passphrase=None,
            district_key=DEMO_DISTRICT_KEY,
            flush_delay=3600,  # the shard rewrite is timed separately below
        )
        ops = ws.commit([Change("household", VILLAGE, _household(i)) for i in range(300)])
        ws.flush()
        target = ops[150].record

        def edit(n: int) -> Op:
            change = Change("household", VILLAGE, {"occupation_main": f"ทอผ้าไหม {n}"}, target)
            [op] = ws.commit([change])
            return op

        edit_s, append_s, line_bytes = against_append(edit, rounds, Path(tmp) / "baseline.log")
        flush_s = []
        for n in range(20):
            ws.commit([Change("household", VILLAGE, {"skills": f"ทักษะ {n}"}, target)])
            t = time.perf_counter()
            ws.flush()
            flush_s.append(time.perf_counter() - t)
        shard_kib = (Path(tmp) / "ws" / "villages" / f"{VILLAGE}.json").stat().st_size / 1024
        ws.close()
    return {
        "edit_ms": _median_ms(edit_s),
        "append_ms": _median_ms(append_s),
        "line_bytes": line_bytes,
        "flush_ms": _median_ms(flush_s),
        "shard_kib": shard_kib,
    }


def tinydb_default(households: int = 20_000, rounds: int = 15) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "all.json"
        db = TinyDB(path)  # TinyDB's default JSONStorage, one file for the district
        db.insert_multiple(_household(i) for i in range(households))
        samples = []
        for n in range(rounds):
            t = time.perf_counter()
            db.update({"occupation_main": f"ทอผ้าไหม {n}"}, doc_ids=[households // 2])
            samples.append(time.perf_counter() - t)
        size_mib = path.stat().st_size / 2**20
        db.close()
    return {"edit_ms": _median_ms(samples), "file_mib": size_mib}
