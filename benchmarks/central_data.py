"""A district's central store, for timing what the district office reads (issue 16).

100 villages (of district 5212's 7 subdistricts in the area list), 200 households each (20,000),
with a forum and its items per village, 3 occupation groups per village with members and
their 5 ก entries (committee, status, ledger, activity, support, market, evaluation, product),
and two income readings for every fourth household. Made the way a real central store is:
10 field devices each type 10 villages, seal a bundle "to central", and the central
device receives them (``build_bundle`` / ``receive_message``); then each field device edits
a few households and sends a second, smaller bundle.

Deterministic in content (seeded random: the same names, figures and counts every time);
device ids and clock stamps are made fresh when the cache is built. The store is built once
and cached under ``/tmp/sammachip-central-<VERSION>`` (change ``VERSION`` when what is built
changes); callers get a private copy, so opening it (which writes a checkpoint) never
touches the cache::

    from central_data import central_copy, open_central
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_central(Path(tmp))        # a Workspace on a copy, flush_delay=3600
        ...
        ws.close()

    PYTHONPATH=src python benchmarks/central_data.py   # build (or reuse) and print counts
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from sammachip_tui.model.group_records import (
    Channel,
    CommitteeTerm,
    Evaluation,
    GroupActivity,
    GroupStage,
    LedgerKind,
    LedgerLine,
    Market,
    OtopCategory,
    Position,
    Product,
    StatusChange,
    Support,
    SupportKind,
)
from sammachip_tui.model.income_records import IncomeReading, ReadingSource
from sammachip_tui.model.records import (
    Attendance,
    Forum,
    ForumItem,
    ForumList,
    Group,
    GroupMember,
    Household,
    Record,
)
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceRegistry, Status

VERSION = "1"
CACHE = Path(tempfile.gettempdir()) / f"sammachip-central-{VERSION}"
DISTRICT = "5212"
DEVICES = 10  # field devices, 10 villages each
VILLAGES_PER_DEVICE = 10
HOUSEHOLDS = 200  # per village
GROUPS = 3  # per village
MEMBERS = 10  # per group
ITEMS = 12  # forum items per village
SEED = 16

FIRST = ("สมศรี", "สมชาย", "บุญมี", "ทองดี", "มาลี", "จันทร์", "คำ", "แสงเดือน", "ดวงใจ", "อินสอน")
LAST = ("ใจดี", "ศรีสุข", "บุญมา", "แก้วกา", "ทองคำ", "มีสุข", "สายใจ", "คำแสน")
OCCUPATIONS = ("ทำนา", "ทอผ้าไหม", "เลี้ยงไก่", "ค้าขาย", "รับจ้าง", "ทำไม้กวาด", "เพาะเห็ด")
GROUP_CODES = ("HAN01", "AGR01", "SER02", "TRD01", "FOD01")


def village_codes() -> list[str]:
    """100 หมู่ of the district's 7 subdistricts in the packaged area list (15 each at most)."""
    codes = [f"{DISTRICT}{s:02d}{m:02d}" for s in range(1, 8) for m in range(1, 16)]
    return codes[: DEVICES * VILLAGES_PER_DEVICE]


