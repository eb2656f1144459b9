"""Refresh requirements.lock on purpose, and build a wheelhouse for installing offline.

    python3 dev.py lock                        # re-resolve after pyproject.toml changed
    python3 dev.py lock --upgrade              # take the newest releases the ranges allow
    python3 dev.py lock --upgrade-package X    # … of one package only
    python3 dev.py wheelhouse DIR              # every wheel the lock names, for every target

requirements.lock is the only place versions come from: dev.py installs it with
``--require-hashes --no-deps``, so no upstream release changes what a machine or CI runs.
It is universal (one file for Linux x86-64, Linux aarch64 and Windows; environment markers
say which pins apply where) and is written only by ``lock`` here, with the ``uv`` that the
lock itself pins. Without ``--upgrade`` uv keeps every pin the ranges still allow.

A wheelhouse is a flat folder of the wheels (never sdists: a Pi or a laptop has no compiler
to be relied on) for every target platform and Python version, each checked against the
lock's hashes, plus a copy of the lock; ``dev.py demo --wheelhouse DIR`` installs from it
with no network. pip evaluates environment markers for the machine it runs on, not for
``--platform``, so the pins are filtered here for each target before pip downloads them.

This runs inside .venv (dev.py starts it there), so ``packaging`` and ``uv`` are at hand.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
# The oldest Python pyproject.toml allows: markers then cover every newer one (universal).
LOCK_PYTHON = "3.11"
# What a wheelhouse holds unless told otherwise: the Pythons proven to install and run
# (3.11 is Raspberry Pi OS bookworm's and Debian 12's, 3.12 Ubuntu 24.04's, 3.13 python.org's).
DEFAULT_PYTHONS = ("3.11", "3.12", "3.13")
# glibc 2.31 = Debian 11, Ubuntu 20.04, Raspberry Pi OS bullseye; newer systems run these too.
DEFAULT_GLIBC = "2.31"
PLATFORMS = ("linux_x86_64", "linux_aarch64", "win_amd64")


@dataclass(frozen=True)
class Pin:
    """One ``name==version ; marker`` entry of the lock with its hashes."""

    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def name(self) -> NormalizedName:
        return canonicalize_name(self.requirement.name)

    @property
    def version(self) -> str:
        (spec,) = self.requirement.specifier  # the lock pins each package exactly once
        return spec.version

    def unconditional_line(self) -> str:
        """``name==version --hash=…``: the marker is dropped, as pip would judge it by the
        machine it runs on rather than by the target it downloads for."""
        hashes = " ".join(f"--hash={h}" for h in self.hashes)
        return f"{self.name}=={self.version} {hashes}"


def parse_lock(text: str) -> list[Pin]:
    """The pins of a requirements file written by ``uv pip compile --generate-hashes``.

    Raises ValueError on anything else (an option line, a pin without ``==`` or hashes), so
    a hand edit that pip would read differently than intended is caught by the tests.
    """
    pins: list[Pin] = []
    logical = ""
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line.endswith("\\"):
            logical += line[:-1] + " "
            continue
        logical += line
        if logical.strip():
            pins.append(_parse_entry(logical))
        logical = ""
    if logical.strip():
        raise ValueError(f"line continues past the end of the file: {logical!r}")
    return pins


def _parse_entry(entry: str) -> Pin:
    words = entry.split()
    hashes = tuple(w.removeprefix("--hash=") for w in words if w.startswith("--hash="))
    rest = " ".join(w for w in words if not w.startswith("--hash="))
    if rest.startswith("-"):
        raise ValueError(f"options have no place in the lock: {rest!r}")
    requirement = Requirement(rest)
    specs = list(requirement.specifier)
    if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
        raise ValueError(f"not pinned with ==: {rest!r}")
    if not hashes or not all(h.startswith("sha256:") for h in hashes):
        raise ValueError(f"no sha256 hashes for {rest!r}")
    return Pin(requirement, hashes)


def read_lock(path: Path = LOCK) -> list[Pin]:
    return parse_lock(path.read_text("utf-8"))


# --- refreshing the lock ---------------------------------------------------------------------


def build_requirements(pyproject: Path = PYPROJECT) -> list[str]:
    """[build-system].requires: locked too, so the project installs with no build isolation."""
    with pyproject.open("rb") as f:
        return list(tomllib.load(f)["build-system"]["requires"])


def versions(pins: Iterable[Pin]) -> dict[str, set[str]]:
    """name → its pinned versions (a universal lock may pin two, under different markers)."""
    found: dict[str, set[str]] = {}
    for pin in pins:
        found.setdefault(pin.name, set()).add(pin.version)
    return found


def changes(old: list[Pin], new: list[Pin]) -> list[str]:
    """One line per package added, removed or moved to another version."""
    before, after = versions(old), versions(new)
    lines = []
    for name in sorted(before.keys() | after.keys()):
        was, now = ", ".join(sorted(before.get(name, ()))), ", ".join(sorted(after.get(name, ())))
        if was != now:
            lines.append(f"  {name}: {was or '(new)'} -> {now or '(removed)'}")
    return lines


def refresh(uv_args: list[str]) -> int:
    """Re-resolve the lock with the pinned uv; keep existing pins unless told to upgrade."""
    old_text = LOCK.read_text("utf-8") if LOCK.exists() else ""
    command = [
        sys.executable,
        "-m",
        "uv",
        "pip",
        "compile",
        "--quiet",
        "--universal",
        "--python-version",
        LOCK_PYTHON,
        "--generate-hashes",
        "--no-emit-index-url",
        "--custom-compile-command",
        "python3 dev.py lock",
        "--extra",
        "test",
        "--output-file",
        LOCK.name,
        "pyproject.toml",
        "-",  # the build requirements, read from stdin
        *uv_args,
    ]
    stdin = "\n".join(build_requirements()) + "\n"
    done = subprocess.run(command, cwd=ROOT, input=stdin, text=True)
    if done.returncode != 0:
        return done.returncode
    lines = changes(parse_lock(old_text), read_lock())
    print("\n".join(["requirements.lock changed:", *lines]) if lines else "no version changed")
    return 0


# --- the wheelhouse --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A platform officers install on, as pip's --platform tags and as marker values."""

    name: str
    tags: tuple[str, ...]
    markers: dict[str, str] = field(hash=False)


