"""Input that costs more than it carries is refused before it costs (issue 11 items 5-7).

A bundle is unpacked only for a sender whose standing allows it, and never past what it
declares or past the cap; frames cannot declare more than a bundle sent as frames holds,
and putting them together costs what was received; images are measured before they are
decoded; only regular files are read, and only up to what sammachip writes.
"""

from __future__ import annotations

import contextlib
import os
import random
import struct
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import brotli
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sammachip_tui.i18n import set_language
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import JOURNAL_FILE, Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import fountain, frames, parts, payload, qr
from sammachip_tui.sync.devices import DeviceRegistry, Status
from sammachip_tui.sync.envelope import BundleError, load_signing_key, seal
from sammachip_tui.sync.files import SyncFileError, files_in, read_sync_file
from sammachip_tui.sync.schema import CURRENT

VILLAGE = "52120505"
MB = 1024 * 1024


def device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


@pytest.fixture
def trio(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Workspace]]:
    """A central store, a field device it accepted, and one it has never met."""
    central, a, stranger = (device(tmp_path, n) for n in ("office", "field-a", "stranger"))
    for ws in (a, stranger):
        ws.commit([Change("village", VILLAGE, {"village_code": VILLAGE, "name": ws.device.name},
                          record=VILLAGE, create=True)])  # fmt: skip
    first = sb.build_bundle(a, sb.CENTRAL)
    assert first is not None
    sb.receive_message(central, first.message)
    sb.accept_device(central, a.device.device_id)
    yield central, a, stranger
    for ws in (central, a, stranger):
        ws.close()


def sealed_payload(sender: Workspace, data: bytes) -> bytes:
    return seal(data, sender.device, load_signing_key(sender.data_dir))


