"""What a file handed to "receive" holds: one bundle, or frame texts (from an image of one or
more codes, or a text file with one frame per line). Shared by the CLI and the receive
screen, so both accept the same files."""

from __future__ import annotations

from pathlib import Path

from sammachip_tui.sync import qr
from sammachip_tui.sync.envelope import MAGIC

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


def files_in(path: Path) -> list[Path]:
    """The files of a folder (sorted), or the file itself."""
    return sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]


def read_sync_file(path: Path) -> tuple[bytes | None, list[tuple[int, str]]]:
    """(the bundle's bytes, or None; the frame texts with their line numbers, 0 for images).

    Raises OSError for a file that cannot be read, and Pillow's errors for a broken image."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return None, [(0, t) for t in qr.read_image(path)]
    data = path.read_bytes()
    if data.startswith(MAGIC):
        return data, []
    text = data.decode("utf-8", errors="replace")
    return None, [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
