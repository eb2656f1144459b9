"""Bundles: the operations a peer has not acknowledged, and what a received bundle changes.

Sending: every operation in the journal whose sequence number, for its origin device, is
above what the peer acknowledged (``sync.json``), as compact JSON (origins and villages
listed once, stamps and ids shortened where they repeat the origin), compressed with brotli,
then sealed (sync/envelope.py). Until the peer acknowledges a bundle, its operations are
offered again; resending is harmless, since merging is idempotent.

Receiving: open the envelope, decide by the sender's standing (sync/devices.py), then merge
every operation as one journaled unit and report what came in. The 8-digit acknowledgement
code is an HMAC of the bundle's CRC32 under the district key the bundle was sealed with (its
generation: store/district_keys.py): only a device of the district that really received the
bundle can produce it, and it can be typed.

Acknowledging advances, per origin, only through sequence numbers the bundle carried without
a gap, so operations this device never had are never marked delivered.

**Only the addressee acknowledges.** A bundle says, inside its sealed and signed payload,
whom it was made for (``to``: "central" or a device id; sync/payload.py). A device that
receives a bundle made for someone else (a field device given a bundle "for central" at the
forum, or a device whose id is not the one named) still merges it: relaying is wanted, and
its own later bundle to the central store carries those operations too. But it shows no
acknowledgement code, and says in words that the bundle was for the central store (or device
X), that it was merged here, and that the sender must still send it there; the inbox history
records whom it was for. Otherwise the sender, typing the relay's code, would mark the bundle
delivered to the central store and never send it again: if the relay's own bundle never
reached the office, the sender's data never would either, and nobody would know.

Why the addressee in the payload rather than a code bound to the receiver (an HMAC over the
CRC and the receiver's id): the sender cannot tell an older receiver's code from a relay's.
An updated sender must keep accepting the codes older receivers show (or it resends to them
forever), so a receiver-bound code closes nothing an older relay leaves open, and an updated
relay never shows a code at all here. The code itself is unchanged, so every version's
codes still acknowledge every version's bundles. Mixed versions: a payload without ``to``
(made before it existed) is acknowledged as before; an older receiver ignores ``to`` and
shows its code as before (the gap closes as the district's devices are updated); resending
is always harmless, since merging is idempotent.
"""

from __future__ import annotations

import hashlib
import hmac
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.store.damaged_files import SYNC_ADVICE, read_json
from sammachip_tui.store.district_keys import DistrictKeyError, Keyring, load_keyring
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.ids import DEVICE_ID
from sammachip_tui.store.op_checks import OpRefusedError
from sammachip_tui.store.oplog import Op, Outcome
from sammachip_tui.store.workspace import Workspace
from sammachip_tui.sync import inbox, payload, service
from sammachip_tui.sync.devices import DeviceRegistry, KnownDevice, Status
from sammachip_tui.sync.envelope import (
    BundleError,
    generation_of,
    load_signing_key,
    open_sealed,
    seal,
    sender_of,
)
from sammachip_tui.sync.state_files import check_state

STATE_FILE = "sync.json"
CENTRAL = "central"
ACK_PREFIX = "6609"
KEEP_SENT = 30
# sync.json stays small over years of use. A digest of a merged bundle only spares opening it
# again; one forgotten costs a re-merge, which changes nothing (merges are idempotent), and a
# bundle older than the newest few thousand is not being scanned again. A bundle sent and
# forgotten cannot be acknowledged by its code any more: its operations are offered again in
# the next bundle, which is harmless too.
KEEP_RECEIVED = 2000
KEEP_SENT_ALL = 500  # bundles awaiting an acknowledgement, all peers together


