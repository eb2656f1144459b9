#!/usr/bin/env python3
"""Set up a virtual environment and run the app, the tests or the benchmarks.

This is the whole quick start: it needs only Python 3.11+ and git, so that a fresh
clone works on an officer's laptop, a Raspberry Pi or a CI machine alike:

    python3 dev.py demo        # set up, then open the app on a throw-away demo workspace
    python3 dev.py test        # set up, then run ruff, mypy and the whole test suite

Other commands: ``run ARGS`` (the ``sammachip`` command), ``bench`` (benchmarks/),
``i18n`` (refresh the gettext catalogs after changing user-visible strings),
``lock`` (refresh requirements.lock; ``--upgrade`` takes the newest releases) and
``wheelhouse DIR`` (every wheel the lock names, for Linux x86-64, Linux aarch64 and
Windows, to carry to offline machines; ``--help`` for its options).

Versions come from requirements.lock alone (every package pinned with its hashes), so no
upstream release changes what a machine or CI runs; only ``lock`` rewrites it. The
environment lives in ``.venv`` and is reinstalled when the lock or pyproject.toml changes.
``--wheelhouse DIR`` (or ``SAMMACHIP_WHEELHOUSE=DIR``) after any command installs from such
a folder with no network.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import venv
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
LOCK = ROOT / "requirements.lock"
PROJECT = "sammachip-tui"


def _stamp() -> str:
    """What .venv was installed from: a change to any of these reinstalls it."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(LOCK.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_names() -> set[str]:
    """Every package the lock pins (whatever its markers), by normalized name."""
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", LOCK.read_text("utf-8"), re.M)
    return {_normalize(name) for name in pins}


