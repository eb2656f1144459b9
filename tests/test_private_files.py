"""Everything in a data directory is this user's alone: files 0600, directories 0700.

The village shards hold full national IDs, phones and incomes, as the journal does; they were
0644 in a 0755 folder. Older data directories are tightened when opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store import fsutil
from sammachip_tui.store.settings import SettingsOwner
from sammachip_tui.store.workspace import Workspace

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows has no POSIX modes")


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def modes(data_dir: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(data_dir.stat().st_mode)}
    for path in data_dir.rglob("*"):
        found[str(path.relative_to(data_dir))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def not_private(data_dir: Path) -> dict[str, str]:
    """What others could read: each such path with its mode."""
    return {
        name: oct(mode)
        for name, mode in modes(data_dir).items()
        if mode & 0o077 or ((data_dir / name).is_dir() and mode != 0o700)
    }


def a_used_data_directory(
    data_dir: Path, central: Path, sample_csv: Path, tmp_path: Path, capsys
) -> None:
    """Every kind of file the program writes there: journal, shards, checkpoint, settings,
    sync.json, the devices registry and a bundle held from a device not yet accepted."""
    assert run(data_dir, "households", "import", str(sample_csv)) == 0
    bundle = tmp_path / "bundle.smb"
    assert run(data_dir, "sync", "send", "--to", "central", "--out", str(bundle)) == 0
    assert run(central, "sync", "receive", str(bundle)) == 0
    SettingsOwner(data_dir).update(group_min=6)
    capsys.readouterr()


@pytest.fixture
def central(tmp_path: Path, capsys) -> Path:
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    d = tmp_path / "central"
    assert run(d, "init", "--device-name", "office", "--role", "central", "--district", "5212",
               "--passphrase-file", str(passphrase)) == 0  # fmt: skip
    return d


def test_everything_written_is_private(
    data_dir: Path, central: Path, sample_csv: Path, tmp_path: Path, capsys
) -> None:
    old = os.umask(0o022)  # the usual umask: what made shards 0644
    try:
        a_used_data_directory(data_dir, central, sample_csv, tmp_path, capsys)
    finally:
        os.umask(old)
    written = set(modes(data_dir)) | {f"central/{name}" for name in modes(central)}
    assert {"villages/52120505.json", "checkpoint.json", "journal.jsonl", "settings.json",
            "sync.json", "central/devices.json", "central/pending"} <= written  # fmt: skip
    assert any(p.parent.name == "pending" for p in central.rglob("*.bundle"))
    assert not_private(data_dir) == {}
    assert not_private(central) == {}


def test_an_older_data_directory_is_tightened_at_open(
    data_dir: Path, central: Path, sample_csv: Path, tmp_path: Path, capsys
) -> None:
    a_used_data_directory(data_dir, central, sample_csv, tmp_path, capsys)
    for d in (data_dir, central):
        for path in [d, *d.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)  # as older versions left them
        assert not_private(d) != {}
        assert run(d, "villages", "list") == 0
        assert not_private(d) == {}


def test_a_file_made_private_stays_readable_and_writable(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"old")
    os.chmod(path, 0o644)
    fsutil.atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_symlink_in_the_data_directory_is_not_followed(workspace: Workspace,
                                                          tmp_path: Path) -> None:  # fmt: skip
    """A link to a file outside (placed by someone else) must not get that file's mode
    changed."""
    outside = tmp_path / "outside.txt"
    outside.write_text("shared")
    os.chmod(outside, 0o644)
    data_dir = workspace.data_dir
    workspace.close()
    (data_dir / "link").symlink_to(outside)
    Workspace.open(data_dir).close()
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_folder_that_is_not_a_data_directory_keeps_its_modes(tmp_path: Path) -> None:
    """--data-dir given by mistake (a home folder, a web site): said, and nothing in it is
    changed, however private sammachip keeps its own files."""
    from sammachip_tui.cli import main

    site = tmp_path / "site"
    (site / "bin").mkdir(parents=True)
    tool = site / "bin" / "tool"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    page = site / "index.html"
    page.write_text("<p>hi</p>")
    page.chmod(0o644)
    (site / "bin").chmod(0o755)
    site.chmod(0o1777)  # a shared folder such as /tmp
    assert main(["--lang", "en", "--data-dir", str(site), "villages", "list"]) == 2
    assert stat.S_IMODE(site.stat().st_mode) == 0o1777
    assert not (site / ".lock").exists() and not (site / ".lock.pid").exists()
    typo = tmp_path / "typo" / "deep"
    assert main(["--lang", "en", "--data-dir", str(typo), "villages", "list"]) == 2
    assert not (tmp_path / "typo").exists()  # a mistyped path is not created
    assert stat.S_IMODE(tool.stat().st_mode) == 0o755
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
    assert stat.S_IMODE((site / "bin").stat().st_mode) == 0o755
