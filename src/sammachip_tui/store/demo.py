"""The demo workspace: a throw-away data directory seeded with the sample village.

``sammachip --demo`` asks no set-up questions: the device is "demo", the district is the
sample's (Hang Chat, Lampang), the district key is the public demo key, and the households of
the packaged ``village-200.csv`` are there as an officer's import would leave them. A sample
forum with items in all four lists, votes and attendance follows, so a newcomer sees a real
forum at once.

The records come from ``seed.json`` beside the CSV: the values the validated import and the
forum's models give for them (tools/demo_seed.py builds it, a test checks it is still what
they give), committed as they are. Loading the validation library and validating 200 rows
was most of the demo's start; nothing here loads it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sammachip_tui import clock
from sammachip_tui.store.demo_records import (
    DEMO_DISTRICT,
    DEMO_VILLAGE,
    DEMO_VILLAGE_NAME,
    TODAY,
    demo_seed,
)
from sammachip_tui.store.demo_records import demo_csv as demo_csv
from sammachip_tui.store.demo_records import seed_path as seed_path
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.ids import attendance_id
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.walking_order import household_ids
from sammachip_tui.store.workspace import Change, Workspace


def create_demo_workspace(
    data_dir: Path, *, flush_delay: float = 2.0, lock: DirectoryLock | None = None
) -> Workspace:
    ws = Workspace.init(
        data_dir,
        name="demo",
        role="field",
        district=DEMO_DISTRICT,
        passphrase=None,
        district_key=DEMO_DISTRICT_KEY,
        flush_delay=flush_delay,
        lock=lock,
    )
    seed = demo_seed()
    today = clock.today().isoformat()
    # One batch, as the import commits a file: the village, then its households in file order.
    households = (
        Change("household", DEMO_VILLAGE, {**h, "consent_date": today}
               if h.get("consent_date") == TODAY else dict(h))
        for h in seed["households"]
    )  # fmt: skip
    ops = ws.commit([Change("village", DEMO_VILLAGE, dict(seed["village"]), record=DEMO_VILLAGE,
                            create=True), *households])  # fmt: skip
    # A household's first income reading where the import records one (a dated file).
    homes = [op.record for op in ops[1:]]
    ws.commit([Change("income", DEMO_VILLAGE, {**r, "household_id": homes[r["household_id"]],
                                               "date": today if r["date"] == TODAY else r["date"]})
               for r in seed.get("readings", ())])  # fmt: skip
    ws.commit([Change("village", DEMO_VILLAGE, {"name": DEMO_VILLAGE_NAME}, record=DEMO_VILLAGE)])
    seed_demo_forum(ws)
    return ws


# (list, text, detail, raised by, votes, occupation codes)
DEMO_ITEMS: tuple[tuple[str, str, str, str, int, tuple[str, ...]], ...] = (
    ("problem", "รายได้ไม่พอรายจ่าย หนี้นอกระบบ", "ดอกเบี้ยร้อยละ 20 ต่อเดือน", "นายบุญมา", 31, ()),
    ("problem", "น้ำไม่พอใช้ทำการเกษตรหน้าแล้ง", "ลำเหมืองตื้นเขิน", "นางคำปัน", 24, ()),
    ("problem", "ผ้าทอขายได้ราคาต่ำ ไม่มีตลาดประจำ", "ขายผ่านพ่อค้าคนกลาง", "นางแสงเดือน", 18, ()),
    ("problem", "ราคาปุ๋ยและอาหารสัตว์แพง", "", "นายสมชาย", 12, ()),
    ("problem", "คนหนุ่มสาวไปทำงานในเมือง", "", "", 7, ()),
    ("resource", "ป่าชุมชนมีไผ่และหน่อไม้", "ประมาณ 120 ไร่", "ผู้ใหญ่บ้าน", 0, ("HAN11", "FOO10")),
    ("resource", "อ่างเก็บน้ำห้วยแม่ต๋ำ", "", "", 0, ("AGR01",)),
    ("resource", "ศาลาอเนกประสงค์ใช้เป็นที่ทำการกลุ่มได้", "", "", 0, ()),
    ("resource", "กองทุนหมู่บ้านและกลุ่มออมทรัพย์", "เงินทุนหมุนเวียน 850,000 บาท", "", 0, ()),
    ("wisdom", "ทอผ้าตีนจกลายโบราณ", "ยายจันทร์ทอได้ 12 ลาย", "นางจันทร์", 0, ("HAN02",)),
    ("wisdom", "จักสานไม้ไผ่ ตะกร้า กระติบข้าว", "", "นายบุญมา", 0, ("HAN11",)),
    ("wisdom", "น้ำพริกตาแดง น้ำพริกหนุ่มสูตรบ้านดอน", "", "นางบัวผัน", 0, ("FOO01",)),
    ("wisdom", "เพาะเห็ดฟางในตะกร้า", "", "นายอินสอน", 0, ("AGR11",)),
    ("need", "ตลาดชุมชนขายสินค้าทุกวันเสาร์", "", "", 27, ()),
    ("need", "อบรมการทำบรรจุภัณฑ์และตราสินค้า", "", "", 21, ()),
    ("need", "ขุดลอกลำเหมือง", "", "", 19, ()),
    ("need", "ทุนหมุนเวียนดอกเบี้ยต่ำสำหรับกลุ่มอาชีพ", "", "", 15, ()),
)  # fmt: skip

DEMO_FORUM: dict[str, Any] = {
    "date": dt.date(2026, 11, 15),
    "place": "ศาลาอเนกประสงค์หมู่บ้าน",
    "facilitators": ["นางสาวสมศรี ใจดี (พัฒนากร)", "นายประยุทธ คำมา"],
    "resolutions": "ตั้งกลุ่มทอผ้าตีนจกและกลุ่มจักสาน; ขอรับการสนับสนุนตลาดชุมชนจาก อบต.",
    "other_attendees": 14,
}


def seed_demo_forum(ws: Workspace) -> str:
    """A forum as a newcomer should find it: items in all four lists, votes, attendance
    (two households in three, in the order officers walk the village)."""
    seed = demo_seed()
    [op] = ws.commit([Change("forum", DEMO_VILLAGE, dict(seed["forum"]))])
    forum_id = op.record
    # One batch (one fsync) for all the items, not one each: the demo's start waited on
    # seventeen disk flushes, the longest part of it on an SD card. Each item still comes
    # after the one before (placed by the clock, as store/forum.py's add_item places it).
    ws.commit([Change("item", DEMO_VILLAGE,
                      {**item, "forum_id": forum_id, "position": ws.ordinal()})
               for item in seed["items"]])  # fmt: skip
    homes = household_ids(ws, DEMO_VILLAGE)
    present = {"village_code": DEMO_VILLAGE, "forum_id": forum_id, "present": True}
    ws.commit([Change("attendance", DEMO_VILLAGE, {**present, "household_id": home},
                      record=attendance_id(forum_id, home), create=True)
               for n, home in enumerate(homes) if n % 3 != 2])  # fmt: skip
    return forum_id
