#!/usr/bin/env python3
"""Hostile and damaged sync input, a million at a time: the proof for issue 11 items 5-7.

    .venv/bin/python tools/fuzz.py --inputs 1000000 --seed 1

Four categories, each with its own kinds of input (``--only`` picks categories):

- frames: what a scanner might type (valid frames through a Thai keyboard layout, with
  dropped, doubled or stray keys), frames with a good frame CRC around a hostile header
  (huge part counts and lengths, many messages at once, fountain mixes), mutated valid
  frames, random digits; into an Assembler, and any message it completes into
  ``receive_message``;
- bundles: valid bundles (an accepted, a pending, a revoked and a foreign device's) mutated
  byte by byte, cut, spliced, with their length field fixed up, and random bytes;
- files: bundle files, frame-text files and images (valid, damaged, cut, and with headers
  declaring huge images), files past the size caps (sparse), a pipe, a folder, a device;
- signed: payloads validly signed by an accepted device but altered at the JSON level
  (values, types, stamps, ``replaces``, villages, sizes, the declared size, decompression
  bombs), sealed again with ``sync/envelope.seal`` and received; a tenth are sealed by a
  device nobody accepted (they must be held or refused, never unpacked).

For each input: no exception but the user-facing refusals (``UserError``, and ``OSError``
for a file); the journal's size unchanged whenever the input was refused; a watchdog for
hangs. It prints, per category, the inputs, what was merged, held and refused, every crash
and every journal write on refusal grouped by mutation and error, the slowest input, the
peak RSS (``resource.getrusage``) and the time. Exit status 1 if anything was found.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import resource
import shutil
import signal
import struct
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brotli
import orjson

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import set_language
from sammachip_tui.store.demo import demo_csv, seed_demo_forum
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.workspace import JOURNAL_FILE, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import frames as fr
from sammachip_tui.sync import payload as pl
from sammachip_tui.sync import qr
from sammachip_tui.sync.devices import PENDING_DIR
from sammachip_tui.sync.envelope import load_signing_key, open_sealed, seal
from sammachip_tui.sync.files import read_sync_file
from sammachip_tui.sync.parts import Assembler, make_parts

CATEGORIES = {"frames": 0.55, "bundles": 0.20, "files": 0.08, "signed": 0.17}
HANG_SECONDS = 60  # an input still running after this is reported as a hang
PEAK_STEP_MB = 64  # an input that raises the peak RSS by more than this is reported
RESET_JOURNAL_BYTES = 4 * 1024 * 1024  # merged inputs grow the receiver: start it afresh
THAI_LAYOUT = "จๅ/-ภถุึคต"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang(f"still running after {HANG_SECONDS} s")


# ------------------------------------------------------------------------------ results
@dataclass
class Tally:
    inputs: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    crashes: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    crash_examples: dict[tuple[str, str, str], str] = field(default_factory=dict)
    journaled: Counter[tuple[str, str]] = field(default_factory=Counter)
    memory: Counter[str] = field(default_factory=Counter)  # inputs that raised the peak RSS
    memory_mb: dict[str, float] = field(default_factory=dict)
    slowest: tuple[float, str] = (0.0, "")
    seconds: float = 0.0
    peak_rss_mb: float = 0.0


def _where(exc: BaseException) -> str:
    """The innermost line of sammachip's code in the traceback (else the innermost)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "sammachip_tui" in f.filename] or frames
    if not ours:
        return "?"
    last = ours[-1]
    return f"{last.filename.split('sammachip_tui/')[-1]}:{last.lineno}"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ------------------------------------------------------------------------------ the stage