def bomb(header: dict[str, Any], size: int, *, into: str = "pad") -> bytes:
    """A payload whose JSON opens with ``header`` and unpacks to ``size`` bytes and more,
    made in steps (never that much in memory here)."""
    compressor = brotli.Compressor(quality=1)
    opening = payload.to_thai_bytes(orjson.dumps(header))[:-1] + f',"{into}":"'.encode()
    out = [compressor.process(opening)]
    block = b"a" * MB
    for _ in range(size // MB + 1):
        out.append(compressor.process(block))
    out += [compressor.process(b'"}'), compressor.finish()]
    compressed = b"".join(out)
    return bytes([payload.CODEC_BROTLI]) + payload._leb128(len(compressed)) + compressed


def peak_bytes(action: Callable[[], object]) -> tuple[int, object]:
    """The most memory Python held while ``action`` ran (tracemalloc), and what it gave."""
    tracemalloc.start()
    try:
        result: object = None
        try:
            result = action()
        except Exception as exc:
            result = exc
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def journal_bytes(ws: Workspace) -> int:
    return (ws.data_dir / JOURNAL_FILE).stat().st_size


# ----------------------------------------------------------------------- item 5: bundles
def test_a_revoked_device_is_refused_before_anything_is_unpacked(trio) -> None:
    set_language("en")
    central, a, _stranger = trio
    sb.revoke_device(central, a.device.device_id)
    garbage = bytes([payload.CODEC_BROTLI, 5]) + os.urandom(5)  # not even brotli
    with pytest.raises(BundleError, match="was revoked"):
        sb.receive_message(central, sealed_payload(a, garbage))


def test_a_bomb_from_a_device_nobody_accepted_is_held_unopened(trio) -> None:
    """The issue's 447 bytes that took 74 s and 9 GB: now its header alone is read."""
    set_language("en")
    central, _a, stranger = trio
    honest = sealed_payload(stranger, bomb({"z": 40 * MB, "n": "x", "r": "field"}, 40 * MB))
    peak, got = peak_bytes(lambda: sb.receive_message(central, honest))
    assert isinstance(got, BundleError) and "more than 32 MB" in got.message, got
    assert peak < 4 * MB
    assert DeviceRegistry(central.data_dir).get(stranger.device.device_id) is None
    # Declaring nothing (or too little), it is held, and unpacked only once accepted.
    message = sealed_payload(stranger, bomb({"n": "ใครก็ไม่รู้", "r": "field"}, 40 * MB))
    assert len(message) < 64 * 1024
    peak, got = peak_bytes(lambda: sb.receive_message(central, message))
    assert isinstance(got, sb.Received), got
    assert got.status is Status.pending and got.sender_name == "ใครก็ไม่รู้"
    assert peak < 4 * MB, f"{peak / MB:.0f} MB to hold a bundle from a device nobody accepted"
    before = journal_bytes(central)
    accepted = sb.accept_device(central, stranger.device.device_id)
    assert accepted.results == [] and len(accepted.refused) == 1
    assert "more than 32 MB" in accepted.refused[0]
    assert DeviceRegistry(central.data_dir).held(stranger.device.device_id)  # still waiting
    assert journal_bytes(central) == before


def test_an_accepted_device_cannot_make_the_receiver_unpack_past_the_cap(trio) -> None:
    """The issue's 363 bytes that wrote a 150 MB journal line."""
    set_language("en")
    central, a, _stranger = trio
    before = journal_bytes(central)
    for declared in ({}, {"z": 1000}):  # none (an older sender's payload), or a false one
        data = bomb({**declared, "n": "a", "r": "field", "v": 3}, 40 * MB)
        message = sealed_payload(a, data)
        peak, got = peak_bytes(lambda message=message: sb.receive_message(central, message))
        assert isinstance(got, BundleError), got
        assert "unpacks to more than it declares, or to more than 32 MB" in got.message
        assert peak < payload.MAX_JSON_BYTES + 4 * MB
    assert journal_bytes(central) == before


def test_a_payload_larger_than_it_declares_is_refused(trio) -> None:
    set_language("en")
    central, a, _stranger = trio
    a.commit([Change("village", VILLAGE, {"name": "ดอนไชย " * 400}, record=VILLAGE)])
    ops = [op for op in a.journal_entries() if op.seq == 2]
    good = payload.encode(ops, {})
    doc, _ops = payload.decode(good)
    doc["z"] = 300  # the sender says 300 bytes, and sends more
    raw = payload.to_thai_bytes(orjson.dumps(doc))
    compressed = brotli.compress(raw)
    lying = bytes([payload.CODEC_BROTLI]) + payload._leb128(len(compressed)) + compressed
    before = journal_bytes(central)
    with pytest.raises(BundleError, match="more than it declares"):
        sb.receive_message(central, sealed_payload(a, lying))
    assert journal_bytes(central) == before
    assert sb.receive_message(central, sealed_payload(a, good)).ops == 1


def test_a_digit_column_cannot_declare_more_values_than_the_payload_has_operations() -> None:
    """Found by tools/fuzz.py: a spec of ``k`` = 16 million made a 100-byte payload cost
    hundreds of MB before anything else was checked."""
    from sammachip_tui.store.oplog import Op

    rnd = random.Random(5)  # phone numbers that brotli cannot pack: a digit column
    phones = ["08" + "".join(rnd.choices("0123456789", k=8)) for _ in range(199)]
    ops = [Op(origin="AAAAAAAA", seq=n, stamp=f"{n:011x}-0000-AAAAAAAA", kind="household",
              record=f"h{n}", village=VILLAGE, values={"phone": phone}, replaces={})
           for n, phone in enumerate(phones, 1)]  # fmt: skip
    doc, _ops = payload.decode(payload.encode(ops, {}))
    column = next(c for cols in doc["c"].values() for c in cols if isinstance(c, dict))
    column["x"]["d"], column["x"]["k"] = "-", 1 << 24  # no digits: nothing for the tail to bound
    compressed = brotli.compress(payload._declared(doc))  # its true size declared
    data = bytes([payload.CODEC_BROTLI]) + payload._leb128(len(compressed)) + compressed
    peak, got = peak_bytes(lambda: payload.decode(data))
    assert isinstance(got, payload.PayloadError), got
    assert peak < 8 * MB, f"{peak / MB:.0f} MB"


def test_every_payload_declares_its_size_and_older_ones_still_read() -> None:
    from sammachip_tui.store.oplog import Op

    op = Op(origin="AAAAAAAA", seq=1, stamp="00000000001-0000-AAAAAAAA", kind="village",
            record=VILLAGE, village=VILLAGE, values={"name": "บ้าน"}, replaces={})  # fmt: skip
    data = payload.encode([op], {"n": "a", "r": "field"})
    size, start = payload._read_leb128(data, 1)
    raw = brotli.decompress(data[start : start + size])
    assert raw.startswith(b'{"z":%d,"n":"a","r":"field"' % len(raw))
    version = {"sv": [CURRENT.major, CURRENT.minor]}  # schema 1.1 on: said in the header
    assert payload.read_header(data) == {"z": len(raw), "n": "a", "r": "field", "v": 3, **version}
    # Older payloads (no "z") are held to the cap alone: the golden ones decode in
    # test_sync_golden.py.


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_payload_bytes_are_read_or_refused(data: bytes) -> None:
    for read in (payload.decode, payload.read_header):
        with contextlib.suppress(payload.PayloadError):
            read(bytes([payload.CODEC_BROTLI]) + data)


# ------------------------------------------------------------------------ item 6: frames
def crafted(checksum: int, seq: int, count: int, length: int, data: bytes) -> str:
    """A frame with a right frame CRC around whatever header it is given."""
    body = (bytes([frames.VERSION]) + checksum.to_bytes(4, "big") + seq.to_bytes(2, "big")
            + count.to_bytes(2, "big") + length.to_bytes(3, "big")
            + frames._whiten(data, checksum, seq))  # fmt: skip
    return frames.PREFIX + frames.to_digits(body + zlib.crc32(body).to_bytes(4, "big"))


def test_frames_declaring_more_than_any_bundle_sent_as_frames_are_refused() -> None:
    set_language("en")
    data = os.urandom(59)
    cases = {
        "larger than sammachip sends": crafted(7, 1, 30_000, 30_000 * 59, data),
        "numbering does not add up": crafted(7, 1, 30_000, 100, data),  # count ≠ length
    }
    for reason, text in cases.items():
        with pytest.raises(frames.FrameError, match=reason):
            frames.decode_frame(text)
    assert frames.decode_frame(crafted(7, 1, 2, 100, data)).count == 2


def test_a_bundle_too_large_for_frames_says_to_send_a_file() -> None:
    set_language("en")
    with pytest.raises(parts.TooLargeForFrames, match="send it as a bundle file"):
        parts.make_parts(b"x" * (frames.MAX_MESSAGE + 1), 435)
    with pytest.raises(parts.TooLargeForFrames):
        parts.make_parts(b"x" * 500_000, 14)  # more parts than frames may declare


def test_fountain_work_follows_what_was_received_not_what_frames_declare(monkeypatch) -> None:
    """The issue's 2,000 frames declaring 30,000 parts (152 s, 692 MB): fountain mixes of a
    message at the part cap, each costing a bounded number of random draws."""
    draws = 0
    real_next = fountain.Xoshiro256.next

    def counted(self: fountain.Xoshiro256) -> int:
        nonlocal draws
        draws += 1
        return real_next(self)

    monkeypatch.setattr(fountain.Xoshiro256, "next", counted)
    count = frames.MAX_PARTS
    length = count * 14
    assembler = parts.Assembler()

    def feed() -> None:
        for seq in range(count + 1, count + 1 + 400):
            assembler.add(crafted(99, seq, count, length, os.urandom(14)))

    peak, failed = peak_bytes(feed)
    assert failed is None, failed
    assert draws <= 400 * (2 + 2 * fountain.MAX_MIX_DEGREE)
    assert peak < 8 * MB, f"{peak / MB:.0f} MB for 400 frames of 14 bytes"


def test_frames_of_too_many_messages_at_once_are_refused() -> None:
    set_language("en")
    assembler = parts.Assembler()
    for checksum in range(parts.MAX_OPEN):
        assembler.add(crafted(checksum, 1, 2, 20, os.urandom(14)))
    with pytest.raises(frames.FrameError, match="still incomplete"):
        assembler.add(crafted(1000, 1, 2, 20, os.urandom(14)))
    message = os.urandom(25)  # a message that completes makes room again
    texts = list(parts.make_parts(message, 14).texts())
    with pytest.raises(frames.FrameError):
        assembler.add(texts[0])
    with pytest.raises(frames.FrameError, match="does not check out"):
        assembler.add(crafted(0, 2, 2, 20, os.urandom(14)))  # complete (and not its CRC) …
    assert assembler.add(texts[0]) is None  # … so another message may start
    assert assembler.add(texts[1]) == message


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 20_000), st.integers(1, 5_000), st.integers(0, 2**32 - 1))
def test_a_mix_names_the_same_fragments_for_sender_and_receiver(
    count: int, past: int, checksum: int
) -> None:
    seq = count + past
    chosen = fountain.mix_fragments(seq, count, checksum, fountain._degree_sampler(count))
    if chosen is not None:
        assert chosen == fountain.choose_fragments(seq, count, checksum)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.from_regex(r"6601[0-9]{0,400}", fullmatch=True)))
