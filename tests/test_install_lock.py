"""requirements.lock pins every package dev.py installs, and the tools around it read it right.

(tests/test_lock.py is about the data directory's lock file; this one is about installs.)
All hermetic: nothing here reaches a package index.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


lockfile = _load("lockfile_tool", ROOT / "tools" / "lockfile.py")
dev = _load("dev_script", ROOT / "dev.py")


def _pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _declared() -> list[Requirement]:
    """Runtime, test-extra and build-system requirements: all that dev.py installs."""
    data = _pyproject()
    names = [
        *data["project"]["dependencies"],
        *data["project"]["optional-dependencies"]["test"],
        *data["build-system"]["requires"],
    ]
    return [Requirement(r) for r in names]


def test_lock_parses_and_every_entry_is_pinned_with_hashes() -> None:
    pins = lockfile.read_lock()
    assert len(pins) > 30
    for pin in pins:
        assert pin.hashes, pin.name
        assert all(h.startswith("sha256:") and len(h) == 7 + 64 for h in pin.hashes)
    assert dev.locked_names() == {p.name for p in pins}  # dev.py's quick reading agrees


def test_every_declared_requirement_is_pinned_at_a_version_it_accepts() -> None:
    locked = lockfile.versions(lockfile.read_lock())
    wrong = []
    for requirement in _declared():
        found = locked.get(canonicalize_name(requirement.name), set())
        if not found or not all(requirement.specifier.contains(v) for v in found):
            wrong.append(f"{requirement} (lock: {sorted(found) or 'absent'})")
    assert not wrong, "run python3 dev.py lock: " + "; ".join(wrong)


def test_a_requirement_the_lock_misses_is_caught() -> None:
    """The check above can fail: a range the pin falls outside of, and a missing package."""
    locked = lockfile.versions(lockfile.read_lock())
    assert not SpecifierSet("<2").contains(next(iter(locked["textual"])))
    assert "no-such-package" not in locked


def test_the_lock_covers_windows_and_the_build() -> None:
    pins = {p.name: p for p in lockfile.read_lock()}
    assert str(pins["colorama"].requirement.marker) == 'sys_platform == "win32"'
    assert {"setuptools", "wheel", "uv"} <= pins.keys()


def test_lock_python_is_the_oldest_the_project_allows() -> None:
    requires = SpecifierSet(_pyproject()["project"]["requires-python"])
    oldest = next(f"3.{minor}" for minor in range(40) if requires.contains(f"3.{minor}"))
    assert oldest == lockfile.LOCK_PYTHON
    assert all(requires.contains(v) for v in lockfile.DEFAULT_PYTHONS)


def test_the_lock_names_no_options_and_says_how_it_is_made() -> None:
    text = LOCK.read_text("utf-8")
    assert "python3 dev.py lock" in text.splitlines()[1]
    assert not [line for line in text.splitlines() if line.startswith("-")]


def test_installed_environment_is_consistent() -> None:
    """pip check: what the lock installed satisfies every package's own requirements."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "check", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("textual>=8.2 --hash=sha256:" + "0" * 64 + "\n", "not pinned"),
        ("textual==8.2.8\n", "no sha256"),
        ("textual==8.2.* --hash=sha256:" + "0" * 64 + "\n", "not pinned"),
        ("--index-url https://example.invalid/simple\n", "options"),
        ("textual==8.2.8 \\\n", "past the end"),
    ],
)
def test_parse_lock_refuses_what_pip_would_read_loosely(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        lockfile.parse_lock(text)


def test_parse_lock_reads_continuations_markers_and_comments() -> None:
    text = (
        "# header\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n"
        "    --hash=sha256:" + "a" * 64 + " \\\n"
        "    --hash=sha256:" + "b" * 64 + "\n"
        "    # via pytest\n"
        "Typing_Extensions==4.16.0 --hash=sha256:" + "c" * 64 + "\n"
    )
    colorama, typing = lockfile.parse_lock(text)
    assert (colorama.name, colorama.version, len(colorama.hashes)) == ("colorama", "0.4.6", 2)
    assert typing.name == "typing-extensions"
    assert colorama.unconditional_line().startswith("colorama==0.4.6 --hash=sha256:aaa")


def test_pins_for_a_target_follow_the_markers() -> None:
    pins = lockfile.read_lock()
    targets = lockfile.targets("2.31")
    assert tuple(targets) == lockfile.PLATFORMS
    linux = {p.name for p in lockfile.pins_for(pins, targets["linux_aarch64"], "3.11")}
    windows = {p.name for p in lockfile.pins_for(pins, targets["win_amd64"], "3.13")}
    assert "colorama" not in linux
    assert "colorama" in windows
    assert windows == {p.name for p in pins}  # nothing in the lock is Linux-only


def test_manylinux_tags_reach_back_to_the_oldest_policy() -> None:
    tags = lockfile.manylinux_tags("aarch64", "2.28")
    assert tags[0] == "manylinux1_aarch64"
    assert "manylinux2014_aarch64" in tags
    assert tags[-1] == "manylinux_2_28_aarch64"
    assert "manylinux_2_29_aarch64" not in tags
    with pytest.raises(ValueError):
        lockfile.manylinux_tags("x86_64", "2.5")


def test_changes_name_each_moved_package() -> None:
    hashed = " --hash=sha256:" + "0" * 64 + "\n"
    old = lockfile.parse_lock("babel==2.18.0" + hashed + "tinydb==4.9.0" + hashed)
    new = lockfile.parse_lock("babel==2.19.0" + hashed + "rich==15.0.0" + hashed)
    assert lockfile.changes(old, new) == [
        "  babel: 2.18.0 -> 2.19.0",
        "  rich: (new) -> 15.0.0",
        "  tinydb: 4.9.0 -> (removed)",
    ]
    assert lockfile.changes(old, old) == []


def test_dev_takes_the_wheelhouse_from_arguments_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAMMACHIP_WHEELHOUSE", raising=False)
    assert dev.take_wheelhouse(["-k", "lock"]) == (None, ["-k", "lock"])
    assert dev.take_wheelhouse(["--wheelhouse", str(tmp_path), "-x"]) == (tmp_path, ["-x"])
    assert dev.take_wheelhouse([f"--wheelhouse={tmp_path}"]) == (tmp_path, [])
    monkeypatch.setenv("SAMMACHIP_WHEELHOUSE", str(tmp_path))
    assert dev.take_wheelhouse(["-x"]) == (tmp_path, ["-x"])
    with pytest.raises(SystemExit):
        dev.take_wheelhouse(["--wheelhouse", str(tmp_path / "absent")])


def test_the_venv_stamp_follows_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text("a==1\n")
    monkeypatch.setattr(dev, "LOCK", lock)
    before = dev._stamp()
    lock.write_text("a==2\n")
    assert dev._stamp() != before


def test_a_failed_download_names_every_pin_without_a_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pip stops at the first missing wheel; the wheelhouse report names them all."""
    pins = lockfile.read_lock()
    no_wheel = {"pillow", "zxing-cpp"}

    def pip_download(chosen: list, target: object, python: str, into: Path, quiet: bool) -> int:
        return 1 if {p.name for p in chosen} & no_wheel else 0

    monkeypatch.setattr(lockfile, "_pip_download", pip_download)
    target = lockfile.targets("2.17")["linux_aarch64"]
    missing = lockfile.download(pins, target, "3.11", tmp_path)
    assert [m.partition("==")[0] for m in missing] == sorted(no_wheel)
    assert lockfile.download([p for p in pins if p.name == "rich"], target, "3.11", tmp_path) == []
