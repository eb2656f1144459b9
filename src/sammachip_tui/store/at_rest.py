"""Encryption at rest: a laptop left on a bus gives away nothing of the households.

When a data directory is encrypted (``keys.json`` is there), everything in it that holds
personal data or keys is sealed with a random 256-bit *data key*: every journal line, every
village file, ``device.json``, ``device.key`` and the district keyring (through
store/secret_files.py), the copies ``repair`` and a shard rebuild set aside. The data key is
kept in ``keys.json`` wrapped (ChaCha20-Poly1305) under a key derived with scrypt from the
device PIN or passphrase, which is asked at start (the app's unlock screen; ``--pin-file`` or
``SAMMACHIP_PIN`` for the command line) and never stored. Changing the PIN re-wraps the data
key; nothing else is rewritten.

Left in clear, because they hold no personal data and are needed before the PIN is typed:
``checkpoint.json`` (offsets), ``sync.json`` (sequence numbers), ``settings.json`` (the
interface language), the lock. Held bundles are already sealed with the district key.

Sealed file: ``SMX1 | nonce (12) | ChaCha20-Poly1305(data key, nonce, data, aad = SMX1 +
label)``, the label naming what the file is (a village file cannot be swapped for another
file). Sealed journal line body: ``!`` + base64 of the same without the magic: the line keeps
its checksum, so a torn or damaged line is found without the key.
"""

from __future__ import annotations

import base64
import errno
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import os_error_text

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

MAGIC = b"SMX1"
LINE_MARK = b"!"
KEYS_FILE = "keys.json"
MIN_PIN = 6
MAX_SECRET_FILE = 64 * 1024  # a PIN or passphrase file is one line
# 64 MiB and about half a second on a laptop: a 6-digit PIN then takes days of guessing on
# one core; a passphrase, far longer. A Pi 4 with 1 GB has the memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1
_NONCE = 12


class LockedError(UserError):
    """The data directory is encrypted and its PIN has not been given in this process."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(
            _(
                "The data in {path} is encrypted. Give the device PIN or passphrase: in the "
                "app, on its unlock screen; on the command line, with --pin-file FILE or the "
                "SAMMACHIP_PIN environment variable."
            ).format(path=data_dir)
        )


class WrongPinError(UserError):
    def __init__(self) -> None:
        super().__init__(_("That PIN or passphrase does not open this device's data."))


class SealedFileError(UserError):
    """A sealed file that does not open with the right key: damaged or swapped."""

    def __init__(self, what: str) -> None:
        super().__init__(
            _("{what} is damaged: it does not decrypt with this device's key.").format(what=what)
        )


class Cipher:
    """The data key of one data directory, ready to seal and open."""

    def __init__(self, key: bytes) -> None:
        # Imported here: a directory that is not encrypted (most) never loads the cipher.
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        self._aead = ChaCha20Poly1305(key)

    def seal(self, data: bytes, label: str) -> bytes:
        nonce = os.urandom(_NONCE)
        return MAGIC + nonce + self._aead.encrypt(nonce, data, MAGIC + label.encode())

    def open(self, blob: bytes, label: str) -> bytes:
        if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _NONCE + 16:
            raise SealedFileError(label)
        from cryptography.exceptions import InvalidTag  # loaded with the cipher, not at start

        nonce, sealed = blob[len(MAGIC) : len(MAGIC) + _NONCE], blob[len(MAGIC) + _NONCE :]
        try:
            return self._aead.decrypt(nonce, sealed, MAGIC + label.encode())
        except InvalidTag:
            raise SealedFileError(label) from None

    def seal_line(self, body: bytes) -> bytes:
        return LINE_MARK + base64.b64encode(self.seal(body, "journal")[len(MAGIC) :])

    def open_line(self, body: bytes) -> bytes:
        return self.open(MAGIC + base64.b64decode(body[len(LINE_MARK) :]), "journal")


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def read_sealed(data: bytes, cipher: Cipher | None, label: str, data_dir: Path) -> bytes:
    """``data`` opened if it is sealed; clear data (written before encryption was turned on,
    or in a directory that is not encrypted) as it is."""
    if not is_sealed(data):
        return data
    if cipher is None:
        raise LockedError(data_dir)
    return cipher.open(data, label)


# ------------------------------------------------------------------ unlocked data directories
_unlocked: dict[Path, Cipher] = {}
_guard = threading.Lock()


def _key(data_dir: Path) -> Path:
    return Path(data_dir).resolve()


def is_encrypted(data_dir: Path) -> bool:
    return (Path(data_dir) / KEYS_FILE).is_file()


def is_unlocked(data_dir: Path) -> bool:
    with _guard:
        return _key(data_dir) in _unlocked


def cipher_for(data_dir: Path) -> Cipher | None:
    """The data key of ``data_dir``; None if it is not encrypted; LockedError if it is and
    the PIN was not given in this process."""
    with _guard:
        cipher = _unlocked.get(_key(data_dir))
    if cipher is not None:
        return cipher
    if is_encrypted(data_dir):
        raise LockedError(Path(data_dir))
    return None


@dataclass(frozen=True)
class _Wrapped:
    salt: bytes
    nonce: bytes
    sealed: bytes
    n: int
    r: int
    p: int

    def to_json(self) -> bytes:
        return orjson.dumps(
            {"v": 1, "kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p,
             "salt": self.salt.hex(), "nonce": self.nonce.hex(), "key": self.sealed.hex()}
        )  # fmt: skip

    @classmethod
    def read(cls, data_dir: Path) -> _Wrapped:
        try:
            data = orjson.loads((Path(data_dir) / KEYS_FILE).read_bytes())
            return cls(
                bytes.fromhex(data["salt"]), bytes.fromhex(data["nonce"]),
                bytes.fromhex(data["key"]), int(data["n"]), int(data["r"]), int(data["p"]),
            )  # fmt: skip
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            raise SealedFileError(KEYS_FILE) from None


def _kek(pin: str, salt: bytes, n: int, r: int, p: int) -> ChaCha20Poly1305:
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    from sammachip_tui.model.thai import to_arabic_digits

    kdf = Scrypt(salt=salt, length=32, n=n, r=r, p=p)
    # ๒๔๖๘ typed on a Thai keypad is 2468: the same PIN whichever digits it was typed in.
    return ChaCha20Poly1305(kdf.derive(to_arabic_digits(pin).encode("utf-8")))


def wrap(key: bytes, pin: str) -> bytes:
    """``keys.json``'s bytes: ``key`` sealed under a key derived from ``pin``."""
    salt, nonce = os.urandom(16), os.urandom(_NONCE)
    sealed = _kek(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).encrypt(nonce, key, b"sammachip-dek")
    return _Wrapped(salt, nonce, sealed, SCRYPT_N, SCRYPT_R, SCRYPT_P).to_json()


