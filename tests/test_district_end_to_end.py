"""Issue 16's end-to-end proof, all through bundles, as officers would do it.

Three field devices and the district's central store, real workspaces, the ``sammachip``
command and real bundle files (one leg as QR images read back by zxing-cpp):

1. field A imports the officer's household list (Thai headers): villages of two subdistricts;
   field B, given A's bundle at the forum, runs two forums (items, votes, attendance of A's
   households); field C registers its households, makes two occupation groups from the
   proposals and takes one through the 5 ก to OTOP registration.
2. B's bundle (carrying A's operations too) reaches the central store before A's own: every
   operation of A arrives twice, by two routes; the central store accepts each device after
   its first bundle and each field device types back the acknowledgement code.
3. The central store's figures, indicators, reports (CSV, JSON, Excel) and dashboard equal
   what the household list and the forums and groups say, counted by hand here: once.
4. A new device is filled from the central store with two villages; its edits go back and
   change the district's figures by exactly that edit, and reach a field device only when it
   serves the edited village.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import orjson
import pytest

from sammachip_tui.i18n import _
from sammachip_tui.model.records import district_shard
from sammachip_tui.reports.district_figures import district_figures
from sammachip_tui.reports.indicators import Rating, indicators
from sammachip_tui.screens.dashboard import device_text, read_devices
from sammachip_tui.store.workspace import KINDS, Workspace
from tests.conftest import district_device
from tests.district_field_helpers import Home, after, ok, write_household_csv

A1, A2 = "52120101", "52120102"  # ต.ห้างฉัตร: field A's villages
B1 = "52120501"  # ต.เวียงตาล: field B's forum (its households are on A's list)
C5 = "52120505"  # ต.เวียงตาล: field C's groups
SURVEYED = "1/6/2569"  # the list's survey date: the day its incomes were read
YEAR = 2570  # the frozen day, 22/11/2569, is in fiscal year 2570

# Field A's household list. Follow-ups are dated up to today; the one of 1/9/2569 (fiscal
# 2569) is still each household's latest by the end of 2570.
IMPORTED = [
    Home(A1, "1", "บุญมา", "ทำนา", 12000, 9000, True, True, "1/11/2569", True),
    Home(A1, "2", "แสงเดือน", "ทอผ้า", 5000, 6000, True, False),  # edited on the new device
    Home(A1, "3", "สมศรี", "ค้าขาย", None, 4000, False, False),  # income not known
    Home(A1, "4", "ทองใบ", "เลี้ยงวัว", 8000, 7000, True, True, "15/10/2569", False),
    Home(A1, "5", "บัวผัน", "รับจ้าง", 3000, 3500, False, True),
    Home(A2, "10", "คำปัน", "ทำสวนลำไย", 15000, 10000, True, True, "1/9/2569", True),
    Home(A2, "11", "จันทร์ดี", "ค้าขาย", 7000, 7000, False, False),  # equal: not สัมมาชีพ
    Home(A2, "12", "ศรีนวล", "ทำขนม", 9000, 8500, True, False, "5/11/2569", True),
    Home(B1, "20", "มาลี", "จักสาน", 6000, 5000, True, True),
    Home(B1, "21", "ประยูร", "ทำนา", 4000, 4500, False, True),
    Home(B1, "22", "สุดา", "ทอผ้า", 10000, 6000, True, False, "20/11/2569", True),
]
# Field C's households, typed in: two crafts of volunteers, enough for a group each.
WEAVERS = [Home(C5, str(30 + i), f"ทอ{i}", "ทอผ้าไหม", 9000 + 500 * i, 8000, i < 2, True)
           for i in range(6)]  # fmt: skip
COOKS = [Home(C5, str(40 + i), f"แกง{i}", "ทำน้ำพริก", 4000, 5000, False, True)
         for i in range(5)]  # fmt: skip
ALL_HOMES = IMPORTED + WEAVERS + COOKS


@dataclass(frozen=True)
class District:
    root: Path
    central: Path
    field: dict[str, Path]  # "A", "B", "C" → data directory
    ids: dict[str, str]  # "A", "B", "C", "central" → device id
    fingerprints: dict[str, str]
    item: str  # B's forum item that the new device votes on
    weaving: str  # C's group that reached OTOP


def device(root: Path, name: str, role: str) -> tuple[Path, str, str]:
    """A device set up (Workspace.init, as the first-run screen does) and closed again, so
    that the command line can open it; its folder, id and fingerprint."""
    ws = district_device(root, name, role)
    try:
        return ws.data_dir, ws.device.device_id, ws.device.fingerprint
    finally:
        ws.close()


def receive_and_accept(central: Path, files: list[Path], sender: str, fingerprint: str) -> str:
    """A first bundle from a device: held until the officer compares the fingerprint shown
    with the device's own screen, then accepted; the acknowledgement code to type back."""
    held = ok(central, "sync", "receive", *map(str, files))
    assert f"fingerprint {fingerprint}" in held and f"devices accept {sender}" in held, held
    merged = ok(central, "devices", "accept", fingerprint)
    return after(merged, "Acknowledgement code for the sender: ", 8)


