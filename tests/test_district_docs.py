"""The district reports as documents (.xlsx, .docx, .html), opened back as an office would
open them, each figure compared with the figures functions' (reports/district_figures.py,
reports/indicators.py): the documents lay them out, they never count anything themselves.
And a failed write (read-only card, full disk) leaves nothing."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.model.plan_records import fiscal_year_of
from sammachip_tui.reports import district_report as dr
from sammachip_tui.reports import export_paths
from sammachip_tui.reports.district_docs import sheet_names, to_xlsx
from sammachip_tui.reports.district_document import DataTable, DistrictDocument, DistrictSection
from sammachip_tui.reports.district_figures import district_figures, village_figures
from sammachip_tui.reports.group_record import THAI_FONT
from sammachip_tui.reports.group_register import register_rows
from sammachip_tui.reports.group_register import to_xlsx as register_xlsx
from sammachip_tui.reports.indicators import RATING_LABELS, goal_text, indicators, value_text
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.demo import DEMO_VILLAGE, create_demo_workspace
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

OTHER = "52120201"  # another subdistrict of the demo's district
OTHER_NAME = "บ้าน<b>ใหม่</b>"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo village (200 households, a forum) with an accepted and established group,
    and a second village in another subdistrict: three households, one trained, followed up
    and practising, one with two income readings."""
    w = create_demo_workspace(tmp_path_factory.mktemp("district") / "ws", flush_delay=60)
    found = sp.proposal_set(w, DEMO_VILLAGE)
    w.commit_built(lambda x: sp.accept(x, DEMO_VILLAGE, found.proposals[0]))
    [group] = w.records(DEMO_VILLAGE, "group")
    w.commit([Change("group_status", DEMO_VILLAGE, {  # decided at a meeting, as synced in
        "village_code": DEMO_VILLAGE, "group_id": group["id"], "status": "established",
        "date": "2026-11-01"})])  # fmt: skip
    home = {"village_code": OTHER, "income_month": 9000, "expense_month": 7000}
    ops = w.commit([
        village_change(OTHER, OTHER_NAME),
        Change("household", OTHER, {**home, "first_name": "ก", "trained": True,
                                     "followed_up": "2026-11-01", "practising": True}),
        Change("household", OTHER, {**home, "first_name": "ข", "trained": True}),
        Change("household", OTHER, {**home, "first_name": "ค", "expense_month": 9500}),
    ])  # fmt: skip
    first = ops[1].record
    w.commit([Change("income", OTHER, {"village_code": OTHER, "household_id": first,
                                       "date": d, "income_month": m, "expense_month": 7000})
              for d, m in (("2026-01-10", 8000), ("2026-10-10", 9000))])  # fmt: skip
    yield w
    w.close()


def _sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    return [list(r) for r in book[sheet].iter_rows(values_only=True)]


