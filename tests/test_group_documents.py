"""The documents officers file about groups: the establishment record of one group (.docx,
.md) and the CDD register of every group (.xlsx, CSV), read back as an office would open
them, and ``sammachip report group|register`` writing them."""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.i18n import _
from sammachip_tui.model.group_records import POSITION_LABELS, STAGE_LABELS, GroupStage, Position
from sammachip_tui.model.records import Group
from sammachip_tui.reports import export_paths
from sammachip_tui.reports.group_record import THAI_FONT, write_group_record
from sammachip_tui.reports.group_register import (
    Sector,
    register_rows,
    sector_of,
    write_register,
)
from sammachip_tui.store import groups as sg
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.demo import DEMO_VILLAGE, create_demo_workspace
from sammachip_tui.store.group_view import GroupView, group_lines, group_view
from sammachip_tui.store.workspace import Change, Workspace

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")


def _build_group(ws: Workspace) -> str:
    """A weaving group on the 5 ก, through the one save path the screen and CLI use."""
    found = sp.proposal_set(ws, DEMO_VILLAGE)
    ws.commit_built(lambda w: sp.accept(w, DEMO_VILLAGE, found.proposals[0]))
    [g] = group_lines(ws)
    view = group_view(ws, g.village, g.id)
    assert view is not None
    hs = [m.member.household_id for m in view.members]
    v, gid = g.village, g.id

    def entry(kind: str, texts: dict[str, str]) -> None:
        ws.commit_built(lambda w: [sg.add_entry(w, v, gid, kind, texts)])

    entry("committee", {"household_id": hs[0], "position": "chair", "elected": "1/11/2569"})
    entry("committee", {"household_id": hs[1], "position": "treasurer"})
    entry("committee", {"household_id": hs[2], "position": "secretary"})
    ws.commit_built(lambda w: [sg.set_bylaws(w, v, gid, {
        "purpose": "ทอผ้าไหมลายน้ำไหล", "share_value": "100", "dividend_pct": "40",
        "patronage_pct": "30", "reserve_pct": "20", "welfare_pct": "10"})])  # fmt: skip
    entry("fund", {"kind": "shares", "household_id": hs[0], "shares": "5", "amount": "500",
                   "date": "2/11/2569"})  # fmt: skip
    entry("fund", {"kind": "shares", "household_id": hs[1], "shares": "3", "amount": "300",
                   "date": "2/11/2569"})  # fmt: skip
    entry("fund", {"kind": "grant", "amount": "10000", "date": "3/11/2569", "source": "อบต."})
    entry("fund", {"kind": "purchase", "amount": "2500.50", "date": "4/11/2569"})
    entry("activity", {"title": "ทอผ้าขายงานกาชาด", "date": "5/11/2569"})
    ws.commit_built(lambda w: sg.change_status(w, v, gid, {
        "status": "established", "decided_by": "ที่ประชุมกลุ่ม", "date": "6/11/2569"}))  # fmt: skip
    return gid


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo workspace with one group built on the 5 ก (closed: tests copy it)."""
    folder = tmp_path_factory.mktemp("groupdocs") / "demo"
    ws = create_demo_workspace(folder, flush_delay=60)
    try:
        gid = _build_group(ws)
    finally:
        ws.close()
    return folder, gid


@pytest.fixture
def group_ws(built: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    folder, gid = built
    copy = tmp_path / "ws"
    shutil.copytree(folder, copy)
    return copy, gid


@pytest.fixture
def view(group_ws: tuple[Path, str]) -> GroupView:
    folder, gid = group_ws
    ws = Workspace.open(folder)
    try:
        v = group_view(ws, DEMO_VILLAGE, gid)
    finally:
        ws.close()
    assert v is not None
    return v


def _docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    d = docx.Document(str(path))
    text = "\n".join(p.text for p in d.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    return text, tables


def test_the_word_record_says_the_5k_in_thai(view: GroupView, tmp_path: Path) -> None:
    path = write_group_record(view, tmp_path / "record.docx", "docx", village_name="บ้านดอน")
    text, tables = _docx_text(path)
    facts = dict((row[0], row[1]) for row in tables[0])
    assert facts["กลุ่ม"] == "กลุ่มทอผ้า"
    assert facts["หมู่บ้าน"].startswith("หมู่ 5 บ้านดอน")
    assert (facts["ตำบล"], facts["อำเภอ"], facts["จังหวัด"]) == ("เวียงตาล", "ห้างฉัตร", "ลำปาง")
    assert facts["ขั้น"] == _(STAGE_LABELS[GroupStage.established]) == "จัดตั้งแล้ว"
    assert facts["วันที่จัดตั้ง"] == "6/11/2569"
    assert "บันทึกการจัดตั้งกลุ่ม" in text and "ก๓ กฎ กติกา ระเบียบ" in text
    rows = [row for t in tables for row in t]
    [chair_term] = [t for t in view.committee if t.position is Position.chair]
    chair = view.member_name(chair_term.household_id)
    posts = [r[0] for r in tables[2][1:]]
    assert posts == [_(POSITION_LABELS[p]) for p in (Position.chair, Position.secretary,
                                                      Position.treasurer)]  # fmt: skip
    assert ["ประธาน", chair, "1/11/2569", "—"] in rows  # posts in Thai, chair first
    assert ["ยอดเงินคงเหลือ (เงินสด)", "8,299.50"] in rows  # 800 + 10,000 − 2,500.50
    assert ["รวม", "100"] in rows  # the allocation adds up
    assert any(r[0] == "ก๔" and r[1] == "✓" for r in rows)
    ids = [r[3] for r in rows if len(r) == 8 and r[0].isdigit()]
    assert ids and all(i.startswith("x-xxxx-xxxxx-") or i == "" for i in ids)  # masked
    assert f"({chair})" in text and "พัฒนากรประจำตำบล" in text


def test_the_word_record_sets_a_thai_font_for_thai_text(view: GroupView, tmp_path: Path) -> None:
    from docx.oxml.ns import qn

    d = docx.Document(str(write_group_record(view, tmp_path / "r.docx", "docx")))
    fonts = d.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == THAI_FONT and fonts.get(qn("w:eastAsia")) == THAI_FONT
    assert d.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == THAI_FONT


def test_no_theme_font_overrides_the_thai_font_of_headings(view: GroupView, tmp_path: Path) -> None:
    """Word gives a theme font (asciiTheme, cstheme…) priority over the font named beside it:
    the default template's Title and Heading 1 have them, so none may remain on a style set."""
    from docx.oxml.ns import qn

    d = docx.Document(str(write_group_record(view, tmp_path / "r.docx", "docx")))
    for name in ("Normal", "Title", "Heading 1", "Table Grid"):
        fonts = d.styles[name].element.rPr.find(qn("w:rFonts"))
        themed = [k for k in fonts.attrib if k.lower().endswith("theme")]
        assert themed == [], f"{name}: {themed}"
        assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {
            THAI_FONT
        }


