"""The household's follow-up (schema 1.5): whether it practises its programme occupation, and
when that was found. Typed on the form and with ``households add/set``, carried by the CSV
export and import, refused in words when it is after today or has no date, and free in a
bundle while a household has none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from textual.widgets import Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.cli import main
from sammachip_tui.model.records import Household
from sammachip_tui.reports.household_export import household_rows
from sammachip_tui.screens.household import HouseholdScreen
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until

VILLAGE = "52120505"


def _rows(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "households", "list", "--village", VILLAGE,
                 "--json"]) == 0  # fmt: skip
    return list(orjson.loads(capsys.readouterr().out))


def _village(data_dir: Path) -> None:
    """The village, made as officers make it: by importing a list (here of one household)."""
    seed = data_dir.parent / "seed.csv"
    seed.write_text(f"รหัสหมู่บ้าน,ชื่อ\n{VILLAGE},ตั้งต้น\n", "utf-8")
    assert main(["--data-dir", str(data_dir), "households", "import", str(seed)]) == 0


def test_cli_sets_the_follow_up_and_refuses_it_undated_or_in_the_future(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data_dir), "--lang", "en", "households"]
    _village(data_dir)
    capsys.readouterr()
    assert main([*base, "add", "--village", VILLAGE, "first_name=บุญมี", "trained=yes"]) == 0
    rid = capsys.readouterr().out.split()[-1]
    journal = (data_dir / "journal.jsonl").stat().st_size
    where = ["--village", VILLAGE, "--id", rid]
    assert main([*base, "set", *where, "practising=yes"]) == 2
    err = capsys.readouterr().err
    assert "follow-up needs its date" in err and "Traceback" not in err
    assert main([*base, "set", *where, "followed_up=23/11/2569"]) == 2  # the day after today
    assert "cannot be after today" in capsys.readouterr().err
    assert (data_dir / "journal.jsonl").stat().st_size == journal  # nothing written
    assert main([*base, "set", *where, "followed_up=๒๐/๑๑/๒๕๖๙", "practising=ใช่"]) == 0
    [row] = [r for r in _rows(data_dir, capsys) if r["id"] == rid]
    assert (row["followed_up"], row["practising"]) == ("2026-11-20", True)
    assert main([*base, "add", "--village", VILLAGE, "first_name=บุญมา", "practising=no"]) == 2
    assert "follow-up needs its date" in capsys.readouterr().err
    # clearing: "practising" first, then its date (the other way round is refused)
    assert main([*base, "set", *where, "followed_up="]) == 2
    assert main([*base, "set", *where, "practising="]) == 0
    assert main([*base, "set", *where, "followed_up="]) == 0
    [row] = [r for r in _rows(data_dir, capsys) if r["id"] == rid]
    assert (row["followed_up"], row["practising"]) == (None, None)


def test_csv_export_and_import_carry_the_follow_up(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data_dir), "--lang", "en", "households"]
    _village(data_dir)
    main([*base, "add", "--village", VILLAGE, "first_name=บุญมี", "followed_up=1/10/2569",
          "practising=no"])  # fmt: skip
    main([*base, "add", "--village", VILLAGE, "first_name=บุญมา"])
    out = tmp_path / "out.csv"
    assert main([*base, "export", str(out)]) == 0
    text = out.read_text("utf-8-sig")
    header, *lines = text.splitlines()
    assert "วันที่ติดตามผล" in header and "ประกอบอาชีพที่ส่งเสริม" in header
    [first] = [line for line in lines if "บุญมี" in line]
    assert "1/10/2569" in first and "ไม่ใช่" in first
    # into another workspace: the same follow-up, and none for the household without one
    other = tmp_path / "other"
    (tmp_path / "p.txt").write_text("ห้างฉัตร-2569\n", "utf-8")
    init = ["init", "--device-name", "b", "--role", "field", "--district", "5212",
            "--passphrase-file", str(tmp_path / "p.txt")]  # fmt: skip
    assert main(["--data-dir", str(other), *init]) == 0
    assert main(["--data-dir", str(other), "households", "import", str(out)]) == 0
    rows = {r["first_name"]: r for r in _rows(other, capsys)}
    assert (rows["บุญมี"]["followed_up"], rows["บุญมี"]["practising"]) == ("2026-10-01", False)
    assert (rows["บุญมา"]["followed_up"], rows["บุญมา"]["practising"]) == (None, None)


def test_import_refuses_an_undated_or_future_follow_up(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text(
        "รหัสหมู่บ้าน,ชื่อ,วันที่ติดตามผล,ประกอบอาชีพที่ส่งเสริม\n"
        f"{VILLAGE},ก,,ใช่\n"
        f"{VILLAGE},ข,1/1/2570,ใช่\n"
        f"{VILLAGE},ค,1/11/2569,ใช่\n",
        "utf-8",
    )
    code = main(["--data-dir", str(data_dir), "--lang", "en", "households", "import", str(csv)])
    assert code == 1  # some rows rejected
    out = capsys.readouterr()
    assert "follow-up needs its date" in out.out + out.err
    assert "cannot be after today" in out.out + out.err
    assert [r["first_name"] for r in _rows(data_dir, capsys)] == ["ค"]


def test_a_household_without_a_follow_up_costs_no_bytes() -> None:
    plain = Household(village_code=VILLAGE, first_name="ก")
    assert "practising" not in plain.fields() and "followed_up" not in plain.fields()
    followed = Household(village_code=VILLAGE, first_name="ก", practising=False,
                         followed_up=dt.date(2026, 10, 1))  # fmt: skip
    assert followed.fields()["practising"] is False
    assert followed.fields()["followed_up"] == "2026-10-01"
    [_header, row] = household_rows([followed], english=True)
    assert "no" in row and "1/10/2569" in row


async def test_the_form_types_the_follow_up(demo_workspace: Workspace) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, HouseholdScreen)
        practising = app.screen.query_one("#f-practising", Input)
        practising.focus()
        await pilot.pause()
        await type_text(pilot, "ใช่")
        await pilot.press("enter")  # no date yet: refused, the text stays
        await until(pilot, lambda: practising.has_class("-invalid"), "the refusal")
        shown = str(app.screen.query_one("#p-practising", Static).render())
        assert "วันที่" in shown and practising.value == "ใช่"
        date = app.screen.query_one("#f-followed_up", Input)
        date.focus()
        await pilot.pause()
        await type_text(pilot, "1/11/2569")
        await pilot.press("enter")
        await until(pilot, lambda: app.focused is practising, "on to practising")
        await pilot.press("enter")
        await until(pilot, lambda: not practising.has_class("-invalid"), "saved")
        demo_workspace.submit([]).result(timeout=10)
    after = next(h for h in households(demo_workspace, VILLAGE) if h.id == first.id)
    assert (after.followed_up, after.practising) == (dt.date(2026, 11, 1), True)
