"""The shapes of ``sync.json`` and of the devices registry, checked when they are read.

Both are written atomically by this program, so one that does not parse or holds the wrong
types was damaged from outside. Used as it is, it gave a traceback on every later ``sync``
command (a KeyError, a TypeError), or worse, a wrong standing for a device. Checked here, it
gives a message naming the file and what to do, and nothing is changed
(store/damaged_files.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sammachip_tui.i18n import _
from sammachip_tui.store.damaged_files import (
    DEVICES_ADVICE,
    SYNC_ADVICE,
    DamagedFileError,
    check_fields,
    is_count,
    is_hex,
    is_list_of,
    is_map,
    is_str,
)

_CRC = re.compile(r"^[0-9a-f]{8}$")
STATUSES = ("pending", "accepted", "revoked")


def _is_crc(value: object) -> bool:
    return isinstance(value, str) and _CRC.match(value) is not None


_is_vector = is_map(is_str, is_count)
_is_sent = is_map(
    _is_crc,
    lambda v: (
        isinstance(v, dict)
        and is_str(v.get("peer"))
        and is_map(is_str, lambda n: isinstance(n, list) and bool(n) and is_list_of(is_count)(n))(
            v.get("seqs")
        )
    ),
)


def check_state(path: Path, data: object) -> dict[str, Any]:
    """``sync.json``: what each peer acknowledged, what was sent, what was received."""
    checks = {"acked": is_map(is_str, _is_vector), "sent": _is_sent,
              "received": is_map(is_str, is_str),
              "scopes": is_map(is_str, is_list_of(is_str))}  # fmt: skip
    present = {name: ok for name, ok in checks.items() if isinstance(data, dict) and name in data}
    return check_fields(path, data, present, SYNC_ADVICE)  # older files lack some parts


def check_registry(path: Path, data: object) -> list[dict[str, Any]]:
    """The devices registry: a list of devices, each with its id, key and standing."""
    if not isinstance(data, list):
        raise DamagedFileError(path, _("it does not hold a list of devices"), DEVICES_ADVICE)
    # Ids are any text: they come from received headers, and one a peer chose must not make
    # the whole registry unreadable.
    checks = {
        "device_id": is_str,
        "name": is_str,
        "role": is_str,
        "public_key": is_hex(64),
        "status": lambda v: v in STATUSES,
        "first_seen": is_str,
    }
    return [check_fields(path, item, checks, DEVICES_ADVICE) for item in data]
