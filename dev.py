#!/usr/bin/env python3
"""Set up a virtual environment and run the app, the tests or the benchmarks.

This is the whole quick start: it needs only Python 3.11+ and git, so that a fresh
clone works on an officer's laptop, a Raspberry Pi or a CI machine alike:

    python3 dev.py demo        # set up, then open the app on a throw-away demo workspace
    python3 dev.py test        # set up, then run ruff and the whole test suite

Other commands: ``run ARGS`` (the ``sammachip`` command), ``bench`` (benchmarks/),
``i18n`` (refresh the gettext catalogs after changing user-visible strings).

The environment lives in ``.venv`` and is reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(extras.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_env(extras: str = "") -> None:
    """Create .venv and install the project (editable) unless it is already current."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may run under an older python3
        sys.exit("sammachip-tui needs Python 3.11 or newer / ต้องใช้ Python 3.11 ขึ้นไป")
    stamp_file = VENV / ".sammachip-stamp"
    wanted = _stamp(extras)
    if stamp_file.exists() and stamp_file.read_text() in (wanted, _stamp("test")):
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
    target = f".[{extras}]" if extras else "."
    print(f"Installing sammachip-tui {target} into .venv …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", target], cwd=ROOT, check=True)
    # Precompile so the first start on a Pi does not pay ~4x for cold imports.
    subprocess.run(
        [str(PYTHON), "-m", "compileall", "-q", str(ROOT / "src")], cwd=ROOT, check=False
    )
    stamp_file.write_text(wanted)


def run(*args: str) -> int:
    return subprocess.run([str(PYTHON), *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command == "demo":
        ensure_env()
        return run("-m", "sammachip_tui", "--demo", *rest)
    if command == "run":
        ensure_env()
        return run("-m", "sammachip_tui", *rest)
    if command == "test":
        ensure_env("test")
        paths = ("src", "tests", "benchmarks", "tools", "dev.py")
        lint = run("-m", "ruff", "check", *paths) or run("-m", "ruff", "format", "--check", *paths)
        if lint != 0:
            print("ruff found problems (see above)", file=sys.stderr)
            return lint
        code = run("-m", "pytest", "-q", *rest)
        if code == 5:  # pytest: no tests collected; CI must not pass on that
            print("no tests were collected", file=sys.stderr)
            return 1
        return code
    if command == "bench":
        ensure_env("test")
        return run(str(ROOT / "benchmarks" / "run.py"), *rest)
    if command == "i18n":
        ensure_env("test")
        return run(str(ROOT / "tools" / "i18n.py"), *rest)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
