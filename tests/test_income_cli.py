"""``sammachip households set/add/income/readings``: every change of a figure is a dated
reading (source: command line), other fields add none, bad input is refused with the reason
and changes nothing."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main

VILLAGE = "52120505"


@pytest.fixture
def base(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    base = ["--data-dir", str(data_dir), "--lang", "en"]
    assert main([*base, "villages", "add", "521205", "5"]) == 0
    assert main([*base, "households", "add", "--village", VILLAGE, "first_name=บุญเรือน",
                 "income_month=๖,๐๐๐"]) == 0  # fmt: skip
    capsys.readouterr()
    return base


def _new_id(base: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main([*base, "households", "list", "--village", VILLAGE, "--json"])
    [row] = orjson.loads(capsys.readouterr().out)
    return str(row["id"])


def _readings(base: list[str], home: str, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main([*base, "households", "readings", "--village", VILLAGE, "--id", home,
                 "--json"]) == 0  # fmt: skip
    return dict(orjson.loads(capsys.readouterr().out))


def test_set_add_and_income_record_readings_and_readings_shows_the_change(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    home = _new_id(base, capsys)
    assert [r["source"] for r in _readings(base, home, capsys)["readings"]] == ["command"]
    assert main([*base, "households", "set", "--village", VILLAGE, "--id", home,
                 "occupation_main=ทอผ้า"]) == 0  # fmt: skip
    assert len(_readings(base, home, capsys)["readings"]) == 1  # another field: no reading
    assert main([*base, "households", "income", "--village", VILLAGE, "--id", home,
                 "1/10/2569", "income=6,600", "expense=4000", "note=ขายผ้าได้"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "1/10/2569" in out and "A later reading exists" in out  # history, figures stay
    assert main([*base, "households", "set", "--village", VILLAGE, "--id", home,
                 "expense_month=4500"]) == 0  # fmt: skip
    capsys.readouterr()
    shown = _readings(base, home, capsys)
    assert [(r["date"], r["income_month"], r["expense_month"]) for r in shown["readings"]] == [
        ("2026-10-01", 6600.0, 4000.0), ("2026-11-22", 6000.0, None),
        ("2026-11-22", None, 4500.0)]  # fmt: skip
    assert shown["meets_goal"] is False  # 6,600 on 1 Oct, then 6,000 today: down
    assert main([*base, "households", "readings", "--village", VILLAGE, "--id", home]) == 0
    out = capsys.readouterr().out
    assert "1/10/2569\t6,600\t4,000\tcommand line\tขายผ้าได้" in out
    assert "Income -9.1% since 1/10/2569" in out and "not met" in out


def test_bad_readings_are_refused_with_the_reason_and_nothing_saved(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    home = _new_id(base, capsys)
    cmd = [*base, "households", "income", "--village", VILLAGE, "--id", home]
    for args, reason in (
        (["31/2/2569", "income=5000"], "not a date"),
        (["1/1/2600", "income=5000"], "after today"),
        (["income=ห้าพัน"], "not a number"),
        (["income=-5"], ""),
        (["note=ไม่มีตัวเลข"], "needs the income or the expenses"),
        (["colour=red"], "Not FIELD=VALUE"),
        (["income=20,000,000"], "at most"),
    ):
        assert main([*cmd, *args]) == 2, args
        err = capsys.readouterr().err
        assert reason in err and "Traceback" not in err, (args, err)
    assert main([*base, "households", "income", "--village", VILLAGE, "--id", "nope",
                 "income=1"]) == 2  # fmt: skip
    assert "No household nope" in capsys.readouterr().err
    assert len(_readings(base, home, capsys)["readings"]) == 1
    assert main([*base, "households", "set", "--village", VILLAGE, "--id", home,
                 "income_month="]) == 0  # fmt: skip
    assert len(_readings(base, home, capsys)["readings"]) == 1  # "not known" is no reading


def test_a_reading_typed_by_mistake_is_deleted_and_the_figures_go_back(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    home = _new_id(base, capsys)
    assert main([*base, "households", "income", "--village", VILLAGE, "--id", home,
                 "income=60000"]) == 0  # a zero too many  # fmt: skip
    shown = _readings(base, home, capsys)["readings"]
    slip = shown[-1]["id"]
    assert main([*base, "households", "readings", "--village", VILLAGE, "--id", home,
                 "--delete", slip]) == 0  # fmt: skip
    assert "Deleted the reading of 22/11/2569" in capsys.readouterr().out
    assert [r["income_month"] for r in _readings(base, home, capsys)["readings"]] == [6000.0]
    main([*base, "households", "list", "--village", VILLAGE, "--json"])
    [row] = orjson.loads(capsys.readouterr().out)
    assert row["income_month"] == 6000
    assert main([*base, "households", "readings", "--village", VILLAGE, "--id", home,
                 "--delete", slip]) == 2  # gone already: said, nothing changed  # fmt: skip
    assert "No reading" in capsys.readouterr().err
