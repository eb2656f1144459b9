"""Start-up to the first drawn screen, and peak memory, measured on a real pseudo-terminal.

Each program is spawned in an 80×24 pty and timed until marker texts come out of the
terminal: for the bare app its label; for sammachip its footer (the first drawn screen) and
then the village code in the home table. Two ways of starting sammachip: ``--demo`` (the demo
village imported and shown) and ``--data-dir`` on a workspace that holds it already (the
officer's every day: the journal checked, the village files read, the villages counted).
Then Ctrl+Q ends it and ``wait4`` gives its peak resident memory and the processor time it
used from start to exit (user + system): on a machine shared with other work the wall-clock
figures move with the load, the processor time far less.

Every program runs with its compiled bytecode, as an installed app does: the first (warm-up)
run writes it even where PYTHONDONTWRITEBYTECODE is set for development.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST_FRAME = "วิธีใช้".encode()  # F1 (help): the first key of the Thai footer, always drawn
VILLAGE = b"52120505"


def processor_seconds(pid: int) -> float:
    """Processor time (user + system) a running process has used so far, its threads that
    have ended included, to the kernel's clock tick (10 ms on most Linux machines); NaN where
    /proc is not there."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def spawn_and_time(
    argv: list[str], markers: tuple[bytes, ...], timeout: float = 30.0
) -> tuple[list[float], int, float, float]:
    """(seconds to each marker, peak RSS in KiB, processor seconds to exit, processor
    seconds to the last marker)."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    seen = b""
    times: list[float] = []
    cpu_to_last = float("nan")
    usage = None
    while time.perf_counter() < start + timeout:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            while len(times) < len(markers) and markers[len(times)] in seen:
                times.append(time.perf_counter() - start)
                if len(times) == len(markers):
                    cpu_to_last = processor_seconds(pid)
        if len(times) == len(markers):
            os.write(fd, b"\x11")  # Ctrl+Q, repeated until it exits
        done, _status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(pid, 9)
    if usage is None or not done:
        _pid, _status, usage = os.wait4(pid, 0)
    os.close(fd)
    if len(times) < len(markers):
        raise RuntimeError(f"{argv} never drew {markers}:\n{seen[-2000:]!r}")
    return times, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, cpu_to_last


SEED = """
import sys
from pathlib import Path
from sammachip_tui.store.demo import create_demo_workspace
create_demo_workspace(Path(sys.argv[1])).close()
"""


def measure(rounds: int = 5) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="sammachip-bench-") as tmp:
        workspace = Path(tmp) / "workspace"
        subprocess.run([sys.executable, "-c", SEED, str(workspace)], check=True)
        return _measure(rounds, workspace)


def _measure(rounds: int, workspace: Path) -> dict[str, dict[str, float]]:
    app = [sys.executable, "-m", "sammachip_tui"]
    programs = {
        "bare": ([sys.executable, str(HERE / "bare_app.py")], (VILLAGE,)),
        "sammachip": ([*app, "--demo"], (FIRST_FRAME, VILLAGE)),
        "open": ([*app, "--data-dir", str(workspace)], (FIRST_FRAME, VILLAGE)),
    }
    results: dict[str, list[tuple[list[float], int, float, float]]] = {
        name: [] for name in programs
    }
    for argv, markers in programs.values():  # warm the .pyc and disk caches once
        spawn_and_time(argv, markers)
    for _ in range(rounds):
        for name, (argv, markers) in programs.items():  # interleaved: noise hits both
            results[name].append(spawn_and_time(argv, markers))
    out: dict[str, dict[str, float]] = {}
    for name, runs in results.items():
        out[name] = {
            "first_frame_ms": statistics.median(t[0] for t, _, _, _ in runs) * 1000,
            "ready_ms": statistics.median(t[-1] for t, _, _, _ in runs) * 1000,
            "peak_rss_mib": statistics.median(m for _, m, _, _ in runs) / 1024,
            "cpu_ms": statistics.median(c for _, _, c, _ in runs) * 1000,
            "ready_cpu_ms": statistics.median(r for _, _, _, r in runs) * 1000,
        }
    return out


if __name__ == "__main__":  # python3 benchmarks/startup.py: this part alone
    figures = measure()
    bare = figures["bare"]
    for name, f in figures.items():
        print(
            f"{name:10} first frame {f['first_frame_ms']:5.0f} ms"
            f" = {f['first_frame_ms'] / bare['first_frame_ms']:.2f}×,"
            f" villages listed {f['ready_ms']:5.0f} ms"
            f" = {f['ready_ms'] / bare['first_frame_ms']:.2f}×,"
            f" peak {f['peak_rss_mib']:5.1f} MiB = {f['peak_rss_mib'] / bare['peak_rss_mib']:.2f}×,"
            f" processor {f['cpu_ms']:5.0f} ms = {f['cpu_ms'] / bare['cpu_ms']:.2f}×"
            f" (to the list {f['ready_cpu_ms']:4.0f} ms"
            f" = {f['ready_cpu_ms'] / bare['ready_cpu_ms']:.2f}×)"
        )
