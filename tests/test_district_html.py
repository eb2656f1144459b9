"""The HTML district report as a page: self-contained (nothing fetched, nothing run), Thai,
printable, every typed text escaped, and its charts drawn from the figures they show."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sammachip_tui.reports.district_document import (
    Chart,
    DataTable,
    DistrictDocument,
    DistrictSection,
)
from sammachip_tui.reports.district_html import to_html
from sammachip_tui.reports.svg_charts import Bar, GoalBar, bar_chart, goal_chart, sparkline

HOSTILE = 'บ้าน<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


class _Page(HTMLParser):
    """The tags, attributes and text of a page, as a browser's parser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _doc(village: str = "บ้านดอน") -> DistrictDocument:
    return DistrictDocument(
        "รายงานสัมมาชีพชุมชนระดับอำเภอ", "อำเภอห้างฉัตร จังหวัดลำปาง", "ปีงบประมาณ พ.ศ. 2570",
        "ทำเมื่อ 29/11/2569",
        [
            DistrictSection("ภาพรวม", [
                "ย่อหน้า",
                Chart("กลุ่มตามสถานะ", bars=[Bar(village, 3), Bar("เสนอ", 1)]),
                DataTable("หมู่บ้าน", ["หมู่บ้าน", "ครัวเรือน"], [[village, 1234]], frozenset({1})),
            ]),
            DistrictSection("ตัวชี้วัด", [
                Chart("ตัวชี้วัด", goals=[GoalBar(village, 87.5, 85, "green", "87.5%")]),
                Chart("รายเดือน", spark=[1, 2, 3]),
            ]),
        ],
    )  # fmt: skip


def test_a_hostile_village_name_is_shown_as_text_everywhere() -> None:
    html = to_html(_doc(HOSTILE))
    page = _parse(html)
    # Nothing the name holds became a tag: the page has no script, no img, no handler.
    assert not any(tag in ("script", "img", "iframe", "object") for tag, _a in page.tags)
    assert not any(k.startswith("on") for _t, attrs in page.tags for k in attrs)
    # ...and the name is there as the characters typed: whole in the table and the goal
    # chart's label, cut to fit (with "…") beside the bar.
    text = "".join(page.text)
    assert text.count(HOSTILE) == 2
    assert 'บ้าน<script>alert("x")</script>' in text.replace(HOSTILE, "")


def test_the_page_is_self_contained_thai_and_printable() -> None:
    html = to_html(_doc())
    page = _parse(html)
    assert ("html", {"lang": "th"}) in page.tags
    # No script, no stylesheet or font or image to fetch: nothing outside the file.
    assert not any(t in ("script", "link", "img", "iframe") for t, _a in page.tags)
    assert not re.search(r"(https?:)?//|@import|url\(", html.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""))  # fmt: skip
    # A Thai font stack that falls back to what a Windows or Linux machine has.
    assert '"TH Sarabun New"' in html and "Tahoma" in html and "sans-serif" in html
    # Print: A4, a page per section, no row or chart cut, the header on every page.
    assert "@page { size: A4" in html
    assert "break-before: page" in html
    assert "tr, figure, svg { break-inside: avoid" in html
    assert "thead { display: table-header-group; }" in html
    # Figures are written as an office reads them, right-aligned.
    assert '<td class="n">1,234</td>' in html


def test_english_pages_say_so() -> None:
    from sammachip_tui.i18n import set_language

    set_language("en")
    try:
        assert '<html lang="en">' in to_html(_doc())
    finally:
        set_language("th")


def test_bars_are_in_proportion_and_carry_their_figures() -> None:
    svg = bar_chart("t", [Bar("ก", 10), Bar("ข", 5), Bar("ค", 0)])
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert ">10<" in svg and ">5<" in svg and ">0<" in svg
    # Nothing to draw: no bar, no division by zero.
    assert "<rect" not in bar_chart("t", [])
    assert 'width="0.0"' in bar_chart("t", [Bar("ก", 0)])


def test_an_indicator_bar_stops_at_its_value_and_its_goal_line_at_the_goal() -> None:
    svg = goal_chart("t", [GoalBar("ก", 50, 85, "red", "50%"), GoalBar("ข", None, 10, "none",
                                                                        "ไม่มีข้อมูล")])  # fmt: skip
    [rect] = re.findall(r"<rect [^>]*>", svg)  # no bar for the one without data
    width = float(re.search(r'width="([\d.]+)"', rect).group(1))  # type: ignore[union-attr]
    x = float(re.search(r' x="([\d.]+)"', rect).group(1))  # type: ignore[union-attr]
    goal_x = [float(v) for v in re.findall(r'<line x1="([\d.]+)"[^>]*stroke-dasharray', svg)]
    assert abs((goal_x[0] - x) / width - 85 / 50) < 0.01
    assert "#c62828" in rect  # red
    assert "ไม่มีข้อมูล" in svg


def test_a_long_label_is_cut_to_fit_never_inside_a_cluster() -> None:
    from sammachip_tui.reports.svg_charts import COMBINING, fitted

    name = "หมู่ 12 บ้านหนองน้ำใสพัฒนาสามัคคีร่วมใจ" * 2
    cut = fitted(name, 140)
    assert cut.endswith("…") and name.startswith(cut[:-1])
    for room in range(20, 300, 7):  # wherever it is cut, no mark is left behind
        kept = fitted(name, room)[:-1]
        assert name[len(kept)] not in COMBINING
    assert fitted("บ้านดอน", 140) == "บ้านดอน"


def test_a_sparkline_draws_each_value_and_copes_with_one_or_none() -> None:
    svg = sparkline("t", [1, 3, 2])
    points = re.search(r'points="([^"]+)"', svg).group(1).split()  # type: ignore[union-attr]
    ys = [float(p.split(",")[1]) for p in points]
    assert len(ys) == 3 and ys[1] < ys[2] < ys[0]  # higher value = higher on the page
    assert "points" in sparkline("t", [5]) and "<polyline" not in sparkline("t", [])
