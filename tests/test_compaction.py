"""Compaction: what every peer holds leaves the live journal for the archive; what a peer
lacks stays; a kill at any step leaves a directory that opens whole; the journal checks and
``repair`` never call a compacted journal damaged; a device filled later converges."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store import at_rest, compaction, journal_index
from sammachip_tui.store import workspace as workspace_module
from sammachip_tui.store.compaction import compact, plan
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.encrypt import encrypt
from sammachip_tui.store.repair import repair
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceRegistry, Status

VILLAGE = "52120505"
PIN = "246810"


def device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip


def add_households(ws: Workspace, n: int, start: int = 0) -> None:
    ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                             "first_name": f"สมศรี{i}", "house_no": str(i)})
               for i in range(start, start + n)])  # fmt: skip


def accept(receiver: Workspace, sender: Workspace) -> None:
    registry = DeviceRegistry(receiver.data_dir)
    registry.meet(sender.device.device_id, bytes.fromhex(sender.device.public_key),
                  sender.device.name, sender.device.role.value)  # fmt: skip
    registry.set_status(sender.device.device_id, Status.accepted)


def send_and_ack(src: Workspace, dst: Workspace, peer: str = sb.CENTRAL) -> None:
    out = sb.build_bundle(src, peer)
    assert out is not None
    got = sb.receive_message(dst, out.message)
    sb.acknowledge(src, got.ack)


def snapshot(ws: Workspace) -> dict[str, object]:
    return {f"{kind}/{r['id']}": {k: v for k, v in r.items() if k != "_seen"}
            for v in ws.villages() for kind in ("village", "household")
            for r in ws.records(v, kind, include_deleted=True)}  # fmt: skip


@pytest.fixture
def synced(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """A field device whose 30 households central acknowledged, and 5 more it has not."""
    field, central = device(tmp_path, "field"), device(tmp_path, "office", "central")
    accept(central, field)
    add_households(field, 30)
    send_and_ack(field, central)
    add_households(field, 5, start=30)
    yield field, central
    field.close()
    central.close()


def test_compaction_moves_what_central_holds_and_keeps_what_it_lacks(
    synced: tuple[Workspace, Workspace],
) -> None:
    field, _central = synced
    before = snapshot(field)
    size = field._journal.size
    dry = plan(field)
    assert (dry.entries, dry.moved, dry.not_acknowledged) == (35, 30, {"central": 5})
    assert field._journal.size == size  # a dry run writes nothing
    done = compact(field)
    assert done.moved == 30 and field._journal.size < size / 3
    # Central still gets the 5 it lacks, from the live journal; the rest is not sent again.
    out = sb.build_bundle(field, sb.CENTRAL)
    assert out is not None and out.ops == 5
    assert compact(field).moved == 0  # nothing more to move until central acknowledges
    data_dir = field.data_dir
    field.close()
    reopened = Workspace.open(data_dir, flush_delay=3600)  # no damage found
    assert snapshot(reopened) == before
    assert len(reopened.journal_entries()) == 35  # the archive is still part of the story
    reopened.close()
    report = repair(data_dir)  # repair finds nothing lost and re-issues nothing
    assert (report.reissued_fields, report.set_aside, report.households) == (0, 0, 35)
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        assert snapshot(ws) == before
        assert ws.sequence == 35  # nothing was re-issued under new numbers


def test_a_device_filled_after_compaction_converges(
    tmp_path: Path, synced: tuple[Workspace, Workspace]
) -> None:
    field, central = synced
    send_and_ack(field, central)
    compact(field)
    assert field._journal.size == 0
    late = device(tmp_path, "late")  # a new tablet, never heard of before
    accept(late, field)
    out = sb.build_bundle(field, late.device.device_id)
    assert out is not None and out.ops == 35  # read from the archive
    sb.receive_message(late, out.message)
    assert snapshot(late) == snapshot(field) == snapshot(central)
    assert sb.receive_message(late, out.message).already  # merging again changes nothing
    late.close()


@pytest.mark.parametrize("lost", ["village files", "checkpoint", "both"])
def test_village_files_lost_after_compaction_are_rebuilt_with_the_archive(
    synced: tuple[Workspace, Workspace], lost: str
) -> None:
    """Without the checkpoint, opening compares the village files with the journal: the
    archived entries count as the journal's (no "lost entries" alarm)."""
    field, _central = synced
    compact(field)
    before = snapshot(field)
    data_dir = field.data_dir
    field.close()
    if lost != "checkpoint":
        for path in (data_dir / "villages").glob("*.json"):
            path.unlink()
    if lost != "village files":
        (data_dir / "checkpoint.json").unlink()
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        assert snapshot(ws) == before


