"""Preferences kept in the data directory: language, theme, and the group rules (the
smallest and largest group a proposal makes).

Small and rewritten whole (atomically) when a preference changes; a damaged or missing file
means defaults, never an error, because it holds nothing an officer typed.

A running program has exactly one ``SettingsOwner``; every change goes through its
``update``, which changes the one copy in memory and the file together. (Two copies, one in
the app and one read and written by a screen, meant that switching the theme wrote the old
group sizes back over the new ones.)
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui.store.fsutil import atomic_write

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Settings:
    language: str = "th"
    theme: str = "sammachip"
    group_min: int = 5
    group_max: int = 30


def load_settings(data_dir: Path) -> Settings:
    try:
        data = orjson.loads((data_dir / SETTINGS_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    defaults = Settings()
    kept = {
        f.name: data[f.name]
        for f in fields(Settings)
        if type(data.get(f.name)) is type(getattr(defaults, f.name))
    }
    return Settings(**kept)


def save_settings(data_dir: Path, settings: Settings) -> None:
    atomic_write(data_dir / SETTINGS_FILE, orjson.dumps(asdict(settings)))


class SettingsOwner:
    """The settings of one running program: read once, changed only through ``update``.

    ``persist=False`` (the demo) keeps changes in memory only."""

    def __init__(self, data_dir: Path, *, persist: bool = True) -> None:
        self._data_dir = data_dir
        self._persist = persist
        self._current = load_settings(data_dir)

    @property
    def current(self) -> Settings:
        return self._current

    def update(self, **changes: Any) -> Settings:
        """Change some preferences, in memory and on disk. Raises OSError when the file
        cannot be written; the new values hold for this session all the same."""
        self._current = dataclasses.replace(self._current, **changes)
        if self._persist:
            save_settings(self._data_dir, self._current)
        return self._current
