"""Issue 16: the dashboard's devices block (what each device has not sent, ``unsent_by_device``)
is read from the journal's index, never from every journal line; the gaps it shows are the
same when part of an origin's operations sit in the archive after a compaction, and when an
operation is in both (a compaction cut short)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui.store.compaction import compact
from sammachip_tui.store.journal_index import read_ranges
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import inbox
from tests.conftest import district_device

VILLAGE = "52120505"


def _ops(ws: Workspace, n: int) -> list[Op]:
    return ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                    "first_name": f"h{i}"})
                      for i in range(n)])  # fmt: skip


def _no_whole_journal(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Workspace) -> list[Op]:
        raise AssertionError("the whole journal was read")

    monkeypatch.setattr(Workspace, "journal_entries", refuse)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """A field device and the office, which merges what the test gives it."""
    field = district_device(tmp_path, "field-a", "field")
    central = district_device(tmp_path, "office", "central")
    yield field, central
    field.close()
    central.close()


def test_gaps_from_the_index_archive_and_journal_alike(
    pair: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    field, central = pair
    made = _ops(field, 10)  # seq 1..10
    central.merge(made[:4])  # 1..4, then compacted into the archive
    assert compact(central).moved == 4
    central.merge([made[5], made[7], made[9]])  # 6, 8, 10 in the live journal
    _no_whole_journal(monkeypatch)
    seen = inbox.unsent_by_device(central)[field.device.device_id]
    assert (seen.highest_seen, seen.missing) == (10, 3)  # 5, 7 and 9 never came


def test_an_entry_in_the_archive_and_the_journal_counts_once(
    pair: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    field, central = pair
    central.merge(_ops(field, 5)[:3])
    compact(central)
    # A compaction cut short leaves the archived lines in the journal too: append them.
    segment = central.archive.paths()[0]
    lines = list(read_ranges(segment, [(0, segment.stat().st_size)]))
    with open(central.data_dir / "journal.jsonl", "ab") as f:
        f.write(b"".join(lines))
    central._journal.size += sum(len(line) for line in lines)
    _no_whole_journal(monkeypatch)
    seen = inbox.unsent_by_device(central)[field.device.device_id]
    assert (seen.highest_seen, seen.missing) == (3, 0)
