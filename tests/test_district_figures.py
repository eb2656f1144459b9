"""Each district figure checked against the records it came from (tests/district_helpers.py
says which record lands where), per village, rolled up per subdistrict and for the district."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.reports.district_figures import (
    DistrictFigures,
    district_figures,
    month_names,
    village_figures,
)
from sammachip_tui.store.workspace import Workspace
from tests.district_helpers import A, B, C, District, build_district, module_district

district = module_district("district")


@pytest.fixture(scope="module")
def figures(district: District) -> DistrictFigures:
    return district_figures(district.ws, today=dt.date(2026, 11, 22))


def test_households_sammachip_trained_volunteers_per_village(figures: DistrictFigures) -> None:
    a = figures.village(A)
    assert a is not None and a.name == "บ้านดอน"
    t = a.total
    # h1, h2, h3 (h4 is deleted): h1 earns more than it spends; h1, h2 trained; h1 volunteers
    assert (t.households, t.sammachip, t.trained, t.volunteers) == (3, 1, 2, 1)
    assert (t.followed_up, t.practising) == (2, 2)
    b = figures.village(B)
    assert b is not None
    assert (b.total.households, b.total.sammachip, b.total.followed_up, b.total.practising) == (
        1, 1, 1, 0,
    )  # fmt: skip


def test_forums_held_and_in_the_fiscal_year(district: District, figures: DistrictFigures) -> None:
    a = figures.village(A)
    b = figures.village(B)
    assert a is not None and b is not None
    assert figures.fiscal_year == 2570  # 22 Nov 2026 is in FY2570 (from 1 Oct 2026)
    assert (a.total.forums, a.total.forums_in_year) == (2, 1)  # the deleted one counts nowhere
    assert (b.total.forums, b.total.forums_in_year) == (1, 0)
    earlier = district_figures(district.ws, today=dt.date(2026, 11, 22), fiscal_year=2569)
    assert earlier.total.forums_in_year == 2  # 30 Sep 2026 and 15 Dec 2025


def test_groups_by_stage_type_and_otop(figures: DistrictFigures) -> None:
    a, b = figures.village(A), figures.village(B)
    assert a is not None and b is not None
    assert a.total.groups == 2 and a.total.groups_by_stage["established"] == 1
    assert a.total.groups_by_stage["forming"] == 1
    assert a.total.established_groups == 1
    assert dict(a.total.groups_by_type) == {"handicraft": 1, "food_processing": 1}
    assert dict(a.total.groups_by_otop) == {"textile_apparel": 1, "food": 1}
    # B: one dissolved group (the deleted one counts nowhere); not in the type breakdown
    assert b.total.groups == 1 and b.total.groups_by_stage["dissolved"] == 1
    assert dict(b.total.groups_by_type) == {} and b.total.established_groups == 0
    c = figures.village(C)
    assert c is not None and c.total.groups_by_stage["forming"] == 1
    assert (dict(c.total.groups_by_type), dict(c.total.groups_by_otop)) == ({"": 1}, {"none": 1})


def test_otop_products_and_stars(figures: DistrictFigures) -> None:
    t = figures.total
    assert (t.products, t.otop_applied, t.otop_registered) == (3, 1, 2)
    assert dict(t.stars) == {4: 2}


def test_rolled_up_per_subdistrict_with_its_villages(figures: DistrictFigures) -> None:
    assert [s.code for s in figures.subdistricts] == ["521201", "521205"]
    wiang_tan = figures.subdistrict("521205")
    assert wiang_tan is not None and wiang_tan.name == "เวียงตาล"
    assert [v.code for v in wiang_tan.villages] == [B, C]
    assert wiang_tan.total.households == 2 and wiang_tan.total.villages == 2
    assert wiang_tan.total.sammachip == 2  # h5 and h6
    t = figures.total
    assert (t.villages, t.households, t.sammachip, t.trained, t.groups) == (3, 5, 3, 3, 4)
    assert t.groups_by_stage["dissolved"] == 1 and t.established_groups == 1
    assert t.sammachip_share == pytest.approx(3 / 5)


def test_a_set_of_villages_and_one_village(district: District) -> None:
    some = district_figures(district.ws, [B, "52129999"], today=dt.date(2026, 11, 22))
    assert [v.code for v in some.villages] == [B]  # a code the store lacks is left out
    assert some.total.households == 1
    one = village_figures(district.ws, A, today=dt.date(2026, 11, 22))
    assert one.total.households == 3 and one.subdistrict == "521201"


def test_monthly_series_of_the_last_twelve_months(figures: DistrictFigures) -> None:
    m = figures.total.monthly
    assert m.months == month_names(dt.date(2026, 11, 22))
    assert (m.months[0], m.months[-1]) == ("2025-12", "2026-11")
    by_month = dict(zip(m.months, m.forums, strict=True))
    assert (by_month["2025-12"], by_month["2026-09"], by_month["2026-10"]) == (1, 1, 1)
    readings = dict(zip(m.months, m.readings, strict=True))
    assert (readings["2026-09"], readings["2026-10"], readings["2026-11"]) == (1, 1, 1)
    assert sum(m.readings) == 3  # the reading of 1 Nov 2025 is before the twelve months
    follow = dict(zip(m.months, m.follow_ups, strict=True))
    assert (follow["2026-09"], follow["2026-10"], follow["2026-11"]) == (1, 1, 1)


def test_no_villages_no_division(workspace: Workspace) -> None:
    empty = district_figures(workspace, today=dt.date(2026, 11, 22))
    assert empty.subdistricts == () and empty.total.households == 0
    assert empty.total.sammachip_share is None


def test_cli_writes_the_district_and_village_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = build_district(tmp_path)
    made.ws.close()
    base = ["--data-dir", str(made.ws.data_dir), "--lang", "en", "report"]
    out = tmp_path / "district.csv"
    assert main([*base, "district", "--format", "csv", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    header, *lines = rows
    assert header[:6] == ["level", "subdistrict code", "subdistrict", "village code", "village",
                          "number of villages"]  # fmt: skip
    levels = [(r[0], r[1], r[3]) for r in lines]
    assert levels == [("village", "521201", A), ("subdistrict", "521201", ""),
                      ("village", "521205", B), ("village", "521205", C),
                      ("subdistrict", "521205", ""), ("district", "", "")]  # fmt: skip
    total = dict(zip(header, lines[-1], strict=True))
    assert (total["households"], total["sammachip households"], total["sammachip share"]) == (
        "5", "3", "0.6",
    )  # fmt: skip
    assert (total["groups: established"], total["groups: dissolved"]) == ("1", "1")
    village = tmp_path / "village.csv"
    assert main([*base, "village", "--village", A, "--out", str(village)]) == 0
    text = village.read_text("utf-8-sig")
    assert "households,3" in text and "groups by occupation type,handicraft,1" in text
    assert "OTOP products by stars,★★★★,2" in text and "2026-10,1,1,1" in text
    assert main([*base, "village", "--village", "52129999", "--out", str(village)]) == 2
    assert "No village 52129999" in capsys.readouterr().err
    assert main([*base, "district", "--out", str(tmp_path / "d.xyz")]) == 2


def test_the_income_numerator_reads_as_a_per_cent_in_every_format() -> None:
    """The income indicator's numerator is the households' changes added up (fractions): one
    household at +3% must not read "0.0" in a spreadsheet or a page."""
    from sammachip_tui.reports.district_tables import indicator_table
    from sammachip_tui.reports.indicators import Indicator, Rating

    one = Indicator("income", "income", "", 0.03, 1, 0.03, 0.03, Rating.green, 2570)
    row = indicator_table([one]).rows[0]
    assert row[2] == "+3.0%" and row[3] == 1
