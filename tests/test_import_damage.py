"""The officer's own file (../shared/data/village-200.csv), damaged as files get damaged:
cut rows, stray quotes, a huge cell, UTF-16 without a byte-order mark, NUL bytes, a header
written twice. Each damaged row is reported with its line and reason and changes nothing;
every other row still goes in, and nothing stored is ever erased by a cell that is empty."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.i18n import set_language
from sammachip_tui.model.household_fields import FieldError, parse_value
from sammachip_tui.model.records import Household
from sammachip_tui.store.csv_rows import MAX_ROW_CHARS
from sammachip_tui.store.household_import import ImportFileError, import_households
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

VILLAGE = "52120505"
HOUSE_113 = "52122734485"  # house code of line 2 (house 113, นายบุญมา จันทร์แก้ว)


def _lines(sample_csv: Path) -> list[str]:
    return sample_csv.read_text("utf-8").splitlines()


def _save(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _by_code(ws: Workspace) -> dict[str, Household]:
    return {h.house_code: h for h in households(ws, VILLAGE)}


def _cells(line: str) -> list[str]:
    return line.split(",")  # the sample has no quoted cells


# --- item 8: short rows, blank cells, stray quotes -------------------------------------------


def test_a_short_row_is_rejected_and_erases_nothing(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    import_households(workspace, sample_csv)
    before = _by_code(workspace)[HOUSE_113]
    lines = _lines(sample_csv)
    lines[1] = ",".join(_cells(lines[1])[:5])  # the row cut after the first name
    set_language("en")
    report = import_households(workspace, _save(tmp_path / "cut.csv", lines[:3]))
    assert [e.line for e in report.errors] == [2]
    assert "5 columns" in report.errors[0].message and "16" in report.errors[0].message
    assert (report.updated, report.unchanged) == (0, 1)
    assert _by_code(workspace)[HOUSE_113] == before


def test_a_row_with_too_many_columns_is_rejected(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    lines = _lines(sample_csv)[:4]
    lines[2] += ",เกิน,อีก"
    set_language("en")
    report = import_households(workspace, _save(tmp_path / "long.csv", lines))
    assert [(e.line, "18 columns" in e.message) for e in report.errors] == [(3, True)]
    assert report.created == 2


def test_trailing_empty_cells_are_not_a_wrong_row(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    """A spreadsheet that pads rows with empty cells past the header: nothing is lost."""
    lines = [line + ",," for line in _lines(sample_csv)[:4]]
    lines[0] = _lines(sample_csv)[0]
    report = import_households(workspace, _save(tmp_path / "pad.csv", lines))
    assert (report.created, report.errors) == (3, [])


def test_an_empty_cell_never_overwrites_a_stored_value(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    import_households(workspace, sample_csv)
    lines = _lines(sample_csv)
    cells = _cells(lines[1])
    for i in (5, 8, 9, 10, 11, 15):  # surname, occupations, skills, income, phone
        cells[i] = ""
    lines[1] = ",".join(cells)
    path = _save(tmp_path / "blanks.csv", lines[:2])
    report = import_households(workspace, path)
    assert (report.updated, report.unchanged, report.errors) == (0, 1, [])
    kept = _by_code(workspace)[HOUSE_113]
    assert (kept.last_name, kept.occupation_main, kept.phone) == ("จันทร์แก้ว", "จักสาน",
                                                                  "085-728-8440")  # fmt: skip
    assert kept.income_month == 20500

    # Only when the officer asks does an empty cell clear what is stored.
    report = import_households(workspace, path, blank_clears=True)
    assert report.updated == 1
    cleared = _by_code(workspace)[HOUSE_113]
    assert (cleared.last_name, cleared.phone, cleared.income_month) == ("", "", None)
    assert cleared.national_id  # an ID is never cleared by a blank
    assert cleared.expense_month == 15000


def test_blank_clears_from_the_command_line(
    data_dir: Path, sample_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data_dir), "--lang", "en", "households"]
    assert main([*base, "import", str(sample_csv)]) == 0
    lines = _lines(sample_csv)
    cells = _cells(lines[1])
    cells[15] = ""
    lines[1] = ",".join(cells)
    path = _save(tmp_path / "nophone.csv", lines[:2])
    capsys.readouterr()
    assert main([*base, "import", str(path)]) == 0
    assert "0 updated, 1 unchanged" in capsys.readouterr().out
    assert main([*base, "import", str(path), "--blank-clears"]) == 0
    assert "1 updated" in capsys.readouterr().out


def test_a_stray_quote_swallows_no_other_row(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    import_households(workspace, sample_csv)
    stored = _by_code(workspace)
    lines = _lines(sample_csv)
    cells = _cells(lines[4])  # line 5
    cells[8] = '"' + cells[8]  # an opening quote never closed
    lines[4] = ",".join(cells)
    set_language("en")
    report = import_households(workspace, _save(tmp_path / "quote.csv", lines))
    assert [e.line for e in report.errors] == [5]
    assert "quote" in report.errors[0].message
    assert (report.updated, report.unchanged) == (0, 199)
    assert _by_code(workspace) == stored


def test_two_stray_quotes_do_not_join_the_rows_between(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    """The second quote closes the first's "field": the rows between must not vanish into it."""
    lines = _lines(sample_csv)
    for n in (5, 9):
        cells = _cells(lines[n - 1])
        cells[8] = '"' + cells[8] if n == 5 else cells[8] + '"'
        lines[n - 1] = ",".join(cells)
    report = import_households(workspace, _save(tmp_path / "quotes.csv", lines))
    assert [e.line for e in report.errors] == [5, 9]
    assert report.created == 198
    codes = set(_by_code(workspace))
    assert {_cells(lines[n - 1])[2] for n in (6, 7, 8)} <= codes


