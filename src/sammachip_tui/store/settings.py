"""Interface preferences kept in the data directory (language, theme).

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


def load_settings(data_dir: Path) -> Settings:
    try:
        data = orjson.loads((data_dir / SETTINGS_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    if not isinstance(data, dict):
        return Settings()
    return Settings(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})


def save_settings(data_dir: Path, settings: Settings) -> None:
    atomic_write(data_dir / SETTINGS_FILE, orjson.dumps(asdict(settings)))