def ack(field: Path, code: str) -> None:
    """The code typed back on the field device: nothing is left to send to the central store."""
    assert "Delivered: central" in ok(field, "sync", "ack", code)
    assert "Nothing to send" in ok(field, "sync", "send", "--to", "central", "--out",
                                   str(field.parent / "nothing.smb"))  # fmt: skip


def build_district(root: Path) -> District:
    central, central_id, central_fp = device(root, "office", "central")
    made = {k: device(root, f"field-{k.lower()}", "field") for k in "ABC"}
    paths = {k: m[0] for k, m in made.items()}
    ids = {k: m[1] for k, m in made.items()} | {"central": central_id}
    fps = {k: m[2] for k, m in made.items()} | {"central": central_fp}
    a, b, c = paths["A"], paths["B"], paths["C"]

    # 1a. Field A: the household list.
    listing = root / "ครัวเรือน.csv"
    write_household_csv(listing, IMPORTED, SURVEYED)
    imported = ok(a, "households", "import", str(listing))
    assert "Imported 11 households (11 new, 0 updated, 0 unchanged, 0 rejected)" in imported
    a_bundle = root / "a.smb"
    ok(a, "sync", "send", "--to", "central", "--out", str(a_bundle))

    # 1b. Field B: A's bundle from the USB stick (relayed once between two field devices),
    # then the forums of B1, with A's households attending. B gives no code: the bundle was
    # made for the central store, which has not had it yet.
    held = ok(b, "sync", "receive", str(a_bundle))
    assert f"devices accept {ids['A']}" in held, held
    relayed = ok(b, "devices", "accept", fps["A"])
    assert "made for the district's central store" in relayed, relayed
    assert "Acknowledgement code" not in relayed
    homes = {r["house_no"]: r["id"] for r in _records(b, B1, "household")}
    assert sorted(homes) == ["20", "21", "22"]
    old = after(ok(b, "forums", "new", "--village", B1, "--date", "20/9/2569", "--place",
                   "ศาลาวัด"), "Added forum ")  # fmt: skip
    forum = after(ok(b, "forums", "new", "--village", B1, "--date", "15/11/2569", "--place",
                     "ศาลาหมู่บ้าน", "--facilitators", "พัฒนากรอ้อย, ผู้ใหญ่บ้าน",
                     "--others", "3"), "Added forum ")  # fmt: skip
    item = after(ok(b, "forums", "add-item", "--village", B1, "--forum", forum, "--list",
                    "need", "ตลาดขายผ้า", "--votes", "4"), "Added item ")  # fmt: skip
    ok(b, "forums", "add-item", "--village", B1, "--forum", forum, "--list", "wisdom",
       "จักสานไม้ไผ่", "--occupation", "HAN11")  # fmt: skip
    ok(b, "forums", "add-item", "--village", B1, "--forum", old, "--list", "problem",
       "น้ำไม่พอทำนา", "--votes", "2")  # fmt: skip
    assert "Votes: 6" in ok(b, "forums", "vote", "--village", B1, "--item", item, "--add", "2")
    ok(b, "forums", "attend", "--village", B1, "--forum", forum, *homes.values())
    b_bundle = root / "b.smb"
    ok(b, "sync", "send", "--to", "central", "--out", str(b_bundle))

    # 1c. Field C: its households, two groups from the proposals, one through the 5 ก.
    ok(c, "villages", "add", "521205", "5", "--name", "บ้านป่าแดง")
    for h in WEAVERS + COOKS:
        ok(c, "households", "add", "--village", C5, f"first_name={h.name}",
           f"house_no={h.house_no}", f"occupation_main={h.occupation}",
           f"income_month={h.income}", f"expense_month={h.expense}",
           f"trained={'ใช่' if h.trained else 'ไม่'}", "volunteer=ใช่")  # fmt: skip
    proposals = orjson.loads(ok(c, "propose", "--village", C5, "--json"))["proposals"]
    keys = {p["occupation"]["name_th"]: p["key"] for p in proposals}
    assert len(proposals) == 2, keys
    weave_key = next(k for name, k in keys.items() if "ทอผ้า" in name)
    cook_key = next(k for name, k in keys.items() if "น้ำพริก" in name)
    ok(c, "propose", "--village", C5, "--accept", weave_key, "--name", "กลุ่มทอผ้าไหมบ้านป่าแดง")
    ok(c, "propose", "--village", C5, "--accept", cook_key, "--name", "กลุ่มน้ำพริกบ้านป่าแดง")
    listed = [line.split("\t") for line in ok(c, "groups", "list").splitlines()]
    weaving = next(row[0] for row in listed if "ทอผ้า" in row[2])
    members = [r["id"] for r in _records(c, C5, "household") if r["first_name"].startswith("ทอ")]
    g = ["--group", weaving]
    for step in [
        ["committee", "add", *g, f"household_id={members[0]}", "position=ประธาน",
         "elected=1/11/2569"],
        ["committee", "add", *g, f"household_id={members[1]}", "position=เลขานุการ"],
        ["committee", "add", *g, f"household_id={members[2]}", "position=เหรัญญิก"],
        ["bylaws", *g, "--template", "share_value=100", "dividend_pct=40", "patronage_pct=30",
         "reserve_pct=30", "purpose=ทอผ้าไหมขายร่วมกัน"],
        ["fund", "add", *g, "kind=ค่าหุ้น", f"household_id={members[0]}", "shares=5",
         "amount=500", "date=2/11/2569"],
        ["activity", "add", *g, "title=ทอผ้าขายงานกาชาด", "date=5/11/2569"],
        ["status", *g, "established", "date=10/11/2569", "decided_by=ที่ประชุมสมาชิก"],
        ["product", "add", *g, "name=ผ้าไหมลายน้ำไหล", "category=textile_apparel",
         "registration=registered", "number=521205-01", "stars=4", "star_year=2569"],
        ["status", *g, "otop_registered", "date=20/11/2569"],
    ]:  # fmt: skip
        ok(c, "groups", *step)
    png = root / "c-png"
    assert "PNG" in ok(c, "sync", "send", "--to", "central", "--size", "120x40", "--png",
                       str(png))  # fmt: skip
    assert len(list(png.glob("*.png"))) > 1  # a bundle of several codes, read back by zxing-cpp

    # 2. The central store: B's bundle first (A's operations inside it), then A's own, then
    # C's as QR images; each device accepted after its first bundle, each code typed back.
    ack(b, receive_and_accept(central, [b_bundle], ids["B"], fps["B"]))
    ack(a, receive_and_accept(central, [a_bundle], ids["A"], fps["A"]))
    ack(c, receive_and_accept(central, [png], ids["C"], fps["C"]))
    return District(root, central, paths, ids, fps, item, weaving)


