"""Devices are chosen by id or fingerprint: a name proves nothing (issue 11, item 12).

The impostor: a second device set up under the real one's name ("fieldA") sends real bundles
to the central store. Accepting, revoking or sending "to fieldA" must never pick it silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store import device as device_module
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceLookupError, DeviceRegistry, Status

from .conftest import until

VILLAGE = "52120505"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def make_device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


def add_household(ws: Workspace, first_name: str) -> None:
    ws.commit([Change("household", VILLAGE, {"first_name": first_name, "house_no": "1"})])


def bundle_file(ws: Workspace, path: Path) -> Path:
    out = sb.build_bundle(ws, sb.CENTRAL)
    assert out is not None
    path.write_bytes(out.message)
    return path


def real_central_impostor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int, impostor_name: str = "fieldA"
) -> tuple[Workspace, Workspace, Workspace]:
    """The real fieldA (id ZZZZ000n), the central store, and an impostor whose id sorts
    first (AAAA000n), so that a first-match lookup over the registry finds the impostor."""
    ids = iter([f"ZZZZ000{n}", f"CENTRA0{n}", f"AAAA000{n}"])
    monkeypatch.setattr(device_module, "new_device_id", lambda: next(ids))
    return (
        make_device(tmp_path / "real", "fieldA"),
        make_device(tmp_path / "central", "office", "central"),
        make_device(tmp_path / "impostor", impostor_name),
    )


def send_both(tmp_path: Path, central: Workspace, *senders: Workspace) -> None:
    """Each sender's real bundle, with a household named after it, received by central."""
    for ws in senders:
        add_household(ws, ws.device.name)
        sb.receive_message(central, bundle_file(ws, tmp_path / "b.smb").read_bytes())


@pytest.fixture
def impostor_scene(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """Central has accepted the real fieldA; an impostor also called fieldA (its id sorting
    first, so the old first-match lookup found it) has sent a bundle that waits."""
    real, central, impostor = real_central_impostor(tmp_path, monkeypatch, 1)
    add_household(real, "สมศรี")
    add_household(impostor, "ปลอม")
    sb.receive_message(central, bundle_file(real, tmp_path / "real.smb").read_bytes())
    sb.accept_device(central, real.device.device_id)
    held = bundle_file(impostor, tmp_path / "impostor.smb")
    scene = {
        "real": (real.device.device_id, real.device.fingerprint),
        "impostor": (impostor.device.device_id, impostor.device.fingerprint),
        "central": tmp_path / "central",
    }
    for ws in (real, central, impostor):
        ws.close()
    assert run(scene["central"], "sync", "receive", str(held)) == 0
    out, err = capsys.readouterr()
    assert "Held" in out
    # Receiving already warns that another device here has that name.
    assert "also called fieldA" in err and scene["real"][0] in err and scene["real"][1] in err
    return scene


def statuses(central: Path) -> dict[str, Status]:
    return {d.device_id: d.status for d in DeviceRegistry(central).devices.values()}


def households(central: Path) -> list[str]:
    with Workspace.open(central) as ws:
        return sorted(r["first_name"] for r in ws.records(VILLAGE, "household"))


def test_accept_by_an_ambiguous_name_accepts_no_one(impostor_scene, capsys) -> None:
    central = impostor_scene["central"]
    real_id, real_fp = impostor_scene["real"]
    fake_id, fake_fp = impostor_scene["impostor"]
    assert run(central, "devices", "accept", "fieldA") == 2
    err = capsys.readouterr().err
    # Both candidates, with what tells them apart, so the officer can choose.
    for device_id, fp, status in ((real_id, real_fp, "accepted"), (fake_id, fake_fp, "waiting")):
        line = next(line for line in err.splitlines() if device_id in line)
        assert fp in line and status in line and "first seen 22/11/2569" in line
    assert statuses(central) == {real_id: Status.accepted, fake_id: Status.pending}
    assert households(central) == ["สมศรี"]  # the impostor's bundle still waits, unmerged


def test_a_name_is_never_enough_to_accept(tmp_path: Path, capsys) -> None:
    """Even a name only one device has: accepting is where the fingerprint is compared."""
    central, field = (
        make_device(tmp_path / "c", "office", "central"),
        make_device(tmp_path / "f", "fieldB"),
    )
    add_household(field, "สมชาย")
    sb.receive_message(central, bundle_file(field, tmp_path / "b.smb").read_bytes())
    with pytest.raises(DeviceLookupError) as refused:
        sb.accept_device(central, "fieldB")
    assert field.device.fingerprint in refused.value.message
    assert DeviceRegistry(central.data_dir).get(field.device.device_id).status is Status.pending  # type: ignore[union-attr]
    accepted = sb.accept_device(central, field.device.fingerprint.replace(" ", ""))
    assert accepted.device_id == field.device.device_id
    central.close()
    field.close()


def test_accept_by_fingerprint_says_which_device(impostor_scene, capsys) -> None:
    central = impostor_scene["central"]
    fake_id, fake_fp = impostor_scene["impostor"]
    assert run(central, "devices", "accept", fake_fp.replace(" ", "")) == 0
    out = capsys.readouterr().out
    assert f"Accepted fieldA: id {fake_id} · fingerprint {fake_fp}" in out
    assert households(central) == ["ปลอม", "สมศรี"]


def test_revoke_and_send_refuse_an_ambiguous_name(impostor_scene, tmp_path: Path, capsys) -> None:
    central = impostor_scene["central"]
    real_id, real_fp = impostor_scene["real"]
    fake_id, fake_fp = impostor_scene["impostor"]
    assert run(central, "devices", "revoke", "fieldA") == 2
    assert real_fp in capsys.readouterr().err
    assert run(central, "sync", "send", "--to", "fieldA", "--out", str(tmp_path / "x")) == 2
    assert fake_fp in capsys.readouterr().err and not (tmp_path / "x").exists()
    # By fingerprint with its spaces, the impostor alone is revoked.
    assert run(central, "devices", "revoke", fake_fp) == 0
    assert fake_id in capsys.readouterr().out
    assert statuses(central) == {real_id: Status.accepted, fake_id: Status.revoked}
    # Now only one device is called fieldA that is not revoked, but the name is still shared:
    # sending goes by id.
    assert run(central, "sync", "send", "--to", real_id.lower(), "--out", str(tmp_path / "y")) == 0


def test_a_name_that_copies_an_id_never_stands_in_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An impostor naming itself after the real device's id (its own id sorting first)."""
    real, central, impostor = real_central_impostor(tmp_path, monkeypatch, 9, "ZZZZ0009")
    send_both(tmp_path, central, real, impostor)
    accepted = sb.accept_device(central, "ZZZZ0009")
    assert accepted.device_id == "ZZZZ0009" and accepted.name == "fieldA"
    assert DeviceRegistry(central.data_dir).get("AAAA0009").status is Status.pending  # type: ignore[union-attr]
    for ws in (real, central, impostor):
        ws.close()


async def test_devices_screen_warns_of_a_shared_name_and_accepts_the_highlighted_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import DataTable, Static

    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.sync_dialogs import DevicesScreen

    real, central, impostor = real_central_impostor(tmp_path, monkeypatch, 3)
    send_both(tmp_path, central, real, impostor)
    real_fp, impostor_fp = real.device.fingerprint, impostor.device.fingerprint
    real.close()
    impostor.close()
    app = SammachipApp(data_dir=central.data_dir, workspace=central)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DevicesScreen))
        table = app.screen.query_one("#device-table", DataTable)
        row = [table.get_row_at(i)[1] for i in range(table.row_count)].index("ZZZZ0003")
        table.move_cursor(row=row)
        status = app.screen.query_one("#status", Static)
        warning = app.screen.query_one("#same-name", Static)
        await until(pilot, lambda: "AAAA0003" in str(warning.render()))
        assert impostor_fp in str(warning.render())
        await pilot.press("a")
        # The message names the device accepted by its id and fingerprint.
        await until(pilot, lambda: "ZZZZ0003" in str(status.render())
                    and real_fp in str(status.render()))  # fmt: skip
    registry = DeviceRegistry(central.data_dir)
    assert registry.get("ZZZZ0003").status is Status.accepted  # type: ignore[union-attr]
    assert registry.get("AAAA0003").status is Status.pending  # type: ignore[union-attr]


