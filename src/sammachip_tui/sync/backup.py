"""Backups on a USB stick: everything a replaced device needs to carry on with nothing lost.

A backup holds the operations (``Workspace.journal_entries``: every record can be rebuilt
from them), the sync state (what each peer acknowledged, bundles sent), the devices met and
their standing, bundles still waiting for acceptance, the settings, and the device identity
(device.json and its signing key), so that peers keep accepting the restored device's
bundles and its sequence numbers continue where the old device stopped.

It is one file, sealed with the district key, in a layout that survives a stick pulled out
mid-write::

    magic "SMBK" | format u8 | header length u32 | header (JSON, not secret: who, when, counts)
    | key check: HMAC-SHA256(district key, "sammachip backup" + everything before it)
    | chunks: length u32 | ChaCha20-Poly1305(district key, nonce prefix + index,
                                            zlib-compressed contents, aad = see _aad)

Each chunk's additional data binds the header, its index and whether it is the last one, so
a file cut short (even at a chunk boundary), chunks reordered or any byte changed is refused;
the key check tells a wrong passphrase from a damaged file. The file is written atomically
(temporary name, fsync, rename, fsync of the folder): an interrupted backup leaves only a
dot-named temporary file, which ``restore`` never picks, and which fails the checks anyway.

Restoring builds the device in a folder beside the data directory and renames it into place
only when it is complete, so an interrupted restore leaves the data directory as it was.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import shutil
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from sammachip_tui import clock
from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import os_error_text
from sammachip_tui.store import at_rest
from sammachip_tui.store.device import KEY_FILE, Device, Role, derive_district_key, write_device
from sammachip_tui.store.district_keys import KEYS_FILE as DISTRICT_KEYS_FILE
from sammachip_tui.store.district_keys import load_keyring
from sammachip_tui.store.fsutil import atomic_write, fsync_directory
from sammachip_tui.store.lock import DirectoryLock, WorkspaceLockedError
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.secret_files import read_secret, write_secret
from sammachip_tui.store.settings import Settings, load_settings, save_settings
from sammachip_tui.store.workspace import NotSetUpError, Workspace
from sammachip_tui.sync.bundle import SyncState, pending_ops
from sammachip_tui.sync.devices import PENDING_DIR, DeviceRegistry, KnownDevice, Status

MAGIC = b"SMBK"
FORMAT = 1
SUFFIX = ".smbackup"
CHUNK = 1 << 20  # plaintext bytes per sealed chunk
MAX_HEADER = 1 << 16
_TAG = 16
_CHECK = 32
LOCK_FILES = (".lock", ".lock.pid")


class BackupError(UserError):
    """A backup that cannot be written or used; ``message`` says why, and what to do."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, from its header (readable without the passphrase)."""

    path: Path
    device_id: str
    name: str
    district: str
    created: str
    ops: int
    households: int
    seq: int  # the highest sequence number this device had handed out
    size: int
    encrypted: bool = False  # the device was encrypted at rest (restore asks for a PIN)


@dataclass
class Restored:
    info: BackupInfo
    data_dir: Path
    households: int = 0
    unacknowledged: dict[str, int] = field(default_factory=dict)  # peer -> ops to send again
    set_aside: Path | None = None  # what the data directory held before (--replace)
    merged_from_aside: int = 0
    aside_problem: str = ""  # why what was set aside could not be merged


# ------------------------------------------------------------------------------- writing
def backup_name(ws: Workspace) -> str:
    return f"sammachip-{ws.device.device_id}-{clock.now():%Y%m%d-%H%M%S}{SUFFIX}"


