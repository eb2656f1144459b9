"""Snapshots of the mentoring view (new ones only) on the demo village: a sage, two
pairings (one learner with a reading before it started, one without), a session, an
outcome. Plain sync tests: snap_compare runs its own event loop."""

from __future__ import annotations

import datetime as dt

from sammachip_tui.app import SammachipApp
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.store import mentoring as sm
from sammachip_tui.store.demo import DEMO_VILLAGE
from sammachip_tui.store.income import reading_changes
from sammachip_tui.store.workspace import Workspace


def mentoring_in_demo(ws: Workspace) -> None:
    """A sage of the demo village paired with two households, a session, an outcome."""
    v = DEMO_VILLAGE
    sage, first, second = (h.id for h in sm.homes(ws, v)[:3])
    ws.commit_built(lambda w: [sm.add_role(w, v, {"household_id": sage, "role": "sage",
                                                  "occupation": "ทอผ้าไหม",
                                                  "teaches": "ย้อมสีธรรมชาติ มัดหมี่"})])  # fmt: skip
    ws.commit_built(lambda w: reading_changes(w, v, first, dt.date(2026, 10, 1), 6000, 5200,
                                              ReadingSource.survey))  # fmt: skip
    for learner in (first, second):
        ws.commit_built(lambda w, h=learner: [sm.pair(w, v, {
            "mentor_id": sage, "learner_id": h, "started": "1/11/2569"})])  # fmt: skip
    ws.commit_built(lambda w: [sm.add_session(w, v, {
        "mentor_id": sage, "date": "15/11/2569", "topic": "ย้อมครามด้วยใบห้อม",
        "learners": f"{first}, {second}", "hours": "3"})])  # fmt: skip
    pairing = sm.pairings_in(ws, v)[0].id
    ws.commit_built(lambda w: sm.add_outcome(w, v, pairing, {
        "date": "20/11/2569", "started_occupation": "yes", "note": "ขายผ้าที่ตลาดนัด",
        "income_month": "7500"}))  # fmt: skip


def _app(ws: Workspace) -> SammachipApp:
    mentoring_in_demo(ws)
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def test_mentoring_pairings_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["m", "2"], terminal_size=(80, 24))


def test_mentoring_pairings_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["m", "2"], terminal_size=(120, 40))


def test_mentoring_roles_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["m"], terminal_size=(80, 24))


def test_household_mentoring_block_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """A learner's screen: the form, and under it whom it learns from, sessions, outcome."""
    keys = ["enter", "down", "enter"]
    assert snap_compare(_app(demo_workspace), press=keys, terminal_size=(80, 24))
