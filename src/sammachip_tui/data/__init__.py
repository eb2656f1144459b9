"""Data packaged with the app: the area list, the occupation taxonomy, the demo village.

``path`` finds a file beside this module. ``importlib.resources`` would find it too, and
also serve a zipped install, but it is one more import (with csv's, about 1.3 ms here) on the
way to the first list of villages, and the app is only ever installed as files (pip, pipx,
a virtualenv).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """A packaged file: ``path("thai-areas.csv")``, ``path("demo", "seed.json")``."""
    return HERE.joinpath(*parts)
