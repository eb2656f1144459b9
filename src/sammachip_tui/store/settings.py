"""Preferences kept in the data directory: language, theme, and the group rules (the
smallest and largest group a proposal makes).

Small and rewritten whole (atomically) when a preference changes; a damaged or missing file
means defaults, never an error, because it holds nothing an officer typed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

import orjson

from sammachip_tui.store.fsutil import atomic_write

SETTINGS_FILE = "settings.json"


@dataclass
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
