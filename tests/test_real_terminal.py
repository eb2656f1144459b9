"""The real program in a real pseudo-terminal at 60×20 and 80×24 (issue 13): every screen
opened with its key from the villages screen, F1 on each, and back, with no traceback and a
clean exit. Pilot tests drive the same screens in-process; this one catches what only a real
terminal, the real entry point and the real start-up (garbage collector, lazy imports, the
language from the environment) bring out.

It waits for the terminal to fall quiet after each key rather than for a fixed time, so a slow
machine only makes it slower; a screen that never falls quiet (the send screen cycles its QR
frames) is drawn after a few seconds, and keys typed early only queue.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

# From the villages screen: each screen's key, then F1 (help) and Esc twice (help, screen).
SCREENS = ("\r", "f", "g", "s", "r", "c", "d")
F1, ESC, CTRL_Q = b"\x1bOP", b"\x1b", b"\x11"
QUIET, LIMIT = 0.4, 4.0  # seconds of silence that mean "drawn"; the longest a step waits


def _read_until_quiet(fd: int, out: bytearray) -> None:
    start = last = time.monotonic()
    while time.monotonic() - start < LIMIT:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the program closed the terminal
                return
            if not chunk:
                return
            out += chunk
            last = time.monotonic()
        elif time.monotonic() - last >= QUIET and out:
            return


def _run(size: tuple[int, int], home: Path) -> tuple[int, bytes]:
    columns, rows = size
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(columns),
        "LINES": str(rows),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "SAMMACHIP_DATA_DIR": str(home / "workspace"),
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real entry point
        os.execvpe(sys.executable, [sys.executable, "-m", "sammachip_tui", "--demo"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    out = bytearray()
    try:
        _read_until_quiet(fd, out)
        for key in SCREENS:
            for press in (key.encode(), F1, ESC, ESC):
                os.write(fd, press)
                _read_until_quiet(fd, out)
        for _ in range(3):  # Ctrl+Q, and again if a question holds it
            os.write(fd, CTRL_Q)
            _read_until_quiet(fd, out)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(pid, 9)
            _done, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return os.waitstatus_to_exitcode(status), bytes(out)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
def test_every_screen_opens_in_a_real_terminal(size: tuple[int, int], tmp_path: Path) -> None:
    code, out = _run(size, tmp_path)
    assert b"Traceback" not in out, out[-3000:].decode("utf-8", "replace")
    assert code == 0, out[-3000:].decode("utf-8", "replace")
