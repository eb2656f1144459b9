"""Recovery: torn journal tails, shards older than the journal, damaged shards."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from sammachip_tui.store.journal import Journal, JournalError, encode_line
from sammachip_tui.store.storage import AtomicOrjsonStorage, CorruptShardError
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"


def _household(name: str) -> Change:
    return Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": name})


def _names(ws: Workspace) -> set[str]:
    return {r["first_name"] for r in ws.records(VILLAGE, "household")}


def test_edits_survive_without_any_shard_flush(workspace: Workspace) -> None:
    data_dir = workspace.data_dir
    workspace.commit([_household("สมศรี")])
    workspace.commit([_household("บุญมา")])
    # Simulate a crash: nothing but the journal reached the disk.
    workspace._journal.close()
    workspace._lock.release()
    workspace._closed = True
    assert not (data_dir / "villages" / f"{VILLAGE}.json").exists()
    with Workspace.open(data_dir) as ws:
        assert _names(ws) == {"สมศรี", "บุญมา"}
        assert ws.report.replayed == 2


def test_shard_older_than_the_journal(workspace: Workspace) -> None:
    data_dir = workspace.data_dir
    workspace.commit([_household("one")])
    workspace.flush()
    shard = data_dir / "villages" / f"{VILLAGE}.json"
    old_shard, old_checkpoint = shard.read_bytes(), (data_dir / "checkpoint.json").read_bytes()
    workspace.commit([_household("two")])
    workspace.close()
    shard.write_bytes(old_shard)  # the later shard write never happened
    (data_dir / "checkpoint.json").write_bytes(old_checkpoint)
    with Workspace.open(data_dir) as ws:
        assert _names(ws) == {"one", "two"}


def test_torn_journal_tail_is_dropped(workspace: Workspace) -> None:
    data_dir = workspace.data_dir
    workspace.commit([_household("saved")])
    workspace.close()
    journal = data_dir / "journal.jsonl"
    line = encode_line(
        {
            "o": "X",
            "s": 9,
            "h": "z",
            "k": "household",
            "r": "r",
            "v": VILLAGE,
            "f": {"first_name": "torn"},
        }
    )
    with journal.open("ab") as f:
        f.write(line[: len(line) // 2])  # the process died mid-write
    with Workspace.open(data_dir) as ws:
        assert _names(ws) == {"saved"}
        assert ws.report.torn_journal_bytes == len(line) // 2
        ws.commit([_household("after")])  # appends start on a clean line
    with Workspace.open(data_dir) as ws:
        assert _names(ws) == {"saved", "after"}


def test_torn_tail_with_a_bad_checksum_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    good = encode_line({"a": 1})
    bad = bytearray(encode_line({"a": 2}))
    bad[-3] ^= 1  # complete line, but flipped bits (power cut)
    path.write_bytes(good + bytes(bad))
    journal = Journal(path)
    journal.recover(journal.scan())
    assert [e.data for e in journal.entries()] == [{"a": 1}]
    assert path.stat().st_size == len(good)
    journal.close()


def test_damage_in_the_middle_is_reported_not_skipped(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    bad = bytearray(encode_line({"a": 2}))
    bad[12] ^= 1
    path.write_bytes(encode_line({"a": 1}) + bytes(bad) + encode_line({"a": 3}))
    journal = Journal(path)
    assert journal.scan().damaged_at == len(encode_line({"a": 1}))
    with pytest.raises(JournalError):
        list(journal.entries())
    journal.close()


def test_damaged_shard_is_rebuilt_from_the_journal(workspace: Workspace) -> None:
    data_dir = workspace.data_dir
    workspace.commit([_household("kept")])
    workspace.close()
    shard = data_dir / "villages" / f"{VILLAGE}.json"
    shard.write_bytes(shard.read_bytes()[:40])  # truncated by a faulty SD card
    with Workspace.open(data_dir) as ws:
        assert _names(ws) == {"kept"}
        assert ws.report.rebuilt_shards == [VILLAGE]
    assert list(shard.parent.glob(f"{VILLAGE}.json.corrupt-*")), "damaged file kept aside"
    assert orjson.loads(shard.read_bytes())


def test_storage_never_reads_a_broken_file_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_bytes(b'{"household": {"1": {"id"')
    with pytest.raises(CorruptShardError):
        AtomicOrjsonStorage(path)
    assert path.read_bytes() == b'{"household": {"1": {"id"'


def test_storage_writes_utf8_atomically(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    storage = AtomicOrjsonStorage(path)
    storage.write({"household": {"1": {"first_name": "น้ำพริก"}}})
    assert not path.exists()  # nothing on disk until flushed
    storage.flush()
    assert "น้ำพริก".encode() in path.read_bytes()  # no \\u escapes
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_failed_append_saves_nothing(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    journal = workspace.data_dir / "journal.jsonl"
    before = journal.stat().st_size if journal.exists() else 0  # created by the first edit
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        workspace.commit([_household("lost")])
    monkeypatch.undo()
    assert (journal.stat().st_size if journal.exists() else 0) == before
    assert _names(workspace) == set()
    op = workspace.commit([_household("next")])[0]
    assert op.seq == 1  # the failed edit did not burn a sequence number


def test_unchanged_values_make_no_operation(workspace: Workspace) -> None:
    [op] = workspace.commit([_household("ก")])
    assert workspace.commit([Change("household", VILLAGE, {"first_name": "ก"}, op.record)]) == []


def test_delete_is_a_tombstone(workspace: Workspace) -> None:
    [op] = workspace.commit([_household("ลบ")])
    workspace.commit([Change("household", VILLAGE, {"deleted": True}, op.record)])
    assert _names(workspace) == set()
    [kept] = workspace.records(VILLAGE, "household", include_deleted=True)
    assert kept["first_name"] == "ลบ" and kept["deleted"] is True  # the data stays, hidden
