"""QR codes read off the pages of a PDF: the sheet ``sync send --pdf`` prints, handed back.

The sheet is A4 pages of codes drawn at 150 dpi (qr.sheet_pages); pdfium renders each page
at that resolution, so every module comes back as the 3x3 pixels it was drawn with, and
zxing-cpp reads the codes as from a PNG of the same page. pypdfium2 is imported only here,
when a PDF is given: start-up and every other path never load it.

Bounded like images: a page is rendered at most ``qr.MAX_IMAGE_PIXELS`` (a larger page at a
lower resolution), one page at a time, and at most ``MAX_PDF_PAGES`` pages are read.
"""

from __future__ import annotations

import math
from typing import Any, BinaryIO

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.sync.frames import MAX_PARTS
from sammachip_tui.sync.qr import MAX_IMAGE_PIXELS

SHEET_DPI = 150
# The largest bundle sent as frames, one code of the smallest kind per page, and no more.
MAX_PDF_PAGES = MAX_PARTS


class PdfUnreadableError(UserError):
    """A PDF that cannot be opened or rendered; ``message`` says why."""


def read_pdf(source: BinaryIO) -> list[str]:
    """Every QR text on the pages of the PDF in ``source`` (an open file, read as pages are
    rendered), in page order, each once."""
    import pypdfium2
    import zxingcpp

    try:
        document = pypdfium2.PdfDocument(source)
    except pypdfium2.PdfiumError as exc:
        raise PdfUnreadableError(
            _("The PDF is damaged or locked and cannot be read ({reason}).").format(reason=exc)
        ) from None
    texts: list[str] = []
    formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    try:
        for index in range(min(len(document), MAX_PDF_PAGES)):
            page = document[index]
            try:
                image = _render(page)
            finally:
                page.close()
            texts += [r.text for r in zxingcpp.read_barcodes(image, formats=formats)
                      if r.valid and r.text]  # fmt: skip
    except pypdfium2.PdfiumError as exc:
        raise PdfUnreadableError(
            _("The PDF is damaged and cannot be read ({reason}).").format(reason=exc)
        ) from None
    finally:
        document.close()
    return list(dict.fromkeys(texts))


def _render(page: Any) -> Any:
    """The page as a greyscale image at the sheet's 150 dpi, or less for a huge page."""
    width, height = page.get_size()  # in points, 1/72 inch
    scale = SHEET_DPI / 72
    if width * height * scale * scale > MAX_IMAGE_PIXELS:
        scale = math.sqrt(MAX_IMAGE_PIXELS / max(width * height, 1.0))
    bitmap = page.render(scale=scale, grayscale=True, no_smoothimage=True)
    try:
        return bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
