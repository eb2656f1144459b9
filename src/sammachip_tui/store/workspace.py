"""The workspace: one data directory, one writer, every edit journaled before it counts.

Layout of a data directory::

    .lock               OS lock held while a process has the workspace open
    device.json         this device (store/device.py); device.key beside it
    journal.jsonl       every operation applied here, checksummed, fsynced (store/journal.py)
    checkpoint.json     journal offset up to which every village shard is on disk
    villages/<code>.json  one TinyDB file per village (store/storage.py)
    settings.json       interface preferences

The path of an edit: ``commit`` assigns sequence number and clock stamp, appends the
operation to the journal and fsyncs (now it is saved), applies it to the in-memory shard and
schedules a shard flush a moment later on the store's own thread. At start the journal from
the checkpoint on is replayed into the shards; applying is idempotent, so replaying an entry
a shard already has changes nothing.

All disk work can run on the store's single writer thread (``submit``), so the interface never
waits on the disk; the CLI calls ``commit`` directly.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import orjson
from tinydb import TinyDB

from sammachip_tui.model.areas import is_village_code
from sammachip_tui.store.at_rest import Cipher, cipher_for
from sammachip_tui.store.damage import Damage, Finding, JournalDamagedError
from sammachip_tui.store.device import Device, create_device, load_device
from sammachip_tui.store.fsutil import atomic_write, make_private, private_dir
from sammachip_tui.store.hlc import HybridClock, is_stamp, parse_stamp
from sammachip_tui.store.ids import record_id
from sammachip_tui.store.journal import Journal, Scan
from sammachip_tui.store.journal_index import Archive, JournalIndex
from sammachip_tui.store.latest_income import Latest, latest_figures, overlay, settled_by_readings
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.oplog import Applied, Op, Outcome, apply_op, conflicts_of, leaves_of
from sammachip_tui.store.storage import AtomicOrjsonStorage, CorruptShardError

log = logging.getLogger(__name__)
T = TypeVar("T")

JOURNAL_FILE = "journal.jsonl"
CHECKPOINT_FILE = "checkpoint.json"
CHECKPOINT_KEYS = frozenset({"offset", "seq", "stamp", "villages", "verified"})
MARK_AFTER = 1 << 20
AUTO_COMPACT_BYTES = 32 << 20
"""A live journal this long (about 200,000 operations) is compacted when the workspace
closes, if there is something every peer holds (store/compaction.py): the journal stays
short without the officer knowing the command."""
"""A journal this long (bytes) whose checkpoint has no mark of its checked prefix (written
by an older version) gets one at the next flush, even when nothing else changed."""
# Any of these says a device was set up here (store/device.py, store/at_rest.py).
SET_UP_FILES = ("device.json", "device.key", "journal.jsonl", "keys.json")
REPAIR_MARKER = "repair-unfinished.json"  # store/repair.py: a repair was interrupted
VILLAGES_DIR = "villages"
KINDS = ("village", "household", "forum", "item", "attendance", "group", "member", "proposal",
         "occupation", "lesson", "livelihood", "group_status", "committee", "ledger", "activity",
         "support", "market", "evaluation", "product", "bylaws", "plan", "plan_row",
         "model_role", "mentoring", "mentor_session", "mentor_outcome", "group_link",
         "income", "service")  # fmt: skip
VILLAGE_CODE = re.compile(r"^\d{8}$")


class WorkspaceClosedError(RuntimeError):
    """The workspace is closed (or closing): this edit was not taken. Callers say so; an
    edit is never dropped without a word."""


class NotSetUpError(Exception):
    """The data directory has no device yet (run ``sammachip init`` or the first-run screen)."""


@dataclass(frozen=True)
class Change:
    """What a user did to one record. ``record=None`` creates a new record."""

    kind: str
    village: str
    values: dict[str, Any]
    record: str | None = None
    resolve: bool = False  # replace every concurrent version (resolving a conflict)
    create: bool = False  # create ``record`` with this id (ids that are natural keys)
    # Stamps replaced besides the current ones (``sammachip repair`` re-issuing a value
    # whose operation the journal lost: it replaces what that operation replaced).
    replaces: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    """One field with concurrent versions: the one shown and the others, by stamp."""

    village: str
    kind: str
    record: str
    field: str
    shown: tuple[str, Any]
    others: dict[str, Any]


@dataclass
class OpenReport:
    """What opening the workspace had to do; the app tells the officer about rebuilt files."""

    replayed: int = 0
    torn_journal_bytes: int = 0
    unfinished_batches: int = 0  # commits cut short mid-journal (skipped, never replayed)
    checkpoint_unreadable: bool = False
    rebuilt_shards: list[str] = field(default_factory=list)
    # The village files could not be written after the replay (a full disk): reading works
    # from memory, and close() tries again.
    flush_error: OSError | None = None


@dataclass(frozen=True)
class Checkpoint:
    """``checkpoint.json``: the journal offset up to which every shard is on disk."""

    offset: int = 0
    seq: int = 0
    stamp: str = ""
    villages: tuple[str, ...] = ()
    found: bool = False  # read from a file (not a fresh or unreadable one)
    # ``Journal.mark(offset)`` when the checkpoint was written: the journal up to ``offset``
    # was checked line by line then (at an open, or written by that process), so an open
    # that finds the same mark checks only what comes after it. 0: none (check it whole).
    verified: int = 0

    def valid(self) -> bool:
        def count(n: object) -> bool:
            return isinstance(n, int) and not isinstance(n, bool) and n >= 0

        return (
            count(self.offset)
            and count(self.seq)
            and (self.stamp == "" or _stamp_ok(self.stamp))
            and all(isinstance(v, str) for v in self.villages)
            and count(self.verified)
        )


class Shard:
    """One village's TinyDB file, with an index from record id to TinyDB doc id.

    Reads go through TinyDB tables; writes go through ``AtomicOrjsonStorage.put`` (see there).
    A table per kind: those of ``KINDS``, and any other kind found in the file or merged from
    a newer version (kept as received, to be passed on).
    """

    def __init__(self, path: Path, cipher: Cipher | None = None) -> None:
        self.path = path
        self.db = TinyDB(path, storage=AtomicOrjsonStorage, cipher=cipher)
        self.storage: AtomicOrjsonStorage = self.db.storage  # type: ignore[assignment]
        self.index: dict[str, dict[str, int]] = {}
        self._next_id: dict[str, int] = {}
        self._latest: Latest | None = None  # household figures by reading (latest_income.py)
        # The village's household counts (store/village_counts.py), kept as operations apply:
        # each household's share, the totals, and the households changed since (their
        # share is counted again when the counts are next read, after the whole batch).
        self._shares: dict[str, tuple[int, int, int, int]] | None = None
        self._totals = (0, 0, 0, 0)
        self._changed: set[str] = set()
        for kind in (*KINDS, *sorted(self.db.tables() - set(KINDS))):
            self._open(kind)

    def _open(self, kind: str) -> dict[str, int]:
        table = self.db.table(kind, cache_size=0)
        self.index[kind] = {doc["id"]: doc.doc_id for doc in table.all()}
        self._next_id[kind] = max(self.index[kind].values(), default=0) + 1
        return self.index[kind]

    def get(self, kind: str, rid: str) -> dict[str, Any] | None:
        doc_id = self.index.get(kind, {}).get(rid)
        if doc_id is None:
            return None
        return self.db.table(kind).get(doc_id=doc_id)

    def all(self, kind: str) -> list[dict[str, Any]]:
        return list(self.db.table(kind).all())

    def latest_income(self) -> Latest:
        """Each household's figures by its latest reading, kept until a reading changes."""
        if self._latest is None:
            self._latest = latest_figures(self.all("income"))
        return self._latest

    def household_counts(self) -> tuple[int, int, int, int]:
        """Households, volunteers, สัมมาชีพ, trained: counted once per shard, then only the
        households each operation changed are counted again."""
        from sammachip_tui.store.village_counts import household_share

        if self._shares is None:  # the first look: every household, in one read
            self._shares = {}
            self._changed = set()
            for doc in self.all("household"):
                share = household_share(self.shown("household", doc))
                if any(share):
                    self._shares[doc["id"]] = share
            t = [sum(column) for column in zip(*self._shares.values(), strict=False)]
            self._totals = (t[0], t[1], t[2], t[3]) if t else (0, 0, 0, 0)
        for rid in self._changed:
            found = self.get("household", rid)
            new = (0, 0, 0, 0) if found is None else household_share(self.shown("household", found))
            old = self._shares.pop(rid, (0, 0, 0, 0))
            if any(new):
                self._shares[rid] = new
            t = [a - b + c for a, b, c in zip(self._totals, old, new, strict=True)]
            self._totals = (t[0], t[1], t[2], t[3])
        self._changed = set()
        return self._totals

    def shown(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        """A record as readers see it: a household's figures are its latest reading's."""
        return overlay(record, self.latest_income()) if kind == "household" else record

    def apply(self, op: Op) -> Applied:
        applied = apply_op(self.get(op.kind, op.record), op)
        if applied.outcome is Outcome.duplicate:
            return applied
        if op.kind == "income":
            self._latest = None
        if self._shares is not None:
            if op.kind == "household":
                self._changed.add(op.record)
            elif op.kind == "income":  # a reading moves its household's figures
                for record in (self.get(op.kind, op.record), applied.record):
                    if record is not None and isinstance(record.get("household_id"), str):
                        self._changed.add(record["household_id"])
        index = self.index.get(op.kind)
        if index is None:
            index = self._open(op.kind)
        doc_id = index.get(op.record)
        if doc_id is None:
            doc_id = self._next_id[op.kind]
            self._next_id[op.kind] += 1
            index[op.record] = doc_id
        self.storage.put(op.kind, doc_id, applied.record)
        return applied


class Workspace:
    def __init__(
        self,
        data_dir: Path,
        device: Device,
        lock: DirectoryLock,
        *,
        flush_delay: float = 2.0,
    ) -> None:
        self.data_dir = data_dir
        self.device = device
        self.flush_delay = flush_delay
        self.report = OpenReport()
        self._lock = lock
        self._mutex = threading.RLock()
        self._flush_mutex = threading.Lock()
        self._clock = HybridClock(device.device_id)
        self._seq = 0
        self._shards: dict[str, Shard] = {}
        self._flush_cond = threading.Condition()
        self._flush_due: float | None = None
        self._stopping = False
        self._flusher = threading.Thread(
            target=self._flush_loop, name="sammachip-flush", daemon=True
        )
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sammachip-store")
        self._closed = False  # no more commits: the journal is closed or closing
        self._closing = False  # no more submissions: the writer's queue is draining
        self._checkpoint_offset = -1
        # Compact at close past AUTO_COMPACT_BYTES (off for a repair, which rewrites all).
        self.auto_compact = True
        # Set by close() when the last flush failed: the journal has every edit, the village
        # files are rebuilt from it at the next start. The caller says so.
        self.flush_error: OSError | None = None
        self.cipher = cipher_for(data_dir)  # None unless encrypted at rest (store/at_rest.py)
        self._journal = Journal(data_dir / JOURNAL_FILE, cipher=self.cipher)
        # Entries compaction moved out of the journal (store/compaction.py), and where each
        # operation sits in both, by origin and sequence (store/journal_index.py).
        self.archive = Archive(data_dir, self.cipher)
        self.index = JournalIndex(data_dir, self._journal, self.archive)

    # ----------------------------------------------------------------- opening and closing
    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        flush_delay: float = 2.0,
        lock: DirectoryLock | None = None,
        repairing: bool = False,
    ) -> Workspace:
        """Lock (unless ``lock`` is already held), load and replay.

        Raises WorkspaceLockedError, NotSetUpError; on error a lock taken here is released.
        """
        data_dir = Path(data_dir)
        if lock is None and not any((data_dir / name).exists() for name in SET_UP_FILES):
            # Not a data directory (a mistyped --data-dir, a home folder): said before
            # anything is created, locked or made private in it.
            raise NotSetUpError(str(data_dir))
        with _holding(data_dir, lock) as held:
            device = load_device(data_dir)
            if device is None:
                raise NotSetUpError(str(data_dir))
            make_private(data_dir)  # what older versions left readable by others
            ws = cls(data_dir, device, held, flush_delay=flush_delay)
            try:
                ws.auto_compact = not repairing
                if not repairing and (data_dir / REPAIR_MARKER).exists():
                    raise JournalDamagedError(Finding(Damage.unfinished_repair))
                ws._load()
            except BaseException:
                ws._closed = True
                ws._stop_flusher()
                ws._journal.close()
                ws._executor.shutdown(wait=False)
                raise
        return ws

    @classmethod
    def init(
        cls,
        data_dir: Path,
        *,
        name: str,
        role: str,
        district: str,
        passphrase: str | None,
        district_key: bytes | None = None,
        flush_delay: float = 2.0,
        lock: DirectoryLock | None = None,
    ) -> Workspace:
        """Set up a new device in ``data_dir`` and open it. Refuses a directory already set up."""
        data_dir = Path(data_dir)
        with _holding(data_dir, lock) as held:
            if load_device(data_dir) is not None:
                raise FileExistsError(str(data_dir / "device.json"))
            create_device(
                data_dir,
                name=name,
                role=role,
                district=district,
                passphrase=passphrase,
                district_key=district_key,
            )
            # The journal of a new device exists from the start (empty): opening a directory
            # whose journal is gone creates none (Journal), so it is found, not replaced.
            fd = os.open(data_dir / JOURNAL_FILE, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
            return cls.open(data_dir, flush_delay=flush_delay, lock=held)

    def _load(self) -> None:
        """Check the journal (what follows the checkpoint's mark, else all of it: see
        ``_checked_prefix``), mend a torn last write, replay into the shards.

        Damage (not a torn write) raises JournalDamagedError before anything is changed."""
        self._flusher.start()
        villages = private_dir(self.data_dir / VILLAGES_DIR)
        checkpoint = self._read_checkpoint()
        start = checkpoint.offset
        if checkpoint.found:
            self._checkpoint_offset = checkpoint.offset  # a read-only command writes nothing
        self._seq = checkpoint.seq
        if checkpoint.stamp:
            self._clock.observe(checkpoint.stamp)
        checked_from = self._checked_prefix(checkpoint)
        scan = self._journal.scan(checked_from)
        _refuse_damage(scan)
        rebuild = False  # every village file is replayed: the archive first
        if checkpoint.offset > scan.good_end and self._compaction_cut_short(
            scan.good_end, checkpoint.offset
        ):
            # Killed between writing the compacted journal and its checkpoint: the village
            # files hold everything the old journal had; replay the new one whole.
            checkpoint = Checkpoint(seq=checkpoint.seq, stamp=checkpoint.stamp,
                                    villages=checkpoint.villages, found=True)  # fmt: skip
            start = 0
        if checked_from and checkpoint.offset > scan.good_end:  # cannot be: check it whole
            scan, checked_from = self._journal.scan(), 0
            _refuse_damage(scan)
        if checkpoint.offset > scan.good_end:
            missing = not self._journal.existed or scan.size == 0
            raise JournalDamagedError(
                Finding(Damage.missing if missing else Damage.shorter, size=scan.size,
                        expected=checkpoint.offset)
            )  # fmt: skip
        if checkpoint.offset and not self._journal.at_line_start(checkpoint.offset):
            # Not where a line starts, so not an offset this device wrote: replay everything
            # and compare with the village files, as without a checkpoint.
            self.report.checkpoint_unreadable = True
            checkpoint = Checkpoint()
            start = 0
        self._journal.recover(scan)
        self.report.torn_journal_bytes = self._journal.torn_bytes
        self.report.unfinished_batches = len(scan.unfinished)
        for path in sorted(villages.glob("*.json")):
            if not VILLAGE_CODE.match(path.stem):
                log.warning("not a village file, left alone: %s", path)
                continue
            try:
                self._shards[path.stem] = Shard(path, self.cipher)
            except CorruptShardError as exc:
                # Keep the damaged file for inspection and rebuild the village from the journal.
                aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
                path.replace(aside)
                log.warning("shard %s does not parse (%s); rebuilding from journal", path, exc)
                self.report.rebuilt_shards.append(path.stem)
                start, rebuild = 0, True
        if any(code not in self._shards for code in checkpoint.villages):
            start, rebuild = 0, True  # a shard file went missing: rebuild it
        if start < checked_from:
            # Replaying lines the open did not check (a village file to rebuild): check the
            # whole journal first, as every open did before the mark.
            scan = self._journal.scan()
            _refuse_damage(scan)
            self._journal.recover(scan)
            self.report.unfinished_batches = len(scan.unfinished)
        if not checkpoint.verified and self._journal.size >= MARK_AFTER:
            self._checkpoint_offset = -1  # write the mark at the next flush (an older store)
        # Without a checkpoint nothing says how long the journal was: compare it with what
        # the village files hold instead, so that a lost journal is found, not replaced.
        stamps: set[str] | None = set() if not checkpoint.found and self._shards else None
        rebuild = rebuild or not checkpoint.found
        replayed = 0
        archived: Iterable[dict[str, Any]] = ()
        if rebuild and self.archive.exists():
            # Compaction moved these out of the journal; a rebuild needs them first (a
            # damaged archive line is read past, then said: ``repair`` rebuilds without it).
            archived = self.archive.entries(strict=False)
        for data in itertools.chain(archived, (e.data for e in self._journal.entries(start))):
            op = Op.from_json(data)
            if stamps is not None:
                stamps.add(op.stamp)
            self._observe(op)
            if self._apply(op).outcome is not Outcome.duplicate:
                replayed += 1
        if rebuild and self.archive.damaged:  # the rebuilt village files would lack them
            bad = sum(self.archive.damaged.values())
            raise JournalDamagedError(Finding(Damage.archive, bad_lines=bad))
        if stamps is not None:
            lost = self._stamps_not_in(stamps)
            if lost:
                raise JournalDamagedError(
                    Finding(Damage.missing if scan.size == 0 else Damage.lost, lost=lost)
                )
        self.report.replayed = replayed
        if replayed or self.report.rebuilt_shards:
            try:
                self.flush()
            except OSError as exc:  # a full disk must not stop a command that only reads
                log.info("village files not written after replay: %s", exc)
                self.report.flush_error = exc

    def _checked_prefix(self, checkpoint: Checkpoint) -> int:
        """Where the open's check of the journal starts: the checkpoint's offset when its
        mark says the journal up to there is the one checked before (the same first and
        last bytes before it); 0 (everything) otherwise.

        What this leaves unseen at open: a line inside that prefix damaged on disk since it
        was checked (the card decaying under it). The open does not need those lines (the
        village files hold them); they are found when anything reads them: a bundle for a
        peer (IndexedLineError, said in words), compaction, a rebuild of a village file
        (which checks the whole journal first, below), and ``sammachip repair``."""
        offset = checkpoint.offset
        if not checkpoint.found or not checkpoint.verified or offset <= 0:
            return 0
        if offset > self._journal.size or not self._journal.at_line_start(offset):
            return 0
        return offset if self._journal.mark(offset) == checkpoint.verified else 0

    def _compaction_cut_short(self, size: int, checkpoint: int) -> bool:
        """Whether the journal is the one a compaction wrote and was killed before its
        checkpoint (store/compaction.py leaves a note naming it until then)."""
        from sammachip_tui.store.compaction import interrupted_compaction

        return interrupted_compaction(self.data_dir, self._journal, size, checkpoint)

    def _stamps_not_in(self, stamps: set[str]) -> int:
        """Edits the shards hold whose operations are not in ``stamps``."""
        lost = 0
        for shard in self._shards.values():
            for kind in list(shard.index):
                for record in shard.all(kind):
                    lost += sum(1 for s in record.get("_seen", ()) if s not in stamps)
        return lost

    def _read_checkpoint(self) -> Checkpoint:
        """The checkpoint, or an empty one if it is missing or does not read as one (it is
        written atomically, so that is outside damage: everything is replayed and checked)."""
        path = self.data_dir / CHECKPOINT_FILE
        if not path.exists():
            return Checkpoint()
        try:
            data = orjson.loads(path.read_bytes())
            if "crc" in data and data.pop("crc") != _checkpoint_crc(data):
                raise ValueError("checksum")  # a flipped bit in "seq" would reuse numbers
            if not set(data) <= CHECKPOINT_KEYS:  # "crc" flipped to "crb": not an old one
                raise ValueError("keys")
            checkpoint = Checkpoint(
                offset=data["offset"],
                seq=data.get("seq", 0),
                stamp=data.get("stamp") or "",
                villages=tuple(data.get("villages", ())),
                found=True,
                verified=data.get("verified", 0),
            )
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError):
            checkpoint = Checkpoint(offset=-1)
        except OSError as exc:  # a folder where the file belongs: replay all, say so
            log.warning("checkpoint %s cannot be read: %s", path, exc)
            checkpoint = Checkpoint(offset=-1)
        if not checkpoint.valid():
            log.warning("checkpoint %s does not read as one; replaying the whole journal", path)
            self.report.checkpoint_unreadable = True
            return Checkpoint()
        return checkpoint

    def close(self) -> None:
        """Journal every edit already handed to the writer, flush every shard, stop the
        threads and release the lock.

        A flush that fails (a full disk) does not raise: every edit is in the journal, and
        the village files are rebuilt from it at the next start. It is kept in
        ``flush_error`` for the caller to tell the officer.

        Order matters: the queue drains while commits are still allowed (an officer's last
        keystrokes before Ctrl+Q are in it), and only then is the workspace closed."""
        with self._mutex:
            if self._closing:
                return
            self._closing = True
        self._executor.shutdown(wait=True)
        with self._mutex:
            self._closed = True
        self._stop_flusher()
        self._compact_at_close()
        try:
            self.flush()
        except OSError as exc:
            log.info("village files not written at close: %s", exc)
            self.flush_error = exc
        finally:
            self._save_index()
            self._journal.close()
            self.archive.close()
            self._lock.release()

    def _compact_at_close(self) -> None:
        """Compaction, when the live journal is past ``AUTO_COMPACT_BYTES`` and some of it
        is held by every peer. At close: every edit is in, the writer's queue is drained and
        nothing builds a bundle or reads the journal any more (the interface and the command
        line are done with the store). Crash-safe as ``sammachip journal compact`` is (it is
        the same function); a failure (a full card, a damaged line) is logged and changes
        nothing the next open needs: the journal stays as it was, or the new one is whole."""
        if not self.auto_compact or self._journal.size < AUTO_COMPACT_BYTES:
            return
        from sammachip_tui.store.compaction import compact, may_move

        try:
            if not may_move(self):  # a peer lacks it all: not worth a plan over every line
                return
            moved = compact(self).moved  # nothing written when nothing moves
        except Exception as exc:  # closing never fails for it: the next close tries again
            log.info("journal not compacted at close: %s", exc)
        else:
            log.info("journal compacted at close: %d entries archived", moved)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------ writes
    def commit(self, changes: Iterable[Change]) -> list[Op]:
        """Journal (fsync) and apply ``changes`` as one unit. Returns the operations made.

        Changes that alter nothing (every value already as stored) make no operation.
        When this returns, the edits survive a crash; if it raises, nothing was saved.
        """
        with self._mutex:
            if self._closed:
                raise WorkspaceClosedError("workspace is closed")
            seq_before = self._seq
            ops: list[Op] = []
            pending: dict[tuple[str, str], list[Op]] = {}
            try:
                for change in changes:
                    op = self._make_op(change, pending)
                    if op is not None:
                        ops.append(op)
                if not ops:
                    return []
                self._journal.append([op.to_json() for op in ops])
            except BaseException:
                self._seq = seq_before
                raise
            for op in ops:
                self._apply(op)
            self._schedule_flush()
        return ops

    def submit(self, changes: Iterable[Change]) -> Future[list[Op]]:
        """``commit`` on the store's writer thread; the future says when it is saved."""
        changes = list(changes)
        return self._on_writer(lambda: self.commit(changes))

    def submit_edit(
        self, build: Callable[[Workspace], Iterable[Change | None]]
    ) -> Future[list[Op]]:
        """Build the changes on the writer thread from the state the earlier edits left, then
        commit them. Two quick "+1 vote" presses each see the other's result; built on the
        interface thread from what it last read, the second would overwrite the first."""

        return self._on_writer(lambda: self.commit_built(build))

    def commit_built(self, build: Callable[[Workspace], Iterable[Change | None]]) -> list[Op]:
        """``commit`` what ``build`` returns, built under the store's lock from the state
        every earlier edit left (None entries, for "nothing to change", are skipped)."""
        with self._mutex:
            return self.commit([c for c in build(self) if c is not None])

    def on_writer(self, task: Callable[[Workspace], T]) -> Future[T]:
        """Run ``task`` on the writer thread after every edit submitted before it: reading
        there what those edits changed costs the interface thread no wait on the store."""
        return self._on_writer(lambda: task(self))

    def _on_writer(self, task: Callable[[], T]) -> Future[T]:
        if self._closing:
            raise WorkspaceClosedError("workspace is closed")
        try:
            return self._executor.submit(task)
        except RuntimeError as exc:  # shut down between the check and the submit
            raise WorkspaceClosedError("workspace is closed") from exc

    @property
    def sequence(self) -> int:
        """The greatest sequence number this device has handed out."""
        with self._mutex:
            return self._seq

    def reserve_seq(self, at_least: int) -> None:
        """Make the next sequence number greater than ``at_least`` (``repair``: numbers a
        lost journal entry used must not be handed out twice; peers skip what they have)."""
        with self._mutex:
            self._seq = max(self._seq, at_least)

    def observe_stamp(self, stamp: str) -> None:
        """Move the clock past ``stamp`` (``repair``: past edits only the old files held)."""
        if _stamp_ok(stamp):
            self._clock.observe(stamp)

    def next_record_id(self) -> str:
        """The id the next record created will get. Only meaningful inside a ``submit_edit``
        build (the writer holds the store), for the first change it returns: so that records
        made together (a group and its members) can name each other."""
        return record_id(self.device.device_id, self._seq + 1)

    def ordinal(self) -> float:
        """A number above every one this device handed out or saw in a stamp: where a new
        item goes at the end of its list, without reading the list. It follows the hybrid
        clock (wall ms, then its counter), so it keeps rising across restarts and clock
        jumps, and items typed on two devices interleave in the order they were said.
        A whole number (ms × 1000 + counter), exact as a float until the year 2255, so that
        moving an item halves the gap to a neighbour many times over."""
        ms, counter, _device = parse_stamp(self._clock.now())
        return float(ms * 1000 + min(counter, 999))

    def merge(self, ops: Iterable[Op]) -> list[Applied]:
        """Apply operations received from another device as one journaled batch (duplicates
        skipped): all of them, or none.

        Every operation is checked whole first (store/op_checks.py), with the validation a
        local edit gets; one that fails refuses the batch with OpRefusedError before anything
        is journaled: one bad line in the journal would stop every later start. A kind this
        version does not know (a newer version's) is stored as received and passed on.
        """
        from sammachip_tui.store.op_checks import check_ops  # loaded with the first merge

        ops = list(ops)
        check_ops(ops)  # raises OpRefusedError: nothing is journaled
        with self._mutex:
            if self._closed:
                raise WorkspaceClosedError("workspace is closed")
            unique = {op.stamp: op for op in ops}.values()
            fresh = [op for op in unique if not self._has(op)]
            if not fresh:
                return []
            self._journal.append([op.to_json() for op in fresh])
            results = []
            for op in fresh:
                self._observe(op)
                results.append(self._apply(op))
            self._schedule_flush()
        return results

    def _has(self, op: Op) -> bool:
        shard = self._shards.get(op.village)
        if shard is None or op.kind not in shard.index:
            return False
        current = shard.get(op.kind, op.record)
        return current is not None and op.stamp in current.get("_seen", ())

    def _current(
        self, kind: str, village: str, rid: str, pending: dict[tuple[str, str], list[Op]]
    ) -> dict[str, Any] | None:
        """The record as it will be after the ops already made in this batch."""
        record = self._stored(village, kind, rid)
        for op in pending.get((kind, rid), ()):
            record = apply_op(record, op).record
        return record

    def _make_op(self, change: Change, pending: dict[tuple[str, str], list[Op]]) -> Op | None:
        if change.kind not in KINDS:
            raise ValueError(f"unknown record kind {change.kind!r}")
        if not VILLAGE_CODE.match(change.village):
            raise ValueError(f"not a village code: {change.village!r}")
        values = dict(change.values)
        replaces: dict[str, list[str]] = {}
        if change.record is None or change.create:
            seq = self._seq + 1
            rid = change.record or record_id(self.device.device_id, seq)
            if change.create and self._current(change.kind, change.village, rid, pending):
                raise ValueError(f"{change.kind} {rid} already exists")
        else:
            rid = change.record
            current = self._current(change.kind, change.village, rid, pending)
            if current is None:
                raise KeyError(f"no {change.kind} {rid} in village {change.village}")
            for name in list(values):
                if name in current.get("_s", {}):
                    unchanged = current.get(name) == values[name]
                    if unchanged and not (change.resolve and name in current.get("_c", {})):
                        del values[name]
                        continue
                    if change.resolve:
                        replaces[name] = leaves_of(current, name)
                    else:
                        replaces[name] = [current["_s"][name]]
            if not values:
                return None
            seq = self._seq + 1
        for name, stamps in change.replaces.items():
            if name in values:
                replaces[name] = sorted({*replaces.get(name, ()), *stamps})
        self._seq = seq
        op = Op(
            origin=self.device.device_id,
            seq=seq,
            stamp=self._clock.now(),
            kind=change.kind,
            record=rid,
            village=change.village,
            values=values,
            replaces=replaces,
        )
        pending.setdefault((change.kind, rid), []).append(op)
        return op

    def _observe(self, op: Op) -> None:
        self._clock.observe(op.stamp)
        if op.origin == self.device.device_id and op.seq > self._seq:
            self._seq = op.seq

    def _apply(self, op: Op) -> Applied:
        shard = self._shards.get(op.village)
        if shard is None:
            shard = Shard(self.data_dir / VILLAGES_DIR / f"{op.village}.json", self.cipher)
            self._shards[op.village] = shard
        return shard.apply(op)

    # ------------------------------------------------------------------------------ flushing
    def _schedule_flush(self) -> None:
        """Flush once no edit has come for ``flush_delay`` seconds (off the typing path)."""
        with self._flush_cond:
            idle = self._flush_due is None
            self._flush_due = time.monotonic() + self.flush_delay
            if idle:
                self._flush_cond.notify()

    def _stop_flusher(self) -> None:
        with self._flush_cond:
            self._stopping = True
            self._flush_cond.notify()
        if self._flusher.is_alive():
            self._flusher.join()

    def _flush_loop(self) -> None:
        while True:
            with self._flush_cond:
                while not self._stopping:
                    if self._flush_due is None:
                        self._flush_cond.wait()
                        continue
                    remaining = self._flush_due - time.monotonic()
                    if remaining <= 0:
                        break
                    self._flush_cond.wait(remaining)
                if self._stopping:
                    return
                self._flush_due = None
            try:
                self.flush()
            except OSError as exc:  # the journal has every edit; the next flush tries again
                # (info, not a traceback: with no logging set up, Python prints warnings and
                # errors on the command line's stderr, in the middle of a command's output)
                log.info("shard flush failed: %s", exc)
            except Exception:
                log.exception("shard flush failed")

    def flush(self) -> None:
        """Write every changed shard atomically, then the checkpoint."""
        with self._flush_mutex:
            self._flush_held()

    def _flush_held(self) -> None:
        """``flush`` for a caller holding the flush lock (compaction holds it throughout)."""
        with self._mutex:
            offset = self._journal.size
            dirty = [s for s in self._shards.values() if s.storage.dirty]
            payloads = [(s.path, s.storage.serialize()) for s in dirty]
            for shard in dirty:
                shard.storage.dirty = False
            checkpoint: dict[str, Any] = {
                "offset": offset,
                "seq": self._seq,
                "stamp": self._clock.now(),
                "villages": sorted(self._shards),
            }
            # Every byte up to ``offset`` was checked at open or written here; marked unless
            # an unfinished batch sits in it (only a whole check knows to skip that).
            mark = self._journal.mark(offset)
            if mark and not self._journal.unfinished:
                checkpoint["verified"] = mark
            checkpoint["crc"] = _checkpoint_crc(checkpoint)
        if not payloads and self._checkpoint_offset == offset:
            return
        try:
            for path, data in payloads:
                atomic_write(path, data)
            atomic_write(self.data_dir / CHECKPOINT_FILE, orjson.dumps(checkpoint))
            self._checkpoint_offset = offset
        except BaseException:
            with self._mutex:
                for shard in dirty:
                    shard.storage.dirty = True
            raise

    # ------------------------------------------------------------------------------- reads
    def villages(self) -> list[str]:
        """Village codes with records (not the district's own shard)."""
        with self._mutex:
            return sorted(code for code in self._shards if is_village_code(code))

    def household_counts(self, village: str) -> tuple[int, int, int, int]:
        """Households, volunteers, สัมมาชีพ, trained of ``village``, kept as operations
        apply (Shard.household_counts): the first screen does not read every household."""
        with self._mutex:
            shard = self._shards.get(village)
            return (0, 0, 0, 0) if shard is None else shard.household_counts()

    def record(self, village: str, kind: str, rid: str) -> dict[str, Any] | None:
        with self._mutex:
            shard = self._shards.get(village)
            record = None if shard is None else shard.get(kind, rid)
            return None if record is None or shard is None else shard.shown(kind, record)

    def _stored(self, village: str, kind: str, rid: str) -> dict[str, Any] | None:
        """The record as merged, before ``Shard.shown`` (what a new operation replaces)."""
        with self._mutex:
            shard = self._shards.get(village)
            return None if shard is None else shard.get(kind, rid)

    def records(
        self, village: str, kind: str, *, include_deleted: bool = False
    ) -> list[dict[str, Any]]:
        with self._mutex:
            shard = self._shards.get(village)
            if shard is None:
                return []
            docs = shard.all(kind)
            if kind == "household":
                docs = [shard.shown(kind, d) for d in docs]
        if include_deleted:
            return docs
        return [d for d in docs if not d.get("deleted")]

    def conflicts(self) -> list[Conflict]:
        """Every field edited concurrently on two devices and not resolved yet."""
        found = []
        with self._mutex:
            for village, shard in sorted(self._shards.items()):
                for kind in KINDS:
                    for record in shard.all(kind):
                        for name, versions in conflicts_of(record).items():
                            if kind == "household" and settled_by_readings(
                                record, name, shard.latest_income()
                            ):
                                continue
                            found.append(
                                Conflict(
                                    village, kind, record["id"], name,
                                    shown=(record["_s"][name], record.get(name)),
                                    others=dict(versions),
                                )
                            )  # fmt: skip
        return found

    def journal_entries(self) -> list[Op]:
        """Every operation in the journal, oldest first, those compaction archived included
        (for backups and audit; never on the send path, which reads ``ops_lacking``)."""
        with self._mutex:
            archived = [Op.from_json(d) for d in self.archive.entries()]
            return archived + [Op.from_json(e.data) for e in self._journal.entries(0)]

    def ops_lacking(self, vector: dict[str, int], exclude: str = "") -> list[Op]:
        """The operations a peer holding ``vector`` (per origin, the sequence number it has
        everything up to) lacks, none of origin ``exclude``: read by offset through the
        index, not the whole journal (store/journal_index.py)."""
        with self._mutex:
            return [Op.from_json(d) for d in self.index.lacking(vector, exclude)]

    def held_by_origin(self) -> dict[str, tuple[int, int]]:
        """Per origin: (greatest sequence number, how many of its numbers) this store holds,
        read from the journal's index (store/journal_index.py), not the journal's lines."""
        with self._mutex:
            return self.index.held()

    def held_above(self, origin: str, floor: int) -> int:
        """How many of ``origin``'s sequence numbers above ``floor`` this store holds (from
        the journal's index)."""
        with self._mutex:
            return self.index.held_above(origin, floor)

    def _save_index(self) -> None:
        try:
            self.index.save()
        except OSError as exc:  # rebuilt from the journal at the next use
            log.info("journal index not saved: %s", exc)


def _refuse_damage(scan: Scan) -> None:
    """Damage (not a torn write) found by ``scan``: stop the open before anything changes."""
    if scan.damaged_at is not None:
        raise JournalDamagedError(
            Finding(Damage.damaged, at=scan.damaged_at, bad_lines=scan.damaged_lines,
                    good_after=scan.lines_after_damage)
        )  # fmt: skip


def _stamp_ok(stamp: object) -> bool:
    return is_stamp(stamp)  # not op_checks': that loads every model, and opening needs none


def _checkpoint_crc(fields: dict[str, Any]) -> int:
    return zlib.crc32(orjson.dumps({k: v for k, v in fields.items() if k != "crc"},
                                   option=orjson.OPT_SORT_KEYS))  # fmt: skip


@contextlib.contextmanager
def _holding(data_dir: Path, lock: DirectoryLock | None) -> Iterator[DirectoryLock]:
    """The directory lock: ``lock`` if the caller holds it, else taken here and given back
    if what runs under it fails (a caller's lock stays the caller's to release)."""
    private_dir(data_dir)
    if lock is not None:
        yield lock
        return
    lock = DirectoryLock(data_dir)
    lock.acquire()
    try:
        yield lock
    except BaseException:
        lock.release()
        raise