def test_thai_numerals_on_request(group_ws: tuple[Path, str], tmp_path: Path) -> None:
    """Only figures (dates, amounts, counts) turn into Thai numerals: the digits in a name or
    in what the group wrote stay as they were typed."""
    folder, gid = group_ws
    ws = Workspace.open(folder)
    try:
        ws.commit_built(lambda w: [sg.rename(w, DEMO_VILLAGE, gid, "กลุ่มทอผ้า 4 ดี")])
        ws.commit_built(lambda w: [sg.add_entry(w, DEMO_VILLAGE, gid, "activity", {
            "title": "ออกร้าน OTOP 2 วัน", "date": "7/11/2569"})])  # fmt: skip
        view = group_view(ws, DEMO_VILLAGE, gid)
    finally:
        ws.close()
    path = write_group_record(view, tmp_path / "r.docx", "docx", thai_digits=True)
    _text, tables = _docx_text(path)
    rows = [row for t in tables for row in t]
    assert ["ยอดเงินคงเหลือ (เงินสด)", "๘,๒๙๙.๕๐"] in rows
    assert ["กลุ่ม", "กลุ่มทอผ้า 4 ดี"] in rows  # a name as it is named
    [activity] = [r for r in rows if "ออกร้าน OTOP 2 วัน" in r]
    assert activity[0] == "๗/๑๑/๒๕๖๙"
    free = {"กลุ่มทอผ้า 4 ดี", "ออกร้าน OTOP 2 วัน"}
    assert not any(ch.isascii() and ch.isdigit()
                   for row in rows for cell in row if cell not in free for ch in cell)  # fmt: skip
    md = write_group_record(view, tmp_path / "r.md", "md", thai_digits=True).read_text("utf-8")
    assert "กลุ่มทอผ้า 4 ดี" in md and "๘,๒๙๙.๕๐" in md


