"""Encryption at rest (issue 11, item 15): a device found on a bus gives away nothing of the
households; the PIN opens it, on the command line and in the app."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.cli import main
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.unlock import UnlockScreen
from sammachip_tui.store import at_rest
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.encrypt import change_pin, encrypt
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.repair import repair
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until

VILLAGE = "52120505"
PIN = "246810"


@pytest.fixture(autouse=True)
def _forget_keys() -> Iterator[None]:
    """Each test starts locked, as a new process would."""
    yield
    at_rest._unlocked.clear()


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(at_rest, "SCRYPT_N", 2**12)


def _secrets_of(sample_csv: Path) -> list[bytes]:
    """Names and national IDs of the sample file, as they would sit in a clear file."""
    with sample_csv.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    names = ("ชื่อ", "first_name", "เลขประจำตัวประชาชน", "national_id", "นามสกุล", "last_name")
    wanted = [i for i, h in enumerate(header) if h in names]
    found = {row[i].strip() for row in rows[1:] for i in wanted if len(row) > i}
    return [s.encode() for s in found if len(s) >= 4]


def _clear_secrets(data_dir: Path, secrets: list[bytes]) -> list[str]:
    leaks = []
    for path in data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaks += [f"{path.name}: {s.decode()}" for s in secrets if s in data]
    return leaks


def _encrypted_device(tmp_path: Path, sample_csv: Path) -> Path:
    data_dir = tmp_path / "ws"
    encrypt(data_dir, PIN)  # keys first, as `init --pin-file` does
    ws = Workspace.init(data_dir, name="a", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip
    import_households(ws, sample_csv)
    ws.close()
    at_rest.forget(data_dir)
    return data_dir


def test_nothing_of_the_households_is_in_clear(tmp_path: Path, sample_csv: Path) -> None:
    secrets = _secrets_of(sample_csv)
    assert len(secrets) > 100  # the check can fail: it looks for real names and IDs
    data_dir = _encrypted_device(tmp_path, sample_csv)
    assert _clear_secrets(data_dir, secrets) == []
    assert b"district_key" not in (data_dir / "device.json").read_bytes()
    with pytest.raises(at_rest.LockedError):
        Workspace.open(data_dir)
    at_rest.unlock(data_dir, PIN)
    with Workspace.open(data_dir) as ws:
        assert len(ws.records(VILLAGE, "household")) == 200


def test_the_cli_asks_for_the_pin_and_refuses_a_wrong_one(
    tmp_path: Path, sample_csv: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    data_dir = _encrypted_device(tmp_path, sample_csv)
    args = ["--lang", "en", "--data-dir", str(data_dir)]
    assert main([*args, "households", "list", "--village", VILLAGE]) == 2
    assert "encrypted" in capsys.readouterr().err
    wrong = tmp_path / "wrong"
    wrong.write_text("135790\n")
    assert main([*args, "--pin-file", str(wrong), "villages", "list"]) == 2
    assert "does not open" in capsys.readouterr().err
    monkeypatch.setenv("SAMMACHIP_PIN", PIN)
    assert main([*args, "villages", "list"]) == 0
    assert VILLAGE in capsys.readouterr().out


def test_encrypting_a_device_in_use_seals_everything_and_can_be_finished(
    tmp_path: Path, sample_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = _secrets_of(sample_csv)
    data_dir = tmp_path / "ws"
    ws = Workspace.init(data_dir, name="a", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip
    import_households(ws, sample_csv)
    ws.close()
    assert _clear_secrets(data_dir, secrets)  # in clear before
    # Killed after the village files: the journal still in clear. Running it again finishes.
    from sammachip_tui.store import encrypt as encrypt_module

    real = encrypt_module._sealed_journal
    monkeypatch.setattr(encrypt_module, "_sealed_journal", _killed)
    with pytest.raises(KeyboardInterrupt):
        encrypt(data_dir, PIN)
    monkeypatch.setattr(encrypt_module, "_sealed_journal", real)
    at_rest.forget(data_dir)
    at_rest.unlock(data_dir, PIN)
    with Workspace.open(data_dir) as ws:  # half done still opens
        assert len(ws.records(VILLAGE, "household")) == 200
    encrypt(data_dir, PIN)
    assert _clear_secrets(data_dir, secrets) == []
    at_rest.forget(data_dir)
    at_rest.unlock(data_dir, PIN)
    with Workspace.open(data_dir) as ws:
        assert len(ws.records(VILLAGE, "household")) == 200


def _killed(*_args: object) -> tuple[bytes, int]:
    raise KeyboardInterrupt


def test_a_new_pin_opens_and_the_old_one_no_longer_does(tmp_path: Path, sample_csv: Path):
    data_dir = _encrypted_device(tmp_path, sample_csv)
    change_pin(data_dir, PIN, "new passphrase")
    at_rest.forget(data_dir)
    with pytest.raises(at_rest.WrongPinError):
        at_rest.unlock(data_dir, PIN)
    at_rest.unlock(data_dir, "new passphrase")
    with Workspace.open(data_dir) as ws:
        assert len(ws.records(VILLAGE, "household")) == 200


def test_repair_works_on_sealed_files(tmp_path: Path, sample_csv: Path) -> None:
    data_dir = _encrypted_device(tmp_path, sample_csv)
    at_rest.unlock(data_dir, PIN)
    journal = data_dir / "journal.jsonl"
    data = bytearray(journal.read_bytes())
    data[len(data) // 2] ^= 0x04
    journal.write_bytes(bytes(data))
    report = repair(data_dir)
    assert report.households == 200 and report.set_aside == 1
    assert _clear_secrets(data_dir, _secrets_of(sample_csv)) == []


def test_a_village_file_swapped_for_another_is_rebuilt(tmp_path: Path, sample_csv: Path):
    data_dir = _encrypted_device(tmp_path, sample_csv)
    at_rest.unlock(data_dir, PIN)
    shard = data_dir / "villages" / f"{VILLAGE}.json"
    other = shard.with_name("52120506.json")
    other.write_bytes(shard.read_bytes())  # sealed as 52120505: not a file of 52120506
    with Workspace.open(data_dir) as ws:
        assert ws.report.rebuilt_shards == ["52120506"]
        assert ws.records("52120506", "household") == []


async def test_the_app_asks_for_the_pin(tmp_path: Path, sample_csv: Path) -> None:
    data_dir = _encrypted_device(tmp_path, sample_csv)
    lock = DirectoryLock(data_dir)
    lock.acquire()
    app = SammachipApp(data_dir=data_dir, workspace=None, lock=lock)
    async with app.run_test(size=(40, 12)) as pilot:

        def asked() -> bool:
            pins = app.screen.query("#pin")
            return isinstance(app.screen, UnlockScreen) and bool(pins) and app.focused is pins[0]

        await until(pilot, asked, "the PIN question")
        await type_text(pilot, "999999")
        await pilot.press("enter")
        problem = app.screen.query_one("#problem", Static)
        await until(pilot, lambda: "not open" in str(problem.render())
                    or "ไม่ได้" in str(problem.render()), "the wrong-PIN message")  # fmt: skip
        assert app.workspace is None
        await until(pilot, lambda: app.focused is app.screen.query_one("#pin"), "the field again")
        await type_text(pilot, PIN)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded,
                    "the villages")  # fmt: skip
        assert app.screen.query_one("#villages", DataTable).row_count == 1
    app.close_workspace()


async def test_setting_up_with_a_pin_encrypts_from_the_first_byte(tmp_path: Path) -> None:
    from textual.widgets import Input, Select

    from sammachip_tui.screens.setup import SetupScreen

    data_dir = tmp_path / "new"
    data_dir.mkdir()
    lock = DirectoryLock(data_dir)
    lock.acquire()
    app = SammachipApp(data_dir=data_dir, workspace=None, lock=lock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SetupScreen)
                    and bool(app.screen.query("#pin")), "the set-up screen")  # fmt: skip
        screen = app.screen
        for field, text in (("#name", "โน้ตบุ๊ก"), ("#passphrase", "รหัสผ่านอำเภอ"),
                            ("#confirm", "รหัสผ่านอำเภอ"), ("#pin", "2468")):  # fmt: skip
            screen.query_one(field, Input).focus()
            await until(pilot, lambda f=field: app.focused is screen.query_one(f), f"focus {field}")
            await type_text(pilot, text)
        screen.query_one("#province", Select).value = "52"
        await pilot.pause()
        screen.query_one("#district", Select).value = "5212"
        await pilot.press("ctrl+s")
        error = screen.query_one("#error", Static)
        await until(pilot, lambda: "6" in str(error.render()), "the short-PIN message")
        screen.query_one("#pin", Input).focus()
        await until(pilot, lambda: app.focused is screen.query_one("#pin"), "focus on the PIN")
        await type_text(pilot, "13")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home, set up")
    app.close_workspace()
    assert at_rest.is_encrypted(data_dir)
    assert (data_dir / "device.json").read_bytes().startswith(at_rest.MAGIC)
    at_rest.forget(data_dir)
    with pytest.raises(at_rest.LockedError):
        Workspace.open(data_dir)
    at_rest.unlock(data_dir, "246813")
    with Workspace.open(data_dir) as ws:
        assert ws.device.name == "โน้ตบุ๊ก"


def test_an_interrupted_encrypt_is_finished_from_the_command_line(
    tmp_path: Path, sample_csv: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from sammachip_tui.store import encrypt as encrypt_module

    data_dir = tmp_path / "ws"
    ws = Workspace.init(data_dir, name="a", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip
    import_households(ws, sample_csv)
    ws.close()
    monkeypatch.setattr(encrypt_module, "_sealed_journal", _killed)
    with pytest.raises(KeyboardInterrupt):
        encrypt(data_dir, PIN)
    monkeypatch.undo()
    at_rest.forget(data_dir)
    pin = tmp_path / "pin.txt"
    pin.write_text(PIN + "\n")
    assert main(["--lang", "en", "--data-dir", str(data_dir), "--pin-file", str(pin),
                 "encrypt"]) == 0  # fmt: skip
    assert _clear_secrets(data_dir, _secrets_of(sample_csv)) == []
    assert main(["--lang", "en", "--data-dir", str(data_dir), "--pin-file", str(pin),
                 "villages", "list"]) == 0  # fmt: skip
    assert VILLAGE in capsys.readouterr().out


def test_a_pin_file_from_notepad_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A byte-order mark and a CR (Windows Notepad) are not part of the PIN."""
    passphrase = tmp_path / "pass.txt"
    passphrase.write_bytes("\ufeffรหัสผ่านอำเภอ\r\n".encode())
    pin = tmp_path / "pin.txt"
    pin.write_bytes(b"\xef\xbb\xbf246813\r\n")
    data_dir = tmp_path / "ws"
    assert main(["--data-dir", str(data_dir), "--pin-file", str(pin), "init", "--device-name",
                 "a", "--role", "field", "--district", "5212", "--passphrase-file",
                 str(passphrase)]) == 0  # fmt: skip
    at_rest.forget(data_dir)
    monkeypatch.setenv("SAMMACHIP_PIN", "246813")
    assert main(["--data-dir", str(data_dir), "villages", "list"]) == 0
    with pytest.raises(at_rest.WrongPinError):
        at_rest.unlock(data_dir, "\ufeff246813")


