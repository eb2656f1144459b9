"""The rules of a group on the 5 ก, as an officer meets them through the one save path
(``store/groups.py``): refusals name the problem and save nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import pytest

from sammachip_tui import clock
from sammachip_tui.i18n import set_language
from sammachip_tui.model.group_records import FIELD_LABELS, GroupStage, LedgerKind
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.records import Group
from sammachip_tui.store import group_rules as rules
from sammachip_tui.store import groups
from sammachip_tui.store.group_view import GroupView, group_lines, group_view
from sammachip_tui.store.workspace import Change, Workspace
from tests.group_helpers import Made, add, establish_ready, make_group


@pytest.fixture
def made(workspace: Workspace) -> Made:
    set_language("en")
    return make_group(workspace)


def refused(ws: Workspace, build: Callable[[Workspace], Iterable[Change | None]]) -> str:
    """The message of a refused change, after checking that nothing was journaled."""
    before = ws.journal_entries()
    with pytest.raises(FieldError) as caught:
        ws.commit_built(build)
    assert ws.journal_entries() == before
    return caught.value.message


def refused_entry(ws: Workspace, made: Made, entry: str, /, **texts: str) -> str:
    return refused(ws, lambda w: [groups.add_entry(w, made.village, made.group, entry, texts)])


def view(ws: Workspace, made: Made) -> GroupView:
    v = group_view(ws, made.village, made.group)
    assert v is not None
    return v


# ------------------------------------------------------------------------------ committee
def test_the_treasurer_cannot_be_the_auditor(workspace: Workspace, made: Made) -> None:
    h = made.households
    add(workspace, made, "committee", household_id=h[0], position="treasurer")
    message = refused_entry(workspace, made, "committee", household_id=h[0], position="auditor")
    assert "treasurer and auditor cannot be the same person" in message
    add(workspace, made, "committee", household_id=h[1], position="auditor")  # someone else may


def test_one_chair_at_a_time_but_terms_may_follow_each_other(
    workspace: Workspace, made: Made
) -> None:
    h = made.households
    add(workspace, made, "committee", household_id=h[0], position="chair",
        elected="1/1/2568", term_end="31/12/2568")  # fmt: skip
    message = refused_entry(workspace, made, "committee", household_id=h[1], position="chair",
                            elected="1/6/2568")  # fmt: skip
    assert "already holds this post" in message and "สมาชิก0" in message
    add(workspace, made, "committee", household_id=h[1], position="chair", elected="1/1/2569")
    today = view(workspace, made).current_committee(dt.date(2026, 11, 22))
    assert [(t.household_id, t.position.value) for t in today] == [(h[1], "chair")]


def test_only_members_hold_posts_and_terms_end_after_the_election(
    workspace: Workspace, made: Made
) -> None:
    h = made.households
    workspace.commit_built(
        lambda w: [groups.member_edit(w, made.village, made.group, h[5], {"left": "10/11/2569"})]
    )
    message = refused_entry(workspace, made, "committee", household_id=h[5], position="secretary")
    assert message == "Only a member of the group can hold a post."
    message = refused_entry(workspace, made, "committee", household_id=h[0], position="chair",
                            elected="1/6/2569", term_end="1/1/2569")  # fmt: skip
    assert message == "The term ends before the election."
    message = refused_entry(workspace, made, "committee", household_id=h[0], position="other")
    assert message == "Name the post."


def test_posts_are_typed_in_thai_as_officers_say_them(workspace: Workspace, made: Made) -> None:
    set_language("th")
    entry = add(workspace, made, "committee", household_id=made.households[0],
                position="เหรัญญิก")  # fmt: skip
    [term] = view(workspace, made).committee
    assert term.id == entry and term.position.value == "treasurer"


# ------------------------------------------------------------------- shares and allocation
def test_the_profit_allocation_must_add_up_to_100(workspace: Workspace, made: Made) -> None:
    def bylaws(**texts: str) -> Callable[[Workspace], list[Change | None]]:
        return lambda w: [groups.set_bylaws(w, made.village, made.group, texts)]

    message = refused(workspace, bylaws(dividend_pct="40", patronage_pct="30"))
    assert message == "The profit allocation adds up to 70%, not 100%."
    workspace.commit_built(bylaws(dividend_pct="40", patronage_pct="30", reserve_pct="๓๐"))
    b = view(workspace, made).bylaws
    assert b is not None and rules.allocation_total(b) == 100
    message = refused(workspace, bylaws(reserve_pct="20"))  # the change would break it again
    assert "adds up to 90%" in message
    message = refused(workspace, bylaws(min_shares="10", max_shares="5"))
    assert message == "The minimum shares (10) are more than the maximum (5)."


def test_shares_times_price_is_the_amount_and_no_more_than_the_maximum(
    workspace: Workspace, made: Made
) -> None:
    h = made.households
    workspace.commit_built(lambda w: [groups.set_bylaws(w, made.village, made.group, {
        "share_value": "100", "max_shares": "10"})])  # fmt: skip
    message = refused_entry(workspace, made, "fund", kind="shares", household_id=h[0],
                            shares="5", amount="400", date="2/11/2569")  # fmt: skip
    assert message == "5 shares at 100 baht are 500 baht, not 400."
    add(workspace, made, "fund", kind="ค่าหุ้น", household_id=h[0], shares="๕", amount="500",
        date="2/11/2569")  # fmt: skip
    message = refused_entry(workspace, made, "fund", kind="shares", household_id=h[0],
                            shares="6", amount="600", date="3/11/2569")  # fmt: skip
    assert message == "A member may hold at most 10 shares; this one would hold 11."
    message = refused_entry(workspace, made, "fund", kind="shares", amount="100",
                            shares="1", date="3/11/2569")  # fmt: skip
    assert message == "Shares are paid by a member: say which household."
    shares = {m.member.household_id: m.shares for m in view(workspace, made).members}
    assert shares[h[0]] == 5 and shares[h[1]] == 0


# ---------------------------------------------------------------------------- the ledger
def test_balance_counts_cash_and_repayments_never_exceed_the_loan(
    workspace: Workspace, made: Made
) -> None:
    add(workspace, made, "fund", kind="grant", amount="10,000", source="พช.", date="1/11/2569")
    add(workspace, made, "fund", kind="loan", amount="5000", source="กทบ.", date="2/11/2569")
    add(workspace, made, "fund", kind="purchase", amount="2500.50", date="3/11/2569")
    add(workspace, made, "fund", kind="in_kind", amount="8000", source="อบต.", date="3/11/2569")
    repaid = add(workspace, made, "fund", kind="repayment", amount="3000", date="4/11/2569")
    assert view(workspace, made).balance() == 10_000 + 5000 - 2500.50 - 3000
    message = refused_entry(workspace, made, "fund", kind="repayment", amount="2001",
                            date="5/11/2569")  # fmt: skip
    assert message == "The group owes 2,000 baht; it cannot repay 2,001."
    # Editing the repayment counts what it already repaid once, not twice.
    workspace.commit_built(
        lambda w: [
            groups.edit_entry(w, made.village, made.group, "fund", repaid, {"amount": "5000"})
        ]
    )
    assert view(workspace, made).balance() == 10_000 - 2500.50
    assert view(workspace, made).totals()[LedgerKind.in_kind] == 8000


# ----------------------------------------------------------------------- stages, history
def test_established_only_when_the_checklist_is_complete(workspace: Workspace, made: Made) -> None:
    def status(stage: str, **more: str) -> Callable[[Workspace], list[Change]]:
        return lambda w: groups.change_status(w, made.village, made.group,
                                              {"status": stage, **more})  # fmt: skip

    message = refused(workspace, status("established"))
    assert message.startswith("Not established yet: ") and "no shares paid" in message
    establish_ready(workspace, made)
    assert all(c.ok for c in rules.checklist(view(workspace, made), clock.today()))
    workspace.commit_built(status("established", decided_by="ที่ประชุมสมาชิก"))
    v = view(workspace, made)
    assert v.stage is GroupStage.established and v.group.status == "established"
    assert [(c.status.value, c.decided_by) for c in v.history] == [
        ("established", "ที่ประชุมสมาชิก")]  # fmt: skip
    assert refused(workspace, status("established")) == "The group is already established."
    # developing is "established" to a 1.2 device, which knows no such status
    workspace.commit_built(status("developing"))
    assert view(workspace, made).group.status == "established"


def test_otop_registered_needs_a_registered_product(workspace: Workspace, made: Made) -> None:
    establish_ready(workspace, made)

    def otop(w: Workspace) -> list[Change]:
        return groups.change_status(w, made.village, made.group, {"status": "otop_registered"})

    assert refused(workspace, otop) == "No product of the group is registered with OTOP yet."
    message = refused_entry(workspace, made, "product", name="ผ้าซิ่นตีนจก",
                            category="textile_apparel", registration="registered")  # fmt: skip
    assert message == "A registered product has a registration number."
    message = refused_entry(workspace, made, "product", name="ผ้าซิ่นตีนจก",
                            category="textile_apparel", stars="3")  # fmt: skip
    assert message == "Only a registered product has a star rating."
    add(workspace, made, "product", name="ผ้าซิ่นตีนจก", category="textile_apparel",
        registration="registered", number="5212-0001", standards="มผช., อย.")  # fmt: skip
    workspace.commit_built(otop)
    v = view(workspace, made)
    assert v.stage is GroupStage.otop_registered and v.group.status == "otop_registered"
    assert v.products[0].standards == ["อย.", "มผช."]
    assert (
        refused(
            workspace,
            lambda w: groups.change_status(w, made.village, made.group, {"status": "selling"}),
        )
        == "Record a market channel first."
    )


# ----------------------------------------------------------------- the 1.x lists, migrated
def legacy_group(ws: Workspace, made: Made) -> str:
    """A group as a schema 1.2 device wrote it: committee, fund and activities as lists."""
    group = Group(village_code=made.village, name="กลุ่มจักสานเก่า",
                  committee=[{"household_id": made.households[0], "position": "ประธาน"}],
                  fund=[{"kind": "shares", "amount": 600, "date": "2026-01-05"},
                        {"kind": "equipment", "amount": 3000, "date": "2026-02-01",
                         "source": "อบต."}],
                  activities=[{"date": "2026-03-01", "title": "ขายงานวัด", "income": 1200}])  # type: ignore[list-item]  # fmt: skip
    [op] = ws.commit([Change("group", made.village, group.fields())])
    ws.commit([Change("member", made.village, {"village_code": made.village, "group_id": op.record,
                                               "household_id": h, "consent": True})
               for h in made.households])  # fmt: skip
    return op.record


def test_a_12_groups_lists_read_as_entries(workspace: Workspace, made: Made) -> None:
    gid = legacy_group(workspace, made)
    v = group_view(workspace, made.village, gid)
    assert v is not None
    assert [(t.id, t.position.value) for t in v.committee] == [(f"{gid}~c0", "chair")]
    assert [(x.id, x.kind.value, x.amount) for x in v.ledger] == [
        (f"{gid}~f0", "shares", 600), (f"{gid}~f1", "in_kind", 3000)]  # fmt: skip
    assert v.balance() == 600  # equipment received is valued, not cash
    assert [(a.id, a.title, a.revenue) for a in v.activities] == [(f"{gid}~a0", "ขายงานวัด", 1200)]


def test_editing_an_old_entry_writes_it_under_its_id_and_deleting_keeps_it_deleted(
    workspace: Workspace, made: Made
) -> None:
    gid = legacy_group(workspace, made)
    old = Made(made.village, gid, made.households)
    h0 = made.households[0]

    def edit(**texts: str) -> Callable[[Workspace], list[Change | None]]:
        return lambda w: [groups.edit_entry(w, old.village, gid, "fund", f"{gid}~f0", texts)]

    # 1.x share payments named no member: the edit asks for one, and saves nothing until then
    assert refused(workspace, edit(amount="700")).startswith("Shares are paid by a member")
    workspace.commit_built(edit(amount="700", household_id=h0, shares="7"))
    record = workspace.record(made.village, "ledger", f"{gid}~f0")
    assert record is not None and record["amount"] == 700 and record["group_id"] == gid
    workspace.commit_built(lambda w: [groups.delete_entry(w, old.village, gid, "activity",
                                                          f"{gid}~a0")])  # fmt: skip
    v = view(workspace, old)
    assert [(x.id, x.amount) for x in v.ledger] == [(f"{gid}~f0", 700), (f"{gid}~f1", 3000)]
    assert v.activities == []
    # The old list is still in the group record: the deletion still wins over it.
    raw = workspace.record(made.village, "group", gid)
    assert raw is not None and len(raw["activities"]) == 1
    workspace.commit([Change("group", made.village, {"name": "กลุ่มจักสาน"}, record=gid)])
    assert view(workspace, old).activities == []


def test_every_field_has_a_label_in_both_languages() -> None:
    from sammachip_tui.i18n import in_language

    for name, label in FIELD_LABELS.items():
        assert in_language(label, "th") != label, name


def test_the_latest_decision_of_a_day_is_the_stage_whatever_the_ids(
    workspace: Workspace, made: Made
) -> None:
    """Two decisions on one day: the later one is the stage, in the group and in the list,
    even when its id sorts before the earlier one's (DEV.Z is seq 31, DEV.11 seq 33)."""
    establish_ready(workspace, made)
    while workspace.sequence < 30:  # the next decision gets the last one-character id
        workspace.commit([Change("group", made.village, {"name": f"ก{workspace.sequence}"},
                                 record=made.group)])  # fmt: skip
    for stage in ("established", "developing"):
        workspace.commit_built(lambda w, s=stage: groups.change_status(  # type: ignore[misc]
            w, made.village, made.group, {"status": s}))  # fmt: skip
    v = view(workspace, made)
    assert [c.status.value for c in v.history] == ["established", "developing"]
    assert v.history[0].id > v.history[1].id  # the ids alone would put them the other way
    assert v.stage is GroupStage.developing
    [line] = group_lines(workspace)
    assert line.stage is GroupStage.developing
