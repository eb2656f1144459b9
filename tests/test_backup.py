"""`sammachip backup DIR` / `sammachip restore`: a replaced device comes back with nothing lost
(issue 11, item 16); a tampered, cut-short or half-written backup, or a wrong passphrase, is
refused and changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store import forum
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import backup as sbk
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceRegistry, Status

VILLAGE = "52120505"
PASSPHRASE = "ห้างฉัตร-2569"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path, name=name, role=role, district="5212", passphrase=PASSPHRASE,
                          flush_delay=60)  # fmt: skip


def records(ws: Workspace) -> dict[str, object]:
    """Every record, without the per-device bookkeeping of which stamps were seen."""
    out = {}
    for village in ws.villages():
        for kind in ("village", "household", "forum", "item", "attendance"):
            for r in ws.records(village, kind, include_deleted=True):
                out[f"{kind}/{r['id']}"] = {k: v for k, v in r.items() if k != "_seen"}
    return out


@pytest.fixture
def field(tmp_path: Path, sample_csv: Path) -> Iterator[dict[str, object]]:
    """A field device with 200 households and a forum, known to central; its first bundle
    was acknowledged, a second (one more household and a forum item) was sent and not."""
    a, central = device(tmp_path / "a", "fieldA"), device(tmp_path / "central", "office", "central")
    import_households(a, sample_csv)
    [made] = a.commit([forum.new_forum(VILLAGE, {"place": "ศาลาวัด"})])
    first = sb.build_bundle(a, sb.CENTRAL)
    assert first is not None
    sb.receive_message(central, first.message)
    got = sb.accept_device(central, a.device.device_id).results[0]
    sb.acknowledge(a, got.ack)
    late = a.commit([
        Change("household", VILLAGE, {"first_name": "บุญมา", "house_no": "99"}),
        forum.add_item(a, VILLAGE, made.record, forum.ForumList.wisdom, "ทอผ้าไหมลายโบราณ"),
    ])  # fmt: skip
    unacked = sb.build_bundle(a, sb.CENTRAL)
    assert unacked is not None and unacked.ops == 2
    scene: dict[str, object] = {
        "records": records(a),
        "device": a.device,
        "late": late,
        "unacked": unacked,
        "top_seq": max(op.seq for op in a.journal_entries() if op.origin == a.device.device_id),
        "a": tmp_path / "a",
        "central": tmp_path / "central",
        "usb": tmp_path / "usb",
        "passphrase": tmp_path / "pass.txt",
    }
    (tmp_path / "pass.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    a.close()
    central.close()
    yield scene


def backup(scene: dict[str, object], capsys) -> Path:
    assert run(scene["a"], "backup", str(scene["usb"])) == 0  # type: ignore[arg-type]
    out = capsys.readouterr().out
    assert "204 operations, 201 households" in out and "bytes" in out, out
    [made] = list(Path(scene["usb"]).iterdir())  # type: ignore[arg-type]
    assert str(made) in out
    return made


def restore(scene: dict[str, object], target: Path, *extra: str) -> int:
    return run(target, "restore", str(scene["usb"]), "--passphrase-file",
               str(scene["passphrase"]), *extra)  # fmt: skip


def test_a_restored_device_has_everything_and_carries_on(field, tmp_path: Path, capsys) -> None:
    backup(field, capsys)
    new = tmp_path / "replacement"
    assert restore(field, new) == 0
    out, err = capsys.readouterr()
    assert "Restored fieldA" in out and "201 households" in out
    assert "2 operations not yet acknowledged by central" in out
    assert "Do not use the old device again" in err
    central = Workspace.open(field["central"])  # type: ignore[arg-type]
    with Workspace.open(new) as ws:
        assert ws.device == field["device"]  # the same identity: id, keys, district
        assert records(ws) == field["records"]  # every record
        assert ws.villages() == [VILLAGE]
        # The unacknowledged operations are offered again, and only those.
        again = sb.build_bundle(ws, sb.CENTRAL)
        assert again is not None
        assert again.ops == 2 and again.by_kind == {"household": 1, "item": 1}
        # Central, which accepted the old device, accepts the restored one's bundle.
        got = sb.receive_message(central, again.message)
        assert got.status is Status.accepted and got.new == {"household": 1, "item": 1}
        assert sb.acknowledge(ws, got.ack) == sb.CENTRAL
        assert sb.build_bundle(ws, sb.CENTRAL) is None
        # The next edit continues above every sequence number the old device handed out.
        [op] = ws.commit([Change("household", VILLAGE, {"first_name": "ใหม่", "house_no": "7"})])
        assert op.seq == field["top_seq"] + 1  # type: ignore[operator]
        assert op.record not in {o.record for o in field["late"]}  # type: ignore[attr-defined]
        after = sb.build_bundle(ws, sb.CENTRAL)
        assert after is not None and after.ops == 1
        assert sb.receive_message(central, after.message).new == {"household": 1}
    central.close()


def test_an_acknowledgement_for_a_bundle_sent_before_the_backup_still_counts(
    field, tmp_path: Path, capsys
) -> None:
    backup(field, capsys)
    central = Workspace.open(field["central"])  # type: ignore[arg-type]
    got = sb.receive_message(central, field["unacked"].message)  # type: ignore[attr-defined]
    central.close()
    assert restore(field, tmp_path / "new") == 0
    assert run(tmp_path / "new", "sync", "ack", got.ack) == 0
    with Workspace.open(tmp_path / "new") as ws:
        assert sb.build_bundle(ws, sb.CENTRAL) is None


def test_restore_refuses_a_directory_already_set_up_unless_told(
    field, tmp_path: Path, capsys
) -> None:
    backup(field, capsys)
    target = tmp_path / "fresh-setup"
    with device(target, "spare") as spare:  # set up before the officer thought of restoring
        spare.commit([Change("household", VILLAGE, {"first_name": "ก่อนกู้คืน", "house_no": "1"})])
    before = sorted(p.name for p in target.iterdir())
    assert restore(field, target) == 2
    assert "already holds a device" in capsys.readouterr().err
    assert sorted(p.name for p in target.iterdir()) == before
    assert restore(field, target, "--replace") == 0
    out = capsys.readouterr().out
    assert "1 of its operations were merged" in out
    [aside] = [p for p in tmp_path.iterdir() if p.name.startswith("fresh-setup.before-restore")]
    assert (aside / "device.json").exists()  # kept
    with Workspace.open(target) as ws:
        assert ws.device == field["device"]
        names = {r["first_name"] for r in ws.records(VILLAGE, "household")}
        assert {"ก่อนกู้คืน", "บุญมา"} <= names


def test_a_wrong_passphrase_is_refused(field, tmp_path: Path, capsys) -> None:
    backup(field, capsys)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-passphrase\n", encoding="utf-8")
    target = tmp_path / "new"
    assert run(target, "restore", str(field["usb"]), "--passphrase-file", str(wrong)) == 2
    assert "not the passphrase of district 5212" in capsys.readouterr().err
    assert not target.exists()


def test_the_passphrase_from_the_environment(field, tmp_path: Path, capsys, monkeypatch) -> None:
    backup(field, capsys)
    monkeypatch.setenv("SAMMACHIP_PASSPHRASE", PASSPHRASE)
    assert run(tmp_path / "new", "restore", str(field["usb"])) == 0


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several chunks, so that cuts fall on chunk boundaries too."""
    monkeypatch.setattr(sbk, "CHUNK", 4096)


