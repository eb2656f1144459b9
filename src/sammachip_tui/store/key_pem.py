"""``device.key`` in PEM (PKCS#8), written and read without cryptography's serialization.

Every start reads the device key (it is checked against ``device.json`` before anything else
is done) and the demo writes one, but cryptography's ``serialization`` package brings its SSH,
PKCS#12 and cipher modules with it: a noticeable part of the start on a Pi, and memory. An
Ed25519 key in PKCS#8 is always the same 16 bytes followed by the 32-byte seed (RFC 8410), so
that form is written and read here; any other form (a key written by another tool, with
attributes or encrypted) is read by cryptography as before, and fails there as before.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PKCS8_ED25519_PREFIX = bytes.fromhex("302e020100300506032b657004220420")  # RFC 8410 §7
BEGIN, END = b"-----BEGIN PRIVATE KEY-----", b"-----END PRIVATE KEY-----"


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """The same bytes as cryptography's PEM / PKCS8 / NoEncryption for this key."""
    der = PKCS8_ED25519_PREFIX + key.private_bytes_raw()
    return b"\n".join((BEGIN, base64.b64encode(der), END)) + b"\n"


def read_private_key(pem: bytes) -> object:
    """The private key of ``pem``: an Ed25519PrivateKey for the usual form, else whatever
    cryptography makes of it. Raises ValueError (or TypeError, UnsupportedAlgorithm from
    cryptography) when it is not a readable key."""
    lines = pem.strip().split(b"\n")
    if len(lines) == 3 and lines[0].strip() == BEGIN and lines[2].strip() == END:
        try:
            der = base64.b64decode(lines[1].strip(), validate=True)
        except binascii.Error:
            der = b""
        if len(der) == 48 and der.startswith(PKCS8_ED25519_PREFIX):
            return Ed25519PrivateKey.from_private_bytes(der[len(PKCS8_ED25519_PREFIX) :])
    from cryptography.hazmat.primitives import serialization

    return serialization.load_pem_private_key(pem, password=None)