def _records(data_dir: Path, village: str, kind: str) -> list[dict]:
    with Workspace.open(data_dir, flush_delay=60) as ws:
        return ws.records(village, kind)


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> District:
    return build_district(tmp_path_factory.mktemp("district"))


# ------------------------------------------------------------------ the figures, by hand
def by_hand(homes: list[Home]) -> dict[str, int]:
    """What the households say, counted here from the list and the typed-in rows."""
    return {
        "households": len(homes),
        "sammachip": sum(h.sammachip for h in homes),
        "trained": sum(h.trained for h in homes),
        "volunteers": sum(h.volunteer for h in homes),
        "followed_up": sum(bool(h.followed_up) for h in homes),
        "practising": sum(bool(h.followed_up) and h.practising is True for h in homes),
    }


# Two forums on B (one in fiscal 2569, one in 2570); two groups on C, one forming and one
# OTOP-registered with one 4-star product; four villages in two subdistricts.
EVENTS = {"villages": 4, "forums": 2, "forums_in_year": 1, "groups": 2, "established_groups": 1,
          "products": 1, "otop_applied": 0, "otop_registered": 1}  # fmt: skip
STAGES = {"forming": 1, "established": 0, "developing": 0, "otop_registered": 1, "selling": 0,
          "dissolved": 0}  # fmt: skip
