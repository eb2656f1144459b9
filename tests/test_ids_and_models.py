"""Ids, and the models of the records later issues fill in (forum, group and its 5 ก)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from sammachip_tui.model.records import (
    Bylaws,
    Forum,
    ForumItem,
    Group,
    GroupMember,
    Household,
)
from sammachip_tui.store.ids import DEVICE_ID, base32, new_device_id, record_id
from sammachip_tui.store.workspace import Change, Workspace


def test_ids_are_short_and_distinct() -> None:
    devices = {new_device_id() for _ in range(1000)}
    assert len(devices) == 1000 and all(DEVICE_ID.match(d) for d in devices)
    assert record_id("K7Q2M9XA", 63) == "K7Q2M9XA.1Z"
    assert base32(0) == "0" and len({base32(n) for n in range(5000)}) == 5000


def test_household_validation() -> None:
    h = Household(village_code="52120505", first_name="สมศรี", national_id="1-1017-00230-70-8",
                  income_month=9000, expense_month=8000)  # fmt: skip
    assert h.national_id == "1101700230708" and h.is_sammachip
    with pytest.raises(ValidationError):
        Household(village_code="52120505", first_name="", national_id="")
    with pytest.raises(ValidationError):
        Household(village_code="5212", first_name="ก")


def test_forum_and_group_records_round_trip_through_the_store(workspace: Workspace) -> None:
    forum = Forum(village_code="52120505", date=dt.date(2026, 11, 22), place="ศาลาวัด",
                  facilitators=["พัฒนากรสมชาย"])  # fmt: skip
    [forum_op] = workspace.commit([Change("forum", "52120505", forum.fields())])
    item = ForumItem(village_code="52120505", forum_id=forum_op.record, list="wisdom",
                     text="ทอผ้าตีนจก", occupations=["HND01"])  # fmt: skip
    group = Group(village_code="52120505", name="กลุ่มทอผ้าบ้านดอน",
                  bylaws=Bylaws(share_value=50, dividend_pct=60))  # fmt: skip
    ops = workspace.commit(
        [Change("item", "52120505", item.fields()), Change("group", "52120505", group.fields())]
    )
    member = GroupMember(village_code="52120505", group_id=ops[1].record, household_id="X.1",
                         consent=True)  # fmt: skip
    workspace.commit([Change("member", "52120505", member.fields())])
    stored = Group.from_record(workspace.record("52120505", "group", ops[1].record) or {})
    assert stored.bylaws.share_value == 50 and stored.status.value == "forming"
    assert ForumItem.from_record(workspace.records("52120505", "item")[0]).text == "ทอผ้าตีนจก"
    assert len(workspace.records("52120505", "member")) == 1