def write_backup(ws: Workspace, folder: Path) -> BackupInfo:
    """Write this device's backup into ``folder`` (created if missing). Raises OSError
    when the folder cannot be written (the caller says so); a partial file never counts.
    A journal or archive line that no longer reads is a BackupError saying what to do: a
    backup missing operations would restore a device short of them."""
    from sammachip_tui.store.journal_index import IndexedLineError

    try:
        ops = ws.journal_entries()
    except IndexedLineError as exc:
        raise BackupError(
            _("No backup was written. {problem}").format(problem=exc.message)
        ) from None
    own = [op.seq for op in ops if op.origin == ws.device.device_id]
    ring = load_keyring(ws.data_dir, ws.device)
    keyring_file = ws.data_dir / DISTRICT_KEYS_FILE
    households = count_households(ws)
    contents = {
        "device": asdict(ws.device),
        "device_key": read_secret(ws.data_dir / KEY_FILE).decode("ascii"),
        "district_keys": (
            base64.b64encode(read_secret(keyring_file)).decode("ascii")
            if keyring_file.exists()
            else ""
        ),
        "settings": asdict(load_settings(ws.data_dir)),
        "sync": asdict(SyncState.load(ws.data_dir)),
        "devices": [asdict(d) for d in DeviceRegistry(ws.data_dir).devices.values()],
        "pending": {
            p.name: base64.b64encode(p.read_bytes()).decode("ascii")
            for p in sorted((ws.data_dir / PENDING_DIR).glob("*.bundle"))
        },
        "ops": [op.to_json() for op in ops],
    }
    header = {
        "format": FORMAT,
        "device_id": ws.device.device_id,
        "name": ws.device.name,
        "district": ws.device.district,
        "created": clock.utc_now_iso(),
        "ops": len(ops),
        "households": households,
        "seq": max(own, default=0),
        "nonce": os.urandom(8).hex(),
        # Sealed with the newest district key: a device revoked before a rotation cannot
        # read a backup made after it (store/district_keys.py).
        "generation": ring.current,
        "encrypted": at_rest.is_encrypted(ws.data_dir),  # restore says to give a PIN
    }
    data = seal_backup(header, orjson.dumps(contents), ring.current_key)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / backup_name(ws)
    atomic_write(path, data, mode=0o600)
    return _info(path, header, len(data))


def count_households(ws: Workspace) -> int:
    return sum(len(ws.records(village, "household")) for village in ws.villages())


def seal_backup(header: dict[str, Any], contents: bytes, key: bytes) -> bytes:
    prefix = _prefix(header)
    out = [prefix, _key_check(key, prefix)]
    packed = zlib.compress(contents, 6)
    pieces = [packed[i : i + CHUNK] for i in range(0, len(packed), CHUNK)] or [b""]
    aead, nonce = ChaCha20Poly1305(key), bytes.fromhex(header["nonce"])
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        sealed = aead.encrypt(nonce + index.to_bytes(4, "big"), piece,
                              _aad(prefix, index, last=last))  # fmt: skip
        out += [len(sealed).to_bytes(4, "big"), sealed]
    return b"".join(out)


def _prefix(header: dict[str, Any]) -> bytes:
    body = orjson.dumps(header)
    return MAGIC + bytes([FORMAT]) + len(body).to_bytes(4, "big") + body


def _key_check(key: bytes, prefix: bytes) -> bytes:
    return hmac.new(key, b"sammachip backup" + prefix, hashlib.sha256).digest()


def _aad(prefix: bytes, index: int, *, last: bool) -> bytes:
    return hashlib.sha256(prefix).digest() + index.to_bytes(4, "big") + bytes([last])


def _info(path: Path, header: dict[str, Any], size: int) -> BackupInfo:
    return BackupInfo(path, str(header["device_id"]), str(header["name"]),
                      str(header["district"]), str(header["created"]), int(header["ops"]),
                      int(header["households"]), int(header["seq"]), size,
                      header.get("encrypted") is True)  # fmt: skip


# ------------------------------------------------------------------------------- reading
def _damaged(path: Path) -> BackupError:
    return BackupError(
        _("{path} is damaged or incomplete (cut short, or changed after it was made): it "
          "cannot be restored. Nothing was changed. Use another backup.").format(path=path)
    )  # fmt: skip


