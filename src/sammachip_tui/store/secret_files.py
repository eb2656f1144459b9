"""The one way to read and write a file of the data directory that holds secrets or
personal data (keys, the district keyring): private (0600), written atomically.

Encryption at rest (issue 11, item 15) goes in here, so that every such file gets it at once.
"""

from __future__ import annotations

from pathlib import Path

from sammachip_tui.store.fsutil import atomic_write


def write_secret(path: Path, data: bytes) -> None:
    atomic_write(path, data, mode=0o600)


def read_secret(path: Path) -> bytes:
    """The file's bytes; FileNotFoundError if it is not there."""
    return path.read_bytes()
