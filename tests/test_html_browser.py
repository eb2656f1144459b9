"""The HTML district report in a real browser: headless Chromium prints it to PDF, and the
PDF is read back with pypdfium2 (already a dependency: it reads the printed QR sheet).

What this proves, and why this route: ``--dump-dom`` would only show that the browser
parsed the page; printing shows what an officer gets on paper. From the PDF we check that
the Thai title, a village name and an indicator's figure are printed as text (so the Thai
font stack found a font and nothing came out as empty boxes), that the sections start on
their own pages (the print stylesheet's page breaks), that a table longer than a page has
its header again on the next page and that no row is cut between two pages, and that a
village name holding ``<script>`` is printed as those characters. (A PDF's text can give a
consonant that carries both a vowel and a tone mark twice, ชี้ as ชี้ชี้: the texts checked
here avoid such stacks rather than guess at the extraction.)

A machine without Chromium (or Chrome), or without any Thai font for it, skips this test;
``python3 dev.py test`` installs both from the distribution on a root machine with apt (CI)
and says when the test was not run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sammachip_tui import clock
from sammachip_tui.model.plan_records import fiscal_year_of
from sammachip_tui.reports.district_document import (
    Chart,
    DataTable,
    DistrictDocument,
    DistrictSection,
)
from sammachip_tui.reports.district_html import to_html
from sammachip_tui.reports.district_report import write_district_report
from sammachip_tui.reports.indicators import indicators, value_text
from sammachip_tui.reports.svg_charts import Bar, GoalBar
from sammachip_tui.store.demo import DEMO_VILLAGE_NAME
from sammachip_tui.store.workspace import Workspace

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str:
    found = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if found is None:
        pytest.skip("no Chromium or Chrome on this machine (python3 dev.py test installs it)")
    try:
        fonts = subprocess.run(["fc-list", ":lang=th", "family"], capture_output=True,
                               text=True, timeout=30).stdout  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        fonts = ""
    if not fonts.strip():
        pytest.skip("no Thai font for the browser (apt-get install fonts-tlwg-loma-otf)")
    return found


def print_to_pdf(html: Path, tmp_path: Path) -> list[str]:
    """Print ``html`` with headless Chromium; the text of each page, whitespace removed
    (the PDF's text splits Thai lines and clusters at arbitrary points)."""
    import pypdfium2

    browser = _browser()
    pdf = tmp_path / "report.pdf"
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}",
        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert pdf.exists(), f"the browser printed nothing: {done.stderr[-2000:]}"
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [re.sub(r"\s+", "", page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def made_up_document(villages: int = 70) -> DistrictDocument:
    rows: list[list[str | int | float]] = [
        [f"หมู่ {n} บ้านโนนสวรรค์{n:03d}", n * 3, 50.0 + n / 2] for n in range(1, villages + 1)
    ]
    rows[4][0] = "บ้าน<script>alert(1)</script>"
    return DistrictDocument(
        "รายงานสัมมาชีพชุมชนระดับอำเภอ", "อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่",
        "ปีงบประมาณ พ.ศ. 2570", "ทำเมื่อ 29/11/2569",
        [
            DistrictSection("ภาพรวมของอำเภอ", [
                Chart("กลุ่มอาชีพตามสถานะ", bars=[Bar("จัดตั้งแล้ว", 12), Bar("เสนอ", 3)]),
                DataTable("หมู่บ้าน", ["หมู่บ้าน", "ครัวเรือน", "ร้อยละสัมมาชีพ"], rows,
                          frozenset({1, 2})),
            ]),
            DistrictSection("ผลการดำเนินงานของโครงการ", [
                Chart("ตัวชี้วัด", goals=[
                    GoalBar("ครัวเรือนประกอบอาชีพ", 87.5, 85, "green", "87.5% (เป้า ≥ 85%)"),
                ]),
            ]),
        ],
    )  # fmt: skip


def test_the_report_prints_cleanly_in_a_real_browser(tmp_path: Path) -> None:
    doc = made_up_document()
    html = tmp_path / "report.html"
    html.write_text(to_html(doc), encoding="utf-8")
    pages = print_to_pdf(html, tmp_path)
    whole = "".join(pages)
    assert pages[0].startswith(_squeeze(doc.title))
    assert _squeeze("หมู่ 7 บ้านโนนสวรรค์007") in whole
    assert "บ้าน<script>alert(1)</script>" in whole  # printed as typed, never run
    # The indicators start a page of their own, after the long village table.
    starts = [n for n, p in enumerate(pages) if p.startswith("ผลการดำเนินงานของโครงการ")]
    assert starts and starts[0] >= 2, pages
    assert "87.5%" in pages[starts[0]]
    # The village table runs over pages: each of them repeats its header, and each row is
    # printed whole on exactly one page (never cut between two).
    table = [p for p in pages[: starts[0]] if "บ้านโนนสวรรค์" in p]
    assert len(table) >= 2
    assert all(_squeeze("หมู่บ้านครัวเรือนร้อยละสัมมาชีพ") in p for p in table)
    for n in range(1, 71):
        if n == 5:
            continue
        row = _squeeze(f"หมู่ {n} บ้านโนนสวรรค์{n:03d}")
        assert sum(row in p for p in pages) == 1, row


def test_the_district_report_of_a_real_store_prints_with_its_figures(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    """The page ``write_district_report`` writes for the demo district: the Thai title, the
    village's name and the first indicator's value printed, each section on its own page."""
    ws = demo_workspace
    html = write_district_report(ws, "district", "html", tmp_path / "district.html")
    pages = print_to_pdf(html, tmp_path)
    whole = "".join(pages)
    assert pages[0].startswith(_squeeze("รายงานสัมมาชีพชุมชนระดับอำเภอ"))
    assert _squeeze("อำเภอห้างฉัตร") in pages[0]
    assert DEMO_VILLAGE_NAME in whole
    practising = indicators(ws, fiscal_year_of(clock.today()))[0]
    assert practising.denominator > 0 and value_text(practising) in whole
    for heading in ("รายตำบล", "รายหมู่บ้าน"):  # later sections open a page
        assert sum(p.startswith(heading) for p in pages) == 1, heading
