"""``sammachip repair``: bring a damaged data directory back with everything recoverable.

What it does, in an order where a kill at any point leaves either the old files or a
directory that opens (and ``repair`` can be run again):

1. copy the journal, the checkpoint and the village files into ``repair-<time>/`` (what is
   set aside is never deleted);
2. salvage every journal line whose checksum matches and whose operation passes the checks
   a received one does (store/op_checks.py); the rest is set aside, counted;
3. read the village files that still read: they may hold edits the journal lost;
4. write the salvaged journal (atomically), drop the checkpoint and the village files, and
   open: the shards are rebuilt from the journal;
5. re-issue, as new operations of this device, every field value the old village files held
   that the salvaged journal does not: so that they are in the journal again, and travel to
   the central store (sequence numbers start above any this device ever handed out, which
   ``sync.json`` remembers, so that a peer that already has the lost ones still takes them).
   A re-issued value replaces every version the old file knew, so on a peer that still has
   the lost operation it does not stand as a conflict beside it.

What cannot come back is counted: damaged journal lines whose operation no village file
holds, versions of a field that were only a conflict, records of a kind this version does
not know.
"""

from __future__ import annotations

import os
import shutil
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui import clock
from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.store.at_rest import Cipher, SealedFileError, cipher_for
from sammachip_tui.store.device import load_device
from sammachip_tui.store.fsutil import atomic_write, fsync_directory, private_dir
from sammachip_tui.store.ids import ALPHABET
from sammachip_tui.store.journal import BATCH_KEY, batch_size, decode_line, encode_line
from sammachip_tui.store.journal_index import ARCHIVE_DIR, Archive
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.op_checks import op_problem
from sammachip_tui.store.oplog import META_KEYS, Op, leaves_of
from sammachip_tui.store.storage import AtomicOrjsonStorage, CorruptShardError
from sammachip_tui.store.workspace import (
    CHECKPOINT_FILE,
    JOURNAL_FILE,
    KINDS,
    REPAIR_MARKER,
    VILLAGE_CODE,
    VILLAGES_DIR,
    Change,
    NotSetUpError,
    Workspace,
)

SYNC_FILE = "sync.json"
MARKER_FILE = REPAIR_MARKER  # names the copy a repair is working from


@dataclass
class RepairReport:
    copy: Path  # the originals, set aside
    kept: int = 0  # journal entries salvaged
    set_aside: int = 0  # journal lines that were damaged or could not be stored
    archive_set_aside: int = 0  # the same, in the journal archive (journal-archive/)
    unfinished: int = 0  # lines of a commit at the end that never finished (never saved)
    unreadable_shards: list[str] = field(default_factory=list)
    reissued_fields: int = 0  # field values brought back from the village files
    reissued_records: int = 0
    lost_versions: int = 0  # conflicting versions only the village files had
    unknown_kind_records: int = 0  # records of a newer version's kind, not re-issued
    households: int = 0  # after the repair

    @property
    def changed(self) -> bool:
        return bool(self.set_aside or self.unfinished or self.unreadable_shards
                    or self.reissued_fields or self.archive_set_aside)  # fmt: skip

    def describe(self) -> str:
        """What came back, in the officer's words (the CLI prints it, the app shows it)."""
        lines = [
            _("Repaired.") if self.changed else _("Nothing needed repair."),
            _("Journal: {kept} entries kept, {aside} damaged line(s) set aside.").format(
                kept=self.kept, aside=self.set_aside
            ),
            _(
                "Brought back from the village files and saved again (they will sync): "
                "{fields} value(s) in {records} record(s)."
            ).format(fields=self.reissued_fields, records=self.reissued_records),
        ]
        if self.archive_set_aside:
            lines.append(
                _("Journal archive: {aside} damaged line(s) set aside; every line that "
                  "reads is kept.").format(aside=self.archive_set_aside)
            )  # fmt: skip
        if self.unfinished:
            lines.append(
                _("{count} line(s) of a commit that never finished were dropped (it was never "
                  "saved).").format(count=self.unfinished)
            )  # fmt: skip
        if self.unreadable_shards:
            lines.append(
                _("Village files that could not be read: {codes}").format(
                    codes=", ".join(self.unreadable_shards)
                )
            )
        if self.lost_versions or self.unknown_kind_records:
            lines.append(
                _(
                    "Could not be brought back: {versions} conflicting version(s) only the "
                    "village files held; {records} record(s) of a kind a newer version made."
                ).format(versions=self.lost_versions, records=self.unknown_kind_records)
            )
        lines.append(_("Households now: {count}.").format(count=self.households))
        lines.append(_("The files as they were are kept in {path}").format(path=self.copy))
        return "\n".join(lines)