def ensure_env(wheelhouse: Path | None = None) -> None:
    """Create .venv and install the lock, then the project (editable), unless already current.

    The lock goes in with --require-hashes and --no-deps, so pip installs exactly what it
    names and nothing else; --only-binary because an officer's laptop or a Pi has no compiler
    to count on. The project itself then needs its build requirements, which the lock also
    pins: --no-build-isolation makes pip use those instead of fetching the newest.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run under an older python3
        sys.exit("sammachip-tui needs Python 3.11 or newer / ต้องใช้ Python 3.11 ขึ้นไป")
    if not LOCK.exists():
        sys.exit(f"{LOCK.name} is missing: it pins every package dev.py installs")
    stamp_file = VENV / ".sammachip-stamp"
    wanted = _stamp()
    if stamp_file.exists() and stamp_file.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(
                f"Could not create .venv ({exc}). On Debian, Ubuntu or Raspberry Pi OS install "
                "the venv module first: sudo apt install python3-venv\n"
                "สร้าง .venv ไม่ได้ บน Debian/Ubuntu/Raspberry Pi OS ให้ติดตั้งก่อน: "
                "sudo apt install python3-venv"
            )
    source = f" from {wheelhouse}" if wheelhouse else ""
    print(f"Installing {LOCK.name}, then sammachip-tui, into .venv{source} …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check"]
    offline = ["--no-index", "--find-links", str(wheelhouse)] if wheelhouse else []
    install = [*pip, "install", "-q", "--no-deps", *offline]
    locked = ["--require-hashes", "--only-binary=:all:", "-r", str(LOCK)]
    try:
        subprocess.run([*install, *locked], cwd=ROOT, check=True)
        subprocess.run([*install, "--no-build-isolation", "-e", "."], cwd=ROOT, check=True)
    except subprocess.CalledProcessError:
        sys.exit(
            "pip could not install (see above). With no network, install from a wheelhouse "
            f"built from this {LOCK.name}: --wheelhouse DIR (README: Offline install)\n"
            "ติดตั้งไม่สำเร็จ ถ้าไม่มีอินเทอร์เน็ตให้ใช้ --wheelhouse DIR (ดู README)"
        )
    _remove_unlocked(pip)
    if subprocess.run([*pip, "check"], cwd=ROOT, capture_output=True).returncode != 0:
        print(
            f"warning: {LOCK.name} does not satisfy pyproject.toml (pip check); "
            "refresh it with: python3 dev.py lock",
            file=sys.stderr,
        )
    # Precompile so the first start on a Pi does not pay ~4x for cold imports.
    subprocess.run(
        [str(PYTHON), "-m", "compileall", "-q", str(ROOT / "src")], cwd=ROOT, check=False
    )
    stamp_file.write_text(wanted)


def _remove_unlocked(pip: list[str]) -> None:
    """Uninstall what an older lock brought and this one no longer names, so .venv holds
    what CI's fresh one holds and a dependency dropped from the lock cannot hide there."""
    listed = subprocess.run(
        [*pip, "list", "--format=json"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    keep = locked_names() | {"pip", PROJECT}
    extra = [d["name"] for d in json.loads(listed.stdout) if _normalize(d["name"]) not in keep]
    if extra:
        print(f"Removing what the lock no longer names: {', '.join(extra)}", flush=True)
        subprocess.run([*pip, "uninstall", "-q", "-y", *extra], cwd=ROOT, check=True)


def run(*args: str, cwd: Path = ROOT) -> int:
    return subprocess.run([str(PYTHON), *args], cwd=cwd).returncode


def take_wheelhouse(args: list[str]) -> tuple[Path | None, list[str]]:
    """``--wheelhouse DIR`` (or ``=DIR``) out of the arguments, else $SAMMACHIP_WHEELHOUSE."""
    rest, found = [], os.environ.get("SAMMACHIP_WHEELHOUSE") or None
    words = iter(args)
    for word in words:
        if word == "--wheelhouse":
            found = next(words, None)
            if found is None:
                sys.exit("--wheelhouse needs a folder")
        elif word.startswith("--wheelhouse="):
            found = word.partition("=")[2]
        else:
            rest.append(word)
    if found is None:
        return None, rest
    folder = Path(found).expanduser().resolve()
    if not folder.is_dir():
        sys.exit(f"wheelhouse {folder} is not a folder / ไม่พบโฟลเดอร์ {folder}")
    return folder, rest


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    wheelhouse, rest = take_wheelhouse(argv[1:])
    if command in ("help", "-h", "--help") or command not in COMMANDS:
        print(__doc__)
        return 0 if command in ("help", "-h", "--help") else 2
    ensure_env(wheelhouse)
    return COMMANDS[command](rest)


def test(args: list[str]) -> int:
    paths = ("src", "tests", "benchmarks", "tools", "dev.py")
    lint = run("-m", "ruff", "check", *paths) or run("-m", "ruff", "format", "--check", *paths)
    if lint != 0:
        print("ruff found problems (see above)", file=sys.stderr)
        return lint
    types = run("-m", "mypy")  # files and settings: [tool.mypy] in pyproject.toml
    if types != 0:
        print("mypy found problems (see above)", file=sys.stderr)
        return types
    browser = ensure_browser()
    code = run("-m", "pytest", "-q", *args)
    if code == 5:  # pytest: no tests collected; CI must not pass on that
        print("no tests were collected", file=sys.stderr)
        return 1
    if browser is not None:
        print(f"The HTML report's browser test was NOT run: {browser}", file=sys.stderr)
    return code


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""What tests/test_html_browser.py prints the HTML report with (the first found)."""
BROWSER_PACKAGES = ("chromium", "fonts-tlwg-loma-otf")
"""Debian's headless-capable browser and a Thai font for it (the distribution's Chromium
brings none, and without one Thai prints as empty boxes that the test cannot read)."""


def _has_thai_font() -> bool:
    try:
        listed = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True,
                                text=True, timeout=30)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(listed.stdout.strip())


def ensure_browser() -> str | None:
    """Install Chromium and a Thai font from the distribution when either is missing and
    this is a root machine with apt (CI); quietly, with a time limit. Returns why the
    browser test cannot run, or None when it can."""
    import shutil

    def missing() -> str | None:
        if not any(shutil.which(b) for b in BROWSERS):
            return "no Chromium or Chrome on this machine (apt-get install chromium)"
        if not _has_thai_font():
            return "no Thai font for the browser (apt-get install fonts-tlwg-loma-otf)"
        return None

    why = missing()
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if why is None or not root or shutil.which("apt-get") is None:
        return why
    print("Installing Chromium and a Thai font for the HTML report's test …", flush=True)
    # Three minutes at most in all: CI has fifteen for everything, and without the browser
    # only this one test is not run (and said so).
    deadline = time.monotonic() + 180
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *BROWSER_PACKAGES]

    def step(command: list[str]) -> int:
        return subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=max(deadline - time.monotonic(), 1),
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        ).returncode

    try:
        if step(install) != 0:
            step(["apt-get", "update", "-q"])
            step(install)
    except (OSError, subprocess.TimeoutExpired):
        pass
    return missing()


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "demo": lambda args: run("-m", "sammachip_tui", "--demo", *args),
    "run": lambda args: run("-m", "sammachip_tui", *args),
    "test": test,
    "bench": lambda args: run(str(ROOT / "benchmarks" / "run.py"), *args),
    "i18n": lambda args: run(str(ROOT / "tools" / "i18n.py"), *args),
    "lock": lambda args: run(str(ROOT / "tools" / "lockfile.py"), "lock", *args),
    # From where it was started, so that a relative DIR means what the officer typed.
    "wheelhouse": lambda args: run(
        str(ROOT / "tools" / "lockfile.py"), "wheelhouse", *args, cwd=Path.cwd()
    ),
}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