def unwrap(data_dir: Path, pin: str) -> bytes:
    w = _Wrapped.read(data_dir)
    # At most 128 MiB of scrypt memory (a Pi with 1 GB), a power of two, a 12-byte nonce:
    # a damaged keys.json says so instead of raising from the library or taking the memory.
    sound = (
        2**10 <= w.n <= 2**17 and w.n & (w.n - 1) == 0 and 128 * w.r * w.n <= 2**27
        and 1 <= w.r <= 16 and w.p == 1 and len(w.nonce) == _NONCE and len(w.salt) >= 8
    )  # fmt: skip
    if not sound:
        raise SealedFileError(KEYS_FILE)
    from cryptography.exceptions import InvalidTag

    try:
        return _kek(pin, w.salt, w.n, w.r, w.p).decrypt(w.nonce, w.sealed, b"sammachip-dek")
    except InvalidTag:
        raise WrongPinError() from None
    except ValueError:
        raise SealedFileError(KEYS_FILE) from None


def unlock(data_dir: Path, pin: str) -> None:
    """Check ``pin`` and keep the data key for this process. WrongPinError if it is not it."""
    key = unwrap(data_dir, pin)
    with _guard:
        _unlocked[_key(data_dir)] = Cipher(key)


def remember(data_dir: Path, key: bytes) -> None:
    with _guard:
        _unlocked[_key(data_dir)] = Cipher(key)


def moved(old: Path, new: Path) -> None:
    """The unlocked directory ``old`` was renamed to ``new`` (restore's staging folder):
    labels do not name paths, so the same key opens it there."""
    with _guard:
        cipher = _unlocked.pop(_key(old), None)
        if cipher is not None:
            _unlocked[_key(new)] = cipher


def forget(data_dir: Path) -> None:
    with _guard:
        _unlocked.pop(_key(data_dir), None)


def check_pin(pin: str) -> None:
    if len(pin) < MIN_PIN:
        raise UserError(
            _("The PIN or passphrase must have at least {n} characters.").format(n=MIN_PIN)
        )


def pin_from_environment() -> str | None:
    """``SAMMACHIP_PIN``, or the first line of the file ``SAMMACHIP_PIN_FILE`` names."""
    pin = os.environ.get("SAMMACHIP_PIN")
    if pin:
        return pin
    path = os.environ.get("SAMMACHIP_PIN_FILE")
    if path:
        return read_pin_file(Path(path))
    return None


def read_pin_file(path: Path) -> str:
    """The first line, without a byte-order mark (Notepad writes one) or a CR. A regular
    file, read up to 64 KB (``/dev/zero`` would never end)."""
    try:
        if not path.is_file():
            raise IsADirectoryError(errno.EISDIR, _("not a regular file"))
        with path.open("rb") as f:
            text = f.read(MAX_SECRET_FILE).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            _("Cannot read the PIN file {path}: {reason}").format(
                path=path, reason=os_error_text(exc)
            )
        ) from None
    return text.splitlines()[0] if text else ""
