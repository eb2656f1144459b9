"""The devices this one knows: whose bundles it merges, holds, or refuses.

A device met for the first time is *pending*: its bundle is kept (``pending/``) but not
merged until the officer compares the fingerprint shown on both screens and accepts it.
An accepted device's bundles merge; a revoked device's are refused. A device id that shows
up with a different key is refused outright: someone else is using its name.

Kept in ``devices.json``, written atomically.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from pathlib import Path

import orjson

from sammachip_tui import clock
from sammachip_tui.store.damaged_files import DEVICES_ADVICE, read_json
from sammachip_tui.store.device import fingerprint
from sammachip_tui.store.fsutil import atomic_write, private_dir
from sammachip_tui.sync.state_files import check_registry

DEVICES_FILE = "devices.json"
PENDING_DIR = "pending"


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

    def find(self, key: str) -> KnownDevice | None:
        """By id, by fingerprint (spaces optional) or by name."""
        digits = key.replace(" ", "")
        for d in self.devices.values():
            if key in (d.device_id, d.name) or d.fingerprint.replace(" ", "") == digits:
                return d
        return None

    def meet(self, device_id: str, public_key: bytes, name: str, role: str) -> KnownDevice:
        """The device as known, adding it as pending if it is new."""
        known = self.devices.get(device_id)
        if known is None:
            known = KnownDevice(
                device_id=device_id,
                name=name,
                role=role,
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
        """Keep a bundle from a pending device until it is accepted."""
        path = self.pending_dir / f"{device_id}-{checksum:08x}.bundle"
        private_dir(self.pending_dir)
        atomic_write(path, message)
        return path

    def held(self, device_id: str) -> list[Path]:
        if not self.pending_dir.exists():
            return []
        return sorted(self.pending_dir.glob(f"{device_id}-*.bundle"))
