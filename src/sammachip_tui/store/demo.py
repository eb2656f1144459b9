"""The demo workspace: a throw-away data directory seeded with the sample village.

``sammachip --demo`` asks no set-up questions: the device is "demo", the district is the
sample's (Hang Chat, Lampang), the district key is the public demo key, and the packaged copy
of ``village-200.csv`` is imported exactly as an officer would import it. A sample forum with
items in all four lists, votes and attendance follows, so a newcomer sees a real forum at once.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from sammachip_tui.model.records import ForumList
from sammachip_tui.store import forum as fs
from sammachip_tui.store import register
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.workspace import Change, Workspace

DEMO_DISTRICT = "5212"
DEMO_VILLAGE = "52120505"
DEMO_VILLAGE_NAME = "บ้านดอนไชย"


def demo_csv() -> Path:
    return Path(str(resources.files("sammachip_tui.data.demo").joinpath("village-200.csv")))


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
    import_households(ws, demo_csv())
    ws.commit([Change("village", DEMO_VILLAGE, {"name": DEMO_VILLAGE_NAME}, record=DEMO_VILLAGE)])
    seed_demo_forum(ws)
    return ws


# (list, text, detail, raised by, votes, occupation codes)
DEMO_ITEMS: tuple[tuple[ForumList, str, str, str, int, tuple[str, ...]], ...] = (
    (ForumList.problem, "รายได้ไม่พอรายจ่าย หนี้นอกระบบ", "ดอกเบี้ยร้อยละ 20 ต่อเดือน", "นายบุญมา", 31, ()),
    (ForumList.problem, "น้ำไม่พอใช้ทำการเกษตรหน้าแล้ง", "ลำเหมืองตื้นเขิน", "นางคำปัน", 24, ()),
    (ForumList.problem, "ผ้าทอขายได้ราคาต่ำ ไม่มีตลาดประจำ", "ขายผ่านพ่อค้าคนกลาง", "นางแสงเดือน", 18, ()),
    (ForumList.problem, "ราคาปุ๋ยและอาหารสัตว์แพง", "", "นายสมชาย", 12, ()),
    (ForumList.problem, "คนหนุ่มสาวไปทำงานในเมือง", "", "", 7, ()),
    (ForumList.resource, "ป่าชุมชนมีไผ่และหน่อไม้", "ประมาณ 120 ไร่", "ผู้ใหญ่บ้าน", 0, ("HAN11", "FOO10")),
    (ForumList.resource, "อ่างเก็บน้ำห้วยแม่ต๋ำ", "", "", 0, ("AGR01",)),
    (ForumList.resource, "ศาลาอเนกประสงค์ใช้เป็นที่ทำการกลุ่มได้", "", "", 0, ()),
    (ForumList.resource, "กองทุนหมู่บ้านและกลุ่มออมทรัพย์", "เงินทุนหมุนเวียน 850,000 บาท", "", 0, ()),
    (ForumList.wisdom, "ทอผ้าตีนจกลายโบราณ", "ยายจันทร์ทอได้ 12 ลาย", "นางจันทร์", 0, ("HAN02",)),
    (ForumList.wisdom, "จักสานไม้ไผ่ ตะกร้า กระติบข้าว", "", "นายบุญมา", 0, ("HAN11",)),
    (ForumList.wisdom, "น้ำพริกตาแดง น้ำพริกหนุ่มสูตรบ้านดอน", "", "นางบัวผัน", 0, ("FOO01",)),
    (ForumList.wisdom, "เพาะเห็ดฟางในตะกร้า", "", "นายอินสอน", 0, ("AGR11",)),
    (ForumList.need, "ตลาดชุมชนขายสินค้าทุกวันเสาร์", "", "", 27, ()),
    (ForumList.need, "อบรมการทำบรรจุภัณฑ์และตราสินค้า", "", "", 21, ()),
    (ForumList.need, "ขุดลอกลำเหมือง", "", "", 19, ()),
    (ForumList.need, "ทุนหมุนเวียนดอกเบี้ยต่ำสำหรับกลุ่มอาชีพ", "", "", 15, ()),
)  # fmt: skip


def seed_demo_forum(ws: Workspace) -> str:
    """A forum as a newcomer should find it: items in all four lists, votes, attendance."""
    values = {
        "date": dt.date(2026, 11, 15),
        "place": "ศาลาอเนกประสงค์หมู่บ้าน",
        "facilitators": ["นางสาวสมศรี ใจดี (พัฒนากร)", "นายประยุทธ คำมา"],
        "resolutions": "ตั้งกลุ่มทอผ้าตีนจกและกลุ่มจักสาน; ขอรับการสนับสนุนตลาดชุมชนจาก อบต.",
        "other_attendees": 14,
    }
    [op] = ws.commit([fs.new_forum(DEMO_VILLAGE, values)])
    forum_id = op.record
    # One batch (one fsync) for all the items, not one each: the demo's start waited on
    # seventeen disk flushes, the longest part of it on an SD card. Each item still comes
    # after the one before (add_item places it by the clock, not by reading the list).
    ws.commit([fs.add_item(ws, DEMO_VILLAGE, forum_id, which, text, detail=detail,
                           raised_by=raised_by, votes=votes, occupations=codes)
               for which, text, detail, raised_by, votes, codes in DEMO_ITEMS])  # fmt: skip
    homes = register.household_ids(ws, DEMO_VILLAGE)  # no model each: a start waits on it
    changes = [
        fs.set_present(ws, DEMO_VILLAGE, forum_id, home, True)
        for n, home in enumerate(homes)
        if n % 3 != 2  # two households in three came
    ]
    ws.commit([c for c in changes if c is not None])
    return forum_id
