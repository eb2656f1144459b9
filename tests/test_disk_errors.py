"""A full disk, a read-only card, a data directory that is a file: a message and exit 2, never a
traceback; no temporary file left behind; commands that only read work on a full disk.

CI runs as root, where chmod does not stop a write, so the disk's answers are injected: the
write calls raise the OSError (ENOSPC, EROFS, EACCES) a real card gives.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store import fsutil

VILLAGE = "52120505"
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def leftovers(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*") if p.name.endswith(".tmp")]


class Disk:
    """The disk as the program sees it, through os.open and os.write."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
        self.root = str(root)
        self.full = False  # new data does not fit (ENOSPC on write)
        self.full_for_new_files = False  # only the journal's appends still fit
        self.refuse_open: int | None = None  # errno for opening anything in root to write
        self._new_files: set[int] = set()
        self._open = os.open
        self._write = os.write
        monkeypatch.setattr(os, "open", self.open)
        monkeypatch.setattr(os, "write", self.write)

    def open(self, path: object, flags: int, mode: int = 0o777, *a: object, **k: object) -> int:
        inside = str(path).startswith(self.root)
        if inside and self.refuse_open is not None and flags & _WRITE_FLAGS:
            raise OSError(self.refuse_open, os.strerror(self.refuse_open), str(path))
        fd = self._open(path, flags, mode, *a, **k)  # type: ignore[arg-type]
        if inside and str(path).endswith(".tmp"):
            self._new_files.add(fd)
        else:
            self._new_files.discard(fd)
        return fd

    def write(self, fd: int, data: bytes) -> int:
        if self.full or (self.full_for_new_files and fd in self._new_files):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._write(fd, data)


@pytest.fixture
def disk(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Iterator[Disk]:
    assert run(data_dir, "villages", "add", "521205", "5", "--name", "บ้านทดสอบ") == 0
    capsys.readouterr()
    yield Disk(monkeypatch, data_dir)


def names(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(data_dir, "households", "list", "--village", VILLAGE) == 0
    return capsys.readouterr().out


def test_added_on_a_full_disk_is_saved_and_said(
    data_dir: Path, disk: Disk, capsys: pytest.CaptureFixture[str]
) -> None:
    """The journal has the edit ("Added" is true); the village file could not be written:
    a warning that says it will be rebuilt, not a traceback, and no .tmp left behind."""
    disk.full_for_new_files = True
    assert run(data_dir, "households", "add", "--village", VILLAGE, "first_name=สมใจ") == 0
    out, err = capsys.readouterr()
    assert "Added household" in out
    assert "Saved in the journal" in err and "the disk is full" in err
    assert "rebuilt from the journal at the next start" in err
    assert leftovers(data_dir) == []
    # Still full: a command that only reads works, and sees the household.
    assert "สมใจ" in names(data_dir, capsys)
    assert leftovers(data_dir) == []
    # Space again: the village file is rebuilt, and holds it.
    disk.full_for_new_files = False
    assert "สมใจ" in names(data_dir, capsys)
    assert "สมใจ" in (data_dir / "villages" / f"{VILLAGE}.json").read_text("utf-8")
    assert capsys.readouterr().err == ""


def test_a_journal_that_cannot_grow_saves_nothing_and_says_so(
    data_dir: Path, disk: Disk, capsys: pytest.CaptureFixture[str]
) -> None:
    disk.full = True
    assert run(data_dir, "households", "add", "--village", VILLAGE, "first_name=สมใจ") == 2
    out, err = capsys.readouterr()
    assert "Added" not in out
    assert "Stopped by a disk error" in err and "the disk is full" in err
    disk.full = False
    assert "สมใจ" not in names(data_dir, capsys)


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EROFS, "the disk is read-only"),
     (errno.EACCES, "this user may not write in the data directory")],
)  # fmt: skip
def test_a_read_only_data_directory_is_a_message(
    data_dir: Path, disk: Disk, capsys: pytest.CaptureFixture[str], code: int, words: str
) -> None:
    disk.refuse_open = code
    for command in (["villages", "list"],
                    ["households", "add", "--village", VILLAGE, "first_name=สมใจ"]):  # fmt: skip
        assert run(data_dir, *command) == 2
        err = capsys.readouterr().err
        assert "Cannot open the data directory" in err and words in err
        assert "Nothing was changed" in err and "Traceback" not in err
    disk.refuse_open = None
    assert "สมใจ" not in names(data_dir, capsys)


def test_a_lock_file_that_cannot_be_written_is_a_message(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = os.open

    def refuse_lock(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse_lock)
    assert run(data_dir, "villages", "list") == 2
    assert "the disk is read-only" in capsys.readouterr().err


def test_a_full_disk_at_open_does_not_stop_a_read(
    data_dir: Path, disk: Disk, capsys: pytest.CaptureFixture[str]
) -> None:
    """The checkpoint is gone, so opening replays the journal and would write every village
    file: on a full disk the list is still shown."""
    assert run(data_dir, "households", "add", "--village", VILLAGE, "first_name=สมใจ") == 0
    (data_dir / "checkpoint.json").unlink()
    (data_dir / "villages" / f"{VILLAGE}.json").unlink()
    capsys.readouterr()
    disk.full = True
    assert run(data_dir, "households", "list", "--village", VILLAGE) == 0
    out, err = capsys.readouterr()
    assert "สมใจ" in out and "the disk is full" in err
    assert leftovers(data_dir) == []


@pytest.mark.parametrize("command", [["villages", "list"], []])
def test_data_dir_that_is_a_file_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    a_file = tmp_path / "passwd"
    a_file.write_text("root:x:0:0\n")
    assert run(a_file, *command) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err
    assert a_file.read_text() == "root:x:0:0\n"


def test_init_into_a_file_is_not_already_set_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "passwd"
    a_file.write_text("x")
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    assert run(a_file, "init", "--device-name", "a", "--role", "field", "--district", "5212",
               "--passphrase-file", str(passphrase)) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "already set up" not in err


def test_a_data_dir_that_cannot_be_created_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    assert run(a_file / "ws", "init", "--device-name", "a", "--role", "field", "--district",
               "5212", "--passphrase-file", str(passphrase)) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "a file stands where a folder should be" in err and "Traceback" not in err
    # A command that only reads does not try to create it: not set up, said as such.
    assert run(a_file / "ws", "villages", "list") == 2
    assert "no device set up" in capsys.readouterr().err


FAILURES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "write": lambda mp: mp.setattr(os, "write", _raise(errno.ENOSPC)),
    "fsync": lambda mp: mp.setattr(os, "fsync", _raise(errno.EIO)),
    "replace": lambda mp: mp.setattr(os, "replace", _raise(errno.EROFS)),
}


def _raise(code: int) -> Callable[..., int]:
    def fail(*args: object) -> int:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize("step", FAILURES)
def test_a_failed_atomic_write_leaves_the_old_file_and_no_tmp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = tmp_path / "shard.json"
    path.write_bytes(b"old")
    FAILURES[step](monkeypatch)
    with pytest.raises(OSError):
        fsutil.atomic_write(path, b"new" * 1000)
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shard.json"]
