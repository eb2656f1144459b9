"""``sammachip propose`` and ``sammachip occupations``: the proposer for scripts."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main

V = "52120505"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


@pytest.fixture
def village(data_dir: Path, sample_csv: Path, capsys) -> Path:
    assert run(data_dir, "households", "import", str(sample_csv)) == 0
    capsys.readouterr()
    return data_dir


def proposals(data_dir: Path, capsys, *more: str) -> dict:
    assert run(data_dir, "propose", "--village", V, "--json", *more) == 0
    return orjson.loads(capsys.readouterr().out)


def test_propose_json_explains_every_proposal(village: Path, capsys) -> None:
    doc = proposals(village, capsys)
    weaving = next(p for p in doc["proposals"] if p["occupation"]["craft"] == "weaving")
    assert weaving["occupation"]["name_th"] == "ทอผ้า"
    assert weaving["occupation"]["type"] == "handicraft"
    assert weaving["basis"] == "same_occupation" and weaving["score"] > 0
    assert any("same occupation" in r for r in weaving["reasons"])
    home = weaving["households"][0]
    assert {"id", "house_no", "name", "occupation"} <= set(home) and "ทอผ้า" in home["occupation"]
    assert doc["unassigned"] and all(x["reason"] for x in doc["unassigned"])
    scores = [p["score"] for p in doc["proposals"] if p["complete"]]
    assert scores == sorted(scores, reverse=True)
    # The kitchen gardeners, too few alone, join the safe vegetables and say through what.
    veg = next(p for p in doc["proposals"] if p["occupation"]["craft"] == "safe_vegetables")
    related = [h for h in veg["households"] if "related" in h]
    assert related and all(h["related"] == "kitchen_garden" for h in related)


def test_accept_reject_and_edit_from_the_command_line(village: Path, capsys) -> None:
    doc = proposals(village, capsys)
    keys = {p["occupation"]["craft"]: p for p in doc["proposals"]}
    brooms = keys["brooms"]
    out = brooms["households"][0]["id"]
    args = ["propose", "--village", V]
    assert run(village, *args, "--remove", brooms["key"], out, "--reason", "ย้ายบ้าน") == 0
    assert run(village, *args, "--reject", keys["mushrooms"]["key"], "--reason", "ไม่มีโรงเรือน") == 0
    assert run(village, *args, "--accept", keys["weaving"]["key"], "--name", "กลุ่มทอผ้าบ้านดอน") == 0
    assert "Group made" in capsys.readouterr().out
    doc = proposals(village, capsys)
    crafts = {p["occupation"]["craft"]: p for p in doc["proposals"]}
    assert "weaving" not in crafts and "mushrooms" not in crafts
    assert out not in {h["id"] for h in crafts["brooms"]["households"]}
    assert doc["rejected"] == [{"key": keys["mushrooms"]["key"], "reason": "ไม่มีโรงเรือน"}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["propose", "--village", "52129999"], "No village 52129999"),
        (["propose", "--village", V, "--accept", "nope"], "No proposal nope"),
        (["propose", "--village", V, "--reject", f"{V}:brooms"], "Say why"),
        (["propose", "--village", V, "--min", "9", "--max", "3"], "smallest group"),
        (["occupations", "add", "ดูดวง", "--type", "astrology"], "Unknown occupation type"),
    ],
)
def test_bad_proposal_commands_say_why_and_change_nothing(
    village: Path, capsys, args: list[str], message: str
) -> None:
    journal = (village / "journal.jsonl").read_bytes()
    assert run(village, *args) == 2
    assert message in capsys.readouterr().err
    assert (village / "journal.jsonl").read_bytes() == journal


def test_an_added_occupation_is_listed(village: Path, capsys) -> None:
    assert run(village, "occupations", "add", "ทำเทียนพรรษา", "--type", "handicraft",
               "--otop", "craft_decor_souvenir", "--term", "เทียนพรรษา") == 0  # fmt: skip
    capsys.readouterr()
    assert run(village, "occupations", "list", "--json") == 0
    rows = orjson.loads(capsys.readouterr().out)
    mine = [r for r in rows if r["name_th"] == "ทำเทียนพรรษา"]
    assert mine and "เทียนพรรษา" in mine[0]["words"]["name"] and mine[0]["group"]
