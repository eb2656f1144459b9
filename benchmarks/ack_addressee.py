"""What saying a bundle's addressee costs (sync/bundle.py: only the addressee acknowledges),
each against a baseline in the same run.

* Bytes: a bundle of ``HOUSEHOLDS`` households for the central store, its payload with the
  addressee (``to``) against the same operations without it.
* A bundle received again ("already here": a USB stick read twice, a QR loop scanned again).
  Before, that answer came from the bundle's digest alone; now the envelope is opened again
  to read whom it was for (a relay gives no code the second time either). Timed against the
  same call with that reading skipped (the old path), on the same store.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from group_open import _median_ms  # the same median as every benchmark here
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb

VILLAGE, HOUSEHOLDS = "52120101", 2000


def _device(path: Path, name: str) -> Workspace:
    return Workspace.init(path / name, name=name, role="field", district="5212",
                          passphrase=None, district_key=DEMO_DISTRICT_KEY,
                          flush_delay=60)  # fmt: skip


def measure(repeat: int = 20) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        a, b = _device(Path(tmp), "field-a"), _device(Path(tmp), "field-b")
        try:
            a.commit([village_change(VILLAGE)])
            a.commit([Change("household", VILLAGE, {
                "village_code": VILLAGE, "first_name": f"ชื่อ{i}", "last_name": "ทดสอบ",
                "house_no": str(i + 1), "income_month": 5000 + i})
                for i in range(HOUSEHOLDS)])  # fmt: skip
            ops = a.journal_entries()
            with_to = len(sb.encode_payload(ops, "field-a", "field", None, sb.CENTRAL))
            without = len(sb.encode_payload(ops, "field-a", "field", None))
            out = sb.build_bundle(a, sb.CENTRAL)
            assert out is not None
            sb.receive_message(b, out.message)
            sb.accept_device(b, a.device.device_id)
            got = sb.receive_message(b, out.message)
            assert got.already and got.made_for == sb.CENTRAL and not got.ack
            now_ms = _median_ms(lambda: sb.receive_message(b, out.message), repeat)
            opened = sb._opened_header
            sb._opened_header = lambda *_a: {}  # type: ignore[assignment]  # the old path
            try:
                old_ms = _median_ms(lambda: sb.receive_message(b, out.message), repeat)
            finally:
                sb._opened_header = opened  # type: ignore[assignment]
        finally:
            a.close()
            b.close()
    return {"with_to": with_to, "without": without, "bundle": len(out.message),
            "now_ms": now_ms, "old_ms": old_ms}  # fmt: skip


def report() -> None:
    r = measure()
    print(f"The addressee in a bundle ({HOUSEHOLDS} households, {r['bundle']:,} bytes sealed)")
    print(f"  payload without 'to'   {r['without']:8,} bytes")
    print(f"  payload with 'to'      {r['with_to']:8,} bytes   "
          f"+{r['with_to'] - r['without']} bytes")  # fmt: skip
    print(f"  received again, digest only (old) {r['old_ms']:7.2f} ms   (median of 20)")
    print(f"  received again, opened for 'to'   {r['now_ms']:7.2f} ms   "
          f"= {r['now_ms'] / r['old_ms']:.2f}×")  # fmt: skip


if __name__ == "__main__":
    report()
