"""The action plan as the form officers file: the .docx opened with python-docx and the .xlsx
with openpyxl, their Thai contents and columns checked; ``sammachip report plan`` writes them
and refuses what it cannot write."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from sammachip_tui.cli import main
from sammachip_tui.reports.action_plan import plan_bytes
from sammachip_tui.store import plans
from sammachip_tui.store.workspace import Workspace

V = "52120505"
COLUMNS = ["ลำดับ", "โครงการ/กิจกรรม", "วัตถุประสงค์", "ขั้นตอนการดำเนินงาน", "กลุ่มเป้าหมาย", "สถานที่",
           "ระยะเวลา", "งบประมาณ (บาท)", "ผลที่คาดว่าจะได้รับ", "ผู้รับผิดชอบ"]  # fmt: skip


def _plan(ws: Workspace) -> plans.PlanView:
    rows = [
        {"project": "อบรมทำน้ำพริกตาแดง", "objective": "เพิ่มรายได้ครัวเรือน",
         "steps": "ประชุม อบรม ทดลองขาย", "target": "ครัวเรือนสัมมาชีพ 20 ครัวเรือน",
         "place": "ศาลาหมู่บ้าน", "start": "1/12/2569", "end": "31/3/2570",
         "budget": "12,500", "budget_source": "อบต.เวียงตาล", "expected": "รายได้เพิ่มร้อยละ 3",
         "responsible": "นางจันทร์ ใจดี"},
        {"project": "=HYPERLINK(\"http://x\")", "budget": "0", "responsible": "-นายดำ"},
    ]  # fmt: skip
    for texts in rows:
        ws.commit_built(lambda w, t=texts: [plans.add_row(w, V, 2570, t)])
    ws.commit_built(lambda w: [plans.set_header(w, V, 2570, {
        "title": "แผนปฏิบัติการบ้านดอน", "prepared_by": "นายสมชาย รักดี",
        "approved": "20/11/2569"})])  # fmt: skip
    return plans.plan_view(ws, V, 2570)


def test_the_word_form_is_a4_landscape_in_thai_with_the_forms_columns(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(plan_bytes(_plan(demo_workspace), "docx", "บ้านดอน"))
    d = docx.Document(str(path))
    section = d.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    for name in ("Normal", "Title", "Table Grid"):
        fonts = d.styles[name].element.rPr.rFonts
        assert {fonts.get(f"{{{fonts.nsmap['w']}}}{slot}") for slot in ("ascii", "cs")} == {
            "TH Sarabun New"}  # fmt: skip
    text = "\n".join(p.text for p in d.paragraphs)
    assert "แบบฟอร์มแผนปฏิบัติการสร้างสัมมาชีพชุมชน" in text
    assert "แผนปฏิบัติการบ้านดอน" in text
    assert "บ้านดอน หมู่ 5 ตำบลเวียงตาล อำเภอห้างฉัตร จังหวัดลำปาง" in text
    assert "ปีงบประมาณ พ.ศ. 2570" in text
    assert "(นายสมชาย รักดี)" in text and "อนุมัติเมื่อ 20/11/2569" in text
    [table] = d.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == COLUMNS
    assert cells[1][1:7] == ["อบรมทำน้ำพริกตาแดง", "เพิ่มรายได้ครัวเรือน", "ประชุม อบรม ทดลองขาย",
                             "ครัวเรือนสัมมาชีพ 20 ครัวเรือน", "ศาลาหมู่บ้าน",
                             "1/12/2569 – 31/3/2570"]  # fmt: skip
    assert cells[1][7] == "12,500\n(อบต.เวียงตาล)" and cells[1][9] == "นางจันทร์ ใจดี"
    assert cells[-1][0] == "รวมงบประมาณ" and cells[-1][7] == "12,500"


def test_the_excel_form_has_a_header_block_numbers_and_never_a_formula(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_bytes(_plan(demo_workspace), "xlsx", "บ้านดอน"))
    sheet = openpyxl.load_workbook(path).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "แบบฟอร์มแผนปฏิบัติการสร้างสัมมาชีพชุมชน"
    assert values[3][0] == "ปีงบประมาณ พ.ศ. 2570"
    header = values[4]
    assert list(header) == [*COLUMNS[:8], "แหล่งงบประมาณ", *COLUMNS[8:]]
    assert values[5][7] == 12500 and values[5][8] == "อบต.เวียงตาล"
    assert values[7][6] == "รวมงบประมาณ" and values[7][7] == 12500  # a number, no SUM()
    below = [row[0] for row in values[8:] if row[0]]
    assert any("ผู้จัดทำแผน" in line for line in below) and "(นายสมชาย รักดี)" in below
    assert sheet.page_setup.orientation == "landscape"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.quotePrefix, f"{cell.coordinate} would run: {cell.value}"
    assert values[6][1] == '=HYPERLINK("http://x")' and values[6][10] == "-นายดำ"


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def test_report_plan_writes_the_file_asked_for_and_refuses_what_it_cannot(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.group_helpers import make_group

    with Workspace.open(data_dir) as ws:
        make_group(ws)
        ws.commit_built(lambda w: [plans.add_row(w, V, 2570, {"project": "ตลาดนัด"})])
    out = tmp_path / "แผน.xlsx"
    assert run(data_dir, "report", "plan", "--village", V, "--out", str(out)) == 0
    assert str(out) in capsys.readouterr().out
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert any(row[1] == "ตลาดนัด" for row in rows)
    word = tmp_path / "plan.docx"
    assert run(data_dir, "report", "plan", "--village", V, "--year", "2570", "--out",
               str(word)) == 0  # fmt: skip
    assert "ตลาดนัด" in [c.text for c in docx.Document(str(word)).tables[0].rows[1].cells]
    for args, says in (
        (["--village", V, "--out", str(tmp_path / "plan.pdf")], ".docx / .xlsx"),
        (["--village", V, "--out", str(tmp_path / "no" / "plan.docx")], "No folder"),
        (["--village", V, "--out", str(tmp_path)], "is a folder"),
        (["--village", "99999999"], "No village"),
        (["--village", V, "--year", "-1"], "--year"),  # no fiscal year -1, 2026 or 99999
        (["--village", V, "--year", "2026"], "--year"),
        (["--village", V, "--year", "99999"], "--year"),
    ):
        assert run(data_dir, "report", "plan", *args) == 2
        assert says in capsys.readouterr().err
    assert not (tmp_path / "plan.pdf").exists()
