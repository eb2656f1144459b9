"""The inbox history and a folder of bundles received in one go, each against a baseline in
the same run.

* Reading the history at its bound (``KEEP_ENTRIES`` entries: what the inbox screen and the
  dashboard's devices block read) against reading the same file raw: the bytes, each line's
  JSON parsed with orjson, nothing checked.
* Recording one outcome (append + fsync of one line) against a plain write + fsync of the
  same bytes to another file: the inbox's cost on top of each received bundle.
* A USB stick of ``DEVICES`` bundles of ``HOUSEHOLDS`` households each, received as a folder
  (``receive_entries``: listing, reading and checking each file, merging, recording) against
  the same bundles merged with ``receive_message`` straight from memory, into two copies of
  the same central store.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import orjson

from group_open import _median_ms  # the same median as every benchmark here
from sammachip_tui import clock
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.journal import encode_line
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import inbox
from sammachip_tui.sync.devices import DeviceRegistry, Status
from sammachip_tui.sync.folder import folder_entries, receive_entries

DEVICES, HOUSEHOLDS = 10, 200


def _device(path: Path, name: str, role: str) -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


def _full_inbox(data_dir: Path) -> None:
    kinds = {"household": 200, "village": 2, "forum": 10}
    villages = {"52120505": 150, "52120506": 62}
    entry = inbox.InboxEntry(clock.utc_now_iso(), inbox.RECEIVED, inbox.MERGED, "TABWT5AA",
                             "แท็บเล็ต ต.เวียงตาล", inbox.VIA_FOLDER, 212, kinds, villages, 212,
                             0, "48213907", "1a2b3c4d")  # fmt: skip
    (data_dir / inbox.INBOX_FILE).write_bytes(encode_line(entry.to_json()) * inbox.KEEP_ENTRIES)


def measure_history(repeat: int = 20) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        _full_inbox(data_dir)
        path = data_dir / inbox.INBOX_FILE

        def raw() -> None:
            for line in path.read_bytes().splitlines():
                orjson.loads(line[9:])

        raw_ms = _median_ms(raw, repeat)
        history_ms = _median_ms(lambda: inbox.history(data_dir), repeat)
        latest_ms = _median_ms(lambda: inbox.latest_by_device(data_dir), repeat)
        one = inbox.InboxEntry(clock.utc_now_iso(), inbox.RECEIVED, inbox.MERGED, "TABWT5AA",
                               ops=5, crc="1a2b3c4d")  # fmt: skip
        plain = data_dir / "plain"

        def write_fsync() -> None:
            fd = os.open(plain, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, orjson.dumps(one.to_json()) + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)

        fsync_ms = _median_ms(write_fsync, repeat)
        append_ms = _median_ms(lambda: inbox.append(data_dir, one), repeat)
    return {"raw_ms": raw_ms, "history_ms": history_ms, "latest_ms": latest_ms,
            "fsync_ms": fsync_ms, "append_ms": append_ms}  # fmt: skip


def measure_folder() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        office = _device(root, "office", "central")
        registry = DeviceRegistry(office.data_dir)
        stick = root / "stick"
        stick.mkdir()
        messages = []
        for n in range(DEVICES):
            field = _device(root, f"field-{n}", "field")
            village = f"521205{n + 1:02d}"
            field.commit([Change("household", village, {"village_code": village,
                                                        "first_name": f"ชื่อ{i}",
                                                        "house_no": str(i + 1)})
                          for i in range(HOUSEHOLDS)])  # fmt: skip
            out = sb.build_bundle(field, sb.CENTRAL)
            assert out is not None
            registry.meet(field.device.device_id, bytes.fromhex(field.device.public_key),
                          field.device.name, "field")  # fmt: skip
            registry.set_status(field.device.device_id, Status.accepted)
            (stick / f"{n:02d}.smb").write_bytes(out.message)
            messages.append(out.message)
            field.close()
        office.close()
        copy = root / "office-copy"
        shutil.copytree(office.data_dir, copy)
        (copy / ".lock").unlink(missing_ok=True)

        ws = Workspace.open(office.data_dir)
        try:
            start = time.perf_counter()
            for message in messages:
                sb.receive_message(ws, message)
            direct_ms = (time.perf_counter() - start) * 1000
        finally:
            ws.close()
        ws = Workspace.open(copy)
        try:
            start = time.perf_counter()
            entries, _hidden = folder_entries(stick)
            result = receive_entries(entries, lambda m: sb.receive_message(ws, m))
            folder_ms = (time.perf_counter() - start) * 1000
            assert result.count("merged") == DEVICES
        finally:
            ws.close()
    return {"direct_ms": direct_ms, "folder_ms": folder_ms}


def report() -> None:
    h = measure_history()
    print(f"Inbox history: {inbox.KEEP_ENTRIES:,} entries (its bound after rotation; median of 20)")
    print(f"  the file read raw (bytes, orjson per line)  {h['raw_ms']:7.2f} ms")
    print(f"  history(), checked and sorted                {h['history_ms']:7.2f} ms"
          f"   = {h['history_ms'] / h['raw_ms']:.2f}×")  # fmt: skip
    print(f"  latest_by_device()                           {h['latest_ms']:7.2f} ms"
          f"   = {h['latest_ms'] / h['raw_ms']:.2f}×")  # fmt: skip
    print(f"  one outcome recorded: plain write + fsync    {h['fsync_ms']:7.2f} ms")
    print(f"                        inbox.append           {h['append_ms']:7.2f} ms"
          f"   = {h['append_ms'] / h['fsync_ms']:.2f}×")  # fmt: skip
    f = measure_folder()
    print(f"A folder of {DEVICES} bundles of {HOUSEHOLDS} households each, into a central store")
    print(f"  each merged straight from memory           {f['direct_ms']:7.0f} ms")
    print(f"  the folder received (list, read, merge)     {f['folder_ms']:7.0f} ms"
          f"   = {f['folder_ms'] / f['direct_ms']:.2f}×")  # fmt: skip


if __name__ == "__main__":
    report()
