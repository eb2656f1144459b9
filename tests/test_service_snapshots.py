"""Snapshots of the serve dialog at 80×24: v on a device of the central store's devices screen
(its villages ticked), and n for a new device (its id to type).

Plain sync tests: snap_compare runs its own event loop.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sammachip_tui.app import SammachipApp
from sammachip_tui.model.records import Village
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync.devices import DeviceRegistry, Status

from .conftest import district_device, until

NAMES = {"52120501": "บ้านดอน", "52120502": "บ้านแม่สัน", "52120505": "บ้านเวียงตาล"}


def _office(tmp_path: Path) -> Workspace:
    """A central store with three named villages and one device serving the first."""
    ws = district_device(tmp_path, "office", "central")
    ws.device = dataclasses.replace(ws.device, public_key="ab" * 32, device_id="TESTDEV1")
    ws.commit(Change("village", code, Village(village_code=code, name=name).fields(),
                     record=code, create=True) for code, name in NAMES.items())  # fmt: skip
    ws.commit([Change("service", "52120000", {"villages": ["52120501"]}, record="DEV00001",
                      create=True)])  # fmt: skip
    registry = DeviceRegistry(ws.data_dir)
    registry.meet("DEV00001", bytes([1]) * 32, "laptop-somsri", "field")
    registry.set_status("DEV00001", Status.accepted)
    return ws


def _dialog(key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        # A central store opens on its dashboard; d (devices) is there as on the villages list.
        await until(pilot, lambda: pilot.app.screen.id == "dashboard")
        await pilot.press("d")
        await until(pilot, lambda: pilot.app.screen.id == "devices")
        await pilot.press(key)
        await until(pilot, lambda: pilot.app.screen.id == "serve-dialog")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("key", ["v", "n"], ids=["device", "new_device"])
def test_serve_dialog_80x24(snap_compare, tmp_path: Path, key: str) -> None:
    ws = _office(tmp_path)
    try:
        app = SammachipApp(data_dir=ws.data_dir, workspace=ws)
        assert snap_compare(app, run_before=_dialog(key), terminal_size=(80, 24))
    finally:
        ws.close()
