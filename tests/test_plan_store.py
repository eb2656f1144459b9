"""The village action plan's one save path (``store/plans.py``): rows from typed texts, the
plan's rules refused with the reason and nothing written, rows from the forum (needs and
problems only, once per plan, showing the item's votes as they are now), rows from a group,
the header, the order, and rows typed on two devices both kept after a real exchange."""

from __future__ import annotations

import pytest

from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.model.records import ForumList
from sammachip_tui.store import forum as fs
from sammachip_tui.store import plans
from sammachip_tui.store.workspace import Workspace
from tests.group_helpers import add, make_group, send
from tests.test_group_merge import pair  # noqa: F401  (the two devices, closed after)

V = "52120505"


def _item(ws: Workspace, which: ForumList, n: int = 0) -> str:
    forum = fs.forums(ws, V)[0]
    return fs.items(ws, V, forum.id, which)[n].id


def _add(ws: Workspace, year: int = 2570, item: str = "", **texts: str) -> str:
    [op] = ws.commit_built(lambda w: [plans.add_row(w, V, year, texts, item_id=item)])
    return op.record


def _refused(ws: Workspace, field: str, words: str, **texts: str) -> None:
    before = len(ws.journal_entries())
    with pytest.raises(FieldError) as caught:
        ws.commit_built(lambda w: [plans.add_row(w, V, 2570, texts)])
    assert caught.value.field == field and words in caught.value.message
    assert len(ws.journal_entries()) == before  # nothing written


