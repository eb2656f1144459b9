"""Operations from another device merge through the journal: idempotent, conflicts kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.oplog import conflicts_of
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"


def _device(path: Path, name: str) -> Workspace:
    return Workspace.init(path, name=name, role="field", district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


def test_two_devices_converge_and_keep_the_concurrent_edit(tmp_path: Path) -> None:
    a, b = _device(tmp_path / "a", "a"), _device(tmp_path / "b", "b")
    a.commit([village_change(VILLAGE)])
    [created] = a.commit(
        [Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": "มาลี"})]
    )
    b.merge(a.journal_entries())
    rid = created.record
    # Both facilitators correct the same field before they meet again.
    a.commit([Change("household", VILLAGE, {"occupation_main": "ทอผ้าไหม"}, rid)])
    b.commit([Change("household", VILLAGE, {"occupation_main": "ทอผ้าฝ้าย"}, rid)])
    b.commit([Change("household", VILLAGE, {"skills": "ย้อมคราม"}, rid)])
    a.merge(b.journal_entries())
    b.merge(a.journal_entries())
    ra, rb = a.record(VILLAGE, "household", rid), b.record(VILLAGE, "household", rid)
    assert ra == rb
    assert ra is not None and ra["skills"] == "ย้อมคราม"
    [(field, versions)] = conflicts_of(ra).items()
    assert field == "occupation_main"
    assert {ra["occupation_main"], *versions.values()} == {"ทอผ้าไหม", "ทอผ้าฝ้าย"}
    [conflict] = b.conflicts()  # the officer's list, the same on both devices
    assert a.conflicts() == [conflict]
    assert (conflict.record, conflict.field) == (rid, "occupation_main")
    assert conflict.shown[1] == ra["occupation_main"] and conflict.others == versions

    # Receiving everything again changes nothing and journals nothing.
    size = (tmp_path / "a" / "journal.jsonl").stat().st_size
    assert a.merge(b.journal_entries()) == []
    assert (tmp_path / "a" / "journal.jsonl").stat().st_size == size

    # The officer resolves it on one device; the choice travels like any edit.
    a.commit([Change("household", VILLAGE, {"occupation_main": "ทอผ้าไหม"}, rid, resolve=True)])
    b.merge(a.journal_entries())
    assert conflicts_of(b.record(VILLAGE, "household", rid) or {}) == {}
    assert b.conflicts() == []
    assert a.record(VILLAGE, "household", rid) == b.record(VILLAGE, "household", rid)

    # Merged operations were journaled: they survive a restart.
    b.close()
    with Workspace.open(tmp_path / "b") as again:
        assert again.record(VILLAGE, "household", rid) == a.record(VILLAGE, "household", rid)
    a.close()


def test_merged_stamps_move_the_clock_forward(tmp_path: Path) -> None:
    a, b = _device(tmp_path / "a", "a"), _device(tmp_path / "b", "b")
    [op] = a.commit([village_change(VILLAGE)])
    b.merge([op])
    [later] = b.commit([Change("village", VILLAGE, {"name": "บ้านดอน"}, VILLAGE)])
    assert later.stamp > op.stamp
    a.close()
    b.close()


def test_bad_or_repeated_operations_never_reach_the_journal(tmp_path: Path) -> None:
    a, b = _device(tmp_path / "a", "a"), _device(tmp_path / "b", "b")
    [op] = a.commit([village_change(VILLAGE)])
    journal = tmp_path / "b" / "journal.jsonl"
    size = journal.stat().st_size
    from dataclasses import replace

    for bad in ({"kind": "../nonsense"}, {"kind": "Plan"}, {"kind": "_default"},
                {"kind": "plan\n"}, {"kind": 7}, {"village": "5212"}, {"record": 7}):  # fmt: skip
        with pytest.raises(ValueError):
            b.merge([op, replace(op, stamp=op.stamp[:-1] + "Z", **bad)])
    assert journal.stat().st_size == size and b.villages() == []
    assert len(b.merge([op, op])) == 1  # the same operation twice in one bundle
    b.close()
    with Workspace.open(tmp_path / "b") as again:  # and the journal still replays
        assert again.villages() == [VILLAGE]
        assert len(again.journal_entries()) == 1
    a.close()