def read_header(path: Path) -> tuple[dict[str, Any], bytes, bytes]:
    """The header, the bytes it was read from (its prefix) and the rest of the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BackupError(
            _("Cannot read {path}: {reason}").format(path=path, reason=os_error_text(exc))
        ) from None
    if not data.startswith(MAGIC) or len(data) < 9:
        raise BackupError(_("{path} is not a sammachip backup.").format(path=path))
    if data[4] != FORMAT:
        raise BackupError(
            _("{path} was made by another version of sammachip (backup format {theirs}, this "
              "app reads {ours}). Update sammachip, then restore again.").format(
                path=path, theirs=data[4], ours=FORMAT)
        )  # fmt: skip
    length = int.from_bytes(data[5:9], "big")
    if length > MAX_HEADER or len(data) < 9 + length + _CHECK:
        raise _damaged(path)
    try:
        header = orjson.loads(data[9 : 9 + length])
        _info(path, header, len(data))
        bytes.fromhex(header["nonce"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise _damaged(path) from None
    return header, data[: 9 + length], data[9 + length :]


def open_backup(path: Path, passphrase: str) -> tuple[BackupInfo, dict[str, Any]]:
    """Check the passphrase and every chunk; the header and the contents. BackupError when
    the passphrase is wrong or the file is not whole."""
    header, prefix, rest = read_header(path)
    generation = header.get("generation", 0)
    if not isinstance(generation, int) or not 0 <= generation < 2**16:
        raise _damaged(path)
    key = derive_district_key(passphrase, str(header["district"]), generation)
    if not hmac.compare_digest(rest[:_CHECK], _key_check(key, prefix)):
        raise BackupError(
            _("That is not the passphrase of district {district}, which this backup was made "
              "with. Nothing was changed.").format(district=header["district"])
        )  # fmt: skip
    aead, nonce = ChaCha20Poly1305(key), bytes.fromhex(header["nonce"])
    pos, index, packed, finished = _CHECK, 0, [], False
    while pos < len(rest) and not finished:
        length = int.from_bytes(rest[pos : pos + 4], "big")
        sealed = rest[pos + 4 : pos + 4 + length]
        if length < _TAG or length > CHUNK + _TAG or len(sealed) != length:
            raise _damaged(path)
        pos += 4 + length
        finished = pos == len(rest)
        try:
            packed.append(aead.decrypt(nonce + index.to_bytes(4, "big"), sealed,
                                       _aad(prefix, index, last=finished)))  # fmt: skip
        except InvalidTag:
            raise _damaged(path) from None
        index += 1
    if not finished:
        raise _damaged(path)
    try:
        contents = orjson.loads(zlib.decompress(b"".join(packed)))
    except (zlib.error, orjson.JSONDecodeError):
        raise _damaged(path) from None
    if contents.get("device", {}).get("device_id") != header["device_id"]:
        raise _damaged(path)
    return _info(path, header, len(prefix) + len(rest)), contents


def find_backup(source: Path) -> Path:
    """``source`` itself, or the newest backup in the folder ``source``. A folder holding
    backups of several devices is refused: the officer names the file."""
    if source.is_file():
        return source
    if not source.is_dir():
        raise BackupError(_("No backup at {path}.").format(path=source))
    found = sorted(p for p in source.glob(f"sammachip-*{SUFFIX}") if p.is_file())
    if not found:
        raise BackupError(_("No sammachip backup in {path}.").format(path=source))
    devices = {p.name.split("-")[1] for p in found}
    if len(devices) > 1:
        raise BackupError(
            _("{path} holds backups of several devices; give the file to restore:").format(
                path=source
            ) + "".join(f"\n  {p.name}" for p in found)
        )  # fmt: skip
    return found[-1]  # names end with the date and time: the last is the newest


# ----------------------------------------------------------------------------- restoring
def restore_backup(
    data_dir: Path, source: Path, passphrase: str, *, replace: bool = False,
    pin: str | None = None,
) -> Restored:  # fmt: skip
    """Bring the backed-up device back in ``data_dir``.

    Refuses a data directory that holds a device or data unless ``replace``: then what it
    held is moved aside (kept, beside it) and its operations merged into the restored device.
    """
    info, contents = open_backup(find_backup(source), passphrase)
    data_dir = data_dir.absolute()
    if _contents(data_dir) and not replace:
        raise BackupError(
            _("{path} already holds a device or data. Restore into a new data directory "
              "(--data-dir), or add --replace to set what is there aside (it is kept, and "
              "its records are merged into the restored device).").format(path=data_dir)
        )  # fmt: skip
    staging = data_dir.with_name(f".{data_dir.name}.restoring")
    _clear_stale(staging)
    staging.mkdir(mode=0o700, parents=True)
    out = Restored(info, data_dir)
    try:
        if pin is not None:  # encrypted at rest from the first byte written (store/at_rest.py)
            from sammachip_tui.store.encrypt import encrypt

            encrypt(staging, pin)
        _write_state(staging, contents)
        with Workspace.open(staging) as ws:
            ws.merge(Op.from_json(item) for item in contents["ops"])
        out.set_aside = _swap_in(staging, data_dir)
        if pin is not None:
            from sammachip_tui.store import at_rest

            at_rest.moved(staging, data_dir)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)  # the data directory is as it was
        if isinstance(exc, ValueError) and not isinstance(exc, UserError):
            raise BackupError(
                _("The backup holds operations this version cannot store (made by a newer "
                  "version?). Nothing was changed.")
            ) from None  # fmt: skip
        raise
    with Workspace.open(data_dir) as ws:
        if out.set_aside is not None:
            _merge_aside(ws, out.set_aside, pin, out)
        out.households = count_households(ws)
        state = SyncState.load(data_dir)
        for peer in sorted(set(state.acked) | {sent["peer"] for sent in state.sent.values()}):
            waiting = len(pending_ops(ws, state, peer))
            if waiting:
                out.unacknowledged[peer] = waiting
    return out


def _contents(data_dir: Path) -> list[str]:
    """What the data directory holds, besides its lock files."""
    if not data_dir.exists():
        return []
    if not data_dir.is_dir():
        raise BackupError(_("{path} is not a folder.").format(path=data_dir))
    return sorted(p.name for p in data_dir.iterdir() if p.name not in LOCK_FILES)


def _clear_stale(staging: Path) -> None:
    """A staging folder left by an interrupted restore (never renamed into place)."""
    if not staging.exists():
        return
    lock = DirectoryLock(staging)
    try:
        lock.acquire()
    except WorkspaceLockedError:
        raise BackupError(_("Another restore is running into this data directory.")) from None
    lock.release()
    shutil.rmtree(staging)


def _write_state(target: Path, contents: dict[str, Any]) -> None:
    """Identity, settings, sync state, devices and waiting bundles, as the modules that own
    those files write them."""
    write_secret(target / KEY_FILE, contents["device_key"].encode("ascii"))
    device = contents["device"]
    write_device(target, Device(**{**device, "role": Role(device["role"])}))
    if contents.get("district_keys"):  # the keys of rotations after set-up
        write_secret(target / DISTRICT_KEYS_FILE, base64.b64decode(contents["district_keys"]))
    save_settings(target, Settings(**contents["settings"]))
    SyncState(**contents["sync"]).save(target)
    registry = DeviceRegistry(target)
    for item in contents["devices"]:
        known = KnownDevice(**{**item, "status": Status(item["status"])})
        registry.devices[known.device_id] = known
    registry.save()
    for name, data in contents["pending"].items():
        registry.pending_dir.mkdir(mode=0o700, exist_ok=True)
        atomic_write(registry.pending_dir / Path(name).name, base64.b64decode(data), mode=0o600)


def _swap_in(staging: Path, data_dir: Path) -> Path | None:
    """Rename the complete staging folder to ``data_dir``; what ``data_dir`` held moves aside
    first (returned), and a folder with only lock files in it is removed."""
    aside = None
    if data_dir.exists():
        lock = DirectoryLock(data_dir)
        try:
            lock.acquire()
        except WorkspaceLockedError:
            raise BackupError(
                _("Another sammachip is using {path}. Close it first.").format(path=data_dir)
            ) from None
        try:
            if _contents(data_dir):
                aside = data_dir.with_name(
                    f"{data_dir.name}.before-restore-{clock.now():%Y%m%d-%H%M%S}"
                )
                data_dir.rename(aside)
            else:
                for name in LOCK_FILES:
                    with contextlib.suppress(FileNotFoundError):
                        (data_dir / name).unlink()
                data_dir.rmdir()
        finally:
            lock.release()
    staging.rename(data_dir)
    fsync_directory(data_dir.parent)
    return aside


def _merge_aside(ws: Workspace, aside: Path, pin: str | None, out: Restored) -> None:
    """Records typed in the data directory that was set aside, merged so none is lost. One
    that cannot be opened (damaged, or encrypted with another PIN) stays aside as it is,
    and ``out.aside_problem`` says why: the restore itself has already succeeded."""
    from sammachip_tui.store import at_rest
    from sammachip_tui.store.disk_errors import os_reason

    try:
        if pin is not None and at_rest.is_encrypted(aside):
            at_rest.unlock(aside, pin)
        with Workspace.open(aside) as old:
            if old.device.district != ws.device.district:
                return
            ops = old.journal_entries()
        out.merged_from_aside = len(ws.merge(ops))
    except NotSetUpError:  # no device there: nothing typed to keep
        return
    except UserError as exc:
        out.aside_problem = exc.message
    except OSError as exc:
        out.aside_problem = os_reason(exc)
    finally:
        at_rest.forget(aside)