def test_the_markdown_record_holds_the_same_figures(view: GroupView, tmp_path: Path) -> None:
    md = write_group_record(view, tmp_path / "r.md", "md").read_text("utf-8")
    assert "| ยอดเงินคงเหลือ (เงินสด) | 8,299.50 |" in md
    assert "| รวม | 100 |" in md
    assert "| ประธาน |" in md and "ทอผ้าไหมลายน้ำไหล" in md and "ทอผ้าขายงานกาชาด" in md


def test_the_register_in_excel(group_ws: tuple[Path, str], tmp_path: Path) -> None:
    folder, _gid = group_ws
    ws = Workspace.open(folder)
    try:
        rows = register_rows(ws)
    finally:
        ws.close()
    path = write_register(rows, tmp_path / "register.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert "แบบฟอร์มทะเบียนข้อมูลกลุ่มอาชีพ" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[:8] == ["ลำดับ", "ชื่อกลุ่ม", "วันที่จดทะเบียน", "หมู่บ้าน", "ตำบล", "อำเภอ",
                          "โทรศัพท์", "อาชีพ/ผลิตภัณฑ์"]  # fmt: skip
    assert header[8:12] == ["ภาคการเกษตร", "การแปรรูป (OTOP/SME)", "การท่องเที่ยวชุมชน", "อื่นๆ"]
    line = [c.value for c in sheet[3]]
    assert line[0] == 1  # a number, not text
    assert line[1:6] == ["กลุ่มทอผ้า", "6/11/2569", "หมู่ 5 บ้านดอนไชย", "เวียงตาล", "ห้างฉัตร"]
    assert line[7] == "ทอผ้าไหม" and line[8:12] == [None, "✓", None, None]  # weaving: processing
    assert line[12] == "จัดตั้งแล้ว, สมาชิก 23 ครัวเรือน"


def test_the_register_csv_opens_in_excel(group_ws: tuple[Path, str], tmp_path: Path) -> None:
    folder, _gid = group_ws
    ws = Workspace.open(folder)
    try:
        path = write_register(register_rows(ws, DEMO_VILLAGE), tmp_path / "r.csv", "csv")
    finally:
        ws.close()
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[2][:3] == ["1", "กลุ่มทอผ้า", "6/11/2569"] and lines[2][9] == "✓"


def test_register_cells_never_run_as_formulas(workspace: Workspace, tmp_path: Path) -> None:
    from sammachip_tui.store.register import new_village

    change = new_village(workspace, "521205", "7", "=HYPERLINK(1)")
    workspace.commit([change])
    gid = "G1"
    workspace.commit([_group(change.village, gid, "=cmd|' /C calc'!A0")])
    path = write_register(register_rows(workspace), tmp_path / "r.xlsx", "xlsx")
    sheet = openpyxl.load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "=cmd|' /C calc'!A0" in [c.value for c in cells]  # kept, as text


def _group(village: str, gid: str, name: str) -> Change:
    group = Group(id=gid, village_code=village, name=name, occupation_code="SER02")
    return Change("group", village, group.fields(), record=gid, create=True)


def test_sectors_follow_the_taxonomy() -> None:
    assert sector_of("AGR01") is Sector.agriculture
    assert sector_of("HAN01") is Sector.processing
    assert sector_of("SER02") is Sector.tourism
    assert sector_of("TRD01") is Sector.other and sector_of("") is Sector.other


# ------------------------------------------------------------------------------ the CLI
def run(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), "--lang", "th", *args])


