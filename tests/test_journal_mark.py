"""Issue 16, start-up after years: opening checks only the journal after the checkpoint when
the checkpoint's mark says the lines before it are the ones checked at an earlier open. A
torn tail is still cut, damage after the mark still stops the open, and a journal that is
not the one marked (replaced, cut back), or a village file to rebuild, is checked whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from sammachip_tui.store import journal as journal_module
from sammachip_tui.store.damage import JournalDamagedError
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import (
    CHECKPOINT_FILE,
    JOURNAL_FILE,
    Change,
    Workspace,
    _checkpoint_crc,
)

VILLAGE = "52120505"
EDITS = 150  # ~25 KB of journal: more than the mark's two 4 KiB ends


def _open(path: Path) -> Workspace:
    return Workspace.open(path, flush_delay=3600)


def _store(root: Path) -> Path:
    """A closed store with ``EDITS`` households, ten a commit (its checkpoint marked)."""
    path = root / "a"
    ws = Workspace.init(path, name="a", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip
    for n in range(0, EDITS, 10):
        ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                 "first_name": f"คน{i:03d}"})
                   for i in range(n, n + 10)])  # fmt: skip
    ws.close()
    return path


def _names(ws: Workspace) -> int:
    return len(ws.records(VILLAGE, "household"))


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The byte count of every journal check made (``scan_bytes``' input)."""
    sizes: list[int] = []
    original = journal_module.scan_bytes

    def spy(data: bytes) -> journal_module.Scan:
        sizes.append(len(data))
        return original(data)

    monkeypatch.setattr(journal_module, "scan_bytes", spy)
    return sizes


def _flip_middle(path: Path) -> None:
    """Damage one byte in the middle of the journal, far from both ends of the mark."""
    raw = bytearray((path / JOURNAL_FILE).read_bytes())
    at = raw.index(b"\n", len(raw) // 2) + 20
    raw[at] ^= 0x01
    (path / JOURNAL_FILE).write_bytes(bytes(raw))


def test_open_checks_only_what_follows_the_mark(tmp_path: Path, scanned: list[int]) -> None:
    path = _store(tmp_path)
    scanned.clear()
    size = (path / JOURNAL_FILE).stat().st_size
    assert orjson.loads((path / CHECKPOINT_FILE).read_bytes())["verified"]
    with _open(path) as ws:
        assert _names(ws) == EDITS
    assert scanned == [0]  # nothing after the checkpoint to check
    assert size > 16_384


def test_torn_tail_after_the_mark_is_still_cut(tmp_path: Path, scanned: list[int]) -> None:
    path = _store(tmp_path)
    scanned.clear()
    size = (path / JOURNAL_FILE).stat().st_size
    with open(path / JOURNAL_FILE, "ab") as f:
        f.write(b'0badc0de {"o":"half a li')  # a power cut in the middle of a write
    with _open(path) as ws:
        assert ws.report.torn_journal_bytes == 24
        assert _names(ws) == EDITS
        ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": "ใหม่"})])
    assert scanned[0] == 24  # the tail only
    with _open(path) as ws:  # the next edit starts on a clean line
        assert _names(ws) == EDITS + 1
    assert (path / JOURNAL_FILE).stat().st_size > size


def test_damage_after_the_mark_stops_the_open(tmp_path: Path) -> None:
    path = _store(tmp_path)
    ws = _open(path)
    for i in range(3):  # journaled, not flushed: after the checkpoint's mark
        ws.commit([Change("household", VILLAGE, {"village_code": VILLAGE,
                                                 "first_name": f"หลัง{i}"})])  # fmt: skip
    ws._journal.close()  # killed: no flush, no checkpoint
    ws._stop_flusher()
    ws._executor.shutdown()
    ws._lock.release()
    journal = path / JOURNAL_FILE
    raw = bytearray(journal.read_bytes())
    second_last = raw.rindex(b"\n", 0, raw.rindex(b"\n", 0, len(raw) - 1))
    raw[second_last - 5] ^= 0x01  # the second-to-last line: a good line follows it
    journal.write_bytes(bytes(raw))
    with pytest.raises(JournalDamagedError):
        _open(path)


def test_a_replaced_journal_is_checked_whole(tmp_path: Path, scanned: list[int]) -> None:
    path = _store(tmp_path)
    _flip_middle(path)  # the mark's ends are as they were: found nowhere else
    with _open(path) as ws:  # the prefix is trusted: the damage is not read at open
        assert _names(ws) == EDITS
    other = _store(tmp_path / "other")  # another device's journal put in its place
    _flip_middle(other)
    shutil.copy(other / JOURNAL_FILE, path / JOURNAL_FILE)
    scanned.clear()
    with pytest.raises(JournalDamagedError):
        _open(path)  # checked whole: its own middle line is damaged
    assert scanned == [(path / JOURNAL_FILE).stat().st_size]


def test_a_village_file_to_rebuild_checks_the_journal_whole(tmp_path: Path) -> None:
    path = _store(tmp_path)
    _flip_middle(path)
    (path / "villages" / f"{VILLAGE}.json").unlink()  # rebuilt from every line
    with pytest.raises(JournalDamagedError):  # said, never a half-rebuilt village
        _open(path)


def test_an_older_checkpoint_gets_its_mark(tmp_path: Path, scanned: list[int],
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from sammachip_tui.store import workspace as workspace_module

    monkeypatch.setattr(workspace_module, "MARK_AFTER", 1000)
    path = _store(tmp_path)
    data = orjson.loads((path / CHECKPOINT_FILE).read_bytes())
    del data["verified"], data["crc"]  # as an older version wrote it
    data["crc"] = _checkpoint_crc(data)
    (path / CHECKPOINT_FILE).write_bytes(orjson.dumps(data))
    size = (path / JOURNAL_FILE).stat().st_size
    scanned.clear()
    _open(path).close()  # checked whole, nothing edited: the mark written at close
    _open(path).close()
    assert scanned == [size, 0]
