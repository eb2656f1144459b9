"""The dashboard: the first screen of a central store, a key away on a field device; the
figures it shows are the figures functions' own; drill-down to a village's records and back;
the fiscal year switch; the indicators' ratings in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.i18n import _
from sammachip_tui.reports.district_figures import district_figures
from sammachip_tui.reports.indicators import RATING_LABELS, indicators
from sammachip_tui.screens.dashboard import DashboardScreen
from sammachip_tui.screens.forums import ForumsScreen
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

from .conftest import district_device, until

A1, A2 = "52120101", "52120102"  # ต.ห้างฉัตร
B1 = "52120501"  # ต.เวียงตาล


def _home(village: str, name: str, **values: object) -> Change:
    return Change("household", village, {"village_code": village, "first_name": name, **values})


def office_with_villages(root: Path) -> Workspace:
    """A central store: three villages in two subdistricts, households of every kind, a
    forum in each of two fiscal years, a group."""
    ws = district_device(root, "office", "central")
    ws.commit([village_change(A1, "บ้านดอน"), village_change(A2, "บ้านนา"),
               village_change(B1, "บ้านแม่สัน")])  # fmt: skip
    ws.commit([
        _home(A1, "ก", income_month=10000, expense_month=8000, trained=True, volunteer="yes"),
        _home(A1, "ข", income_month=5000, expense_month=6000, trained=True),
        _home(A1, "ค", volunteer="no"),
        _home(A2, "ง", income_month=9000, expense_month=1000, volunteer="yes"),
        _home(B1, "จ", income_month=11000, expense_month=9000, trained=True),
        _home(B1, "ฉ", income_month=100, expense_month=50),
        _home(B1, "ช"),
    ])  # fmt: skip
    ws.commit(
        [
            Change("forum", A1, {"village_code": A1, "date": "2026-09-30"}),  # FY2569
            Change("forum", A1, {"village_code": A1, "date": "2026-10-05"}),
        ]
    )  # FY2570
    [group] = ws.commit([Change("group", B1, {"village_code": B1, "name": "กลุ่มทอผ้า",
                                              "occupation_code": "HAN01"})])  # fmt: skip
    ws.commit([Change("product", B1, {"village_code": B1, "group_id": group.record,
                                      "name": "ผ้าซิ่น", "category": "textile_apparel",
                                      "registration": "registered", "stars": 4})])  # fmt: skip
    return ws


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Workspace]:
    ws = office_with_villages(tmp_path)
    yield ws
    ws.close()


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


async def _dashboard(pilot) -> DashboardScreen:  # type: ignore[no-untyped-def]
    """Until the dashboard is on top with its figures and devices drawn."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
    screen = app.screen
    await until(pilot, lambda: screen.board is not None and screen.devices is not None,
                "the figures")  # fmt: skip
    await pilot.pause()
    return screen