def repair(data_dir: Path) -> RepairReport:
    """Repair ``data_dir`` (see the module docstring). Takes the directory's lock."""
    report, ws = repair_and_open(Path(data_dir))
    ws.close()
    return report


def repair_and_open(
    data_dir: Path, lock: DirectoryLock | None = None
) -> tuple[RepairReport, Workspace]:
    """Repair and return the workspace, open (the app goes on with it), under ``lock`` if the
    caller holds it. On error a lock taken here is released; a caller's stays the caller's."""
    own = lock is None
    held = lock or DirectoryLock(data_dir)
    if own:
        held.acquire()
    try:
        return _repair(data_dir, held)
    except BaseException:
        if own:
            held.release()
        raise


def _repair(data_dir: Path, lock: DirectoryLock) -> tuple[RepairReport, Workspace]:
    if load_device(data_dir) is None:
        raise NotSetUpError(str(data_dir))
    cipher = cipher_for(data_dir)
    # The originals are copied first and read from the copy; a marker names the copy until
    # the repair is done, so that a repair killed midway (after the village files are
    # dropped) is finished by the next one from the same originals, and nothing else opens
    # the directory in between.
    copy = _unfinished(data_dir) or _set_aside(data_dir)
    report = RepairReport(copy=copy)
    # Everything is read before anything is changed: what cannot be read stops the repair
    # here, with the directory as it was (the copy aside is only a copy).
    ops, report.set_aside, report.unfinished = _salvage(copy / JOURNAL_FILE, cipher)
    report.kept = len(ops)
    segments = _salvage_archive(data_dir, copy, cipher)
    report.archive_set_aside = sum(bad for _p, _ops, bad in segments)
    old = _old_records(copy / VILLAGES_DIR, report, cipher)
    highest_seq = max(_highest_seq_handed_out(data_dir, copy), _highest_record_seq(data_dir, old),
                      _highest_own_seq(data_dir, segments))  # fmt: skip
    journal = b"".join(encode_line(op.to_json(), cipher) for op in ops)
    atomic_write(data_dir / MARKER_FILE, orjson.dumps({"copy": copy.name}), mode=0o600)
    ws: Workspace | None = None
    try:
        _rewrite_archive(data_dir, copy, segments, cipher)
        atomic_write(data_dir / JOURNAL_FILE, journal, mode=0o600)
        (data_dir / CHECKPOINT_FILE).unlink(missing_ok=True)
        villages = private_dir(data_dir / VILLAGES_DIR)
        for path in villages.glob("*.json"):
            path.unlink()
        fsync_directory(villages)
        ws = Workspace.open(data_dir, lock=lock, repairing=True)
        ws.reserve_seq(highest_seq)
        _reissue(ws, old, report)
        report.households = sum(len(ws.records(v, "household")) for v in ws.villages())
        ws.flush()
        (data_dir / MARKER_FILE).unlink()
        fsync_directory(data_dir)
    except BaseException as exc:
        if ws is not None:
            ws.close()
        if isinstance(exc, (OSError, UserError)):
            raise RepairUnfinishedError(copy, exc) from None
        raise
    return report, ws


class RepairUnfinishedError(UserError):
    """The repair stopped after it had begun changing the directory (a full or read-only
    disk): it says so (never "nothing was changed") and that running it again finishes it
    from the same copy of the originals."""

    def __init__(self, copy: Path, exc: BaseException) -> None:
        from sammachip_tui.store.disk_errors import os_reason

        reason = os_reason(exc) if isinstance(exc, OSError) else getattr(exc, "message", "")
        super().__init__(
            _("The repair stopped before it finished ({reason}). The data directory is "
              "part-way repaired and does not open until it is finished: free some space "
              "(or fix the card), then run “sammachip repair” again; it goes on from the "
              "copy of the original files in {path}.").format(reason=reason, path=copy)
        )  # fmt: skip
        self.copy = copy


Segment = tuple[Path, list[Op], int]  # an archive segment, its intact operations, bad lines


def _salvage_archive(data_dir: Path, copy: Path, cipher: Cipher | None) -> list[Segment]:
    """Every archive segment's intact, storable operations and how many lines were not. A
    segment an interrupted repair already set aside is read from the copy (the original)."""
    found: list[Segment] = []
    for path in Archive(data_dir, cipher).paths():
        kept = copy / ARCHIVE_DIR / path.name
        ops, bad, unfinished = _salvage(kept if kept.is_file() else path, cipher)
        found.append((path, ops, bad + unfinished))
    return found