def test_every_tampered_or_cut_short_backup_is_refused(
    field, small_chunks, tmp_path: Path, capsys
) -> None:
    made = backup(field, capsys)
    data = made.read_bytes()
    _header, prefix, _rest = sbk.read_header(made)
    boundaries, pos = [], len(prefix) + 32
    while pos < len(data):
        pos += 4 + int.from_bytes(data[pos : pos + 4], "big")
        boundaries.append(pos)
    assert len(boundaries) > 3
    cuts = [3, 9, len(prefix) - 1, len(prefix) + 10, len(prefix) + 40, *boundaries[:-1],
            boundaries[1] + 100, len(data) - 1]  # fmt: skip
    flips = [2, 12, len(prefix) + 5, len(prefix) + 34, len(prefix) + 200, boundaries[1] + 50,
             len(data) - 1]  # fmt: skip
    damaged = [data[:cut] for cut in cuts] + [
        data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :] for i in flips
    ]
    damaged.append(data + data[-100:])  # something appended
    target = tmp_path / "new"
    for n, bad in enumerate(damaged):
        made.write_bytes(bad)
        assert restore(field, target) == 2, n
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.strip(), n
        assert not target.exists(), n
    made.write_bytes(data)
    assert restore(field, target) == 0


def test_an_interrupted_backup_leaves_nothing_restore_would_take(field, tmp_path: Path) -> None:
    """The backup process is killed halfway through writing the file."""
    child = f"""
import os, signal, sys
from sammachip_tui.store import fsutil
from sammachip_tui.cli import main
real_write = os.write
def write(fd, data):
    if len(data) > 1000:
        real_write(fd, bytes(data[: len(data) // 2]))
        os.kill(os.getpid(), signal.SIGKILL)
    return real_write(fd, data)
fsutil.os.write = write
sys.exit(main(["--data-dir", {str(field["a"])!r}, "backup", {str(field["usb"])!r}]))
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL
    left = list(Path(field["usb"]).iterdir())  # type: ignore[arg-type]
    assert left and all(p.name.startswith(".") for p in left)  # only the temporary file
    target = tmp_path / "new"
    assert restore(field, target) == 2  # the folder: no backup in it
    for partial in left:
        assert run(target, "restore", str(partial), "--passphrase-file",
                   str(field["passphrase"])) == 2  # fmt: skip
    assert not target.exists()


def test_a_full_stick_says_so(field, tmp_path: Path, capsys, monkeypatch) -> None:
    import errno

    from sammachip_tui.store import fsutil

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fsutil.os, "write", full)
    assert run(field["a"], "backup", str(field["usb"])) == 2  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert "Cannot write the backup" in err and "the disk is full" in err


def test_the_device_registry_and_waiting_bundles_come_back(field, tmp_path: Path, capsys) -> None:
    """Central's backup: the devices it accepted and a bundle still waiting for acceptance."""
    stranger = device(tmp_path / "stranger", "fieldB")
    stranger.commit([Change("household", VILLAGE, {"first_name": "รอ", "house_no": "3"})])
    waiting = sb.build_bundle(stranger, sb.CENTRAL)
    stranger.close()
    with Workspace.open(field["central"]) as central:  # type: ignore[arg-type]
        sb.receive_message(central, waiting.message)  # type: ignore[union-attr]
    assert run(field["central"], "backup", str(tmp_path / "usb2")) == 0  # type: ignore[arg-type]
    new = tmp_path / "central2"
    assert run(new, "restore", str(tmp_path / "usb2"), "--passphrase-file",
               str(field["passphrase"])) == 0  # fmt: skip
    registry = DeviceRegistry(new)
    standing = {d.name: d.status for d in registry.devices.values()}
    assert standing == {"fieldA": Status.accepted, "fieldB": Status.pending}
    with Workspace.open(new) as ws:
        accepted = sb.accept_device(ws, registry.named("fieldB")[0].device_id)
        assert accepted.results[0].new == {"household": 1}


