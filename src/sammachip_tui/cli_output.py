"""What the commands print reaches the terminal as text, never as the terminal's commands.

A name is whatever a device typed or a bundle carried, and an older version let control
characters through: printed raw, ``a<ESC>[2Jb`` clears the officer's screen and a carriage
return overwrites the line it is on. Every command's standard output passes through
``escaped_stdout``, which writes such characters as escapes (``\\x1b``), so that no command,
today's or a later one, can forget to. Line breaks and tabs are kept: the lists are
tab-separated lines. JSON is unchanged (it escapes them itself) and bytes written to
``sys.stdout.buffer`` (a CSV) go through as they are.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from sammachip_tui.i18n.wording import visible


class _Escaping:
    """A text stream that writes to ``stream`` with control characters made visible."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text, lines=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, buffer, fileno, isatty, encoding…
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaped_stdout() -> Iterator[None]:
    """Standard output escaped for the length of a command (restored after, as it was)."""
    before = sys.stdout
    sys.stdout = _Escaping(before)
    try:
        yield
    finally:
        sys.stdout = before