def _rewrite_archive(
    data_dir: Path, copy: Path, segments: list[Segment], cipher: Cipher | None
) -> None:
    """Each damaged segment: the original into the copy, then the segment written again
    with the lines that read (its index is rebuilt when the workspace opens)."""
    for path, ops, bad in segments:
        if not bad:
            continue
        kept = copy / ARCHIVE_DIR / path.name
        if not kept.is_file():
            private_dir(kept.parent)
            shutil.copy2(path, kept)
            kept.chmod(0o600)
            with open(kept, "rb") as f:
                os.fsync(f.fileno())
            fsync_directory(kept.parent)
        path.with_suffix(".idx").unlink(missing_ok=True)
        body = b"".join(encode_line(op.to_json(), cipher) for op in ops)
        atomic_write(path, body, mode=0o600)


def _highest_own_seq(data_dir: Path, segments: list[Segment]) -> int:
    """The greatest sequence number of this device's operations in the archive."""
    device = load_device(data_dir)
    me = device.device_id if device else ""
    return max((op.seq for _p, ops, _b in segments for op in ops if op.origin == me), default=0)


def _unfinished(data_dir: Path) -> Path | None:
    """The copy an interrupted repair was working from, if there is one."""
    try:
        name = orjson.loads((data_dir / MARKER_FILE).read_bytes())["copy"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None
    copy = data_dir / str(name)
    if not (isinstance(name, str) and name.startswith("repair-") and copy.is_dir()):
        return None
    return copy


def _set_aside(data_dir: Path) -> Path:
    """Copy what repair will rewrite into a new ``repair-<time>`` folder (0700)."""
    when = time.strftime("%Y%m%d-%H%M%S", time.localtime(clock.now().timestamp()))
    copy = data_dir / f"repair-{when}"
    n = 1
    while copy.exists():
        n += 1
        copy = data_dir / f"repair-{when}-{n}"
    copy.mkdir(mode=0o700)
    for name in (JOURNAL_FILE, CHECKPOINT_FILE):
        _keep(data_dir / name, copy / name)
    villages = data_dir / VILLAGES_DIR
    if villages.exists() and not villages.is_dir():  # a file where the folder belongs
        _keep(villages, copy / VILLAGES_DIR)
    if villages.is_dir():
        (copy / VILLAGES_DIR).mkdir(mode=0o700)
        for path in villages.iterdir():
            _keep(path, copy / VILLAGES_DIR / path.name)
    for path in copy.rglob("*"):
        if path.is_file():
            path.chmod(0o600)
            with open(path, "rb") as f:
                os.fsync(f.fileno())
    fsync_directory(copy)
    fsync_directory(data_dir)
    return copy


def _keep(path: Path, kept: Path) -> None:
    """A copy of a file in the ``repair`` folder; anything else found where a file belongs (a
    folder, a pipe) is moved there whole, out of the way of the files repair writes."""
    if path.is_file():
        shutil.copy2(path, kept)
    elif path.exists() or path.is_symlink():
        os.replace(path, kept)


def _salvage(path: Path, cipher: Cipher | None) -> tuple[list[Op], int, int]:
    """Every intact, storable operation of the journal, in order, once each; how many lines
    were set aside (damaged, or not storable); how many belonged to a commit that never
    finished.

    Only the end of a journal can hold a commit that never finished (appends come one after
    the other): a batch there with fewer lines than its header promised, or whose last line
    is torn, was never saved, and is dropped whole as opening does. A batch anywhere else was
    saved whole: a damaged line in it (even a lost newline, which makes two lines one) costs
    that line, and its intact lines are kept."""
    raw = path.read_bytes() if path.is_file() else b""
    lines = [line for line in raw.split(b"\n") if line.strip(b"\x00 \t\r")]
    ops: list[Op] = []
    seen: set[str] = set()
    bad = unfinished = 0
    i = 0
    while i < len(lines):
        n = _header(lines[i])
        if n is None:
            group, i = [lines[i]], i + 1
        else:
            body = lines[i + 1 : i + 1 + n]
            cut = next((k for k, line in enumerate(body) if _header(line) is not None), None)
            body = body if cut is None else body[:cut]
            i += 1 + len(body)
            at_end = i >= len(lines)
            if at_end and (len(body) < n or not _checksum_ok(body[-1])):
                unfinished += len(body)
                continue
            group = body
        for line in group:
            op = _storable(line, cipher)
            if op is None:
                bad += 1
            elif op.stamp not in seen:
                seen.add(op.stamp)
                ops.append(op)
    return ops, bad, unfinished


def _checksum_ok(line: bytes) -> bool:
    """Whether a line's checksum matches (sealed or not: it is over what is on disk)."""
    if len(line) < 10 or line[8:9] != b" ":
        return False
    try:
        return zlib.crc32(line[9:]) == int(line[:8], 16)
    except ValueError:
        return False


def _header(line: bytes) -> int | None:
    """``n`` of an intact batch header line (never sealed), else None."""
    if len(line) < 10 or line[8:9] != b" " or not line[9:].startswith(BATCH_KEY):
        return None
    return batch_size(line[9:]) if decode_line(line) is not None else None


def _storable(line: bytes, cipher: Cipher | None) -> Op | None:
    try:
        data = decode_line(line, cipher)
    except SealedFileError:  # the checksum matched but it does not decrypt
        return None
    if data is None or "batch" in data:
        return None
    try:
        op = Op.from_json(data)
    except ValueError:
        return None
    return op if op_problem(op) is None else None


Records = dict[tuple[str, str, str], dict[str, Any]]


def _old_records(villages: Path, report: RepairReport, cipher: Cipher | None) -> Records:
    """Every record of the village files that still read: {(village, kind, id): record}."""
    found: Records = {}
    for path in sorted(villages.glob("*.json")) if villages.is_dir() else ():
        if not VILLAGE_CODE.match(path.stem):
            continue
        try:
            data = AtomicOrjsonStorage(path, cipher).read() or {}
        except CorruptShardError:
            report.unreadable_shards.append(path.stem)
            continue
        for kind, docs in data.items():
            for doc in docs.values():
                found[(path.stem, kind, doc["id"])] = doc
    return found


def _highest_seq_handed_out(data_dir: Path, copy: Path) -> int:
    """The greatest sequence number this device used, as far as anything on disk says: the
    checkpoint (its copy), and what peers acknowledged or were sent (``sync.json``)."""
    device = load_device(data_dir)
    me = device.device_id if device else ""
    top = 0
    for path in (copy / CHECKPOINT_FILE, data_dir / SYNC_FILE):
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        if not isinstance(data, dict):
            continue
        candidates: list[Any] = [data.get("seq")]
        for vector in _dicts(data.get("acked")):
            candidates.append(vector.get(me))
        for sent in _dicts(data.get("sent")):
            seqs = sent.get("seqs")
            mine = seqs.get(me) if isinstance(seqs, dict) else None
            if isinstance(mine, list):
                candidates.extend(mine)
        for n in candidates:
            if isinstance(n, int) and not isinstance(n, bool) and n > top:
                top = n
    return top


def _highest_record_seq(data_dir: Path, old: Records) -> int:
    """The greatest sequence number in the ids of records this device created (a record id
    is the device id and the base32 number of the operation that made it): a floor when the
    checkpoint and ``sync.json`` are gone too."""
    device = load_device(data_dir)
    prefix = f"{device.device_id}." if device else "\0"
    top = 0
    for _village, _kind, rid in old:
        if rid.startswith(prefix):
            try:
                top = max(top, int(rid[len(prefix) :].translate(_CROCKFORD), 32))
            except ValueError:
                continue
    return top


# Crockford base32 (store/ids.py) read by int(..., 32), whose digits are 0-9 then a-v.
_CROCKFORD = str.maketrans(ALPHABET, "0123456789abcdefghijklmnopqrstuv")


def _dicts(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, dict):
        return []
    return [v for v in value.values() if isinstance(v, dict)]


def _reissue(ws: Workspace, old: Records, report: RepairReport) -> None:
    """Commit, as this device's own edits, what the old village files held and the
    salvaged journal does not (one batch)."""
    for record in old.values():
        for stamp in record.get("_seen", ()):
            ws.observe_stamp(stamp)  # re-issued stamps sort after every lost one
    changes: list[Change] = []
    for (village, kind, rid), record in sorted(old.items()):
        if kind not in KINDS:
            report.unknown_kind_records += 1
            continue
        current = ws.record(village, kind, rid)
        have = set(current.get("_seen", ())) if current else set()
        values: dict[str, Any] = {}
        replaces: dict[str, list[str]] = {}
        for name, value in record.items():
            if name == "id" or name in META_KEYS:
                continue
            stamp = record.get("_s", {}).get(name)
            lost = [s for s in record.get("_c", {}).get(name, {}) if s not in have]
            report.lost_versions += len(lost)
            if stamp is None or stamp in have:
                continue
            if current is not None and current.get(name) == value and not lost:
                continue
            values[name] = value
            replaces[name] = leaves_of(record, name)
        if values:
            changes.append(
                Change(kind, village, values, record=rid, create=current is None,
                       replaces=replaces)
            )  # fmt: skip
            report.reissued_records += 1
            report.reissued_fields += len(values)
    if changes:
        ws.commit(changes)
