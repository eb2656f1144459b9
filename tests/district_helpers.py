"""A small district built in memory for the figures and indicators tests: three villages in two
subdistricts of district 5212, with households, forums, groups and their decisions, products
and income readings, each placed to land on one side of a rule (a fiscal year's end, a
dissolved group, a deleted record). The expected figures are written next to the records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

A = "52120101"  # ต.ห้างฉัตร
B = "52120501"  # ต.เวียงตาล
C = "52120502"  # ต.เวียงตาล


@dataclass(frozen=True)
class District:
    ws: Workspace
    homes: dict[str, str]  # our name → record id
    groups: dict[str, str]


def _home(village: str, name: str, **values: object) -> Change:
    return Change("household", village, {"village_code": village, "first_name": name, **values})


def build_district(root: Path) -> District:
    ws = Workspace.init(
        root / "central", name="central", role="central", district="5212",
        passphrase=None, district_key=DEMO_DISTRICT_KEY, flush_delay=60,
    )  # fmt: skip
    ws.commit([village_change(A, "บ้านดอน"), village_change(B, "บ้านนา"), village_change(C)])
    ops = ws.commit([
        # A: สัมมาชีพ, trained, volunteer, followed up on the last day of FY2569, practising
        _home(A, "h1", income_month=10000, expense_month=8000, trained=True, volunteer="yes",
              followed_up="2026-09-30", practising=True),
        # A: spends more than it earns, trained, followed up on the first day of FY2570
        _home(A, "h2", income_month=5000, expense_month=6000, trained=True,
              followed_up="2026-10-01", practising=True),
        # A: income not known, not trained, not a volunteer
        _home(A, "h3", volunteer="no"),
        # A: deleted (trained, สัมมาชีพ): counted nowhere
        _home(A, "h4", income_month=9000, expense_month=1000, trained=True, deleted=True),
        # B: trained, followed up and not practising; three readings
        _home(B, "h5", income_month=11000, expense_month=9000, trained=True, volunteer="yes",
              followed_up="2026-11-01", practising=False),
        # C: one household, nothing else
        _home(C, "h6", income_month=100, expense_month=50),
    ])  # fmt: skip
    homes = {o.values["first_name"]: o.record for o in ops}
    forums = [
        Change("forum", A, {"village_code": A, "date": "2026-09-30"}),  # FY2569
        Change("forum", A, {"village_code": A, "date": "2026-10-01"}),  # FY2570
        Change("forum", A, {"village_code": A, "date": "2026-10-02", "deleted": True}),
        Change("forum", B, {"village_code": B, "date": "2025-12-15"}),  # FY2569
    ]
    ws.commit(forums)
    gops = ws.commit([
        Change("group", A, {"village_code": A, "name": "กลุ่มทอผ้า", "occupation_code": "HAN01"}),
        Change("group", A, {"village_code": A, "name": "กลุ่มน้ำพริก", "occupation_code": "FOO01"}),
        Change("group", B, {"village_code": B, "name": "กลุ่มเก่า", "occupation_code": "FOO02"}),
        Change("group", B, {"village_code": B, "name": "กลุ่มลบ", "deleted": True}),
    ])  # fmt: skip
    groups = {"weave": gops[0].record, "paste": gops[1].record, "old": gops[2].record}

    def decision(village: str, group: str, status: str, date: str) -> Change:
        return Change("group_status", village, {"village_code": village, "group_id": groups[group],
                                                "status": status, "date": date})  # fmt: skip

    ws.commit([
        decision(A, "weave", "established", "2026-03-01"),  # established in FY2569
        decision(B, "old", "established", "2025-01-01"),  # FY2568 …
        decision(B, "old", "dissolved", "2026-02-01"),  # … dissolved in FY2569
    ])  # fmt: skip

    def product(name: str, registration: str, stars: int) -> Change:
        return Change("product", A, {"village_code": A, "group_id": groups["weave"], "name": name,
                                     "category": "textile_apparel", "registration": registration,
                                     "stars": stars})  # fmt: skip

    ws.commit([product("ผ้าซิ่น", "registered", 4), product("ผ้าพันคอ", "applied", 0),
               product("ผ้าคลุม", "registered", 4)])  # fmt: skip
    member = {"village_code": A, "group_id": groups["weave"], "consent": True}
    ws.commit([Change("member", A, {**member, "household_id": homes["h1"]}),
               Change("member", A, {**member, "household_id": homes["h2"]})])  # fmt: skip

    def reading(village: str, home: str, date: str, income: float) -> Change:
        return Change("income", village, {"village_code": village, "household_id": homes[home],
                                          "date": date, "income_month": income,
                                          "expense_month": 9000, "source": "form"})  # fmt: skip

    ws.commit([
        reading(B, "h5", "2025-11-01", 10000),  # first reading
        reading(B, "h5", "2026-09-01", 10300),  # +3% exactly, in FY2569
        reading(B, "h5", "2026-11-01", 11000),  # +10%, in FY2570 (this month)
        reading(A, "h1", "2026-10-15", 10000),  # one reading: no change to measure
    ])  # fmt: skip
    return District(ws, homes, groups)
