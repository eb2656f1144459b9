"""The officer teaches the proposer: merge, split, "not a group occupation", undo, and the
livelihoods switched on for a village; by the store, the command line and a sync.

Households are written the way the matcher of today reads clearly (จักสาน, ทอผ้า, เพาะเห็ด,
ทำนา, ร้อยลูกปัด); what is asserted is who ends up in which proposal, never a score or a key
of the knowledge base.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.grouping.lessons import Lesson, overrides
from sammachip_tui.grouping.proposer import Rules
from sammachip_tui.grouping.text import text_key
from sammachip_tui.store import lessons as sl
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.op_checks import op_problem
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.workspace import Change, Workspace

from .conftest import district_device

VILLAGE = "52120505"
OTHER_VILLAGE = "52120506"  # same district


def homes_doing(ws: Workspace, village: str, text: str, n: int, start: int = 1) -> None:
    ws.commit([
        Change("household", village, {"village_code": village, "house_no": str(k),
               "first_name": f"สมาชิก{k}", "occupation_main": text, "volunteer": "yes"})
        for k in range(start, start + n)
    ])  # fmt: skip


def groups(ws: Workspace, village: str = VILLAGE) -> list[set[str]]:
    """Each proposal as the set of house numbers in it (house numbers say what they do)."""
    result = sp.proposal_set(ws, village)
    return sorted(({m.household.house_no for m in p.members} for p in result.proposals),
                  key=lambda s: sorted(s))  # fmt: skip


def key_of(ws: Workspace, house_no: str, village: str = VILLAGE) -> str:
    result = sp.proposal_set(ws, village)
    return next(p.key for p in result.proposals
                if house_no in {m.household.house_no for m in p.members})  # fmt: skip


BASKETS = {str(k) for k in range(1, 6)}
BEADS = {str(k) for k in range(11, 16)}


@pytest.fixture
def two_crafts(workspace: Workspace) -> Workspace:
    homes_doing(workspace, VILLAGE, "จักสาน", 5)
    homes_doing(workspace, VILLAGE, "ร้อยลูกปัด", 5, start=11)
    return workspace


def test_merging_two_proposals_makes_one_and_undo_brings_them_back(two_crafts) -> None:
    ws = two_crafts
    assert groups(ws) == [BASKETS, BEADS]
    result = sp.proposal_set(ws, VILLAGE)
    [op] = ws.commit([sl.merge(ws, result, key_of(ws, "1"), key_of(ws, "11"))])
    assert groups(ws) == [BASKETS | BEADS]
    # For the whole district: another village's bead makers join its basket makers.
    homes_doing(ws, OTHER_VILLAGE, "จักสาน", 3)
    homes_doing(ws, OTHER_VILLAGE, "ร้อย ลูกปัด", 2, start=11)  # typed with a space
    assert groups(ws, OTHER_VILLAGE) == [{"1", "2", "3", "11", "12"}]
    assert [p.basis for p in sp.proposal_set(ws, OTHER_VILLAGE).proposals] == ["occupation"]
    ws.commit([sl.undo(ws, op.record)])
    assert groups(ws) == [BASKETS, BEADS]
    # Undone: two crafts again, too few apart; five together only by their occupation type.
    assert sp.proposal_set(ws, OTHER_VILLAGE).proposals == []
    by_type = sp.proposal_set(ws, OTHER_VILLAGE, rules=Rules(by_type=True)).proposals
    assert [p.basis for p in by_type] == ["type"]


def test_splitting_a_proposal_makes_a_named_one_of_the_texts_chosen(workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทอผ้าไหม", 6)
    homes_doing(workspace, VILLAGE, "ทอผ้าฝ้าย", 5, start=11)
    assert groups(workspace) == [{str(k) for k in range(1, 7)} | BEADS]
    result = sp.proposal_set(workspace, VILLAGE)
    key = key_of(workspace, "1")
    workspace.commit([sl.split(workspace, result, key, ["ทอผ้าฝ้าย"], "ทอผ้าฝ้ายย้อมคราม")])
    assert groups(workspace) == [{str(k) for k in range(1, 7)}, BEADS]
    names = {p.craft.name_th for p in sp.proposal_set(workspace, VILLAGE).proposals}
    assert "ทอผ้าฝ้ายย้อมคราม" in names


def test_not_a_group_occupation_leaves_its_households_out_and_says_why(workspace) -> None:
    homes_doing(workspace, VILLAGE, "เพาะเห็ด", 5)
    assert groups(workspace) == [BASKETS]
    [op] = workspace.commit([sl.exclude(workspace, "เพาะเห็ด")])
    result = sp.proposal_set(workspace, VILLAGE)
    assert result.proposals == []
    assert all("เพาะเห็ด" in x.reason for x in result.left) and len(result.left) == 5
    workspace.commit([sl.undo(workspace, op.record)])
    assert groups(workspace) == [BASKETS]


def test_a_livelihood_is_proposed_only_where_it_is_switched_on(workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทำนา", 5)
    homes_doing(workspace, OTHER_VILLAGE, "ทำนา", 5)
    assert groups(workspace) == []
    rice = sp.matcher(workspace).match("ทำนา").craft
    assert rice in {c.key for c in sl.base_families(sp.matcher(workspace).lexicon)}
    lexicon = sp.matcher(workspace).lexicon
    workspace.commit(sl.switch_livelihoods(workspace, VILLAGE, lexicon, on=[str(rice)]))
    assert groups(workspace) == [BASKETS]
    assert groups(workspace, OTHER_VILLAGE) == []  # a village's own setting
    workspace.commit(sl.switch_livelihoods(workspace, VILLAGE, lexicon, off=[str(rice)]))
    assert groups(workspace) == []
    with pytest.raises(sl.LessonError, match="weaving"):
        sl.switch_livelihoods(workspace, VILLAGE, lexicon, on=["weaving"])


def test_what_cannot_be_taught_is_refused_with_the_reason(two_crafts) -> None:
    ws = two_crafts
    result = sp.proposal_set(ws, VILLAGE)
    a = key_of(ws, "1")
    with pytest.raises(sl.LessonError):
        sl.merge(ws, result, a, a)  # with itself
    with pytest.raises(sl.LessonError, match="nope"):
        sl.merge(ws, result, a, "nope")
    homes_doing(ws, VILLAGE, "จักสานไม้ไผ่", 2, start=21)
    result = sp.proposal_set(ws, VILLAGE)
    for texts, name in (([], "x"), (["จักสาน", "จักสานไม้ไผ่"], "x"), (["จักสาน"], " "),
                        (["ทอผ้า"], "x")):  # fmt: skip
        with pytest.raises(sl.LessonError):
            sl.split(ws, result, a, texts, name)
    with pytest.raises(sl.LessonError):
        sl.exclude(ws, " (5) ")
    with pytest.raises(sl.LessonError):
        sl.undo(ws, "AAAAAAAA.1")
    assert ws.records("52120000", "lesson") == []


def test_the_latest_lesson_about_a_text_wins_and_undone_ones_count_for_nothing() -> None:
    first = Lesson("A.1", "merge", ("ร้อยลูกปัด",), family="basketry", stamp="1")
    later = Lesson("B.1", "exclude", ("ร้อย ลูกปัด",), stamp="2")
    assert overrides([later, first]) == {text_key("ร้อยลูกปัด"): None}
    undone = Lesson("B.1", "exclude", ("ร้อยลูกปัด",), stamp="2", deleted=True)
    assert overrides([first, undone]) == {text_key("ร้อยลูกปัด"): "basketry"}


def test_a_malformed_lesson_from_another_device_is_refused() -> None:
    stamp = make_stamp(1_790_000_000_000, 0, "AAAAAAAA")

    def problem(values: dict) -> str | None:
        return op_problem(Op("AAAAAAAA", 1, stamp, "lesson", "AAAAAAAA.1", "52120000", values))

    good = {"village_code": "52120000", "kind": "merge", "texts": ["จักสาน"], "family": "x"}
    assert problem(good) is None
    assert problem({**good, "kind": "rename"}) is not None
    assert problem({**good, "texts": "จักสาน"}) is not None
    assert problem({**good, "texts": []}) is not None
    assert problem({**good, "texts": ["  "]}) is not None
    assert problem({**good, "occupation_type": "astrology"}) is not None
    village = {"village_code": VILLAGE, "livelihoods": "rice"}
    assert op_problem(Op("AAAAAAAA", 1, stamp, "village", VILLAGE, VILLAGE, village))
    # Filed under a village it would be kept and never apply: refused.
    astray = {**good, "village_code": VILLAGE}
    assert op_problem(Op("AAAAAAAA", 1, stamp, "lesson", "AAAAAAAA.1", VILLAGE, astray))
    assert problem({**good, "texts": ["จักสาน" * 100]}) is not None  # 600 characters


def test_a_text_too_long_to_travel_is_refused_before_it_is_saved(workspace) -> None:
    before = workspace.sequence
    with pytest.raises(sl.LessonError, match="300"):
        sl.exclude(workspace, "ทำ" * 200)
    assert workspace.sequence == before


def test_lessons_and_livelihoods_travel_to_another_device(tmp_path: Path) -> None:
    from sammachip_tui.sync import bundle as sb

    field = district_device(tmp_path, "field", "field")
    central = district_device(tmp_path, "office", "central")
    try:
        homes_doing(field, VILLAGE, "จักสาน", 5)
        homes_doing(field, VILLAGE, "ร้อยลูกปัด", 5, start=11)
        homes_doing(field, VILLAGE, "เพาะเห็ด", 5, start=21)
        homes_doing(field, VILLAGE, "ทำนา", 5, start=31)
        result = sp.proposal_set(field, VILLAGE)
        lexicon = sp.matcher(field).lexicon
        rice = str(sp.matcher(field).match("ทำนา").craft)
        field.commit([
            sl.merge(field, result, key_of(field, "1"), key_of(field, "11")),
            sl.exclude(field, "เพาะเห็ด"),
            *sl.switch_livelihoods(field, VILLAGE, lexicon, on=[rice]),
        ])  # fmt: skip
        expected = groups(field)
        assert expected == [BASKETS | BEADS, {str(k) for k in range(31, 36)}]
        out = sb.build_bundle(field, sb.CENTRAL)
        assert out is not None
        sb.receive_message(central, out.message)
        sb.accept_device(central, field.device.device_id)
        assert groups(central) == expected
        assert len(sl.lesson_records(central)) == 2
    finally:
        field.close()
        central.close()


# ---------------------------------------------------------------------- the command line
def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def cli_groups(data_dir: Path, capsys) -> list[set[str]]:
    capsys.readouterr()
    assert run(data_dir, "propose", "--village", VILLAGE, "--json") == 0
    doc = orjson.loads(capsys.readouterr().out)
    return sorted(({h["house_no"] for h in p["households"]} for p in doc["proposals"]),
                  key=lambda s: sorted(s))  # fmt: skip


@pytest.fixture
def cli_village(data_dir: Path, capsys) -> tuple[Path, tuple[str, str]]:
    ws = Workspace.open(data_dir)
    try:
        homes_doing(ws, VILLAGE, "จักสาน", 5)
        homes_doing(ws, VILLAGE, "ร้อยลูกปัด", 5, start=11)
        homes_doing(ws, VILLAGE, "ทำนา", 5, start=31)
        keys = (key_of(ws, "1"), key_of(ws, "11"))
    finally:
        ws.close()
    capsys.readouterr()
    return data_dir, keys


def test_teach_list_and_undo_from_the_command_line(cli_village, capsys) -> None:
    data_dir, (baskets, beads) = cli_village
    assert run(data_dir, "occupations", "teach", "merge", "--village", VILLAGE, baskets,
               beads) == 0  # fmt: skip
    assert "undo" in capsys.readouterr().out
    assert cli_groups(data_dir, capsys) == [BASKETS | BEADS]
    assert run(data_dir, "occupations", "teach", "exclude", "ทำนา") == 0
    capsys.readouterr()
    assert run(data_dir, "occupations", "lessons", "--json") == 0
    lessons = orjson.loads(capsys.readouterr().out)
    assert [x["kind"] for x in lessons] == ["merge", "exclude"]
    assert set(lessons[0]["texts"]) == {"จักสาน", "ร้อยลูกปัด"}
    assert run(data_dir, "occupations", "undo", lessons[0]["id"]) == 0
    assert cli_groups(data_dir, capsys) == [BASKETS, BEADS]
    key = next(iter(cli_groups_keys(data_dir, capsys)))
    assert run(data_dir, "occupations", "teach", "split", "--village", VILLAGE, key,
               "--text", "ร้อยลูกปัด", "--name", "x") == 2  # all of its texts  # fmt: skip


def cli_groups_keys(data_dir: Path, capsys) -> list[str]:
    capsys.readouterr()
    assert run(data_dir, "propose", "--village", VILLAGE, "--json") == 0
    doc = orjson.loads(capsys.readouterr().out)
    return [p["key"] for p in doc["proposals"] if p["households"][0]["house_no"] == "11"]


def test_livelihoods_from_the_command_line(cli_village, capsys) -> None:
    data_dir, _keys = cli_village
    assert run(data_dir, "occupations", "livelihoods", "--village", VILLAGE, "--json") == 0
    rows = orjson.loads(capsys.readouterr().out)
    assert rows and not any(r["on"] for r in rows)
    ws = Workspace.open(data_dir)
    try:
        rice = str(sp.matcher(ws).match("ทำนา").craft)
    finally:
        ws.close()
    assert run(data_dir, "occupations", "livelihoods", "--village", VILLAGE, "--on", rice,
               "--json") == 0  # fmt: skip
    assert [r["key"] for r in orjson.loads(capsys.readouterr().out) if r["on"]] == [rice]
    assert {str(k) for k in range(31, 36)} in cli_groups(data_dir, capsys)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["teach", "merge", "--village", VILLAGE, "nope", "nope2"], "No proposal nope"),
        (["teach", "merge", "--village", "52129999", "a", "b"], "No village 52129999"),
        (["teach", "split", "--village", VILLAGE, "nope", "--text", "x", "--name", "y"],
         "No proposal nope"),
        (["teach", "exclude", "  "], "Type the occupation text"),
        (["undo", "AAAAAAAA.9"], "No lesson AAAAAAAA.9"),
        (["livelihoods", "--village", VILLAGE, "--on", "nothing"], "nothing is not a livelihood"),
    ],
)  # fmt: skip
def test_bad_teaching_commands_say_why_and_change_nothing(
    cli_village, capsys, args: list[str], message: str
) -> None:
    data_dir, _keys = cli_village
    journal = (data_dir / "journal.jsonl").read_bytes()
    assert run(data_dir, "occupations", *args) == 2
    assert message in capsys.readouterr().err
    assert (data_dir / "journal.jsonl").read_bytes() == journal


def test_lessons_and_livelihoods_are_backed_up_and_restored(cli_village, tmp_path, capsys) -> None:
    data_dir, (baskets, beads) = cli_village
    assert run(data_dir, "occupations", "teach", "merge", "--village", VILLAGE, baskets,
               beads) == 0  # fmt: skip
    assert run(data_dir, "occupations", "livelihoods", "--village", VILLAGE, "--on", "rice") == 0
    assert run(data_dir, "backup", str(tmp_path / "usb")) == 0
    new = tmp_path / "replacement"
    assert run(new, "restore", str(tmp_path / "usb"), "--passphrase-file",
               str(tmp_path / "pass.txt")) == 0  # fmt: skip
    with Workspace.open(new) as ws:
        assert [x.kind for x in sl.lesson_records(ws)] == ["merge"]
        assert sl.livelihoods(ws, VILLAGE) == ["rice"]
        assert groups(ws) == [BASKETS | BEADS, {str(k) for k in range(31, 36)}]


def test_a_merge_into_a_family_since_undone_teaches_nothing(workspace) -> None:
    ws = workspace
    homes_doing(ws, VILLAGE, "ทอผ้าไหม", 6)
    homes_doing(ws, VILLAGE, "ทอผ้าฝ้าย", 6, start=11)
    homes_doing(ws, VILLAGE, "ร้อยลูกปัด", 5, start=21)
    r = sp.proposal_set(ws, VILLAGE)
    [split_op] = ws.commit([sl.split(ws, r, key_of(ws, "1"), ["ทอผ้าไหม"], "ทอผ้าไหม")])
    r = sp.proposal_set(ws, VILLAGE)
    ws.commit([sl.merge(ws, r, key_of(ws, "1"), key_of(ws, "21"))])
    ws.commit([sl.undo(ws, split_op.record)])
    names = [p.craft.name_th for p in sp.proposal_set(ws, VILLAGE).proposals]
    assert not any(n.startswith("taught:") for n in names), names
