"""Every file of a data directory, damaged four ways (a flipped byte, cut in half, deleted,
replaced by a folder): never a traceback; a clear message (exit 2) or the store working; and
``sammachip repair`` brings back everything the other files still hold (issue 11, "Proof")."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.register import village_change
from sammachip_tui.store.settings import Settings, save_settings
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb

VILLAGE = "52120505"
HOUSEHOLDS = 20

# What the data directory's files are for: data the journal and the village files both hold
# (repair brings back what either still has), the device's identity (a backup restores it),
# sync bookkeeping, and preferences.
DATA = ("journal.jsonl", "checkpoint.json", f"villages/{VILLAGE}.json")
IDENTITY = ("device.json", "device.key")
BOOKKEEPING = ("sync.json", "devices.json")
PREFERENCES = ("settings.json",)


def _device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A field device with every file: households, a bundle sent to and acknowledged by
    central, central's bundle received (so it knows a device), settings saved."""
    root = tmp_path_factory.mktemp("pristine")
    field, central = _device(root, "field"), _device(root, "central", "central")
    field.commit([village_change(VILLAGE)])
    for i in range(HOUSEHOLDS):
        field.commit([Change("household", VILLAGE,
                             {"village_code": VILLAGE, "first_name": f"คนที่{i:02}"})])  # fmt: skip
    out = sb.build_bundle(field, sb.CENTRAL)
    assert out is not None
    sb.receive_message(central, out.message)
    accepted = sb.accept_device(central, field.device.device_id)
    sb.acknowledge(field, accepted.results[0].ack)
    central.commit([Change("household", VILLAGE, {"skills": "จักสาน"},
                           field.records(VILLAGE, "household")[0]["id"])])  # fmt: skip
    back = sb.build_bundle(central, field.device.device_id)
    assert back is not None
    sb.receive_message(field, back.message)  # central is pending here: devices.json, pending/
    save_settings(field.data_dir, Settings(language="en"))
    field.close()
    central.close()
    for name in (*DATA, *IDENTITY, *BOOKKEEPING, *PREFERENCES):
        assert (field.data_dir / name).is_file(), name
    return field.data_dir


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # a different letter or digit, or no longer a hex digit
    path.write_bytes(bytes(data))


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _delete(path: Path) -> None:
    path.unlink()


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "flip": _flip, "cut": _cut, "delete": _delete, "folder": _folder,
}  # fmt: skip


def _run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--lang", "en", "--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 2), (code, err)
    if code:
        assert err.strip(), "a refusal says why"
    return code, out


def _households(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, int]:
    code, out = _run(data_dir, capsys, "households", "list", "--village", VILLAGE, "--json")
    return code, out.count('"first_name"')


def _tree(data_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and p.name not in (".lock", ".lock.pid")
    }


ALL = (*DATA, *IDENTITY, *BOOKKEEPING, *PREFERENCES)


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("name", ALL)
def test_every_file_damaged_every_way(
    pristine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, damage: str
) -> None:
    data_dir = tmp_path / "ws"
    shutil.copytree(pristine, data_dir)
    DAMAGE[damage](data_dir / name)
    before = _tree(data_dir)
    code, count = _households(data_dir, capsys)
    if name in DATA:
        if code:
            assert _tree(data_dir) == before  # refused: nothing changed
            assert _run(data_dir, capsys, "repair")[0] == 0
            code, count = _households(data_dir, capsys)
        assert (code, count) == (0, HOUSEHOLDS)  # every household, from one file or the other
        # and it syncs on: a bundle for a new peer can be made
        assert _run(data_dir, capsys, "sync", "send", "--to", sb.CENTRAL, "--with-key",
                    "--out", str(tmp_path / "b.smb"))[0] == 0  # fmt: skip
    elif name in IDENTITY:
        assert code == 2 and _tree(data_dir) == before  # restore it from a backup
        assert _run(data_dir, capsys, "repair")[0] == 2  # repair cannot invent an identity
        assert _tree(data_dir) == before
    elif name in BOOKKEEPING:
        assert (code, count) == (0, HOUSEHOLDS)  # the register does not need it
        command = ("sync", "send", "--to", sb.CENTRAL, "--out", str(tmp_path / "b.smb"))
        if name == "devices.json":
            command = ("devices", "list")
        sync_code = _run(data_dir, capsys, *command)[0]
        assert sync_code == 0 or damage != "delete"  # a missing one is a fresh start
    else:
        assert (code, count) == (0, HOUSEHOLDS)  # defaults stand in, with a warning
