"""Short ids that are unique across devices without asking anyone.

A device id is 8 Crockford base32 characters drawn at set-up (40 random bits). A record id is
the device id, a dot, and the base32 sequence number of the operation that created the record
(sequence numbers never repeat on one device: they are journaled before use). A UUID would
cost 16 incompressible bytes per record in every QR frame; these cost 10 to 12 characters.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
DEVICE_ID = re.compile(rf"^[{ALPHABET}]{{8}}$")


def new_device_id() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def base32(n: int) -> str:
    if n < 0:
        raise ValueError(n)
    digits = []
    while True:
        n, r = divmod(n, 32)
        digits.append(ALPHABET[r])
        if n == 0:
            return "".join(reversed(digits))


def record_id(device: str, seq: int) -> str:
    return f"{device}.{base32(seq)}"


def attendance_id(forum_id: str, household_id: str) -> str:
    """Attendance ids name their forum and household, so that two devices ticking the same
    household write the same record."""
    return f"{forum_id}~{household_id}"
