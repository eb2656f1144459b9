"""The inbox history: every received bundle's outcome, sent bundles and their acknowledgement,
a torn last line, the bound, and what each device has not sent yet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui import clock
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import inbox
from sammachip_tui.sync.envelope import BundleError
from tests.conftest import FROZEN_NOW, district_device

VILLAGE = "52120505"
OTHER = "52120601"


def households(ws: Workspace, village: str, n: int) -> None:
    ws.commit([Change("household", village, {"village_code": village, "first_name": f"h{i}"})
               for i in range(n)])  # fmt: skip


@pytest.fixture
def trio(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace, Workspace]]:
    a = district_device(tmp_path, "field-a", "field")
    b = district_device(tmp_path, "field-b", "field")
    central = district_device(tmp_path, "office", "central")
    households(a, VILLAGE, 3)
    households(a, OTHER, 2)
    yield a, b, central
    for ws in (a, b, central):
        ws.close()


def test_every_outcome_is_written_newest_first(trio) -> None:
    a, _b, central = trio
    first = sb.build_bundle(a, sb.CENTRAL)
    assert first is not None
    held = sb.receive_message(central, first.message, via=inbox.VIA_FILE)
    [entry] = inbox.history(central.data_dir)
    assert (entry.outcome, entry.device_id, entry.via) == (inbox.HELD, a.device.device_id, "file")
    assert entry.device_name == "field-a" and held.status.value == "pending"

    clock.freeze(FROZEN_NOW + dt.timedelta(minutes=5))
    sb.accept_device(central, a.device.device_id)
    merged = inbox.history(central.data_dir)[0]
    assert merged.outcome == inbox.MERGED and merged.via == inbox.VIA_ACCEPTED
    assert merged.ops == 5 and merged.applied == 5 and merged.already_had == 0
    assert merged.by_kind == {"household": 5}
    assert merged.by_village == {VILLAGE: 3, OTHER: 2}
    assert len(merged.ack) == 8 and merged.crc == f"{first.checksum:08x}"

    clock.freeze(FROZEN_NOW + dt.timedelta(minutes=10))
    again = sb.build_bundle(a, sb.CENTRAL)  # not acknowledged: the same operations again
    assert again is not None
    sb.receive_message(central, again.message, via=inbox.VIA_SCANNER)
    dup = inbox.history(central.data_dir)[0]
    assert dup.outcome == inbox.ALREADY and dup.ops == 5 and dup.already_had == 5
    assert [e.outcome for e in inbox.history(central.data_dir)] == [
        inbox.ALREADY, inbox.MERGED, inbox.HELD]  # fmt: skip
    assert inbox.latest_by_device(central.data_dir)[a.device.device_id] == dup


def test_a_refused_bundle_is_written_with_its_reason_and_changes_nothing(trio) -> None:
    a, _b, central = trio
    out = sb.build_bundle(a, sb.CENTRAL)
    assert out is not None
    sb.receive_message(central, out.message)
    sb.accept_device(central, a.device.device_id)
    sb.revoke_device(central, a.device.device_id)
    before = (central.journal_entries(), (central.data_dir / "sync.json").read_bytes())
    with pytest.raises(BundleError) as refused:
        sb.receive_message(central, out.message, via=inbox.VIA_IMAGE)
    entry = inbox.history(central.data_dir)[0]
    assert entry.outcome == inbox.REFUSED and entry.reason == refused.value.message
    assert entry.device_id == a.device.device_id and entry.via == inbox.VIA_IMAGE
    assert (central.journal_entries(), (central.data_dir / "sync.json").read_bytes()) == before
    with pytest.raises(BundleError):
        sb.receive_message(central, b"not a bundle at all")
    assert inbox.history(central.data_dir)[0].device_id == "?"


def test_sent_bundles_show_not_delivered_then_delivered(trio) -> None:
    a, _b, central = trio
    out = sb.build_bundle(a, sb.CENTRAL)
    assert out is not None
    [waiting] = inbox.history(a.data_dir)
    assert (waiting.direction, waiting.outcome, waiting.ops) == (inbox.SENT, inbox.NOT_DELIVERED, 5)
    sb.receive_message(central, out.message)
    got = sb.accept_device(central, a.device.device_id).results[0]
    sb.acknowledge(a, got.ack)
    [done] = inbox.history(a.data_dir)
    assert (done.outcome, done.device_id, done.crc) == (
        inbox.DELIVERED,
        sb.CENTRAL,
        f"{out.checksum:08x}",
    )


def test_a_torn_last_line_is_dropped_and_the_next_entry_is_whole(trio) -> None:
    a, _b, central = trio
    out = sb.build_bundle(a, sb.CENTRAL)
    assert out is not None
    sb.receive_message(central, out.message)
    path = central.data_dir / inbox.INBOX_FILE
    whole = path.read_bytes()
    path.write_bytes(whole + whole[: len(whole) // 2])  # a power cut in the middle of a line
    assert len(inbox.history(central.data_dir)) == 1
    with pytest.raises(BundleError):
        sb.receive_message(central, b"junk")
    assert [e.outcome for e in inbox.history(central.data_dir)] == [inbox.REFUSED, inbox.HELD]


def test_the_file_is_bounded_to_the_newest_entries(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(inbox, "ROTATE_BYTES", 4000)
    monkeypatch.setattr(inbox, "KEEP_ENTRIES", 10)
    for i in range(60):
        clock.freeze(FROZEN_NOW + dt.timedelta(minutes=i))
        inbox.append(tmp_path, inbox.InboxEntry(clock.utc_now_iso(), inbox.RECEIVED,
                                                inbox.MERGED, "ABCDEFGH", ops=i))  # fmt: skip
    assert (tmp_path / inbox.INBOX_FILE).stat().st_size <= 4000 + 200
    entries = inbox.history(tmp_path)
    assert entries[0].ops == 59 and 10 <= len(entries) < 60
    assert inbox.history(tmp_path, limit=3) == entries[:3]


def test_a_full_disk_does_not_hide_a_merge(trio, monkeypatch) -> None:
    a, _b, central = trio
    out = sb.build_bundle(a, sb.CENTRAL)
    assert out is not None
    sb.receive_message(central, out.message)

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(inbox, "append", full)  # ENOSPC writing the history only
    got = sb.accept_device(central, a.device.device_id)
    assert got.results[0].new["household"] == 5 and not got.refused


def test_unsent_by_device_finds_gaps_and_days_and_a_field_devices_pending(trio) -> None:
    a, b, central = trio
    first = sb.build_bundle(a, sb.CENTRAL)
    assert first is not None
    sb.receive_message(central, first.message)
    sb.accept_device(central, a.device.device_id)
    households(a, VILLAGE, 2)  # seq 6, 7: never sent to the office
    # b has all of a's; a bundle from b to the office that carried only a's 7th leaves 6
    to_b = sb.build_bundle(a, b.device.device_id)
    assert to_b is not None
    sb.receive_message(b, to_b.message)
    sb.accept_device(b, a.device.device_id)
    relayed = [op for op in b.journal_entries() if op.seq == 7]
    central.merge(relayed)  # as if a bundle from b carried only a's seventh
    clock.freeze(FROZEN_NOW + dt.timedelta(days=3, hours=1))
    unsent = inbox.unsent_by_device(central)
    mine = unsent[a.device.device_id]
    assert (mine.highest_seen, mine.missing, mine.days_since) == (7, 1, 3)
    assert mine.name == "field-a"
    assert sb.CENTRAL not in unsent  # the office itself sends to nobody above it
    field = inbox.unsent_by_device(a)
    assert field[sb.CENTRAL].pending_by_village == {VILLAGE: 5, OTHER: 2}


def test_an_inbox_that_is_not_a_file_neither_stops_a_merge_nor_a_reading(trio) -> None:
    a, _b, central = trio
    (central.data_dir / inbox.INBOX_FILE).mkdir()  # damaged from outside
    out = sb.build_bundle(a, sb.CENTRAL)
    assert out is not None
    assert sb.receive_message(central, out.message).status.value == "pending"
    assert inbox.history(central.data_dir) == [] and inbox.latest_by_device(central.data_dir) == {}
