"""The devices this one knows: whose bundles it merges, holds, or refuses.

A device met for the first time is *pending*: its bundle is kept (``pending/``) but not
merged until the officer compares the fingerprint shown on both screens and accepts it.
An accepted device's bundles merge; a revoked device's are refused. A device id that shows
up with a different key is refused outright: someone else is using its name.

A device *name* proves nothing: anyone with the district passphrase can set up a device called
"fieldA". So the officer's choice (accept, revoke, send to) is made by id or fingerprint; a
name is taken only when exactly one known device has it, and two devices sharing a name are
listed side by side (id, fingerprint, standing, first seen) so the officer can tell them apart.

Kept in ``devices.json``, written atomically.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from pathlib import Path

import orjson

from sammachip_tui import clock
from sammachip_tui.errors import UserError
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.thai import format_date_be, to_arabic_digits
from sammachip_tui.store.damaged_files import DEVICES_ADVICE, read_json
from sammachip_tui.store.device import fingerprint
from sammachip_tui.store.fsutil import atomic_write, private_dir
from sammachip_tui.sync.envelope import BundleError
from sammachip_tui.sync.state_files import check_registry

DEVICES_FILE = "devices.json"
PENDING_DIR = "pending"


class DeviceLookupError(UserError):
    """No known device, or more than one (``candidates``), answers to what the officer typed."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class Status(StrEnum):
    pending = "pending"
    accepted = "accepted"
    revoked = "revoked"


@dataclass
class KnownDevice:
    device_id: str
    name: str
    role: str
    public_key: str  # hex
    status: Status
    first_seen: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(bytes.fromhex(self.public_key))

    def first_seen_text(self) -> str:
        """When its first bundle came, as the officer reads dates."""
        return when_text(self.first_seen)

    def described(self) -> str:
        """One line that tells two devices of the same name apart."""
        return _("{name}: id {id} · fingerprint {fp} · {status} · first seen {seen}").format(
            name=self.name, id=self.device_id, fp=self.fingerprint,
            status=_(STATUS_WORDS[self.status]), seen=self.first_seen_text(),
        )  # fmt: skip


def when_text(iso: str) -> str:
    """A moment stored as UTC ISO text, as the officer reads it: d/m/พ.ศ. HH:MM, local."""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return f"{format_date_be(moment.date())} {moment:%H:%M}"


def same_name_warning(name: str, others: tuple[str, ...] | list[str]) -> str:
    """What to say when a device waiting to be accepted shares its name with known ones."""
    head = _(
        "Careful: other devices known here are also called {name}. A name proves "
        "nothing; accept only the device whose fingerprint you checked."
    ).format(name=name)
    return "\n".join([head, *(f"  {line}" for line in others)])  # fmt: skip


STATUS_WORDS = {
    Status.pending: N_("waiting"),
    Status.accepted: N_("accepted"),
    Status.revoked: N_("revoked"),
}


MAX_HELD_PER_DEVICE = 20  # bundles kept per device waiting for acceptance
MAX_HELD_BYTES = 256 * 2**20  # and in all; a field device's bundle is a few KB