@pytest.mark.parametrize(
    "change", [{"n": 1025}, {"n": 2**22}, {"r": 64}, {"p": 8}, {"nonce": "0011"}, {"salt": ""}]
)
def test_a_damaged_keys_file_is_a_message(
    tmp_path: Path, sample_csv: Path, capsys: pytest.CaptureFixture[str], change: dict
) -> None:
    import orjson

    data_dir = _encrypted_device(tmp_path, sample_csv)
    keys = data_dir / at_rest.KEYS_FILE
    keys.write_bytes(orjson.dumps({**orjson.loads(keys.read_bytes()), **change}))
    pin = tmp_path / "pin.txt"
    pin.write_text(PIN)
    assert main(["--lang", "en", "--data-dir", str(data_dir), "--pin-file", str(pin),
                 "villages", "list"]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "keys.json" in err and "Traceback" not in err


def test_a_binary_passphrase_file_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    passphrase = tmp_path / "pass.bin"
    passphrase.write_bytes(b"\xff\xfe\x00garbage\x80")
    assert main(["--lang", "en", "--data-dir", str(tmp_path / "ws"), "init", "--device-name",
                 "a", "--role", "field", "--district", "5212", "--passphrase-file",
                 str(passphrase)]) == 2  # fmt: skip
    assert "not a text file" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX")
def test_a_pin_file_that_never_ends_is_refused(
    tmp_path: Path, sample_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _encrypted_device(tmp_path, sample_csv)
    for endless in ("/dev/zero", "/dev/urandom"):
        assert main(["--lang", "en", "--data-dir", str(data_dir), "--pin-file", endless,
                     "villages", "list"]) == 2  # fmt: skip
        assert "PIN file" in capsys.readouterr().err


def test_a_pin_in_thai_digits_is_the_same_pin(tmp_path: Path, sample_csv: Path) -> None:
    data_dir = _encrypted_device(tmp_path, sample_csv)  # PIN 246810
    at_rest.unlock(data_dir, "๒๔๖๘๑๐")
    with Workspace.open(data_dir) as ws:
        assert len(ws.records(VILLAGE, "household")) == 200