class Killed(BaseException):
    """A kill at one write (BaseException: nothing may catch it as an error)."""


@pytest.mark.parametrize("step", range(1, 7))
def test_a_kill_at_any_step_of_compaction_leaves_a_whole_directory(
    synced: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    """Writes: the archive segment, its index, the note, the journal, the checkpoint, the
    journal's index. Killed at any: it opens, nothing lost, nothing flagged."""
    field, _central = synced
    field.flush()
    before = snapshot(field)
    calls = []
    real = workspace_module.atomic_write

    def write(path: Path, data: object, **kw: object) -> None:
        calls.append(path.name)
        if len(calls) == step:
            raise Killed
        real(path, data, **kw)  # type: ignore[arg-type]

    for module in (compaction, journal_index, workspace_module):
        monkeypatch.setattr(module, "atomic_write", write)
    with pytest.raises(Killed):
        compact(field)
    monkeypatch.undo()
    # The process dies here: nothing more is written, the lock goes with it.
    field._closed = True
    field._stop_flusher()
    field._journal.close()
    field._lock.release()
    with Workspace.open(field.data_dir, flush_delay=3600) as ws:
        assert snapshot(ws) == before
        assert len({op.stamp for op in ws.journal_entries()}) == 35
        again = compact(ws)  # and a compaction run again finishes the job
        assert again.kept == 5 and len(ws.journal_entries()) == 35  # no entry twice
        out = sb.build_bundle(ws, "someone-new")
        assert out is not None and out.ops == 35
    with Workspace.open(field.data_dir, flush_delay=3600) as ws:
        assert snapshot(ws) == before
        assert ws._journal.size > 0 and len(ws.ops_lacking({})) == 35


def sealed_archive(data_dir: Path) -> bytes:
    """The archive segment, checked to hold no name in clear."""
    segment = next((data_dir / "journal-archive").glob("*.jsonl")).read_bytes()
    assert "สมศรี".encode() not in segment
    return segment


def reopened_with_pin(data_dir: Path, before: dict[str, object]) -> int:
    """Open with the PIN, as a new process would: the same records; the operations read."""
    at_rest.forget(data_dir)
    at_rest.unlock(data_dir, PIN)
    try:
        with Workspace.open(data_dir, flush_delay=3600) as ws:
            assert snapshot(ws) == before
            return len(ws.ops_lacking({}))
    finally:
        at_rest._unlocked.clear()


def test_an_encrypted_directory_compacts_and_stays_sealed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(at_rest, "SCRYPT_N", 2**12)
    data_dir = tmp_path / "sealed"
    encrypt(data_dir, PIN)
    field = Workspace.init(data_dir, name="f", role="field", district="5212", passphrase=None,
                           district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip
    central = device(tmp_path, "office", "central")
    try:
        accept(central, field)
        add_households(field, 12)
        send_and_ack(field, central)
        before = snapshot(field)
        assert compact(field).moved == 12
    finally:
        field.close()
        central.close()
    assert len(sealed_archive(data_dir).splitlines()) == 12
    assert reopened_with_pin(data_dir, before) == 12


def test_the_command_says_what_would_go_and_why_the_rest_stays(
    synced: tuple[Workspace, Workspace], capsys: pytest.CaptureFixture[str]
) -> None:
    field, _central = synced
    data_dir = field.data_dir
    field.close()
    args = ["--lang", "en", "--data-dir", str(data_dir), "journal", "compact"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "30 entries" in out and "would move" in out
    assert "5 stay: central has not acknowledged them yet." in out
    assert main(args) == 0
    assert "30 entries" in capsys.readouterr().out
    assert main(args) == 0
    assert "0 entries" in capsys.readouterr().out
    field._closing = True  # closed above; the fixture's close is a no-op


def test_ten_thousand_receives_leave_a_bounded_sync_file(tmp_path: Path) -> None:
    """Digests of merged bundles and bundles awaiting an acknowledgement are bounded: the
    oldest are forgotten (re-merging a forgotten bundle changes nothing)."""
    state = sb.SyncState()
    for n in range(10_000):
        state.received[f"{n:032x}"] = "2026-11-22T03:00:00Z"
        state.sent[f"{n:08x}"] = {"peer": f"peer{n % 40}", "seqs": {"a": [n + 1]},
                                  "at": "2026-11-22T03:00:00Z"}  # fmt: skip
        if n % 500 == 0:
            state.save(tmp_path)
            state = sb.SyncState.load(tmp_path)
    state.save(tmp_path)
    size = (tmp_path / "sync.json").stat().st_size
    assert size < 200_000
    kept = sb.SyncState.load(tmp_path)
    assert len(kept.received) == sb.KEEP_RECEIVED and f"{9_999:032x}" in kept.received
    assert len(kept.sent) == sb.KEEP_SENT_ALL and f"{9_999:08x}" in kept.sent


def test_encrypting_a_compacted_directory_seals_the_archive_too(
    synced: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(at_rest, "SCRYPT_N", 2**12)
    field, _central = synced
    compact(field)
    before = snapshot(field)
    data_dir = field.data_dir
    field.close()
    encrypt(data_dir, PIN)
    sealed_archive(data_dir)
    assert reopened_with_pin(data_dir, before) == 35


def test_a_peer_sent_to_holds_compaction_back_until_revoked(
    tmp_path: Path, synced: tuple[Workspace, Workspace]
) -> None:
    field, central = synced
    send_and_ack(field, central)
    other = device(tmp_path, "other")
    accept(field, other)
    assert sb.build_bundle(field, other.device.device_id) is not None  # never acknowledged
    held = plan(field)
    assert (held.moved, held.not_acknowledged) == (0, {other.device.device_id: 35})
    sb.revoke_device(field, other.device.device_id)
    assert plan(field).moved == 35
    other.close()


def test_a_note_left_by_a_finished_compaction_never_hides_a_cut_journal(
    synced: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the new checkpoint, the note stays; a journal later cut back to exactly
    the compacted size is still reported shorter, not taken for a compaction cut short."""
    from sammachip_tui.store.damage import Damage, JournalDamagedError

    field, _central = synced

    def killed(*_args: object) -> None:
        raise Killed

    monkeypatch.setattr(Workspace, "_save_index", killed)
    with pytest.raises(Killed):
        compact(field)
    monkeypatch.undo()
    size = field._journal.size
    add_households(field, 3, start=50)
    field.close()
    assert (field.data_dir / "journal-archive" / compaction.NOTE_FILE).exists()
    with open(field.data_dir / "journal.jsonl", "r+b") as f:
        f.truncate(size)
    with pytest.raises(JournalDamagedError) as found:
        Workspace.open(field.data_dir)
    assert found.value.finding.damage is Damage.shorter


@pytest.mark.parametrize("index", ["kept", "lost"])
def test_a_damaged_archive_line_stops_a_bundle_with_a_message(
    synced: tuple[Workspace, Workspace], index: str
) -> None:
    field, _central = synced
    compact(field)
    data_dir = field.data_dir
    field.close()
    [segment] = (data_dir / "journal-archive").glob("*.jsonl")
    raw = bytearray(segment.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # a flipped bit on the card
    segment.write_bytes(bytes(raw))
    if index == "lost":
        segment.with_suffix(".idx").unlink()
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        with pytest.raises(sb.BundleError) as refused:
            sb.build_bundle(ws, "a-new-tablet")
        assert "journal-archive" in refused.value.message
        assert "000001.jsonl" in refused.value.message
    args = ["--lang", "en", "--data-dir", str(data_dir), "journal", "compact", "--dry-run"]
    assert main(args) == 2  # said on stderr, not a traceback
