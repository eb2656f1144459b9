"""Build the demo's packaged seed (``data/demo/seed.json``) through the validated import.

    python3 tools/demo_seed.py          # write it again after changing village-200.csv,
                                        # the demo forum or the models
    python3 tools/demo_seed.py --check  # exit 1 if the packaged copy is not what this builds

``sammachip --demo`` commits these values instead of importing the CSV: the same records
without loading the validation library and validating 200 rows at every demo start (a
quarter of it on a Pi). tests/test_startup.py checks that the packaged copy is what this
builds, so it cannot drift from the import, the CSV or the models.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.model.records import Forum, ForumItem, ForumList
from sammachip_tui.store.demo import (
    DEMO_FORUM,
    DEMO_ITEMS,
    DEMO_VILLAGE,
    TODAY,
    demo_csv,
    seed_path,
)
from sammachip_tui.store.household_import import parse_rows, read_text
from sammachip_tui.store.income import first_reading_change
from sammachip_tui.store.register import village_change

# A day no officer imports on: where the import stamps the day, the seed says TODAY.
SENTINEL = dt.date(1999, 12, 31)


def build_seed() -> dict[str, Any]:
    good, bad, _unknown = parse_rows(read_text(demo_csv()), today=SENTINEL)
    assert not bad, bad
    households = []
    readings = []  # a household's first income reading, where the import records one
    for row in good:
        assert row.household.village_code == DEMO_VILLAGE
        values = row.household.fields()
        # A reading only where the file dates the figures (a date column), as the import.
        first = None
        if row.reading_date is not None:
            first = first_reading_change(values, "-", ReadingSource.imported, row.reading_date)
        if first is not None:
            reading = {**first.values, "household_id": len(households)}  # its place in the list
            if reading["date"] == SENTINEL.isoformat():
                reading["date"] = TODAY
            readings.append(reading)
        if values.get("consent_date") == SENTINEL.isoformat():
            values["consent_date"] = TODAY
        households.append(values)
    forum = Forum.model_validate({**DEMO_FORUM, "village_code": DEMO_VILLAGE}).fields()
    items = []
    for which, text, detail, raised_by, votes, codes in DEMO_ITEMS:
        item = ForumItem(village_code=DEMO_VILLAGE, forum_id="-", list=ForumList(which),
                         text=text, detail=detail, raised_by=raised_by, votes=votes,
                         occupations=list(codes), position=0).fields()  # fmt: skip
        del item["forum_id"], item["position"]  # given when the demo commits them
        items.append(item)
    return {
        "village": village_change(DEMO_VILLAGE).values,
        "households": households,
        "readings": readings,
        "forum": forum,
        "items": items,
    }


def encoded(seed: dict[str, Any]) -> bytes:
    return orjson.dumps(seed, option=orjson.OPT_INDENT_2) + b"\n"


def main(argv: list[str]) -> int:
    built = encoded(build_seed())
    path = seed_path()
    if "--check" in argv:
        if path.read_bytes() != built:
            print(f"{path} is not what tools/demo_seed.py builds: run it", file=sys.stderr)
            return 1
        return 0
    Path(path).write_bytes(built)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
