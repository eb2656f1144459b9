"""A damaged line in ``journal-archive/`` (a flipped bit on the SD card of a compacted device)
is treated like a damaged journal line: what reads is kept, what does not is said with what
to do; ``repair`` reads everything before it changes anything, never deletes the village
files it cannot rebuild, and says so when it stops part-way; after it the device sends and
backs up what it still has."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store import at_rest
from sammachip_tui.store import repair as repair_module
from sammachip_tui.store.compaction import compact
from sammachip_tui.store.damage import Damage, JournalDamagedError
from sammachip_tui.store.encrypt import encrypt
from sammachip_tui.store.repair import RepairUnfinishedError, repair
from sammachip_tui.store.workspace import REPAIR_MARKER, Workspace
from sammachip_tui.sync import backup as backup_module
from sammachip_tui.sync import bundle as sb

from .test_compaction import (
    PIN,
    VILLAGE,
    accept,
    add_households,
    device,
    sealed_archive,
    send_and_ack,
)

HOUSEHOLDS = 10


@pytest.fixture(scope="module")
def compacted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A field device whose 10 households (and village) central acknowledged, compacted: the
    live journal is empty, every operation is in archive segment 000001. Built once; each
    test works on its own copy."""
    root = tmp_path_factory.mktemp("compacted")
    field, central = device(root, "field"), device(root, "office", "central")
    accept(central, field)
    add_households(field, HOUSEHOLDS)
    send_and_ack(field, central)
    assert compact(field).moved == HOUSEHOLDS
    field.close()
    central.close()
    return root / "field"


def damaged_copy(compacted: Path, tmp_path: Path, *, index: bool = False) -> Path:
    """A copy of the compacted device with one byte of its first archive line flipped (and
    the segment's index gone unless ``index``: it is rebuilt, and the damage found)."""
    data_dir = tmp_path / "field"
    shutil.copytree(compacted, data_dir)
    segment = data_dir / "journal-archive" / "000001.jsonl"
    raw = bytearray(segment.read_bytes())
    raw[40] ^= 0x01
    segment.write_bytes(bytes(raw))
    if not index:
        segment.with_suffix(".idx").unlink()
    return data_dir


def households(data_dir: Path) -> int:
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        return len(ws.records(VILLAGE, "household"))


def fill_new_tablet(data_dir: Path, tmp_path: Path) -> int:
    """Households a new tablet ends up with from one bundle of ``data_dir``."""
    tablet = device(tmp_path, "tablet")
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        accept(tablet, ws)
        out = sb.build_bundle(ws, tablet.device.device_id)
    assert out is not None
    sb.receive_message(tablet, out.message)
    count = len(tablet.records(VILLAGE, "household"))
    tablet.close()
    return count


@pytest.mark.parametrize("index", [False, True], ids=["index-rebuilt", "index-kept"])
def test_a_bundle_needing_a_damaged_archive_line_says_run_repair(
    compacted: Path, tmp_path: Path, index: bool
) -> None:
    data_dir = damaged_copy(compacted, tmp_path, index=index)
    with Workspace.open(data_dir, flush_delay=3600) as ws:  # the checkpoint is intact: opens
        assert len(ws.records(VILLAGE, "household")) == HOUSEHOLDS
        with pytest.raises(sb.BundleError) as refused:
            sb.build_bundle(ws, "ABCDEFGH")
    assert "000001.jsonl" in refused.value.message
    assert "sammachip repair" in refused.value.message


def test_backup_of_a_damaged_archive_says_run_repair_and_writes_nothing(
    compacted: Path, tmp_path: Path
) -> None:
    data_dir = damaged_copy(compacted, tmp_path)
    out = tmp_path / "usb"
    with (
        Workspace.open(data_dir, flush_delay=3600) as ws,
        pytest.raises(backup_module.BackupError) as refused,
    ):
        backup_module.write_backup(ws, out)
    assert "sammachip repair" in refused.value.message
    assert not out.exists() or not any(out.iterdir())


