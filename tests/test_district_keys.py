"""District key rotation: the central store issues a new key, devices that re-enrol with it
keep working, a revoked device can neither merge nor read what is sealed with the new key,
and bundles made before the rotation still open where they should.

Generation 0 uses the public demo key (it spares an scrypt per device); every later
generation is derived from a real passphrase, as in the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammachip_tui.cli import main
from sammachip_tui.i18n import set_language
from sammachip_tui.store import district_keys as dk
from sammachip_tui.store.device import DEMO_DISTRICT_KEY, load_device
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceRegistry, Status
from sammachip_tui.sync.envelope import (
    GENERATION,
    BundleError,
    generation_of,
    load_signing_key,
    open_sealed,
    seal,
)

VILLAGE = "52120505"
NEW_PASSPHRASE = "ห้างฉัตร-ใหม่-2570"


def device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


def trust(ws: Workspace, *others: Workspace) -> None:
    registry = DeviceRegistry(ws.data_dir)
    for other in others:
        registry.meet(other.device.device_id, bytes.fromhex(other.device.public_key),
                      other.device.name, other.device.role.value)  # fmt: skip
        registry.set_status(other.device.device_id, Status.accepted)


def add_household(ws: Workspace, name: str) -> str:
    if VILLAGE not in ws.villages():
        ws.commit([village_change(VILLAGE)])
    [op] = ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": name})])
    return op.record


def names(ws: Workspace) -> set[str]:
    if VILLAGE not in ws.villages():
        return set()
    return {h["first_name"] for h in ws.records(VILLAGE, "household")}


def bundle_for(src: Workspace, peer: str = sb.CENTRAL) -> sb.Outgoing:
    out = sb.build_bundle(src, peer)
    assert out is not None
    return out


@dataclass
class District:
    central: Workspace
    good: Workspace
    lost: Workspace  # the laptop left on a bus: revoked, never given the new passphrase


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    central = device(tmp_path, "office", "central")
    good, lost = device(tmp_path, "field-a"), device(tmp_path, "field-b")
    trust(central, good, lost)
    trust(good, central)
    trust(lost, central)
    yield District(central, good, lost)
    for ws in (central, good, lost):
        ws.close()


def rotate_and_rekey(d: District) -> dk.KeyChange:
    change = dk.rotate(d.central.data_dir, d.central.device, NEW_PASSPHRASE)
    taken = dk.rekey(d.good.data_dir, d.good.device, NEW_PASSPHRASE, change.check,
                     change.generation)  # fmt: skip
    assert (taken.generation, taken.check, taken.already) == (change.generation, change.check,
                                                              False)  # fmt: skip
    return change


def test_rotation_end_to_end(district: District) -> None:
    d = district
    set_language("en")
    # Before the rotation: a bundle from the good device, printed and not yet received, and
    # one from the central store to the good device.
    add_household(d.good, "ก่อนเปลี่ยน")
    printed = bundle_for(d.good)
    add_household(d.central, "จากอำเภอก่อนเปลี่ยน")
    from_central_before = bundle_for(d.central, d.good.device.device_id)
    assert generation_of(printed.message) == 0

    sb.revoke_device(d.central, d.lost.device.device_id)
    change = rotate_and_rekey(d)
    assert change.generation == 1

    # The re-enrolled device seals with generation 1; its bundle merges on the central store
    # and the ack code (under generation 1's key) marks it delivered.
    add_household(d.good, "หลังเปลี่ยน")
    after = bundle_for(d.good)
    assert generation_of(after.message) == 1
    got = sb.receive_message(d.central, after.message)
    assert got.generation == 1 and names(d.central) >= {"ก่อนเปลี่ยน", "หลังเปลี่ยน"}
    assert got.ack != sb.ack_code(DEMO_DISTRICT_KEY, after.checksum)
    with pytest.raises(BundleError):  # the old key's code is not this bundle's
        sb.acknowledge(d.good, sb.ack_code(DEMO_DISTRICT_KEY, after.checksum))
    assert sb.acknowledge(d.good, got.ack) == sb.CENTRAL
    assert sb.build_bundle(d.good, sb.CENTRAL) is None

    # The generation-0 bundle printed before the rotation still merges (nothing new in it
    # now, but it opens and acknowledges), on the central store and on the rekeyed device.
    old = sb.receive_message(d.central, printed.message)
    assert old.generation == 0 and old.ack == sb.ack_code(DEMO_DISTRICT_KEY, printed.checksum)
    sb.receive_message(d.good, from_central_before.message)
    assert "จากอำเภอก่อนเปลี่ยน" in names(d.good)

    # The revoked device: its bundles are refused, and it cannot read the new ones.
    add_household(d.lost, "เครื่องหาย")
    journal = (d.central.data_dir / "journal.jsonl").read_bytes()
    with pytest.raises(BundleError) as refused:
        sb.receive_message(d.central, bundle_for(d.lost).message)
    assert "was revoked" in refused.value.message
    assert "เครื่องหาย" not in names(d.central)
    assert (d.central.data_dir / "journal.jsonl").read_bytes() == journal
    add_household(d.central, "ความลับใหม่")
    new_from_central = bundle_for(d.central, d.lost.device.device_id).message
    assert generation_of(new_from_central) == 1
    lost_journal = (d.lost.data_dir / "journal.jsonl").read_bytes()
    with pytest.raises(BundleError) as unreadable:
        sb.receive_message(d.lost, new_from_central)
    assert "generation 1" in unreadable.value.message
    assert "up to generation 0" in unreadable.value.message
    assert "sammachip district rekey" in unreadable.value.message
    assert "ความลับใหม่" not in names(d.lost)
    assert (d.lost.data_dir / "journal.jsonl").read_bytes() == lost_journal
    with pytest.raises(BundleError):  # nor with the bare key of set-up
        open_sealed(new_from_central, DEMO_DISTRICT_KEY, lambda _s: None)

    # The good device reads the central store's new bundle.
    sb.receive_message(d.good, bundle_for(d.central, d.good.device.device_id).message)
    assert "ความลับใหม่" in names(d.good)


def test_a_device_not_yet_rekeyed_keeps_sending_and_is_told_to_rekey(district: District) -> None:
    d = district
    change = dk.rotate(d.central.data_dir, d.central.device, NEW_PASSPHRASE)
    add_household(d.good, "ยังไม่เปลี่ยน")
    got = sb.receive_message(d.central, bundle_for(d.good).message)  # generation 0: merges
    assert (got.generation, got.newest_generation) == (0, change.generation)
    assert "ยังไม่เปลี่ยน" in names(d.central)
    add_household(d.central, "จากอำเภอ")
    with pytest.raises(BundleError) as told:
        sb.receive_message(d.good, bundle_for(d.central, d.good.device.device_id).message)
    assert "district rekey" in told.value.message


def test_generation_0_bundles_are_what_earlier_versions_make(district: District) -> None:
    """An un-rotated district's bundles keep the earlier layout byte for byte (the flag is
    off, no generation bytes), so devices of the previous release still read them."""
    d = district
    add_household(d.good, "เดิม")
    ring = dk.load_keyring(d.good.data_dir, d.good.device)
    key = load_signing_key(d.good.data_dir)
    for with_key in (True, False):
        ours = seal(b"payload", d.good.device, key, with_key=with_key, keyring=ring)
        before = seal(b"payload", d.good.device, key, with_key=with_key)  # no keyring at all
        assert len(ours) == len(before) and ours[:17] == before[:17]
        assert not ours[4] & GENERATION
        assert open_sealed(ours, DEMO_DISTRICT_KEY, lambda _s: bytes.fromhex(
            d.good.device.public_key)).payload == b"payload"  # fmt: skip
    assert not (d.good.data_dir / dk.KEYS_FILE).exists()


def test_the_generation_in_a_bundle_cannot_be_changed(district: District) -> None:
    d = district
    set_language("en")
    rotate_and_rekey(d)
    add_household(d.good, "หลังเปลี่ยน")
    message = bytearray(bundle_for(d.good).message)
    at = 17 + 32  # after the sender's key
    assert message[at : at + 2] == b"\x00\x01"
    message[at + 1] = 0  # claim generation 0
    with pytest.raises(BundleError) as refused:
        sb.receive_message(d.central, bytes(message))
    assert "signature does not match" in refused.value.message
    assert "หลังเปลี่ยน" not in names(d.central)


def test_wrong_passphrase_or_check_code_changes_nothing(district: District) -> None:
    d = district
    set_language("en")
    change = dk.rotate(d.central.data_dir, d.central.device, NEW_PASSPHRASE)
    keys_file = d.good.data_dir / dk.KEYS_FILE
    wrong = "9" * 8 if change.check.replace(" ", "") != "9" * 8 else "1" * 8
    with pytest.raises(dk.DistrictKeyError) as bad_code:
        dk.rekey(d.good.data_dir, d.good.device, NEW_PASSPHRASE, wrong, 1)
    assert "do not belong together for generation 1" in bad_code.value.message
    with pytest.raises(dk.DistrictKeyError):
        dk.rekey(d.good.data_dir, d.good.device, NEW_PASSPHRASE + "x", change.check, 1)
    with pytest.raises(dk.DistrictKeyError):  # right pair, wrong generation
        dk.rekey(d.good.data_dir, d.good.device, NEW_PASSPHRASE, change.check, 2)
    with pytest.raises(dk.DistrictKeyError) as searched:
        dk.rekey(d.good.data_dir, d.good.device, "not the passphrase", change.check)
    assert "from 1 to 5" in searched.value.message
    with pytest.raises(dk.DistrictKeyError):
        dk.rekey(d.good.data_dir, d.good.device, "short", change.check, 1)
    with pytest.raises(dk.DistrictKeyError):
        dk.rekey(d.good.data_dir, d.good.device, NEW_PASSPHRASE, change.check, 0)
    assert not keys_file.exists()
    assert dk.load_keyring(d.good.data_dir, d.good.device).current == 0
    # Without the generation, the check code finds it; Thai digits and no space are fine.
    thai = change.check.replace(" ", "").translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    found = dk.rekey(d.good.data_dir, d.good.device, NEW_PASSPHRASE, thai)
    assert (found.generation, found.already) == (1, False)
    again = dk.rekey(d.good.data_dir, d.good.device, NEW_PASSPHRASE, change.check, 1)
    assert again.already


def test_rotation_is_for_the_central_store_and_a_new_passphrase(tmp_path: Path) -> None:
    set_language("en")
    field = device(tmp_path, "field")
    central = Workspace.init(tmp_path / "office", name="office", role="central", district="5212",
                             passphrase="ห้างฉัตร-2569", flush_delay=60)  # fmt: skip
    try:
        with pytest.raises(dk.DistrictKeyError) as not_here:
            dk.rotate(field.data_dir, field.device, NEW_PASSPHRASE)
        assert "Only the district office's central store" in not_here.value.message
        with pytest.raises(dk.DistrictKeyError) as same:
            dk.rotate(central.data_dir, central.device, "ห้างฉัตร-2569")
        assert "passphrase of district key generation 0" in same.value.message
        with pytest.raises(dk.DistrictKeyError):
            dk.rotate(central.data_dir, central.device, "short")
        assert not (central.data_dir / dk.KEYS_FILE).exists()
        first = dk.rotate(central.data_dir, central.device, NEW_PASSPHRASE)
        with pytest.raises(dk.DistrictKeyError) as reused:
            dk.rotate(central.data_dir, central.device, NEW_PASSPHRASE)
        assert "generation 1" in reused.value.message
        second = dk.rotate(central.data_dir, central.device, "อีกรอบหนึ่ง-2571")
        assert (first.generation, second.generation) == (1, 2)
        assert first.check != second.check
        ring = dk.load_keyring(central.data_dir, central.device)
        assert sorted(ring.keys) == [0, 1, 2] and ring.current == 2
        assert (central.data_dir / dk.KEYS_FILE).stat().st_mode & 0o777 == 0o600
    finally:
        field.close()
        central.close()


def test_a_device_that_skipped_a_generation_is_told_which(district: District) -> None:
    d = district
    set_language("en")
    first = dk.rotate(d.central.data_dir, d.central.device, NEW_PASSPHRASE)
    add_household(d.central, "รุ่นหนึ่ง")
    gen1 = bundle_for(d.central, d.good.device.device_id).message
    second = dk.rotate(d.central.data_dir, d.central.device, "อีกรอบหนึ่ง-2571")
    dk.rekey(d.good.data_dir, d.good.device, "อีกรอบหนึ่ง-2571", second.check, 2)
    with pytest.raises(BundleError) as missing:
        sb.receive_message(d.good, gen1)
    assert "generation 1, which this device was never given (it holds 0, 2)" in (
        missing.value.message
    )
    taken = dk.rekey(d.good.data_dir, d.good.device, NEW_PASSPHRASE, first.check, 1)
    assert taken.generation == 1
    assert dk.load_keyring(d.good.data_dir, d.good.device).current == 2  # still seals with 2
    sb.receive_message(d.good, gen1)
    assert "รุ่นหนึ่ง" in names(d.good)


def test_a_damaged_keyring_is_a_message(district: District) -> None:
    d = district
    set_language("en")
    rotate_and_rekey(d)
    add_household(d.good, "x")
    (d.good.data_dir / dk.KEYS_FILE).write_bytes(b'{"district": "5212", "generations": {"1": 5')
    with pytest.raises(BundleError) as damaged:
        sb.build_bundle(d.good, sb.CENTRAL)
    assert "district-keys.json cannot be read" in damaged.value.message
    (d.good.data_dir / dk.KEYS_FILE).write_bytes(orjson.dumps(
        {"district": "5212", "generations": {"1": {"key": "abcd"}}}))  # fmt: skip
    with pytest.raises(dk.DistrictKeyError):
        dk.load_keyring(d.good.data_dir, d.good.device)
    assert dk.generation_note(d.good.data_dir, d.good.device) == ""


# ----------------------------------------------------------------------- the command line
def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def test_rotate_status_and_rekey_from_the_command_line(tmp_path: Path, capsys) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    new.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    office, field = tmp_path / "office", tmp_path / "field"
    for path, role in ((office, "central"), (field, "field")):
        assert run(path, "init", "--device-name", path.name, "--role", role, "--district",
                   "5212", "--passphrase-file", str(old)) == 0  # fmt: skip
    capsys.readouterr()

    assert run(field, "district", "rotate", "--passphrase-file", str(new)) == 2
    assert "Only the district office's central store" in capsys.readouterr().err
    assert run(office, "district", "rotate", "--passphrase-file", str(old)) == 2
    assert "passphrase of district key generation 0" in capsys.readouterr().err
    assert not (office / dk.KEYS_FILE).exists()

    assert run(office, "district", "rotate", "--passphrase-file", str(new)) == 0
    out = capsys.readouterr().out
    assert "New district key: generation 1, check code " in out
    check = out.split("check code ")[1][:9]
    assert run(office, "district", "status") == 0
    out = capsys.readouterr().out
    assert f"generation 1 (check code {check})" in out and "held" in out and "0, 1" in out

    assert run(field, "district", "rekey", "--passphrase-file", str(new), "--check",
               "0000 0000" if check != "0000 0000" else "1111 1111") == 2  # fmt: skip
    assert "do not match any generation" in capsys.readouterr().err
    assert not (field / dk.KEYS_FILE).exists()
    assert run(field, "district", "rekey", "--passphrase-file", str(new), "--check", check,
               "--generation", "1") == 0  # fmt: skip
    assert f"generation 1 taken (check code {check})" in capsys.readouterr().out
    assert run(field, "district", "status", "--json") == 0
    doc = orjson.loads(capsys.readouterr().out)
    assert doc["current"] == 1 and [g["generation"] for g in doc["generations"]] == [0, 1]
    assert doc["generations"][1]["check"] == check


def test_receive_from_a_device_on_the_old_key_says_to_rekey(tmp_path: Path, capsys) -> None:
    office, field = device(tmp_path, "office", "central"), device(tmp_path, "field")
    trust(office, field)
    add_household(field, "เก่า")
    bundle = tmp_path / "b.smb"
    bundle.write_bytes(bundle_for(field).message)
    dk.rotate(office.data_dir, office.device, NEW_PASSPHRASE)
    field.close()
    office.close()
    capsys.readouterr()
    assert run(office.data_dir, "sync", "receive", str(bundle)) == 0
    out = capsys.readouterr().out
    assert "Merged from field" in out
    assert "still seals with district key generation 0; this device has generation 1" in out


# ------------------------------------------------------------------------------- the app
async def test_the_devices_screen_shows_the_generation_once_rotated(tmp_path: Path) -> None:
    from textual.widgets import Static

    from sammachip_tui.app import SammachipApp

    office = device(tmp_path, "office", "central")
    try:
        change = dk.rotate(office.data_dir, office.device, NEW_PASSPHRASE)
        app = SammachipApp(data_dir=office.data_dir, workspace=office)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            await pilot.press("d")
            await pilot.pause()
            me = str(app.screen.query_one("#me", Static).render())
            assert f"กุญแจของอำเภอรุ่นที่ 1 (รหัสตรวจ {change.check})" in me
    finally:
        office.close()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1,
                      max_size=4), cut=st.integers(0, 10_000))  # fmt: skip
def test_a_damaged_rotated_bundle_is_refused_with_a_message(
    district: District, edits: list[tuple[int, int]], cut: int
) -> None:
    """Flags, generation bytes and lengths changed at random: a BundleError, never another
    exception, and never a bundle that opens."""
    d = district
    if dk.load_keyring(d.good.data_dir, d.good.device).current == 0:
        rotate_and_rekey(d)
        add_household(d.good, "หลังเปลี่ยน")
    message = bytearray(seal(b"payload", d.good.device, load_signing_key(d.good.data_dir),
                             keyring=dk.load_keyring(d.good.data_dir, d.good.device)))  # fmt: skip
    original = bytes(message)
    for at, value in edits:
        message[at % len(message)] = value
    damaged = bytes(message[: len(message) - cut % 40])
    if damaged == original:
        return
    ring = dk.load_keyring(d.central.data_dir, d.central.device)
    with pytest.raises(BundleError):
        open_sealed(damaged, ring, lambda _s: bytes.fromhex(d.good.device.public_key))


def test_a_deleted_keyring_is_noticed_not_replaced_by_the_old_key(district: District) -> None:
    """Without district-keys.json the device would seal with generation 0 again, the key a
    revoked device still holds: device.json remembers the generation, and sending stops."""
    rotate_and_rekey(district)
    good = district.good
    (good.data_dir / dk.KEYS_FILE).unlink()
    device = load_device(good.data_dir)
    assert device is not None and device.generation == 1
    with pytest.raises(dk.DistrictKeyError, match=dk.KEYS_FILE):
        dk.load_keyring(good.data_dir, device)
    # The way back: rekey with the passphrase and check code the district office gave.
    change = dk.load_keyring(district.central.data_dir, district.central.device)
    taken = dk.rekey(good.data_dir, device, NEW_PASSPHRASE, dk.check_code(change.current_key), 1)
    assert taken.generation == 1
    assert dk.load_keyring(good.data_dir, device).current == 1