def test_an_encrypted_device_restores_encrypted(field, tmp_path: Path, capsys) -> None:
    """Encrypted at rest (store/at_rest.py): the backup reads its sealed key; the restore
    given the PIN seals the replacement before anyone uses it."""
    from sammachip_tui.store import at_rest
    from sammachip_tui.store.encrypt import encrypt

    pin = tmp_path / "pin.txt"
    pin.write_text("135792\n", encoding="utf-8")
    encrypt(field["a"], "135792")  # type: ignore[arg-type]
    try:
        assert run(field["a"], "--pin-file", str(pin), "backup", str(field["usb"])) == 0  # type: ignore[arg-type]
        new = tmp_path / "replacement"
        assert run(new, "--pin-file", str(pin), "restore", str(field["usb"]),
                   "--passphrase-file", str(field["passphrase"])) == 0  # fmt: skip
        assert "Encrypted at rest" in capsys.readouterr().out
        assert (new / "device.key").read_bytes().startswith(at_rest.MAGIC)
        for path in new.rglob("*.json*"):  # written sealed: no name ever in clear
            assert b"first_name" not in path.read_bytes(), path
        assert not list(new.parent.glob(".*restoring*"))
        at_rest.forget(new)
        # Without the PIN, the officer is told the device was encrypted.
        assert run(tmp_path / "clear", "restore", str(field["usb"]), "--passphrase-file",
                   str(field["passphrase"])) == 0  # fmt: skip
        assert "was encrypted at rest" in capsys.readouterr().err
        with pytest.raises(at_rest.LockedError):
            Workspace.open(new)
        at_rest.unlock(new, "135792")
        with Workspace.open(new) as ws:
            assert ws.device == field["device"] and records(ws) == field["records"]
    finally:
        at_rest._unlocked.clear()


