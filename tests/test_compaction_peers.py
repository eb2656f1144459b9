"""Which peers hold compaction back: the devices this one sends to (a bundle was built for
it, "central" on a field device, a device given villages at the central store), never a
device it only received from. Compaction then moves what every real recipient holds and
keeps what any lacks; a device filled later still gets everything from the archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui.store.compaction import compact, plan
from sammachip_tui.store.register import village_change
from sammachip_tui.store.service import serve_change
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb

from .test_compaction import VILLAGE, accept, add_households, device, send_and_ack


def households(ws: Workspace) -> int:
    return len(ws.records(VILLAGE, "household"))


def test_a_field_device_that_received_from_the_office_compacts_what_the_office_holds(
    tmp_path: Path,
) -> None:
    field, office = device(tmp_path, "field"), device(tmp_path, "office", "central")
    accept(office, field)
    accept(field, office)
    field.commit([village_change(VILLAGE)])
    add_households(field, 30)
    send_and_ack(field, office)  # the office holds all 31 of the field's operations
    office.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                 "first_name": "office-edit"})])  # fmt: skip
    send_and_ack(office, field, field.device.device_id)  # the field now has a vector for it
    found = plan(field)
    assert found.peers == ("central",)
    assert (found.moved, dict(found.not_acknowledged)) == (32, {})
    assert compact(field).moved == 32
    field.close()
    office.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Workspace, list[Workspace]]]:
    """A central store that received from two field devices (never sent to them) and sent
    everything to a third, which acknowledged it."""
    office = device(tmp_path, "office", "central")
    senders = [device(tmp_path, name) for name in ("one", "two")]
    office.commit([village_change(VILLAGE)])
    for i, f in enumerate(senders):
        accept(office, f)
        add_households(f, 5, start=10 * i)
        send_and_ack(f, office)
    add_households(office, 4, start=100)
    served = device(tmp_path, "served")
    accept(served, office)
    send_and_ack(office, served, served.device.device_id)
    yield office, [*senders, served]
    for ws in (office, *senders, served):
        ws.close()


def test_the_central_store_is_held_back_only_by_devices_it_sends_to(
    office: tuple[Workspace, list[Workspace]], tmp_path: Path
) -> None:
    store, (one, _two, served) = office
    found = plan(store)
    assert found.peers == (served.device.device_id,)
    assert (found.moved, dict(found.not_acknowledged)) == (found.entries, {})
    add_households(store, 3, start=200)  # not sent yet: the served device lacks these
    found = plan(store)
    assert dict(found.not_acknowledged) == {served.device.device_id: 3}
    compact(store)
    assert households(store) == 17
    # Filled later from the archive: a device that only ever sent, and a new one.
    out = sb.build_bundle(store, one.device.device_id)
    assert out is not None
    accept(one, store)
    sb.receive_message(one, out.message)
    assert households(one) == 17
    new = device(tmp_path, "new")
    accept(new, store)
    out = sb.build_bundle(store, new.device.device_id)
    assert out is not None
    sb.receive_message(new, out.message)
    assert households(new) == 17
    new.close()


def test_a_device_given_villages_at_the_central_store_holds_back_what_it_lacks(
    office: tuple[Workspace, list[Workspace]], tmp_path: Path
) -> None:
    store, _devices = office
    tablet = device(tmp_path, "tablet")
    change = serve_change(store, tablet.device.device_id, [VILLAGE])
    assert change is not None
    store.commit([change])
    found = plan(store)
    assert tablet.device.device_id in found.peers
    assert found.moved == 0  # the served device holds all but the service record: the tablet
    assert sum(found.not_acknowledged.values()) == found.entries
    tablet.close()
