"""QR codes for frames: how big they can be, drawn as text, as PNG, and read from images.

On screen a QR is drawn with half blocks (one cell = one module wide, two high), dark modules
always dark on a light quiet zone whatever the terminal theme: inverted codes are the most
common reason a reader sees nothing (reference/qr-transfer.md §1–2). The terminal's height is
what limits the version, so the largest version that fits is chosen for the size given.

Paper and files use ECC M and a quiet zone of 4, each code labelled k/N.

An image is read only if its width and height (from its header, before any pixel is
decoded) are within what a picture of codes can need: ``MAX_IMAGE_PIXELS``.
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import qrcode
import qrcode.constants
import qrcode.util

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.sync.frames import OVERHEAD_BYTES, digit_capacity_bytes

ECC = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M}
SCREEN_QUIET = 2
# The smallest version drawn: v1-L holds 41 digits, less than a frame's 16 bytes of header
# and check (its fragment would be -1 bytes); v2 and v3 carry 14 and 34 bytes, so a village
# would take hundreds of frames. v4-L carries 59 (frames.MAX_PARTS counts on it), v4-M 43.
MIN_VERSION = 4
PAPER_QUIET = 4
# A printed sheet page is 1240x1754 (A4 at 150 dpi, ``sheet_pages``): 2.2 Mpx; a scan of it
# at 300 dpi is 8.7 Mpx, a phone's photo 12 Mpx. 25 Mpx is twice the largest of these; the
# decoded pixels then take about 100 MB (RGB, then grey for zxing). A larger picture can be
# scaled down first. Pillow itself refuses only past 179 Mpx, after its header says so.
MAX_IMAGE_PIXELS = 25_000_000
MAX_IMAGE_SIDE = 16_384


class ImageTooLargeError(UserError):
    """An image larger than any picture of codes needs; ``message`` says so."""


class ImageUnreadableError(UserError):
    """A damaged image; ``message`` says so."""


def _too_large(pixels: int) -> ImageTooLargeError:
    return ImageTooLargeError(
        _("The image has {pixels} million pixels, more than a picture of QR codes needs (at "
          "most {mpx} million): scale it down and read it again.").format(
            pixels=max(1, round(pixels / 10**6)), mpx=MAX_IMAGE_PIXELS // 10**6
        )
    )  # fmt: skip


def numeric_capacity(version: int, ecc: str) -> int:
    """Digits a QR of ``version`` holds in numeric mode."""
    bits = qrcode.util.BIT_LIMIT_TABLE[ECC[ecc]][version]
    count_bits = 10 if version < 10 else 12 if version < 27 else 14
    room = bits - 4 - count_bits
    digits = (room // 10) * 3
    rest = room % 10
    return digits + (2 if rest >= 7 else 1 if rest >= 4 else 0)


def modules(version: int) -> int:
    return 17 + 4 * version


@dataclass(frozen=True)
class Layout:
    """The QR version for a space of cells, and the fragment bytes each frame then holds."""

    version: int
    ecc: str
    quiet: int

    @property
    def fragment_len(self) -> int:
        return digit_capacity_bytes(numeric_capacity(self.version, self.ecc)) - OVERHEAD_BYTES

    @property
    def cells(self) -> tuple[int, int]:
        """(columns, rows) the drawn code takes, quiet zone included."""
        side = modules(self.version) + 2 * self.quiet
        return side, -(-side // 2)


def layout_for(columns: int, rows: int, ecc: str = "L", quiet: int = SCREEN_QUIET) -> Layout | None:
    """The largest version whose code, quiet zone included, fits ``columns``×``rows`` cells;
    None when not even ``MIN_VERSION`` fits (a smaller code would carry next to nothing, and
    v1 holds no frame at all)."""
    best = None
    for version in range(MIN_VERSION, 41):
        side = modules(version) + 2 * quiet
        if side <= columns and side <= 2 * rows:
            best = version
    return None if best is None else Layout(best, ecc, quiet)


def smallest_cells(quiet: int = SCREEN_QUIET) -> tuple[int, int]:
    """(columns, rows) the smallest code that holds a frame takes, quiet zone included."""
    return Layout(MIN_VERSION, "L", quiet).cells


def matrix(text: str, version: int, ecc: str) -> list[list[bool]]:
    """The module matrix (True = dark), without a quiet zone. The mask is fixed: choosing it
    costs five times the rest (reference/qr-transfer.md §2d) and readers do not mind."""
    qr = qrcode.QRCode(version=version, error_correction=ECC[ecc], border=0, mask_pattern=0)
    qr.add_data(qrcode.util.QRData(text, mode=qrcode.util.MODE_NUMBER))
    qr.make(fit=False)
    return [list(row) for row in qr.get_matrix()]


def half_block_rows(grid: Sequence[Sequence[bool]], quiet: int = SCREEN_QUIET) -> list[str]:
    """Rows of a code drawn two modules per cell. In the strings, ``█`` is dark over dark,
    ``▀`` dark over light, ``▄`` light over dark, space light over light: the caller paints
    them dark-on-light (see ``cells``) so the theme never inverts the code."""
    size = len(grid) + 2 * quiet
    padded = [[False] * size for _ in range(quiet)]
    padded += [[False] * quiet + list(row) + [False] * quiet for row in grid]
    padded += [[False] * size for _ in range(quiet)]
    if len(padded) % 2:
        padded.append([False] * size)
    glyph = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return [
        "".join(glyph[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(padded[0::2], padded[1::2], strict=True)
    ]


def png_bytes(text: str, ecc: str = "M", box: int = 4) -> bytes:
    """One frame as a PNG image (paper or a file), quiet zone 4."""
    import io

    qr = qrcode.QRCode(error_correction=ECC[ecc], box_size=box, border=PAPER_QUIET)
    qr.add_data(qrcode.util.QRData(text, mode=qrcode.util.MODE_NUMBER))
    qr.make(fit=True)
    image = qr.make_image(fill_color="black", back_color="white")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def write_pngs(texts: Iterable[str], folder: Path, label: str, ecc: str = "M") -> list[Path]:
    """Each frame as ``<label>-k-of-N.png`` in ``folder``, labelled under the code."""
    from PIL import Image, ImageDraw

    texts = list(texts)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for k, text in enumerate(texts, 1):
        import io

        code = Image.open(io.BytesIO(png_bytes(text, ecc))).convert("L")
        sheet = Image.new("L", (code.width, code.height + 24), 255)
        sheet.paste(code, (0, 0))
        ImageDraw.Draw(sheet).text((16, code.height), f"{label}  {k}/{len(texts)}", fill=0)
        path = folder / f"{label}-{k:03d}-of-{len(texts):03d}.png"
        sheet.save(path, format="PNG")
        written.append(path)
    return written


def write_pdf(texts: Iterable[str], path: Path, title: str, ecc: str = "M") -> int:
    """Every frame on A4 pages (150 dpi), for paper; returns the number of pages."""
    pages = sheet_pages(texts, title, ecc)
    path.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(path, format="PDF", resolution=150, save_all=True, append_images=pages[1:])
    return len(pages)


def sheet_pages(texts: Iterable[str], title: str, ecc: str = "M") -> list[Any]:
    """A4 page images (150 dpi): codes in a grid, each labelled k/N, the title (bundle,
    villages, date) at the top of each page."""
    import io

    from PIL import Image, ImageDraw

    texts = list(texts)
    page_w, page_h, margin = 1240, 1754, 60
    codes = [Image.open(io.BytesIO(png_bytes(t, ecc, box=3))).convert("L") for t in texts]
    cell_w = max(c.width for c in codes) + 20
    cell_h = max(c.height for c in codes) + 40
    columns = max(1, (page_w - 2 * margin) // cell_w)
    per_page = columns * max(1, (page_h - 2 * margin - 40) // cell_h)
    pages = []
    for first in range(0, len(codes), per_page):
        page = Image.new("L", (page_w, page_h), 255)
        draw = ImageDraw.Draw(page)
        number = first // per_page + 1
        total = -(-len(codes) // per_page)
        draw.text((margin, margin), f"{title}   page {number}/{total}", fill=0)
        for i, code in enumerate(codes[first : first + per_page]):
            x = margin + (i % columns) * cell_w
            y = margin + 40 + (i // columns) * cell_h
            page.paste(code, (x, y))
            draw.text((x + 12, y + code.height), f"{first + i + 1}/{len(codes)}", fill=0)
        pages.append(page)
    return pages


def read_image(source: Path | BinaryIO) -> list[str]:
    """Every QR text in an image file (one code, or a sheet of several), with zxing-cpp.

    Raises ImageTooLargeError, before decoding a pixel, for an image past
    ``MAX_IMAGE_PIXELS`` or ``MAX_IMAGE_SIDE``."""
    import zxingcpp
    from PIL import Image

    try:
        with warnings.catch_warnings():  # Pillow's own warning at 89 Mpx: ours is said below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            try:
                image = Image.open(source)
            except Image.DecompressionBombError:  # past 179 Mpx, Pillow refuses by itself
                raise _too_large(MAX_IMAGE_SIDE + 1) from None
        with image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
                raise _too_large(width * height)
            # QR codes only: a stray Micro QR or rMQR "found" inside a big code is noise.
            results = zxingcpp.read_barcodes(
                image.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
            )
    except (ValueError, SyntaxError, EOFError, struct.error) as exc:  # Pillow on damaged files
        if isinstance(exc, UserError):
            raise
        raise ImageUnreadableError(
            _("The image is damaged and cannot be read ({reason}).").format(reason=exc)
        ) from None
    texts = [r.text for r in results if r.valid and r.text]
    return list(dict.fromkeys(texts))  # the same code found twice counts once