def manylinux_tags(arch: str, glibc: str) -> tuple[str, ...]:
    """Every manylinux tag a system with this glibc runs, oldest first.

    pip does not widen ``--platform manylinux_2_31_x86_64`` to the older tags that such a
    system also accepts, so all are named. Oldest first so that, where a release has several
    wheels, the one that runs on the most systems is taken.
    """
    major, minor = (int(p) for p in glibc.split("."))
    if major != 2 or minor < 17:
        raise ValueError(f"glibc {glibc}: expected 2.17 or newer")
    legacy = (f"manylinux1_{arch}", f"manylinux2010_{arch}", f"manylinux2014_{arch}")
    return (*legacy, *(f"manylinux_2_{m}_{arch}" for m in range(17, minor + 1)))


def targets(glibc: str) -> dict[str, Target]:
    linux = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
    windows = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"}
    return {
        "linux_x86_64": Target(
            "linux_x86_64",
            manylinux_tags("x86_64", glibc),
            {**linux, "platform_machine": "x86_64"},
        ),
        "linux_aarch64": Target(
            "linux_aarch64",
            manylinux_tags("aarch64", glibc),
            {**linux, "platform_machine": "aarch64"},
        ),
        "win_amd64": Target("win_amd64", ("win_amd64",), {**windows, "platform_machine": "AMD64"}),
    }


