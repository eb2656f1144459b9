"""The one way to read and write a file of the data directory that holds secrets or
personal data (``device.json``, ``device.key``, the district keyring): private (0600),
written atomically, and sealed with the data key when the directory is encrypted
(store/at_rest.py). Such files sit at the top of the data directory.
"""

from __future__ import annotations

from pathlib import Path

from sammachip_tui.store.at_rest import cipher_for, read_sealed
from sammachip_tui.store.fsutil import atomic_write


def write_secret(path: Path, data: bytes) -> None:
    cipher = cipher_for(path.parent)
    if cipher is not None:
        data = cipher.seal(data, f"file:{path.name}")
    atomic_write(path, data, mode=0o600)


def read_secret(path: Path) -> bytes:
    """The file's bytes, opened; FileNotFoundError if it is not there, LockedError if it is
    sealed and the PIN was not given."""
    data = path.read_bytes()
    if data.startswith(b"SMX1"):
        return read_sealed(data, cipher_for(path.parent), f"file:{path.name}", path.parent)
    return data
