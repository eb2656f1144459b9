"""What an adversarial review of the groups work found, kept from coming back: merges that
lost a clause or a field of an old entry, stages that a slip or an older device could get
wrong, rules that refused legitimate field work or could be walked around, and amounts that
were not baht and satang."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.store import groups
from sammachip_tui.store.group_view import GroupView, group_lines, group_view
from sammachip_tui.store.workspace import Change, Workspace

from .group_helpers import VILLAGE, Made, add, establish_ready, make_group, send, two_devices

Pair = tuple[Workspace, Workspace]


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    a, b = two_devices(tmp_path)
    yield a, b
    a.close()
    b.close()


def view(ws: Workspace, made: Made) -> GroupView:
    v = group_view(ws, made.village, made.group)
    assert v is not None
    return v


def commit(ws: Workspace, build: Any) -> None:
    ws.commit_built(lambda w: [c for c in build(w) if c is not None])


def legacy_group(ws: Workspace) -> Made:
    """A group as a schema 1.2 device kept it: committee, fund and activities as lists."""
    made = make_group(ws)
    ws.commit([Change("group", VILLAGE, {
        "fund": [{"kind": "grant", "amount": 10000, "date": "2025-01-05", "source": "พช.",
                  "note": ""},
                 {"kind": "shares", "amount": 500, "date": "2025-01-06", "source": "",
                  "note": ""}],
        "committee": [{"household_id": made.households[0], "position": "ประธาน"}],
        "activities": [{"title": "ทอผ้า", "date": "2025-02-01", "income": 300, "note": ""}],
    }, record=made.group)])  # fmt: skip
    return made


# --------------------------------------------------------------------------------- merging
def test_bylaws_first_written_on_two_devices_keep_both_clauses(pair: Pair) -> None:
    a, b = pair
    made = make_group(a)
    send(a, b)
    commit(a, lambda w: [groups.set_bylaws(w, made.village, made.group, {"purpose": "ทอผ้า"})])
    commit(b, lambda w: [groups.set_bylaws(w, made.village, made.group, {"share_value": "100"})])
    send(a, b)
    send(b, a)
    for ws in (a, b):
        bylaws = view(ws, made).bylaws
        assert bylaws is not None and (bylaws.purpose, bylaws.share_value) == ("ทอผ้า", 100.0)
        assert ws.conflicts() == []


def test_an_old_entry_edited_on_two_devices_keeps_both_fields(pair: Pair) -> None:
    a, b = pair
    made = legacy_group(a)
    send(a, b)
    fid = f"{made.group}~f0"
    commit(a, lambda w: [groups.edit_entry(w, made.village, made.group, "fund", fid,
                                           {"amount": "12000"})])  # fmt: skip
    commit(b, lambda w: [groups.edit_entry(w, made.village, made.group, "fund", fid,
                                           {"note": "ตรวจแล้ว"})])  # fmt: skip
    send(a, b)
    send(b, a)
    for ws in (a, b):
        [line] = [x for x in view(ws, made).ledger if x.id == fid]
        assert (line.amount, line.note, line.source) == (12000.0, "ตรวจแล้ว", "พช.")
        assert ws.conflicts() == []


def test_an_old_entry_deleted_on_one_device_and_edited_on_the_other(pair: Pair) -> None:
    a, b = pair
    made = legacy_group(a)
    send(a, b)
    fid = f"{made.group}~f0"
    commit(a, lambda w: [groups.delete_entry(w, made.village, made.group, "fund", fid)])
    commit(b, lambda w: [groups.edit_entry(w, made.village, made.group, "fund", fid,
                                           {"note": "x"})])  # fmt: skip
    send(a, b)
    send(b, a)
    for ws in (a, b):
        assert fid not in [x.id for x in view(ws, made).ledger]
        assert ws.conflicts() == []


# ---------------------------------------------------------------------------------- stages
def test_a_decision_dated_in_the_future_is_refused(workspace: Workspace) -> None:
    made = make_group(workspace)
    establish_ready(workspace, made)
    with pytest.raises(FieldError) as refused:
        groups.change_status(workspace, made.village, made.group,
                             {"status": "established", "date": "1/12/2659"})  # fmt: skip
    assert refused.value.field == "date"
    commit(workspace, lambda w: groups.change_status(w, made.village, made.group,
                                                     {"status": "established"}))  # fmt: skip
    commit(workspace, lambda w: groups.change_status(w, made.village, made.group,
                                                     {"status": "dissolved"}))  # fmt: skip
    assert view(workspace, made).stage.value == "dissolved"


def test_a_decision_recorded_late_keeps_the_stage_and_the_old_devices_status(
    workspace: Workspace,
) -> None:
    made = make_group(workspace)
    establish_ready(workspace, made)
    commit(workspace, lambda w: groups.change_status(
        w, made.village, made.group, {"status": "established", "date": "10/11/2569"}))  # fmt: skip
    commit(workspace, lambda w: groups.change_status(
        w, made.village, made.group, {"status": "forming", "date": "1/10/2569"}))  # fmt: skip
    assert view(workspace, made).stage.value == "established"
    assert workspace.record(made.village, "group", made.group)["status"] == "established"
    assert [s.status.value for s in view(workspace, made).history] == ["forming", "established"]


def test_an_older_devices_status_change_is_seen_everywhere(workspace: Workspace) -> None:
    from sammachip_tui.reports.group_register import register_rows

    made = make_group(workspace)
    establish_ready(workspace, made)
    commit(workspace, lambda w: groups.change_status(w, made.village, made.group,
                                                     {"status": "established"}))  # fmt: skip
    workspace.commit([Change("group", VILLAGE, {"status": "dissolved"}, record=made.group)])
    assert view(workspace, made).stage.value == "dissolved"
    assert [g.stage.value for g in group_lines(workspace)] == ["dissolved"]
    assert [r.stage.value for r in register_rows(workspace)] == ["dissolved"]


# ----------------------------------------------------------------------------- the rules
def test_a_share_line_stays_editable_after_the_price_changes(workspace: Workspace) -> None:
    made = make_group(workspace)
    h = made.households
    commit(workspace, lambda w: [groups.set_bylaws(w, made.village, made.group,
                                                   {"share_value": "100"})])  # fmt: skip
    line = add(workspace, made, "fund", kind="shares", household_id=h[0], shares="5",
               amount="500", date="2/11/2569")  # fmt: skip
    commit(workspace, lambda w: [groups.set_bylaws(w, made.village, made.group,
                                                   {"share_value": "120"})])  # fmt: skip
    commit(workspace, lambda w: [groups.edit_entry(w, made.village, made.group, "fund", line,
                                                   {"note": "ใบเสร็จ 12"})])  # fmt: skip
    with pytest.raises(FieldError, match="600"):  # a new figure meets the new price
        groups.edit_entry(workspace, made.village, made.group, "fund", line, {"amount": "550"})


def test_an_old_share_line_without_a_member_stays_editable(workspace: Workspace) -> None:
    made = legacy_group(workspace)
    fid = f"{made.group}~f1"
    commit(workspace, lambda w: [groups.edit_entry(w, made.village, made.group, "fund", fid,
                                                   {"note": "ค่าหุ้นปีแรก"})])  # fmt: skip
    [line] = [x for x in view(workspace, made).ledger if x.id == fid]
    assert (line.note, line.amount) == ("ค่าหุ้นปีแรก", 500.0)


def test_shares_moved_to_another_member_respect_the_maximum(workspace: Workspace) -> None:
    made = make_group(workspace)
    h = made.households
    bylaws = {"share_value": "10", "max_shares": "10"}
    commit(workspace, lambda w: [groups.set_bylaws(w, VILLAGE, made.group, bylaws)])
    first = add(workspace, made, "fund", kind="shares", household_id=h[0], shares="10",
                amount="100", date="2/11/2569")  # fmt: skip
    add(workspace, made, "fund", kind="shares", household_id=h[1], shares="10", amount="100",
        date="2/11/2569")  # fmt: skip
    with pytest.raises(FieldError, match="10"):
        groups.edit_entry(workspace, VILLAGE, made.group, "fund", first, {"household_id": h[1]})
    commit(workspace, lambda w: [groups.edit_entry(w, VILLAGE, made.group, "fund", first,
                                                   {"shares": "8", "amount": "80"})])  # fmt: skip


def test_committee_terms_as_they_happen(workspace: Workspace) -> None:
    """A past term of a member who left can be corrected; a new chair takes office the day
    the old term ends; a dated election follows an undated chair of a schema 1.x list."""
    made = legacy_group(workspace)
    h = made.households
    term = add(workspace, made, "committee", household_id=h[1], position="chair",
               elected="1/11/2567", term_end="1/11/2569")  # fmt: skip
    add(workspace, made, "committee", household_id=h[2], position="chair", elected="1/11/2569",
        term_end="1/11/2571")  # fmt: skip
    commit(workspace, lambda w: [groups.member_edit(w, made.village, made.group, h[1],
                                                    {"left": "5/11/2569"})])  # fmt: skip
    commit(workspace, lambda w: [groups.edit_entry(w, made.village, made.group, "committee",
                                                   term, {"title": "ประธานคนแรก"})])  # fmt: skip
    with pytest.raises(FieldError):  # but a post is given only to a member
        groups.add_entry(workspace, made.village, made.group, "committee",
                         {"household_id": h[1], "position": "secretary"})  # fmt: skip


def test_a_household_that_rejoins_keeps_its_first_membership_on_record(
    workspace: Workspace,
) -> None:
    made = make_group(workspace)
    h = made.households[0]
    commit(workspace, lambda w: [groups.member_edit(w, VILLAGE, made.group, h,
                                                    {"left": "10/11/2569"})])  # fmt: skip
    with pytest.raises(FieldError):  # not before it left
        groups.add_member(workspace, VILLAGE, made.group, h, "1/11/2569")
    commit(workspace, lambda w: [groups.add_member(w, VILLAGE, made.group, h, "20/11/2569")])
    mine = [m for m in view(workspace, made).members if m.member.household_id == h]
    spans = sorted((str(m.member.joined), str(m.member.left), m.current) for m in mine)
    assert spans == [("2026-11-01", "2026-11-10", False), ("2026-11-20", "None", True)]


@pytest.mark.parametrize(
    ("typed", "why"),
    [("0.001", "satang"), ("1,2,3", "commas"), ("12,50", "commas")],
)
def test_amounts_are_baht_and_satang(workspace: Workspace, typed: str, why: str) -> None:
    made = make_group(workspace)
    with pytest.raises(FieldError) as refused:
        groups.add_entry(workspace, made.village, made.group, "fund",
                         {"kind": "grant", "amount": typed, "date": "2/11/2569"})  # fmt: skip
    assert refused.value.field == "amount", why
    add(workspace, made, "fund", kind="grant", amount="๑,๒๕๐.๕๐ บาท", date="2/11/2569")
    assert view(workspace, made).balance() == 1250.5


def test_a_refused_value_says_its_limit(workspace: Workspace) -> None:
    made = make_group(workspace)
    with pytest.raises(FieldError) as refused:
        groups.set_bylaws(workspace, made.village, made.group, {"dividend_pct": "101"})
    assert "101" in refused.value.message and "100" in refused.value.message
    assert "101.0" not in refused.value.message
