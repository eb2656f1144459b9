"""What an adversarial review of issue 15 found, each held to the fix: dates after today,
an outcome's reading deleted with it, records a hostile bundle left half-made, two officers
typing the form on the same day, a correction that is no growth, plan periods across years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.store import mentoring as sm
from sammachip_tui.store import plans
from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.ids import ALPHABET, record_id
from sammachip_tui.store.income import (
    figure_changes,
    history,
    income_change,
    reading_changes,
    readings,
)
from sammachip_tui.store.network import district_network
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.proposals import mentors
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Change, Workspace

from .group_helpers import VILLAGE, send, two_devices
from .test_income_merge import _household
from .test_mentor_store import V, add_role, pair, village_with_homes


def _figures(ws: Workspace, village: str, home: str) -> tuple[Any, Any]:
    [h] = [h for h in households(ws, village) if h.id == home]
    return h.income_month, h.expense_month


def test_an_outcome_or_a_session_dated_after_today_is_refused(workspace: Workspace) -> None:
    ids = village_with_homes(workspace)
    add_role(workspace, household_id="1", role="ปราชญ์ชุมชน", occupation="ทอผ้า")
    pairing = pair(workspace, mentor_id="1", learner_id="2")
    with pytest.raises(FieldError, match="1/1/2579"):  # a slip: 2579 for 2569
        workspace.commit_built(
            lambda w: sm.add_outcome(w, V, pairing, {"date": "1/1/2579", "income_month": "50000"})
        )
    with pytest.raises(FieldError) as refused:
        workspace.commit_built(lambda w: [sm.add_session(w, V, {
            "mentor_id": "1", "date": "1/1/2600", "topic": "ย้อม", "learners": "2"})])  # fmt: skip
    assert refused.value.field == "date"
    with pytest.raises(FieldError):
        reading_changes(workspace, V, ids["2"], dt.date(2030, 1, 1), 1.0, None, ReadingSource.form)
    assert readings(workspace, V, ids["2"]) == []


def test_deleting_an_outcome_takes_its_reading_and_the_figure_goes_back(
    workspace: Workspace,
) -> None:
    ids = village_with_homes(workspace)
    add_role(workspace, household_id="1", role="ปราชญ์ชุมชน", occupation="ทอผ้า")
    pairing = pair(workspace, mentor_id="1", learner_id="2", started="1/11/2569")
    workspace.commit_built(lambda w: reading_changes(
        w, V, ids["2"], dt.date(2026, 10, 1), 6000.0, 5000.0, ReadingSource.survey))  # fmt: skip
    ops = workspace.commit_built(
        lambda w: sm.add_outcome(w, V, pairing, {"date": "20/11/2569", "income_month": "99999"})
    )
    assert _figures(workspace, V, ids["2"]) == (99999, 5000)
    [outcome] = [o for o in ops if o.kind == "mentor_outcome"]
    workspace.commit_built(lambda w: sm.delete(w, V, "outcome", outcome.record))
    assert _figures(workspace, V, ids["2"]) == (6000, 5000)
    assert [r.income_month for r in readings(workspace, V, ids["2"])] == [6000.0]


def _op(n: int, kind: str, values: dict[str, Any]) -> Op:
    origin = ALPHABET[0] * 8
    stamp = make_stamp(1_790_000_000_000 + n, 0, origin)
    return Op(origin, n, stamp, kind, record_id(origin, n), V, values)


@pytest.mark.parametrize(
    "kind, values",
    [
        ("income", {"household_id": "H", "income_month": 5000.0}),  # no date
        ("income", {"household_id": "H", "date": "2026-01-01"}),  # neither figure
        ("mentoring", {"mentor_id": "H", "learner_id": "H", "occupation": "ทอผ้า"}),
        ("mentor_session", {"mentor_id": "H", "topic": "x"}),  # no date
        ("group_link", {"group_id": "G"}),  # no partner
        ("model_role", {"role": "sage", "occupation": "ทอผ้า"}),  # no household
    ],
)
def test_a_half_made_record_from_a_bundle_is_passed_over_by_every_view(
    workspace: Workspace, kind: str, values: dict[str, Any]
) -> None:
    ids = village_with_homes(workspace)
    home = ids["1"]
    filled = {k: (home if v == "H" else v) for k, v in values.items()}
    workspace.merge([_op(1, kind, {"village_code": V, **filled})])
    assert len(history(workspace, V, home)) <= 1  # the household's own figures, if any
    workspace.commit_built(lambda w: reading_changes(
        w, V, home, dt.date(2026, 11, 1), 1.0, 1.0, ReadingSource.form))  # fmt: skip
    assert _figures(workspace, V, home) == (1, 1)
    sm.mentoring_view(workspace, V)
    district_network(workspace)
    assert mentors(workspace, [V]) == []


def test_two_officers_typing_the_form_the_same_day_make_no_conflict(tmp_path: Path) -> None:
    a, b = two_devices(tmp_path)
    try:
        home = _household(a)

        def form(ws: Workspace, income: float) -> None:
            ws.commit_built(lambda w: figure_changes(
                w, VILLAGE, home, {"income_month": income}, ReadingSource.form))  # fmt: skip

        form(a, 9000.0)
        send(a, b)
        form(a, 9200.0)  # a puts its own slip right: the same reading
        form(b, 9500.0)  # b's officer, visiting the same day: a reading of its own
        send(a, b)
        send(b, a)
        for ws in (a, b):
            assert ws.conflicts() == []
            assert sorted(r.income for r in history(ws, VILLAGE, home))[-2:] == [9200.0, 9500.0]
        assert _figures(a, VILLAGE, home) == _figures(b, VILLAGE, home)
    finally:
        a.close()
        b.close()


def test_readings_of_one_day_are_no_income_growth(workspace: Workspace) -> None:
    ids = village_with_homes(workspace)
    for income in (14500.0, 15000.0):
        workspace.commit_built(lambda w, i=income: reading_changes(
            w, V, ids["2"], dt.date(2026, 11, 20), i, None, ReadingSource.survey))  # fmt: skip
    assert income_change(history(workspace, V, ids["2"])) is None
    workspace.commit_built(lambda w: reading_changes(
        w, V, ids["2"], dt.date(2026, 11, 21), 16000.0, None, ReadingSource.survey))  # fmt: skip
    change = income_change(history(workspace, V, ids["2"]))
    assert change is not None and change.first == 14500.0 and change.latest == 16000.0


def test_a_project_may_run_into_the_next_fiscal_year_not_further(workspace: Workspace) -> None:
    village_with_homes(workspace)
    row = {"project": "อบรมแปรรูป", "start": "1/8/2570", "end": "31/12/2570"}
    workspace.commit_built(lambda w: [plans.add_row(w, V, 2570, row)])
    with pytest.raises(FieldError) as refused:
        workspace.commit_built(lambda w: [plans.add_row(w, V, 2570, {**row, "end": "1/10/2571"})])
    assert refused.value.field == "end" and "30/9/2571" in refused.value.message
    with pytest.raises(FieldError) as refused:  # starting in the next year: its own plan
        workspace.commit_built(lambda w: [plans.add_row(w, V, 2570, {**row, "start": "1/10/2570"})])
    assert refused.value.field == "start"


def test_figures_from_before_readings_become_the_first_reading_when_a_new_one_comes(
    tmp_path: Path,
) -> None:
    """An older workspace's household has figures and no reading: its first new reading keeps
    them as the first line (dated when they were typed), so the change starts there; two
    devices that both do it show one line."""
    a, b = two_devices(tmp_path)
    try:
        home = _household(a)
        a.commit([Change("household", VILLAGE, {"income_month": 8000.0, "expense_month": 6000.0},
                         record=home)])  # as a 1.3 device typed them: no reading  # fmt: skip
        send(a, b)
        for ws, income in ((a, 9000.0), (b, 9100.0)):
            day = dt.date(2026, 11, 22)
            ws.commit_built(lambda w, i=income, d=day: reading_changes(
                w, VILLAGE, home, d, i, None, ReadingSource.survey))  # fmt: skip
        send(a, b)
        send(b, a)
        for ws in (a, b):
            rows = history(ws, VILLAGE, home)
            assert (rows[0].source, rows[0].income) == (ReadingSource.earlier, 8000.0)
            assert rows[0].date == dt.date(2026, 11, 22)  # the frozen day they were typed
            assert len(rows) == 3  # the earlier figures once, and both new readings
        change = income_change(history(a, VILLAGE, home))
        assert change is None  # all on one day: no growth yet
    finally:
        a.close()
        b.close()


def test_an_outcome_names_its_own_reading_when_earlier_figures_are_written_first(
    workspace: Workspace,
) -> None:
    ids = village_with_homes(workspace)
    workspace.commit([Change("household", V, {"income_month": 5000.0}, record=ids["2"])])
    add_role(workspace, household_id="1", role="ปราชญ์ชุมชน", occupation="ทอผ้า")
    pairing = pair(workspace, mentor_id="1", learner_id="2")
    ops = workspace.commit_built(lambda w: sm.add_outcome(w, V, pairing, {"income_month": "7000"}))
    [outcome] = [o for o in ops if o.kind == "mentor_outcome"]
    sources = {r.id: r.source for r in readings(workspace, V, ids["2"])}
    assert sorted(sources.values()) == [ReadingSource.earlier, ReadingSource.mentoring]
    assert sources[outcome.values["reading_id"]] is ReadingSource.mentoring
