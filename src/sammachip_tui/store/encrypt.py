"""Turning encryption at rest on for a data directory, and changing its PIN.

``encrypt`` seals what is already there. Order, so that a kill at any point leaves a directory
that opens with the PIN: ``keys.json`` first (from then on every write is sealed, and
readers take a file in clear or sealed alike), then each file is rewritten sealed, atomically:
the secret files, every village file, the journal and the segments compaction archived
(line by line; the checkpoint and the indexes are dropped, since offsets change, and the
next open replays and checks everything), and the copies that ``repair`` and shard rebuilds
set aside. Running it again after a kill finishes the job.

What this cannot do: flash storage keeps old blocks, so data written in clear before may
still be readable from the raw card. Turn encryption on before collecting data (``init
--pin-file``) where that matters; the README says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.store import at_rest
from sammachip_tui.store.fsutil import atomic_write, fsync_directory
from sammachip_tui.store.journal import LINE_MARK, batch_size, decode_line, encode_line
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.secret_files import read_secret, write_secret
from sammachip_tui.store.storage import shard_label

SECRET_FILES = ("device.json", "device.key", "district-keys.json")


@dataclass
class EncryptReport:
    files: int = 0  # files sealed
    journal_lines: int = 0


def encrypt(data_dir: Path, pin: str, *, lock: DirectoryLock | None = None) -> EncryptReport:
    """Turn encryption at rest on (or finish turning it on) with ``pin``, under ``lock`` if
    the caller holds the directory's lock (the app's set-up screen)."""
    data_dir = Path(data_dir)
    at_rest.check_pin(pin)
    held = lock or DirectoryLock(data_dir)
    if lock is None:
        held.acquire()
    try:
        if at_rest.is_encrypted(data_dir):
            at_rest.unlock(data_dir, pin)  # finishing an interrupted run: the same PIN
        else:
            key = os.urandom(32)
            atomic_write(data_dir / at_rest.KEYS_FILE, at_rest.wrap(key, pin), mode=0o600)
            at_rest.remember(data_dir, key)
        return _seal_everything(data_dir)
    finally:
        if lock is None:
            held.release()


def change_pin(data_dir: Path, old: str, new: str) -> None:
    """Re-wrap the data key under ``new``; nothing else is rewritten."""
    data_dir = Path(data_dir)
    if not at_rest.is_encrypted(data_dir):
        raise UserError(_("This device's data is not encrypted; there is no PIN to change."))
    at_rest.check_pin(new)
    key = at_rest.unwrap(data_dir, old)
    atomic_write(data_dir / at_rest.KEYS_FILE, at_rest.wrap(key, new), mode=0o600)
    at_rest.remember(data_dir, key)


def _seal_everything(data_dir: Path) -> EncryptReport:
    cipher = at_rest.cipher_for(data_dir)
    assert cipher is not None
    report = EncryptReport()
    for name in SECRET_FILES:
        path = data_dir / name
        if path.is_file() and not at_rest.is_sealed(path.read_bytes()):
            write_secret(path, read_secret(path))
            report.files += 1
    for folder in (data_dir / "villages", *sorted(data_dir.glob("repair-*/villages"))):
        for path in sorted(folder.glob("*.json*")) if folder.is_dir() else ():
            raw = path.read_bytes()
            if not at_rest.is_sealed(raw):  # a copy set aside may not parse: seal it as is
                atomic_write(path, cipher.seal(raw, shard_label(path)), mode=0o600)
                report.files += 1
    journals = (data_dir / "journal.jsonl", *sorted(data_dir.glob("repair-*/journal.jsonl")),
                *sorted(data_dir.glob("journal-archive/*.jsonl")))  # fmt: skip
    for journal in journals:
        if journal.is_file():
            sealed, count = _sealed_journal(journal.read_bytes(), cipher)
            if count:
                # Offsets change: first drop the checkpoint and the index (store/journal_index.py)
                if journal.parent == data_dir:
                    (data_dir / "checkpoint.json").unlink(missing_ok=True)
                    (data_dir / "journal.idx").unlink(missing_ok=True)
                    fsync_directory(data_dir)
                else:
                    journal.with_suffix(".idx").unlink(missing_ok=True)
                atomic_write(journal, sealed, mode=0o600)
                report.journal_lines += count
                report.files += 1
    return report


def _sealed_journal(data: bytes, cipher: at_rest.Cipher) -> tuple[bytes, int]:
    """Every clear line sealed; headers, sealed lines and damaged lines kept as they are
    (``repair`` still needs to see the damage where it was)."""
    out = []
    count = 0
    for line in data.splitlines(keepends=True):
        body = line[9:].rstrip(b"\n")
        decoded = decode_line(line.rstrip(b"\n")) if not body.startswith(LINE_MARK) else None
        if decoded is None or batch_size(body) is not None:
            out.append(line)
            continue
        out.append(encode_line(decoded, cipher))
        count += 1
    return b"".join(out), count
