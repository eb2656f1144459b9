"""Compaction: moving journal entries every peer holds out of the live journal.

A district store that runs for years has a million lines in its journal. Opening checks
only what follows the checkpoint's mark (store/workspace.py ``_checked_prefix``), but a
rebuild, an older checkpoint or a journal found replaced checks it whole, and the live
journal's index grows with it. Compaction moves out the entries that are both

* behind the checkpoint (in the village files on disk: it flushes first), and
* acknowledged by every peer this device sends to (``peers_sent_to``: a peer it built a
  bundle for, "central" on a field device, a device given villages at a central store; not
  one it only received from, which is filled from the archive if it is ever sent to). An
  entry a peer made itself counts as held by that peer. What any of them has not
  acknowledged stays in the live journal.

Where they go: ``journal-archive/NNNNNN.jsonl``, in the journal's own line format (a sealed
line stays sealed: encrypted directories keep working), each segment written whole once,
with its index beside it. The archive is never read at start-up, only when a peer lacks
what it holds: a device filled after compaction (a new tablet, a peer never heard from)
still receives every operation, as bundles are made of operations, so it ends up with the
same records and merges stay idempotent. What compaction saves is the opens that check the
live journal whole, and the live index's size (bundles read by offset through the index);
not the disk: the archive keeps every operation. Dropping it would need a snapshot a new
device could be filled from (left for later).

Crash safety, step by step (a kill at any point leaves a directory that opens, with every
operation in the archive or the journal or both; an entry in both is a duplicate, which
every reader skips):

1. flush the village files and the checkpoint (everything is behind it);
2. write the new archive segment (temporary file, fsync, rename) and its index;
3. write ``journal-archive/compacting.json``, naming the new journal's size and checksum;
4. remove the live journal's saved index, write the new journal atomically;
5. write the checkpoint (its offset is the new journal's end) and the new index, then
   remove the note. Killed before that, the checkpoint's offset is beyond the new journal:
   the note tells opening this is a compaction cut short, not a journal that lost entries.

``sammachip journal compact`` runs it (``--dry-run`` says how many entries and bytes would
go and why the rest stay), and so does closing a workspace whose live journal is past
``AUTO_COMPACT_BYTES`` (store/workspace.py ``_compact_at_close``: the writer's queue is
drained by then, so no bundle is being built and no edit comes in).
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from sammachip_tui.store.device import Role
from sammachip_tui.store.fsutil import atomic_write, fsync_directory, private_dir
from sammachip_tui.store.journal import Journal
from sammachip_tui.store.journal_index import LIVE_INDEX, SegmentIndex, read_ranges
from sammachip_tui.store.workspace import JOURNAL_FILE, Workspace

if TYPE_CHECKING:
    from sammachip_tui.sync.bundle import SyncState

NOTE_FILE = "compacting.json"
CENTRAL = "central"  # as sync/bundle.py: the peer label a field device sends to


@dataclass
class CompactionPlan:
    """What compaction moves out, and why the rest stays."""

    entries: int = 0  # in the live journal
    journal_bytes: int = 0
    moved: int = 0  # entries that go to the archive (or were there already)
    moved_bytes: int = 0
    after_checkpoint: int = 0  # stay: not yet in the village files on disk
    not_acknowledged: Counter[str] = field(default_factory=Counter)  # stay: peer lacks them
    peers: tuple[str, ...] = ()
    archived_before: int = 0  # entries already in the archive

    @property
    def kept(self) -> int:
        return self.entries - self.moved


def peers_sent_to(ws: Workspace, state: SyncState) -> list[str]:
    """Every peer this device sends to, whose acknowledgements decide what may move: a peer
    a bundle was built for (waiting in ``sync.json``, or acknowledged: the inbox history
    keeps that once ``sync.json`` forgets the bundle; ``scopes`` too), "central" on a field
    device, and on a central store each device given villages there (bundles will go to
    it). Not a revoked device: nothing is sent to it again.

    Not a device that only sent to this one: receiving creates its vector (what it holds,
    never sent back), but nothing goes to it, so it never acknowledges this device's own
    operations and would hold every one of them in the journal for good. Should this
    device send to it later, the bundle is read from the archive as for any new device."""
    from sammachip_tui.sync import inbox
    from sammachip_tui.sync.devices import DeviceRegistry, Status

    peers: set[str] = {s["peer"] for s in state.sent.values() if isinstance(s.get("peer"), str)}
    peers |= {e.device_id for e in inbox.received(ws.data_dir) if e.direction == inbox.SENT}
    peers |= set(state.scopes)
    if ws.device.role is Role.field:
        peers.add(CENTRAL)
    else:
        from sammachip_tui.store.service import services

        peers |= set(services(ws))
    peers.discard(ws.device.device_id)
    peers.discard("")
    registry = DeviceRegistry(ws.data_dir)
    revoked = {p for p in peers if (d := registry.get(p)) and d.status is Status.revoked}
    return sorted(peers - revoked)


def may_move(ws: Workspace) -> bool:
    """Whether any live journal entry might be held by every peer: per origin, its lowest
    sequence number against what each peer acknowledged of it, from the journal's index
    (no step per line). False means ``compact`` would move nothing: a close need not plan
    over every entry of a long journal a peer has not acknowledged for months."""
    from sammachip_tui.sync.bundle import SyncState

    state = SyncState.load(ws.data_dir)
    peers = peers_sent_to(ws, state)
    with ws._mutex:
        origins = [(origin, min(o.seqs) if not o.ordered else o.seqs[0])
                   for origin, o in ws.index.live().origins.items()]  # fmt: skip
    return any(
        all(p == origin or state.acked.get(p, {}).get(origin, 0) >= lowest for p in peers)
        for origin, lowest in origins
    )


def plan(ws: Workspace) -> CompactionPlan:
    """What ``compact`` would do now (nothing is written)."""
    with ws._mutex:  # compaction writes the village files first: all is behind it then
        return _plan(ws, ws._journal.size)[0]


def _plan(ws: Workspace, checkpoint: int) -> tuple[CompactionPlan, list[tuple[int, int, str, int]]]:
    from sammachip_tui.sync.bundle import SyncState  # the sync layer reads sync.json

    ws.archive.check_whole()  # more moved into a damaged archive: ``repair`` comes first
    state = SyncState.load(ws.data_dir)
    peers = peers_sent_to(ws, state)
    live = ws.index.live()
    result = CompactionPlan(entries=len(live), journal_bytes=ws._journal.size, peers=tuple(peers))
    result.archived_before = sum(len(i) for _j, i in ws.archive.segments())
    moving = []
    for start, end, origin, seq in sorted(live.entries()):
        if end > max(checkpoint, 0):
            result.after_checkpoint += 1
            continue
        lacking = next((p for p in peers if p != origin
                        and state.acked.get(p, {}).get(origin, 0) < seq), None)  # fmt: skip
        if lacking is not None:
            result.not_acknowledged[lacking] += 1
            continue
        moving.append((start, end, origin, seq))
        result.moved += 1
        result.moved_bytes += end - start
    return result, moving


def interrupted_compaction(data_dir: Path, journal: Journal, size: int, checkpoint: int) -> bool:
    """Whether ``journal`` (``size`` good bytes) is the one a compaction wrote and was killed
    before writing its checkpoint: the note names its size and checksum, and the checkpoint
    it replaces (a note left by a kill just after that checkpoint names an older one)."""
    try:
        note = orjson.loads((data_dir / "journal-archive" / NOTE_FILE).read_bytes())
        want_size, want_crc, was = note["size"], note["crc"], note["from"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if want_size != size or was != checkpoint:
        return False
    with open(journal.path, "rb") as f:
        return zlib.crc32(f.read(size)) == want_crc


def compact(ws: Workspace) -> CompactionPlan:
    """Move what every peer holds out of the live journal (module docstring). OSError (a
    full or read-only disk) leaves the old journal in place, or the new one whole."""
    with ws._flush_mutex, ws._mutex:
        ws._flush_held()
        checkpoint = ws._journal.size
        result, moving = _plan(ws, checkpoint)
        if not moving:
            return result
        archive = ws.archive
        folder = private_dir(archive.folder)
        old = ws._journal
        fresh = [m for m in moving if not archive.holds(m[2], m[3])]
        if fresh:
            segment = archive.next_path()
            lines, index = _copied(old, fresh)
            atomic_write(segment, b"".join(lines))
            seg_journal = Journal(segment, cipher=ws.cipher)
            try:
                index.save(segment.with_suffix(".idx"), seg_journal)
            finally:
                seg_journal.close()
        # The new live journal: every entry that stays, one line each, in journal order.
        gone = {(a, b) for a, b, _o, _s in moving}
        keep = sorted(e for e in ws.index.live().entries() if (e[0], e[1]) not in gone)
        lines, new_index = _copied(old, keep)
        body = b"".join(lines)
        note = folder / NOTE_FILE
        atomic_write(note, orjson.dumps({"size": len(body), "crc": zlib.crc32(body),
                                         "from": checkpoint}))  # fmt: skip
        with contextlib.suppress(FileNotFoundError):
            os.unlink(ws.data_dir / LIVE_INDEX)
        atomic_write(ws.data_dir / JOURNAL_FILE, body)
        old.close()
        ws._journal = Journal(ws.data_dir / JOURNAL_FILE, cipher=ws.cipher)
        ws._journal.recover(ws._journal.scan())
        ws.index.reset(ws._journal, new_index)
        ws._checkpoint_offset = -1  # the checkpoint must name the new journal's end
        ws._flush_held()
        ws._save_index()
        note.unlink()
        fsync_directory(folder)
        return result


def _copied(
    journal: Journal, picked: list[tuple[int, int, str, int]]
) -> tuple[list[bytes], SegmentIndex]:
    """The raw lines at ``picked`` (start, end, origin, seq), byte for byte, and the index of
    the file they make one after the other."""
    lines = list(read_ranges(journal.path, [(a, b) for a, b, _o, _s in picked]))
    index = SegmentIndex()
    pos = 0
    for line, (_a, _b, origin, seq) in zip(lines, picked, strict=True):
        index.add(origin, seq, pos, pos + len(line))
        pos += len(line)
    index.covered = pos
    return lines, index
