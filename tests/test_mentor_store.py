"""Model households and mentoring through the one save path (``store/mentoring.py``): the
programme's rules refuse with the reason and save nothing; an outcome's figures are the
learner's income reading; sessions typed on two devices both survive a merge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.store import mentoring as sm
from sammachip_tui.store.income import reading_changes, readings
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

from .group_helpers import send, two_devices

V = "52120505"
OTHER = "52120506"
HOMES = [("1", "นางบุญมี ทอเก่ง", "ทอผ้า"), ("2", "นางสมศรี มีสุข", "รับจ้าง"),
         ("3", "นายสมหมาย ใจดี", "ทำนา"), ("4", "นางสมใจ ขยัน", "ทำนา")]  # fmt: skip


def village_with_homes(ws: Workspace, village: str = V) -> dict[str, str]:
    """A village and four households; house number → id."""
    ws.commit([village_change(village, "บ้านดอน")])
    ops = ws.commit(
        [
            Change(
                "household",
                village,
                {
                    "village_code": village,
                    "house_no": no,
                    "first_name": name.split()[0],
                    "last_name": name.split()[1],
                    "occupation_main": job,
                },
            )
            for no, name, job in HOMES
        ]
    )
    return {no: op.record for (no, _n, _j), op in zip(HOMES, ops, strict=True)}


def add_role(ws: Workspace, **texts: str) -> str:
    [op] = ws.commit_built(lambda w: [sm.add_role(w, V, texts)])
    return op.record


def pair(ws: Workspace, village: str = V, **texts: str) -> str:
    [op] = ws.commit_built(lambda w: [sm.pair(w, village, texts)])
    return op.record


def test_a_mentor_must_hold_a_role_and_the_refusal_names_the_roles(workspace: Workspace) -> None:
    village_with_homes(workspace)
    before = workspace.sequence
    with pytest.raises(FieldError) as refused:
        pair(workspace, mentor_id="1", learner_id="2")
    said = str(refused.value)
    assert "ครัวเรือนต้นแบบ" in said and "ปราชญ์ชุมชน" in said and refused.value.field == "mentor_id"
    assert workspace.sequence == before  # nothing saved


def test_pairing_rules_oneself_twice_and_the_occupation_follows_the_role(
    workspace: Workspace,
) -> None:
    ids = village_with_homes(workspace)
    add_role(workspace, household_id="1", role="ปราชญ์ชุมชน", occupation="ทอผ้า",
             teaches="ย้อมสีธรรมชาติ")  # fmt: skip
    with pytest.raises(FieldError, match=r"ตัวเอง|itself"):
        pair(workspace, mentor_id="1", learner_id="1")
    first = pair(workspace, mentor_id="นางบุญมี", learner_id="2")
    record = workspace.record(V, "mentoring", first)
    assert record is not None and record["occupation"] == "ทอผ้า"
    assert record["mentor_id"] == ids["1"] and record["started"] == "2026-11-22"
    with pytest.raises(FieldError) as twice:
        pair(workspace, mentor_id="1", learner_id="2")
    assert twice.value.field == "learner_id"
    with pytest.raises(FieldError, match="22/11/2569"):  # ends before it started
        workspace.commit_built(lambda w: [sm.end_pairing(w, V, first, "1/1/2560")])
    workspace.commit_built(lambda w: [sm.end_pairing(w, V, first, "22/11/2569")])
    with pytest.raises(FieldError):  # ended already
        workspace.commit_built(lambda w: [sm.end_pairing(w, V, first)])
    again = pair(workspace, mentor_id="1", learner_id="2")  # a new pairing once it ended
    assert again != first
    with pytest.raises(FieldError) as itself:  # an edit is held to the same rules
        workspace.commit_built(lambda w: [sm.edit(w, V, "pair", again, {"learner_id": "1"})])
    assert itself.value.field == "learner_id" and "itself" not in str(itself.value)  # Thai
    workspace.commit_built(lambda w: [sm.edit(w, V, "pair", again, {"note": "นัดทุกวันเสาร์"})])


def test_same_role_twice_is_refused_and_a_role_in_use_is_not_deleted(workspace: Workspace) -> None:
    village_with_homes(workspace)
    role = add_role(workspace, household_id="1", role="model_household", occupation="ทอผ้า")
    with pytest.raises(FieldError):
        add_role(workspace, household_id="1", role="ครัวเรือนต้นแบบ", occupation="ทอผ้า")
    pair(workspace, mentor_id="1", learner_id="3")
    with pytest.raises(FieldError, match="1 นางบุญมี ทอเก่ง"):
        workspace.commit_built(lambda w: [sm.delete(w, V, "role", role)])


def test_who_came_is_among_the_mentors_learners(workspace: Workspace) -> None:
    ids = village_with_homes(workspace)
    add_role(workspace, household_id="1", role="sage", occupation="ทอผ้า")
    pair(workspace, mentor_id="1", learner_id="2")
    pair(workspace, mentor_id="1", learner_id="3")
    with pytest.raises(FieldError) as refused:
        workspace.commit_built(
            lambda w: [
                sm.add_session(
                    w,
                    V,
                    {
                        "mentor_id": "1",
                        "date": "22/11/2569",
                        "topic": "ย้อมคราม",
                        "learners": "2, 4",
                    },
                )
            ]
        )
    assert refused.value.field == "learners"
    [op] = workspace.commit_built(lambda w: [sm.add_session(w, V, {
        "mentor_id": "1", "date": "22/11/2569", "topic": "ย้อมคราม", "learners": "2, สมหมาย",
        "hours": "๓"})])  # fmt: skip
    with pytest.raises(FieldError) as refused:  # before the pairings: a slip of the date
        workspace.commit_built(
            lambda w: [
                sm.add_session(
                    w,
                    V,
                    {"mentor_id": "1", "date": "20/11/2569", "topic": "ย้อมคราม", "learners": "2"},
                )
            ]
        )
    assert refused.value.field == "date" and "22/11/2569" in refused.value.message
    session = workspace.record(V, "mentor_session", op.record)
    assert session is not None and session["learners"] == [ids["2"], ids["3"]]
    view = sm.mentoring_view(workspace, V)
    assert [p.sessions for p in view.pairs] == [1, 1]


def test_an_outcome_records_the_learners_income_reading(workspace: Workspace) -> None:
    ids = village_with_homes(workspace)
    add_role(workspace, household_id="1", role="trainer", occupation="ทอผ้า")
    workspace.commit_built(
        lambda w: reading_changes(
            w, V, ids["2"], dt.date(2026, 10, 1), 6000, 5000, ReadingSource.survey
        )
    )
    pairing = pair(workspace, mentor_id="1", learner_id="2", started="1/11/2569")
    ops = workspace.commit_built(lambda w: sm.add_outcome(w, V, pairing, {
        "date": "22/11/2569", "started_occupation": "ใช่", "note": "เริ่มทอผ้าขาย",
        "income_month": "๗,๕๐๐", "expense_month": "5000"}))  # fmt: skip
    outcome = workspace.record(V, "mentor_outcome", ops[-1].record)
    assert outcome is not None and outcome["started_occupation"] is True
    history = readings(workspace, V, ids["2"])
    assert [r.income_month for r in history] == [6000, 7500]
    assert history[-1].source == "mentoring" and history[-1].id == outcome["reading_id"]
    home = workspace.record(V, "household", ids["2"])
    assert home is not None and home["income_month"] == 7500
    [line] = sm.mentoring_view(workspace, V).pairs
    assert line.income.before == 6000 and line.income.now == 7500
    assert "+25%" in line.income.said


def test_without_a_reading_before_the_pairing_no_change_is_made_up(workspace: Workspace) -> None:
    village_with_homes(workspace)
    add_role(workspace, household_id="1", role="trainer", occupation="ทอผ้า")
    pairing = pair(workspace, mentor_id="1", learner_id="3", started="1/11/2569")
    workspace.commit_built(lambda w: sm.add_outcome(w, V, pairing, {"income_month": "9000"}))
    [line] = sm.mentoring_view(workspace, V).pairs
    assert line.income.before is None and line.income.now == 9000
    assert "ก่อน" in line.income.said  # "no income reading before the pairing started"


def test_a_mentor_from_another_village_teaches_here(workspace: Workspace) -> None:
    village_with_homes(workspace)
    workspace.commit([village_change(OTHER, "บ้านนา")])
    [far] = workspace.commit(
        [
            Change(
                "household",
                OTHER,
                {"village_code": OTHER, "house_no": "9", "first_name": "นางคำ", "last_name": "ไกล"},
            )
        ]
    )
    workspace.commit_built(lambda w: [sm.add_role(w, OTHER, {
        "household_id": "9", "role": "sage", "occupation": "จักสาน"})])  # fmt: skip
    pairing = pair(workspace, mentor_id="นางคำ", learner_id="4")
    record = workspace.record(V, "mentoring", pairing)
    assert record is not None and record["mentor_village"] == OTHER
    assert record["mentor_id"] == far.record
    lines = sm.household_lines(workspace, OTHER, far.record)
    assert any("นางสมใจ" in line for line in lines)


def test_sessions_recorded_on_two_devices_are_both_kept(tmp_path: Path) -> None:
    a, b = two_devices(tmp_path)
    try:
        village_with_homes(a)
        add_role(a, household_id="1", role="sage", occupation="ทอผ้า")
        pair(a, mentor_id="1", learner_id="2", started="1/11/2569")
        send(a, b)
        for ws, topic in ((a, "ย้อมคราม"), (b, "ทอลายขิด")):
            ws.commit_built(
                lambda w, t=topic: [
                    sm.add_session(
                        w, V, {"mentor_id": "1", "date": "21/11/2569", "topic": t, "learners": "2"}
                    )
                ]
            )
        pairing = sm.pairings_in(b, V)[0].id  # an outcome with its income reading, on b
        b.commit_built(lambda w: sm.add_outcome(w, V, pairing, {"income_month": "6500"}))
        send(a, b)
        send(b, a)
        for ws in (a, b):
            view = sm.mentoring_view(ws, V)
            assert sorted(s.topic for s, _m, _c in view.sessions) == ["ทอลายขิด", "ย้อมคราม"]
            assert view.pairs[0].sessions == 2 and view.pairs[0].income.now == 6500
    finally:
        a.close()
        b.close()
