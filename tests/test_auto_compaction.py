"""Issue 16, a store used for years: closing the workspace compacts the journal by itself
once the live journal is past ``AUTO_COMPACT_BYTES`` (lowered here), moving only what every
peer holds; what a peer lacks stays and is still sent; a failure while compacting at close
(a full card, or a kill) leaves a store that opens whole."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui.store import compaction, journal_index
from sammachip_tui.store import workspace as workspace_module
from sammachip_tui.store.workspace import Workspace
from sammachip_tui.sync import bundle as sb
from tests.test_compaction import accept, add_households, device, send_and_ack, snapshot


@pytest.fixture
def synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Workspace, Workspace]]:
    """A field device whose 30 households central acknowledged, and 5 more it has not; the
    threshold just under the field device's journal."""
    field, central = device(tmp_path, "field"), device(tmp_path, "office", "central")
    accept(central, field)
    add_households(field, 30)
    send_and_ack(field, central)
    add_households(field, 5, start=30)
    monkeypatch.setattr(workspace_module, "AUTO_COMPACT_BYTES", field._journal.size - 1)
    yield field, central
    central.close()


def _reopen(path: Path) -> Workspace:
    return Workspace.open(path, flush_delay=3600)


def test_closing_past_the_threshold_compacts(synced: tuple[Workspace, Workspace]) -> None:
    field, central = synced
    before, size, path = snapshot(field), field._journal.size, field.data_dir
    field.close()
    assert (path / "journal-archive").is_dir()
    assert (path / "journal.jsonl").stat().st_size < size / 3  # the 5 central lacks stay
    with _reopen(path) as ws:
        assert snapshot(ws) == before
        out = sb.build_bundle(ws, sb.CENTRAL)  # what central lacks is still sent
        assert out is not None and out.ops == 5
        got = sb.receive_message(central, out.message)
        sb.acknowledge(ws, got.ack)
    assert snapshot(central) == before


def test_below_the_threshold_nothing_moves(
    synced: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    field, _central = synced
    monkeypatch.setattr(workspace_module, "AUTO_COMPACT_BYTES", field._journal.size + 1)
    size, path = field._journal.size, field.data_dir
    field.close()
    assert not (path / "journal-archive").exists()
    assert (path / "journal.jsonl").stat().st_size == size


def test_nothing_every_peer_holds_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    field = device(tmp_path, "field")  # never sent to central: central lacks everything
    add_households(field, 10)
    monkeypatch.setattr(workspace_module, "AUTO_COMPACT_BYTES", 1)

    planned: list[object] = []
    real_plan = compaction._plan
    monkeypatch.setattr(compaction, "_plan", lambda *a: planned.append(a) or real_plan(*a))
    size, path = field._journal.size, field.data_dir
    field.close()
    assert planned == []  # the index said so at once: no plan over every line
    assert not (path / "journal-archive").exists()
    assert (path / "journal.jsonl").stat().st_size == size


@pytest.mark.parametrize(
    "full_at", ["000001.jsonl", "000001.idx", "compacting.json", "journal.jsonl", "journal.idx"]
)
def test_a_full_card_while_compacting_at_close_leaves_a_whole_store(
    synced: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch, full_at: str
) -> None:
    """ENOSPC at any file compaction writes (the archive segment and its index, the note,
    the new journal, its index): close says nothing (logged), the next open has every
    record and every operation, and the next close finishes the job."""
    field, _central = synced
    before, path = snapshot(field), field.data_dir
    real = workspace_module.atomic_write

    def write(target: Path, data: object, **kw: object) -> None:
        if target.name == full_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(target, data, **kw)  # type: ignore[arg-type]

    for module in (compaction, journal_index, workspace_module):
        monkeypatch.setattr(module, "atomic_write", write)
    field.close()  # never raises for it
    for module in (compaction, journal_index, workspace_module):
        monkeypatch.setattr(module, "atomic_write", real)
    with _reopen(path) as ws:  # (an entry in the archive and the journal is read once)
        assert snapshot(ws) == before
        assert len({op.stamp for op in ws.journal_entries()}) == 35
        assert len(ws.ops_lacking({})) == 35  # what a new device would be sent
    with _reopen(path) as ws:  # the close above finished the job: no entry twice
        assert snapshot(ws) == before and len(ws.journal_entries()) == 35


def test_a_repair_never_compacts_at_close(
    synced: tuple[Workspace, Workspace],
) -> None:
    field, _central = synced
    path = field.data_dir
    field.close()  # compacted once (above the threshold)
    segments = sorted((path / "journal-archive").glob("*.jsonl"))
    ws = Workspace.open(path, flush_delay=3600, repairing=True)
    assert ws.auto_compact is False
    ws.close()
    assert sorted((path / "journal-archive").glob("*.jsonl")) == segments