def test_repair_keeps_what_reads_and_the_device_then_sends_and_backs_up_all(
    compacted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = damaged_copy(compacted, tmp_path)
    assert main(["--lang", "en", "--data-dir", str(data_dir), "repair"]) == 0
    said = capsys.readouterr().out
    assert "Journal archive: 1 damaged line(s) set aside" in said
    assert not (data_dir / REPAIR_MARKER).exists()
    assert households(data_dir) == HOUSEHOLDS
    # The damaged original is kept aside; the segment now holds only lines that read.
    [copy] = data_dir.glob("repair-*")
    assert (copy / "journal-archive" / "000001.jsonl").is_file()
    assert fill_new_tablet(data_dir, tmp_path) == HOUSEHOLDS  # the lost value came back
    with Workspace.open(data_dir, flush_delay=3600) as ws:
        info = backup_module.write_backup(ws, tmp_path / "usb")
    assert info.households == HOUSEHOLDS
    assert main(["--lang", "en", "--data-dir", str(data_dir), "repair"]) == 0
    assert "Nothing needed repair." in capsys.readouterr().out


def test_checkpoint_lost_with_a_damaged_archive_says_repair_and_repair_brings_it_back(
    compacted: Path, tmp_path: Path
) -> None:
    data_dir = damaged_copy(compacted, tmp_path)
    (data_dir / "checkpoint.json").unlink()
    with pytest.raises(JournalDamagedError) as found:
        Workspace.open(data_dir, flush_delay=3600)
    assert found.value.finding.damage is Damage.archive
    assert "journal-archive" in found.value.message
    assert "sammachip repair" in found.value.message
    repair(data_dir)
    assert households(data_dir) == HOUSEHOLDS


def test_a_village_file_rebuilt_from_a_damaged_archive_is_refused_not_short(
    compacted: Path, tmp_path: Path
) -> None:
    data_dir = damaged_copy(compacted, tmp_path)
    (data_dir / "villages" / f"{VILLAGE}.json").write_bytes(b"{not json")
    with pytest.raises(JournalDamagedError) as found:
        Workspace.open(data_dir, flush_delay=3600)
    assert found.value.finding.damage is Damage.archive
    report = repair(data_dir)
    assert report.archive_set_aside == 1
    assert households(data_dir) == HOUSEHOLDS - 1  # that line's household is gone: said


def test_repair_that_cannot_read_the_archive_changes_nothing(
    compacted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = damaged_copy(compacted, tmp_path)
    villages = sorted(p.name for p in (data_dir / "villages").glob("*.json"))
    journal = (data_dir / "journal.jsonl").read_bytes()
    salvage = repair_module._salvage

    def unreadable(path: Path, cipher: object) -> object:
        if "journal-archive" in path.parts:
            raise OSError(errno.EIO, "Input/output error", str(path))
        return salvage(path, cipher)  # type: ignore[arg-type]

    monkeypatch.setattr(repair_module, "_salvage", unreadable)
    with pytest.raises(OSError):
        repair(data_dir)
    assert sorted(p.name for p in (data_dir / "villages").glob("*.json")) == villages
    assert (data_dir / "journal.jsonl").read_bytes() == journal
    assert (data_dir / "checkpoint.json").exists()
    assert not (data_dir / REPAIR_MARKER).exists()
    monkeypatch.undo()
    assert households(data_dir) == HOUSEHOLDS  # opens as before


def test_repair_stopped_part_way_says_so_and_running_it_again_finishes(
    compacted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    data_dir = damaged_copy(compacted, tmp_path)

    def full_disk(*_a: object, **_k: object) -> Workspace:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(repair_module.Workspace, "open", full_disk)
    assert main(["--lang", "en", "--data-dir", str(data_dir), "repair"]) == 2
    said = capsys.readouterr().err
    assert "Nothing was changed" not in said
    assert "sammachip repair" in said and "again" in said
    with pytest.raises(RepairUnfinishedError):
        repair(data_dir)
    monkeypatch.undo()
    report = repair(data_dir)
    assert report.archive_set_aside == 1
    assert households(data_dir) == HOUSEHOLDS


def test_an_encrypted_archive_is_repaired_and_stays_sealed(
    compacted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(at_rest, "SCRYPT_N", 2**12)
    data_dir = tmp_path / "sealed"
    shutil.copytree(compacted, data_dir)
    try:
        encrypt(data_dir, PIN)  # seals the archive too
        segment = data_dir / "journal-archive" / "000001.jsonl"
        raw = bytearray(segment.read_bytes())
        raw[40] ^= 0x01
        segment.write_bytes(bytes(raw))
        segment.with_suffix(".idx").unlink(missing_ok=True)
        at_rest.forget(data_dir)
        at_rest.unlock(data_dir, PIN)
        assert repair(data_dir).archive_set_aside == 1
        assert len(sealed_archive(data_dir).splitlines()) == HOUSEHOLDS - 1
        assert households(data_dir) == HOUSEHOLDS
    finally:
        at_rest._unlocked.clear()
