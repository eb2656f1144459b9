"""What hostile input costs now, against the issue's figures (issue 11 items 5-7).

- 2,000 frames with right frame CRCs declaring 18,000 parts (the cap; the issue's 30,000
  are now refused at the header): time and peak memory to take them all.
- A bundle from a device nobody accepted whose payload unpacks to 1 GB (the issue's 447
  bytes took 74.6 s and 9 GB): time and peak memory to hold it.
- The same from an accepted device, declaring nothing: refused at the 32 MB cap.
- A 13,000² PNG of a few hundred bytes (the issue's took 1.2 GB): refused from its header.
Run: .venv/bin/python benchmarks/hostile.py
"""

from __future__ import annotations

import os
import resource
import struct
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import brotli
import orjson

from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import frames, parts, payload
from sammachip_tui.sync.envelope import load_signing_key, seal
from sammachip_tui.sync.files import read_sync_file

VILLAGE = "52120505"


def _measure(action: Callable[[], object]) -> tuple[float, float, str]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        action()
        outcome = "taken"
    except Exception as exc:  # the refusal is the figure
        outcome = f"refused ({type(exc).__name__})"
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, outcome


def _frame(checksum: int, seq: int, count: int, length: int, data: bytes) -> str:
    body = (bytes([frames.VERSION]) + checksum.to_bytes(4, "big") + seq.to_bytes(2, "big")
            + count.to_bytes(2, "big") + length.to_bytes(3, "big")
            + frames._whiten(data, checksum, seq))  # fmt: skip
    return frames.PREFIX + frames.to_digits(body + zlib.crc32(body).to_bytes(4, "big"))


def _bomb(header: dict[str, object], size: int) -> bytes:
    compressor = brotli.Compressor(quality=1)
    out = [compressor.process(payload.to_thai_bytes(orjson.dumps(header))[:-1] + b',"p":"')]
    block = b"a" * 2**20
    out += [compressor.process(block) for _ in range(size // len(block))]
    out += [compressor.process(b'"}'), compressor.finish()]
    compressed = b"".join(out)
    return bytes([payload.CODEC_BROTLI]) + payload._leb128(len(compressed)) + compressed


def main() -> None:
    count, fragment = frames.MAX_PARTS, 14
    texts = [_frame(i % 8, count + i, count, count * fragment, os.urandom(fragment))
             for i in range(2000)]  # fmt: skip
    assembler = parts.Assembler()
    s, mb, what = _measure(lambda: [assembler.add(t) for t in texts])
    print(
        f"2,000 frames declaring {count:,} parts, 8 messages: {s:.2f} s, {mb:.1f} MB peak, {what}"
    )
    refused = _frame(1, 1, 30_000, 30_000 * 59, os.urandom(59))
    s, mb, what = _measure(lambda: parts.Assembler().add(refused))
    print(f"a frame declaring 30,000 parts: {s * 1000:.2f} ms, {what}")
    with tempfile.TemporaryDirectory() as tmp:
        made = [Workspace.init(Path(tmp) / n, name=n, role="field", district="5212",
                               passphrase=None, district_key=DEMO_DISTRICT_KEY, flush_delay=60)
                for n in ("office", "stranger", "field-a")]  # fmt: skip
        central, stranger, a = made
        a.commit([Change("village", VILLAGE, {"village_code": VILLAGE}, record=VILLAGE,
                         create=True)])  # fmt: skip
        first = sb.build_bundle(a, sb.CENTRAL)
        assert first is not None
        sb.receive_message(central, first.message)
        sb.accept_device(central, a.device.device_id)
        data = _bomb({"n": "x", "r": "field", "v": 3}, 2**30)
        for who, ws in (("nobody accepted", stranger), ("an accepted device", a)):
            message = seal(data, ws.device, load_signing_key(ws.data_dir))
            s, mb, what = _measure(lambda m=message: sb.receive_message(central, m))
            print(f"{len(message):,}-byte bundle unpacking to 1 GB, from {who}: {s:.2f} s, "
                  f"{mb:.1f} MB peak, {what}")  # fmt: skip
        png = Path(tmp) / "huge.png"
        ihdr = struct.pack(">IIBBBBB", 13_000, 13_000, 8, 0, 0, 0, 0)
        chunks = [(b"IHDR", ihdr), (b"IDAT", zlib.compress(b"\0" * 64)), (b"IEND", b"")]
        png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"".join(
            struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
            for k, d in chunks))  # fmt: skip
        s, mb, what = _measure(lambda: read_sync_file(png))
        print(f"13,000² PNG of {png.stat().st_size} bytes: {s * 1000:.1f} ms, {what}")
        for ws in made:
            ws.close()
    print(
        f"peak RSS of this run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