EXPECTED = by_hand(ALL_HOMES) | EVENTS


def figures_of(f: object) -> dict[str, int]:
    return {name: getattr(f, name) for name in EXPECTED}


def test_the_central_store_counts_everything_once(district: District) -> None:
    # Counted by hand from the lists above, so a slip in ``by_hand`` cannot hide one in the app.
    assert EXPECTED == {"households": 22, "sammachip": 12, "trained": 9, "volunteers": 17,
                        "followed_up": 5, "practising": 4, **EVENTS}  # fmt: skip
    with Workspace.open(district.central, flush_delay=60) as ws:
        figures = district_figures(ws)
        found = indicators(ws, YEAR)
    assert figures.fiscal_year == YEAR
    assert figures_of(figures.total) == EXPECTED
    assert dict(figures.total.groups_by_stage) == STAGES
    assert dict(figures.total.groups_by_type) == {"food_processing": 1, "handicraft": 1}
    assert dict(figures.total.groups_by_otop) == {"food": 1, "textile_apparel": 1}
    assert dict(figures.total.stars) == {4: 1}
    for village in figures.villages:  # and each village its own households, once
        counted = by_hand([h for h in ALL_HOMES if h.village == village.code])
        assert {k: getattr(village.total, k) for k in counted} == counted, village.code
    assert [s.code for s in figures.subdistricts] == ["521201", "521205"]
    assert [s.total.households for s in figures.subdistricts] == [8, 14]
    monthly = figures.total.monthly
    assert monthly.months[-6:] == ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
                                   "2026-11")  # fmt: skip
    assert monthly.forums[-6:] == (0, 0, 0, 1, 0, 1)  # 20/9 and 15/11/2569
    assert monthly.readings[-6:] == (11, 0, 0, 0, 0, 11)  # the list's survey; C's typing
    assert monthly.follow_ups[-6:] == (0, 0, 0, 1, 1, 3)

    practising, income, groups = found
    assert (practising.numerator, practising.denominator) == (4, 9)
    assert practising.rating is Rating.red
    assert (income.denominator, income.value, income.rating) == (0, None, Rating.none)
    assert (groups.numerator, groups.denominator, groups.value) == (1, 4, 0.25)
    assert groups.rating is Rating.green


def _csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


