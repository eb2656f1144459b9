"""Where an export from the app lands: the officer's documents folder, unless a full path
is typed.

A bare file name typed in an export dialog once landed in whatever directory the app was
started from (the demo wrote ``เวที.md`` into the source checkout), where an officer never
finds it again. Now a name, or a relative path, always goes under ``EXPORT_DIR``; only a
full path (``/media/usb/…``, ``~/Desktop/…``) goes elsewhere. The default name says what
the file is, for which village and on which day (from ``clock``, so tests can freeze it),
and never replaces a file written before: a second export on the same day gets ``-2``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

EXPORT_DIR = Path("~/sammachip-reports")

# Extensions the dialog adds itself: typed ones are taken off, not doubled (x.md.md).
_OWN_SUFFIXES = (".md", ".csv", ".docx", ".xlsx", ".html")


def documents_folder() -> Path:
    """The folder exports go to (created when the first one is written)."""
    return EXPORT_DIR.expanduser()


def export_stem(typed: str, folder: Path | None = None) -> Path:
    """The path, without extension, that a typed name means: under the documents folder
    unless it is a full path."""
    path = Path(typed.strip()).expanduser()
    if path.suffix.lower() in _OWN_SUFFIXES:
        path = path.with_suffix("")
    if path.is_absolute():
        return path
    return (folder or documents_folder()) / path


def default_name(
    kind: str, village: str, day: dt.date, suffixes: Iterable[str], folder: Path | None = None
) -> str:
    """``kind-village-yyyy-mm-dd``, or with ``-2``, ``-3``… if any of its files exists."""
    base = f"{kind}-{village}-{day.isoformat()}"
    where = folder or documents_folder()
    suffixes = list(suffixes)
    name, n = base, 1
    while any((where / f"{name}{s}").exists() for s in suffixes):
        n += 1
        name = f"{base}-{n}"
    return name