def test_a_quoted_cell_on_two_lines_still_imports(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    """Alt+Enter in a spreadsheet cell: a real line break inside quotes, read as a space."""
    lines = _lines(sample_csv)[:4]
    cells = _cells(lines[2])
    cells[10] = '"จักสาน\r\nไม้ไผ่, หวาย"'
    lines[2] = ",".join(cells)
    report = import_households(workspace, _save(tmp_path / "multi.csv", lines))
    assert (report.created, report.errors) == (3, [])
    assert _by_code(workspace)[cells[2]].skills == "จักสาน ไม้ไผ่, หวาย"


# --- item 9: one huge cell --------------------------------------------------------------------


def test_a_huge_cell_is_rejected_and_the_rest_read_on(
    data_dir: Path, sample_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _lines(sample_csv)
    cells = _cells(lines[1])
    cells[10] = "ก" * 200_000
    lines[1] = ",".join(cells)
    path = _save(tmp_path / "huge.csv", lines)
    code = main(["--data-dir", str(data_dir), "--lang", "en", "households", "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Imported 199 households" in out and "1 rejected" in out
    assert err.startswith("line 2: ") and f"{MAX_ROW_CHARS:,}" in err
    assert "Traceback" not in err


def test_a_huge_quoted_cell_spanning_lines_is_rejected_and_the_rest_read_on(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    lines = _lines(sample_csv)
    cells = _cells(lines[1])
    cells[10] = '"' + "ก\n" * 100_000 + '"'
    lines[1] = ",".join(cells)
    report = import_households(workspace, _save(tmp_path / "hugeq.csv", lines))
    assert report.created == 199
    assert len(report.errors) >= 1 and report.errors[0].line == 2


# --- item 11: encodings, NULs, a duplicated header, masked IDs --------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_without_or_with_a_bom_is_read(
    workspace: Workspace, sample_csv: Path, tmp_path: Path, encoding: str
) -> None:
    path = _save(tmp_path / "u16.csv", _lines(sample_csv), encoding)
    report = import_households(workspace, path)
    assert (report.created, report.errors) == (200, [])


def test_a_nul_in_a_name_is_refused_with_a_message(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    lines = _lines(sample_csv)[:4]
    cells = _cells(lines[2])
    cells[4] = "แสง\x00เดือน"
    lines[2] = ",".join(cells)
    report = import_households(workspace, _save(tmp_path / "nul.csv", lines))
    assert [e.line for e in report.errors] == [3]
    assert "U+0000" in report.errors[0].message and "ชื่อ" in report.errors[0].message
    assert report.created == 2
    assert not any("\x00" in h.first_name for h in households(workspace, VILLAGE))


def test_the_household_form_applies_the_same_rule() -> None:
    set_language("en")
    with pytest.raises(FieldError, match="U\\+0007"):
        parse_value("last_name", "จันทร์\x07แก้ว")
    assert parse_value("skills", "จักสาน\nไม้ไผ่") == "จักสาน ไม้ไผ่"


@pytest.mark.parametrize("twice", ["ชื่อ", "first_name"])
def test_a_duplicated_header_refuses_the_file(
    workspace: Workspace, sample_csv: Path, tmp_path: Path, twice: str
) -> None:
    lines = _lines(sample_csv)
    headers = _cells(lines[0])
    headers[5] = twice  # นามสกุล becomes a second first-name column
    lines[0] = ",".join(headers)
    set_language("en")
    with pytest.raises(ImportFileError, match="first name") as caught:
        import_households(workspace, _save(tmp_path / "dup.csv", lines))
    assert "5" in str(caught.value) and "6" in str(caught.value)
    assert workspace.villages() == []


def test_a_bad_check_digit_is_not_echoed_whole(
    data_dir: Path, sample_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _lines(sample_csv)[:3]
    cells = _cells(lines[1])
    cells[6] = "3115401828742"  # the last digit is wrong
    lines[1] = ",".join(cells)
    path = _save(tmp_path / "id.csv", lines)
    code = main(["--data-dir", str(data_dir), "--lang", "en", "households", "import", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "checksum" in err and "x-xxxx-xxxxx-74-2" in err
    assert "3115401828742" not in err and "311540182874" not in err


async def test_the_import_dialog_offers_the_same_choice(
    workspace: Workspace, sample_csv: Path, tmp_path: Path
) -> None:
    from textual.widgets import Checkbox, Static

    from sammachip_tui.app import SammachipApp

    from .conftest import type_text, until

    import_households(workspace, sample_csv)
    lines = _lines(sample_csv)
    cells = _cells(lines[1])
    cells[15] = ""
    lines[1] = ",".join(cells)
    path = _save(tmp_path / "nophone.csv", lines[:2])
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "i")  # English, then the import dialog
        await until(pilot, lambda: app.screen.id == "import-dialog", "the import dialog")
        report = app.screen.query_one("#report", Static)
        await type_text(pilot, str(path))
        await pilot.press("enter")
        await until(pilot, lambda: "1 unchanged" in str(report.render()), "the first import")
        assert _by_code(workspace)[HOUSE_113].phone == "085-728-8440"
        app.screen.query_one("#blank-clears", Checkbox).value = True
        app.screen.query_one("#path").focus()
        await pilot.press("enter")
        await until(pilot, lambda: "1 updated" in str(report.render()), "the second import")
    assert _by_code(workspace)[HOUSE_113].phone == ""


@pytest.mark.skipif(os.name == "nt", reason="FIFOs are POSIX")
def test_a_pipe_given_as_the_file_is_refused_not_waited_on(
    workspace: Workspace, tmp_path: Path
) -> None:
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportFileError, match=str(fifo)):
        import_households(workspace, fifo)
