"""What district key rotation costs: the officer's wait at rotate and rekey, and what a
rotated district pays on every bundle (two header bytes, one small file read per receive).

Baselines in the same run: one scrypt derivation (what ``init`` already costs), and
receiving the same bundle in a district that never rotated.

    .venv/bin/python benchmarks/district_keys.py
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sammachip_tui.store import district_keys as dk
from sammachip_tui.store.device import DEMO_DISTRICT_KEY, derive_district_key
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceRegistry, Status

VILLAGE = "52120505"
PASSPHRASE = "ห้างฉัตร-ใหม่-2570"


def _device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip


def _timed(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def measure(runs: int = 30) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        office, field = _device(Path(tmp), "office", "central"), _device(Path(tmp), "field")
        registry = DeviceRegistry(office.data_dir)
        registry.meet(field.device.device_id, bytes.fromhex(field.device.public_key), "field",
                      "field")  # fmt: skip
        registry.set_status(field.device.device_id, Status.accepted)
        field.commit([village_change(VILLAGE)])
        field.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                     "first_name": f"ชื่อ{n}"})
                      for n in range(20)])  # fmt: skip
        derive_ms = _timed(lambda: derive_district_key(PASSPHRASE, "5212"), 5)
        gen0 = sb.build_bundle(field, sb.CENTRAL)
        t = time.perf_counter()
        change = dk.rotate(office.data_dir, office.device, PASSPHRASE)
        rotate_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        dk.rekey(field.data_dir, field.device, PASSPHRASE, change.check, 1)
        rekey_ms = (time.perf_counter() - t) * 1000
        (field.data_dir / dk.KEYS_FILE).unlink()
        t = time.perf_counter()
        dk.rekey(field.data_dir, field.device, PASSPHRASE, change.check)  # finds generation 1
        search_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        with contextlib.suppress(dk.DistrictKeyError):  # the worst case: none of the five
            dk.rekey(field.data_dir, field.device, "not the passphrase", change.check)
        miss_ms = (time.perf_counter() - t) * 1000
        gen1 = sb.build_bundle(field, sb.CENTRAL)
        assert gen0 is not None and gen1 is not None
        spare = Path(tmp) / "spare"
        shutil.copytree(office.data_dir, spare, ignore=shutil.ignore_patterns(".lock"))

        def receive(message: bytes, rotated: bool) -> None:
            state = office.data_dir / sb.STATE_FILE
            state.unlink(missing_ok=True)  # a first receipt every time, not "already here"
            if not rotated:
                (office.data_dir / dk.KEYS_FILE).unlink(missing_ok=True)
            sb.receive_message(office, message)
            if not rotated:
                shutil.copy(spare / dk.KEYS_FILE, office.data_dir / dk.KEYS_FILE)

        receive0 = _timed(lambda: receive(gen0.message, False), runs)
        receive1 = _timed(lambda: receive(gen1.message, True), runs)
        office.close()
        field.close()
    return {
        "derive_ms": derive_ms,
        "rotate_ms": rotate_ms,
        "rekey_ms": rekey_ms,
        "search_ms": search_ms,
        "miss_ms": miss_ms,
        "bytes0": len(gen0.message),
        "bytes1": len(gen1.message),
        "receive0_ms": receive0,
        "receive1_ms": receive1,
    }


def main() -> None:
    m = measure()
    print("District key rotation")
    print(f"  one scrypt derivation (as at init)        {m['derive_ms']:7.0f} ms")
    print(f"  district rotate (new key + reuse check)   {m['rotate_ms']:7.0f} ms")
    print(f"  district rekey --generation 1             {m['rekey_ms']:7.0f} ms")
    print(f"  district rekey, generation found          {m['search_ms']:7.0f} ms")
    print(f"  district rekey, nothing matches (5 tried) {m['miss_ms']:7.0f} ms")
    print(f"  bundle of 21 operations, generation 0     {m['bytes0']:7d} bytes")
    print(f"  the same, generation 1                    {m['bytes1']:7d} bytes")
    print(f"  receive it, generation 0 (median)         {m['receive0_ms']:7.2f} ms")
    print(
        f"  receive it, generation 1 (median)         {m['receive1_ms']:7.2f} ms"
        f"   = {m['receive1_ms'] / m['receive0_ms']:.2f}×"
    )


if __name__ == "__main__":
    main()
