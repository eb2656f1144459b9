"""The real program in a real pseudo-terminal at 60×20 and 80×24 (issue 13), read off the
screen as an officer sees it: every screen opened with its key from the villages screen is
drawn, its footer shows only whole keys, every one of them is listed in its F1 help, no
traceback appears, and quitting exits cleanly. Pilot tests drive the same screens
in-process; this one catches what only a real terminal, the real entry point and the real
start-up (garbage collector, lazy imports, the language from the environment) bring out.

Everything the program writes is fed to a terminal emulator of the same size (pyte, with
Thai marks put on their letters: ``terminal_screen``). The marks looked for come from the
Thai catalog, never from words typed here, so a changed translation cannot make this pass
or fail by accident.

It waits for the terminal to fall quiet after each key rather than for a fixed time, so a
slow machine only makes it slower; a screen that never falls quiet (the send screen cycles
its QR frames) is read after a few seconds, and keys typed early only queue.
"""

from __future__ import annotations

import fcntl
import gettext
import os
import pty
import select
import struct
import sys
import termios
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyte
import pytest
from babel.messages.pofile import read_po

from sammachip_tui.i18n import DOMAIN, LOCALE_DIR

from .terminal_screen import FooterKey, ThaiScreen, find, footer_keys, help_keys, normal

F1, ESC, ENTER, CTRL_Q, PAGE_DOWN = b"\x1bOP", b"\x1b", b"\r", b"\x11", b"\x1b[6~"
QUIET = 0.4  # seconds of silence that mean "drawn"
# The longest a step waits for what it expects: only a failing run (or a very slow machine)
# waits that long, a passing one goes on as soon as the screen shows it.
LIMIT = 30.0


@dataclass(frozen=True)
class Step:
    """A key and the words (an English msgid) that show the screen it opens is drawn: the
    start of the title in the header's row, or (``titled=False``) anywhere above the footer."""

    key: bytes
    mark: str
    titled: bool = True
    # Pressed once the mark shows, on a screen that never falls quiet by itself: the send
    # screen cycles its frames until Space puts it in step mode (no advancing by itself).
    still: bytes = b""


VILLAGES = Step(b"", "Villages")
# From the villages screen: each screen's key; the send key asks "to whom?" first.
SCREENS: tuple[tuple[Step, ...], ...] = (
    (Step(b"\r", "Name", titled=False),),  # the households (titled by the village's name)
    (Step(b"f", "Forums"),),
    (Step(b"g", "Group proposals"),),
    (
        Step(b"s", "Send to whom?", titled=False),
        Step(ENTER, "Part {k} of {n}", titled=False, still=b" "),
    ),
    (Step(b"r", "Receive"),),
    (Step(b"c", "Conflicts"),),
    (Step(b"d", "Devices"),),
    (Step(b"o", "Groups"),),  # issue 14
    (Step(b"p", "Action plan"),),  # issue 15
    (Step(b"m", "Model households and mentoring"),),
    (Step(b"b", "Dashboard"),),  # issue 16
    (Step(b"n", "Inbox"),),  # issue 16
)


def th(msgid: str) -> str:
    """The Thai the demo shows for ``msgid``, up to its first placeholder."""
    catalog = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=["th"])
    return normal(catalog.gettext(msgid).split("{")[0].strip())


@cache
def thai_words() -> frozenset[str]:
    """Every whole Thai text of the catalog: a footer description must be one of them."""
    with (LOCALE_DIR / "th" / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po)
    return frozenset(normal(m.string) for m in catalog if m.id and isinstance(m.string, str))


class Terminal:
    """The program in a pty, and the screen it has drawn so far."""

    def __init__(self, fd: int, size: tuple[int, int]) -> None:
        self.fd = fd
        self.screen = ThaiScreen(*size)
        self.stream = pyte.ByteStream(self.screen)
        self.out = bytearray()

    def press(
        self, key: bytes, ready: Callable[[], bool] = lambda: True, moving: bool = False
    ) -> None:
        if key:
            os.write(self.fd, key)
        self.read(ready, moving)

    def read(self, ready: Callable[[], bool] = lambda: True, moving: bool = False) -> None:
        """Read what the program draws until ``ready()`` holds and the terminal has fallen
        quiet, or on a ``moving`` screen (one that never falls quiet) as soon as it holds."""
        start = last = time.monotonic()
        while time.monotonic() - start < LIMIT:
            if select.select([self.fd], [], [], 0.1)[0]:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the program closed the terminal
                    return
                if not chunk:
                    return
                self.out += chunk
                self.stream.feed(chunk)
                last = time.monotonic()
                if moving and ready():
                    return
            elif time.monotonic() - last >= QUIET and ready():
                return

    def drawn(self, step: Step) -> bool:
        """The screen ``step`` opens is on the terminal, its footer drawn."""
        return self.shows_mark(step) and bool(footer_keys(self.screen))

    def shows_mark(self, step: Step) -> bool:
        mark = th(step.mark)
        if step.titled:  # the header: "◆   title — subtitle"
            return self.screen.row(0).strip(" ◆").startswith(mark)
        return any(find(self.screen, y, mark) is not None for y in range(self.screen.lines - 1))

    def seen(self) -> str:
        """What is on the screen, for a failure's message."""
        return "\n".join(f"|{self.screen.row(y)}|" for y in range(self.screen.lines))

    def shows(self, text: str) -> bool:
        return any(find(self.screen, y, text) is not None for y in range(self.screen.lines))


