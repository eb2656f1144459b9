"""This device's identity: id, name, role, district, keys.

Set up once (``sammachip init`` or the first-run screen). The district passphrase is never
stored: only the key derived from it (scrypt, salted with the district code, so every device
of a district that was given the same passphrase derives the same key and can read the
others' bundles). The Ed25519 device key signs what this device sends (issue 4).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

import orjson
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.store.damaged_files import (
    DEVICE_ADVICE,
    DamagedFileError,
    check_fields,
    is_hex,
    is_str,
    read_json,
    wrong_field,
)
from sammachip_tui.store.disk_errors import os_reason
from sammachip_tui.store.fsutil import private_dir
from sammachip_tui.store.ids import DEVICE_ID, new_device_id
from sammachip_tui.store.key_pem import private_key_pem, read_private_key
from sammachip_tui.store.secret_files import read_secret, write_secret

DEVICE_FILE = "device.json"
KEY_FILE = "device.key"
MIN_PASSPHRASE = 8
# scrypt cost: 32 MiB and ~0.1 s on a laptop, well within a Pi 4's memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
DEMO_DISTRICT_KEY = hashlib.sha256(b"sammachip-tui demo district: not a secret").digest()


class Role(StrEnum):
    field = "field"
    central = "central"


class SetupError(ValueError):
    """A set-up value is not acceptable; ``message`` is an English msgid for gettext."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Device:
    device_id: str
    name: str
    role: Role
    district: str
    district_key: str  # hex of the scrypt-derived key
    public_key: str  # hex, raw Ed25519
    created: str
    # The newest district key generation this device holds (store/district_keys.py; those
    # after 0 are in district-keys.json). Here too, so that a deleted keyring is noticed
    # instead of sealing with the key of set-up, which a revoked device still holds.
    generation: int = 0

    @property
    def fingerprint(self) -> str:
        return fingerprint(bytes.fromhex(self.public_key))


def fingerprint(public_key: bytes) -> str:
    """12 digits in three groups, read aloud and compared on two screens at enrolment."""
    digest = hashlib.sha256(public_key).digest()
    s = f"{int.from_bytes(digest[:8], 'big') % 10**12:012d}"
    return f"{s[:4]} {s[4:8]} {s[8:]}"


