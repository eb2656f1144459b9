"""A damaged device.json, device.key, sync.json, devices registry or settings.json: a message
naming the file and what to do, exit 2, nothing changed; never a traceback."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.store.settings import SettingsOwner

VILLAGE = "52120505"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def snapshot(data_dir: Path) -> dict[str, bytes]:
    """Every file of the data directory but the lock's, to show that nothing changed."""
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and not p.name.startswith(".lock")
    }


def with_household(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data_dir, "villages", "add", "521205", "5", "--name", "บ้านทดสอบ") == 0
    assert run(data_dir, "households", "add", "--village", VILLAGE, "first_name=สมใจ") == 0
    capsys.readouterr()


DEVICE_DAMAGE = {
    "not JSON": lambda d: b"{not json",
    "a list": lambda d: b"[]",
    "a missing field": lambda d: orjson.dumps({k: v for k, v in d.items() if k != "role"}),
    "a wrong type": lambda d: orjson.dumps(d | {"district_key": 5}),
    "an unknown role": lambda d: orjson.dumps(d | {"role": "boss"}),
    "a short public key": lambda d: orjson.dumps(d | {"public_key": "abcd"}),
}


@pytest.mark.parametrize("damage", DEVICE_DAMAGE)
def test_a_damaged_device_json_is_a_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    with_household(data_dir, capsys)
    device = orjson.loads((data_dir / "device.json").read_bytes())
    (data_dir / "device.json").write_bytes(DEVICE_DAMAGE[damage](device))
    before = snapshot(data_dir)
    assert run(data_dir, "households", "list", "--village", VILLAGE) == 2
    err = capsys.readouterr().err
    assert "device.json cannot be used" in err and "Nothing was changed" in err
    assert "Traceback" not in err
    assert snapshot(data_dir) == before


def test_init_over_a_damaged_device_json_refuses_and_keeps_the_key(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "device.json").write_bytes(b"{")
    key = (data_dir / "device.key").read_bytes()
    passphrase = tmp_path / "pass.txt"
    assert run(data_dir, "init", "--device-name", "again", "--role", "field", "--district",
               "5212", "--passphrase-file", str(passphrase)) == 2  # fmt: skip
    assert "device.json cannot be used" in capsys.readouterr().err
    assert (data_dir / "device.key").read_bytes() == key