def test_any_typed_text_is_a_frame_or_refused(text: str) -> None:
    with contextlib.suppress(frames.FrameError):
        parts.Assembler().add(text)


def test_a_frame_longer_than_any_qr_code_is_refused_unread() -> None:
    set_language("en")
    with pytest.raises(frames.FrameError, match="longer than any QR code"):
        frames.decode_frame("6601" + "7" * 10_000_000)


# ------------------------------------------------------------------ item 7: files, images
def in_thread(action: Callable[[], object], what: str) -> object:
    """``action``'s result or exception; fails (instead of hanging) if it does not return."""
    box: list[object] = []

    def run() -> None:
        try:
            box.append(action())
        except Exception as exc:
            box.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(30)
    assert box, f"{what} hangs"
    return box[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    set_language("en")
    pipe = tmp_path / "bundle.smb"
    os.mkfifo(pipe)
    try:
        got = in_thread(lambda: read_sync_file(pipe), "reading a pipe")
    finally:
        fd = os.open(pipe, os.O_RDWR | os.O_NONBLOCK)  # lets a blocked reader go
        os.close(fd)
    assert isinstance(got, SyncFileError) and "not a regular file" in got.message


def test_a_pipe_given_to_sync_receive_is_said_not_waited_on(data_dir: Path, tmp_path: Path,
                                                            capsys) -> None:  # fmt: skip
    from sammachip_tui.cli import main

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    pipe = tmp_path / "frames.txt"
    os.mkfifo(pipe)
    try:
        args = ["--data-dir", str(data_dir), "--lang", "en", "sync", "receive", str(pipe)]
        code = in_thread(lambda: main(args), "sync receive of a pipe")
    finally:
        os.close(os.open(pipe, os.O_RDWR | os.O_NONBLOCK))
    assert code == 2
    assert "not a regular file" in capsys.readouterr().err


def test_devices_and_folders_are_refused(tmp_path: Path) -> None:
    set_language("en")
    zero = tmp_path / "zero.smb"
    zero.symlink_to("/dev/zero")
    with pytest.raises(SyncFileError, match="not a regular file"):
        read_sync_file(zero)
    folder = tmp_path / "sheet.png"
    folder.mkdir()
    with pytest.raises(SyncFileError, match="folder"):
        read_sync_file(folder)
    assert files_in(tmp_path) == []  # a folder's listing skips both


@pytest.mark.parametrize(("name", "head", "size_mb"),
                         [("big.smb", b"SMB1", 33), ("frames.txt", b"6601", 9),
                          ("sheet.png", b"\x89PNG", 65)])  # fmt: skip
def test_files_past_what_sammachip_writes_are_refused_unread(
    tmp_path: Path, name: str, head: bytes, size_mb: int
) -> None:
    set_language("en")
    path = tmp_path / name
    path.write_bytes(head)
    with path.open("r+b") as f:
        f.truncate(size_mb * MB)  # sparse: nothing is written
    peak, got = peak_bytes(lambda: read_sync_file(path))
    assert isinstance(got, SyncFileError), got
    assert "too large" in got.message
    assert peak < MB


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG file whose header declares ``width``×``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))  # fmt: skip

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0,
            0, 0)) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))  # fmt: skip


