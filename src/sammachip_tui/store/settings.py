"""Preferences kept in the data directory: language, theme, and the group rules (the
smallest and largest group a proposal makes).

Small and rewritten whole (atomically) when a preference changes; a damaged or missing file
means defaults, never an error, because it holds nothing an officer typed. A damaged one
(or values of the wrong type) is *said*, though: ``settings_problem`` gives the sentence the
app shows and the command line prints, since the group sizes a proposal uses come from here.

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

from sammachip_tui.i18n import _
from sammachip_tui.store.disk_errors import os_reason
from sammachip_tui.store.fsutil import atomic_write

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Settings:
    language: str = "th"
    theme: str = "sammachip"
    group_min: int = 5
    group_max: int = 30


def load_settings(data_dir: Path) -> Settings:
    return read_settings(data_dir)[0]


def settings_problem(data_dir: Path) -> str | None:
    """Why some preferences are defaults although ``settings.json`` exists, in the user's
    language; None when the file is missing (never saved yet) or fine."""
    return read_settings(data_dir)[1]


def read_settings(data_dir: Path) -> tuple[Settings, str | None]:
    """The settings, and what was wrong with the file if defaults had to stand in."""
    path = data_dir / SETTINGS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        if not path.parent.is_dir():  # no data directory (yet), or a file given for one
            return Settings(), None
        return Settings(), _problem(path, os_reason(exc))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return Settings(), _problem(path, _("it is not valid JSON"))
    if not isinstance(data, dict):
        return Settings(), _problem(path, _("it does not hold a JSON object"))
    defaults = Settings()
    kept = {
        f.name: data[f.name]
        for f in fields(Settings)
        if type(data.get(f.name)) is type(getattr(defaults, f.name))
    }
    wrong = [f.name for f in fields(Settings) if f.name in data and f.name not in kept]
    if wrong:
        return Settings(**kept), _problem(path, _("wrong values for {names}").format(
            names=", ".join(wrong)))  # fmt: skip
    return Settings(**kept), None


def _problem(path: Path, reason: str) -> str:
    return _("Settings in {path} cannot be used ({reason}): using the default settings "
             "instead. Your data is not affected.").format(path=path, reason=reason)  # fmt: skip


def save_settings(data_dir: Path, settings: Settings) -> None:
    atomic_write(data_dir / SETTINGS_FILE, orjson.dumps(asdict(settings)))


class SettingsOwner:
    """The settings of one running program: read once, changed only through ``update``.

    ``persist=False`` (the demo) keeps changes in memory only."""

    def __init__(self, data_dir: Path, *, persist: bool = True) -> None:
        self._data_dir = data_dir
        self._persist = persist
        self._current, self.problem = read_settings(data_dir)

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