COLUMNS = {"villages": "number of villages", "households": "households",
           "sammachip": "sammachip households", "trained": "trained",
           "volunteers": "volunteers", "followed_up": "followed up", "practising": "practising",
           "forums": "forums held", "forums_in_year": "forums this fiscal year",
           "groups": "groups", "established_groups": "groups established",
           "products": "OTOP products", "otop_applied": "OTOP applied",
           "otop_registered": "OTOP registered"}  # fmt: skip


def test_the_district_reports_say_the_same_numbers(district: District) -> None:
    c, out = district.central, district.root / "reports"
    out.mkdir(exist_ok=True)
    ok(c, "report", "district", "--format", "csv", "--out", str(out / "district.csv"))
    rows = _csv(out / "district.csv")
    [total] = [r for r in rows if r["level"] == "district"]
    assert {k: int(total[col]) for k, col in COLUMNS.items()} == EXPECTED
    assert {r["village code"]: int(r["households"]) for r in rows if r["level"] == "village"} == {
        A1: 5, A2: 3, B1: 3, C5: 11}  # fmt: skip
    assert float(total["sammachip share"]) == pytest.approx(12 / 22, abs=1e-4)

    said = orjson.loads(ok(c, "report", "indicators", "--json"))
    assert [(i["key"], i["numerator"], i["denominator"], i["rating"]) for i in said] == [
        ("practising", 4, 9, "red"), ("income", 0, 0, "none"), ("groups", 1, 4, "green"),
    ]  # fmt: skip
    assert [i["fiscal_year"] for i in said] == [YEAR] * 3

    ok(c, "report", "register", "--format", "csv", "--out", str(out / "register.csv"))
    lines = (out / "register.csv").read_bytes().decode("utf-8-sig").splitlines()
    register = list(csv.DictReader(lines[1:]))  # under the form's title
    assert [(r["Group name"], r["Remarks"]) for r in register] == [
        ("กลุ่มทอผ้าไหมบ้านป่าแดง", "OTOP registered, 6 members"),
        ("กลุ่มน้ำพริกบ้านป่าแดง", "forming, 5 members")]  # fmt: skip

    import openpyxl

    ok(c, "report", "district", "--out", str(out / "district.xlsx"))
    book = openpyxl.load_workbook(out / "district.xlsx", read_only=True)
    sheet = list(book["District figures"].iter_rows(values_only=True))
    header = next(r for r in sheet if r[0] == "level")
    [row] = [r for r in sheet if r[0] == "district"]
    cells = dict(zip(header, row, strict=True))
    assert {k: cells[col] for k, col in COLUMNS.items()} == EXPECTED
    breakdown = [r for r in book["Groups and products"].iter_rows(values_only=True)
                 if r[0] == "OTOP products by stars"]  # fmt: skip
    assert breakdown == [("OTOP products by stars", "★★★★", 1)]
    book.close()


def test_the_inbox_lists_a_bundle_per_device_and_no_conflicts(district: District) -> None:
    entries = orjson.loads(ok(district.central, "sync", "inbox", "--json"))
    taken = {e["device_id"]: e for e in entries if e["outcome"] in ("merged", "already")}
    assert set(taken) == {district.ids[k] for k in "ABC"}
    a, b, c = (taken[district.ids[k]] for k in "ABC")
    # B's bundle carried A's list too; A's own, received after it, brought nothing new.
    assert b["outcome"] == "merged" and b["by_kind"]["household"] == 11
    assert a["outcome"] == "already" and a["applied"] == 0 and a["already_had"] == a["ops"]
    assert c["outcome"] == "merged" and c["by_kind"]["product"] == 1
    assert all(e["ack"] for e in taken.values())
    assert orjson.loads(ok(district.central, "conflicts", "list", "--json")) == []


