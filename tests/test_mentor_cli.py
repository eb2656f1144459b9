"""``sammachip mentor``: every action from the command line through the one save path;
households named by house number or name; refusals said (exit 2) and nothing saved."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.store.workspace import Workspace

from .test_mentor_store import V, village_with_homes


def run(data_dir: Path, *args: str, lang: str = "en") -> int:
    return main(["--data-dir", str(data_dir), "--lang", lang, *args])


def listed(data_dir: Path, capsys) -> dict:
    capsys.readouterr()
    assert run(data_dir, "mentor", "list", "--village", V, "--json") == 0
    return orjson.loads(capsys.readouterr().out)


@pytest.fixture
def homes(data_dir: Path, capsys) -> dict[str, str]:
    with Workspace.open(data_dir) as ws:
        ids = village_with_homes(ws)
    capsys.readouterr()
    return ids


def test_roles_pairs_sessions_outcomes_and_the_end_from_the_command_line(
    data_dir: Path, homes: dict[str, str], capsys
) -> None:
    v = ["--village", V]
    steps = [
        ["role", "add", *v, "household_id=1", "role=community sage", "occupation=ทอผ้า",
         "teaches=ย้อมคราม"],
        ["pair", "add", *v, "mentor_id=นางบุญมี", "learner_id=2", "started=1/11/2569"],
        ["pair", "add", *v, "mentor_id=1", "learner_id=3 สมหมาย", "started=1/11/2569"],
        ["session", "add", *v, "mentor_id=1", "date=15/11/2569", "topic=ย้อมคราม",
         "learners=2, 3", "hours=2"],
    ]  # fmt: skip
    for step in steps:
        assert run(data_dir, "mentor", *step) == 0, step
    doc = listed(data_dir, capsys)
    [role] = doc["roles"]
    assert role["role"] == "sage" and role["household_id"] == homes["1"]
    first, second = doc["pairings"]
    assert first["learner_id"] == homes["2"] and first["sessions_attended"] == 1
    outcome = ["outcome", "add", *v, "--id", first["id"], "started_occupation=yes",
               "income_month=7000", "note=ขายผ้าได้"]  # fmt: skip
    assert run(data_dir, "mentor", *outcome) == 0
    assert run(data_dir, "mentor", "end", *v, "--id", second["id"], "ended=20/11/2569") == 0
    assert run(data_dir, "mentor", "session", "edit", *v, "--id", doc["sessions"][0]["id"],
               "topic=ย้อมครามและมัดหมี่") == 0  # fmt: skip
    capsys.readouterr()
    doc = listed(data_dir, capsys)
    assert doc["outcomes"][0]["started_occupation"] and doc["outcomes"][0]["reading_id"]
    assert doc["pairings"][0]["income_now"] == 7000 and doc["pairings"][0]["income_before"] is None
    assert doc["pairings"][1]["ended"] == "2026-11-20"
    assert doc["sessions"][0]["topic"] == "ย้อมครามและมัดหมี่"
    assert run(data_dir, "mentor", "show", *v, "--household", "2") == 0
    out = capsys.readouterr().out
    assert "Learns ทอผ้า from 1 นางบุญมี ทอเก่ง" in out and "1 session attended" in out
    assert run(data_dir, "mentor", "list", *v) == 0
    out = capsys.readouterr().out
    assert "community sage: ทอผ้า" in out and "no income reading before" in out
    assert run(data_dir, "mentor", "outcome", "delete", *v, "--id", doc["outcomes"][0]["id"]) == 0
    assert listed(data_dir, capsys)["outcomes"] == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["pair", "add", "mentor_id=2", "learner_id=3"], "holds no role"),
        (["role", "add", "household_id=99", "role=sage", "occupation=ทอผ้า"], "No household 99"),
        (["role", "add", "household_id=1", "role=boss", "occupation=ทอผ้า"], "one of"),
        (
            ["role", "add", "household_id=1", "role=sage", "since=31/2/2569", "occupation=x"],
            "not a date",
        ),
        (["role", "add", "household_id=1", "colour=red"], "Not FIELD=VALUE"),
        (["end", "--id", "nope"], "No entry nope"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_saves_nothing(
    data_dir: Path, homes: dict[str, str], capsys, args: list[str], said: str
) -> None:
    before = (data_dir / "journal.jsonl").read_bytes()
    assert run(data_dir, "mentor", *args, "--village", V) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert (data_dir / "journal.jsonl").read_bytes() == before