def _table(rows: list[list[object]], first_header: str) -> list[list[object]]:
    """The rows under the header row that starts with ``first_header``."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    return rows[start + 1 :]


def _docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    d = docx.Document(str(path))
    text = "\n".join(p.text for p in d.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    return text, tables


def test_the_district_workbook_gives_the_figures_of_every_village_and_subdistrict(
    ws: Workspace, tmp_path: Path
) -> None:
    path = dr.write_district_report(ws, "district", "xlsx", tmp_path / "d.xlsx")
    figures = district_figures(ws)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == _("District figures")
    assert {_("Groups and products"), _("By month"), _("Indicators")} <= set(book.sheetnames)
    rows = _table(_sheet_rows(path, _("District figures")), _("level"))
    col = {_(k): dr.count_column(k) for k in ("households", "sammachip", "trained",
           "volunteers", "practising", "established_groups", "sammachip_share")}  # fmt: skip
    col |= {_("village code"): 3, _("village"): 4}
    villages = [r for r in rows if r[0] == _("village")]
    assert [r[col[_("village code")]] for r in villages] == [v.code for v in figures.villages]
    for row, v in zip(villages, figures.villages, strict=True):
        f = v.total
        assert [row[col[_(k)]] for k in ("households", "sammachip", "trained",
                                         "volunteers", "practising", "established_groups")] == [
            f.households, f.sammachip, f.trained, f.volunteers, f.practising,
            f.established_groups]  # fmt: skip
        assert isinstance(row[col[_("households")]], int)  # numbers: an office sums them
    assert villages[0][col[_("village")]] == f"หมู่ 1 {OTHER_NAME}"  # typed, kept as typed
    subs = [r for r in rows if r[0] == _("subdistrict")]
    assert [r[col[_("households")]] for r in subs] == [
        s.total.households for s in figures.subdistricts]  # fmt: skip
    [total] = [r for r in rows if r[0] == _("district")]
    assert total[col[_("households")]] == figures.total.households == 203
    assert total[col[_("practising")]] == figures.total.practising == 1
    assert total[col[_("established_groups")]] == figures.total.established_groups == 1
    # A share is a number shown as a per cent, never text.
    sheet = book[_("District figures")]
    share_column = dr.count_column("sammachip_share") + 1
    cell = next(c for r in sheet.iter_rows() for c in r
                if c.column == share_column and isinstance(c.value, float))  # fmt: skip
    assert cell.number_format == "0.0%"
    # Values only: no cell of any sheet is a formula.
    assert not any(c.data_type == "f" for s in book for row in s.iter_rows() for c in row)


def test_the_district_page_shows_each_village_and_subdistrict_with_its_figures(
    ws: Workspace, tmp_path: Path
) -> None:
    page = dr.write_district_report(ws, "district", "html", tmp_path / "d.html").read_text()
    figures = district_figures(ws)
    assert "หมู่ 1 บ้าน&lt;b&gt;ใหม่&lt;/b&gt;" in page and "<b>ใหม่" not in page
    for v in figures.villages:
        share = v.total.sammachip / v.total.households
        assert f"<td>{v.code}</td>" in page and f"{share * 100:.1f}%" in page
    assert f'<td class="n">{figures.total.households}</td>' in page


def test_the_village_report_in_word_is_thai_a4_with_the_village_and_its_figures(
    ws: Workspace, tmp_path: Path
) -> None:
    path = dr.write_district_report(ws, "village", "docx", tmp_path / "v.docx",
                                    villages=[DEMO_VILLAGE])  # fmt: skip
    text, tables = _docx_text(path)
    f = village_figures(ws, DEMO_VILLAGE).total
    year = fiscal_year_of(clock.today())
    assert "รายงานสัมมาชีพชุมชนระดับหมู่บ้าน" in text
    assert "บ้านดอนไชย" in text and "อำเภอห้างฉัตร" in text
    assert f"ปีงบประมาณ พ.ศ. {year}" in text and year == 2570
    figures = {r[0]: r[1] for r in tables[0][1:]}
    assert figures[_("households")] == f"{f.households:,}"
    assert figures[_("sammachip households")] == f"{f.sammachip:,}"
    assert figures[_("sammachip share")] == f"{f.sammachip / f.households * 100:.1f}%"
    d = docx.Document(str(path))
    section = d.sections[0]
    assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}
    assert d.styles["Normal"].font.name == THAI_FONT


def test_the_indicators_in_every_format_say_what_the_indicators_say(
    ws: Workspace, tmp_path: Path
) -> None:
    year, chosen = 2570, [OTHER]  # the other village alone: 1 of its 2 trained practise
    found = indicators(ws, year, chosen)
    assert (found[0].numerator, found[0].denominator) == (1, 2)
    xlsx = dr.write_district_report(ws, "indicators", "xlsx", tmp_path / "i.xlsx", year=year,
                                    villages=chosen)  # fmt: skip
    rows = [r for r in _table(_sheet_rows(xlsx, _("Indicators")), _("indicator")) if not r[1]]
    assert [[r[0], *r[4:7]] for r in rows] == [
        [i.name, value_text(i), goal_text(i), _(RATING_LABELS[i.rating])] for i in found
    ]
    assert rows[0][2:4] == [1, 2]
    docx_path = tmp_path / "i.docx"
    dr.write_district_report(ws, "indicators", "docx", docx_path, year=year, villages=chosen)
    text, tables = _docx_text(docx_path)
    assert "ปีงบประมาณ พ.ศ. 2570" in text
    for i in found:
        assert i.definition in text
        assert [i.name, "", value_text(i)] in [[r[0], r[1], r[4]] for t in tables for r in t]
    html = dr.write_district_report(ws, "indicators", "html", tmp_path / "i.html", year=year,
                                    villages=chosen)  # fmt: skip
    page = html.read_text("utf-8")
    assert value_text(found[0]) == "50.0%" and "50.0%" in page
    # Broken down by occupation type, after each indicator's definition.
    assert page.count(f"<figcaption>{_('By occupation type')}</figcaption>") == len(
        [i for i in found if i.by_type])  # fmt: skip


def test_the_register_is_the_cdd_form_itself_and_a_page_too(ws: Workspace, tmp_path: Path) -> None:
    rows = register_rows(ws)
    assert len(rows) == 1
    xlsx = dr.write_district_report(ws, "register", "xlsx", tmp_path / "r.xlsx")
    mine = openpyxl.load_workbook(xlsx).active
    theirs = openpyxl.load_workbook(__import__("io").BytesIO(register_xlsx(rows))).active
    assert [list(r) for r in mine.iter_rows(values_only=True)] == [
        list(r) for r in theirs.iter_rows(values_only=True)]  # fmt: skip
    page = dr.write_district_report(ws, "register", "html", tmp_path / "r.html").read_text()
    assert rows[0].name in page and "ทะเบียน" in page


def test_a_sheet_name_is_what_excel_accepts() -> None:
    tables = [DataTable(n, ["a"], []) for n in ("By/village?", "By village", "by village",
                                                  "x" * 40, "", "[]")]  # fmt: skip
    names = sheet_names(tables)
    assert len({n.casefold() for n in names}) == len(names)
    assert all(0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_typed_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    doc = DistrictDocument("t", "", "", "", [DistrictSection("s", [
        DataTable("v", ["ชื่อ", "จำนวน"], [["=HYPERLINK(\"http://x\")", -5], ["@SUM(A1)", 2.5]],
                  frozenset({1}))])])  # fmt: skip
    path = tmp_path / "f.xlsx"
    path.write_bytes(to_xlsx(doc))
    sheet = openpyxl.load_workbook(path).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert cells['=HYPERLINK("http://x")'].data_type == "s"
    assert cells['=HYPERLINK("http://x")'].quotePrefix
    assert cells[-5].data_type == "n" and cells[2.5].data_type == "n"  # figures stay figures


def break_disk(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """The card holding ``folder`` is read-only (EROFS: nothing opens for writing there) or
    full (ENOSPC: what is written there fails); everything else works (CI runs as root, so
    no chmod)."""
    real_open, real_write = os.open, os.write
    there: set[int] = set()

    def opening(path: object, flags: int, *args: object, **kwargs: object) -> int:
        inside = str(path).startswith(str(folder))
        if inside and code == errno.EROFS and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        fd = real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]
        if inside:
            there.add(fd)
        return fd

    def writing(fd: int, data: object) -> int:
        if fd in there:
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(os, "write", writing)


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html"])
def test_a_failed_write_leaves_no_file_and_the_old_one_untouched(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, fmt: str
) -> None:
    old = tmp_path / f"d.{fmt}"
    old.write_bytes(b"the report of last month")
    break_disk(monkeypatch, tmp_path, code)
    with pytest.raises(OSError) as raised:
        dr.write_district_report(ws, "district", fmt, old)
    assert raised.value.errno == code
    monkeypatch.undo()
    assert old.read_bytes() == b"the report of last month"
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]


# ------------------------------------------------------------------------------ the CLI
@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed demo workspace for the command line (it takes the workspace's lock)."""
    folder = tmp_path_factory.mktemp("cli") / "ws"
    create_demo_workspace(folder, flush_delay=60).close()
    return folder


