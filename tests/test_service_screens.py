"""The villages a device serves, set on the central store's devices screen (v, n), and a new
field device receiving its first bundle from the central store on the receive screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, DataTable, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.i18n import _
from sammachip_tui.screens.serve_dialog import ServeDialog
from sammachip_tui.screens.sync_dialogs import DevicesScreen
from sammachip_tui.store.service import serve_change, served
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceRegistry, Status

from .conftest import type_text, until
from .test_fill_device import new_device, office  # noqa: F401 (fixtures)
from .test_receive_screen import open_receive

V1, V2 = "52120501", "52120502"


async def open_devices(pilot) -> DevicesScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("d")
    await until(pilot, lambda: isinstance(pilot.app.screen, DevicesScreen), "devices screen")
    return pilot.app.screen  # type: ignore[no-any-return]


async def open_serve(pilot, key: str) -> ServeDialog:  # type: ignore[no-untyped-def]
    """``v`` (the highlighted device) or ``n`` (a new one) on the devices screen."""
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, ServeDialog), "the serve dialog")
    return pilot.app.screen  # type: ignore[no-any-return]


async def test_v_ticks_the_villages_of_the_highlighted_device_and_esc_changes_nothing(
    office: Workspace,  # noqa: F811
    new_device: Workspace,  # noqa: F811
) -> None:
    device_id = new_device.device.device_id
    registry = DeviceRegistry(office.data_dir)
    registry.meet(device_id, bytes.fromhex(new_device.device.public_key), "field-b", "field")
    registry.set_status(device_id, Status.accepted)
    app = SammachipApp(data_dir=office.data_dir, workspace=office)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_devices(pilot)
        dialog = await open_serve(pilot, "v")
        assert dialog.query_one("#serve-all", Checkbox).value  # no limit set yet
        await pilot.press("space", "tab", "space")  # untick "every village", tick V1
        assert dialog.query_one(f"#v-{V1}", Checkbox).value
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back, nothing saved")
        assert served(office, device_id) is None
        await open_serve(pilot, "v")
        await pilot.press("space", "tab", "space", "enter")
        await until(pilot, lambda: app.screen is screen, "saved and closed")
        assert served(office, device_id) == (V1,)
        table = screen.query_one("#device-table", DataTable)
        await until(pilot, lambda: table.get_row_at(0)[-1] == V1, "its villages in the table")


async def test_n_fills_a_new_device_by_its_id_and_refuses_a_wrong_one(
    office: Workspace,  # noqa: F811
) -> None:
    app = SammachipApp(data_dir=office.data_dir, workspace=office)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_devices(pilot)
        dialog = await open_serve(pilot, "n")
        await type_text(pilot, "abc")
        await pilot.press("enter")
        await until(pilot, lambda: "abc" in dialog.problem(), "the id refused in words")
        assert dialog.query_one("#f-device").value == "abc"  # type: ignore[attr-defined]
        dialog.query_one("#f-device").value = ""  # type: ignore[attr-defined]
        await type_text(pilot, "k7q2m9xa")
        await pilot.press("enter")  # no village ticked: said, nothing saved
        await until(pilot, lambda: bool(dialog.problem()), "a village is needed")
        dialog.query_one(f"#v-{V2}", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, "saved and closed")
        assert served(office, "K7Q2M9XA") == (V2,)
        assert "K7Q2M9XA" in str(screen.query_one("#status", Static).render())


async def test_a_new_device_accepts_the_central_store_and_sees_what_came(
    office: Workspace,  # noqa: F811
    new_device: Workspace,  # noqa: F811
    tmp_path: Path,
) -> None:
    office.commit(
        [Change("service", "52120000", {"villages": [V1]}, record=new_device.device.device_id,
                create=True)]
    )  # fmt: skip
    out = sb.build_bundle(office, new_device.device.device_id)
    assert out is not None
    bundle = tmp_path / "fill.smb"
    bundle.write_bytes(out.message)
    app = SammachipApp(data_dir=new_device.data_dir, workspace=new_device)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_receive(pilot)
        screen.query_one("#file").value = str(bundle)  # type: ignore[attr-defined]
        screen.query_one("#file").focus()
        await pilot.press("enter")
        status = screen.query_one("#status", Static)
        await until(pilot, lambda: office.device.fingerprint in str(status.render()), "held")
        assert _("central store") in str(status.render())
        assert new_device.records(V1, "household") == []
        await pilot.press("ctrl+a")
        result = screen.query_one("#result", Static)
        await until(pilot, lambda: V1 in str(result.render()), "what came, per village")
        text = str(result.render())
        assert f"office ({office.device.device_id}, {_('central store')})" in text
        assert V2 not in text
    assert len(new_device.records(V1, "household")) == 3
    assert new_device.records(V2, "household") == []
    assert served(new_device, new_device.device.device_id) == (V1,)


async def test_the_send_screen_offers_a_new_device_and_shows_its_villages_bundle(
    office: Workspace,  # noqa: F811
) -> None:
    from textual.widgets import OptionList

    from sammachip_tui.screens.send import SendScreen
    from sammachip_tui.screens.sync_dialogs import PeerDialog

    office.commit_built(lambda w: [serve_change(w, "K7Q2M9XA", [V1])])
    app = SammachipApp(data_dir=office.data_dir, workspace=office)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, PeerDialog), "whom to send to")
        peers = app.screen.query_one("#peers", OptionList)
        ids = [peers.get_option_at_index(i).id for i in range(peers.option_count)]
        assert ids == ["central", "K7Q2M9XA"]
        peers.highlighted = 1
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SendScreen), "the send screen")
        screen = app.screen
        await until(pilot, lambda: screen.outgoing is not None, "its bundle built")
        assert screen.outgoing.peer == "K7Q2M9XA"
        assert set(screen.outgoing.villages) == {V1, "52120000"}  # not V2 nor V3