async def test_the_dashboard_shows_the_same_totals(district: District) -> None:
    from sammachip_tui.app import SammachipApp

    from .test_dashboard import _columns, _dashboard, _text

    ws = Workspace.open(district.central, flush_delay=60)
    try:
        app = SammachipApp(data_dir=ws.data_dir, workspace=ws)
        async with app.run_test(size=(200, 40)) as pilot:
            screen = await _dashboard(pilot)  # the central store's first screen
            totals = _text(screen, "#totals")
            assert "22 ครัวเรือน" in totals and "4 หมู่บ้าน" in totals
            assert "12 (55%)" in totals  # สัมมาชีพ: 12 of 22
            rows = {r["name"]: r for r in _columns(screen)}
            assert [(r["villages"], r["households"], r["trained"], r["volunteers"], r["forums"],
                     r["groups"], r["otop"]) for r in rows.values()] == [
                ("2", "8", "5", "4", "0", "0", "0"),  # ต.ห้างฉัตร: A's list
                ("2", "14", "4", "13", "2", "2", "1"),  # ต.เวียงตาล: B's forums, C's groups
            ]  # fmt: skip
            ratios = [line.split("(")[1].split(")")[0]
                      for line in _text(screen, "#indicator-lines").splitlines()]  # fmt: skip
            assert ratios == ["4 / 9", "วัดได้ 0 ครัวเรือน", "1 / 4"]
            devices = _text(screen, "#devices")
            assert all(name in devices for name in ("field-a", "field-b", "field-c"))
    finally:
        ws.close()


# ------------------------------------------------------------- 4. back to the field, and back
def copy_of(district: District, root: Path) -> dict[str, Path]:
    """The central store and the field devices as they are after step 2, copied: the new
    device's story changes them, and the other tests read them as step 2 left them."""
    made = {"central": district.central, **district.field}
    return {k: Path(shutil.copytree(p, root / p.name)) for k, p in made.items()}


def stored(data_dir: Path, villages: list[str]) -> dict[tuple[str, str], list[dict]]:
    """Every record of ``villages`` (the district's shard too), kind by kind."""
    with Workspace.open(data_dir, flush_delay=60) as ws:
        return {(v, k): ws.records(v, k) for v in villages for k in KINDS if ws.records(v, k)}


@pytest.fixture
def devices(district: District, tmp_path: Path) -> Iterator[dict[str, Path]]:
    yield copy_of(district, tmp_path)


