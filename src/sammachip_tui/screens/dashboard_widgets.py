"""Pictures drawn in the terminal for the dashboard: bars, sparklines, ratings.

A district officer reads "which subdistrict lags" faster from a row of bars than from a
column of numbers, and a year's trend from one line of ▁▂▃▅▇ than from twelve figures. These
are plain text (block characters), so they draw over SSH, in 256 colours and in the
high-contrast theme alike, and a snapshot or a screen reader gets characters, not colours.

A rating is never a colour alone: its word and a mark of its own shape (● met, ▲ close,
■ not met, ○ no data) say it too; the colour, from the theme, only helps.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from sammachip_tui.i18n import _

SPARKS = "▁▂▃▄▅▆▇█"
# A bar's last cell in eighths, so a value a little above another draws a little longer.
EIGHTHS = " ▏▎▍▌▋▊▉█"

# rating → (mark, theme colour); the words are the indicators' own (reports/indicators.py).
RATINGS = {
    "green": ("●", "$success"),
    "amber": ("▲", "$warning"),
    "red": ("■", "$error"),
    "none": ("○", "$text-muted"),
}


def sparkline(values: Sequence[float]) -> str:
    """One cell per value, its height in eighths of the largest; zeros on the floor (▁),
    so a month without anything still takes its place in the line."""
    if not values:
        return ""
    top = max(values)
    if top <= 0:
        return SPARKS[0] * len(values)
    last = len(SPARKS) - 1
    return "".join(SPARKS[round(max(v, 0) / top * last)] for v in values)


def bar(value: float, maximum: float, width: int) -> str:
    """A horizontal bar ``width`` cells at most, ``value`` of ``maximum`` long (in eighths
    of a cell), padded with spaces to ``width``: bars of one chart line up."""
    if width <= 0:
        return ""
    if maximum <= 0 or value <= 0:
        return " " * width
    eighths = round(min(value / maximum, 1.0) * width * 8)
    eighths = max(eighths, 1)  # something is there: never drawn as nothing
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part else "")
    return text + " " * (width - cell_len(text))


def percent(numerator: float, denominator: float) -> str:
    """A share as "62%", or "–" when there is nothing to divide by (never 0% for "no data")."""
    if denominator <= 0:
        return "–"
    return f"{numerator / denominator * 100:.0f}%"


def rating_content(rating: str, word: str) -> Content:
    """The rating as mark and word (translated by the caller), in the theme's colour."""
    mark, colour = RATINGS.get(rating, RATINGS["none"])
    return Content.from_markup(f"[{colour}]$mark $word[/]", mark=mark, word=word)


def rating_words(rating: str, word: str) -> str:
    """The rating as plain text, mark and word (a line of the indicators' detail)."""
    mark, _colour = RATINGS.get(rating, RATINGS["none"])
    return f"{mark} {word}"


class BarChart(Static):
    """Labelled bars, one line each, longest value as the full width: groups by stage, by
    occupation type, by OTOP category. The label and the number are text; only the bar is
    a picture."""

    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(self, title: str = "", *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.title = title
        self.items: list[tuple[str, float]] = []

    def show(self, title: str, items: Sequence[tuple[str, float]]) -> None:
        self.title = title
        self.items = list(items)
        self.refresh_chart()

    def on_resize(self) -> None:
        self.refresh_chart()

    def refresh_chart(self) -> None:
        width = self.content_region.width or self.size.width or 40
        self.update("\n".join(chart_lines(self.title, self.items, width)))


def chart_lines(title: str, items: Sequence[tuple[str, float]], width: int) -> list[str]:
    """The chart as lines of at most ``width`` cells: the label (cut with "…"), the number,
    the bar in what is left."""
    lines = [title] if title else []
    if not items:
        return [*lines, "  " + _("none yet")]
    numbers = [f"{v:,.0f}" for _label, v in items]
    number_w = max(map(cell_len, numbers))
    label_w = min(max(cell_len(label) for label, _v in items), max(width // 3, 6))
    bar_w = max(width - label_w - number_w - 4, 1)
    top = max(v for _label, v in items)
    for (label, value), number in zip(items, numbers, strict=True):
        lines.append(f"  {fit(label, label_w)} {number:>{number_w}} {bar(value, top, bar_w)}"
                     .rstrip())  # fmt: skip
    return lines


def fit(text: str, width: int) -> str:
    """``text`` padded or cut to ``width`` cells, a cut one ending in "…"."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…" + " " * (width - 1 - cell_len(out))
