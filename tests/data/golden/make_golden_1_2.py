"""The golden bundle of schema 1.2: livelihoods switched on or off for a village one by one
(a ``livelihood`` record per village and family key), beside the village's list of 1.1 and a
lesson, as devices of 1.2 send them.

    .venv/bin/python tests/data/golden/make_golden_1_2.py

writes ``bundle-v3-schema1.2.bin`` and ``bundle-v3-schema1.2.ops.json`` as make_golden.py
does for 1.0 (run once with the code of schema 1.2, output committed; never refreshed:
``tests/test_sync_golden.py`` decodes those bytes, field for field, in every later version).
Two devices switch different livelihoods at once, and the same one both ways.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sammachip_tui.model.records import OccupationLesson, Village, VillageLivelihood

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_golden import DISTRICT, HERE, VILLAGE, A, B, Journal, write_golden

NAME = "bundle-v3-schema1.2"


def switch(on: bool) -> dict:
    return VillageLivelihood(village_code=VILLAGE, on=on).fields()


def build() -> list:
    j = Journal()
    j.add(A, "village", VILLAGE, Village(village_code=VILLAGE, name="ดอนไชย",
                                         livelihoods=["orchard"]).fields(),
          record=VILLAGE)  # fmt: skip
    j.add(A, "lesson", DISTRICT, OccupationLesson(
        village_code=DISTRICT, kind="exclude", texts=["ขายของออนไลน์"]).fields())  # fmt: skip
    j.add(A, "livelihood", VILLAGE, switch(True), record="rice")
    j.add(B, "livelihood", VILLAGE, switch(True), record="cassava", step_ms=0)
    j.add(A, "livelihood", VILLAGE, switch(False), record="orchard")  # off over the list
    first = j.add(B, "livelihood", VILLAGE, switch(True), record="rubber")
    j.add(B, "livelihood", VILLAGE, {"on": False}, record="rubber",
          replaces={"on": [first.stamp]})  # fmt: skip
    j.add(A, "livelihood", VILLAGE, switch(True), record="rubber", step_ms=0)  # concurrent
    return j.ops


def main(out: Path = HERE) -> None:
    write_golden(out, NAME, build(), [1, 2])


if __name__ == "__main__":
    main()
