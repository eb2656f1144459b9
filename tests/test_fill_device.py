"""A new field device filled from the central store, then its edits merged back (issue 16).

Real workspaces all the way: a central store with three villages and a district-wide lesson;
a new device, which has sent nothing, is given one village; its bundle is held on the new
device until the officer accepts the central store, then merges: that village's households
and the district's records, not the other villages. Then an edit on the new device merges
back into the central store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui.cli_service import set_service
from sammachip_tui.model.records import Household, district_shard
from sammachip_tui.store import lessons
from sammachip_tui.store.service import served
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import Status
from tests.conftest import district_device

V1, V2, V3 = "52120501", "52120502", "52120505"


def households(ws: Workspace, village: str, n: int) -> None:
    ws.commit(
        Change("household", village,
               Household(village_code=village, first_name=f"คน{village[-1]}{i}").fields())
        for i in range(n)
    )  # fmt: skip


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Workspace]:
    central = district_device(tmp_path, "office", "central")
    for village, n in ((V1, 3), (V2, 4), (V3, 5)):
        households(central, village, n)
    central.commit([lessons.exclude(central, "รับจ้างทั่วไป")])
    yield central
    central.close()


@pytest.fixture
def new_device(tmp_path: Path) -> Iterator[Workspace]:
    ws = district_device(tmp_path, "field-new", "field")
    yield ws
    ws.close()


def test_a_new_device_gets_its_village_and_the_district_records_then_edits_merge_back(
    office: Workspace, new_device: Workspace
) -> None:
    peer = set_service(office, new_device.device.device_id, V1, new=True)
    assert peer == new_device.device.device_id and served(office, peer) == (V1,)
    out = sb.build_bundle(office, peer)
    assert out is not None and set(out.villages) == {V1, district_shard("5212")}

    held = sb.receive_message(new_device, out.message)  # not met yet: held, nothing merged
    assert held.status is Status.pending and held.sender_role == "central"
    assert held.fingerprint == office.device.fingerprint
    assert new_device.records(V1, "household") == []
    accepted = sb.accept_device(new_device, office.device.device_id)
    [got] = accepted.results
    assert got.sender_name == "office" and got.sender_role == "central"
    assert got.by_village[V1]["household"] == 3
    assert got.by_village[district_shard("5212")]["lesson"] == 1
    assert V2 not in got.by_village and V3 not in got.by_village
    assert len(new_device.records(V1, "household")) == 3
    assert new_device.records(V2, "household") == [] == new_device.records(V3, "household")
    assert [r.texts for r in lessons.lesson_records(new_device)] == [["รับจ้างทั่วไป"]]
    assert served(new_device, peer) == (V1,)  # the device knows what it serves
    sb.acknowledge(office, got.ack)

    first = new_device.records(V1, "household")[0]
    new_device.commit([Change("household", V1, {"members": 7}, record=first["id"])])
    back = sb.build_bundle(new_device, sb.CENTRAL)
    assert back is not None and back.ops == 1  # only its edit: not what the office sent it
    assert sb.receive_message(office, back.message).status is Status.pending
    [merged] = sb.accept_device(office, new_device.device.device_id).results
    assert merged.updated["household"] == 1
    assert office.record(V1, "household", first["id"])["members"] == 7
    assert sb.build_bundle(office, peer) is None  # nothing new for it: not its own edit back


def test_a_village_given_later_arrives_with_its_whole_history(
    office: Workspace, new_device: Workspace
) -> None:
    peer = set_service(office, new_device.device.device_id, V1, new=True)
    out = sb.build_bundle(office, peer)
    assert out is not None
    sb.receive_message(new_device, out.message)
    [got] = sb.accept_device(new_device, office.device.device_id).results
    sb.acknowledge(office, got.ack)  # delivered: past V2 and V3's operations too
    assert sb.build_bundle(office, peer) is None

    set_service(office, peer, add=V2)
    again = sb.build_bundle(office, peer)
    assert again is not None
    got = sb.receive_message(new_device, again.message)
    assert got.by_village[V2]["household"] == 4  # left out before, now sent
    assert len(new_device.records(V2, "household")) == 4
    assert new_device.records(V3, "household") == []


def test_a_device_without_villages_set_is_sent_every_village(
    office: Workspace, new_device: Workspace
) -> None:
    from sammachip_tui.sync.devices import DeviceRegistry

    registry = DeviceRegistry(office.data_dir)
    registry.meet(new_device.device.device_id, bytes.fromhex(new_device.device.public_key),
                  "field-new", "field")  # fmt: skip
    out = sb.build_bundle(office, new_device.device.device_id)
    assert out is not None and {V1, V2, V3} <= set(out.villages)
