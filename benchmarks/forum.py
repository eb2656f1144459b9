"""The forum screen under load, on a real pseudo-terminal, and the cost of committing an item.

Typing: ``sammachip`` runs in a 100×30 pty on a workspace whose forum holds 500 items, all in
the list on show, and again on one whose forum is empty. Keys go in as the terminal sends
them (Thai as UTF-8 bytes): F to the forums, Enter into the forum, then 44 distinct Thai
consonants one at a time. Each is timed from the write until a frame that contains it comes
out of the terminal, which is when the officer sees it. The characters are distinct, so an
earlier frame (a cursor blink) cannot be mistaken for the echo.

Committing: ``add_item`` and ``commit`` (validate, stamp, journal with fsync, apply) in a forum
of 500 items, against an fsync'd append of the same journal line to a plain file.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

from edits import against_append
from sammachip_tui.model.records import ForumList
from sammachip_tui.store import forum as fs
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Workspace

VILLAGE = "52120505"
CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F)]  # ก … ฮ, 46 code points
KEYS = [c for c in CONSONANTS if c not in "ฃฅ"]  # 44 letters in use
READY = b"F5"  # the forum screen's list tabs


def make_workspace(path: Path, items: int) -> None:
    ws = Workspace.init(
        path, name="bench", role="field", district="5212", passphrase=None,
        district_key=DEMO_DISTRICT_KEY,
    )  # fmt: skip
    try:
        ws.commit([village_change(VILLAGE, "บ้านทดสอบ")])
        [op] = ws.commit([fs.new_forum(VILLAGE, {"date": dt.date(2026, 11, 15)})])
        for n in range(items):
            text = f"ปัญหาที่ {n + 1} น้ำไม่พอใช้ในหน้าแล้ง ถนนชำรุด"
            ws.commit([fs.add_item(ws, VILLAGE, op.record, ForumList.problem, text, votes=n % 17)])
    finally:
        ws.close()


def _read_until(fd: int, marker: bytes, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    seen = b""
    while time.perf_counter() < start + timeout:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            seen += os.read(fd, 65536)
            if marker in seen:
                return time.perf_counter() - start
    raise RuntimeError(f"never saw {marker!r}: {seen[-1500:]!r}")


def _drain(fd: int, seconds: float = 0.3) -> None:
    """Read whatever comes out for ``seconds`` (the cursor blink never lets it fall quiet)."""
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            os.read(fd, 65536)


def type_in_forum(data_dir: Path) -> list[float]:
    """Seconds from each key written to the frame that shows it."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execvp(sys.executable,
                  [sys.executable, "-m", "sammachip_tui", "--data-dir", str(data_dir)])  # fmt: skip
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    try:
        _read_until(fd, VILLAGE.encode())
        _drain(fd)
        os.write(fd, b"f")
        _read_until(fd, b"2569")  # the forum list, with its date
        _drain(fd)
        os.write(fd, b"\r")
        _read_until(fd, READY)
        _drain(fd, 1.0)  # let the table settle
        samples = []
        for ch in KEYS:
            data = ch.encode()
            start = time.perf_counter()
            os.write(fd, data)
            _read_until(fd, data)
            samples.append(time.perf_counter() - start)
            _drain(fd, 0.05)
        return samples
    finally:
        os.write(fd, b"\x11")
        for _ in range(100):
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)


def typing(rounds: int = 3) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {"empty": Path(tmp) / "empty", "500 items": Path(tmp) / "full"}
        make_workspace(dirs["empty"], 0)
        make_workspace(dirs["500 items"], 500)
        samples: dict[str, list[float]] = {name: [] for name in dirs}
        for _ in range(rounds):  # interleaved, so that machine noise hits both
            for name, path in dirs.items():
                samples[name] += type_in_forum(path)
    return {
        name: {
            "median_ms": statistics.median(s) * 1000,
            "p90_ms": statistics.quantiles(s, n=10)[-1] * 1000,
            "keys": len(s),
        }
        for name, s in samples.items()
    }


def item_commit(rounds: int = 300) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        make_workspace(Path(tmp) / "ws", 500)
        ws = Workspace.open(Path(tmp) / "ws", flush_delay=3600)
        try:
            forum_id = fs.forums(ws, VILLAGE)[0].id

            def add(n: int) -> Op:
                text = f"ความต้องการที่ {n} ตลาดชุมชนทุกวันเสาร์"
                [op] = ws.commit([fs.add_item(ws, VILLAGE, forum_id, ForumList.need, text)])
                return op

            commit_s, append_s, line_bytes = against_append(add, rounds, Path(tmp) / "baseline.log")
        finally:
            ws.close()
    return {
        "commit_ms": statistics.median(commit_s) * 1000,
        "append_ms": statistics.median(append_s) * 1000,
        "line_bytes": line_bytes,
    }


if __name__ == "__main__":
    print(typing())
    print(item_commit())