# ---------------------------------------------------------------------------- sync state
@dataclass
class SyncState:
    """What each peer acknowledged, and what was sent to whom, per bundle."""

    acked: dict[str, dict[str, int]] = field(default_factory=dict)
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)
    received: dict[str, str] = field(default_factory=dict)
    # Per peer, the villages its vector is true for (sync/service.py); absent: every one.
    scopes: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> SyncState:
        """Raises DamagedFileError (nothing changed) when the file is not what save() wrote."""
        path = data_dir / STATE_FILE
        if not path.exists():
            return cls()
        data = check_state(path, read_json(path, SYNC_ADVICE))
        return cls(data.get("acked", {}), data.get("sent", {}), data.get("received", {}),
                   data.get("scopes", {}))  # fmt: skip

    def save(self, data_dir: Path) -> None:
        self.bound()
        data = {"acked": self.acked, "sent": self.sent, "received": self.received,
                **({"scopes": self.scopes} if self.scopes else {})}  # fmt: skip
        atomic_write(data_dir / STATE_FILE, orjson.dumps(data))

    def bound(self) -> None:
        """Keep only the newest ``KEEP_RECEIVED`` digests and ``KEEP_SENT_ALL`` sent bundles
        (dicts keep insertion order: oldest first; see KEEP_RECEIVED for why it is safe)."""
        for table, keep in ((self.received, KEEP_RECEIVED), (self.sent, KEEP_SENT_ALL)):
            for key in list(table)[: max(len(table) - keep, 0)]:
                del table[key]

    def advance(self, peer: str, seqs: dict[str, list[int]]) -> None:
        """Mark ``seqs`` (per origin) as held by ``peer``, without jumping a gap."""
        vector = self.acked.setdefault(peer, {})
        for origin, numbers in seqs.items():
            have = set(numbers)
            top = vector.get(origin, 0)
            while top + 1 in have:
                top += 1
            vector[origin] = top

    def prune(self, peer: str) -> None:
        """Forget bundles sent to ``peer`` whose operations it now holds, and all but the
        newest ``KEEP_SENT`` of the rest (each visit to the send screen seals a new one)."""
        vector = self.acked.get(peer, {})
        mine = [crc for crc, sent in self.sent.items() if sent["peer"] == peer]
        for crc in mine:
            seqs = self.sent[crc]["seqs"]
            if all(max(numbers) <= vector.get(origin, 0) for origin, numbers in seqs.items()):
                del self.sent[crc]
        mine = [crc for crc in mine if crc in self.sent]
        for crc in mine[:-KEEP_SENT]:  # oldest first: dicts keep the order they were sent
            del self.sent[crc]


def district_keyring(ws: Workspace) -> Keyring:
    """The device's district keys; a keyring that cannot be read is a BundleError, which
    every sync path (command line and screens) already shows as a message."""
    try:
        return load_keyring(ws.data_dir, ws.device)
    except DistrictKeyError as exc:
        raise BundleError(exc.message) from None


# ------------------------------------------------------------------------------- payload
def encode_payload(
    ops: list[Op],
    sender_name: str = "",
    sender_role: str = "",
    trailer: dict[str, Any] | None = None,
    addressee: str = "",
) -> bytes:
    """The sender's name and role travel with its key, for a receiver meeting it; the
    ``trailer`` says what the bundle left out on purpose (sync/service.py); the
    ``addressee`` ("central" or a device id) is whom it is for: only that one acknowledges."""
    header = {"n": sender_name, "r": sender_role} if sender_name else {}
    return payload.encode(ops, header, trailer=trailer, addressee=addressee)


def decode_payload(data: bytes) -> tuple[dict[str, Any], list[Op]]:
    """Every operation, unpacking no more than the payload declares (sync/payload.py)."""
    try:
        return payload.decode(data)
    except payload.PayloadError as exc:
        raise _refusal(exc) from None


def payload_header(data: bytes) -> dict[str, Any]:
    """The sender's name and role (and the payload's versions), from its first bytes only."""
    try:
        return payload.read_header(data)
    except payload.PayloadError as exc:
        raise _refusal(exc) from None