def test_a_name_cannot_hide_or_fake_what_is_shown_beside_it() -> None:
    """An escape sequence (ESC[8m hides the rest of the line), a direction override, line
    breaks: a device's name is shown without them, on one line, at most 64 characters."""
    from sammachip_tui.sync.devices import shown_name

    hostile = "fa (ZZZZ0001, 1234 5678 9012)\x1b[8m accept AAAA0001\u202e\n" + "x" * 100
    shown = shown_name(hostile)
    assert "\x1b" not in shown and "\u202e" not in shown and "\n" not in shown
    assert shown.startswith("fa (ZZZZ0001") and len(shown) == 64
    assert shown_name("โน้ตบุ๊ก พัฒนากร") == "โน้ตบุ๊ก พัฒนากร"  # Thai marks are kept


def test_a_device_nobody_accepted_cannot_fill_the_disk(tmp_path: Path) -> None:
    """Bundles held for a pending device are bounded in number (and in all, in bytes)."""
    from sammachip_tui.sync.devices import MAX_HELD_PER_DEVICE
    from sammachip_tui.sync.envelope import BundleError

    def make(name: str, role: str = "field") -> Workspace:
        return Workspace.init(tmp_path / name, name=name, role=role, district="5212",
                              passphrase=None, district_key=DEMO_DISTRICT_KEY)  # fmt: skip

    stranger, central = make("stranger"), make("office", "central")
    for i in range(MAX_HELD_PER_DEVICE):
        stranger.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                       "first_name": f"คนที่{i}"})])  # fmt: skip
        out = sb.build_bundle(stranger, sb.CENTRAL)
        assert out is not None
        sb.receive_message(central, out.message)
    stranger.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                   "first_name": "อีกคน"})])  # fmt: skip
    out = sb.build_bundle(stranger, sb.CENTRAL)
    assert out is not None
    with pytest.raises(BundleError, match="devices list"):
        sb.receive_message(central, out.message)
    assert len(list((central.data_dir / "pending").glob("*.bundle"))) == MAX_HELD_PER_DEVICE
    stranger.close()
    central.close()
