"""The programme's three indicators: each against the records it came from, on both sides of a
fiscal year's end (30 Sep / 1 Oct), exactly at the goal, in the amber band, and with no data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.i18n import set_language
from sammachip_tui.reports.indicators import (
    AMBER_SHARE,
    GROUPS_GOAL,
    INCOME_GOAL,
    PRACTISING_GOAL,
    Indicator,
    Rating,
    indicators,
    rate,
    value_text,
    year_end,
    year_start,
)
from sammachip_tui.store.workspace import Workspace
from tests.district_helpers import A, B, C, District, build_district


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[District]:
    made = build_district(tmp_path_factory.mktemp("indicators"))
    yield made
    made.ws.close()


def by_key(found: list[Indicator]) -> dict[str, Indicator]:
    return {i.key: i for i in found}


def test_fiscal_year_runs_from_1_october_to_30_september() -> None:
    assert (year_start(2570), year_end(2570)) == (dt.date(2026, 10, 1), dt.date(2027, 9, 30))


def test_practising_counts_the_follow_up_dated_by_the_years_end(district: District) -> None:
    fy69 = by_key(indicators(district.ws, 2569))["practising"]
    # trained: h1, h2 (A), h5 (B); h1 followed up on 30 Sep 2026 (the last day of FY2569)
    # practising; h2 on 1 Oct 2026 (FY2570); h5 not practising
    assert (fy69.numerator, fy69.denominator) == (1, 3)
    assert fy69.value == pytest.approx(1 / 3) and fy69.rating is Rating.red
    fy70 = by_key(indicators(district.ws, 2570))["practising"]
    assert (fy70.numerator, fy70.denominator) == (2, 3)
    # by type: h1 and h2 are members of the weaving group (handicraft); h5 of none
    assert {k: (i.numerator, i.denominator) for k, i in fy70.by_type.items()} == {
        "handicraft": (2, 2), "": (0, 1),
    }  # fmt: skip
    assert fy70.by_type["handicraft"].rating is Rating.green


def test_income_change_exactly_at_the_goal_is_green(district: District) -> None:
    fy69 = by_key(indicators(district.ws, 2569))["income"]
    # h5: 10,000 on 1 Nov 2025, 10,300 on 1 Sep 2026 (+3%); 11,000 on 1 Nov 2026 is later
    assert fy69.denominator == 1 and fy69.value == pytest.approx(INCOME_GOAL)
    assert fy69.rating is Rating.green
    assert value_text(fy69) == "+3.0%"
    fy70 = by_key(indicators(district.ws, 2570))["income"]
    assert fy70.value == pytest.approx(0.10)  # h1's single reading measures nothing


def test_villages_with_a_group_established_by_the_years_end(district: District) -> None:
    fy68 = by_key(indicators(district.ws, 2568))["groups"]
    # FY2568: only B's group was established (1 Jan 2025); A's came on 1 Mar 2026
    assert (fy68.numerator, fy68.denominator) == (1, 3)
    fy69 = by_key(indicators(district.ws, 2569))["groups"]
    # FY2569: A's group established; B's dissolved on 1 Feb 2026
    assert (fy69.numerator, fy69.denominator) == (1, 3) and fy69.rating is Rating.green
    assert {k: i.numerator for k, i in fy69.by_type.items()} == {"handicraft": 1}
    only_b = by_key(indicators(district.ws, 2569, [B, C]))["groups"]
    assert (only_b.numerator, only_b.denominator, only_b.rating) == (0, 2, Rating.red)


def test_no_data_is_said_never_zero_percent(workspace: Workspace) -> None:
    found = indicators(workspace, 2570)
    assert [i.key for i in found] == ["practising", "income", "groups"]
    for i in found:
        assert (i.denominator, i.value, i.rating) == (0, None, Rating.none)
        assert value_text(i) == "ไม่มีข้อมูล"
    set_language("en")
    assert value_text(indicators(workspace, 2570)[0]) == "no data"


@pytest.mark.parametrize("goal", [PRACTISING_GOAL, INCOME_GOAL, GROUPS_GOAL])
def test_ratings_at_the_goal_in_the_amber_band_and_below(goal: float) -> None:
    assert rate(goal, goal) is Rating.green
    assert rate(goal * 1.01, goal) is Rating.green
    assert rate(goal * 0.999, goal) is Rating.amber
    assert rate(goal * AMBER_SHARE, goal) is Rating.amber
    assert rate(goal * AMBER_SHARE * 0.99, goal) is Rating.red
    assert rate(-0.05, goal) is Rating.red
    assert rate(None, goal) is Rating.none


def test_names_and_definitions_in_the_users_language(district: District) -> None:
    thai = indicators(district.ws, 2570, [A])
    assert all(i.name and i.definition for i in thai)
    set_language("en")
    english = indicators(district.ws, 2570, [A])
    assert english[0].name == "Trained households practising their occupation"
    assert thai[0].name != english[0].name


def test_cli_prints_the_indicators_as_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = build_district(tmp_path)
    made.ws.close()
    base = ["--data-dir", str(made.ws.data_dir), "--lang", "en", "report", "indicators"]
    assert main([*base, "--year", "๒๕๖๙"]) == 0
    text = capsys.readouterr().out
    assert "Programme indicators, fiscal year 2569" in text
    assert "1 / 3 = 33.3% (goal ≥ 85%): below the goal" in text
    assert "1 households measured = +3.0% (goal ≥ +3%): goal met" in text
    assert "handicraft" in text and "Trained programme households whose latest" in text
    assert main([*base, "--year", "2569", "--village", C, "--json"]) == 0
    found = orjson.loads(capsys.readouterr().out)
    assert [(i["key"], i["denominator"], i["value"], i["rating"]) for i in found] == [
        ("practising", 0, None, "none"), ("income", 0, None, "none"), ("groups", 1, 0.0, "red"),
    ]  # fmt: skip
    assert main([*base, "--village", "52129999"]) == 2
    assert "No village 52129999" in capsys.readouterr().err
    assert main([*base, "--year", "1999"]) == 2
    assert "--year" in capsys.readouterr().err
