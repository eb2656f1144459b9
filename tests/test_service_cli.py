"""``sammachip devices serve|show`` and ``sync send --villages``: a device's villages set at the
central store, refused in words when wrong, and a new device filled by a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store.device import load_device
from sammachip_tui.store.workspace import Workspace

from .test_fill_device import households

V1, V2 = "52120501", "52120502"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


@pytest.fixture(scope="module")
def passphrase(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pass") / "pass.txt"
    path.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    return path


@pytest.fixture
def central(tmp_path: Path, passphrase: Path, capsys) -> Path:
    d = tmp_path / "central"
    assert run(d, "init", "--device-name", "office", "--role", "central", "--district", "5212",
               "--passphrase-file", str(passphrase)) == 0  # fmt: skip
    ws = Workspace.open(d, flush_delay=60)
    for village, n in ((V1, 2), (V2, 3)):
        households(ws, village, n)
    ws.close()
    capsys.readouterr()
    return d


def records(data_dir: Path, village: str) -> int:
    ws = Workspace.open(data_dir, flush_delay=60)
    try:
        return len(ws.records(village, "household"))
    finally:
        ws.close()


def test_unknown_villages_and_devices_are_refused_in_words(central: Path, capsys) -> None:
    assert run(central, "devices", "serve", "K7Q2M9XA", "--new", "--villages", "52129999") == 2
    err = capsys.readouterr().err
    assert "No village 52129999" in err and V1 in err and "Nothing was changed" in err
    assert run(central, "devices", "serve", "K7Q2M9XA", "--villages", V1) == 2
    assert "No device K7Q2M9XA is known here" in capsys.readouterr().err
    assert run(central, "devices", "serve", "not-an-id", "--new", "--villages", V1) == 2
    assert "not a device id" in capsys.readouterr().err
    assert run(central, "devices", "serve", "K7Q2M9XA", "--new") == 2
    assert "Say which villages" in capsys.readouterr().err
    assert run(central, "devices", "show", "--json") == 0
    assert capsys.readouterr().out.count('"villages"') == 1  # itself only: nothing was set
    assert run(central, "devices", "serve", "K7Q2M9XA", "--new", "--villages", f"{V1},{V2}") == 0
    assert run(central, "devices", "serve", "K7Q2M9XA", "--remove", V2) == 0
    assert f"serves: {V1} " in capsys.readouterr().out.splitlines()[-2]
    assert run(central, "devices", "show", "K7Q2M9XA") == 0
    out = capsys.readouterr().out
    assert "a device not met yet (K7Q2M9XA) serves: 52120501" in out and V2 not in out


def test_a_new_device_is_filled_by_a_file_and_shows_what_it_serves(
    central: Path, data_dir: Path, tmp_path: Path, capsys
) -> None:
    field_id = load_device(data_dir).device_id  # as its devices screen shows it
    office_id = load_device(central).device_id
    bundle = tmp_path / "fill.smb"
    assert run(central, "sync", "send", "--to", field_id, "--villages", V1, "--out",
               str(bundle)) == 0  # fmt: skip
    assert "households 2" in capsys.readouterr().out  # V1's, not V2's 3
    assert run(data_dir, "sync", "receive", str(bundle)) == 0
    out = capsys.readouterr().out
    assert "Held: office" in out and "central store" in out
    assert records(data_dir, V1) == 0  # not before the officer compares the fingerprint
    assert run(data_dir, "devices", "accept", office_id) == 0
    out = capsys.readouterr().out
    assert f"Merged from office ({office_id}, central store)" in out
    assert f"  {V1} Moo 1: households 2" in out
    assert "  district-wide records: devices' villages 1" in out
    assert records(data_dir, V1) == 2 and records(data_dir, V2) == 0
    assert run(data_dir, "devices", "show") == 0
    assert f"serves: {V1} Moo 1" in capsys.readouterr().out


def test_villages_are_set_at_the_central_store_only(data_dir: Path, capsys) -> None:
    assert run(data_dir, "devices", "serve", "K7Q2M9XA", "--new", "--villages", V1) == 2
    assert "central store" in capsys.readouterr().err
    assert run(data_dir, "devices", "show", "--json") == 0
    assert '"villages":null' in capsys.readouterr().out  # nothing was recorded


@pytest.mark.parametrize("where", ["missing/fill.smb", "a-folder", "file-as-png-folder"])
def test_a_bundle_that_cannot_be_written_gives_no_device_its_villages(
    central: Path, tmp_path: Path, capsys, where: str
) -> None:
    """The villages are a record that syncs to the whole district: `sync send --villages` to
    an output that cannot be written says so and leaves the device without them."""
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "file-as-png-folder").write_bytes(b"x")
    option = "--png" if where == "file-as-png-folder" else "--out"
    code = run(central, "sync", "send", "--to", "NEWDEV04", "--villages", V1, option,
               str(tmp_path / where))  # fmt: skip
    assert code == 2
    assert "Cannot write" in capsys.readouterr().err
    assert run(central, "devices", "show", "--json") == 0
    assert "NEWDEV04" not in capsys.readouterr().out


def test_serving_every_village_says_so(central: Path, data_dir: Path, capsys) -> None:
    field_id = load_device(data_dir).device_id
    assert run(central, "devices", "serve", field_id, "--new", "--villages", V1) == 0
    assert "these villages" in capsys.readouterr().out
    assert run(central, "devices", "serve", field_id, "--all") == 0
    out = capsys.readouterr().out
    assert "every village of the district" in out and "these villages" not in out
