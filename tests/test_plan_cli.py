"""``sammachip plan`` and ``sammachip report plan``: every action of the village action plan
from the command line, through the one save path; bad input said (exit 2), nothing saved."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.model.records import ForumList
from sammachip_tui.store import forum as fs
from sammachip_tui.store.workspace import Change, Workspace
from tests.group_helpers import Made, add, make_group

V = "52120505"


def run(data_dir: Path, *args: str, lang: str = "en") -> int:
    return main(["--data-dir", str(data_dir), "--lang", lang, *args])


@pytest.fixture
def village(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Made, dict[str, str]]:
    """A village with a group (an activity) and a forum: a need, a problem, a resource."""
    with Workspace.open(data_dir) as ws:
        made = make_group(ws)
        act = add(ws, made, "activity", title="ทอผ้าขายงานกาชาด", date="5/1/2570", cost="1500")
        [forum] = ws.commit([fs.new_forum(V, {})])
        ids = {"activity": act}
        for which, text in ((ForumList.need, "ตลาดชุมชนทุกวันเสาร์"),
                            (ForumList.problem, "หนี้นอกระบบ"),
                            (ForumList.resource, "ป่าไผ่")):  # fmt: skip
            [op] = ws.commit([fs.add_item(ws, V, forum.record, which, text, votes=7)])
            ids[which.value] = op.record
    capsys.readouterr()
    return made, ids


def show(data_dir: Path, capsys: pytest.CaptureFixture[str], year: str = "2570") -> dict:
    assert run(data_dir, "plan", "show", "--village", V, "--year", year, "--json") == 0
    return orjson.loads(capsys.readouterr().out)


def journal(data_dir: Path) -> bytes:
    return (data_dir / "journal.jsonl").read_bytes()


def test_a_plan_is_made_from_the_command_line(data_dir: Path, village, capsys) -> None:
    made, ids = village
    p = ["--village", V]
    steps = [
        ["add", *p, "project=อบรมทำน้ำพริก", "budget=๕,๐๐๐", "start=1/12/2569", "end=31/12/2569"],
        ["from-item", *p, "--item", ids["need"], "budget=12000", "responsible=ผู้ใหญ่บ้าน"],
        ["from-item", *p, "--item", ids["problem"]],
        ["from-group", "--group", made.group, "--entry", ids["activity"]],
        ["set", *p, "title=แผนปฏิบัติการบ้านดอน", "prepared_by=นายสมชาย", "approved=๒๐/๑๑/๒๕๖๙"],
    ]  # fmt: skip
    for step in steps:
        assert run(data_dir, "plan", *step) == 0, step
    assert "Added row" in capsys.readouterr().out
    doc = show(data_dir, capsys)
    assert [r["project"] for r in doc["rows"]] == [
        "อบรมทำน้ำพริก", "ตลาดชุมชนทุกวันเสาร์", "หนี้นอกระบบ", "ทอผ้าขายงานกาชาด"]  # fmt: skip
    assert doc["total"] == 18500 and doc["rows"][1]["votes"] == 7
    assert doc["rows"][3]["group"] == "กลุ่มทอผ้าบ้านดอน" and doc["prepared_by"] == "นายสมชาย"
    first, second = doc["rows"][0]["id"], doc["rows"][1]["id"]
    assert run(data_dir, "plan", "edit", *p, "--row", first, "place=ศาลาหมู่บ้าน") == 0
    assert run(data_dir, "plan", "move", *p, "--row", second, "--by", "-1") == 0
    assert run(data_dir, "plan", "delete", *p, "--row", first) == 0
    assert "Deleted row" in capsys.readouterr().out
    doc = show(data_dir, capsys)
    assert doc["rows"][0]["id"] == second and doc["total"] == 13500
    assert run(data_dir, "plan", "list") == 0
    out = capsys.readouterr().out
    assert f"{V}\t2570\tแผนปฏิบัติการบ้านดอน\t3 rows\t13,500 baht" in out
    assert run(data_dir, "plan", "show", *p, "--year", "๒๕๗๐", lang="th") == 0
    out = capsys.readouterr().out
    assert "ตลาดชุมชนทุกวันเสาร์" in out and "13,500" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", "--village", V, "budget=100"], "project"),
        (["add", "--village", V, "project=x", "budget=-1"], "at least 0"),
        (["add", "--village", V, "project=x", "budget=สิบ"], "not a number"),
        (["add", "--village", V, "project=x", "start=1/3/2570", "end=1/2/2570"], "before"),
        (["add", "--village", V, "project=x", "start=1/9/2569"], "1/10/2569 to 30/9/2570"),
        (["add", "--village", V, "colour=red"], "Not FIELD=VALUE"),
        (["add", "--village", V, "--year", "1999", "project=x"], "fiscal year"),
        (["add", "--village", "99999999", "project=x"], "No village"),
        (["from-item", "--village", V, "--item", "resource"], "needs and problems"),
        (["from-item", "--village", V, "--item", "NOPE"], "No forum item"),
        (["edit", "--village", V, "--row", "NOPE", "place=x"], "No plan row"),
        (["from-group", "--group", "NOPE", "--entry", "x"], "No group"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nothing_saved(
    data_dir: Path, village, capsys, args: list[str], says: str
) -> None:
    _made, ids = village
    args = [ids.get(a, a) for a in args]
    before = journal(data_dir)
    assert run(data_dir, "plan", *args) == 2
    assert says in capsys.readouterr().err
    assert journal(data_dir) == before


def test_an_item_in_the_plan_already_is_not_added_twice(data_dir: Path, village, capsys) -> None:
    _made, ids = village
    assert run(data_dir, "plan", "from-item", "--village", V, "--item", ids["need"]) == 0
    before = journal(data_dir)
    assert run(data_dir, "plan", "from-item", "--village", V, "--item", ids["need"]) == 2
    assert "in the plan already" in capsys.readouterr().err
    assert journal(data_dir) == before
    with Workspace.open(data_dir) as ws:  # a deleted forum item's row keeps its own words
        ws.commit([Change("item", V, {"deleted": True}, record=ids["need"])])
    assert [r["item"] for r in show(data_dir, capsys)["rows"]] == [""]