def test_after_a_key_rotation_the_backup_needs_the_new_passphrase(
    field, tmp_path: Path, capsys
) -> None:
    """Sealed with the newest district key: a device revoked before the rotation (which has
    only the old passphrase) cannot read it; the restored device keeps its keyring."""
    from sammachip_tui.store import district_keys as dk

    new_passphrase = "ห้างฉัตร-2570-ใหม่"
    with Workspace.open(field["central"]) as central:  # type: ignore[arg-type]
        dk.rotate(central.data_dir, central.device, new_passphrase)
    assert run(field["central"], "backup", str(field["usb"])) == 0  # type: ignore[arg-type]
    capsys.readouterr()
    old = tmp_path / "restored-with-old"
    assert run(old, "restore", str(field["usb"]), "--passphrase-file",
               str(field["passphrase"])) == 2  # fmt: skip
    assert "not the passphrase" in capsys.readouterr().err
    assert not (old / "device.json").exists()
    new_pass = tmp_path / "new-pass.txt"
    new_pass.write_text(new_passphrase + "\n", encoding="utf-8")
    new = tmp_path / "restored"
    assert run(new, "restore", str(field["usb"]), "--passphrase-file", str(new_pass)) == 0
    with Workspace.open(new) as ws:
        ring = dk.load_keyring(ws.data_dir, ws.device)
        assert (
            ring.current == 1
            and ring.current_key
            == dk.load_keyring(
                field["central"],
                ws.device,  # type: ignore[arg-type]
            ).current_key
        )


def test_replacing_an_encrypted_device_merges_what_it_held(field, tmp_path: Path, capsys) -> None:
    """--replace on an encrypted device: the PIN opens what is set aside, its later edits are
    merged, and the restored device is encrypted too."""
    from sammachip_tui.store import at_rest
    from sammachip_tui.store.encrypt import encrypt

    pin = tmp_path / "pin.txt"
    pin.write_text("135792\n", encoding="utf-8")
    encrypt(field["a"], "135792")  # type: ignore[arg-type]
    try:
        assert run(field["a"], "--pin-file", str(pin), "backup", str(field["usb"])) == 0  # type: ignore[arg-type]
        with Workspace.open(field["a"]) as ws:  # type: ignore[arg-type]
            ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                     "first_name": "หลังสำรอง"})])  # fmt: skip
        at_rest._unlocked.clear()
        assert run(field["a"], "--pin-file", str(pin), "restore", str(field["usb"]),  # type: ignore[arg-type]
                   "--passphrase-file", str(field["passphrase"]), "--replace") == 0  # fmt: skip
        out, err = capsys.readouterr()
        assert "1 of its operations were merged" in out and "could not be merged" not in err
        assert (Path(field["a"]) / "device.key").read_bytes().startswith(at_rest.MAGIC)  # type: ignore[arg-type]
        with Workspace.open(field["a"]) as ws:  # type: ignore[arg-type]
            names = {h["first_name"] for h in ws.records(VILLAGE, "household")}
        assert "หลังสำรอง" in names
    finally:
        at_rest._unlocked.clear()


def test_replacing_a_device_whose_files_are_damaged_still_restores(
    field, tmp_path: Path, capsys
) -> None:
    backup(field, capsys)
    device_json = Path(field["a"]) / "device.json"  # type: ignore[arg-type]
    data = bytearray(device_json.read_bytes())
    data[len(data) // 2] ^= 0x01
    device_json.write_bytes(bytes(data))
    assert restore(field, Path(field["a"]), "--replace") == 0  # type: ignore[arg-type]
    _out, err = capsys.readouterr()
    assert "could not be merged" in err and "device.json" in err
    with Workspace.open(field["a"]) as ws:  # type: ignore[arg-type]
        assert records(ws) == field["records"]
    [aside] = Path(field["a"]).parent.glob("a.before-restore-*")  # type: ignore[arg-type]
    assert (aside / "device.json").read_bytes() == bytes(data)  # kept as it was
