"""Bundles sealed for the district: encrypted with the district key, signed by the device.

    magic "SMB1" | kind u8 | total length u32 | sender id (8) | [sender public key (32)]
    | [district key generation u16] | nonce (12)
    | ChaCha20-Poly1305(district key, nonce, payload, aad = everything before it)
    | Ed25519 signature (64) over everything before it

The district key comes from the passphrase every device of the district was given (scrypt),
so only devices of the district can read a bundle. The signature says which device made it;
the public key travels in the bundle so that a receiver meeting a device for the first time
can show its fingerprint for the officer to compare, and hold the bundle until accepted.
Once a peer has acknowledged this device's bundles it knows the key, and later bundles leave
it out (32 bytes, a quarter of a small frame): the receiver checks them with the key it
accepted, which is the stronger check anyway.

After a district key rotation (store/district_keys.py) a bundle is sealed with the newest
generation of the key, and says which (flag ``GENERATION`` in the kind byte, two bytes
before the nonce, authenticated with the rest of the header). Generation 0, the key of
set-up, leaves both out: bundles of a district that never rotated are byte for byte what
earlier versions make and read. A flag rather than a new magic keeps the sender's place in
the header, so the file and frame readers and ``sender_of`` need no change, and a device of
an earlier version given a rotated bundle says what is true: it lacks the new passphrase.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.store.device import KEY_FILE, Device
from sammachip_tui.store.district_keys import Keyring, MissingGenerationError
from sammachip_tui.store.secret_files import read_secret

MAGIC = b"SMB1"
KIND_BUNDLE = 1
NO_KEY = 0x80  # kind flag: the sender's public key is left out
GENERATION = 0x40  # kind flag: a district key generation (u16) comes before the nonce
_GENERATION = 2
_HEADER = len(MAGIC) + 1 + 4 + 8 + 32 + 12
_KEY = 32
_SIGNATURE = 64
_TAG = 16


class BundleError(UserError):
    """A bundle that cannot be used; ``message`` says why."""


@dataclass(frozen=True)
class Opened:
    sender: str
    public_key: bytes
    kind: int
    payload: bytes
    generation: int = 0  # of the district key it was sealed with


def load_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(read_secret(data_dir / KEY_FILE), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("device.key is not an Ed25519 key")
    return key


def seal(
    payload: bytes,
    device: Device,
    signing_key: Ed25519PrivateKey,
    kind: int = KIND_BUNDLE,
    *,
    with_key: bool = True,
    keyring: Keyring | None = None,
) -> bytes:
    """Sealed with the keyring's current generation (without one, the key of set-up)."""
    generation = 0 if keyring is None else keyring.current
    key = bytes.fromhex(device.district_key) if keyring is None else keyring.current_key
    nonce = os.urandom(12)
    header_len = (_HEADER if with_key else _HEADER - _KEY) + (_GENERATION if generation else 0)
    total = header_len + len(payload) + _TAG + _SIGNATURE
    flags = (0 if with_key else NO_KEY) | (GENERATION if generation else 0)
    header = (
        MAGIC
        + bytes([kind | flags])
        + total.to_bytes(4, "big")
        + device.device_id.encode("ascii")
        + (bytes.fromhex(device.public_key) if with_key else b"")
        + (generation.to_bytes(_GENERATION, "big") if generation else b"")
        + nonce
    )
    sealed = ChaCha20Poly1305(key).encrypt(nonce, payload, header)
    body = header + sealed
    return body + signing_key.sign(body)


def sender_of(data: bytes) -> str:
    """The sender's device id, read without checking anything (to look up its key)."""
    return data[9:17].decode("ascii", "replace")


def generation_of(data: bytes) -> int:
    """The district key generation a bundle says it was sealed with, read without checking
    anything (0 for a bundle too short to say)."""
    if len(data) < 5 or not data[4] & GENERATION:
        return 0
    at = 17 + (0 if data[4] & NO_KEY else _KEY)
    return int.from_bytes(data[at : at + _GENERATION], "big")


def open_sealed(
    data: bytes,
    district_key: bytes | Keyring,
    known_key: Callable[[str], bytes | None] = lambda _s: None,
) -> Opened:
    """Check the signature and decrypt with the key of the bundle's generation (a bare key
    is generation 0's). The signing key is the one the bundle carries, or for a bundle that
    leaves it out, ``known_key(sender)``. Whether a carried key belongs to a device this one
    trusts is the caller's to decide (sync/devices.py)."""
    if len(data) < _HEADER - _KEY + _TAG + _SIGNATURE or not data.startswith(MAGIC):
        raise BundleError(_("Not a sammachip bundle, or only part of one."))
    if int.from_bytes(data[5:9], "big") != len(data):
        raise BundleError(
            _("Only part of a bundle is here ({have} of {total} bytes).").format(
                have=len(data), total=int.from_bytes(data[5:9], "big")
            )
        )
    body, signature = data[:-_SIGNATURE], data[-_SIGNATURE:]
    kind = body[4]
    header_len = (_HEADER - _KEY if kind & NO_KEY else _HEADER) + (
        _GENERATION if kind & GENERATION else 0
    )
    if len(body) < header_len + _TAG:
        raise BundleError(_("Not a sammachip bundle, or only part of one."))
    header = body[:header_len]
    try:
        sender = header[9:17].decode("ascii")
    except UnicodeDecodeError:
        raise BundleError(_("Not a sammachip bundle, or only part of one.")) from None
    if kind & NO_KEY:
        found = known_key(sender)
        if found is None:
            raise BundleError(
                _(
                    "Device {id} is not known here, and its bundle does not carry its key. "
                    "On that device, send again with its key (key k on the send screen, or "
                    "sammachip sync send --with-key)."
                ).format(id=sender)
            )
        public_key = found
    else:
        public_key = header[17:49]
    nonce = header[-12:]
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, body)
    except (InvalidSignature, ValueError):
        raise BundleError(
            _("The bundle was changed after it was made (its signature does not match).")
        ) from None
    ring = district_key if isinstance(district_key, Keyring) else Keyring("", {0: district_key})
    generation = generation_of(data)
    try:
        key = ring.key(generation)
    except MissingGenerationError as exc:
        raise BundleError(exc.message) from None
    try:
        payload = ChaCha20Poly1305(key).decrypt(nonce, body[header_len:], header)
    except InvalidTag:
        raise BundleError(
            _(
                "This bundle was made with another district passphrase: it cannot be read "
                "here. Check that both devices were set up with the same passphrase."
            )
        ) from None
    return Opened(sender, bytes(public_key), kind & ~(NO_KEY | GENERATION), payload, generation)