def _device(path: Path, name: str, role: str) -> Workspace:
    return Workspace.init(path, name=name, role=role, district=DISTRICT, passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip


def _create(village: str, record: Record) -> Change:
    return Change(record.KIND, village, record.fields(), record=record.id, create=True)


def _village_changes(rng: random.Random, village: str, n: int) -> list[Change]:
    """One village as a field device types it (ids prefixed by the village: unique)."""
    changes = [village_change(village, f"บ้าน{rng.choice(LAST)} {n}")]
    homes = []
    for h in range(HOUSEHOLDS):
        hid = f"H{village}{h:03d}"
        homes.append(hid)
        income = rng.choice((None, *range(4000, 20000, 500)))
        changes.append(_create(village, Household(
            id=hid, village_code=village, house_no=str(h + 1), first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST), occupation_main=rng.choice(OCCUPATIONS),
            income_month=income, expense_month=rng.choice((None, *range(3000, 18000, 500))),
            volunteer=rng.choice(("yes", "no", "unsure")), trained=rng.random() < 0.3,
            members=rng.randint(1, 8))))  # fmt: skip
        if h % 4 == 0:
            for r, day in enumerate((dt.date(2025, 6, 1), dt.date(2026, 6, 1))):
                changes.append(_create(village, IncomeReading(
                    id=f"R{hid}{r}", village_code=village, household_id=hid, date=day,
                    income_month=float(rng.randrange(4000, 22000, 250)),
                    expense_month=float(rng.randrange(3000, 18000, 250)),
                    source=ReadingSource.survey)))  # fmt: skip
    fid = f"F{village}"
    changes.append(
        _create(
            village,
            Forum(
                id=fid,
                village_code=village,
                date=dt.date(2026, 3, 1),
                place="ศาลาวัด",
                other_attendees=rng.randint(0, 20),
            ),
        )
    )
    for i in range(ITEMS):
        which = list(ForumList)[i % 4]
        changes.append(_create(village, ForumItem(
            id=f"I{village}{i:02d}", village_code=village, forum_id=fid, list=which,
            text=f"เรื่องที่ {i + 1} ของหมู่ {n}", votes=rng.randint(0, 30),
            position=float(i))))  # fmt: skip
    for hid in rng.sample(homes, 40):
        changes.append(_create(village, Attendance(
            id=f"A{hid}", village_code=village, forum_id=fid, household_id=hid)))  # fmt: skip
    for g in range(GROUPS):
        gid = f"G{village}{g}"
        changes.append(_create(village, Group(
            id=gid, village_code=village, name=f"กลุ่ม{rng.choice(OCCUPATIONS)} {g + 1}",
            occupation_code=GROUP_CODES[(n + g) % len(GROUP_CODES)])))  # fmt: skip
        members = homes[g * MEMBERS : (g + 1) * MEMBERS]
        for hid in members:
            changes.append(
                _create(
                    village,
                    GroupMember(
                        id=f"M{gid}{hid}",
                        village_code=village,
                        group_id=gid,
                        household_id=hid,
                        consent=True,
                        joined=dt.date(2026, 1, 10),
                        shares=rng.randint(1, 10),
                    ),
                )
            )
        entries: list[Record] = [
            CommitteeTerm(id=f"C{gid}", village_code=village, group_id=gid,
                          household_id=members[0], position=Position.chair),
            StatusChange(id=f"S{gid}0", village_code=village, group_id=gid,
                         status=GroupStage.forming, date=dt.date(2026, 1, 10)),
            LedgerLine(id=f"L{gid}", village_code=village, group_id=gid, kind=LedgerKind.grant,
                       date=dt.date(2026, 2, 1), amount=float(rng.randrange(5000, 50000, 1000)),
                       source="อบต."),
            GroupActivity(id=f"T{gid}", village_code=village, group_id=gid, title="ผลิตรอบแรก",
                          date=dt.date(2026, 3, 1), done=True,
                          revenue=float(rng.randrange(0, 30000, 500)), cost=2000.0),
            Support(id=f"U{gid}", village_code=village, group_id=gid, kind=SupportKind.training,
                    agency="พัฒนาชุมชนอำเภอ", what="อบรมการตลาด", date=dt.date(2026, 4, 1)),
            Market(id=f"K{gid}", village_code=village, group_id=gid, channel=Channel.fair,
                   name="ตลาดนัดอำเภอ"),
            Evaluation(id=f"E{gid}", village_code=village, group_id=gid,
                       date=dt.date(2026, 5, 1), members=rng.randint(0, 5),
                       committee=rng.randint(0, 5), bylaws=rng.randint(0, 5),
                       fund=rng.randint(0, 5), activities=rng.randint(0, 5)),
        ]  # fmt: skip
        if g == 0:
            entries.append(
                Product(
                    id=f"P{gid}",
                    village_code=village,
                    group_id=gid,
                    name="ผ้าทอมือ",
                    category=next(iter(OtopCategory)),
                )
            )
            entries.append(
                StatusChange(
                    id=f"S{gid}1",
                    village_code=village,
                    group_id=gid,
                    status=GroupStage.established,
                    date=dt.date(2026, 4, 1),
                )
            )
        changes.extend(_create(village, e) for e in entries)
    return changes


