"""``sync receive`` of what an officer really has at hand: the printed sheet as PDF, a folder
of PNGs with other files beside them. One line per file that holds no frame, and the exit
code says whether the bundle was taken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .test_cli_sync import (
    central,  # noqa: F401 (a fixture)
    run,
)


@pytest.fixture
def sheet(data_dir: Path, sample_csv: Path, tmp_path: Path, capsys) -> Path:
    assert run(data_dir, "households", "import", str(sample_csv)) == 0
    pdf = tmp_path / "sheet.pdf"
    assert run(data_dir, "sync", "send", "--to", "central", "--size", "120x40", "--pdf",
               str(pdf)) == 0  # fmt: skip
    capsys.readouterr()
    return pdf


def test_the_apps_own_pdf_sheet_is_read_back(central: Path, sheet: Path, capsys) -> None:  # noqa: F811
    assert run(central, "sync", "receive", str(sheet)) == 0
    out, err = capsys.readouterr()
    assert "Held" in out and "is a new device" in out
    assert err == ""


def test_a_folder_of_pngs_and_other_files_takes_the_bundle_and_says_each_file_once(
    data_dir: Path,
    central: Path,  # noqa: F811
    sheet: Path,
    tmp_path: Path,
    capsys,
) -> None:
    folder = tmp_path / "from-the-stick"
    assert run(data_dir, "sync", "send", "--to", "central", "--size", "120x40", "--png",
               str(folder)) == 0  # fmt: skip
    shutil.copy(sheet, folder / "sheet.pdf")  # the same frames again: taken once
    (folder / "notes.txt").write_text("".join(f"line {n}\n" for n in range(5000)))
    (folder / "photo.bin").write_bytes(bytes(range(256)) * 400)
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    capsys.readouterr()
    assert run(central, "sync", "receive", str(folder)) == 0
    out, err = capsys.readouterr()
    assert "Held" in out and "is a new device" in out
    lines = err.splitlines()
    assert len(lines) == 3, err
    assert any("notes.txt" in line and "no sammachip frame" in line for line in lines)
    assert any("photo.bin" in line for line in lines)
    assert any("broken.png" in line and "Cannot read" in line for line in lines)


def test_nothing_but_other_files_exits_1_with_a_line_each(
    central: Path,  # noqa: F811
    tmp_path: Path,
    capsys,
) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "a.txt").write_text("hello\nworld\n")
    (folder / "b.txt").write_text("6601123\n")
    assert run(central, "sync", "receive", str(folder)) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(str(folder / "b.txt") + ":1: ")
