"""``sammachip network``: every action from the command line, through the one save path;
refusals are said (exit 2) and save nothing."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.store.workspace import Workspace
from tests.network_helpers import V2, groups


def run(data_dir: Path, *args: str, lang: str = "en") -> int:
    return main(["--data-dir", str(data_dir), "--lang", lang, *args])


@pytest.fixture
def made(data_dir: Path, capsys) -> dict[str, str]:
    with Workspace.open(data_dir) as ws:
        farm, mill = groups(ws, "กลุ่มปลูกข้าว", "กลุ่มโรงสีชุมชน")
        [shop] = groups(ws, "กลุ่มร้านค้าชุมชน", village=V2)
        groups(ws, "กลุ่มไม่มีเครือข่าย")
    capsys.readouterr()
    return {"farm": farm, "mill": mill, "shop": shop}


def listed(data_dir: Path, capsys, *group: str) -> list[dict]:
    assert run(data_dir, "network", "list", *group, "--json") == 0
    return orjson.loads(capsys.readouterr().out)


def test_link_edit_list_show_and_unlink(data_dir: Path, made: dict[str, str], capsys) -> None:
    g = ["--group", made["farm"]]
    assert run(data_dir, "network", "link", *g, "partner=กลุ่มโรงสีชุมชน", "kind=supplies",
               "exchanges=วัตถุดิบ", "since=1/6/2568") == 0  # fmt: skip
    link_id = capsys.readouterr().out.split("id: ")[1].strip()
    assert run(data_dir, "network", "link", "--group", made["shop"], "partner=กลุ่มโรงสีชุมชน",
               "kind=sells for the partner") == 0  # fmt: skip
    assert run(data_dir, "network", "edit", "--link", link_id, "exchanges=materials, markets",
               "note=ข้าวเปลือก") == 0  # fmt: skip
    assert "Saved link" in capsys.readouterr().out
    [mine] = listed(data_dir, capsys, *g)
    assert mine["partner_name"] == "กลุ่มโรงสีชุมชน" and mine["exchanges"] == ["materials", "markets"]
    theirs = listed(data_dir, capsys, "--group", made["mill"])
    assert {x["partner_name"] for x in theirs} == {"กลุ่มปลูกข้าว", "กลุ่มร้านค้าชุมชน"}
    assert not any(x["recorded_here"] for x in theirs)
    assert run(data_dir, "network", "list") == 0
    out = capsys.readouterr().out
    assert "is supplied" not in out and "supplies the partner" in out  # each link once
    assert run(data_dir, "network", "show") == 0
    out = capsys.readouterr().out
    assert "3 groups in the network · 2 links" in out and "1 group without links" in out
    row = next(line for line in out.splitlines() if "กลุ่มโรงสีชุมชน" in line)
    assert row.index("กลุ่มปลูกข้าว") < row.index("กลุ่มโรงสีชุมชน") < row.index("กลุ่มร้านค้า")
    assert run(data_dir, "network", "unlink", "--link", link_id) == 0
    assert "Deleted link" in capsys.readouterr().out
    assert [x["id"] for x in listed(data_dir, capsys, *g)] == []


def test_a_partner_elsewhere_is_said_where_it_is(data_dir: Path, made: dict[str, str],
                                                 capsys) -> None:  # fmt: skip
    assert run(data_dir, "network", "link", "--group", made["farm"], "partner_village=10010203",
               "partner_name=กลุ่มข้าวบางรัก", "kind=same_product") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Partner's village: Moo 3" in out and "Bangkok" in out
    assert run(data_dir, "network", "link", "--group", made["mill"], "partner_village=99990101",
               "partner_name=กลุ่มที่ไหน", "kind=other") == 0  # fmt: skip
    assert "not in the list of areas" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["partner=กลุ่มปลูกข้าว", "kind=other"], "cannot be linked to itself"),
        (["partner=กลุ่มไม่มี", "kind=other"], "No group กลุ่มไม่มี on this device"),
        (["partner_village=1234", "partner_name=x", "kind=other"], "8 digits"),
        (["partner=กลุ่มโรงสีชุมชน", "kind=friends"], "one of same product"),
        (["partner=กลุ่มโรงสีชุมชน", "colour=red"], "Not FIELD=VALUE"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_exit_2(
    data_dir: Path, made: dict[str, str], capsys, args: list[str], reason: str
) -> None:
    before = (data_dir / "journal.jsonl").read_bytes()
    assert run(data_dir, "network", "link", "--group", made["farm"], *args) == 2
    assert reason in capsys.readouterr().err
    assert (data_dir / "journal.jsonl").read_bytes() == before


def test_the_same_link_twice_and_an_unknown_link_are_refused(
    data_dir: Path, made: dict[str, str], capsys
) -> None:
    g = ["--group", made["farm"]]
    assert run(data_dir, "network", "link", *g, "partner=กลุ่มโรงสีชุมชน", "kind=same_product",
               "since=1/1/2568") == 0  # fmt: skip
    assert run(data_dir, "network", "link", "--group", made["mill"], "partner=กลุ่มปลูกข้าว",
               "kind=same_product") == 2  # fmt: skip
    assert "already linked (same product) since 1/1/2568" in capsys.readouterr().err
    assert run(data_dir, "network", "unlink", "--link", "nope") == 2
    assert "No link nope" in capsys.readouterr().err
    assert run(data_dir, "network", "list", "--group", "nope") == 2


def test_in_thai_the_words_are_thai(data_dir: Path, made: dict[str, str], capsys) -> None:
    assert run(data_dir, "network", "link", "--group", made["farm"], "partner=กลุ่มโรงสีชุมชน",
               "kind=ส่งวัตถุดิบให้กลุ่มคู่", lang="th") == 0  # fmt: skip
    assert run(data_dir, "network", "list", "--group", made["mill"], lang="th") == 0
    out = capsys.readouterr().out
    assert "supplied" not in out and "กลุ่มปลูกข้าว" in out


def test_show_one_group_and_a_list_when_the_picture_is_wider_than_the_terminal(
    data_dir: Path, made: dict[str, str], capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(data_dir, "network", "link", "--group", made["farm"], "partner=กลุ่มโรงสีชุมชน",
        "kind=supplies")  # fmt: skip
    run(data_dir, "network", "link", "--group", made["shop"], "partner=กลุ่มไม่มีเครือข่าย",
        "kind=other")  # fmt: skip
    capsys.readouterr()
    assert run(data_dir, "network", "show", "--group", made["mill"]) == 0
    out = capsys.readouterr().out
    assert "2 groups in the network · 1 link" in out and "without links" not in out
    assert "▶กลุ่มโรงสีชุมชน" in out and "กลุ่มร้านค้าชุมชน" not in out
    monkeypatch.setenv("COLUMNS", "20")
    assert run(data_dir, "network", "show") == 0
    out = capsys.readouterr().out
    assert "wider than the terminal" in out and "▶" not in out
    assert "กลุ่มปลูกข้าว\t52120505\tsupplies the partner\tกลุ่มโรงสีชุมชน" in out
    assert run(data_dir, "network", "show", "--graph") == 0
    assert "▶กลุ่มโรงสีชุมชน" in capsys.readouterr().out
