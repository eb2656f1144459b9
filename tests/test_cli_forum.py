"""Forums from the command line: the same data the forum screens make, for scripts."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main

from .test_cli import sammachip

V = "52120507"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def test_a_forum_from_the_command_line(data_dir: Path, tmp_path: Path, capsys) -> None:
    assert run(data_dir, "villages", "add", "521205", "๗", "--name", "บ้านใหม่") == 0
    assert f"Added village {V}" in capsys.readouterr().out
    new = ["forums", "new", "--village", V, "--date", "๑๕/๑๑/๒๕๖๙", "--place", "ศาลาวัด"]
    assert run(data_dir, *new, "--facilitators", "สมศรี, บุญมี", "--others", "4") == 0
    capsys.readouterr()
    assert run(data_dir, "forums", "list", "--village", V, "--json") == 0
    [forum] = orjson.loads(capsys.readouterr().out)
    assert (forum["date"], forum["other_attendees"]) == ("2026-11-15", 4)
    fid = forum["id"]
    for which, text in (("problem", "ถนนชำรุด"), ("problem", "หนี้นอกระบบ"), ("need", "ตลาด")):
        assert run(data_dir, "forums", "add-item", "--village", V, "--forum", fid,
                   "--list", which, text) == 0  # fmt: skip
    assert run(data_dir, "forums", "add-item", "--village", V, "--forum", fid, "--list",
               "wisdom", "จักสานไม้ไผ่", "--occupation", "HAN11") == 0  # fmt: skip
    capsys.readouterr()
    assert run(data_dir, "forums", "show", "--village", V, "--forum", fid, "--json") == 0
    found = orjson.loads(capsys.readouterr().out)
    second = next(i["id"] for i in found if i["text"] == "หนี้นอกระบบ")
    assert run(data_dir, "forums", "vote", "--village", V, "--item", second, "--add", "๕") == 0
    assert "Votes: 5" in capsys.readouterr().out
    out = tmp_path / "record.md"
    assert run(data_dir, "report", "forum", "--village", V, "--out", str(out)) == 0
    md = out.read_text("utf-8")
    assert md.index("| 1 | หนี้นอกระบบ | 5 |") < md.index("| 2 | ถนนชำรุด | 0 |")
    assert "Bamboo basketry" in md and "ศาลาวัด" in md and "15/11/2569" in md


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["villages", "add", "999999", "1"], "Unknown subdistrict code 999999"),
        (["villages", "add", "521205", "100"], "Moo must be a number from 1 to 99"),
        (["forums", "list", "--village", "52120599"], "No village 52120599"),
        (["report", "forum", "--village", "52120505"], "No village 52120505"),
    ],
)
def test_bad_forum_commands_say_why_and_change_nothing(
    data_dir: Path,
    args: list[str],
    message: str,
    capsys,
) -> None:
    before = (data_dir / "journal.jsonl").read_bytes()
    assert run(data_dir, *args) == 2
    assert message in capsys.readouterr().err
    assert (data_dir / "journal.jsonl").read_bytes() == before


def test_empty_item_and_bad_votes_are_refused(data_dir: Path, capsys) -> None:
    run(data_dir, "villages", "add", "521205", "7")
    run(data_dir, "forums", "new", "--village", V)
    capsys.readouterr()
    run(data_dir, "forums", "list", "--village", V, "--json")
    fid = orjson.loads(capsys.readouterr().out)[0]["id"]
    before = (data_dir / "journal.jsonl").read_bytes()
    assert run(data_dir, "forums", "add-item", "--village", V, "--forum", fid,
               "--list", "need", "   ") == 2  # fmt: skip
    assert "cannot be empty" in capsys.readouterr().err
    assert run(data_dir, "forums", "add-item", "--village", V, "--forum", fid,
               "--list", "need", "ตลาด", "--votes", "สาม") == 2  # fmt: skip
    assert "whole number" in capsys.readouterr().err
    assert run(data_dir, "report", "forum", "--village", V, "--forum", "nope") == 2
    assert (data_dir / "journal.jsonl").read_bytes() == before


def test_report_in_thai_csv_to_stdout(data_dir: Path) -> None:
    sammachip("--data-dir", str(data_dir), "villages", "add", "521205", "7")
    sammachip("--data-dir", str(data_dir), "forums", "new", "--village", V, "--place", "วัด")
    result = sammachip("--data-dir", str(data_dir), "--lang", "th", "report", "forum",
                       "--village", V, "--format", "csv")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeffรหัสหมู่บ้าน,วันที่จัดเวที,หมวด")


def test_attendance_is_counted_one_way_everywhere(demo_workspace, capsys) -> None:
    """A household ticked present and deleted since counts in neither figure, in the CLI as
    on the screens (the CLI once counted it among those present). The screens show
    ``forum_counts``/``turnout``; the CLI must print the same."""
    from sammachip_tui.store import forum as fs
    from sammachip_tui.store.workspace import Change

    village = "52120505"
    ws = demo_workspace
    [forum] = fs.forums(ws, village)
    gone, still = sorted(fs.present(ws, village, forum.id))[:2]
    ws.commit([Change("household", village, {"deleted": True}, record=gone)])
    expected = fs.turnout(ws, village, forum.id)
    counts = fs.forum_counts(ws, village, forum)
    assert (counts.present, counts.households) == (expected.present, expected.households)
    assert expected.households == 199
    data_dir = ws.data_dir
    ws.close()
    capsys.readouterr()
    assert run(data_dir, "forums", "attend", "--village", village, "--forum", forum.id, still) == 0
    assert f"{expected.present}/{expected.households}" in capsys.readouterr().out