def shown_name(name: str) -> str:
    """A name another device gave itself, safe to show next to a fingerprint: no control or
    format characters (an escape sequence could hide the rest of a line on the terminal, or
    a direction override reorder it), one line, at most 64 characters."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in name
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs")
    )
    return " ".join(kept.split())[:64]


class DeviceRegistry:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / DEVICES_FILE
        self.pending_dir = data_dir / PENDING_DIR
        self.devices: dict[str, KnownDevice] = {}
        if self.path.exists():  # damaged: DamagedFileError, with what to do (state_files.py)
            for item in check_registry(self.path, read_json(self.path, DEVICES_ADVICE)):
                known = {f.name: item[f.name] for f in fields(KnownDevice)}
                self.devices[item["device_id"]] = KnownDevice(**known | {
                    "status": Status(item["status"])})  # fmt: skip

    def save(self) -> None:
        data = [asdict(d) for d in sorted(self.devices.values(), key=lambda d: d.device_id)]
        atomic_write(self.path, orjson.dumps(data, option=orjson.OPT_INDENT_2))

    def get(self, device_id: str) -> KnownDevice | None:
        return self.devices.get(device_id)

    def resolve(self, key: str, *, by_name: bool = True) -> KnownDevice:
        """The one device ``key`` names: its id (any case), its fingerprint (spaces
        optional), or a name that exactly one known device has, in that order, so that a
        device naming itself after another's id or fingerprint never stands in for it.
        ``by_name=False`` (accepting: the moment of trust) takes no name at all.

        Raises DeviceLookupError when nothing matches, or when several devices share the
        fingerprint or the name (the message lists them so the officer can choose)."""
        key = key.strip()
        by_id = self.devices.get(key.upper())
        if by_id is not None:
            return by_id
        digits = "".join(to_arabic_digits(key).split())
        if digits.isdigit():
            same = [d for d in self.devices.values() if d.fingerprint.replace(" ", "") == digits]
            if len(same) == 1:
                return same[0]
            if same:
                raise self._ambiguous(
                    _("Several devices have the fingerprint {key}; say which one by its id:"),
                    key, same)  # fmt: skip
        named = self.named(key)
        if named and not by_name:
            raise self._ambiguous(
                _("A name proves nothing (any device can take it): compare the fingerprint "
                  "on the device's screen, then give its id or fingerprint. Known as {key}:"),
                key, named)  # fmt: skip
        if len(named) == 1:
            return named[0]
        if named:
            raise self._ambiguous(
                _("Several devices are called {key}; say which one by its id or fingerprint:"),
                key, named)  # fmt: skip
        raise DeviceLookupError(_("No device {key} is known here.").format(key=key))

    def named(self, name: str) -> list[KnownDevice]:
        """Every known device called ``name``, oldest first."""
        found = [d for d in self.devices.values() if d.name == name]
        return sorted(found, key=lambda d: (d.first_seen, d.device_id))

    @staticmethod
    def _ambiguous(head: str, key: str, devices: list[KnownDevice]) -> DeviceLookupError:
        lines = tuple(d.described() for d in devices)
        message = "\n".join([head.format(key=key), *(f"  {line}" for line in lines)])
        return DeviceLookupError(message, lines)

    def meet(self, device_id: str, public_key: bytes, name: str, role: str) -> KnownDevice:
        """The device as known, adding it as pending if it is new."""
        known = self.devices.get(device_id)
        if known is None:
            known = KnownDevice(
                device_id=device_id,
                name=shown_name(name),
                role=role if role in ("field", "central") else "",
                public_key=public_key.hex(),
                status=Status.pending,
                first_seen=clock.utc_now_iso(),
            )
            self.devices[device_id] = known
            self.save()
        return known

    def set_status(self, device_id: str, status: Status) -> None:
        self.devices[device_id].status = status
        self.save()

    def hold(self, device_id: str, checksum: int, message: bytes) -> Path:
        """Keep a bundle from a pending device until it is accepted. Bounded: a device nobody
        accepted (anyone with the district passphrase) must not fill the disk."""
        path = self.pending_dir / f"{device_id}-{checksum:08x}.bundle"
        private_dir(self.pending_dir)
        if not path.exists():
            waiting = list(self.pending_dir.glob("*.bundle"))
            mine = [p for p in waiting if p.name.startswith(f"{device_id}-")]
            total = sum(p.stat().st_size for p in waiting) + len(message)
            if len(mine) >= MAX_HELD_PER_DEVICE or total > MAX_HELD_BYTES:
                raise BundleError(
                    _("Too many bundles are waiting for devices nobody has accepted yet. "
                      "Accept or revoke the waiting devices (sammachip devices list), then "
                      "receive this bundle again. Nothing was changed.")
                )  # fmt: skip
        atomic_write(path, message)
        return path

    def held(self, device_id: str) -> list[Path]:
        if not self.pending_dir.exists():
            return []
        return sorted(self.pending_dir.glob(f"{device_id}-*.bundle"))