@contextmanager
def sammachip(size: tuple[int, int], home: Path) -> Iterator[tuple[Terminal, list[int]]]:
    """``sammachip --demo`` in a pty of ``size``; yields the terminal and, once the program
    has ended, its exit status in the list."""
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
    env.pop("SAMMACHIP_LANG", None)  # the demo in Thai, whatever the machine says
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real entry point
        os.execvpe(sys.executable, [sys.executable, "-m", "sammachip_tui", "--demo"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    status: list[int] = []
    try:
        yield Terminal(fd, size), status
    finally:
        for _ in range(3):  # Ctrl+Q, and again if a question holds it
            os.write(fd, CTRL_Q)
            Terminal(fd, size).read()
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(pid, 9)
            _done, code = os.waitpid(pid, 0)
        os.close(fd)
        status.append(os.waitstatus_to_exitcode(code))


def check_drawn(term: Terminal, step: Step) -> list[FooterKey]:
    """The screen ``step`` opens is drawn, with no traceback and a footer of whole keys."""
    assert term.shows_mark(step), f"{step.mark!r} is not on the screen:\n{term.seen()}"
    assert "Traceback" not in term.screen.text(), term.seen()
    footer = footer_keys(term.screen)
    assert footer, f"no footer on the screen:\n{term.seen()}"
    cut = [str(k) for k in footer if not k.key or k.description not in thai_words()]
    assert not cut, f"footer keys cut or untranslated: {cut}\n{term.seen()}"
    return footer


def check_help(term: Terminal, footer: list[FooterKey]) -> None:
    """F1 opens the help, every key the footer shows is listed in it (scrolling the help's
    table a page at a time while a footer key is not yet found), and Esc closes it with the
    screen as it was."""
    in_help = th("Keys on this screen")
    term.press(F1, lambda: term.shows(in_help))
    assert term.shows(th("Keys on this screen")), f"no F1 help:\n{term.seen()}"
    headers = th("Key"), th("What it does"), th("Esc or F1: close")
    listed: set[str] = set()
    while True:
        visible = set(help_keys(term.screen, *headers))
        assert visible, f"no keys in the F1 help:\n{term.seen()}"
        if visible <= listed:
            break  # the last page: paging shows nothing new
        listed |= visible
        if all(k.key in listed for k in footer):
            break
        term.press(PAGE_DOWN)
    missing = [str(k) for k in footer if k.key not in listed]
    assert not missing, f"in the footer but not in F1's help: {missing}\n{term.seen()}"
    term.press(ESC, lambda: not term.shows(in_help) and bool(footer_keys(term.screen)))
    assert not term.shows(in_help), f"Esc left the help open:\n{term.seen()}"
    # Closing the help changes nothing: the same keys, with the keyboard where it was.
    after = footer_keys(term.screen)
    assert after == footer, f"F1 then Esc changed the footer to {after}:\n{term.seen()}"


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
def test_every_screen_opens_in_a_real_terminal(size: tuple[int, int], tmp_path: Path) -> None:
    with sammachip(size, tmp_path) as (term, status):
        term.read(lambda: term.drawn(VILLAGES))
        check_help(term, check_drawn(term, VILLAGES))
        for steps in SCREENS:
            for step in steps:
                term.press(step.key, lambda s=step: term.drawn(s), moving=bool(step.still))
                if step.still:
                    term.press(step.still)
                check_help(term, check_drawn(term, step))
            term.press(ESC, lambda: term.drawn(VILLAGES))  # back to the villages
            check_drawn(term, VILLAGES)
        out = bytes(term.out)
    assert b"Traceback" not in out, out[-3000:].decode("utf-8", "replace")
    assert status == [0], out[-3000:].decode("utf-8", "replace")


def test_the_screen_reads_thai_footers_as_drawn() -> None:
    """The reader itself: Thai marks stay on their letters and the text after them is kept
    (plain pyte drops the rest of a run at ``ิ``), and a footer splits into its bold keys."""
    screen = ThaiScreen(40, 2)
    pyte.ByteStream(screen).feed("\x1b[2;1H\x1b[1mf1\x1b[0m วิธีใช้ \x1b[1mf2\x1b[0m Engli".encode())
    assert screen.row(1).rstrip() == normal("f1 วิธีใช้ f2 Engli")
    assert footer_keys(screen) == [FooterKey("f1", normal("วิธีใช้")), FooterKey("f2", "Engli")]
    assert normal("วิธีใช้") in thai_words()
    assert "Engli" not in thai_words()  # what check_drawn calls a cut key
