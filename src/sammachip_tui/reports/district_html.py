"""The district report as one self-contained HTML page that opens in any browser and
prints cleanly to PDF.

A district office has a browser on every machine but not always Word, and often no
network: so the page holds everything it needs (styles inline in one ``<style>``, charts as
inline SVG from ``svg_charts``, no script, no external font, image or link), and names a
Thai font stack that falls back to what the machine has (TH Sarabun New, Sarabun, Noto Sans
Thai, Loma/Garuda from the Linux TLWG fonts, Leelawadee/Tahoma on Windows). The print
stylesheet sets A4 with margins, starts each section on a new page, repeats a table's
header on every page and never cuts a row or a chart in two.

Everything written into the page is escaped: village, group and person names are what
someone typed, and a ``<script>`` in a village name must show as text, never run.
"""

from __future__ import annotations

from html import escape

from sammachip_tui.i18n import _, current_language
from sammachip_tui.reports.district_document import (
    Block,
    Cell,
    Chart,
    DataTable,
    DistrictDocument,
    cell_text,
)
from sammachip_tui.reports.svg_charts import bar_chart, goal_chart, sparkline

FONT_STACK = (
    '"TH Sarabun New", "TH SarabunPSK", "Sarabun", "Noto Sans Thai", "Noto Sans Thai UI", '
    '"Loma", "Garuda", "Leelawadee UI", "Leelawadee", "Tahoma", sans-serif'
)

WIDE_COLUMNS = 8
"""A section with a wider table than this prints on a landscape page (still A4)."""

STYLE = (
    f":root {{ color-scheme: light; --thai: {FONT_STACK}; }}"
    + """
body { font-family: var(--thai); font-size: 16px; line-height: 1.5; color: #111;
       background: #fff; margin: 0 auto; max-width: 60em; padding: 1em; }
h1 { font-size: 1.6em; text-align: center; margin: 0 0 .2em; }
.place, .year, .made { text-align: center; margin: 0; }
.made { color: #444; font-size: .9em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #3a6ea5; margin: 1.2em 0 .5em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #999; padding: .15em .4em; vertical-align: top; text-align: left; }
th { background: #e8eef5; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: .5em 0 1em; }
figcaption { font-weight: bold; }
figure.spark { display: inline-block; margin: 0 2em .5em 0; vertical-align: top; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg text { font-family: var(--thai); font-size: 13px; fill: #111; }
@page { size: A4; margin: 15mm 12mm; }
@page wide { size: A4 landscape; margin: 12mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 14px; }
  section { break-before: page; page-break-before: always; }
  section:first-of-type { break-before: auto; page-break-before: auto; }
  section.wide { page: wide; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure, svg { break-inside: avoid; page-break-inside: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
)


def _table(t: DataTable) -> str:
    def cell(i: int, value: Cell) -> str:
        figure = ' class="n"' if i in t.numeric else ""
        return f"<td{figure}>{escape(cell_text(value))}</td>"

    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in t.header)
    rows = "".join("<tr>" + "".join(cell(i, v) for i, v in enumerate(r)) + "</tr>" for r in t.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _chart(c: Chart) -> str:
    if c.goals:
        svg = goal_chart(c.title, c.goals)
    elif c.bars:
        svg = bar_chart(c.title, c.bars)
    else:
        svg = sparkline(c.title, c.spark)
        return f'<figure class="spark"><figcaption>{escape(c.title)}</figcaption>{svg}</figure>'
    return f"<figure><figcaption>{escape(c.title)}</figcaption>{svg}</figure>"


def _block(b: Block) -> str:
    if isinstance(b, DataTable):
        return _table(b)
    if isinstance(b, Chart):
        return _chart(b)
    return f"<p>{escape(b)}</p>"


def to_html(doc: DistrictDocument) -> str:
    """The whole page as text (UTF-8 when written)."""
    lang = "en" if current_language() == "en" else "th"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing to fetch, nothing to run, even if a typed text got past the escaping.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(doc.title)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<header><h1>{escape(doc.title)}</h1>",
        *(f'<p class="{cls}">{escape(text)}</p>'
          for cls, text in (("place", doc.place), ("year", doc.year), ("made", doc.made))
          if text),
        "</header>",
    ]  # fmt: skip
    for s in doc.sections:
        wide = any(isinstance(b, DataTable) and len(b.header) > WIDE_COLUMNS for b in s.blocks)
        opening = '<section class="wide">' if wide else "<section>"
        parts.append(f"{opening}<h2>{escape(s.title)}</h2>")
        parts += [_block(b) for b in s.blocks]
        parts.append("</section>")
    if not doc.sections:
        parts.append(f"<p>{escape(_('Nothing to report yet.'))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
