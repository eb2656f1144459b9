"""The golden bundle of schema 1.1: what issue 12 added (the officer's lessons to the group
proposer, a village's livelihoods switched on), beside records of schema 1.0.

    .venv/bin/python tests/data/golden/make_golden_1_1.py

writes ``bundle-v3-schema1.1.bin`` and ``bundle-v3-schema1.1.ops.json`` as make_golden.py
does for 1.0 (run once with the code of schema 1.1, output committed; never refreshed:
``tests/test_sync_golden.py`` decodes those bytes, field for field, in every later version).
"""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

from sammachip_tui.model.records import Household, OccupationLesson, Village, Volunteer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_golden import DISTRICT, HEADER, HERE, VILLAGE, A, B, Journal

NAME = "bundle-v3-schema1.1"


def build() -> list:
    j = Journal()
    j.add(A, "village", VILLAGE, Village(village_code=VILLAGE, name="ดอนไชย").fields(),
          record=VILLAGE)  # fmt: skip
    home = Household(village_code=VILLAGE, house_no="3", first_name="มาลี",
                     occupation_main="ร้อยลูกปัด", volunteer=Volunteer.yes).fields()  # fmt: skip
    j.add(A, "household", VILLAGE, home)
    merge = j.add(A, "lesson", DISTRICT, OccupationLesson(
        village_code=DISTRICT, kind="merge", texts=["จักสาน", "ร้อยลูกปัด"], family="basketry",
    ).fields())  # fmt: skip
    j.add(B, "lesson", DISTRICT, OccupationLesson(
        village_code=DISTRICT, kind="split", texts=["ทอผ้าฝ้าย"], name="ทอผ้าฝ้ายย้อมคราม",
        occupation_type="handicraft",
    ).fields())  # fmt: skip
    j.add(B, "lesson", DISTRICT, OccupationLesson(
        village_code=DISTRICT, kind="exclude", texts=["ขายของออนไลน์"]).fields())  # fmt: skip
    j.add(A, "lesson", DISTRICT, {"deleted": True}, record=merge.record,
          replaces={"deleted": [merge.stamp]})  # fmt: skip
    j.add(A, "village", VILLAGE, {"livelihoods": ["rice", "orchard"]}, record=VILLAGE)
    j.add(B, "village", VILLAGE, {"livelihoods": []}, record=VILLAGE, step_ms=0)
    return j.ops


def main(out: Path = HERE) -> None:
    from sammachip_tui.sync import payload

    ops = build()
    data = payload.encode(ops, HEADER)
    (out / f"{NAME}.bin").write_bytes(data)
    doc = {"header": {**HEADER, "sv": [1, 1]}, "ops": [op.to_json() for op in ops]}
    (out / f"{NAME}.ops.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    print(f"{len(ops)} operations, {len(data)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
