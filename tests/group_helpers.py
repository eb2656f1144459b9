"""A small occupation group built directly in a workspace, for the group rules, merge and CLI
tests: a village, households that consented to join, and the group (forming)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sammachip_tui.store import groups
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceRegistry, Status

VILLAGE = "52120505"


@dataclass(frozen=True)
class Made:
    village: str
    group: str
    households: list[str]


def make_group(ws: Workspace, members: int = 6, name: str = "กลุ่มทอผ้าบ้านดอน") -> Made:
    ws.commit([village_change(VILLAGE)])
    homes = ws.commit(
        [Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": f"สมาชิก{i}",
                                       "house_no": str(i + 1)}) for i in range(members)]
    )  # fmt: skip
    [group] = ws.commit([Change("group", VILLAGE, {"village_code": VILLAGE, "name": name})])
    joined = dt.date(2026, 11, 1)
    ws.commit([Change("member", VILLAGE, {"village_code": VILLAGE, "group_id": group.record,
                                          "household_id": h.record, "consent": True,
                                          "joined": joined.isoformat()})
               for h in homes])  # fmt: skip
    return Made(VILLAGE, group.record, [h.record for h in homes])


def add(ws: Workspace, made: Made, entry: str, /, **texts: str) -> str:
    """Add an entry through the one save path; its id."""
    [op] = ws.commit_built(lambda w: [groups.add_entry(w, made.village, made.group, entry, texts)])
    return op.record


def establish_ready(ws: Workspace, made: Made) -> None:
    """Everything the 5 ก checklist asks for: committee, bylaws, shares paid, an activity."""
    h = made.households
    add(ws, made, "committee", household_id=h[0], position="chair", elected="1/11/2569")
    add(ws, made, "committee", household_id=h[1], position="secretary", elected="1/11/2569")
    add(ws, made, "committee", household_id=h[2], position="treasurer", elected="1/11/2569")
    ws.commit_built(lambda w: [groups.set_bylaws(w, made.village, made.group, {
        "purpose": "ทอผ้าขาย", "share_value": "100", "dividend_pct": "40",
        "patronage_pct": "30", "reserve_pct": "30"})])  # fmt: skip
    add(ws, made, "fund", kind="shares", household_id=h[0], shares="5", amount="500",
        date="2/11/2569")  # fmt: skip
    add(ws, made, "activity", title="ทอผ้าขายงานกาชาด", date="5/11/2569")


def device(root: Path, name: str) -> Workspace:
    return Workspace.init(root / name, name=name, role="field", district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


def two_devices(root: Path) -> tuple[Workspace, Workspace]:
    """Two field devices of one district whose officers accepted each other's keys."""
    a, b = device(root, "a"), device(root, "b")
    for ws, other, name in ((a, b, "b"), (b, a, "a")):
        registry = DeviceRegistry(ws.data_dir)
        registry.meet(other.device.device_id, bytes.fromhex(other.device.public_key), name,
                      "field")  # fmt: skip
        registry.set_status(other.device.device_id, Status.accepted)
    return a, b


def send(src: Workspace, dst: Workspace) -> None:
    """What ``src`` has that ``dst`` has not, as a bundle, merged at ``dst``."""
    out = sb.build_bundle(src, dst.device.device_id)
    assert out is not None
    sb.receive_message(dst, out.message)