def pins_for(pins: Iterable[Pin], target: Target, python: str) -> list[Pin]:
    """The pins pip would install on that target and Python (their markers hold there).

    Tried with the first and a late patch release, so a marker on python_full_version never
    leaves a wheel out (one too many costs a few kB; one missing breaks the install).
    """
    chosen = []
    for pin in pins:
        marker: Marker | None = pin.requirement.marker
        if marker is None or any(
            marker.evaluate(
                {
                    **target.markers,
                    "python_version": python,
                    "python_full_version": f"{python}.{patch}",
                    "implementation_name": "cpython",
                    "platform_python_implementation": "CPython",
                }
            )
            for patch in (0, 99)
        ):
            chosen.append(pin)
    return chosen


def download(pins: list[Pin], target: Target, python: str, into: Path) -> list[str]:
    """Download the pins' wheels for one target, hashes checked; the pins that have none.

    pip stops at the first pin it cannot satisfy, so after a failure each pin is tried
    alone, to name every package that needs another version (or has no wheel there).
    """
    if _pip_download(pins, target, python, into, quiet=False) == 0:
        return []
    return [
        f"{pin.name}=={pin.version}"
        for pin in pins
        if _pip_download([pin], target, python, into, quiet=True) != 0
    ]


def _pip_download(pins: list[Pin], target: Target, python: str, into: Path, quiet: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        requirements.write_text("".join(pin.unconditional_line() + "\n" for pin in pins), "utf-8")
        platforms = [arg for tag in target.tags for arg in ("--platform", tag)]
        command = [
            *(sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-q"),
            *("--no-deps", "--require-hashes", "--only-binary=:all:"),
            *("--implementation", "cp", "--python-version", python, *platforms),
            *("--dest", str(into), "--requirement", str(requirements)),
        ]
        output = subprocess.DEVNULL if quiet else None
        return subprocess.run(command, stdout=output, stderr=output).returncode


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def wheelhouse(into: Path, names: list[str], pythons: list[str], glibc: str) -> int:
    """Fill ``into`` with every wheel the lock names for the targets; report what failed."""
    pins = read_lock()
    known = targets(glibc)
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"unknown platform {unknown}; choose from {sorted(known)}", file=sys.stderr)
        return 2
    into.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in names:
        for python in pythons:
            print(f"{name}, Python {python} …", flush=True)
            missing = download(pins_for(pins, known[name], python), known[name], python, into)
            if missing:
                failed.append(f"{name}, Python {python}: {' '.join(missing)}")
    shutil.copy2(LOCK, into / LOCK.name)
    wheels = sum(1 for p in into.iterdir() if p.suffix == ".whl")
    print(f"{into}: {wheels} wheels, {folder_size(into) / 1e6:.0f} MB")
    if failed:
        print("No wheel of these pins for:", *failed, sep="\n  ", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["lock"]:
        return refresh(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python3 dev.py wheelhouse",
        description="Download every wheel requirements.lock names, hashes checked, into DIR "
        "(flat, with a copy of the lock) for: python3 dev.py demo --wheelhouse DIR",
    )
    parser.add_argument("dir", type=Path, help="folder to fill (created; a USB stick will do)")
    parser.add_argument(
        "--platform",
        nargs="+",
        default=list(PLATFORMS),
        help=f"targets among {' '.join(PLATFORMS)} (default: all)",
    )
    parser.add_argument(
        "--python",
        nargs="+",
        default=list(DEFAULT_PYTHONS),
        help=f"Python versions (default: {' '.join(DEFAULT_PYTHONS)})",
    )
    parser.add_argument(
        "--glibc",
        default=DEFAULT_GLIBC,
        help=f"oldest Linux C library to support (default {DEFAULT_GLIBC})",
    )
    args = parser.parse_args(argv[1:] if argv[:1] == ["wheelhouse"] else argv)
    return wheelhouse(args.dir.resolve(), args.platform, args.python, args.glibc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
