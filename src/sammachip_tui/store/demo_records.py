"""The demo's packaged records (``seed.json`` beside ``village-200.csv``), read without the store.

store/demo.py commits them into a new workspace; until it has, the villages screen lists the
demo village from them (the same counts), so a newcomer sees the list while the store loads.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui import data
from sammachip_tui.store.village_counts import VillageSummary, summaries_of

DEMO_DISTRICT = "5212"
DEMO_VILLAGE = "52120505"
DEMO_VILLAGE_NAME = "บ้านดอนไชย"
TODAY = "today"  # seed.json's consent date of a row without one: the import stamps the day


def demo_csv() -> Path:
    return data.path("demo", "village-200.csv")


def seed_path() -> Path:
    return data.path("demo", "seed.json")


@cache
def demo_seed() -> dict[str, Any]:
    """The packaged records (read once; every demo start commits copies of them)."""
    seed: dict[str, Any] = orjson.loads(seed_path().read_bytes())
    return seed


def demo_summaries() -> list[VillageSummary]:
    """The demo village as the villages screen will list it once the demo is seeded."""
    seed = demo_seed()
    village = {**seed["village"], "name": DEMO_VILLAGE_NAME}
    homes: list[dict[str, Any]] = seed["households"]
    return summaries_of(
        [DEMO_VILLAGE],
        lambda code, kind, rid: village if kind == "village" else None,
        lambda code, kind: homes if kind == "household" else [],
    )
