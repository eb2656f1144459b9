"""``sammachip groups``: every group action from the command line, through the one save
path; refusals are said (exit 2) and save nothing."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.store import groups
from sammachip_tui.store.workspace import Workspace
from tests.group_helpers import Made, establish_ready, make_group

V = "52120505"


def run(data_dir: Path, *args: str, lang: str = "en") -> int:
    return main(["--data-dir", str(data_dir), "--lang", lang, *args])


@pytest.fixture
def group(data_dir: Path, capsys) -> Made:
    with Workspace.open(data_dir) as ws:
        made = make_group(ws)
    capsys.readouterr()
    return made


def show(data_dir: Path, made: Made, capsys) -> dict:
    assert run(data_dir, "groups", "show", "--group", made.group, "--json") == 0
    return orjson.loads(capsys.readouterr().out)


def journal(data_dir: Path) -> bytes:
    return (data_dir / "journal.jsonl").read_bytes()


def test_a_group_is_built_on_the_5k_from_the_command_line(data_dir: Path, group: Made,
                                                          capsys) -> None:  # fmt: skip
    g, h = ["--group", group.group], group.households
    steps = [
        ["committee", "add", *g, f"household_id={h[0]}", "position=chair", "elected=1/11/2569"],
        ["committee", "add", *g, f"household_id={h[1]}", "position=secretary"],
        ["committee", "add", *g, f"household_id={h[2]}", "position=treasurer"],
        ["bylaws", *g, "--template", "share_value=100", "dividend_pct=40", "patronage_pct=30",
         "reserve_pct=30", "purpose=กลุ่มทอผ้าบ้านดอน ทอผ้าขายร่วมกัน"],
        ["fund", "add", *g, "kind=shares", f"household_id={h[0]}", "shares=5", "amount=500",
         "date=2/11/2569"],
        ["activity", "add", *g, "title=ทอผ้าขายงานกาชาด", "date=5/11/2569"],
        ["status", *g, "established", "decided_by=ที่ประชุมสมาชิก"],
    ]  # fmt: skip
    for step in steps:
        assert run(data_dir, "groups", *step) == 0, step
    out = capsys.readouterr().out
    assert "Added entry" in out and "Saved the bylaws" in out and "is now established" in out
    doc = show(data_dir, group, capsys)
    assert doc["stage"] == "established" and all(c["ok"] for c in doc["checklist"])
    assert doc["balance"] == 500 and doc["bylaws"]["membership"]  # the template's clause
    assert [m["shares"] for m in doc["members"] if m["household_id"] == h[0]] == [5]
    assert [(x["decided_by"], x["status"]) for x in doc["history"]] == [
        ("ที่ประชุมสมาชิก", "established")]  # fmt: skip
    assert run(data_dir, "groups", "list") == 0
    line = capsys.readouterr().out
    assert f"{group.group}\t{V}\tกลุ่มทอผ้าบ้านดอน\testablished\t6 members" in line


def test_refusals_are_said_in_thai_and_save_nothing(data_dir: Path, group: Made,
                                                     capsys) -> None:  # fmt: skip
    g, h = ["--group", group.group], group.households
    assert run(data_dir, "groups", "committee", "add", *g, f"household_id={h[0]}",
               "position=เหรัญญิก", lang="th") == 0  # fmt: skip
    before = journal(data_dir)
    capsys.readouterr()
    refusals = [
        (["committee", "add", *g, f"household_id={h[0]}", "position=ผู้ตรวจสอบ"],
         "เหรัญญิกและผู้ตรวจสอบเป็นคนเดียวกันไม่ได้"),
        (["bylaws", *g, "dividend_pct=40", "patronage_pct=30"], "การจัดสรรกำไรรวมได้ 70%"),
        (["fund", "add", *g, "kind=ค่าหุ้น", "amount=abc", "date=1/11/2569"], "ไม่ใช่ตัวเลข"),
        (["status", *g, "จัดตั้งแล้ว"], "ยังจัดตั้งไม่ได้"),
        (["fund", "edit", *g, "--entry", "nope", "amount=5"], "ไม่มีรายการ nope"),
        (["fund", "add", *g, "colour=red"], "colour=red"),
        (["show", "--group", "nope"], "ไม่มีกลุ่ม nope"),
        (["member", "add", *g, "--household", h[1]], "เป็นสมาชิกอยู่แล้ว"),
    ]  # fmt: skip
    for args, said in refusals:
        assert run(data_dir, "groups", *args, lang="th") == 2, args
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err, (args, err)
    assert journal(data_dir) == before


def test_members_entries_and_rename(data_dir: Path, group: Made, capsys) -> None:
    g, h = ["--group", group.group], group.households
    assert run(data_dir, "groups", "member", "edit", *g, "--household", h[5],
               "left=10/11/2569") == 0  # fmt: skip
    assert run(data_dir, "groups", "set", *g, "name=กลุ่มทอผ้าไหม") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Saved member {h[5]}.", f"Saved the name of group {group.group}."]  # fmt: skip
    assert run(data_dir, "groups", "market", "add", *g, "channel=ตลาดประชารัฐ",
               "name=ตลาดประชารัฐอำเภอ", "since=1/10/2569") == 0  # fmt: skip
    added, shown = capsys.readouterr().out.splitlines()
    entry = added.removeprefix("Added entry ").rstrip(".")
    assert (
        shown.strip()
        == "channel: Pracharat market; market name: ตลาดประชารัฐอำเภอ; since: 1/10/2569"
    )
    assert run(data_dir, "groups", "market", "edit", *g, "--entry", entry, "note=ทุกวันศุกร์") == 0
    assert run(data_dir, "groups", "market", "edit", *g, "--entry", entry, "note=ทุกวันศุกร์") == 0
    assert "Nothing to change" in capsys.readouterr().out
    doc = show(data_dir, group, capsys)
    assert doc["name"] == "กลุ่มทอผ้าไหม"
    left = next(m for m in doc["members"] if m["household_id"] == h[5])
    assert left["left"] == "2026-11-10" and not left["current"]
    assert [(m["channel"], m["note"]) for m in doc["markets"]] == [("pracharat", "ทุกวันศุกร์")]
    assert run(data_dir, "groups", "market", "delete", *g, "--entry", entry) == 0
    assert f"Deleted entry {entry}." in capsys.readouterr().out
    assert show(data_dir, group, capsys)["markets"] == []
    # The text view names the 5 ก and the checklist in the user's language.
    assert run(data_dir, "groups", "show", *g, lang="th") == 0
    out = capsys.readouterr().out
    assert "ก๒ กรรมการ:" in out and "ความพร้อมตามหลัก ๕ ก:" in out and "(ออกแล้ว)" in out


def test_the_thai_messages_read_as_thai(data_dir: Path, group: Made, capsys) -> None:
    """A stage whose name ends in แล้ว is not followed by another แล้ว, and an entry id is
    not run into the word after it."""
    g = ["--group", group.group]
    assert run(data_dir, "groups", "activity", "add", *g, "title=ประชุม", "date=5/11/2569",
               lang="th") == 0  # fmt: skip
    entry = capsys.readouterr().out.split()[1]
    assert run(data_dir, "groups", "activity", "edit", *g, "--entry", entry, "title=ประชุมกลุ่ม",
               lang="th") == 0  # fmt: skip
    assert capsys.readouterr().out.splitlines()[0] == f"บันทึกรายการ {entry} แล้ว"
    with Workspace.open(data_dir) as ws:
        establish_ready(ws, group)
    assert run(data_dir, "groups", "status", *g, "established", lang="th") == 0
    said = capsys.readouterr().out.strip().splitlines()[-1]
    assert "จัดตั้งแล้ว" in said and "แล้วแล้ว" not in said and "แล้ว” แล้ว" not in said


def test_counts_of_one_are_singular_in_english(data_dir: Path, capsys) -> None:
    with Workspace.open(data_dir) as ws:
        made = make_group(ws, members=1)
        ws.commit_built(lambda w: [groups.add_entry(w, made.village, made.group, "activity", {
            "title": "ประชุม", "date": "5/11/2569"})])  # fmt: skip
    capsys.readouterr()
    assert run(data_dir, "groups", "show", "--group", made.group) == 0
    out = capsys.readouterr().out
    assert "1 activity" in out and "1 activities" not in out
    assert "ก1 1 member with consent; at least" in out
