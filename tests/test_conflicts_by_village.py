"""The conflicts of the whole district, grouped by village: a heading per village (its name,
subdistrict and count) on the conflicts screen, Enter on it folds the village away and opens
it again, Enter on a value still keeps it; ``sammachip conflicts list`` groups the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from textual.widgets import DataTable

from sammachip_tui.app import SammachipApp
from sammachip_tui.cli import main
from sammachip_tui.screens.sync_dialogs import ConflictsScreen
from sammachip_tui.store.conflict_groups import by_village
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync.devices import DeviceRegistry, Status
from tests.conftest import district_device, until

WIANG_TAN = "52120505"  # หมู่ 5 ต.เวียงตาล
HANG_CHAT = "52120102"  # หมู่ 2 ต.ห้างฉัตร


def trust(*devices: Workspace) -> None:
    for ws in devices:
        reg = DeviceRegistry(ws.data_dir)
        for other in devices:
            if other is not ws:
                reg.meet(other.device.device_id, bytes.fromhex(other.device.public_key),
                         other.device.name, "field")  # fmt: skip
                reg.set_status(other.device.device_id, Status.accepted)


def carry(src: Workspace, dst: Workspace) -> None:
    out = sb.build_bundle(src, dst.device.device_id)
    assert out is not None
    sb.receive_message(dst, out.message)


@pytest.fixture
def district(tmp_path: Path) -> Iterator[Workspace]:
    """An office with two conflicts in Wiang Tan's หมู่ 5 and one in Hang Chat's หมู่ 2."""
    a = district_device(tmp_path, "field-a", "field")
    office = district_device(tmp_path, "office", "central")
    trust(a, office)
    homes = []
    for village, name in ((HANG_CHAT, "บัวผัน"), (WIANG_TAN, "บุญมา"), (WIANG_TAN, "คำปุ๋น")):
        [op] = a.commit([Change("household", village, {"village_code": village,
                                                        "first_name": name})])  # fmt: skip
        homes.append((village, op.record))
    a.commit([Change("village", WIANG_TAN, {"name": "บ้านดอน"}, record=WIANG_TAN, create=True)])
    carry(a, office)
    for village, rid in homes:
        a.commit([Change("household", village, {"occupation_main": "ทอผ้า"}, record=rid)])
        office.commit([Change("household", village, {"occupation_main": "จักสาน"}, record=rid)])
    carry(a, office)
    a.close()
    yield office
    office.close()


def test_conflicts_are_grouped_by_village_with_name_subdistrict_and_count(district) -> None:
    groups = by_village(district)
    assert [(g.village, len(g.conflicts)) for g in groups] == [(HANG_CHAT, 1), (WIANG_TAN, 2)]
    assert groups[1].heading == "หมู่ 5 บ้านดอน · ต.เวียงตาล (52120505): ขัดกัน 2 รายการ"
    assert groups[0].subdistrict == "ต.ห้างฉัตร"


async def test_the_screen_has_a_heading_per_village_that_folds_and_keeps_still_work(
    district,
) -> None:
    app = SammachipApp(data_dir=district.data_dir, workspace=district)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConflictsScreen), "conflicts")
        screen = app.screen
        table = screen.query_one("#versions", DataTable)

        def firsts() -> list[str]:
            return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]

        rows = firsts()
        assert [str(c) for c in table.get_row_at(0)] == [
            "▾ หมู่ 2",
            "ต.ห้างฉัตร",
            "ขัดกัน 1 ช่องข้อมูล",
            HANG_CHAT,
            "",
        ]
        heading = next(n for n, r in enumerate(rows) if r.startswith("▾ หมู่ 5 บ้านดอน"))
        assert len(rows) == 1 + 2 + 1 + 2 * 2  # headings, two versions per conflict
        table.move_cursor(row=heading)
        await pilot.press("enter")  # fold Wiang Tan away
        await until(pilot, lambda: table.row_count == 4, "the village folded")
        assert firsts()[heading].startswith("▸ หมู่ 5") and table.cursor_row == heading
        await pilot.press("enter")  # and open it again
        await until(pilot, lambda: table.row_count == 8, "the village opened")
        table.move_cursor(row=1)  # Hang Chat's first value: keep it
        await pilot.press("enter")
        await until(pilot, lambda: len(district.conflicts()) == 2, "the conflict resolved")
        await until(pilot, lambda: table.row_count == 5, "the screen redrawn")
        assert firsts()[0].startswith("▾ หมู่ 5 บ้านดอน")


def test_conflicts_list_groups_by_village_and_takes_one_village(district, capsys) -> None:
    data_dir = district.data_dir
    district.close()
    assert main(["--data-dir", str(data_dir), "--lang", "en", "conflicts", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    headings = [line for line in out if not line.startswith(" ")]
    assert headings == ["Moo 2 · T. Hang Chat (52120102): 1 in conflict",
                        "Moo 5 บ้านดอน · T. Wiang Tan (52120505): 2 in conflict"]  # fmt: skip
    assert sum("●" in line for line in out) == 3 and sum("○" in line for line in out) == 3
    assert main(["--data-dir", str(data_dir), "conflicts", "list", "--village", "๕๒๑๒๐๕๐๕",
                 "--json"]) == 0  # fmt: skip
    rows = orjson.loads(capsys.readouterr().out)
    assert {r["village"] for r in rows} == {WIANG_TAN} and len(rows) == 2
    assert {v["text"] for v in rows[0]["versions"]} == {"ทอผ้า", "จักสาน"}
    assert main(["--data-dir", str(data_dir), "--lang", "en", "conflicts", "list",
                 "--village", "52129999"]) == 2  # fmt: skip
    assert "52129999 is not in this workspace" in capsys.readouterr().err
