"""The golden bundle of schema 1.0: operations of every record kind, as the app made them
before the field table existed (payload version 3, no ``sv`` in the header).

    .venv/bin/python tests/data/golden/make_golden.py

writes ``bundle-v3-schema1.0.bin`` (the inner payload, as ``payload.encode`` made it; not
the sealed envelope) and ``bundle-v3-schema1.0.ops.json`` (the header and every operation,
``Op.to_json()``). It was run once, with the code of schema 1.0, and its output committed:
``tests/test_sync_golden.py`` decodes those bytes, field for field, in every later version.
Do not run it again to "refresh" the files: a later version that cannot read them is the bug
this test exists to catch. A later schema adds a generator and golden files of its own.

Everything here is fixed (device ids, clock stamps, values), so the operations are the same
whenever it runs; the bytes depend only on the encoder (and brotli).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

import orjson

from sammachip_tui.model.records import (
    Activity,
    Attendance,
    Bylaws,
    CommitteeSeat,
    DecisionStatus,
    Forum,
    ForumItem,
    ForumList,
    FundEntry,
    FundKind,
    Group,
    GroupMember,
    GroupStatus,
    Household,
    LegalBasis,
    MemberEdit,
    OccupationExtension,
    ProposalDecision,
    Village,
    Volunteer,
)
from sammachip_tui.model.thai import national_id_check_digit
from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.ids import record_id
from sammachip_tui.store.oplog import Op

HERE = Path(__file__).resolve().parent
NAME = "bundle-v3-schema1.0"
HEADER = {"n": "แล็ปท็อป-ดอนไชย", "r": "field"}
A, B = "K7Q2M9XA", "P4TR8W2N"  # a field device and a second facilitator's
VILLAGE, OTHER, DISTRICT = "52120505", "52120507", "52120000"
START_MS = 1_767_225_600_000  # 2026-01-01 00:00 UTC


def national_id(first12: str) -> str:
    return first12 + str(national_id_check_digit(first12))


class Journal:
    """Operations as a device's journal would hold them: per origin, sequence numbers that
    climb by one and hybrid clock stamps (several in one millisecond share it)."""

    def __init__(self) -> None:
        self.ops: list[Op] = []
        self.seq = {A: 0, B: 0}
        self.ms = START_MS
        self.counter = 0

    def stamp(self, origin: str, step_ms: int) -> str:
        if step_ms:
            self.ms += step_ms
            self.counter = 0
        else:
            self.counter += 1
        return make_stamp(self.ms, self.counter, origin)

    def add(self, origin: str, kind: str, village: str, values: dict[str, Any], *,
            record: str | None = None, replaces: dict[str, list[str]] | None = None,
            step_ms: int = 1_000) -> Op:  # fmt: skip
        self.seq[origin] += 1
        seq = self.seq[origin]
        op = Op(origin, seq, self.stamp(origin, step_ms), kind,
                record or record_id(origin, seq), village, values, replaces or {})  # fmt: skip
        self.ops.append(op)
        return op


HOUSEHOLDS: list[dict[str, Any]] = [
    # house_no, house_code, title, first, last, national id (12 digits), members, main,
    # secondary, skills, income, expense, trained, volunteer, phone, legal basis, consent
    dict(house_no="12", house_code="52120505012", title="นาง", first_name="มาลี",
         last_name="ศรีสุข", national_id=national_id("310170023070"), members=4,
         occupation_main="ทอผ้าไหม", skills="ย้อมคราม มัดหมี่", income_month=12000.0,
         expense_month=9500.0, trained=True, volunteer=Volunteer.yes, phone="0812345678",
         legal_basis=LegalBasis.consent, consent_date=dt.date(2025, 11, 3)),
    dict(house_no="14", first_name="บุญมา", last_name="ใจดี"),  # every default left out
    dict(house_no="15/1", house_code="52120505015", title="นาย", first_name="สมชาย",
         last_name="คำแก้ว", national_id=national_id("110170023070"), members=3,
         occupation_main="จักสาน", occupation_secondary="ทำนา", income_month=8000.0,
         expense_month=8500.0, volunteer=Volunteer.no, phone="0898765432"),
    dict(house_no="๒๑", title="นางสาว", first_name="ดวงใจ", last_name="ทองดี",
         national_id=national_id("360990012345"), occupation_main="ปลูกผักปลอดสารพิษ",
         income_month=0.0, phone="085-728-8440", volunteer=Volunteer.yes),
    dict(house_no="22", house_code="52120505022", title="นาง", first_name="จันทร์",
         last_name="แสงทอง", members=6, occupation_main="ทอผ้าฝ้าย", skills="ตีนจก",
         income_month=15500.5, expense_month=11000.0, trained=True, volunteer=Volunteer.yes,
         phone="0871112233", legal_basis=LegalBasis.consent, consent_date=dt.date(2025, 12, 1)),
    dict(house_no="30", first_name="อินสอน", last_name="พรหมมา", members=2,
         occupation_main="เลี้ยงผึ้ง", phone="0623334444"),
    dict(house_no="31", house_code="52120505031", title="นาย", first_name="ทองดี",
         last_name="มีสุข", national_id=national_id("150990054321"),
         occupation_main="ทำไม้กวาดดอกหญ้า", income_month=7000.0, expense_month=6000.0,
         volunteer=Volunteer.yes, phone="0935556666"),
    dict(house_no="40", title="นาง", first_name="บุญมี", last_name="แก้วมา",
         occupation_main="ทำไม้กวาดดอกหญ้า", income_month=6500.0, expense_month=7000.0,
         phone="0847778888"),
    dict(house_no="41", house_code="52120505041", first_name="สมปอง", last_name="ดีใจ",
         national_id=national_id("310990011111"), occupation_main="ทำขนมจีน",
         volunteer=Volunteer.unsure, phone="0959990000", members=5),
    dict(house_no="52", title="นาย", first_name="คำ", last_name="สีดา",
         occupation_main="นวดแผนไทย", skills="หมอพื้นบ้าน", income_month=9000.0,
         expense_month=4000.0, trained=True, phone="0861231234"),
]  # fmt: skip
FIRST = ["สมศรี", "บุญเรือง", "ประเสริฐ", "วันเพ็ญ", "สุนทร", "ละเอียด", "เพ็ญศรี", "ถวิล"]
LAST = ["ใจดี", "ศรีสุข", "คำมา", "ทองคำ", "บุญมี"]
MAIN = ["ทอผ้าไหม", "ปลูกผักปลอดสารพิษ", "เลี้ยงไก่พื้นเมือง", "จักสานไม้ไผ่", "ทำนา"]
_RNG = random.Random(5212)
# A register imported from a spreadsheet: phone numbers and house codes in one format (so
# they travel as binary digits), whole-number incomes that climb (steps), Thai digits typed.
for n in range(30):
    HOUSEHOLDS.append(dict(
        house_no=f"{60 + n}", house_code=f"52120505{60 + n:03d}" if n % 3 else "",
        first_name=FIRST[n % 8], last_name=LAST[n % 5], members=1 + n % 6,
        national_id=national_id(f"3{n:02d}0100{n * 7919 % 100000:05d}"[:12]) if n % 4 else "",
        occupation_main=MAIN[n % 5], income_month=float(5000 + 250 * n),
        expense_month=float(4000 + (n * 1237) % 5000) if n % 2 else 0,
        volunteer=[Volunteer.yes, Volunteer.unsure, Volunteer.no][n % 3],
        phone=f"08{_RNG.randrange(10)}-{_RNG.randrange(1000):03d}-{_RNG.randrange(10000):04d}",
    ))  # fmt: skip


def build() -> list[Op]:
    j = Journal()
    # Villages: natural ids, the village code left out, a default name left out.
    j.add(A, "village", VILLAGE, Village(village_code=VILLAGE, name="บ้านดอนไชย").fields(),
          record=VILLAGE)  # fmt: skip
    j.add(A, "village", OTHER, Village(village_code=OTHER).fields(), record=OTHER, step_ms=0)
    homes = []
    for i, values in enumerate(HOUSEHOLDS):
        home = Household(village_code=VILLAGE, **values)
        homes.append(j.add(A, "household", VILLAGE, home.fields(), step_ms=37 if i else 1_000))
    far = Household(village_code=OTHER, house_no="7", first_name="แสงเดือน", last_name="ใจงาม",
                    occupation_main="ทอผ้า", phone="0812223333")  # fmt: skip
    j.add(A, "household", OTHER, far.fields())
    # A forum with items (positions from the clock: large, close, climbing) and attendance.
    forum = Forum(village_code=VILLAGE, date=dt.date(2026, 1, 10), place="ศาลาวัดดอนไชย",
                  facilitators=["นางสาวนฤมล", "นายวิชัย"],
                  resolutions="ตั้งกลุ่มทอผ้าไหม", other_attendees=7)  # fmt: skip
    f = j.add(A, "forum", VILLAGE, forum.fields(), step_ms=60_000)
    said = [
        (ForumList.problem, "ข้าวราคาตก ต้นทุนการทำนาสูง", "", "นายบุญส่ง", 22, []),
        (ForumList.resource, "ลำห้วยมีปลาตลอดปี", "", "", 0, []),
        (ForumList.wisdom, "ย้อมผ้าสีธรรมชาติจากเปลือกไม้", "ครามและขนุน", "นางจันทร์", 0,
         ["HAN01"]),
        (ForumList.need, "เครื่องทอผ้ากี่กระตุก 4 หลัง", "", "นางแสงเดือน", 10, ["HAN01", "HAN02"]),
    ]  # fmt: skip
    items = []
    for n, (which, text, detail, raised_by, votes, codes) in enumerate(said):
        position = float((j.ms + 20_000 * (n + 1)) * 1000)
        item = ForumItem(village_code=VILLAGE, forum_id=f.record, list=which, text=text,
                         detail=detail, raised_by=raised_by, votes=votes, occupations=codes,
                         position=position)  # fmt: skip
        items.append(j.add(A, "item", VILLAGE, item.fields(), step_ms=20_000))
    for n, home in enumerate(homes[:4]):
        present = Attendance(village_code=VILLAGE, forum_id=f.record, household_id=home.record,
                             present=n != 3)  # fmt: skip
        j.add(A, "attendance", VILLAGE, present.fields(), record=f"{f.record}~{home.record}",
              step_ms=0 if n else 5_000)  # fmt: skip
    # The second facilitator adds an item to the same forum, and a vote on one of A's.
    item = ForumItem(village_code=VILLAGE, forum_id=f.record, list=ForumList.need,
                     text="อบรมการขายออนไลน์", raised_by="นางสาวนฤมล", votes=17,
                     position=float((j.ms + 100_000) * 1000 + 3))  # fmt: skip
    j.add(B, "item", VILLAGE, item.fields(), step_ms=0)
    j.add(B, "item", VILLAGE, {"votes": 23}, record=items[0].record,
          replaces={"votes": [items[0].stamp]}, step_ms=2_000)  # fmt: skip
    # A group on the 5 ก, its members, and the proposal decision that made it.
    group = Group(
        village_code=VILLAGE, name="กลุ่มทอผ้าไหมบ้านดอนไชย", occupation_code="HAN01",
        status=GroupStatus.established,
        committee=[CommitteeSeat(household_id=homes[0].record, position="ประธาน"),
                   CommitteeSeat(household_id=homes[4].record, position="เหรัญญิก")],
        bylaws=Bylaws(share_value=100.0, min_shares=1, max_shares=50, dividend_pct=60.0,
                      patronage_pct=10.0, reserve_pct=20.0, welfare_pct=5.0, committee_pct=5.0,
                      text="สมาชิกถือหุ้นได้ไม่เกิน 50 หุ้น"),
        fund=[FundEntry(kind=FundKind.shares, amount=2500.0, date=dt.date(2026, 1, 15),
                        source="สมาชิก"),
              FundEntry(kind=FundKind.equipment, amount=48000.0, date=dt.date(2026, 2, 1),
                        source="พัฒนาชุมชนอำเภอ", note="กี่กระตุก 4 หลัง")],
        activities=[Activity(date=dt.date(2026, 2, 20), title="ขายผ้าไหมที่ตลาดนัดวัด",
                             income=3200.0)],
    )  # fmt: skip
    g = j.add(A, "group", VILLAGE, group.fields(), step_ms=86_400_000)
    for n, home in enumerate((homes[0], homes[2], homes[4], homes[6], homes[8])):
        member = GroupMember(village_code=VILLAGE, group_id=g.record, household_id=home.record,
                             consent=n != 1, joined=dt.date(2026, 1, 15) if n != 4 else None,
                             shares=[1, 0, 5, 10, 20][n])  # fmt: skip
        j.add(A, "member", VILLAGE, member.fields(), step_ms=0)
    decision = ProposalDecision(
        village_code=VILLAGE, status=DecisionStatus.accepted, group_id=g.record,
        added=[MemberEdit(household_id=homes[8].record, reason="อยากเรียนทอผ้า")],
        removed=[MemberEdit(household_id=homes[1].record, reason="ย้ายไปอยู่กรุงเทพฯ")],
    )  # fmt: skip
    j.add(A, "proposal", VILLAGE, decision.fields(), record=f"{VILLAGE}:weaving", step_ms=0)
    # An occupation the officer added, in the district's shard.
    occupation = OccupationExtension(village_code=DISTRICT, name_th="ทำไม้กวาดดอกหญ้า",
                                     name_en="Grass broom making", occupation_type="handicraft",
                                     otop_category="household", terms=["ไม้กวาด", "ดอกหญ้า"],
                                     craft="")  # fmt: skip
    j.add(A, "occupation", DISTRICT, occupation.fields(), step_ms=3_000)
    # Edits: the same field on both devices (a conflict), then resolved; a delete.
    h = homes[1]
    b_edit = j.add(B, "household", VILLAGE, {"occupation_main": "ทอผ้าฝ้าย"}, record=h.record,
                   replaces={"occupation_main": [h.stamp]}, step_ms=120_000)  # fmt: skip
    a_edit = j.add(A, "household", VILLAGE, {"occupation_main": "ทอผ้าไหม", "members": 3},
                   record=h.record, replaces={"occupation_main": [h.stamp], "members": [h.stamp]},
                   step_ms=0)  # fmt: skip
    j.add(A, "household", VILLAGE, {"occupation_main": "ทอผ้าไหม"}, record=h.record,
          replaces={"occupation_main": sorted([b_edit.stamp, a_edit.stamp])},
          step_ms=600_000)  # fmt: skip
    j.add(A, "item", VILLAGE, {"deleted": True}, record=items[1].record,
          replaces={"deleted": [items[1].stamp]}, step_ms=1_500)  # fmt: skip
    j.add(B, "village", VILLAGE, {"name": "บ้านดอนไชย หมู่ 5"}, record=VILLAGE,
          replaces={"name": [j.ops[0].stamp]}, step_ms=2)  # fmt: skip
    j.add(A, "proposal", VILLAGE, {"reason": "กลุ่มตั้งแล้ว"}, record=f"{VILLAGE}:weaving",
          step_ms=1)  # fmt: skip
    return j.ops


def main(out: Path = HERE) -> None:
    from sammachip_tui.sync import payload

    ops = build()
    data = payload.encode(ops, HEADER)
    (out / f"{NAME}.bin").write_bytes(data)
    doc = {"header": HEADER, "ops": [op.to_json() for op in ops]}
    (out / f"{NAME}.ops.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    print(f"{len(ops)} operations, {len(data)} bytes", file=sys.stderr)


def write_golden(out: Path, name: str, ops: list[Op], schema: list[int]) -> None:
    """What a later schema's generator writes, as ``main`` does (the header says the schema)."""
    from sammachip_tui.sync import payload

    data = payload.encode(ops, HEADER)
    (out / f"{name}.bin").write_bytes(data)
    doc = {"header": {**HEADER, "sv": schema}, "ops": [op.to_json() for op in ops]}
    (out / f"{name}.ops.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    print(f"{len(ops)} operations, {len(data)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
