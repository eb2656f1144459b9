"""QR sync against the measured baselines of reference/qr-transfer.md.

- Bytes per household and frames for the whole of village-200.csv, at 80×24 and 120×40
  (the reference design: 75 and 20 frames; goals: at most 60 and 15).
- Frames for a typical forum delta (40 distinct items typed, 10 households edited) at 80×24
  (goal 6).
- Time to build every frame of the village bundle: seal, cut, encode, QR matrix (goal < 1 s).
- Merging 100 bundles of 200 households into a central store, then all of them again
  (goal under 10 s, and the second time at most a fifth of the first).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sammachip_tui.model.records import ForumList
from sammachip_tui.store import forum as fs
from sammachip_tui.store.demo import DEMO_ITEMS, DEMO_VILLAGE, demo_csv
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import qr
from sammachip_tui.sync.devices import DeviceRegistry, Status
from sammachip_tui.sync.parts import make_parts

SEND_UI_ROWS = 1  # the send screen keeps only the footer under the code


def _device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=3600)  # fmt: skip


def _frames(message: bytes, columns: int, rows: int) -> tuple[int, str]:
    layout = qr.layout_for(columns, rows - SEND_UI_ROWS)
    return make_parts(message, layout.fragment_len).count, f"v{layout.version}-{layout.ecc}"


# Forty distinct items, as a forum evening gives them: the demo forum's seventeen and these.
MORE_ITEMS = (
    (ForumList.problem, "ถนนเข้าหมู่บ้านชำรุด หน้าฝนรถเข้าไม่ได้", "ช่วงบ้านเลขที่ 40 ถึง 75", "นายทองดี", 16),
    (ForumList.problem, "ไฟฟ้าส่องสว่างทางเข้าหมู่บ้านไม่พอ", "", "", 9),
    (ForumList.problem, "ผู้สูงอายุอยู่ลำพัง ลูกหลานไปทำงานต่างจังหวัด", "", "นางมาลี", 11),
    (ForumList.problem, "ข้าวราคาตก ต้นทุนการทำนาสูง", "", "นายบุญส่ง", 22),
    (ForumList.problem, "ขยะในหมู่บ้านไม่มีที่ทิ้ง", "", "", 6),
    (ForumList.problem, "โรคใบไหม้ในแปลงผัก", "", "นางดวงใจ", 5),
    (ForumList.resource, "ลำห้วยมีปลาตลอดปี", "", "", 0),
    (ForumList.resource, "วัดดอนไชยมีลานจัดตลาดนัดได้", "", "เจ้าอาวาส", 0),
    (ForumList.resource, "ต้นตาลริมนาประมาณ 300 ต้น", "", "", 0),
    (ForumList.resource, "โรงเรียนบ้านดอนไชยให้ใช้ห้องประชุม", "", "", 0),
    (ForumList.resource, "กลุ่มแม่บ้านมีจักรเย็บผ้า 6 หลัง", "", "", 0),
    (ForumList.wisdom, "ทำไม้กวาดดอกหญ้า", "", "นางบุญมี", 0),
    (ForumList.wisdom, "ย้อมผ้าสีธรรมชาติจากเปลือกไม้", "ครามและขนุน", "นางจันทร์", 0),
    (ForumList.wisdom, "ทำขนมจีนเส้นสด", "", "นางสมปอง", 0),
    (ForumList.wisdom, "หมอพื้นบ้าน นวดแผนไทย", "", "นายคำ", 0),
    (ForumList.wisdom, "เลี้ยงผึ้งโพรง เก็บน้ำผึ้งป่า", "", "นายอินสอน", 0),
    (ForumList.need, "ซ่อมถนนเข้าหมู่บ้านก่อนฤดูฝน", "", "", 25),
    (ForumList.need, "อบรมการขายออนไลน์", "", "นางสาวนฤมล", 17),
    (ForumList.need, "โรงเรือนเพาะเห็ดของกลุ่ม", "", "", 13),
    (ForumList.need, "ถังเก็บน้ำประจำหมู่บ้าน", "", "", 12),
    (ForumList.need, "เครื่องทอผ้ากี่กระตุก 4 หลัง", "", "นางแสงเดือน", 10),
    (ForumList.need, "ศูนย์เรียนรู้ปุ๋ยอินทรีย์", "", "", 8),
    (ForumList.need, "ตู้แช่เย็นสำหรับเก็บผลผลิต", "", "", 4),
)  # fmt: skip


def forum_evening() -> list[tuple[ForumList, str, str, str, int, tuple[str, ...]]]:
    return [*DEMO_ITEMS, *((*item, ()) for item in MORE_ITEMS)]


def village_bundle() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        ws = _device(Path(tmp), "field")
        try:
            import_households(ws, demo_csv())
            out = sb.build_bundle(ws, sb.CENTRAL)
            assert out is not None
            result: dict[str, object] = {"bytes": len(out.message), "households": 200}
            for size in ((80, 24), (120, 40)):
                result[f"frames_{size[0]}x{size[1]}"] = _frames(out.message, *size)
            timings = []
            for _ in range(5):
                t = time.perf_counter()
                built = sb.build_bundle(ws, sb.CENTRAL)
                assert built is not None
                layout = qr.layout_for(80, 24 - SEND_UI_ROWS)
                for text in make_parts(built.message, layout.fragment_len).texts():
                    qr.half_block_rows(qr.matrix(text, layout.version, layout.ecc))
                timings.append(time.perf_counter() - t)
            result["build_all_frames_s"] = statistics.median(timings)
            # A forum delta: what a facilitator's device holds after one evening.
            sb.acknowledge(ws, sb.ack_code(DEMO_DISTRICT_KEY, out.checksum))
            for ack in list(sb.SyncState.load(ws.data_dir).sent):
                sb.acknowledge(ws, sb.ack_code(DEMO_DISTRICT_KEY, int(ack, 16)))
            [op] = ws.commit([fs.new_forum(DEMO_VILLAGE, {"place": "ศาลาวัด"})])
            for which, text, detail, raised_by, votes, codes in forum_evening():
                item = fs.add_item(ws, DEMO_VILLAGE, op.record, which, text, detail=detail,
                                   raised_by=raised_by, votes=votes, occupations=codes)  # fmt: skip
                ws.commit([item])
            homes = ws.records(DEMO_VILLAGE, "household")[:10]
            ws.commit([Change("household", DEMO_VILLAGE, {"income_month": 15000 + i * 250},
                              record=h["id"]) for i, h in enumerate(homes)])  # fmt: skip
            delta = sb.build_bundle(ws, sb.CENTRAL)
            assert delta is not None
            result["delta_ops"] = delta.ops
            result["delta_bytes"] = len(delta.message)
            result["delta_frames_80x24"] = _frames(delta.message, 80, 24)
            result["delta_frames_120x40"] = _frames(delta.message, 120, 40)
        finally:
            ws.close()
    return result


def central_merge(bundles: int = 100) -> dict[str, float]:
    """Merge ``bundles`` bundles of 200 households each (one field device per village)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        central = _device(root, "central", "central")
        messages = []
        registry = DeviceRegistry(central.data_dir)
        for i in range(bundles):
            village = f"5212{i // 20 + 1:02d}{i % 20 + 1:02d}"
            field = _device(root, f"f{i}")
            field.commit([
                Change("household", village, {"village_code": village, "house_no": str(n),
                       "first_name": f"สมศรี{n}", "last_name": "ใจดี",
                       "occupation_main": "ทอผ้าไหม", "income_month": 9000 + n})
                for n in range(200)
            ])  # fmt: skip
            out = sb.build_bundle(field, sb.CENTRAL)
            assert out is not None
            messages.append(out.message)
            registry.meet(field.device.device_id, bytes.fromhex(field.device.public_key),
                          field.device.name, "field")  # fmt: skip
            registry.set_status(field.device.device_id, Status.accepted)
            field.close()
        try:
            t = time.perf_counter()
            for message in messages:
                sb.receive_message(central, message)
            first = time.perf_counter() - t
            t = time.perf_counter()
            for message in messages:
                assert sb.receive_message(central, message).already
            second = time.perf_counter() - t
        finally:
            central.close()
    return {"first_s": first, "second_s": second, "bundles": bundles}


if __name__ == "__main__":
    print(village_bundle())
    print(central_merge())
