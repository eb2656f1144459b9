"""What a file handed to "receive" holds: one bundle, or frame texts (from an image of one or
more codes, a PDF sheet of codes as ``sync send --pdf`` writes it, or a text file with one
frame per line). Shared by the CLI and the receive
screen, so both accept the same files.

Regular files only: a pipe would wait for ever for a writer, and a device (``/dev/zero``)
never ends; both are refused with a reason before anything is read. What is read is bounded
by what sammachip writes: a bundle file by the payload's cap, a list of frame texts by the
frames of the largest bundle sent as frames, an image by its size on disk and, before its
pixels are decoded, by its width and height (sync/qr.py).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import os_error_text
from sammachip_tui.sync import qr
from sammachip_tui.sync.envelope import MAGIC
from sammachip_tui.sync.payload import MAX_JSON_BYTES

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
# A bundle file is its compressed payload and 150 bytes of envelope: never more than what
# the payload may unpack to.
MAX_BUNDLE_FILE = MAX_JSON_BYTES
# The largest bundle sent as frames (frames.MAX_MESSAGE, 1 MiB) in frames of the smallest
# code is 17,772 lines of about 188 digits: 3.3 MB. 8 MiB leaves room for as many fountain
# mixes again, and for line ends.
MAX_TEXT_FILE = 8 * 1024 * 1024
# A photo or scan of a printed sheet; the pixels are bounded separately (qr.MAX_IMAGE_PIXELS).
MAX_IMAGE_FILE = 64 * 1024 * 1024
# The sheet of the largest bundle sent as frames is some hundreds of pages of 150-dpi images
# (about 60 KB each); a scanner's PDF of it at 300 dpi four times that. pdfium reads the file
# as it renders each page: it is never all in memory.
MAX_PDF_FILE = 256 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))  # fmt: skip


class SyncFileError(UserError):
    """A file that is not one sammachip reads; ``message`` says why."""


def files_in(path: Path) -> list[Path]:
    """The regular files of a folder (sorted), or the path itself."""
    return sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]


def read_sync_file(path: Path) -> tuple[bytes | None, list[tuple[int, str]]]:
    """(the bundle's bytes, or None; the frame texts with their line numbers, 0 for images).

    Raises SyncFileError for what is not a regular file or is too large to be one of ours,
    OSError for a file that cannot be read, and Pillow's errors for a broken image."""
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        if path.suffix.lower() in IMAGE_SUFFIXES:
            _within(size, MAX_IMAGE_FILE)
            return None, [(0, t) for t in qr.read_image(file)]
        head = file.read(len(PDF_MAGIC))
        if head.startswith(PDF_MAGIC) or path.suffix.lower() == ".pdf":
            _within(size, MAX_PDF_FILE)
            if not head.startswith(PDF_MAGIC):
                raise SyncFileError(_("It is not a PDF, although its name ends in .pdf."))
            from sammachip_tui.sync.pdf_codes import read_pdf

            file.seek(0)
            return None, [(0, t) for t in read_pdf(file)]
        head = head[: len(MAGIC)]
        file.seek(len(head))
        limit = MAX_BUNDLE_FILE if head == MAGIC else MAX_TEXT_FILE
        _within(size, limit)
        data = head + file.read(limit + 1 - len(head))
        _within(len(data), limit)  # it grew while being read
    if data.startswith(MAGIC):
        return data, []
    text = data.decode("utf-8", errors="replace")
    return None, [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def unreadable(exc: BaseException) -> str:
    """Why a file could not be read, in the officer's language: our own reason (a pipe, too
    large, a damaged image or PDF) or the system's, never ``[Errno 2] ...``."""
    return exc.message if isinstance(exc, UserError) else os_error_text(exc)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file (a link to one is fine)."""
    check_regular(os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)  # never waits for a pipe's writer, whatever came in between
    try:
        check_regular(os.fstat(fd).st_mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(mode: int) -> None:
    """SyncFileError unless ``mode`` (of ``os.stat``) is a regular file's."""
    if stat.S_ISDIR(mode):
        raise SyncFileError(_("It is a folder, not a file."))
    if not stat.S_ISREG(mode):
        raise SyncFileError(
            _("It is not a regular file (a pipe, a device or a socket): sammachip reads "
              "bundles, frame texts and images from files only.")
        )  # fmt: skip


def _within(size: int, limit: int) -> None:
    if size > limit:
        raise SyncFileError(
            _(
                "It is too large ({size} MB) to be a sammachip bundle, frame list or image of "
                "this kind (at most {limit} MB)."
            ).format(size=round(size / 2**20, 1), limit=limit // 2**20)
        )