@pytest.mark.parametrize("damage", ["missing", "garbage", "another key"])
def test_a_missing_or_damaged_device_key_is_found_at_open(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    key = data_dir / "device.key"
    if damage == "missing":
        key.unlink()
    elif damage == "garbage":
        key.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n")
    else:  # a key that parses, from another device
        other = tmp_path / "other"
        assert run(other, "init", "--device-name", "b", "--role", "field", "--district", "5212",
                   "--passphrase-file", str(tmp_path / "pass.txt")) == 0  # fmt: skip
        key.write_bytes((other / "device.key").read_bytes())
    capsys.readouterr()
    assert run(data_dir, "villages", "list") == 2
    err = capsys.readouterr().err
    assert "device.key cannot be used" in err and "Traceback" not in err


def test_a_missing_device_json_beside_data_is_not_a_new_device(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Set up again there, the data would get a new identity and key: refused instead."""
    with_household(data_dir, capsys)
    (data_dir / "device.json").unlink()
    assert run(data_dir, "villages", "list") == 2
    err = capsys.readouterr().err
    assert "device.json cannot be used: it is missing, yet this folder holds data" in err


SYNC_DAMAGE = [
    b"{",
    b"[1, 2]",
    b'{"acked": 3}',
    b'{"acked": {"central": {"X": "7"}}}',
    b'{"sent": {"zz": {"peer": "central", "seqs": {}}}}',
    b'{"received": [1]}',
]


@pytest.mark.parametrize("content", SYNC_DAMAGE)
def test_a_damaged_sync_json_is_a_message(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    with_household(data_dir, capsys)
    (data_dir / "sync.json").write_bytes(content)
    before = snapshot(data_dir)
    bundle = tmp_path / "bundle.smb"
    assert run(data_dir, "sync", "send", "--to", "central", "--out", str(bundle)) == 2
    err = capsys.readouterr().err
    assert "sync.json cannot be used" in err and "move it aside" in err
    assert not bundle.exists()
    assert snapshot(data_dir) == before
    assert run(data_dir, "sync", "ack", "12345678") == 2
    assert "sync.json cannot be used" in capsys.readouterr().err


def test_a_sync_json_without_some_parts_still_reads(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_household(data_dir, capsys)
    (data_dir / "sync.json").write_bytes(b'{"acked": {}}')
    assert run(data_dir, "sync", "send", "--to", "central", "--out", str(tmp_path / "b")) == 0


@pytest.mark.parametrize(
    "content",
    [b"{", b'{"a": 1}', b"[5]", b'[{"device_id": "ABCDEFGH"}]',
     b'[{"device_id": "ABCDEFGH", "name": "x", "role": "field", "public_key": "00",'
     b' "status": "accepted", "first_seen": ""}]',
     b'[{"device_id": "ABCDEFGH", "name": "x", "role": "field", "public_key": "' + b"0" * 64
     + b'", "status": "trusted", "first_seen": ""}]'],
)  # fmt: skip
def test_a_damaged_devices_registry_is_a_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    (data_dir / "devices.json").write_bytes(content)
    before = snapshot(data_dir)
    assert run(data_dir, "devices", "list") == 2
    err = capsys.readouterr().err
    assert "devices.json cannot be used" in err and "accept each device again" in err
    assert snapshot(data_dir) == before


def test_a_damaged_settings_json_means_defaults_and_is_said(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "settings.json").write_bytes(b'{"language": "en", "group_min": "five"}')
    assert run(data_dir, "villages", "list") == 0
    err = capsys.readouterr().err
    assert "settings.json cannot be used (wrong values for group_min)" in err
    assert "default settings" in err
    owner = SettingsOwner(data_dir)
    assert owner.current.language == "en" and owner.current.group_min == 5
    assert owner.problem is not None

    (data_dir / "settings.json").write_bytes(b"\x00\xff")
    assert run(data_dir, "villages", "list") == 0
    assert "it is not valid JSON" in capsys.readouterr().err


def test_good_settings_say_nothing(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    SettingsOwner(data_dir).update(group_min=7)
    assert run(data_dir, "villages", "list") == 0
    assert capsys.readouterr().err == ""
    assert SettingsOwner(data_dir).problem is None


async def test_the_app_shows_a_damaged_device_json_on_its_home_screen(
    data_dir: Path,
) -> None:
    from textual.widgets import Static

    from sammachip_tui.app import SammachipApp
    from sammachip_tui.store.lock import DirectoryLock

    (data_dir / "device.json").write_bytes(b'{"device_id": 5}')
    (data_dir / "settings.json").write_bytes(b'{"language": "en", "theme": 3}')
    lock = DirectoryLock(data_dir)
    lock.acquire()
    app = SammachipApp(data_dir=data_dir, workspace=None, lock=lock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(app.screen.query_one("#device", Static).render())
        assert "device.json cannot be used" in shown and "Traceback" not in shown
        notes = [str(n.message) for n in app._notifications]
        assert any("default settings" in n and "theme" in n for n in notes)
    app.close_workspace()
    assert app.workspace is None


async def test_the_app_words_a_read_only_data_directory(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from textual.widgets import Static

    from sammachip_tui.app import SammachipApp
    from sammachip_tui.store.lock import DirectoryLock
    from sammachip_tui.store.register import village_change
    from sammachip_tui.store.workspace import Workspace

    with Workspace.open(data_dir) as ws:  # a journal to open (a fresh device has none yet)
        ws.commit([village_change("52120505")])
    (data_dir / "settings.json").write_bytes(b'{"language": "en"}')
    lock = DirectoryLock(data_dir)
    lock.acquire()
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("journal.jsonl"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    app = SammachipApp(data_dir=data_dir, workspace=None, lock=lock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "the disk is read-only" in app.open_problem  # type: ignore[operator]
        shown = str(app.screen.query_one("#device", Static).render())
        assert "Errno" not in shown
    app.close_workspace()