def test_a_new_device_is_filled_from_the_central_store_and_its_edits_merge_back(
    district: District, devices: dict[str, Path], tmp_path: Path
) -> None:
    central, a, b = devices["central"], devices["A"], devices["B"]
    d, d_id, d_fp = device(tmp_path, "field-d", "field")
    shard = district_shard("5212")  # the district's records (what each device serves, …)
    serves = f"{A1},{B1}"

    # The central store fills the new device, which has sent nothing yet, by a file.
    fill = tmp_path / "fill.smb"
    ok(central, "sync", "send", "--to", d_id, "--villages", serves, "--out", str(fill))
    held = ok(d, "sync", "receive", str(fill))
    assert "Held: office" in held and "central store" in held
    assert f"fingerprint {district.fingerprints['central']}" in held  # compared, then:
    filled = ok(d, "devices", "accept", district.fingerprints["central"])
    ack_code = after(filled, "Acknowledgement code for the sender: ", 8)
    assert "Delivered" in ok(central, "sync", "ack", ack_code)
    with Workspace.open(d, flush_delay=60) as ws:
        assert ws.villages() == [A1, B1]  # exactly its villages
    mine = stored(d, [A1, B1])
    assert mine == stored(central, [A1, B1])  # all of them, as the central store holds them
    assert {k for (v, k) in stored(d, [shard])} == {"service"}
    assert "serves: 52120101" in ok(d, "devices", "show")
    with Workspace.open(d, flush_delay=60) as ws:  # its dashboard's devices block
        lines = {line.name: device_text(line) for line in read_devices(ws)}
    # A's operations in A2 were left out on purpose: nothing from A is said to be missing.
    assert lines[district.ids["A"]] == f"{district.ids['A']} · {_('no bundle received yet')}"

    # Two edits on the new device: a household's income, a forum item's votes.
    home = next(r for r in mine[(A1, "household")] if r["house_no"] == "2")
    assert (home["income_month"], home["expense_month"]) == (5000, 6000)
    ok(d, "households", "set", "--village", A1, "--id", home["id"], "income_month=7,000")
    assert "Votes: 9" in ok(d, "forums", "vote", "--village", B1, "--item", district.item,
                            "--add", "3")  # fmt: skip

    with Workspace.open(central, flush_delay=60) as ws:
        before, before_ind = district_figures(ws), indicators(ws, YEAR)
    back = tmp_path / "back.smb"
    ok(d, "sync", "send", "--to", "central", "--out", str(back))
    ack(d, receive_and_accept(central, [back], d_id, d_fp))
    with Workspace.open(central, flush_delay=60) as ws:
        now, now_ind = district_figures(ws), indicators(ws, YEAR)
        assert ws.record(B1, "item", district.item)["votes"] == 9
    echo = ok(central, "sync", "send", "--to", d_id, "--out", str(tmp_path / "echo.smb"))
    assert "Nothing to send" in echo  # its own edits are not echoed back to it

    # The district's figures changed by exactly that edit: one more สัมมาชีพ household in A1
    # (7,000 earned, 6,000 spent) and one more income reading this month; its change since
    # the list's reading (5,000 → 7,000: +40%) is the only one measured.
    def one_more(f):  # type: ignore[no-untyped-def]
        readings = (*f.monthly.readings[:-1], f.monthly.readings[-1] + 1)
        return replace(f, sammachip=f.sammachip + 1,
                       monthly=replace(f.monthly, readings=readings))  # fmt: skip

    assert now.total == one_more(before.total)
    for v_now, v_before in zip(now.villages, before.villages, strict=True):
        edited = v_before.code == A1
        assert v_now.total == (one_more(v_before.total) if edited else v_before.total)
    assert now_ind[0] == before_ind[0] and now_ind[2] == before_ind[2]
    income = now_ind[1]
    assert (income.numerator, income.denominator) == (pytest.approx(0.4), 1)
    assert income.rating is Rating.green

    # Back to the field: A serves its two villages, B its forum's; each is sent what it
    # serves, and only that: the income reaches A (and not B, which holds that household
    # from the relay but does not serve A1), the votes reach B (and not A).
    ok(central, "devices", "serve", district.ids["A"], "--villages", f"{A1},{A2}")
    ok(central, "devices", "serve", district.ids["B"], "--villages", B1)
    for key, field in (("A", a), ("B", b)):
        to_field = tmp_path / f"to-{key}.smb"
        ok(central, "sync", "send", "--to", district.ids[key], "--out", str(to_field))
        assert "Held: office" in ok(field, "sync", "receive", str(to_field))
        got = ok(field, "devices", "accept", district.ids["central"])
        ok(central, "sync", "ack", after(got, "Acknowledgement code for the sender: ", 8))
        # What came from the central store is never sent back to it, nor sent there again.
        assert "Nothing to send" in ok(field, "sync", "send", "--to", "central", "--out",
                                       str(tmp_path / "again.smb"))  # fmt: skip
        assert "Nothing to send" in ok(central, "sync", "send", "--to", district.ids[key],
                                       "--out", str(tmp_path / "again.smb"))  # fmt: skip
    with Workspace.open(a, flush_delay=60) as ws:
        assert ws.record(A1, "household", home["id"])["income_month"] == 7000
        assert ws.records(B1, "item") == []  # A has B1's households, never served its forums
    with Workspace.open(b, flush_delay=60) as ws:
        assert ws.record(B1, "item", district.item)["votes"] == 9
        assert ws.record(A1, "household", home["id"])["income_month"] == 5000
    for data_dir in (central, a, b, d):  # and nobody's edits crossed anybody's
        assert orjson.loads(ok(data_dir, "conflicts", "list", "--json")) == []
