"""The district keys this device holds, by generation: rotation and re-enrolment.

Why: a lost or stolen laptop holds the district key. Revoking the device stops its bundles
from merging, but with the key it can still *read* every bundle the district exchanges (QR
codes on screens, printed sheets, files). So the district office can issue a new key
(``sammachip district rotate`` on the central store: a new passphrase, generation g+1), read
a short check code to each field officer, and each good device re-enrols with the new
passphrase (``sammachip district rekey``). Bundles are then sealed with the newest key; the
old ones are kept, so bundles made before the rotation (a printed sheet, a bundle held for
acceptance) still open where they should.

Generation 0 is the key set up at ``init``: it stays in ``device.json`` as it always was, so
existing devices and the demo need no migration. Later generations live in
``district-keys.json``, read and written only through ``store/secret_files.py`` (where
encryption at rest goes). Each generation's key is derived by scrypt from its passphrase,
salted with the district *and* the generation, so one passphrase used twice still gives two
keys, and every device given the same passphrase and generation derives the same key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from sammachip_tui import clock
from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import os_error_text
from sammachip_tui.model.thai import to_arabic_digits
from sammachip_tui.store.device import (
    MIN_PASSPHRASE,
    Device,
    Role,
    derive_district_key,
    write_device,
)
from sammachip_tui.store.secret_files import read_secret, write_secret

KEYS_FILE = "district-keys.json"
MAX_GENERATION = 0xFFFF  # the bundle header keeps it in two bytes
SEARCH_AHEAD = 5  # rekey without --generation tries this many generations after the newest


class DistrictKeyError(UserError):
    """A rotation or re-enrolment that cannot be done, or a keyring that cannot be read."""


class MissingGenerationError(DistrictKeyError):
    """A bundle sealed with a district key generation this device does not hold."""


@dataclass
class Keyring:
    """Every district key this device holds; ``current`` seals what it sends."""

    district: str
    keys: dict[int, bytes]
    added: dict[int, str] = field(default_factory=dict)

    @property
    def current(self) -> int:
        return max(self.keys)

    @property
    def current_key(self) -> bytes:
        return self.keys[self.current]

    def key(self, generation: int) -> bytes:
        """The key of ``generation``; MissingGenerationError (saying what to do) if this
        device does not hold it."""
        found = self.keys.get(generation)
        if found is not None:
            return found
        if generation > self.current:
            raise MissingGenerationError(
                _("This bundle was made with district key generation {gen}; this device has "
                  "up to generation {have}. Ask the district office for the new passphrase "
                  "and run: sammachip district rekey").format(gen=generation, have=self.current)
            )  # fmt: skip
        raise MissingGenerationError(
            _("This bundle was made with district key generation {gen}, which this device "
              "was never given (it holds {held}). Receive it on the central store, or run "
              "sammachip district rekey --generation {gen} with that generation's "
              "passphrase.").format(gen=generation, held=self.held_text())
        )  # fmt: skip

    def held_text(self) -> str:
        return ", ".join(str(g) for g in sorted(self.keys))


def check_code(key: bytes) -> str:
    """8 digits that say which key a device holds without revealing it: read aloud by the
    district office at rotation and compared on each device that re-enrols."""
    digest = hmac.new(key, b"sammachip district key check", hashlib.sha256).digest()
    s = f"{int.from_bytes(digest[:8], 'big') % 10**8:08d}"
    return f"{s[:4]} {s[4:]}"


def same_code(typed: str, code: str) -> bool:
    """Spaces, dashes and Thai digits are fine in what the officer typed."""
    digits = "".join(ch for ch in to_arabic_digits(typed) if ch.isdigit())
    return hmac.compare_digest(digits, code.replace(" ", ""))


# ----------------------------------------------------------------------- reading, writing
def _damaged(data_dir: Path, why: str) -> DistrictKeyError:
    return DistrictKeyError(
        _("{path} cannot be read ({why}). Restore it from a backup, or run sammachip "
          "district rekey with each passphrase the district office gave since set-up. "
          "Nothing was changed.").format(path=data_dir / KEYS_FILE, why=why)
    )  # fmt: skip


def load_keyring(data_dir: Path, device: Device, *, complete: bool = True) -> Keyring:
    """Generation 0 from ``device.json``, later ones from ``district-keys.json`` if any.
    ``complete``: refuse a keyring that lacks the newest generation device.json names (all
    but ``rekey``, which is how the officer brings a lost one back)."""
    ring = Keyring(device.district, {0: bytes.fromhex(device.district_key)}, {0: device.created})
    try:
        raw = read_secret(data_dir / KEYS_FILE)
    except FileNotFoundError:
        raw = b'{"district": "%s", "generations": {}}' % device.district.encode()
    except OSError as exc:
        raise _damaged(data_dir, os_error_text(exc)) from None
    try:
        doc = orjson.loads(raw)
        if not isinstance(doc, dict) or doc.get("district") != device.district:
            raise ValueError("district")
        for text, item in doc["generations"].items():
            generation, key = int(text), bytes.fromhex(item["key"])
            if not 1 <= generation <= MAX_GENERATION or len(key) != 32:
                raise ValueError(text)
            ring.keys[generation] = key
            ring.added[generation] = str(item.get("added", ""))
    except (orjson.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged(data_dir, _("not a district keyring: {what}").format(what=exc)) from None
    if complete and device.generation > max(ring.keys):
        raise _damaged(data_dir, _("device.json says this device holds district key "
                                   "generation {gen}, and it is not here").format(
                                       gen=device.generation))  # fmt: skip
    return ring


def save_keyring(data_dir: Path, ring: Keyring, device: Device | None = None) -> None:
    """The keyring, then (given ``device``) the newest generation in ``device.json``: in that
    order, so that a kill between the two never makes a keyring look lost."""
    _write_keyring(data_dir, ring)
    if device is not None and max(ring.keys) > device.generation:
        write_device(data_dir, dataclasses.replace(device, generation=max(ring.keys)))


def _write_keyring(data_dir: Path, ring: Keyring) -> None:
    generations = {
        str(g): {"key": key.hex(), "added": ring.added.get(g, "")}
        for g, key in sorted(ring.keys.items())
        if g > 0
    }
    doc = {"district": ring.district, "generations": generations}
    write_secret(data_dir / KEYS_FILE, orjson.dumps(doc, option=orjson.OPT_INDENT_2))


def generation_note(data_dir: Path, device: Device) -> str:
    """The text " · district key generation N (check code …)" once the district rotated;
    nothing before (so the screens of an un-rotated district stay as they were), nor for a
    keyring that cannot be read (sending and receiving say that, where it matters)."""
    try:
        ring = load_keyring(data_dir, device)
    except DistrictKeyError:
        return ""
    if ring.current == 0:
        return ""
    return " · " + _("district key generation {gen} (check code {check})").format(
        gen=ring.current, check=check_code(ring.current_key)
    )


# ------------------------------------------------------------------- rotate and re-enrol
@dataclass(frozen=True)
class KeyChange:
    generation: int
    check: str
    already: bool = False  # the device held this very key before: nothing changed


def _require_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise DistrictKeyError(_("The district passphrase must have at least 8 characters."))


def rotate(data_dir: Path, device: Device, passphrase: str) -> KeyChange:
    """Issue generation g+1 from a new passphrase (central store only) and seal with it
    from now on. A passphrase that gives a key this device already holds is refused: a
    rotation is only worth its trouble if the old passphrase cannot open the new bundles."""
    if device.role is not Role.central:
        raise DistrictKeyError(
            _("Only the district office's central store issues a new district key. On a "
              "field device, enter the new passphrase with: sammachip district rekey")
        )  # fmt: skip
    _require_passphrase(passphrase)
    ring = load_keyring(data_dir, device)
    generation = ring.current + 1
    if generation > MAX_GENERATION:
        raise DistrictKeyError(_("No district key generation is left to issue."))
    for held, key in ring.keys.items():
        if hmac.compare_digest(derive_district_key(passphrase, device.district, held), key):
            raise DistrictKeyError(
                _("That is the passphrase of district key generation {gen}. Choose a new "
                  "passphrase: whoever had the old one could still read the new bundles. "
                  "Nothing was changed.").format(gen=held)
            )  # fmt: skip
    key = derive_district_key(passphrase, device.district, generation)
    ring.keys[generation] = key
    ring.added[generation] = clock.utc_now_iso()
    save_keyring(data_dir, ring, device)
    return KeyChange(generation, check_code(key))


def rekey(
    data_dir: Path, device: Device, passphrase: str, check: str, generation: int | None = None
) -> KeyChange:
    """Take generation ``generation`` (or, if not given, the first of the next few that
    matches the check code) from the passphrase the district office gave. The check code
    must match: a mistyped passphrase would otherwise seal bundles nobody can read."""
    _require_passphrase(passphrase)
    ring = load_keyring(data_dir, device, complete=False)
    if generation is not None and not 1 <= generation <= MAX_GENERATION:
        raise DistrictKeyError(
            _("The generation must be a number from 1 to {top} (0 is the key of set-up).").format(
                top=MAX_GENERATION
            )
        )
    tried = (
        [generation]
        if generation is not None
        else [g for g in range(ring.current + 1, ring.current + 1 + SEARCH_AHEAD)
              if g <= MAX_GENERATION]
    )  # fmt: skip
    for g in tried:
        key = derive_district_key(passphrase, device.district, g)
        if not same_code(check, check_code(key)):
            continue
        if g in ring.keys:
            if hmac.compare_digest(ring.keys[g], key):
                return KeyChange(g, check_code(key), already=True)
            raise DistrictKeyError(
                _("This device already holds a different key for generation {gen}. Nothing "
                  "was changed.").format(gen=g)
            )  # fmt: skip
        ring.keys[g] = key
        ring.added[g] = clock.utc_now_iso()
        save_keyring(data_dir, ring, device)
        return KeyChange(g, check_code(key))
    if generation is not None:
        raise DistrictKeyError(
            _("The passphrase and the check code do not belong together for generation "
              "{gen}: check both with the district office. Nothing was changed.").format(
                gen=generation)
        )  # fmt: skip
    raise DistrictKeyError(
        _("The passphrase and the check code do not match any generation from {first} to "
          "{last}: check both with the district office, or give the generation with "
          "--generation. Nothing was changed.").format(first=tried[0], last=tried[-1])
    )  # fmt: skip
