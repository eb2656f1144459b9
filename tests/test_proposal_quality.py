"""The proposer's quality benchmark (benchmarks/proposal_quality.py) measures what it says.

A generator that changed with the run, or a scorer that miscounted, would move the figures the
lead tunes against without anything in the proposer changing. Nothing here asserts the
proposer's own score: that is a figure, printed by ``python3 dev.py bench``.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import proposal_quality as pq
import village_crafts
from sammachip_tui.model.areas import load_areas
from sammachip_tui.model.records import Household, Volunteer


def test_a_seed_gives_the_same_village_every_time_and_another_seed_another() -> None:
    for region in pq.REGIONS:
        assert pq.generate(region, 7) == pq.generate(region, 7)
        assert pq.generate(region, 7).homes != pq.generate(region, 8).homes


@pytest.mark.parametrize("region", list(pq.REGIONS))
def test_every_region_has_forty_crafts_each_written_four_ways(region: str) -> None:
    crafts = village_crafts.REGIONS[region] + village_crafts.COMMON
    assert len({c.label for c in crafts}) >= 40
    for craft in crafts:
        assert len(set(craft.forms)) >= 4, craft.label
    # One text naming two groups of the same region would make the truth a matter of taste.
    owners: dict[str, set[str]] = {}
    for craft in crafts:
        for form in craft.forms:
            owners.setdefault(form, set()).add(craft.label)
    assert {f: o for f, o in owners.items() if len(o) > 1} == {}


@pytest.mark.parametrize("region", list(pq.REGIONS))
def test_a_village_looks_like_one_an_officer_brings(region: str) -> None:
    for seed in (1, 2, 3):
        village = pq.generate(region, seed)
        homes = [h.household for h in village.homes]
        assert 170 <= len(homes) <= 220
        assert load_areas().village_place(village.code) is not None
        assert len({h.id for h in homes}) == len(homes)
        yes = [h for h in village.homes if h.household.volunteer is Volunteer.yes]
        assert 0.45 <= len(yes) / len(homes) <= 0.8
        groups = Counter(h.truth for h in yes if h.truth)
        assert all(n >= 5 for n in groups.values())  # fewer is no group: truth none
        assert sum(5 <= n <= 25 for n in groups.values()) >= 0.7 * len(groups)
        assert any(h.truth and h.household.occupation_secondary for h in village.homes)
        # Noise households and crafts on the side of a staple are both there.
        assert sum(not h.truth for h in village.homes) >= 40


def _home(hid: str, volunteer: Volunteer = Volunteer.yes, main: str = "x") -> Household:
    return Household(id=hid, village_code="52120505", first_name="ก", volunteer=volunteer,
                     occupation_main=main)  # fmt: skip


def test_the_scorer_counts_pairs_of_volunteers() -> None:
    truth = {"a": "ทอผ้า", "b": "ทอผ้า", "c": "ทอผ้า", "d": "เห็ด", "e": "เห็ด", "f": ""}
    # a, b together (right); d with them (2 wrong pairs); c, e, f in one (3 wrong pairs);
    # "n" is not a volunteer and does not count.
    found = pq.score(truth, [["a", "b", "d", "n"], ["c", "e", "f"]])
    assert (found.predicted, found.true, found.correct) == (6, 4, 1)
    assert found.precision == pytest.approx(1 / 6) and found.recall == pytest.approx(1 / 4)
    assert not found.met
    perfect = pq.score(truth, [["a", "b", "c"], ["d", "e"]])
    assert (perfect.precision, perfect.recall, perfect.met) == (1.0, 1.0, True)
    # Two households with no group an officer would form, proposed together: a wrong pair.
    assert pq.score({"f": "", "g": ""}, [["f", "g"]]).precision == 0.0
    assert pq.score(truth, [["a", "b"]]).recall == pytest.approx(1 / 4)


def test_detail_names_the_groups_split_or_mixed_with_their_texts() -> None:
    homes = [_home("a", main="ทอผ้าไหม"), _home("b", main="มัดหมี่"), _home("c", main="ทำนา"),
             _home("d", main="ไหมทอมือ")]  # fmt: skip
    village = pq.Village("v", "52120505", tuple(
        pq.Home(h, "" if h.id == "c" else "ผ้าไหม") for h in homes))  # fmt: skip
    lines = "\n".join(pq.detail(village, [("ทอผ้า", homes[:3])]))
    assert "ผ้าไหม: 3 volunteers, split over 2" in lines
    assert "(no proposal): ไหมทอมือ" in lines
    assert "ทอผ้า mixes ผ้าไหม 2, (none) 1" in lines and "(none): ทำนา" in lines


def _by_main_text(code: str, homes: list[Household]) -> pq.Proposed:
    """A stand-in proposer: volunteers with the same main text, five or more."""
    groups: dict[str, list[Household]] = {}
    for h in homes:
        if h.volunteer is Volunteer.yes:
            groups.setdefault(h.occupation_main, []).append(h)
    return [(text, members) for text, members in groups.items() if len(members) >= 5]


def test_a_dumped_village_reads_back_the_same_and_held_out_files_are_scored_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pq, "_proposer", lambda: _by_main_text)
    dump, heldout = tmp_path / "dump", tmp_path / "heldout"
    lines: list[str] = []
    pq.report([5], ["south"], dump=dump, heldout=heldout, out=lines.append)
    village = pq.generate("south", 5)
    back = pq.read_csv(dump / "south-5.csv")
    assert back.code == village.code and back.rejected == 0
    fields = ("occupation_main", "occupation_secondary", "skills", "volunteer", "trained")
    assert [(h.household.model_dump(include=set(fields)), h.truth) for h in back.homes] == [
        (h.household.model_dump(include=set(fields)), h.truth) for h in village.homes
    ]
    heldout.mkdir()
    (dump / "south-5.csv").rename(heldout / "south-1.csv")
    (heldout / "north-1.csv").write_text("ชื่อ,อาชีพหลัก\nก,ทอผ้า\n", encoding="utf-8")
    lines.clear()
    figures = pq.report([5], ["south", "north"], heldout=heldout, out=lines.append)
    assert figures["south-1.csv"] == figures["south"]
    assert any(line.lstrip().startswith("south-1.csv") for line in lines)
    assert any("north-1.csv: cannot be read" in line for line in lines)


def test_a_proposer_that_fails_is_reported_and_scored_as_proposing_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(code: str, homes: list[Household]) -> pq.Proposed:
        if any("้้" in h.occupation_main for h in homes):
            raise IndexError("string index out of range")
        return []

    monkeypatch.setattr(pq, "_proposer", lambda: broken)
    homes = (pq.Home(_home("a", main="ไม้กวาด"), "ไม้กวาด"),
             pq.Home(_home("b", main="ไม้้กวาด"), "ไม้กวาด"))  # fmt: skip
    found, proposed, failure = pq.run(pq.Village("v", "52120505", homes))
    assert proposed == [] and found.recall == 0.0
    assert "IndexError" in failure and "ไม้้กวาด" in failure


def test_seeds_are_read_as_ranges_and_lists() -> None:
    assert pq.parse_seeds("9001-9004") == [9001, 9002, 9003, 9004]
    assert pq.parse_seeds("1-3,9") == [1, 2, 3, 9]
