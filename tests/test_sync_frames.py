"""Frames, fountain parts and QR images, checked through an independent decoder (zxing-cpp)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from sammachip_tui.sync import qr
from sammachip_tui.sync.frames import (
    THAI_LAYOUT_DIGITS,
    FrameError,
    decode_frame,
    from_digits,
    to_digits,
)
from sammachip_tui.sync.parts import Assembler, make_parts

US_TO_THAI = {chr(v): chr(k) for k, v in THAI_LAYOUT_DIGITS.items()}
QR_ONLY = zxingcpp.BarcodeFormat.QRCode  # a stray Micro QR "inside" a big code is noise


@given(st.binary(max_size=300))
def test_digits_round_trip(data: bytes) -> None:
    text = to_digits(data)
    assert text.isdigit() or not data
    assert from_digits(text) == data


def test_seven_bytes_take_seventeen_digits() -> None:
    assert len(to_digits(bytes(7) * 10)) == 170
    assert len(to_digits(b"\xff" * 7)) == 17


@given(st.binary(min_size=1, max_size=2000), st.integers(20, 200), st.randoms())
def test_any_order_with_duplicates_gives_the_message(
    message: bytes, fragment_len: int, rnd: random.Random
) -> None:
    parts = make_parts(message, fragment_len)
    texts = list(parts.texts(extra=parts.count))
    texts += rnd.sample(texts, k=len(texts) // 3)  # duplicates
    rnd.shuffle(texts)
    assembler = Assembler()
    results = [assembler.add(t) for t in texts]
    assert [r for r in results if r is not None] == [message]


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 80), st.integers(0, 2**32))
def test_an_animated_loop_missing_30_percent_of_frames_completes(count: int, seed: int) -> None:
    rnd = random.Random(seed)  # a fair 30% loss (hypothesis's own randoms can drop every frame)
    message = os.urandom(count * 50 - 7)
    parts = make_parts(message, 50)
    assert parts.count == count
    assembler = Assembler()
    seq, shown = rnd.randint(1, count), 0
    got = None
    while got is None:
        shown += 1
        assert shown < 20 * count + 50, "the loop never completed"
        if rnd.random() >= 0.30:  # this frame was seen
            got = assembler.add(parts.frame(seq).encode())
        seq += 1  # the loop runs on into fountain mixes, never back to 1
    assert got == message


def test_scanner_typing_through_a_thai_layout_still_reads() -> None:
    parts = make_parts("ข้อมูลหมู่บ้าน".encode() * 5, 40)
    text = next(parts.texts())
    typed = "".join(US_TO_THAI[c] for c in text) + "\r\n"
    assert decode_frame(typed) == decode_frame(text)


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda t: t[:-1] + str((int(t[-1]) + 1) % 10), "damaged"),
        (lambda t: t[:50] + t[51:], "damaged"),
        (lambda t: "7701" + t[4:], "6601"),
        (lambda t: t[:20] + "abc" + t[20:], "English"),
        (lambda t: t[:30], "damaged"),
    ],
)
def test_a_damaged_frame_says_why(mangle, reason: str) -> None:
    from sammachip_tui.i18n import set_language

    set_language("en")
    text = next(make_parts(b"x" * 300, 100).texts())
    with pytest.raises(FrameError) as info:
        decode_frame(mangle(text))
    assert reason in info.value.message or "short" in info.value.message


@pytest.mark.parametrize("size", [(80, 22), (100, 28), (120, 38), (160, 48)])
def test_half_block_rendering_reads_back_with_zxing(size: tuple[int, int], tmp_path: Path) -> None:
    """The screen's text, painted as a terminal would (8×16 px cells), read by zxing-cpp."""
    layout = qr.layout_for(*size)
    message = os.urandom(layout.fragment_len * 3)
    parts = make_parts(message, layout.fragment_len)
    assembler = Assembler()
    got = None
    for text in parts.texts():
        rows = qr.half_block_rows(qr.matrix(text, layout.version, "L"), layout.quiet)
        assert (len(rows[0]), len(rows)) == layout.cells
        assert len(rows[0]) <= size[0] and len(rows) <= size[1]
        image = _paint(rows)
        [found] = {r.text for r in zxingcpp.read_barcodes(image, formats=QR_ONLY, try_invert=False)}
        got = assembler.add(found) or got
    assert got == message


def _paint(rows: list[str], cell_w: int = 8, cell_h: int = 16) -> Image.Image:
    image = Image.new("L", (len(rows[0]) * cell_w, len(rows) * cell_h), 255)
    px = image.load()
    half = cell_h // 2
    for y, row in enumerate(rows):
        for x, ch in enumerate(row):
            top = ch in "█▀"
            bottom = ch in "█▄"
            for dy in range(cell_h):
                dark = top if dy < half else bottom
                if dark:
                    for dx in range(cell_w):
                        px[x * cell_w + dx, y * cell_h + dy] = 0  # type: ignore[index]
    return image


def test_png_frames_round_trip_through_zxing(tmp_path: Path) -> None:
    message = "บันทึกเวทีประชาคม หมู่ 5".encode() * 40
    parts = make_parts(message, qr.layout_for(120, 38, ecc="M").fragment_len)
    paths = qr.write_pngs(parts.texts(), tmp_path, "52120505")
    assert len(paths) == parts.count
    assembler = Assembler()
    got = None
    for path in reversed(paths):
        [text] = qr.read_image(path)
        got = assembler.add(text) or got
    assert got == message


def test_sheet_of_several_codes_in_one_image(tmp_path: Path) -> None:
    parts = make_parts(os.urandom(500), 120)
    images = [Image.open(p) for p in qr.write_pngs(parts.texts(), tmp_path / "f", "s")]
    sheet = Image.new("L", (sum(i.width for i in images) + 40, max(i.height for i in images)), 255)
    x = 0
    for i in images:
        sheet.paste(i, (x, 0))
        x += i.width + 10
    sheet.save(tmp_path / "sheet.png")
    assert sorted(qr.read_image(tmp_path / "sheet.png")) == sorted(parts.texts())


def test_printed_sheet_pages_read_back(tmp_path: Path) -> None:
    """The A4 sheet: every code on the pages reads back with zxing, each one once."""
    parts = make_parts(os.urandom(9000), qr.layout_for(120, 39, ecc="M").fragment_len)
    texts = list(parts.texts())
    pages = qr.sheet_pages(texts, "sammachip 52120505 2026-11-22")
    found = [t for page in pages for t in qr_texts(page)]
    assert sorted(found) == sorted(texts)
    pdf = tmp_path / "sheet.pdf"
    assert qr.write_pdf(texts, pdf, "title") == len(pages)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") == len(pages) > 1


def qr_texts(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=QR_ONLY)]