def run(folder: Path, *args: str) -> int:
    from sammachip_tui.cli import main

    return main(["--data-dir", str(folder), "--lang", "th", *args])


def test_each_report_command_writes_its_documents(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(export_paths, "EXPORT_DIR", tmp_path / "docs")
    page = tmp_path / "d.html"
    assert run(demo_dir, "report", "district", "--out", str(page)) == 0  # format from the name
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert run(demo_dir, "report", "village", "--village", DEMO_VILLAGE, "--format", "docx",
               "--out", str(tmp_path / "v.docx")) == 0  # fmt: skip
    assert "บ้านดอนไชย" in _docx_text(tmp_path / "v.docx")[0]
    capsys.readouterr()
    assert run(demo_dir, "report", "indicators", "--year", "๒๕๗๐", "--format", "xlsx") == 0
    [written] = (tmp_path / "docs").iterdir()
    assert written.name == "indicators-all-2026-11-22.xlsx"
    assert str(written) in capsys.readouterr().out
    assert _("Indicators") in openpyxl.load_workbook(written).sheetnames
    # Without --format or --out the indicators are printed, as before; CSV stays the default.
    assert run(demo_dir, "report", "indicators") == 0
    assert "Traceback" not in capsys.readouterr().out
    assert run(demo_dir, "report", "district", "--out", str(tmp_path / "d")) == 0
    assert (tmp_path / "d").read_bytes().startswith(b"\xef\xbb\xbf")  # CSV with a BOM


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["indicators", "--json", "--format", "html"], "--json"),
        (["indicators", "--format", "pdf"], "pdf"),
        (["district", "--out", "{tmp}/d.pdf"], ".csv / .docx / .html / .xlsx"),
        (["district", "--format", "xlsx", "--out", "{tmp}/d.html"], "{tmp}/d.html"),
        (["village", "--village", "52129999", "--format", "html"], "52129999"),
        (["indicators", "--out", "{tmp}/missing/i.html"], "missing"),
        (["district", "--village", "52129999", "--format", "docx"], "52129999"),
    ],
)  # fmt: skip
def test_a_bad_report_command_says_why_and_writes_nothing(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, args, message
) -> None:
    monkeypatch.setattr(export_paths, "EXPORT_DIR", tmp_path / "docs")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    with contextlib.suppress(SystemExit):  # argparse's own refusal exits 2 itself
        assert run(demo_dir, "report", *args) == 2
    err = capsys.readouterr().err
    assert message.replace("{tmp}", str(tmp_path)) in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_read_only_or_full_card_is_said_in_words(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, code: int
) -> None:
    out = tmp_path / "card" / "d.html"
    out.parent.mkdir()
    break_disk(monkeypatch, out.parent, code)
    assert run(demo_dir, "report", "district", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "Traceback" not in err and "Errno" not in err
    assert list(out.parent.iterdir()) == []


# ---------------------------------------------------------------------------- the screen
async def test_the_export_dialog_writes_a_district_report_in_its_three_formats(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the dashboard offers: the export dialog with ``district_export``, Enter, and the
    .xlsx, .docx and .html of the indicators land in the documents folder, named so."""
    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.export_dialog import ExportDialog, district_export

    from .conftest import until

    monkeypatch.setattr(export_paths, "EXPORT_DIR", tmp_path / "docs")
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.id == "home", "the village list")
        dialog = ExportDialog(district_export("indicators", year=2570))
        app.push_screen(dialog)
        await until(pilot, lambda: app.screen is dialog, "the dialog")
        await pilot.press("enter")
        await until(pilot, lambda: len(dialog.written) == 3, "the files written")
    names = sorted(p.name for p in (tmp_path / "docs").iterdir())
    assert names == [f"indicators-all-2026-11-22.{f}" for f in ("docx", "html", "xlsx")]
    page = (tmp_path / "docs" / names[1]).read_text("utf-8")
    assert "ตัวชี้วัดโครงการสร้างสัมมาชีพชุมชน" in page and "พ.ศ. 2570" in page


def test_a_new_central_store_reports_nothing_yet_without_failing(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A district office's first day: no village yet. Every report in every format is
    written (zeros and "no data", never a division by zero or a traceback)."""
    for kind in dr.KINDS:
        for fmt in dr.formats_of(kind):
            chosen = ["52120101"] if kind == "village" else None
            path = tmp_path / f"{kind}.{fmt}"
            dr.write_district_report(workspace, kind, fmt, path, villages=chosen)
            assert path.stat().st_size > 0
    page = (tmp_path / "indicators.html").read_text("utf-8")
    assert page.count(_("no data")) >= 3
