"""Bundles sealed for the district: encrypted with the district key, signed by the device.

    magic "SMB1" | kind u8 | total length u32 | sender id (8) | sender public key (32)
    | nonce (12)
    | ChaCha20-Poly1305(district key, nonce, payload, aad = everything before it)
    | Ed25519 signature (64) over everything before it

The district key comes from the passphrase every device of the district was given (scrypt),
so only devices of the district can read a bundle. The signature says which device made it;
the public key travels in the bundle so that a receiver meeting a device for the first time
can show its fingerprint for the officer to compare, and hold the bundle until accepted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from sammachip_tui.i18n import _
from sammachip_tui.store.device import KEY_FILE, Device

MAGIC = b"SMB1"
KIND_BUNDLE = 1
_HEADER = len(MAGIC) + 1 + 4 + 8 + 32 + 12
_SIGNATURE = 64
_TAG = 16


class BundleError(ValueError):
    """A bundle that cannot be used; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Opened:
    sender: str
    public_key: bytes
    kind: int
    payload: bytes


def load_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key((data_dir / KEY_FILE).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("device.key is not an Ed25519 key")
    return key


def seal(payload: bytes, device: Device, signing_key: Ed25519PrivateKey, kind: int = 1) -> bytes:
    nonce = os.urandom(12)
    total = _HEADER + len(payload) + _TAG + _SIGNATURE
    header = (
        MAGIC
        + bytes([kind])
        + total.to_bytes(4, "big")
        + device.device_id.encode("ascii")
        + bytes.fromhex(device.public_key)
        + nonce
    )
    sealed = ChaCha20Poly1305(bytes.fromhex(device.district_key)).encrypt(nonce, payload, header)
    body = header + sealed
    return body + signing_key.sign(body)


def open_sealed(data: bytes, district_key: bytes) -> Opened:
    """Check the signature (with the key it carries) and decrypt. Whether that key belongs to
    a device this one trusts is the caller's to decide (sync/devices.py)."""
    if len(data) < _HEADER + _TAG + _SIGNATURE or not data.startswith(MAGIC):
        raise BundleError(_("Not a sammachip bundle, or only part of one."))
    if int.from_bytes(data[5:9], "big") != len(data):
        raise BundleError(
            _("Only part of a bundle is here ({have} of {total} bytes).").format(
                have=len(data), total=int.from_bytes(data[5:9], "big")
            )
        )
    body, signature = data[:-_SIGNATURE], data[-_SIGNATURE:]
    header = body[:_HEADER]
    kind = header[4]
    try:
        sender = header[9:17].decode("ascii")
    except UnicodeDecodeError:
        raise BundleError(_("Not a sammachip bundle, or only part of one.")) from None
    public_key = header[17:49]
    nonce = header[49:61]
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, body)
    except (InvalidSignature, ValueError):
        raise BundleError(
            _("The bundle was changed after it was made (its signature does not match).")
        ) from None
    try:
        payload = ChaCha20Poly1305(district_key).decrypt(nonce, body[_HEADER:], header)
    except InvalidTag:
        raise BundleError(
            _(
                "This bundle was made with another district passphrase: it cannot be read "
                "here. Check that both devices were set up with the same passphrase."
            )
        ) from None
    return Opened(sender, bytes(public_key), kind, payload)
