"""Backup and restore of a district-sized store, against an fsync'd copy of its journal.

- ``sammachip backup``: time and file size for 4,000 households in 20 villages, beside
  copying the journal's bytes to a file with fsync (what any backup must at least do).
- ``sammachip restore``: time to rebuild the device from that file (scrypt of the passphrase,
  decryption, merging every operation, writing the shards), beside opening the original
  workspace with a full replay of its journal.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import backup as sbk

PASSPHRASE = "ห้างฉัตร-2569"
VILLAGES, PER_VILLAGE = 20, 200


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ws = Workspace.init(root / "a", name="fieldA", role="field", district="5212",
                            passphrase=PASSPHRASE, flush_delay=3600)  # fmt: skip
        for v in range(VILLAGES):
            village = f"521205{v + 1:02d}"
            ws.commit([
                Change("household", village, {"village_code": village, "house_no": str(n),
                       "first_name": f"สมศรี{n}", "last_name": "ใจดี",
                       "occupation_main": "ทอผ้าไหม", "income_month": 9000 + n})
                for n in range(PER_VILLAGE)
            ])  # fmt: skip
        journal = (root / "a" / "journal.jsonl").read_bytes()
        t = time.perf_counter()
        fd = os.open(root / "copy", os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(fd, journal)
        os.fsync(fd)
        os.close(fd)
        copy_s = time.perf_counter() - t
        t = time.perf_counter()
        info = sbk.write_backup(ws, root / "usb")
        backup_s = time.perf_counter() - t
        ws.close()
        (root / "a" / "checkpoint.json").unlink()  # open replays the whole journal
        t = time.perf_counter()
        Workspace.open(root / "a").close()
        replay_s = time.perf_counter() - t
        t = time.perf_counter()
        done = sbk.restore_backup(root / "b", root / "usb", PASSPHRASE)
        restore_s = time.perf_counter() - t
        assert done.households == VILLAGES * PER_VILLAGE
    return {
        "households": VILLAGES * PER_VILLAGE, "ops": info.ops, "journal_kib": len(journal) / 1024,
        "backup_kib": info.size / 1024, "copy_ms": copy_s * 1000, "backup_ms": backup_s * 1000,
        "replay_ms": replay_s * 1000, "restore_ms": restore_s * 1000,
    }  # fmt: skip


def report() -> None:
    b = measure()
    print(f"Backup and restore, {b['households']:,} households in {VILLAGES} villages "
          f"({b['ops']:,} operations)")  # fmt: skip
    print(f"  fsync'd copy of the journal ({b['journal_kib']:.0f} KiB)   {b['copy_ms']:7.1f} ms")
    print(f"  sammachip backup ({b['backup_kib']:.0f} KiB, encrypted)   {b['backup_ms']:7.1f} ms"
          f"   = {b['backup_ms'] / b['copy_ms']:.1f}× the copy")  # fmt: skip
    print(f"  open with a full journal replay           {b['replay_ms']:7.1f} ms")
    print(f"  sammachip restore (scrypt, merge, shards) {b['restore_ms']:7.1f} ms"
          f"   = {b['restore_ms'] / b['replay_ms']:.1f}× the replay")  # fmt: skip


if __name__ == "__main__":
    report()