def _refusal(exc: payload.PayloadError) -> BundleError:
    """A payload's refusal in the officer's words."""
    if isinstance(exc, payload.NewerSchemaError):
        return BundleError(
            _("This bundle was made by a newer version of sammachip (its data version is "
              "{theirs}, this app's is {ours}). Update sammachip on this device, then receive "
              "the bundle again. Nothing was changed.").format(theirs=exc.version, ours=exc.ours)
        )  # fmt: skip
    if isinstance(exc, payload.TooLargeError):
        return BundleError(
            _(
                "This bundle unpacks to more than it declares, or to more than {mb} MB, which "
                "sammachip never sends: refused, nothing was changed."
            ).format(mb=payload.MAX_JSON_BYTES // (1024 * 1024))
        )
    return BundleError(_("The bundle's contents cannot be read (made by another version?)."))


# ---------------------------------------------------------------------------------- send
@dataclass(frozen=True)
class Outgoing:
    peer: str
    message: bytes
    checksum: int
    ops: int
    by_kind: dict[str, int]
    villages: tuple[str, ...] = ()


def pending_ops(ws: Workspace, state: SyncState, peer: str) -> list[Op]:
    """Operations ``peer`` has not acknowledged (none that it made itself): read through the
    journal's index by origin and sequence (store/journal_index.py), archive included, so
    only those lines are read however long the journal has grown."""
    from sammachip_tui.store.journal_index import IndexedLineError

    try:
        return ws.ops_lacking(state.acked.get(peer, {}), exclude=peer)
    except IndexedLineError as exc:  # a line damaged since the journal was checked at open
        raise BundleError(exc.message) from None


def build_bundle(ws: Workspace, peer: str, *, with_key: bool = False) -> Outgoing | None:
    """The bundle for ``peer`` (a device id, or "central"); None when it has everything.

    This device's public key goes in unless the peer has acknowledged its operations before
    (then it knows the key), or ``with_key`` asks for it."""
    state = SyncState.load(ws.data_dir)
    scope = service.scope_of(ws, peer)  # its villages and the district's records only
    reset = service.rescope(state, peer, scope)
    cut = service.cut(pending_ops(ws, state, peer), scope)
    ops = cut.ops
    if not ops:
        if reset or cut.scope is not None:
            state.save(ws.data_dir)  # the scope its vector is now true for
        return None
    known = state.acked.get(peer, {}).get(ws.device.device_id, 0) > 0
    carry_key = with_key or not known
    trailer = service.trailer(cut)
    data = (
        encode_payload(ops, ws.device.name, ws.device.role.value, trailer, peer)
        if carry_key
        else encode_payload(ops, trailer=trailer, addressee=peer)
    )
    keyring = district_keyring(ws)
    message = seal(data, ws.device, load_signing_key(ws.data_dir), with_key=carry_key,
                   keyring=keyring)  # fmt: skip
    checksum = zlib.crc32(message)
    state.sent[f"{checksum:08x}"] = {
        "peer": peer,
        **service.sent_entry(cut),  # what it carried and what it left out on purpose
        "at": clock.utc_now_iso(),
        **({"g": keyring.current} if keyring.current else {}),  # the ack's key
    }
    state.prune(peer)
    state.save(ws.data_dir)
    villages = tuple(sorted({op.village for op in ops}))
    return Outgoing(peer, message, checksum, len(ops), dict(Counter(op.kind for op in ops)),
                    villages)  # fmt: skip


def ack_code(district_key: bytes, checksum: int) -> str:
    digest = hmac.new(district_key, b"ack" + checksum.to_bytes(4, "big"), hashlib.sha256)
    return f"{int.from_bytes(digest.digest()[:8], 'big') % 10**8:08d}"


def ack_frame(district_key: bytes, checksum: int) -> str:
    """The one-frame acknowledgement QR: prefix, the bundle's CRC32, the code."""
    return f"{ACK_PREFIX}{checksum:010d}{ack_code(district_key, checksum)}"


def acknowledge(ws: Workspace, text: str) -> str:
    """Take an acknowledgement (the 8-digit code, or the ack frame's text) and mark that
    bundle's operations delivered to its peer. Returns the peer; BundleError if no bundle
    sent from here matches."""
    from sammachip_tui.sync.frames import FrameError, normalise

    try:
        digits = normalise(text)
    except FrameError:
        digits = ""
    keyring = district_keyring(ws)
    state = SyncState.load(ws.data_dir)
    for hex_crc, sent in state.sent.items():
        crc = int(hex_crc, 16)
        key = keyring.keys.get(int(sent.get("g", 0)))
        if key is not None and digits in (ack_code(key, crc), ack_frame(key, crc)):
            scope = service.scope_of(ws, str(sent["peer"]))
            service.acknowledged(state, sent, scope)  # and what it left out on purpose
            del state.sent[hex_crc]
            state.prune(sent["peer"])
            state.save(ws.data_dir)
            inbox.record_delivered(ws.data_dir, hex_crc, sent)
            return str(sent["peer"])
    raise BundleError(
        _("That acknowledgement matches no bundle sent from this device (check the digits).")
    )


# ------------------------------------------------------------------------------- receive
@dataclass
class Received:
    sender: str
    sender_name: str
    status: Status
    fingerprint: str
    ops: int = 0
    new: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    already: bool = False  # every operation was here before
    ack: str = ""  # the 8-digit code to show the sender
    ack_frame: str = ""  # the same as a one-frame QR text
    # Other devices known here under the same name (one line each: id, fingerprint,
    # standing, first seen): a new device calling itself after a known one may be an impostor.
    same_name: tuple[str, ...] = ()
    generation: int = 0  # of the district key the bundle was sealed with
    newest_generation: int = 0  # of the district keys this device holds
    sender_role: str = ""  # "field" or "central", as the sender said when first met
    # Per village (or the district's shard), the records new or changed, by kind.
    by_village: dict[str, Counter[str]] = field(default_factory=dict)
    # Whom the bundle was made for when that is not this device ("central" or a device id;
    # "?" for a name that is neither): merged here, and no acknowledgement code (ack is "").
    made_for: str = ""


def addressee_elsewhere(ws: Workspace, header: dict[str, Any]) -> str:
    """Whom a bundle with ``header`` was made for, when that is not this device; "" when it
    is, or when the bundle does not say (made before bundles said it: acknowledged as then)."""
    to = header.get("to")
    if not isinstance(to, str) or not to:
        return ""
    if to == ws.device.device_id or (to == CENTRAL and ws.device.role.value == "central"):
        return ""
    return to if to == CENTRAL or DEVICE_ID.fullmatch(to) else "?"


def made_for_text(addressee: str, names: dict[str, str] | None = None) -> str:
    """What a device that is not a bundle's addressee says instead of a code (screen, command
    line, folder receive, inbox): whom it was for, that it merged here, what the sender must
    do. ``names``: device names by id (sync/inbox.py ``device_names``)."""
    if addressee == CENTRAL:
        return _("This bundle was made for the district's central store, not for this device. "
                 "It was merged here, but this device gives no acknowledgement code: the "
                 "sender must still send it to the central store.")  # fmt: skip
    name = (names or {}).get(addressee, "")
    who = f"{name} ({addressee})" if name else addressee
    return _("This bundle was made for device {who}, not for this device. It was merged "
             "here, but this device gives no acknowledgement code: the sender must still "
             "send it to {who}.").format(who=who)  # fmt: skip


def receive_message(ws: Workspace, message: bytes, *, via: str = "") -> Received:
    """Open, check and (for an accepted device) merge one whole bundle; ``via`` says how it
    came (sync/inbox.py VIA_*). Every outcome, a refusal too, goes into the inbox history.

    Raises BundleError with the reason when it is refused; nothing changes then."""
    tally = inbox.Tally()
    try:
        result = _receive_message(ws, message, tally)
    except BundleError as exc:
        inbox.record_received(ws.data_dir, message=message, via=via, refused=exc.message)
        raise
    inbox.record_received(ws.data_dir, message=message, via=via, result=result, tally=tally)
    return result


def _receive_message(ws: Workspace, message: bytes, tally: inbox.Tally) -> Received:
    keyring = district_keyring(ws)
    digest = hashlib.sha256(message).hexdigest()[:32]
    state = SyncState.load(ws.data_dir)
    registry = DeviceRegistry(ws.data_dir)
    if digest in state.received:  # the same bytes merged before: nothing to open or merge
        sender = sender_of(message)
        known, generation = registry.get(sender), generation_of(message)
        key = keyring.keys.get(generation)
        if known is not None and known.status is Status.accepted and key is not None:
            crc = zlib.crc32(message)
            result = Received(sender, known.name, known.status, known.fingerprint,
                              already=True, generation=generation,
                              newest_generation=keyring.current,
                              sender_role=known.role)  # fmt: skip
            # Made for another device the first time, so again: still no code.
            result.made_for = addressee_elsewhere(ws, _opened_header(message, keyring, registry))
            if not result.made_for:
                result.ack, result.ack_frame = ack_code(key, crc), ack_frame(key, crc)
            return result

    opened = open_sealed(message, keyring, _key_lookup(registry))
    if not DEVICE_ID.fullmatch(opened.sender):  # shown on screens: only what an id can be
        raise BundleError(_("Not a sammachip bundle, or only part of one."))
    key = keyring.key(opened.generation)
    if opened.sender == ws.device.device_id:
        raise BundleError(_("This bundle was made on this device; there is nothing to merge."))
    # The sender's standing first: nothing is unpacked for a refused sender, and only the
    # header (its name and role) for one nobody has accepted yet.
    known = registry.get(opened.sender)
    if known is not None and known.public_key != opened.public_key.hex():
        raise BundleError(
            _("Device {id} sent this with a different key than before: refused.").format(
                id=opened.sender
            )
        )
    if known is not None and known.status is Status.revoked:
        raise BundleError(
            _("Device {name} ({id}) was revoked: its bundles are refused.").format(
                name=known.name, id=opened.sender
            )
        )
    checksum = zlib.crc32(message)
    if known is None or known.status is Status.pending:
        header = payload_header(opened.payload)
        name, role = header.get("n"), header.get("r")  # anything: never str() of a structure
        known = registry.meet(opened.sender, opened.public_key,
                              name if isinstance(name, str) else "",
                              role if isinstance(role, str) else "")  # fmt: skip
        registry.hold(opened.sender, checksum, message)
        result = Received(opened.sender, known.name, known.status, known.fingerprint,
                          generation=opened.generation, newest_generation=keyring.current,
                          sender_role=known.role)  # fmt: skip
        result.same_name = tuple(
            d.described() for d in registry.named(known.name) if d.device_id != known.device_id
        )
        return result
    header, ops = decode_payload(opened.payload)
    if any(op.origin == ws.device.device_id and op.seq > ws.sequence for op in ops):
        # This device's own operations come back in bundles "to central" (a label, not the
        # store's id) and after a repair; they merge as duplicates. One above every number
        # it handed out was not made here, and would move its sequence numbers (to 2^53,
        # after which every peer refuses what it sends).
        raise BundleError(
            _("The bundle carries operations in this device's name, which no other device "
              "sends: refused. Nothing was changed.")
        )  # fmt: skip
    result = Received(opened.sender, known.name, known.status, known.fingerprint, len(ops),
                      generation=opened.generation, newest_generation=keyring.current,
                      sender_role=known.role)  # fmt: skip
    try:
        applied = ws.merge(ops)
    except OpRefusedError as exc:
        raise BundleError(
            _("The bundle was refused: operation {n} of {total} cannot be stored ({reason}). "
              "Nothing was changed.").format(n=exc.index + 1, total=exc.total, reason=exc.reason)
        ) from None  # fmt: skip
    except ValueError:
        raise BundleError(_("The bundle holds operations this version cannot store.")) from None
    _count(result, ops, applied)
    tally.ops, tally.applied = ops, len(applied)
    seqs: dict[str, list[int]] = defaultdict(list)
    for op in ops:
        seqs[op.origin].append(op.seq)
    # The sender has these, and what it left out on purpose: never send them back (nor to
    # CENTRAL, the label this device sends to a central store by).
    for peer in (opened.sender, *((CENTRAL,) if known.role == "central" else ())):
        service.advance_received(state, peer, dict(seqs), header)
    result.already = not applied
    state.received[digest] = clock.utc_now_iso()
    state.save(ws.data_dir)
    result.made_for = addressee_elsewhere(ws, header)
    if not result.made_for:  # only the addressee acknowledges (the module's docstring)
        result.ack = ack_code(key, checksum)
        result.ack_frame = ack_frame(key, checksum)
    return result


def _opened_header(message: bytes, keyring: Keyring, registry: DeviceRegistry) -> dict[str, Any]:
    """The leading keys of a bundle merged here before (its addressee among them): opened
    again and only its first bytes unpacked."""
    return payload_header(open_sealed(message, keyring, _key_lookup(registry)).payload)


def _key_lookup(registry: DeviceRegistry) -> Callable[[str], bytes | None]:
    """A sender's public key as this device knows it, for bundles that leave theirs out."""

    def known_key(sender: str) -> bytes | None:
        device = registry.get(sender)
        return None if device is None else bytes.fromhex(device.public_key)

    return known_key


def _count(result: Received, ops: list[Op], applied: Iterable[Any]) -> None:
    kinds = {op.record: (op.kind, op.village) for op in ops}
    for a in applied:
        kind, village = kinds.get(a.record.get("id"), ("?", "?"))
        if a.outcome is Outcome.created:
            result.new[kind] += 1
        elif a.outcome is Outcome.updated:
            result.updated[kind] += 1
        if a.outcome in (Outcome.created, Outcome.updated):
            result.by_village.setdefault(village, Counter())[kind] += 1
        result.conflicts += len(a.conflicted)


@dataclass
class Accepted:
    device_id: str
    results: list[Received]  # one per waiting bundle that merged
    refused: list[str]  # why each other waiting bundle did not (it stays waiting)
    name: str = ""
    fingerprint: str = ""


def accept_device(ws: Workspace, key: str) -> Accepted:
    """Accept a pending device and merge what it sent. ``key`` is its id or fingerprint,
    never a name (DeviceLookupError, listing the devices of that name): a name proves
    nothing, and accepting is the moment of trust. A waiting bundle that cannot merge is
    kept, with the reason, and the others still merge."""
    registry = DeviceRegistry(ws.data_dir)
    known = registry.resolve(key, by_name=False)
    registry.set_status(known.device_id, Status.accepted)
    out = Accepted(known.device_id, [], [], known.name, known.fingerprint)
    for path in registry.held(known.device_id):
        try:
            out.results.append(receive_message(ws, path.read_bytes(), via=inbox.VIA_ACCEPTED))
        except BundleError as exc:
            out.refused.append(exc.message)
            continue
        path.unlink()
    return out


def revoke_device(ws: Workspace, key: str) -> KnownDevice:
    """Refuse a device's bundles from now on (by id, fingerprint or unambiguous name)."""
    registry = DeviceRegistry(ws.data_dir)
    known = registry.resolve(key)
    registry.set_status(known.device_id, Status.revoked)
    for path in registry.held(known.device_id):
        path.unlink()
    return known
