"""The inbox history: every bundle this device received (and what became of it), and every
bundle it sent with whether the peer acknowledged it.

A district office is asked "did the tambon X tablet send its forum?" weeks later; sync.json
only keeps sequence numbers and forgets a sent bundle once it is delivered. So each outcome
of ``receive_message`` (merged, already here, held for a device nobody accepted yet,
refused with its reason) and each acknowledgement typed here is one line of
``inbox.jsonl``: who (device id and name), when (UTC ISO), how it came (QR screen, scanner,
image, file, folder), what it held (operations per kind and per village), how many changed
something here, its acknowledgement code.

The file is append-only, written like the journal: ``<crc32> <json>\\n``, appended and
fsynced, so a power cut leaves at worst a torn last line, which is dropped on read (a line
written after it starts on a fresh line). It is a history, not data: a damaged line is
skipped, never a reason to stop. It is bounded: past ``ROTATE_BYTES`` it is rewritten
(atomically) with its newest ``KEEP_ENTRIES`` lines, so a store that lasts years keeps some
years of bundles and never fills an SD card. It holds no personal data (ids, names of
devices, village codes, counts), so like sync.json it stays in clear on an encrypted
directory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sammachip_tui import clock
from sammachip_tui.errors import UserError
from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.journal import decode_line, encode_line
from sammachip_tui.sync.devices import shown_name

if TYPE_CHECKING:
    from sammachip_tui.store.oplog import Op
    from sammachip_tui.store.workspace import Workspace
    from sammachip_tui.sync.bundle import Received

INBOX_FILE = "inbox.jsonl"
KEEP_ENTRIES = 5000  # kept when the file is rotated: years of a district's bundles
ROTATE_BYTES = 4 * 1024 * 1024  # an entry is about 300 bytes: rotated past ~13,000
MAX_READ = 2 * ROTATE_BYTES  # a file grown past this from outside is read from its tail

# How a bundle came: the words are translated where shown (screens/inbox.py).
VIA_CAMERA = "camera"  # the QR screen, read by a camera
VIA_SCANNER = "scanner"  # frames typed by a USB scanner
VIA_IMAGE = "image"  # image files or a PDF sheet of codes
VIA_FILE = "file"  # a bundle file or a frame-text file
VIA_FOLDER = "folder"  # one of a folder's files, received in one go
VIA_ACCEPTED = "accepted"  # held while its device was new, merged when it was accepted

# What became of it.
MERGED = "merged"
ALREADY = "already"  # every operation was here before
HELD = "held"  # from a device nobody has accepted yet: kept, not merged
REFUSED = "refused"
DELIVERED = "delivered"  # a bundle sent from here that the peer acknowledged
NOT_DELIVERED = "not-delivered"  # sent from here, no acknowledgement yet

RECEIVED = "in"
SENT = "out"


@dataclass
class Tally:
    """What a received bundle held, filled in by ``receive_message`` as it merges."""

    ops: list[Op] = field(default_factory=list)
    applied: int = 0  # operations that were new here


@dataclass(frozen=True)
class InboxEntry:
    at: str  # UTC ISO, to the second
    direction: str  # RECEIVED or SENT
    outcome: str  # MERGED, ALREADY, HELD, REFUSED; DELIVERED, NOT_DELIVERED
    device_id: str  # the sender (received) or the peer (sent; "central" for the office)
    device_name: str = ""  # as known when it came
    via: str = ""  # VIA_*; "" when not known
    ops: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_village: dict[str, int] = field(default_factory=dict)
    applied: int = 0  # operations that changed something here
    conflicts: int = 0
    ack: str = ""  # the 8-digit acknowledgement code shown to the sender
    crc: str = ""  # the bundle's CRC32, 8 hex digits: its id on both devices
    reason: str = ""  # why it was refused, in the language of that moment
    # Received: whom the bundle was made for when not this device ("central" or a device id):
    # merged here as a relay, no acknowledgement code given (sync/bundle.py).
    made_for: str = ""

    @property
    def already_had(self) -> int:
        """Operations of the bundle that were here before it came."""
        return max(self.ops - self.applied, 0)

    def to_json(self) -> dict[str, Any]:
        data = {
            "at": self.at, "dir": self.direction, "out": self.outcome, "id": self.device_id,
            "name": self.device_name, "via": self.via, "ops": self.ops, "kinds": self.by_kind,
            "villages": self.by_village, "applied": self.applied,
            "conflicts": self.conflicts, "ack": self.ack, "crc": self.crc, "why": self.reason,
            "for": self.made_for,
        }  # fmt: skip
        return {k: v for k, v in data.items() if v not in ("", 0, {})}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InboxEntry | None:
        """None for a line whose fields are not what ``to_json`` writes (the checksum holds,
        so only another program could have written it). Thousands are read at each opening
        of the inbox: the types are checked as they are, nothing is copied."""
        get = data.get
        texts = [get(k, "") for k in ("at", "dir", "out", "id", "name", "via", "ack", "crc",
                                      "why", "for")]  # fmt: skip
        numbers = [get(k, 0) for k in ("ops", "applied", "conflicts")]
        kinds, villages = get("kinds", {}), get("villages", {})
        if (
            not all(type(t) is str for t in texts)
            or not all(type(n) is int and n >= 0 for n in numbers)
            or not _is_counts(kinds)
            or not _is_counts(villages)
            or not texts[0]
            or not texts[3]
            or texts[1] not in (RECEIVED, SENT)
        ):
            return None
        at, direction, outcome, device, name, via, ack, crc, why, made_for = texts
        ops, applied, conflicts = numbers
        return cls(at, direction, outcome, device, name, via, ops, kinds, villages, applied,
                   conflicts, ack, crc, why, made_for)  # fmt: skip


def _is_counts(value: object) -> bool:
    return type(value) is dict and all(type(n) is int and n >= 0 for n in value.values())


# ---------------------------------------------------------------------------- writing
def record_received(
    data_dir: Path,
    *,
    message: bytes,
    via: str = "",
    result: Received | None = None,
    tally: Tally | None = None,
    refused: str = "",
) -> InboxEntry:
    """Write one received bundle's outcome: ``result`` when it was taken (merged, already
    here, held), ``refused`` (the reason) when it was not. Returns the entry written.

    A history that cannot be written (a full disk) does not undo or hide the merge that
    happened: the officer still needs the acknowledgement code. So an OSError here is
    swallowed; the entry is then missing, which the history can bear."""
    crc = f"{zlib.crc32(message):08x}"
    ops = tally.ops if tally is not None else []
    if result is None:
        entry = InboxEntry(clock.utc_now_iso(), RECEIVED, REFUSED, _sender(message),
                           via=via, crc=crc, reason=refused)  # fmt: skip
    else:
        from sammachip_tui.sync.devices import Status

        pending = result.status is Status.pending
        outcome = HELD if pending else ALREADY if result.already else MERGED
        entry = InboxEntry(
            clock.utc_now_iso(), RECEIVED, outcome, result.sender, result.sender_name, via,
            len(ops), dict(Counter(op.kind for op in ops)),
            dict(Counter(op.village for op in ops)),
            tally.applied if tally is not None else 0, result.conflicts, result.ack, crc,
            made_for=result.made_for,
        )  # fmt: skip
    _append_quietly(data_dir, entry)
    return entry


def record_delivered(data_dir: Path, crc: str, sent: dict[str, Any]) -> InboxEntry:
    """Write that a bundle sent from here was acknowledged (``sent`` is its sync.json
    entry, about to be forgotten there)."""
    seqs = sent.get("seqs", {})
    ops = sum(len(n) for n in seqs.values()) if isinstance(seqs, dict) else 0
    entry = InboxEntry(clock.utc_now_iso(), SENT, DELIVERED, str(sent.get("peer", "")),
                       ops=ops, crc=crc)  # fmt: skip
    _append_quietly(data_dir, entry)
    return entry


def _sender(message: bytes) -> str:
    """The device id the envelope names, or "?" when it is not even an envelope."""
    from sammachip_tui.store.ids import DEVICE_ID
    from sammachip_tui.sync.envelope import sender_of

    try:
        sender = sender_of(message)
    except Exception:  # not a bundle at all: nothing to name
        return "?"
    return sender if DEVICE_ID.fullmatch(sender) else "?"


def _append_quietly(data_dir: Path, entry: InboxEntry) -> None:
    with contextlib.suppress(OSError):
        append(data_dir, entry)


def append(data_dir: Path, entry: InboxEntry) -> None:
    """Append one line and fsync it; a torn last line left by a power cut is ended first,
    so the new line is whole. Rotates the file past ``ROTATE_BYTES``."""
    path = data_dir / INBOX_FILE
    line = encode_line(entry.to_json())
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        size = os.fstat(fd).st_size
        if size and _last_byte(path, size) != b"\n":
            line = b"\n" + line
        view = memoryview(line)
        while view:  # a regular file takes it whole; a short write is finished, not torn
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        size += len(line)
    finally:
        os.close(fd)
    if size > ROTATE_BYTES:
        _rotate(path)


def _last_byte(path: Path, size: int) -> bytes:
    with open(path, "rb") as file:
        file.seek(size - 1)
        return file.read(1)


def _rotate(path: Path) -> None:
    kept = [line for line, _data in _read(path)[-KEEP_ENTRIES:]]
    atomic_write(path, b"".join(line + b"\n" for line in kept))


# ---------------------------------------------------------------------------- reading
def _read(path: Path) -> list[tuple[bytes, dict[str, Any]]]:
    """The whole lines whose checksum holds, with what each holds (a torn or damaged line
    is left out)."""
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            start = max(size - MAX_READ, 0)
            file.seek(start)
            data = file.read(MAX_READ)
    except OSError:  # none yet; or not a file (a history, never a reason to stop a screen)
        return []
    lines = data.split(b"\n")
    if start:
        lines = lines[1:]  # began in the middle of a line
    out = []
    for line in lines[:-1]:  # after the last newline: empty, or a torn write
        decoded = _decoded(line)
        if decoded is not None:
            out.append((line, decoded))
    return out


def _decoded(line: bytes) -> dict[str, Any] | None:
    try:
        return decode_line(line)
    except UserError:  # a sealed line: never written here
        return None


def received(data_dir: Path) -> list[InboxEntry]:
    """What the inbox file holds, oldest first."""
    out = []
    for _line, data in _read(data_dir / INBOX_FILE):
        entry = InboxEntry.from_json(data)
        if entry is not None:
            out.append(entry)
    return out


def waiting_sent(data_dir: Path) -> list[InboxEntry]:
    """Bundles sent from here that no acknowledgement has settled yet (sync.json)."""
    from sammachip_tui.sync.bundle import SyncState

    try:
        state = SyncState.load(data_dir)
    except UserError:  # damaged: every sync command says so; the history still shows
        return []
    out = []
    for crc, sent in state.sent.items():
        vector = state.acked.get(sent["peer"], {})
        done = all(max(n) <= vector.get(origin, 0) for origin, n in sent["seqs"].items())
        at = sent.get("at")
        out.append(InboxEntry(at if isinstance(at, str) else "", SENT,
                              DELIVERED if done else NOT_DELIVERED, sent["peer"],
                              ops=sum(len(n) for n in sent["seqs"].values()),
                              crc=crc))  # fmt: skip
    return out


def history(data_dir: Path, limit: int | None = None) -> list[InboxEntry]:
    """Both directions, newest first: bundles received, bundles sent and acknowledged, and
    bundles sent still waiting for their acknowledgement."""
    entries = (received(data_dir) + waiting_sent(data_dir))[::-1]  # newest written first
    entries.sort(key=lambda e: e.at, reverse=True)  # stable: within a second, as written
    return entries[:limit] if limit is not None else entries


def latest_by_device(data_dir: Path) -> dict[str, InboxEntry]:
    """The newest bundle received from each device, whatever became of it."""
    latest: dict[str, InboxEntry] = {}
    for entry in received(data_dir):
        if entry.direction != RECEIVED or entry.device_id == "?":
            continue
        if entry.device_id not in latest or entry.at >= latest[entry.device_id].at:
            latest[entry.device_id] = entry
    return latest


def filtered(
    entries: Iterable[InboxEntry], device: str, names: dict[str, str] | None = None
) -> list[InboxEntry]:
    """Entries of one device, named by its id (any case), by the name it came with, or by
    its name now (``names``: device_names)."""
    key = device.strip()
    if not key:
        return list(entries)
    ids = {i for i, name in (names or {}).items() if name == key} | {key.upper(), key}
    return [e for e in entries if e.device_id in ids or e.device_name == key]


# --------------------------------------------------------------------------- unsent
@dataclass(frozen=True)
class Unsent:
    """What a device has not sent here yet, as far as this store can tell."""

    device_id: str
    name: str = ""
    highest_seen: int = 0  # its highest sequence number whose operation is here
    missing: int = 0  # numbers below that never reached here (relayed past a gap)
    last_bundle_at: str = ""  # UTC ISO of its newest bundle received here
    days_since: int | None = None  # days since then; None when none came
    # On a field device, under "central": this device's operations the office has not
    # acknowledged, per village.
    pending_by_village: dict[str, int] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        return sum(self.pending_by_village.values())


def days_since(iso: str) -> int | None:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return max((clock.now() - moment).days, 0)


def unsent_by_device(ws: Workspace) -> dict[str, Unsent]:
    """Per device known here (and per origin seen only relayed): the gaps in its sequence
    numbers below the highest one held here, and the days since its last bundle. On a
    field device, also "central": what this store has not had acknowledged by the office,
    per village. Reads the journal's index (per origin, its numbers), never its lines; the
    "central" part reads only what the office lacks (by offset, as a bundle does).

    A gap that a sender said it left out on purpose is not missing: a field device is sent
    only the villages it serves, so another device's operations in the other villages never
    come, by design. What a bundle carried or left out advances the sender's vector in
    ``sync.json`` (``service.advance_received``); numbers a vector covers are not counted."""
    from sammachip_tui.store.device import Role
    from sammachip_tui.sync.bundle import CENTRAL, SyncState, pending_ops
    from sammachip_tui.sync.devices import DeviceRegistry

    own = ws.device.device_id
    held = ws.held_by_origin()
    try:
        state = SyncState.load(ws.data_dir)
    except UserError:
        state = SyncState()
    devices = DeviceRegistry(ws.data_dir).devices
    latest = latest_by_device(ws.data_dir)
    out: dict[str, Unsent] = {}
    for device_id in sorted(set(devices) | set(held)):
        if device_id == own:
            continue
        top, count = held.get(device_id, (0, 0))
        covered = max((v.get(device_id, 0) for v in state.acked.values()), default=0)
        if covered >= top:
            missing = 0
        elif covered <= 0:
            missing = top - count
        else:  # numbers up to ``covered`` are held or left out on purpose
            missing = top - covered - ws.held_above(device_id, covered)
        last = latest.get(device_id)
        known = devices.get(device_id)
        out[device_id] = Unsent(
            device_id, known.name if known else (last.device_name if last else ""), top,
            missing, last.at if last else "",
            days_since(last.at) if last else None,
        )  # fmt: skip
    if ws.device.role is Role.field:
        pending = Counter(op.village for op in pending_ops(ws, state, CENTRAL))
        out[CENTRAL] = Unsent(CENTRAL, pending_by_village=dict(sorted(pending.items())))
    return out


# ----------------------------------------------------------------------------- words
OUTCOME_WORDS = {
    MERGED: N_("merged"),
    ALREADY: N_("already here"),
    HELD: N_("held: new device"),
    REFUSED: N_("refused"),
    DELIVERED: N_("delivered"),
    NOT_DELIVERED: N_("not acknowledged yet"),
}
VIA_WORDS = {
    VIA_CAMERA: N_("camera"),
    VIA_SCANNER: N_("scanner"),
    VIA_IMAGE: N_("image"),
    VIA_FILE: N_("file"),
    VIA_FOLDER: N_("folder"),
    VIA_ACCEPTED: N_("on accepting"),
}


def outcome_text(entry: InboxEntry) -> str:
    word = OUTCOME_WORDS.get(entry.outcome)
    return _(word) if word else entry.outcome


def via_text(entry: InboxEntry) -> str:
    word = VIA_WORDS.get(entry.via)
    return _(word) if word else entry.via


def device_text(entry: InboxEntry, names: dict[str, str] | None = None) -> str:
    """The device as the officer knows it: its name (as known now, else as it came) and id;
    the office for "central"."""
    if entry.device_id == "central":
        return _("district office")
    if entry.device_id == "?":
        return _("unknown sender")
    name = (names or {}).get(entry.device_id) or entry.device_name
    return f"{shown_name(name)} ({entry.device_id})" if name else entry.device_id


def held_text(entry: InboxEntry) -> str:
    """What it held, in one line: operations, new here and already had."""
    if entry.direction == SENT:
        return ngettext("{n} operation", "{n} operations", entry.ops).format(n=entry.ops)
    if not entry.ops:
        return "—"
    return _("{n} operations: {new} new, {had} already here").format(
        n=entry.ops, new=entry.applied, had=entry.already_had
    )


def when(entry: InboxEntry) -> str:
    """When, as the officer reads it: d/m/พ.ศ. HH:MM local."""
    from sammachip_tui.sync.devices import when_text

    return when_text(entry.at) if entry.at else "—"


def device_names(data_dir: Path, entries: Iterable[InboxEntry] = ()) -> dict[str, str]:
    """Each known device's name now, else the name it last came with in ``entries`` (a
    sent entry has none of its own)."""
    from sammachip_tui.sync.devices import DeviceRegistry

    names = {e.device_id: e.device_name for e in entries if e.device_name}
    try:
        registry = DeviceRegistry(data_dir).devices.values()
    except UserError:  # a damaged registry: the names the entries came with
        return names
    return names | {d.device_id: d.name for d in registry if d.name}


def as_json(entry: InboxEntry) -> dict[str, Any]:
    """Every field, for other programs (``sync inbox --json``)."""
    return {
        "at": entry.at, "direction": entry.direction, "outcome": entry.outcome,
        "device_id": entry.device_id, "device_name": entry.device_name, "via": entry.via,
        "ops": entry.ops, "by_kind": entry.by_kind, "by_village": entry.by_village,
        "applied": entry.applied, "already_had": entry.already_had,
        "conflicts": entry.conflicts, "ack": entry.ack, "crc": entry.crc,
        "reason": entry.reason, "made_for": entry.made_for,
    }  # fmt: skip
