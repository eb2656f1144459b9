"""Forums, items, votes, moves and attendance through the journal (no screen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.records import ForumList
from sammachip_tui.store import forum as fs
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"


def make_forum(ws: Workspace) -> str:
    ws.commit([village_change(VILLAGE, "บ้านทดสอบ")])
    values = fs.parse_forum_texts(
        {"date": "15/11/2569", "place": "ศาลาวัด", "facilitators": "สมศรี, บุญมี"}
    )
    [op] = ws.commit([fs.new_forum(VILLAGE, values)])
    return op.record


def add(ws: Workspace, fid: str, which: ForumList, text: str, **kw: object) -> str:
    [op] = ws.commit([fs.add_item(ws, VILLAGE, fid, which, text, **kw)])  # type: ignore[arg-type]
    return op.record


def test_forum_texts_are_read_as_an_officer_types_them(workspace: Workspace) -> None:
    fid = make_forum(workspace)
    forum = fs.get_forum(workspace, VILLAGE, fid)
    assert forum is not None
    assert forum.date == dt.date(2026, 11, 15)
    assert forum.facilitators == ["สมศรี", "บุญมี"]
    assert fs.parse_forum_texts({"other_attendees": "๑๒"}) == {"other_attendees": 12}
    with pytest.raises(FieldError, match="ว/ด/ปี"):
        fs.parse_forum_texts({"date": "พรุ่งนี้"})
    with pytest.raises(FieldError):
        fs.parse_forum_texts({"other_attendees": "-3"})


def test_items_keep_their_order_and_lists(workspace: Workspace) -> None:
    fid = make_forum(workspace)
    a = add(workspace, fid, ForumList.problem, "ถนนเข้าหมู่บ้านชำรุด")
    b = add(workspace, fid, ForumList.problem, "  น้ำไม่พอใช้   หน้าแล้ง ")
    add(workspace, fid, ForumList.wisdom, "ทอผ้าตีนจก", raised_by="ยายคำ")
    problems = fs.items(workspace, VILLAGE, fid, ForumList.problem)
    assert [i.id for i in problems] == [a, b]
    assert problems[1].text == "น้ำไม่พอใช้ หน้าแล้ง"
    assert [i.raised_by for i in fs.items(workspace, VILLAGE, fid, ForumList.wisdom)] == ["ยายคำ"]


def test_empty_or_bad_values_change_nothing(workspace: Workspace) -> None:
    fid = make_forum(workspace)
    before = workspace.journal_entries()
    with pytest.raises(FieldError):
        fs.add_item(workspace, VILLAGE, fid, ForumList.need, "   ")
    with pytest.raises(FieldError):
        fs.add_item(workspace, VILLAGE, "nope", ForumList.need, "ตลาด")
    with pytest.raises(FieldError):
        fs.parse_votes("สิบ")
    assert fs.parse_votes("๑๕") == 15
    assert workspace.journal_entries() == before


def test_votes_add_up_and_never_go_below_zero(workspace: Workspace) -> None:
    fid = make_forum(workspace)
    iid = add(workspace, fid, ForumList.need, "ตลาดชุมชน")
    futures = [workspace.submit_edit(lambda ws: [fs.vote(ws, VILLAGE, iid, 1)]) for _ in range(5)]
    for f in futures:
        f.result()
    assert fs.get_item(workspace, VILLAGE, iid).votes == 5
    for _ in range(7):
        change = fs.vote(workspace, VILLAGE, iid, -1)
        if change:
            workspace.commit([change])
    assert fs.get_item(workspace, VILLAGE, iid).votes == 0


def test_ranked_orders_by_votes_then_list_order(workspace: Workspace) -> None:
    fid = make_forum(workspace)
    ids = [add(workspace, fid, ForumList.problem, t) for t in ("ก", "ข", "ค")]
    workspace.commit([fs.edit_item(workspace, VILLAGE, ids[2], {"votes": 9})])  # type: ignore[list-item]
    workspace.commit([fs.edit_item(workspace, VILLAGE, ids[1], {"votes": 9})])  # type: ignore[list-item]
    ranked = fs.ranked(fs.items(workspace, VILLAGE, fid, ForumList.problem))
    assert [i.text for i in ranked] == ["ข", "ค", "ก"]


def test_move_delete_and_restore(workspace: Workspace) -> None:
    fid = make_forum(workspace)
    ids = [add(workspace, fid, ForumList.resource, t) for t in ("ป่าชุมชน", "อ่างเก็บน้ำ", "วัด")]

    def order() -> list[str]:
        return [i.text for i in fs.items(workspace, VILLAGE, fid, ForumList.resource)]

    workspace.commit([fs.move_item(workspace, VILLAGE, ids[2], -1)])  # type: ignore[list-item]
    assert order() == ["ป่าชุมชน", "วัด", "อ่างเก็บน้ำ"]
    workspace.commit([fs.move_item(workspace, VILLAGE, ids[2], -5)])  # type: ignore[list-item]
    assert order() == ["วัด", "ป่าชุมชน", "อ่างเก็บน้ำ"]
    assert fs.move_item(workspace, VILLAGE, ids[2], -1) is None  # already first
    workspace.commit([fs.delete_item(workspace, VILLAGE, ids[0])])  # type: ignore[list-item]
    assert order() == ["วัด", "อ่างเก็บน้ำ"]
    workspace.commit([fs.restore_item(workspace, VILLAGE, ids[0])])  # type: ignore[list-item]
    assert order() == ["วัด", "ป่าชุมชน", "อ่างเก็บน้ำ"]


def test_attendance_counts_present_over_the_programme_households(
    demo_workspace: Workspace,
) -> None:
    ws = demo_workspace
    [op] = ws.commit([fs.new_forum(VILLAGE, {"date": dt.date(2026, 11, 20)})])
    fid = op.record
    homes = [h["id"] for h in ws.records(VILLAGE, "household")][:3]
    for hid in homes:
        ws.commit([fs.set_present(ws, VILLAGE, fid, hid, True)])  # type: ignore[list-item]
    assert fs.set_present(ws, VILLAGE, fid, homes[0], True) is None
    ws.commit([fs.set_present(ws, VILLAGE, fid, homes[1], False)])  # type: ignore[list-item]
    ws.commit([fs.forum_edit(ws, VILLAGE, fid, {"other_attendees": 7})])  # type: ignore[list-item]
    counts = fs.forum_counts(ws, VILLAGE, fs.get_forum(ws, VILLAGE, fid))  # type: ignore[arg-type]
    total = len(ws.records(VILLAGE, "household"))
    assert (counts.present, counts.households, counts.others) == (2, total, 7)
    with pytest.raises(FieldError):
        fs.set_present(ws, VILLAGE, fid, "no-such-household", True)


def test_two_devices_ticking_the_same_household_agree(tmp_path: Path) -> None:
    from sammachip_tui.store.device import DEMO_DISTRICT_KEY

    def device(name: str) -> Workspace:
        return Workspace.init(
            tmp_path / name, name=name, role="field", district="5212",
            passphrase=None, district_key=DEMO_DISTRICT_KEY, flush_delay=60,
        )  # fmt: skip

    a, b = device("a"), device("b")
    try:
        fid = make_forum(a)
        hh = Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": "มา"})
        a.commit([hh])
        b.merge(a.journal_entries())
        hid = a.records(VILLAGE, "household")[0]["id"]
        a.commit([fs.set_present(a, VILLAGE, fid, hid, True)])  # type: ignore[list-item]
        b.commit([fs.set_present(b, VILLAGE, fid, hid, True)])  # type: ignore[list-item]
        a.merge(b.journal_entries())
        b.merge(a.journal_entries())
        for ws in (a, b):
            assert fs.present(ws, VILLAGE, fid) == {hid}
            assert ws.conflicts() == []
    finally:
        a.close()
        b.close()


def test_forum_survives_a_restart(tmp_path: Path, workspace: Workspace) -> None:
    fid = make_forum(workspace)
    add(workspace, fid, ForumList.wisdom, "จักสานไม้ไผ่", occupations=["HND01"])
    path = workspace.data_dir
    workspace.close()
    again = Workspace.open(path)
    try:
        [item] = fs.items(again, VILLAGE, fid)
        assert (item.text, item.occupations) == ("จักสานไม้ไผ่", ["HND01"])
    finally:
        again.close()


def test_an_item_holding_a_control_character_is_refused() -> None:
    """The rule the household form and the import apply: a NUL or an escape is refused."""
    from sammachip_tui.model.household_fields import FieldError
    from sammachip_tui.store.forum import clean_item_text

    for bad in ("น้ำท่วม\x00", "ถนน\x1b[8mเสีย", "ขาด\u202eทุน"):
        with pytest.raises(FieldError):
            clean_item_text(bad)
    assert clean_item_text("ขาด\tทุน\nหมุนเวียน") == "ขาด ทุน หมุนเวียน"