def _edits(rng: random.Random, villages: list[str]) -> list[Change]:
    """What a field device changes after its first bundle: a few households' figures."""
    changes = []
    for village in villages:
        for h in rng.sample(range(HOUSEHOLDS), 10):
            changes.append(Change("household", village,
                                  {"income_month": float(rng.randrange(5000, 25000, 500))},
                                  record=f"H{village}{h:03d}"))  # fmt: skip
    return changes


def _ack(field: Workspace, checksum: int) -> None:
    sb.acknowledge(field, sb.ack_code(DEMO_DISTRICT_KEY, checksum))


def build(target: Path) -> dict[str, float]:
    """Build the central store into ``target`` (its data directory); returns counts, times."""
    rng = random.Random(SEED)
    codes = village_codes()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        central = _device(target, "อำเภอ", "central")
        registry = DeviceRegistry(central.data_dir)
        messages: list[list[bytes]] = []
        fields = []
        try:
            for s in range(DEVICES):
                villages = codes[s * VILLAGES_PER_DEVICE : (s + 1) * VILLAGES_PER_DEVICE]
                field = _device(Path(tmp) / f"field{s}", f"พัฒนากร {s + 1}", "field")
                fields.append(field)
                for v, village in enumerate(villages):
                    field.commit(_village_changes(rng, village, v + 1))
                registry.meet(field.device.device_id, bytes.fromhex(field.device.public_key),
                              field.device.name, "field")  # fmt: skip
                registry.set_status(field.device.device_id, Status.accepted)
                first = sb.build_bundle(field, sb.CENTRAL)
                assert first is not None
                _ack(field, first.checksum)
                field.commit(_edits(rng, villages))
                second = sb.build_bundle(field, sb.CENTRAL)
                assert second is not None
                messages.append([first.message, second.message])
            made = time.perf_counter() - started
            for pair in messages:  # the district office receives them in turn
                for message in pair:
                    sb.receive_message(central, message)
            central.flush()
        finally:
            for f in fields:
                f.close()
            central.close()
    return {"villages": len(codes), "households": len(codes) * HOUSEHOLDS,
            "field_s": made, "total_s": time.perf_counter() - started}  # fmt: skip


def central_dir() -> Path:
    """The cached central store's data directory, built on first use (a minute or so)."""
    ready = CACHE / "ready"
    data = CACHE / "central"
    if not ready.exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        CACHE.mkdir(parents=True)
        build(data)
        ready.write_text(VERSION)
    return data


def central_copy(dest: Path) -> Path:
    """A private copy of the cached central store at ``dest`` (to open, write, throw away)."""
    shutil.copytree(central_dir(), dest)
    return dest


def open_central(tmp: Path, **kwargs: Any) -> Workspace:
    """The central store (a copy under ``tmp``) opened as a Workspace (flush_delay 3600)."""
    kwargs.setdefault("flush_delay", 3600)
    return Workspace.open(central_copy(tmp / "central"), **kwargs)


if __name__ == "__main__":
    fresh = not (CACHE / "ready").exists()
    started = time.perf_counter()
    path = central_dir()
    print(f"central store at {path} ({'built' if fresh else 'cached'} in "
          f"{time.perf_counter() - started:.1f} s)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_central(Path(tmp))
        try:
            villages = ws.villages()
            homes = sum(len(ws.records(v, "household")) for v in villages)
            groups = sum(len(ws.records(v, "group")) for v in villages)
            readings = sum(len(ws.records(v, "income")) for v in villages)
            print(
                f"  {len(villages)} villages, {homes} households, {groups} groups, "
                f"{readings} income readings, {len(ws.journal_entries())} journal entries"
            )
        finally:
            ws.close()