def derive_district_key(passphrase: str, district: str, generation: int = 0) -> bytes:
    """Generation 0 is the key of set-up; later ones (a rotation, store/district_keys.py)
    salt the generation in, so one passphrase used twice still gives two keys."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    generation_salt = f"/generation/{generation}" if generation else ""
    kdf = Scrypt(
        salt=f"sammachip/district/{district}{generation_salt}".encode(),
        length=32,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def validate_setup(name: str, role: str, district: str, passphrase: str) -> None:
    """Raise SetupError (with a gettext msgid) for the first bad value."""
    from sammachip_tui.model.areas import AreaLevel, load_areas

    if not name.strip():
        raise SetupError("Device name is required.")
    if role not in {r.value for r in Role}:
        raise SetupError("Role must be field or central.")
    area = load_areas().get(district) if re.fullmatch(r"\d{4}", district or "") else None
    if area is None or area.level is not AreaLevel.district:
        raise SetupError("District code must be a 4-digit district code from the area list.")
    if len(passphrase) < MIN_PASSPHRASE:
        raise SetupError("The district passphrase must have at least 8 characters.")


def create_device(
    data_dir: Path,
    *,
    name: str,
    role: str,
    district: str,
    passphrase: str | None,
    district_key: bytes | None = None,
) -> Device:
    """Validate, derive the keys and write device.json and device.key atomically.

    ``district_key`` instead of a passphrase is for the demo workspace only, whose key is
    public (DEMO_DISTRICT_KEY) so that demo devices can exchange bundles with each other.
    """
    if district_key is None:
        validate_setup(name, role, district, passphrase or "")
        district_key = derive_district_key(passphrase or "", district)
    else:
        validate_setup(name, role, district, "x" * MIN_PASSPHRASE)
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    device = Device(
        device_id=new_device_id(),
        name=name.strip(),
        role=Role(role),
        district=district,
        district_key=district_key.hex(),
        public_key=public.hex(),
        created=clock.utc_now_iso(),
    )
    private_dir(data_dir)
    write_secret(data_dir / KEY_FILE, private_key_pem(private))
    write_device(data_dir, device)
    return device


def write_device(data_dir: Path, device: Device) -> None:
    """``device.json``, with a checksum of the identity: a flipped bit in the device id or the
    district key still parses, and would give the data another identity, or seal every
    bundle with a key no other device has."""
    fields = asdict(device)
    write_secret(data_dir / DEVICE_FILE, orjson.dumps({**fields, "crc": _identity_crc(fields)}))


def _identity_crc(fields: dict[str, object]) -> int:
    return zlib.crc32(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS))


def load_device(data_dir: Path) -> Device | None:
    """This device, or None when the directory was never set up.

    Raises DamagedFileError when ``device.json`` does not parse or holds wrong values, when
    ``device.key`` is missing, damaged or not the key of ``device.json``, and when
    ``device.json`` is missing from a directory that holds data (setting up again there
    would give the data a new identity and a new key)."""
    path = data_dir / DEVICE_FILE
    if not path.exists():
        others = [data_dir / KEY_FILE, data_dir / "journal.jsonl"]
        if any(p.exists() and p.stat().st_size > 0 for p in others):
            raise DamagedFileError(path, _("it is missing, yet this folder holds data"),
                                   DEVICE_ADVICE)  # fmt: skip
        return None
    checks = {
        "device_id": lambda v: isinstance(v, str) and DEVICE_ID.match(v) is not None,
        "name": lambda v: isinstance(v, str) and bool(v.strip()),
        "role": lambda v: v in {r.value for r in Role},
        "district": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}", v) is not None,
        "district_key": is_hex(64),
        "public_key": is_hex(64),
        "created": is_str,
    }
    data = check_fields(path, read_json(path, DEVICE_ADVICE), checks, DEVICE_ADVICE)
    stored = {name: value for name, value in data.items() if name != "crc"}
    # Without "crc" it is an older version's file, which has no other names than these.
    changed = data["crc"] != _identity_crc(stored) if "crc" in data else (
        not set(stored) <= {*checks, "generation"})  # fmt: skip
    if changed:
        raise DamagedFileError(path, _("its checksum does not match: a value was changed"),
                               DEVICE_ADVICE)  # fmt: skip
    generation = data.get("generation", 0)
    if not (isinstance(generation, int) and not isinstance(generation, bool)
            and 0 <= generation < 2**16):  # fmt: skip
        raise wrong_field(path, "generation", DEVICE_ADVICE)
    fields = {name: data[name] for name in checks}
    device = Device(**fields | {"role": Role(data["role"]), "generation": generation})
    _check_key(data_dir / KEY_FILE, device)
    return device


def _check_key(path: Path, device: Device) -> None:
    """``device.key`` is there, parses, and is the private half of ``device.public_key``:
    found at start rather than when a bundle is signed."""
    if not path.exists():
        raise DamagedFileError(path, _("it is missing"), DEVICE_ADVICE)
    try:
        key = read_private_key(read_secret(path))
    except OSError as exc:
        raise DamagedFileError(path, os_reason(exc), DEVICE_ADVICE) from None
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise DamagedFileError(path, _("it is not a readable key"), DEVICE_ADVICE) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise DamagedFileError(path, _("it is not a readable key"), DEVICE_ADVICE)
    public = key.public_key().public_bytes_raw()
    if public.hex() != device.public_key:
        raise DamagedFileError(path, _("it is not the key of device.json"), DEVICE_ADVICE)