def test_a_row_is_read_from_typed_thai_texts_and_totals(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    _add(ws, project="อบรมทำน้ำพริก", budget="๑๒,๕๐๐", start="๑/๑๒/๒๕๖๙", end="31/3/2570",
         target="สมาชิกกลุ่ม", responsible="นางจันทร์")  # fmt: skip
    _add(ws, project="ตลาดนัดชุมชน", budget="2,500.50")
    view = plans.plan_view(ws, V, 2570)
    assert [x.row.project for x in view.lines] == ["อบรมทำน้ำพริก", "ตลาดนัดชุมชน"]
    assert view.total == 15000.5
    first = view.lines[0].row
    assert (first.start.isoformat(), first.end.isoformat()) == ("2026-12-01", "2027-03-31")
    assert plans.plan_view(ws, V, 2571).lines == []  # another year's plan is another plan


def test_the_plans_rules_are_refused_with_the_reason(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    _refused(ws, "project", "โครงการ", project="  ", budget="100")
    _refused(ws, "budget", "-5", project="x", budget="-5")
    _refused(ws, "budget", "abc", project="x", budget="abc")
    _refused(ws, "end", "1/4/2570", project="x", start="1/5/2570", end="1/4/2570")
    # outside FY2570 (1 Oct 2569 – 30 Sep 2570): the message gives the year's dates
    _refused(ws, "start", "1/10/2569", project="x", start="30/9/2569")
    _refused(ws, "end", "30/9/2570", project="x", end="1/10/2570")


def test_a_need_becomes_a_row_once_and_shows_its_votes_as_they_are_now(
    demo_workspace: Workspace,
) -> None:
    ws = demo_workspace
    need = _item(ws, ForumList.need)
    texts = plans.item_texts(plans.plannable_item(ws, V, need))
    assert texts["project"] == "ตลาดชุมชนขายสินค้าทุกวันเสาร์"
    rid = _add(ws, item=need, **texts)
    ws.commit_built(lambda w: [fs.vote(w, V, need, 3)])  # votes after the row was made
    line = plans.plan_view(ws, V, 2570).line(rid)
    assert line is not None and line.item is not None and line.item.votes == 30
    assert "30" in line.source and "ตลาดชุมชน" in line.source
    with pytest.raises(FieldError, match="ตลาดชุมชน"):  # the second time: the row it is in
        plans.add_row(ws, V, 2570, texts, item_id=need)
    assert plans.row_for_item(plans.plan_view(ws, V, 2570), need).id == rid  # type: ignore[union-attr]
    problem = _item(ws, ForumList.problem)
    assert plans.item_texts(plans.plannable_item(ws, V, problem))["objective"]


def test_resources_wisdom_and_unknown_items_are_refused(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    for which in (ForumList.resource, ForumList.wisdom):
        with pytest.raises(FieldError) as caught:
            plans.add_row(ws, V, 2570, {"project": "x"}, item_id=_item(ws, which))
        assert "ความต้องการ" in caught.value.message or "need" in caught.value.message
    with pytest.raises(FieldError, match="NOPE"):
        plans.add_row(ws, V, 2570, {"project": "x"}, item_id="NOPE")
    assert plans.plan_view(ws, V, 2570).lines == []


def test_edit_move_delete_and_the_header(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    a, b, c = (_add(ws, project=p) for p in ("ก", "ข", "ค"))
    ws.commit_built(lambda w: [plans.edit_row(w, V, b, {"budget": "900", "place": "ศาลา"})])
    assert ws.commit_built(lambda w: [plans.edit_row(w, V, b, {"budget": "900"})]) == []
    ws.commit_built(lambda w: [plans.move_row(w, V, c, -1)])
    ws.commit_built(lambda w: [plans.move_row(w, V, c, -1)])
    assert [x.row.id for x in plans.plan_view(ws, V, 2570).lines] == [c, a, b]
    assert ws.commit_built(lambda w: [plans.move_row(w, V, c, -1)]) == []  # first already
    ws.commit_built(lambda w: [plans.delete_row(w, V, a)])
    view = plans.plan_view(ws, V, 2570)
    assert [x.row.id for x in view.lines] == [c, b] and view.total == 900
    with pytest.raises(FieldError):
        plans.edit_row(ws, V, a, {"project": "again"})  # a deleted row is no row
    ws.commit_built(lambda w: [plans.set_header(w, V, 2570, {
        "title": "แผนบ้านดอน", "prepared_by": "นายสมชาย", "approved": "20/11/2569"})])  # fmt: skip
    ws.commit_built(lambda w: [plans.set_header(w, V, 2570, {"prepared_by": "นางสมศรี"})])
    plan = plans.plan_view(ws, V, 2570).plan
    assert plan is not None and (plan.title, plan.prepared_by) == ("แผนบ้านดอน", "นางสมศรี")
    assert plans.plan_years(ws, V) == [2570]


def test_a_groups_activity_and_training_become_rows(workspace: Workspace) -> None:
    ws = workspace
    made = make_group(ws)
    act = add(ws, made, "activity", title="ทอผ้าขายงานกาชาด", date="5/1/2570", cost="1,500",
              output="ผ้า 40 ผืน")  # fmt: skip
    sup = add(ws, made, "support", kind="training", agency="พช.อำเภอ", what="อบรมบัญชีกลุ่ม",
              date="10/2/2570", value="3000")  # fmt: skip
    for entry in (act, sup):
        texts = plans.entry_texts(ws, V, made.group, entry)
        year = plans.entry_year(ws, V, made.group, entry)
        ws.commit_built(lambda w, t=texts, e=entry, y=year: [
            plans.add_row(w, V, y, t, group_id=made.group, entry_id=e)])  # fmt: skip
    view = plans.plan_view(ws, V, 2570)
    assert [(x.row.project, x.row.budget) for x in view.lines] == [
        ("ทอผ้าขายงานกาชาด", 1500), ("อบรมบัญชีกลุ่ม", 3000)]  # fmt: skip
    assert view.lines[1].row.budget_source == "พช.อำเภอ"
    assert view.lines[0].source == "กลุ่มทอผ้าบ้านดอน"
    with pytest.raises(FieldError):
        plans.add_row(ws, V, 2570, {"project": "x"}, group_id=made.group, entry_id=act)


def test_rows_typed_on_two_devices_are_both_kept(pair: tuple[Workspace, Workspace]) -> None:  # noqa: F811
    a, b = pair
    make_group(a)
    send(a, b)
    _add(a, project="ตลาดนัดชุมชน", budget="1000")
    a.commit_built(lambda w: [plans.set_header(w, V, 2570, {"prepared_by": "นายเอ"})])
    _add(b, project="อบรมบรรจุภัณฑ์", budget="2000")
    b.commit_built(lambda w: [plans.set_header(w, V, 2570, {"title": "แผนของบี"})])
    send(a, b)
    send(b, a)
    for ws in (a, b):
        view = plans.plan_view(ws, V, 2570)
        assert sorted(x.row.project for x in view.lines) == ["ตลาดนัดชุมชน", "อบรมบรรจุภัณฑ์"]
        assert view.total == 3000
        assert view.plan is not None and view.plan.prepared_by == "นายเอ"
        assert view.title == "แผนของบี"
    assert [x.row.id for x in plans.plan_view(a, V, 2570).lines] == [
        x.row.id for x in plans.plan_view(b, V, 2570).lines]  # fmt: skip
