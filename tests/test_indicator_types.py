"""Issue 16: the indicators by occupation type count every household whose occupation is
known, not only group members: a household in no group (or in a group whose occupation is
not in the taxonomy) is typed by its own programme occupation, read by the group proposer's
matcher; a member keeps its group's type. One read of the records serves the dashboard's
figures and indicators, and gives what each gives alone."""

from __future__ import annotations

import threading
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from textual.widgets import Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.reports.district_figures import VillageRecords, district_figures
from sammachip_tui.reports.indicators import Tally, indicators
from sammachip_tui.screens.dashboard import DashboardScreen
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace
from tests.conftest import district_device, until

VILLAGE = "52120101"


def _home(name: str, occupation: str, secondary: str = "", practising: bool = True) -> Change:
    return Change("household", VILLAGE, {
        "village_code": VILLAGE, "first_name": name, "occupation_main": occupation,
        "occupation_secondary": secondary, "trained": True,
        "followed_up": "2026-09-01", "practising": practising,
    })  # fmt: skip


def _store(ws: Workspace) -> None:
    ws.commit([village_change(VILLAGE, "บ้านดอน")])
    homes = {o.values["first_name"]: o.record for o in ws.commit([
        _home("weaver", "ทอผ้าไหม"),  # in no group: handicraft by its own text
        _home("grower", "เพาะเห็ด", practising=False),  # agriculture
        _home("second", "", "เลี้ยงไก่"),  # no main occupation: its secondary one (livestock)
        _home("unknown", "ว่างงาน"),  # not an occupation: no type
        _home("member", "ทอผ้าไหม"),  # in the food group: the group's type, not its own
        _home("untyped", "เพาะเห็ด"),  # in a group with no occupation: its own type
    ])}  # fmt: skip
    groups = ws.commit([
        Change("group", VILLAGE, {"village_code": VILLAGE, "name": "กลุ่มน้ำพริก",
                                  "occupation_code": "FOO01"}),
        Change("group", VILLAGE, {"village_code": VILLAGE, "name": "กลุ่มใหม่"}),
    ])  # fmt: skip
    food, untyped = (o.record for o in groups)
    ws.commit([
        Change("member", VILLAGE, {"group_id": food, "household_id": homes["member"],
                                   "consent": True}),
        Change("member", VILLAGE, {"group_id": untyped, "household_id": homes["untyped"],
                                   "consent": True}),
    ])  # fmt: skip


def test_households_are_typed_by_their_own_occupation(workspace: Workspace) -> None:
    _store(workspace)
    practising = indicators(workspace, 2569)[0]
    assert (practising.numerator, practising.denominator) == (5, 6)
    assert {k: (i.numerator, i.denominator) for k, i in practising.by_type.items()} == {
        "": (1, 1),
        "agriculture": (1, 2),
        "food_processing": (1, 1),
        "handicraft": (1, 1),
        "livestock": (1, 1),
    }


def test_one_read_gives_what_each_gives_alone(workspace: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _store(workspace)
    alone = (district_figures(workspace, fiscal_year=2569), indicators(workspace, 2569))
    reads: list[tuple[str, str]] = []
    records = Workspace.records

    def counted(self: Workspace, village: str, kind: str, **kw: bool) -> list[dict]:  # type: ignore[type-arg]
        reads.append((village, kind))
        return records(self, village, kind, **kw)

    monkeypatch.setattr(Workspace, "records", counted)
    tally = Tally(workspace, 2569)
    together = district_figures(workspace, fiscal_year=2569, each=tally.add)
    assert (together, tally.indicators()) == alone
    assert len(reads) == len(set(reads))  # each village's records of a kind read once
    assert isinstance(VillageRecords(workspace, VILLAGE).of("household"), list)


async def test_the_dashboard_shows_its_figures_before_the_matcher_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first dashboard of a start builds the matcher for the breakdown by type (0.2-0.3 s):
    the figures and indicators are drawn without waiting; the breakdown follows."""
    from sammachip_tui.reports import indicators as indicators_module

    monkeypatch.setattr(indicators_module, "_TEXT_TYPES", WeakKeyDictionary())  # none built
    built = threading.Event()
    real_init = indicators_module.OccupationTypes.__init__

    def slow_init(self: indicators_module.OccupationTypes, ws: Workspace) -> None:
        assert built.wait(10), "the test never let the matcher be built"
        real_init(self, ws)

    monkeypatch.setattr(indicators_module.OccupationTypes, "__init__", slow_init)
    ws = district_device(tmp_path, "office", "central")
    _store(ws)
    try:
        app = SammachipApp(data_dir=ws.data_dir, workspace=ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard")
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            await until(pilot, lambda: screen.board is not None, "the figures, before")
            assert screen.board is not None
            assert screen.board.figures.total.households == 6
            assert screen.board.indicators[0].by_type == {}  # the breakdown: not yet
            built.set()

            def typed() -> bool:
                return screen.board is not None and bool(screen.board.indicators[0].by_type)

            await until(pilot, typed, "the breakdown by type")
            assert screen.board is not None
            assert screen.board.indicators == indicators(ws, screen.year)
            assert "หัตถกรรม" in str(screen.query_one("#indicator-text", Static).render())
    finally:
        built.set()
        ws.close()