class Stage:
    """A central store (the receiver), an accepted field device A with households and a
    forum, a pending device P, a revoked device R and a device S of another district."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.central = self._device("central", "central")
        self.a = self._device("field-a")
        self._seed(self.a)
        self.p = self._device("field-p")
        self.r = self._device("field-r")
        self.s = self._device("stranger", key=os.urandom(32))
        for ws in (self.p, self.r, self.s):
            self._seed(ws, households=3)
        first = sb.build_bundle(self.a, sb.CENTRAL)
        assert first is not None
        sb.receive_message(self.central, first.message)
        sb.accept_device(self.central, self.a.device.device_id)
        self.a_bundle = first.message
        self.a_nokey = seal(self._payload(first.message), self.a.device,
                            load_signing_key(self.a.data_dir), with_key=False)  # fmt: skip
        self.p_bundle = self._bundle(self.p)
        self.r_bundle = self._bundle(self.r)
        sb.receive_message(self.central, self.p_bundle)
        sb.receive_message(self.central, self.r_bundle)
        sb.revoke_device(self.central, self.r.device.device_id)
        self.s_bundle = self._bundle(self.s)
        self.bundles = [self.a_bundle, self.a_nokey, self.p_bundle, self.r_bundle, self.s_bundle]
        self.a_key = load_signing_key(self.a.data_dir)
        self.p_key = load_signing_key(self.p.data_dir)
        payload_bytes = self._payload(first.message)
        size, start = pl._read_leb128(payload_bytes, 1)
        raw = brotli.decompress(payload_bytes[start : start + size])
        self.doc = orjson.loads(pl.from_thai_bytes(raw))
        self.tail = payload_bytes[start + size :]
        self.central.close()
        self.template = root / "central-template"
        shutil.copytree(root / "central", self.template)
        self.central = Workspace.open(root / "central", flush_delay=3600)

    def _device(self, name: str, role: str = "field", key: bytes = DEMO_DISTRICT_KEY) -> Workspace:
        return Workspace.init(self.root / name, name=name, role=role, district="5212",
                              passphrase=None, district_key=key, flush_delay=3600)  # fmt: skip

    def _seed(self, ws: Workspace, households: int = 20) -> None:
        lines = demo_csv().read_text("utf-8-sig").splitlines()
        csv = self.root / f"{ws.device.name}.csv"
        csv.write_text("\n".join(lines[: households + 1]) + "\n", "utf-8")
        import_households(ws, csv)
        if households > 3:
            seed_demo_forum(ws)

    def _bundle(self, ws: Workspace) -> bytes:
        out = sb.build_bundle(ws, sb.CENTRAL, with_key=True)
        assert out is not None
        return out.message

    def _payload(self, message: bytes) -> bytes:
        key = bytes.fromhex(self.a.device.district_key)
        return open_sealed(message, key).payload

    @property
    def journal(self) -> Path:
        return self.root / "central" / JOURNAL_FILE

    def journal_size(self) -> int:
        return self.journal.stat().st_size

    def pending_count(self) -> int:
        folder = self.root / "central" / PENDING_DIR
        return len(list(folder.iterdir())) if folder.exists() else 0

    def reset(self) -> None:
        """The receiver as it was after setting up (what a merge or a bad line changed)."""
        self.central.close()
        shutil.rmtree(self.root / "central")
        shutil.copytree(self.template, self.root / "central")
        self.central = Workspace.open(self.root / "central", flush_delay=3600)

    def close(self) -> None:
        for ws in (self.central, self.a, self.p, self.r, self.s):
            ws.close()


# ------------------------------------------------------------------------------ receiving
class Receiver:
    """Feeds a message to the central store and says what happened, checking the journal."""

    def __init__(self, stage: Stage, tally: Tally) -> None:
        self.stage = stage
        self.tally = tally

    def receive(self, message: bytes, kind: str) -> str:
        journal, pending = self.stage.journal_size(), self.stage.pending_count()
        try:
            got = sb.receive_message(self.stage.central, message)
        except sb.BundleError as exc:
            if self.stage.journal_size() != journal or self.stage.pending_count() != pending:
                self.tally.journaled[(kind, exc.message[:90])] += 1
                self.stage.reset()
            return "refused"
        if self.stage.journal_size() > RESET_JOURNAL_BYTES:
            self.stage.reset()
        if got.status.value == "pending":
            return "held"
        return "already" if got.already else "merged"


# ------------------------------------------------------------------------------ mutations
def flip_bits(rnd: random.Random, data: bytes, n: int | None = None) -> bytes:
    out = bytearray(data)
    for _ in range(n or rnd.randint(1, 8)):
        if out:
            out[rnd.randrange(len(out))] ^= 1 << rnd.randrange(8)
    return bytes(out)


def set_bytes(rnd: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        if out:
            out[rnd.randrange(len(out))] = rnd.choice([0, 0xFF, 0x7F, 0x80, rnd.randrange(256)])
    return bytes(out)


def random_bytes(rnd: random.Random, n: int) -> bytes:
    return rnd.getrandbits(8 * n).to_bytes(n, "big") if n else b""


def mutate_bytes(rnd: random.Random, data: bytes, pool: list[bytes]) -> tuple[str, bytes]:
    """One byte-level mutation of ``data``, named."""
    choice = rnd.randrange(11)
    if choice == 0:
        return "flip", flip_bits(rnd, data)
    if choice == 1:
        return "set", set_bytes(rnd, data)
    if choice == 2:
        return "cut", data[: rnd.randrange(len(data) + 1)]
    if choice == 3:
        return "extend", data + random_bytes(rnd, rnd.randint(1, 200))
    if choice == 4:
        other = rnd.choice(pool)
        at = rnd.randrange(min(len(data), len(other)) + 1)
        return "splice", data[:at] + other[at:]
    if choice == 5:  # the length field fixed up after a cut or an extension
        body = data[: rnd.randrange(len(data) + 1)] + random_bytes(rnd, rnd.randint(0, 100))
        body = body[:5] + len(body).to_bytes(4, "big") + body[9:]
        return "length-fixed", body
    if choice == 6:  # the kind byte: with or without the key, another kind
        out = bytearray(data)
        if len(out) > 4:
            out[4] = rnd.choice([0, 1, 2, 0x80, 0x81, 0xFF, out[4] ^ 0x80])
        return "kind", bytes(out)
    if choice == 7:  # another device's id in the header
        out = bytearray(data)
        donor = rnd.choice(pool)
        out[9:17] = donor[9:17]
        return "sender", bytes(out)
    if choice == 8:
        n = rnd.randint(60, 3000)
        body = b"SMB1" + bytes([rnd.choice([1, 0x81])]) + n.to_bytes(4, "big")
        return "magic-random", body + random_bytes(rnd, n - len(body))
    if choice == 9:
        return "random", random_bytes(rnd, rnd.randint(0, 2000))
    return "valid", data


# ------------------------------------------------------------------------------ frames
def frame_texts(message: bytes, fragment_len: int, extra: int) -> list[str]:
    return list(make_parts(message, fragment_len).texts(extra=extra))


def crafted_frame(rnd: random.Random, checksums: list[int]) -> str:
    """A frame whose frame CRC is right around a hostile header."""
    data_len = rnd.choice([1, 14, 59, 114, 435, 2901, rnd.randint(1, 2901)])
    count = rnd.choice(
        [1, 2, 30_000, 65_535, fr.MAX_PARTS, fr.MAX_PARTS + 1, rnd.randint(1, 65_535)]
    )
    if rnd.random() < 0.6:  # the length consistent with the count, as a real frame's is
        length = min((1 << 24) - 1, max(1, (count - 1) * data_len + rnd.randint(1, data_len)))
    else:
        length = rnd.randint(0, (1 << 24) - 1)
    seq = rnd.choice([rnd.randint(1, 65_535), rnd.randint(1, count), count + rnd.randint(1, 500)])
    checksum = rnd.choice(checksums) if rnd.random() < 0.7 else rnd.getrandbits(32)
    data = random_bytes(rnd, data_len)
    if count == 1 and length <= data_len and rnd.random() < 0.3:  # a message that completes
        checksum = zlib.crc32(data[:length])
    frame = fr.Frame(checksum, min(seq, 65_535), min(count, 65_535), length, data)
    body = (bytes([rnd.choice([1, 1, 1, 0, 2])]) + frame.checksum.to_bytes(4, "big")
            + frame.seq.to_bytes(2, "big") + frame.count.to_bytes(2, "big")
            + frame.length.to_bytes(3, "big") + fr._whiten(data, checksum, frame.seq))  # fmt: skip
    return fr.PREFIX + fr.to_digits(body + zlib.crc32(body).to_bytes(4, "big"))


def typed(rnd: random.Random, text: str) -> tuple[str, str]:
    """What a scanner might type for ``text``."""
    choice = rnd.randrange(8)
    chars = list(text)
    if choice == 0:
        layout = rnd.choice([THAI_LAYOUT, THAI_DIGITS])
        return "thai-keys", "".join(layout[int(c)] if rnd.random() < 0.5 else c for c in chars)
    if choice == 1 and chars:
        del chars[rnd.randrange(len(chars))]
        return "dropped-key", "".join(chars)
    if choice == 2 and chars:
        at = rnd.randrange(len(chars))
        chars.insert(at, chars[at])
        return "doubled-key", "".join(chars)
    if choice == 3 and len(chars) > 1:
        at = rnd.randrange(len(chars) - 1)
        chars[at], chars[at + 1] = chars[at + 1], chars[at]
        return "swapped-keys", "".join(chars)
    if choice == 4:
        at = rnd.randrange(len(chars) + 1)
        chars.insert(at, rnd.choice(["\n", "\r\n", " ", "\t", "a", "!", "ๆ", "\x00", "Ａ"]))
        return "stray-key", "".join(chars)
    if choice == 5:
        return "cut", text[: rnd.randrange(len(text) + 1)]
    if choice == 6:
        return "shifted", text.translate(str.maketrans("0123456789", ")!@#$%^&*("))
    return "as-typed", text + rnd.choice(["", "\n", "\r\n"])


def random_text(rnd: random.Random) -> tuple[str, str]:
    choice = rnd.randrange(5)
    if choice == 0:
        return "prefix-digits", fr.PREFIX + "".join(
            rnd.choices("0123456789", k=rnd.randint(0, 3000))
        )
    if choice == 1:
        return "digits", "".join(rnd.choices("0123456789", k=rnd.randint(0, 400)))
    if choice == 2:
        return "long-digits", fr.PREFIX + "9" * rnd.choice([7090, 20_000, 200_000])
    if choice == 3:
        return "unicode", "".join(
            chr(rnd.randrange(0x20, 0x3000)) for _ in range(rnd.randint(0, 80))
        )
    return "empty", rnd.choice(["", " ", "\n", "6601"])


def frame_inputs(rnd: random.Random, stage: Stage) -> Iterator[tuple[str, list[str]]]:
    """(kind, frame texts): most inputs are one text, a legit message is all of its own."""
    valid = [t for n in (59, 114, 435) for t in frame_texts(stage.a_bundle, n, 20)]
    checksums = [rnd.getrandbits(32) for _ in range(12)]
    while True:
        choice = rnd.random()
        if choice < 0.30:
            kind, text = typed(rnd, rnd.choice(valid))
            yield f"typed:{kind}", [text]
        elif choice < 0.60:
            yield "crafted-header", [crafted_frame(rnd, checksums)]
        elif choice < 0.75:
            digits = fr.normalise(rnd.choice(valid))
            raw = bytearray(fr.from_digits(digits[4:]))
            body = flip_bits(rnd, bytes(raw[:-4]), rnd.randint(1, 3))
            if rnd.random() < 0.7:  # the frame CRC made right again
                text = fr.PREFIX + fr.to_digits(body + zlib.crc32(body).to_bytes(4, "big"))
            else:
                text = fr.PREFIX + fr.to_digits(body + bytes(raw[-4:]))
            yield "mutated-frame", [text]
        elif choice < 0.995:
            kind, text = random_text(rnd)
            yield f"random:{kind}", [text]
        else:
            message = rnd.choice([stage.a_bundle, stage.p_bundle, stage.s_bundle])
            texts = frame_texts(message, rnd.choice([59, 114, 435]), 30)
            rnd.shuffle(texts)
            yield "whole-message", texts[: max(1, int(len(texts) * 0.9))]


# ------------------------------------------------------------------------------ files
def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` and holds almost no pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
            + png_chunk(b"IEND", b""))  # fmt: skip


def bmp_header_only(width: int, height: int) -> bytes:
    header = struct.pack("<2sIHHI", b"BM", 54 + 16, 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 16, 2835, 2835, 0, 0)
    return header + info + b"\0" * 16


def gif_header_only(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0) + b";"


class FileMaker:
    """Files of every kind ``receive`` meets, written into ``folder``."""

    def __init__(self, rnd: random.Random, stage: Stage, folder: Path) -> None:
        self.rnd = rnd
        self.stage = stage
        self.folder = folder
        self.texts = [t for n in (114, 435) for t in frame_texts(stage.a_bundle, n, 10)]
        self.pngs = [qr.png_bytes(t) for t in self.texts[:6]]
        self.n = 0
        fifo = folder / "a-pipe"
        if hasattr(os, "mkfifo"):
            os.mkfifo(fifo)
        (folder / "a-folder.png").mkdir()
        (folder / "a-device").symlink_to("/dev/zero")

    def make(self) -> tuple[str, Path]:
        rnd, self.n = self.rnd, self.n + 1
        choice = rnd.randrange(16)
        if choice == 0:
            return "pipe", self.folder / "a-pipe"
        if choice == 1:
            return "folder", self.folder / "a-folder.png"
        if choice == 2:
            return "device", self.folder / "a-device"
        if choice == 3:
            return "missing", self.folder / "not-there.bundle"
        if choice in (4, 5):
            kind, data = mutate_bytes(rnd, rnd.choice(self.stage.bundles), self.stage.bundles)
            return f"bundle:{kind}", self._write(".bundle", data)
        if choice == 6:  # past the caps, without writing the bytes (a sparse file)
            suffix, head = rnd.choice(
                [(".bundle", b"SMB1"), (".txt", b"6601"), (".png", b"\x89PNG")]
            )
            path = self._write(suffix, head)
            with path.open("r+b") as f:
                f.truncate(rnd.choice([9, 33, 65, 200]) * 1024 * 1024)
            return f"huge-file{suffix}", path
        if choice in (7, 8):
            lines = rnd.sample(self.texts, k=rnd.randint(1, len(self.texts)))
            lines = [typed(rnd, t)[1] if rnd.random() < 0.2 else t for t in lines]
            if rnd.random() < 0.3:
                lines.append(random_text(rnd)[1])
            data = "\n".join(lines).encode("utf-8")
            if rnd.random() < 0.2:
                data = flip_bits(rnd, data)
            return "frame-text", self._write(".txt", data)
        if choice == 9:
            data = random_bytes(rnd, rnd.randint(0, 5000))
            return "binary-text", self._write(rnd.choice([".txt", ""]), data)
        if choice == 10:
            return "png", self._write(".png", rnd.choice(self.pngs))
        if choice == 11:
            data = rnd.choice(self.pngs)
            data = flip_bits(rnd, data) if rnd.random() < 0.5 else data[: rnd.randrange(len(data))]
            return "png-damaged", self._write(".png", data)
        if choice == 12:
            side = rnd.choice([13_000, 2**31 - 1, 60_000, 5_001, 16_385])
            w, h = (side, side) if rnd.random() < 0.5 else (1, min(side * 4, 2**31 - 1))
            return "png-huge-header", self._write(".png", png_header_only(w, h))
        if choice == 13:
            maker, suffix = rnd.choice([(bmp_header_only, ".bmp"), (gif_header_only, ".gif")])
            side = rnd.choice([65_535, 13_000, 40_000])
            return f"huge-header{suffix}", self._write(suffix, maker(side, side))
        if choice == 14:
            data = rnd.choice(self.stage.bundles)
            return "bundle-as-image", self._write(rnd.choice([".png", ".jpg", ".gif"]), data)
        return "image-as-text", self._write(".txt", rnd.choice(self.pngs))

    def _write(self, suffix: str, data: bytes) -> Path:
        path = self.folder / f"f{self.n % 50}{suffix}"
        path.write_bytes(data)
        return path


# ------------------------------------------------------------------------------ signed
def random_value(rnd: random.Random) -> Any:
    return rnd.choice([
        None, True, False, 0, -1, 5, 2**53, -(2**63), 2**63 - 1, 1.5, -0.0, 1e308,
        "", "x", "zzzz-not-a-stamp", "f" * 16, "ffffffffffffffff-ffff-AAAAAAAA", "not a date",
        "9999-99-99", "52120505", "DDDD0000", "\x00", "ก" * rnd.randint(1, 300), [], [5], {},
        {"x": [5]}, [[5, 5]], [None], {"": None}, "1" * 13, "=cmd|'/C calc'!A0",
    ])  # fmt: skip


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:40]):
            yield from _paths(v, (*path, i))


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def mutate_doc(rnd: random.Random, base: dict[str, Any]) -> tuple[str, dict[str, Any], bool]:
    """(mutation, the altered JSON document, whether to keep its declared size ``z`` as set)."""
    doc = orjson.loads(orjson.dumps(base))
    choice = rnd.randrange(14)
    if choice <= 2:  # any value anywhere
        path = rnd.choice([p for p in _paths(doc) if p])
        _set(doc, path, random_value(rnd))
        return f"value@{path[0]}", doc, False
    if choice == 3:  # an operation's row
        row = rnd.choice(doc["ops"])
        at = rnd.randrange(len(row))
        row[at] = random_value(rnd)
        return f"row[{at}]", doc, False
    if choice == 4:  # clock stamps
        at = rnd.randrange(len(doc["sm"]))
        doc["sm"][at] = rnd.choice(["zzzz-not-a-stamp", "f" * 11 + "-ffff-" + doc["o"][0],
                                    2**62, -(2**40), 1e30, "", [1, 2]])  # fmt: skip
        return "stamp", doc, False
    if choice == 5:  # what an operation replaces
        row = rnd.choice(doc["ops"])
        row[7] = rnd.choice([[5], {"name": [5]}, {"name": ["x"]}, {"name": [[-5, 0]]}, {"name": 5},
                             {"name": [[2**60, 1]]}, "x", 7])  # fmt: skip
        return "replaces", doc, False
    if choice == 6:  # villages and origins
        key = rnd.choice(["g", "o"])
        doc[key][rnd.randrange(len(doc[key]))] = random_value(rnd)
        return f"list:{key}", doc, False
    if choice == 7:  # delete or add a key
        if rnd.random() < 0.5:
            key = rnd.choice(list(doc))
            del doc[key]
            return f"deleted:{key}", doc, False
        doc[rnd.choice(["zz", "x", "ops2", "n"])] = random_value(rnd)
        return "added-key", doc, False
    if choice == 8:  # sizes: many rows, long strings, deep nesting
        what = rnd.randrange(3)
        if what == 0:
            doc["ops"] = doc["ops"] * rnd.choice([2, 50, 2000])
            return "size:rows", doc, False
        if what == 1:
            path = rnd.choice([p for p in _paths(doc) if p and isinstance(_get(doc, p), str)])
            _set(doc, path, "ก" * rnd.choice([1000, 100_000, 1_000_000]))
            return "size:string", doc, False
        nested: Any = 0
        for _ in range(rnd.choice([100, 900])):
            nested = [nested]
        doc["c"] = nested
        return "size:nesting", doc, False
    if choice == 9:  # the declared size
        doc["z"] = rnd.choice([0, 1, 10, -5, "big", None, 2**40, pl.MAX_JSON_BYTES + 1, 2.5])
        return "declared-size", doc, True
    if choice == 10:  # versions
        doc[rnd.choice(["v", "sv"])] = rnd.choice([2, 4, [1, 9], [2, 0], [1], "1.0", None, [0, 0]])
        return "version", doc, False
    if choice == 11:  # a column's packing
        kind = rnd.choice([k for k, v in doc["c"].items() if v])
        cols = doc["c"][kind]
        at = rnd.randrange(len(cols))
        cols[at] = rnd.choice([{"i": [1, 2]}, {"f": "x"}, {"n": [5]}, {"x": [9, 9, 9]}, {"q": 1},
                               {"x": {"d": 10**6}}, [], [None] * 3])  # fmt: skip
        return "column", doc, False
    if choice == 12:  # field codes
        kind = rnd.choice([k for k, v in doc["f"].items() if v])
        codes = doc["f"][kind]
        codes[rnd.randrange(len(codes))] = random_value(rnd)
        return "field-code", doc, False
    # the row's kind
    row = rnd.choice(doc["ops"])
    row[2] = rnd.choice(["plan", "household", "", "x" * 100, 5, None])
    return "kind", doc, False


def dumps(doc: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(doc)
    except (TypeError, orjson.JSONEncodeError):  # an int past 64 bits, deep nesting
        import json

        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_payload(
    rnd: random.Random, doc: dict[str, Any], keep_z: bool, tail: bytes
) -> tuple[str, bytes]:
    """The payload of ``doc``: usually well formed, sometimes damaged at the byte level."""
    raw = pl.to_thai_bytes(dumps(doc))
    if not keep_z and "z" in doc:  # declared as what it is, so that the rest is what is tried
        with contextlib.suppress(TypeError, orjson.JSONEncodeError):
            raw = pl._declared(doc)
    note = ""
    if rnd.random() < 0.1:
        choice = rnd.randrange(4)
        if choice == 0:
            raw = raw.replace(b'"', b"\x85", 1)  # a byte no Thai character maps to
            note = "+non-thai-byte"
        elif choice == 1:
            tail = flip_bits(rnd, tail) if tail else b"\x01"
            note = "+tail-flipped"
        elif choice == 2:
            tail = tail[: rnd.randrange(len(tail) + 1)] + random_bytes(rnd, rnd.randint(0, 3))
            note = "+tail-cut"
        else:
            note = "+brotli-damaged"
    compressed = brotli.compress(raw, quality=1)
    if note == "+brotli-damaged":
        compressed = flip_bits(rnd, compressed) if rnd.random() < 0.5 else compressed[:-2]
    return note, bytes([pl.CODEC_BROTLI]) + pl._leb128(len(compressed)) + compressed + tail


class Bombs:
    """Payloads that unpack past the cap: made once (brotli at quality 1 is quick)."""

    def __init__(self, doc: dict[str, Any]) -> None:
        head = {"z": 0, "n": doc.get("n", "a"), "r": doc.get("r", "field"), "v": pl.VERSION}
        pad = pl.MAX_JSON_BYTES + 1024
        self.made: dict[str, bytes] = {}
        for name, z in (("bomb:declared-small", 5000), ("bomb:no-declared-size", None),
                        ("bomb:declared-past-cap", pad + 100)):  # fmt: skip
            fields = (
                {**head, "z": z} if z is not None else {k: v for k, v in head.items() if k != "z"}
            )
            opening = orjson.dumps(fields)[:-1] + b',"pad":"'
            compressor = brotli.Compressor(quality=1)
            chunks = [compressor.process(opening)]
            block = b"a" * (1024 * 1024)
            for _ in range(pad // len(block) + 1):
                chunks.append(compressor.process(block))
            chunks.append(compressor.process(b'"}'))
            chunks.append(compressor.finish())
            compressed = b"".join(chunks)
            self.made[name] = bytes([pl.CODEC_BROTLI]) + pl._leb128(len(compressed)) + compressed


# ------------------------------------------------------------------------------ the run
class Fuzzer:
    def __init__(self, seed: int, root: Path) -> None:
        self.rnd = random.Random(seed)
        self.stage = Stage(root)
        self.root = root
        self.tallies: dict[str, Tally] = {}
        self._bombs: Bombs | None = None

    @property
    def bombs(self) -> Bombs:
        """Made when first needed (about a second)."""
        if self._bombs is None:
            self._bombs = Bombs(self.stage.doc)
        return self._bombs

    def run(self, category: str, n: int) -> Tally:
        tally = self.tallies.setdefault(category, Tally())
        inputs = getattr(self, f"_{category}")(tally)
        started = time.perf_counter()
        for _ in range(n):
            t0 = time.perf_counter()
            kind = next(inputs)
            spent = time.perf_counter() - t0
            if spent > tally.slowest[0]:
                tally.slowest = (spent, kind)
        tally.seconds += time.perf_counter() - started
        tally.peak_rss_mb = _peak_rss_mb()
        return tally

    def _guard(self, tally: Tally, kind: str, step: Callable[[], str],
               allowed: tuple[type[BaseException], ...] = (UserError,)) -> None:  # fmt: skip
        tally.inputs += 1
        tally.kinds[re.split(r"[:@\[+]", kind.removeprefix("pending:"))[0]] += 1
        signal.alarm(HANG_SECONDS)
        peak = _peak_rss_mb()
        try:
            tally.outcomes[step()] += 1
        except allowed:
            tally.outcomes["refused"] += 1
        except Exception as exc:  # the finding: anything else is a crash
            key = (kind, type(exc).__name__, _where(exc))
            tally.crashes[key] += 1
            tally.crash_examples.setdefault(key, str(exc)[:160])
            tally.outcomes["crash"] += 1
            self.stage.reset()  # whatever it left behind must not blame the next input
        finally:
            signal.alarm(0)
            grew = _peak_rss_mb() - peak
            if grew > PEAK_STEP_MB:
                tally.memory[kind] += 1
                tally.memory_mb[kind] = max(grew, tally.memory_mb.get(kind, 0.0))

    def _frames(self, tally: Tally) -> Iterator[str]:
        receiver = Receiver(self.stage, tally)
        source = frame_inputs(self.rnd, self.stage)
        assembler, fed = Assembler(), 0
        while True:
            kind, texts = next(source)
            if fed > 400:  # a new receive session now and then
                assembler, fed = Assembler(), 0
            fed += len(texts)

            def step(
                texts: list[str] = texts, kind: str = kind, assembler: Assembler = assembler
            ) -> str:
                outcome = "read"
                for text in texts:
                    try:
                        message = assembler.add(text)
                    except fr.FrameError:
                        outcome = "refused"
                        continue
                    if message is not None:
                        outcome = "message:" + receiver.receive(message, kind)
                return outcome

            self._guard(tally, kind, step)
            yield kind

    def _bundles(self, tally: Tally) -> Iterator[str]:
        receiver = Receiver(self.stage, tally)
        while True:
            base = self.rnd.choice(self.stage.bundles)
            kind, data = mutate_bytes(self.rnd, base, self.stage.bundles)
            self._guard(tally, kind, lambda data=data, kind=kind: receiver.receive(data, kind))
            yield kind

    def _files(self, tally: Tally) -> Iterator[str]:
        receiver = Receiver(self.stage, tally)
        folder = self.root / "files"
        folder.mkdir(exist_ok=True)
        maker = FileMaker(self.rnd, self.stage, folder)
        while True:
            kind, path = maker.make()

            def step(path: Path = path, kind: str = kind) -> str:
                bundle, texts = read_sync_file(path)
                if bundle is not None:
                    return receiver.receive(bundle, kind)
                assembler, outcome = Assembler(), "read"
                for _line, text in texts:
                    try:
                        message = assembler.add(text)
                    except fr.FrameError:
                        continue
                    if message is not None:
                        outcome = "message:" + receiver.receive(message, kind)
                return outcome

            self._guard(tally, kind, step, (UserError, OSError))
            yield kind

    def _signed(self, tally: Tally) -> Iterator[str]:
        receiver = Receiver(self.stage, tally)
        stage = self.stage
        while True:
            pending = self.rnd.random() < 0.1
            if self.rnd.random() < 0.002:
                kind, data = self.rnd.choice(sorted(self.bombs.made.items()))
            else:
                kind, doc, keep_z = mutate_doc(self.rnd, stage.doc)
                note, data = build_payload(self.rnd, doc, keep_z, stage.tail)
                kind += note
            device, key = (
                (stage.p.device, stage.p_key) if pending else (stage.a.device, stage.a_key)
            )
            with_key = pending or self.rnd.random() < 0.5
            kind = ("pending:" if pending else "") + kind

            def step(data: bytes = data, kind: str = kind, device: Any = device, key: Any = key,
                     with_key: bool = with_key) -> str:  # fmt: skip
                message = seal(data, device, key, with_key=with_key)
                return receiver.receive(message, kind)

            self._guard(tally, kind, step)
            yield kind


def report(tallies: dict[str, Tally], started: float, out: Any = sys.stdout) -> bool:
    """Print the figures; True when nothing was found."""
    clean = True
    total = sum(t.inputs for t in tallies.values())
    print(f"inputs: {total:,} in {time.perf_counter() - started:,.0f} s; peak RSS "
          f"{_peak_rss_mb():,.0f} MB", file=out)  # fmt: skip
    for name, t in tallies.items():
        outcomes = ", ".join(f"{k} {v:,}" for k, v in sorted(t.outcomes.items()))
        print(f"\n[{name}] {t.inputs:,} inputs in {t.seconds:,.0f} s; peak RSS after it "
              f"{t.peak_rss_mb:,.0f} MB; slowest input {t.slowest[0]:.3f} s ({t.slowest[1]})",
              file=out)  # fmt: skip
        print(f"  outcomes: {outcomes}", file=out)
        print("  kinds: " + ", ".join(f"{k} {v:,}" for k, v in sorted(t.kinds.items())), file=out)
        print(f"  crashes: {sum(t.crashes.values()):,}", file=out)
        for key, count in t.crashes.most_common():
            clean = False
            kind, exc, where = key
            print(f"    {count:6,} × {kind}: {exc} at {where}: {t.crash_examples[key]}", file=out)
        for kind, count in t.memory.most_common():
            print(f"  raised the peak RSS by up to {t.memory_mb[kind]:,.0f} MB: {count} × {kind}",
                  file=out)  # fmt: skip
        print(f"  journal writes on refusal: {sum(t.journaled.values()):,}", file=out)
        for (kind, message), count in t.journaled.most_common():
            clean = False
            print(f"    {count:6,} × {kind}: {message}", file=out)
    return clean


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="*", choices=sorted(CATEGORIES), default=None)
    args = parser.parse_args(argv)
    set_language("en")
    signal.signal(signal.SIGALRM, _alarm)
    chosen = {k: v for k, v in CATEGORIES.items() if not args.only or k in args.only}
    weight = sum(chosen.values())
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sammachip-fuzz-") as tmp:
        fuzzer = Fuzzer(args.seed, Path(tmp))
        try:
            for name, share in chosen.items():
                fuzzer.run(name, round(args.inputs * share / weight))
                print(f"... {name} done ({time.perf_counter() - started:,.0f} s)", flush=True)
        finally:
            fuzzer.stage.close()
    return 0 if report(fuzzer.tallies, started) else 1


if __name__ == "__main__":
    sys.exit(main())
