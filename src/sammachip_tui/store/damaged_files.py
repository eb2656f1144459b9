"""The small JSON files of a data directory, read so that damage is a message, not a crash.

``device.json``, ``sync.json`` and the devices registry are written atomically, so a file
that does not parse, or holds the wrong types, was damaged from outside (a bad card, a hand
edit, a copy cut short). Reading one checks its shape before anything uses it, and a damaged
one raises ``DamagedFileError``: the file named, what is wrong with it, and what the officer
can do, with nothing changed. (``settings.json`` is different: it holds only interface
preferences, so store/settings.py falls back to defaults and says so.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import N_, _
from sammachip_tui.store.disk_errors import os_reason

# What the officer can do about each file, said after what is wrong with it.
DEVICE_ADVICE = N_(
    "This device's identity and keys are kept there: restore the data directory from a "
    "backup, or ask the district IT helper. Nothing was changed."
)
SYNC_ADVICE = N_(
    "It records what each peer has received: move it aside to start that record afresh (the "
    "next bundles then carry every operation again, which is harmless). Nothing was changed."
)
DEVICES_ADVICE = N_(
    "It lists the devices whose bundles this one merges: restore it from a backup, or move it "
    "aside and accept each device again after comparing fingerprints. Nothing was changed."
)


class DamagedFileError(UserError):
    """A data-directory file that cannot be used; ``message`` names it and says what to do."""

    def __init__(self, path: Path, reason: str, advice: str) -> None:
        super().__init__(
            _("{path} cannot be used: {reason}. {advice}").format(
                path=path, reason=reason, advice=_(advice)
            )
        )
        self.path = path
        self.reason = reason


def read_json(path: Path, advice: str) -> Any:
    """The parsed contents of ``path`` (which the caller knows exists)."""
    from sammachip_tui.store.at_rest import SealedFileError
    from sammachip_tui.store.secret_files import read_secret

    try:
        raw = read_secret(path)  # opened if sealed (encryption at rest), else as it is
    except OSError as exc:
        raise DamagedFileError(path, os_reason(exc), advice) from None
    except SealedFileError:
        raise DamagedFileError(path, _("it does not decrypt with this device's key"),
                               advice) from None  # fmt: skip
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise DamagedFileError(path, _("it is not valid JSON"), advice) from None


def wrong_field(path: Path, name: str, advice: str) -> DamagedFileError:
    return DamagedFileError(
        path, _("the field {name} is missing or has the wrong type").format(name=name), advice
    )


def check_fields(
    path: Path, data: object, checks: dict[str, Callable[[Any], bool]], advice: str
) -> dict[str, Any]:
    """``data`` as a dict whose every named field passes its check (extra fields pass)."""
    if not isinstance(data, dict):
        raise DamagedFileError(path, _("it does not hold a JSON object"), advice)
    for name, ok in checks.items():
        if name not in data or not ok(data[name]):
            raise wrong_field(path, name, advice)
    return data


def is_str(value: object) -> bool:
    return isinstance(value, str)


def is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def is_hex(length: int) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if not isinstance(value, str) or len(value) != length:
            return False
        try:
            bytes.fromhex(value)
        except ValueError:
            return False
        return True

    return check


Check = Callable[[object], bool]


def is_map(keys: Check, values: Check) -> Check:
    def check(value: object) -> bool:
        return isinstance(value, dict) and all(keys(k) and values(v) for k, v in value.items())

    return check


def is_list_of(items: Callable[[object], bool]) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        return isinstance(value, list) and all(items(v) for v in value)

    return check
