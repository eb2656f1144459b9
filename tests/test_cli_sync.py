"""QR sync from the command line: send as a file, frame texts or PNGs; receive; enrol; ack."""

from __future__ import annotations

from pathlib import Path

import pytest

from sammachip_tui.cli import main


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


@pytest.fixture
def central(tmp_path: Path, capsys) -> Path:
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    d = tmp_path / "central"
    assert run(d, "init", "--device-name", "office", "--role", "central", "--district", "5212",
               "--passphrase-file", str(passphrase)) == 0  # fmt: skip
    capsys.readouterr()
    return d


@pytest.mark.parametrize("how", ["--out", "--frames", "--png"])
def test_send_receive_accept_ack(
    data_dir: Path, central: Path, sample_csv: Path, tmp_path: Path, how: str, capsys
) -> None:
    assert run(data_dir, "households", "import", str(sample_csv)) == 0
    target = tmp_path / ("bundle.smb" if how == "--out" else "frames.txt" if how == "--frames"
                         else "png")  # fmt: skip
    assert run(data_dir, "sync", "send", "--to", "central", "--size", "120x40", how,
               str(target)) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "201 operations" in out
    files = [target]  # for --png, the folder of images
    assert run(central, "sync", "receive", *map(str, files)) == 0
    out = capsys.readouterr().out
    assert "Held" in out and "is a new device" in out
    assert run(central, "devices", "list", "--json") == 0
    assert '"status":"pending"' in capsys.readouterr().out
    assert run(data_dir, "devices", "list") == 0
    fingerprint = capsys.readouterr().out.split("fingerprint ")[1].splitlines()[0]
    assert run(central, "devices", "accept", fingerprint) == 0
    out = capsys.readouterr().out
    assert "new villages 1, households 200" in out
    code = out.split("Acknowledgement code for the sender: ")[1][:8]
    assert run(data_dir, "sync", "ack", code) == 0
    assert run(data_dir, "sync", "send", "--to", "central", "--out", str(tmp_path / "x")) == 0
    assert "Nothing to send" in capsys.readouterr().out


def test_incomplete_and_bad_frames_are_reported(
    data_dir: Path, central: Path, sample_csv: Path, tmp_path: Path, capsys
) -> None:
    run(data_dir, "households", "import", str(sample_csv))
    frames = tmp_path / "frames.txt"
    run(data_dir, "sync", "send", "--to", "central", "--size", "80x24", "--frames", str(frames))
    lines = frames.read_text().splitlines()
    frames.write_text("\n".join([*lines[:3], "66019999", "hello", *lines[5:]]) + "\n")
    capsys.readouterr()
    before = (central / "journal.jsonl").read_bytes()
    assert run(central, "sync", "receive", str(frames)) == 1
    err = capsys.readouterr().err
    assert "frames.txt:4: The frame" in err and "frames.txt:5: Not a sammachip frame" in err
    assert "Incomplete bundle" in err and "missing 4, 5" in err
    assert (central / "journal.jsonl").read_bytes() == before


def test_unknown_peer_and_bad_size(data_dir: Path, tmp_path: Path, capsys) -> None:
    assert run(data_dir, "sync", "send", "--to", "nobody", "--out", str(tmp_path / "b")) == 2
    assert "No device nobody" in capsys.readouterr().err
    assert run(data_dir, "sync", "send", "--to", "central", "--size", "8x2", "--out",
               str(tmp_path / "b")) == 2  # fmt: skip
    assert "--size" in capsys.readouterr().err


def test_send_as_a_printable_pdf(data_dir: Path, sample_csv: Path, tmp_path: Path, capsys) -> None:
    run(data_dir, "households", "import", str(sample_csv))
    capsys.readouterr()
    pdf = tmp_path / "sheet.pdf"
    assert run(data_dir, "sync", "send", "--to", "central", "--size", "120x40", "--pdf",
               str(pdf)) == 0  # fmt: skip
    assert "A4" in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")