def _cells(screen: DashboardScreen) -> list[list[str]]:
    table = screen.query_one("#table", DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


def _columns(screen: DashboardScreen) -> list[dict[str, str]]:
    """Each row's cells by column key."""
    table = screen.query_one("#table", DataTable)
    keys = [str(c.key.value) for c in table.ordered_columns]
    return [dict(zip(keys, row, strict=True)) for row in _cells(screen)]


def _text(screen: DashboardScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_central_store_opens_on_the_dashboard_and_esc_shows_the_villages(
    office: Workspace,
) -> None:
    app = _app(office)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _dashboard(pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, DashboardScreen]
        assert "ห้างฉัตร" in _text(screen, "#totals")
        await pilot.press("escape")  # at the district: the villages list
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the villages")
        home = app.screen
        assert isinstance(home, HomeScreen)
        # Counted when first shown, not under the dashboard while it read the district.
        await until(pilot, lambda: home.loaded and len(home.rows) == len(office.villages()),
                    "the villages counted")  # fmt: skip
        await pilot.press("b")  # and the dashboard one key away
        await _dashboard(pilot)


async def test_figures_on_screen_are_the_figures_functions(office: Workspace) -> None:
    figures = district_figures(office, fiscal_year=2570)
    app = _app(office)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _dashboard(pilot)
        assert screen.year == 2570  # the frozen day, 22/11/2569, is in fiscal year 2570
        await pilot.press("t")  # the charts in the table's place: every column fits
        await pilot.press("t")
        await pilot.resize_terminal(200, 40)
        await pilot.pause()
        rows = _columns(screen)
        assert [r["name"] for r in rows] == [s.name for s in figures.subdistricts]
        for row, sub in zip(rows, figures.subdistricts, strict=True):
            t = sub.total
            assert row == {"name": sub.name, "villages": str(t.villages),
                           "households": str(t.households),
                           "sammachip": f"{t.sammachip / t.households * 100:.0f}%",
                           "bar": row["bar"], "trained": str(t.trained),
                           "volunteers": str(t.volunteers), "forums": str(t.forums),
                           "groups": str(t.groups), "otop": str(t.otop_registered)}  # fmt: skip
            assert row["bar"].strip(" ▏▎▍▌▋▊▉█") == ""
        t = figures.total
        totals = _text(screen, "#totals")
        assert f"{t.households} ครัวเรือน" in totals and f"{t.villages} หมู่บ้าน" in totals
        assert f"{t.sammachip} ({t.sammachip / t.households * 100:.0f}%)" in totals
        assert (t.households, t.sammachip, t.trained, t.volunteers) == (7, 4, 3, 2)
        await pilot.press("enter")  # ต.ห้างฉัตร's villages, each its own figures
        first = figures.subdistricts[0]
        rows = _columns(screen)
        assert [r["name"] for r in rows] == ["หมู่ 1 บ้านดอน", "หมู่ 2 บ้านนา"]
        for row, village in zip(rows, first.villages, strict=True):
            v = village.total
            assert (row["households"], row["trained"], row["volunteers"], row["forums"]) == (
                str(v.households),
                str(v.trained),
                str(v.volunteers),
                str(v.forums),
            )
            assert row["sammachip"] == f"{v.sammachip / v.households * 100:.0f}%"
        assert "villages" not in rows[0]  # a village is one village: no such column


async def test_drill_down_to_a_villages_households_and_back_up(office: Workspace) -> None:
    app = _app(office)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _dashboard(pilot)
        await pilot.press("f")  # no village chosen yet: said, nothing opens
        assert app.screen is screen and screen.subdistrict is None
        await pilot.press("down")  # ต.เวียงตาล
        await pilot.press("enter")
        assert screen.subdistrict == "521205"
        assert [r[0] for r in _cells(screen)] == ["หมู่ 1 บ้านแม่สัน"]
        assert "เวียงตาล" in _text(screen, "#level")
        await pilot.press("enter")  # the village: its households
        await until(pilot, lambda: isinstance(app.screen, HouseholdsScreen), "households")
        assert app.screen.village == B1
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back on the dashboard")
        assert screen.subdistrict == "521205"  # at the level it was left at
        await pilot.press("f")  # the village's forums, as from the villages list
        await until(pilot, lambda: isinstance(app.screen, ForumsScreen), "forums")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back again")
        await pilot.press("escape")  # up: the subdistricts, the cursor where it was
        assert screen.subdistrict is None
        assert screen.query_one("#table", DataTable).cursor_row == 1
        assert app.screen is screen


async def test_fiscal_year_switch_reads_that_years_figures_and_indicators(
    office: Workspace,
) -> None:
    app = _app(office)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _dashboard(pilot)
        assert "(2570: 1)" in _text(screen, "#totals")  # the forum of 5/10/2569
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: screen.board is not None and screen.board.year == 2569,
                    "fiscal year 2569")  # fmt: skip
        await pilot.pause()
        assert "ปีงบประมาณ 2569" in _text(screen, "#totals")
        assert "(2569: 1)" in _text(screen, "#totals")
        assert [i.fiscal_year for i in screen.board.indicators] == [2569] * 3
        await pilot.press("right_square_bracket", "right_square_bracket")
        await until(pilot, lambda: screen.board is not None and screen.board.year == 2571,
                    "fiscal year 2571")  # fmt: skip


async def test_indicator_ratings_are_words_in_either_language(office: Workspace) -> None:
    expected = indicators(office, 2570)
    app = _app(office)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _dashboard(pilot)
        lines = _text(screen, "#indicator-lines").splitlines()
        assert len(lines) == len(expected) == 3
        for line, ind in zip(lines, expected, strict=True):
            assert _(RATING_LABELS[ind.rating]) in line and ind.name in line
        # villages with a group: 0 of 3 established (forming only): below the goal, in words
        assert "ต่ำกว่าเป้าหมาย" in lines[2] or "■" in lines[2]
        await pilot.press("i")  # the definitions, numerators and denominators
        detail = _text(screen, "#indicator-text")
        assert expected[0].definition in detail.replace("\n", " ") or "นิยาม" in detail
        await pilot.press("f2")
        await until(pilot, lambda: "goal" in _text(screen, "#indicator-lines"), "English")
        words = _text(screen, "#indicator-lines")
        assert any(w in words for w in ("goal met", "close to the goal", "below the goal",
                                        "no data"))  # fmt: skip
        assert "Definition:" in _text(screen, "#indicator-text")


async def test_a_field_device_opens_it_with_b_for_its_own_villages(
    demo_workspace: Workspace,
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.press("b")
        screen = await _dashboard(pilot)
        assert "200 ครัวเรือน" in _text(screen, "#totals")
        assert "หมู่บ้านของเครื่องนี้" in _text(screen, "#totals")
        assert "ศูนย์ข้อมูลอำเภอ" in _text(screen, "#devices")  # what it has not sent there
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the villages")


async def test_charts_draw_the_groups_by_stage(office: Workspace) -> None:
    app = _app(office)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _dashboard(pilot)
        assert not screen.query_one("#charts").display  # 80 wide: the table alone
        await pilot.press("t")
        assert screen.query_one("#charts").display
        chart = _text(screen, "#by-stage")
        assert "กำลังรวมกลุ่ม" in chart and "█" in chart  # the one group, forming
        await pilot.press("escape")
        assert screen.query_one("#table").display and app.screen is screen


async def test_the_devices_block_names_each_devices_latest_bundle(
    office: Workspace, tmp_path: Path
) -> None:
    from sammachip_tui.sync import bundle as sb

    field = district_device(tmp_path, "tablet-เวียงตาล", "field")
    try:
        field.commit([village_change(B1), _home(B1, "ซ")])
        out = sb.build_bundle(field, sb.CENTRAL)
        assert out is not None
        sb.receive_message(office, out.message)
        sb.accept_device(office, field.device.device_id)
    finally:
        field.close()
    app = _app(office)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _dashboard(pilot)
        devices = _text(screen, "#devices")
        assert "tablet-เวียงตาล" in devices
        assert "ชุดข้อมูลล่าสุด 22/11/2569" in devices  # the frozen day, in พ.ศ.
        assert "0 วันนับจากชุดข้อมูลล่าสุด" in devices
        assert "8 ครัวเรือน" in _text(screen, "#totals")  # its household merged and counted


async def test_e_exports_the_report_of_what_is_shown(
    office: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the one export dialog, with the district reports' ``district_export`` (its
    writer stood in for here: what matters is which report of which year is asked for)."""
    from sammachip_tui.screens import export_dialog
    from sammachip_tui.screens.export_dialog import Export, ExportDialog

    asked: list[tuple[str, list[str] | None, int | None]] = []

    def district_export(kind: str, villages: list[str] | None = None,
                        year: int | None = None) -> Export:  # fmt: skip
        asked.append((kind, villages, year))

        def write(ws: Workspace, path: Path, fmt: str) -> Path:
            path.write_text(kind)
            return path

        return Export("report", kind, "all", ("html",), write)

    monkeypatch.setattr(export_dialog, "district_export", district_export)
    app = _app(office)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _dashboard(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        await pilot.press("escape")  # closes, nothing written
        await until(pilot, lambda: app.screen is screen, "back")
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: screen.board is not None and screen.board.year == 2569)
        await pilot.press("down", "enter", "e")  # a village of ต.เวียงตาล chosen
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the dialog again")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back again")
        await pilot.press("i", "e")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "and again")
    assert asked == [("district", None, 2570), ("village", [B1], 2569),
                     ("indicators", None, 2569)]  # fmt: skip


async def test_a_store_that_cannot_be_read_is_said_in_words(
    office: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from sammachip_tui.screens import dashboard

    def failing(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(dashboard, "read_board", failing)
    app = _app(office)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
        screen = app.screen
        await until(pilot, lambda: "นับไม่ได้" in _text(screen, "#totals"), "the reason")
        assert "Traceback" not in _text(screen, "#totals") and app.is_running
        await pilot.press("escape")  # and the villages are still there
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the villages")