def test_report_group_and_register_from_the_command_line(
    group_ws: tuple[Path, str], tmp_path: Path, monkeypatch, capsys
) -> None:
    folder, gid = group_ws
    monkeypatch.setattr(export_paths, "EXPORT_DIR", tmp_path / "docs")
    assert run(folder, "report", "group", "--group", gid) == 0
    [written] = (tmp_path / "docs").iterdir()
    assert written.suffix == ".docx" and str(written) in capsys.readouterr().out
    text, _tables = _docx_text(written)
    assert "บันทึกการจัดตั้งกลุ่ม" in text
    out = tmp_path / "g.md"
    assert run(folder, "report", "group", "--group", gid, "--out", str(out)) == 0
    assert "| ยอดเงินคงเหลือ (เงินสด) | 8,299.50 |" in out.read_text("utf-8")
    assert run(folder, "report", "register", "--village", DEMO_VILLAGE) == 0
    xlsx = next(p for p in (tmp_path / "docs").iterdir() if p.suffix == ".xlsx")
    assert openpyxl.load_workbook(xlsx).active["B3"].value == "กลุ่มทอผ้า"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "group", "--group", "NOPE"], "NOPE"),
        (["report", "register", "--village", "52120599"], "52120599"),
        (["report", "register", "--out", "{tmp}/missing/r.xlsx"], "missing"),
        (["report", "register", "--out", "{tmp}"], "{tmp}"),
    ],
)
def test_bad_report_commands_say_why_and_write_nothing(
    group_ws: tuple[Path, str], tmp_path: Path, monkeypatch, capsys, args, message
) -> None:
    folder, _gid = group_ws
    monkeypatch.setattr(export_paths, "EXPORT_DIR", tmp_path / "docs")
    before = sorted(tmp_path.rglob("*"))  # nothing new anywhere but in the workspace
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert run(folder, *args) == 2
    err = capsys.readouterr().err
    assert message.replace("{tmp}", str(tmp_path)) in err and "Traceback" not in err
    assert not (tmp_path / "docs").exists() or not any((tmp_path / "docs").iterdir())
    outside = [p for p in sorted(tmp_path.rglob("*")) if folder not in p.parents and p != folder]
    assert outside == [p for p in before if folder not in p.parents and p != folder]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "group", "--group", "{gid}", "--out", "{tmp}/g.xyz"], ".docx / .md"),
        (["report", "group", "--group", "{gid}", "--format", "md", "--out", "{tmp}/g.docx"],
         ".docx / .md"),
        (["report", "register", "--out", "{tmp}/r.docx"], ".xlsx / .csv"),
        (["report", "register", "--out", "{tmp}/pipe.xlsx"], "{tmp}/pipe.xlsx"),
        (["report", "group", "--group", "{gid}", "--out", "{tmp}/pipe.xlsx"], ".docx / .md"),
        (["report", "group", "--group", "{gid}", "--out", "{tmp}/pipe.docx"], "{tmp}/pipe.docx"),
    ],
)  # fmt: skip
def test_out_must_name_a_file_of_the_documents_format(
    group_ws: tuple[Path, str], tmp_path: Path, capsys, args, message
) -> None:
    """A Word file named .xyz, or a register written over a device or a pipe (as root,
    ``--out /dev/full`` once replaced the device with a file), is refused, nothing written."""
    folder, gid = group_ws
    for pipe in ("pipe.xlsx", "pipe.docx"):
        os.mkfifo(tmp_path / pipe)
    args = [a.replace("{tmp}", str(tmp_path)).replace("{gid}", gid) for a in args]
    assert run(folder, *args) == 2
    err = capsys.readouterr().err
    assert message.replace("{tmp}", str(tmp_path)) in err and "Traceback" not in err
    assert not any((tmp_path / n).exists() for n in ("g.xyz", "g.docx", "r.docx"))
    assert all(not (tmp_path / p).is_file() for p in ("pipe.xlsx", "pipe.docx"))


def test_a_read_only_card_is_said_in_words(
    group_ws: tuple[Path, str], tmp_path: Path, monkeypatch, capsys
) -> None:
    folder, gid = group_ws
    out = tmp_path / "card" / "g.docx"
    out.parent.mkdir()
    real_open = os.open

    def refuse(path, *a, **k):
        if str(path).startswith(str(out.parent)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", refuse)
    assert run(folder, "report", "group", "--group", gid, "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "Traceback" not in err and "Errno" not in err
    assert list(out.parent.iterdir()) == []


def test_the_document_libraries_load_only_when_a_document_is_written() -> None:
    """python-docx, openpyxl and lxml take a noticeable part of a second on a Pi: the
    commands' parser and the report modules load without them (and without Textual, like
    every data layer)."""
    code = (
        "import sys\n"
        "from sammachip_tui import cli, cli_reports\n"
        "from sammachip_tui.reports import group_record, group_register\n"
        "from sammachip_tui import cli_district_reports\n"  # and the district reports
        "from sammachip_tui.reports import district_report, district_docs, district_html\n"
        "cli.build_parser()\n"
        "heavy = ('docx', 'openpyxl', 'lxml', 'textual', 'rich')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