@pytest.mark.parametrize(("width", "height"), [(6_000, 6_000), (1, 20_000), (13_000, 13_000)])
def test_an_image_past_what_a_sheet_of_codes_needs_is_refused_from_its_header(
    tmp_path: Path, width: int, height: int
) -> None:
    set_language("en")
    path = tmp_path / "sheet.png"
    path.write_bytes(png_declaring(width, height))
    with pytest.raises(qr.ImageTooLargeError, match="scale it down"):
        read_sync_file(path)


def test_a_sheet_within_the_bound_still_reads(tmp_path: Path) -> None:
    text = next(parts.make_parts(b"a bundle" * 20, 114).texts())
    path = tmp_path / "code.png"
    path.write_bytes(qr.png_bytes(text))
    assert read_sync_file(path) == (None, [(0, text)])


def test_a_damaged_image_is_said_not_a_crash(tmp_path: Path) -> None:
    """Found by tools/fuzz.py: Pillow raises SyntaxError or ValueError for some damage, not
    only OSError (which ``sync receive`` and the receive screen say as "Cannot read")."""
    from sammachip_tui.errors import UserError

    good = qr.png_bytes(next(parts.make_parts(b"a bundle" * 20, 114).texts()))
    rnd = random.Random(1)
    path = tmp_path / "code.png"
    said = 0
    for _ in range(600):
        data = bytearray(good)
        for _ in range(rnd.randint(1, 4)):
            data[rnd.randrange(len(data))] ^= 1 << rnd.randrange(8)
        if rnd.random() < 0.5:
            data = data[: rnd.randrange(len(data))]
        path.write_bytes(bytes(data))
        try:
            read_sync_file(path)
        except UserError:
            said += 1
        except OSError:
            pass
    assert said > 0  # damage Pillow reports as SyntaxError or ValueError, said in words


def test_an_origin_that_is_not_a_device_id_is_refused_before_it_is_copied() -> None:
    """Found by tools/fuzz.py: each operation's stamp and record id repeat its origin, so a
    1 MB "origin" in a payload of a few KB cost 2.5 GB."""
    from sammachip_tui.store.oplog import Op

    ops = [Op(origin="AAAAAAAA", seq=n, stamp=f"{n:011x}-0000-AAAAAAAA", kind="village",
              record=VILLAGE, village=VILLAGE, values={"name": str(n)}, replaces={})
           for n in range(1, 200)]  # fmt: skip
    doc, _ops = payload.decode(payload.encode(ops, {}))
    doc["o"] = ["ก" * 200_000]
    compressed = brotli.compress(payload._declared(doc))
    data = bytes([payload.CODEC_BROTLI]) + payload._leb128(len(compressed)) + compressed
    peak, got = peak_bytes(lambda: payload.decode(data))
    assert isinstance(got, payload.PayloadError), got
    assert peak < 16 * MB, f"{peak / MB:.0f} MB"
