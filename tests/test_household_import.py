"""Importing and exporting household lists as officers bring them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sammachip_tui.i18n import set_language
from sammachip_tui.model.thai import to_thai_digits
from sammachip_tui.reports.household_export import export_households
from sammachip_tui.store.household_import import ImportFileError, import_households
from sammachip_tui.store.register import households, summaries
from sammachip_tui.store.workspace import Workspace

VILLAGE = "52120505"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]], *, bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_sample_imports_all_200_households(workspace: Workspace, sample_csv: Path) -> None:
    report = import_households(workspace, sample_csv)
    assert (report.created, report.errors, report.villages_created) == (200, [], [VILLAGE])
    homes = households(workspace, VILLAGE)
    assert len(homes) == 200
    first = next(h for h in homes if h.house_no == "113")
    assert first.full_name == "นายบุญมา จันทร์แก้ว"
    assert first.occupation_main == "จักสาน"
    assert first.income_month == 20500 and first.expense_month == 15000
    assert first.is_sammachip and first.trained and first.volunteer.value == "yes"
    [summary] = summaries(workspace)
    assert (summary.households, summary.volunteers, summary.trained) == (200, 131, 140)


def test_second_import_adds_nothing(workspace: Workspace, sample_csv: Path) -> None:
    import_households(workspace, sample_csv)
    journal_size = (workspace.data_dir / "journal.jsonl").stat().st_size
    again = import_households(workspace, sample_csv)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 200)
    assert len(households(workspace, VILLAGE)) == 200
    assert (workspace.data_dir / "journal.jsonl").stat().st_size == journal_size


def test_changed_row_updates_the_household(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    import_households(workspace, sample_csv)
    rows = _rows(sample_csv)
    rows[1][11] = "25000"  # income of house 113
    report = import_households(workspace, _write(tmp_path / "changed.csv", rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 199)
    assert (
        next(h for h in households(workspace, VILLAGE) if h.house_no == "113").income_month == 25000
    )


def test_bad_rows_are_reported_by_line_and_left_out(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    rows = _rows(sample_csv)[:11]  # header + 10 households, lines 2..11
    rows[2][6] = "1101700230709"  # line 3: wrong check digit
    rows[4][11] = "หนึ่งหมื่น"  # line 5: text where the income belongs
    rows[6][4] = ""  # line 7: no first name
    rows[8][0] = "99999999"  # line 9: no such subdistrict
    set_language("en")
    report = import_households(workspace, _write(tmp_path / "bad.csv", rows))
    assert report.created == 6
    lines = {e.line: e.message for e in report.errors}
    assert sorted(lines) == [3, 5, 7, 9]
    assert "checksum" in lines[3]
    assert "not a number" in lines[5] and "หนึ่งหมื่น" in lines[5]
    assert "first name is missing" in lines[7]
    assert "unknown village code 99999999" in lines[9]
    house_nos = {h.house_no for h in households(workspace, VILLAGE)}
    assert house_nos == {rows[i][1] for i in (1, 3, 5, 7, 9, 10)}


def test_bad_row_messages_are_in_thai_by_default(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    rows = _rows(sample_csv)[:3]
    rows[1][6] = "1101700230709"
    report = import_households(workspace, _write(tmp_path / "bad.csv", rows))
    assert report.errors[0].line == 2
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in report.errors[0].message


def test_thai_digits_bom_and_english_headers(
    workspace: Workspace, tmp_path: Path, sample_csv: Path
) -> None:
    rows = _rows(sample_csv)[:4]
    rows[0] = [
        "village_code",
        "house_no",
        "house_code",
        "title",
        "first_name",
        "last_name",
        "national_id",
        "members",
        "occupation_main",
        "occupation_secondary",
        "skills",
        "income_month",
        "expense_month",
        "trained",
        "volunteer",
        "phone",
    ]
    for row in rows[1:]:
        for i in (0, 1, 6, 7, 11, 12):
            row[i] = to_thai_digits(row[i])
    report = import_households(workspace, _write(tmp_path / "en.csv", rows, bom=True))
    assert (report.created, report.errors) == (3, [])
    imported = {h.house_no: h for h in households(workspace, VILLAGE)}
    original = _rows(sample_csv)[1]
    assert imported[original[1]].income_month == float(original[11])


def test_duplicate_rows_in_one_file(workspace: Workspace, sample_csv: Path, tmp_path: Path) -> None:
    rows = _rows(sample_csv)[:3]
    rows.append(list(rows[1]))
    report = import_households(workspace, _write(tmp_path / "dup.csv", rows))
    assert report.created == 2
    assert [(e.line, "line 2" in e.message or "บรรทัด 2" in e.message) for e in report.errors] == [
        (4, True)
    ]


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage\x00", "ชื่อ,อื่นๆ\nก,ข\n".encode()])
def test_unusable_files_change_nothing(
    workspace: Workspace, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError):
        import_households(workspace, path)
    assert workspace.villages() == []


def test_export_masks_ids_and_imports_back(demo_workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert export_households(demo_workspace, out) == 200
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _rows(out)
    assert rows[0][:3] == ["รหัสหมู่บ้าน", "บ้านเลขที่", "รหัสประจำบ้าน"]
    ids = [r[6] for r in rows[1:] if r[6]]
    assert ids and all(i.startswith("x-xxxx-xxxxx-") for i in ids)
    # Re-importing a masked export changes nothing (a mask never overwrites a real ID).
    again = import_households(demo_workspace, out)
    assert (again.created, again.updated, again.errors) == (0, 0, [])


def test_unmasked_export(demo_workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "full.csv"
    export_households(demo_workspace, out, unmasked=True, english=True)
    rows = _rows(out)
    assert rows[0][6] == "national_id"
    assert any(len(r[6]) == 13 and r[6].isdigit() for r in rows[1:])
