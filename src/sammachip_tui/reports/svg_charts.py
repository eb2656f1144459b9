"""Charts for the HTML district report, drawn as inline SVG text by our own code.

The report must open in any browser on an office machine with no network, and print to
PDF as it shows: so no chart library, no script and no font to fetch; each chart is a few
``<rect>``, ``<line>`` and ``<text>`` elements that a browser draws and prints like text.
Every label is user text or a translation and goes through ``html.escape`` (a village name
with ``<script>`` in it shows as those characters). Bars are drawn horizontally, one per
line, so long Thai labels never need rotating and a chart grows downwards as a table does.
Colours carry no meaning alone: every bar has its figure written beside it (the page may
be printed in black and white), and the rating of an indicator is said in words too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
"""The drawing's width in CSS pixels (it scales to the column: ``width: 100%``)."""
ROW_HEIGHT = 22
BAR_HEIGHT = 14
FIGURE_ROOM = 90  # right of the longest bar, for its figure
BAR_COLOUR = "#3a6ea5"

RATING_COLOURS = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828", "none": "#757575"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # the figure as written beside the bar; the value when empty


@dataclass(frozen=True)
class GoalBar:
    """An indicator: its value and goal in per cent, its rating and the words for both."""

    label: str
    value: float | None
    goal: float
    rating: str  # green / amber / red / none
    text: str  # "87.5% (goal ≥ 85%): met"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _svg(height: int, title: str, body: list[str]) -> str:
    """An ``<svg>`` that scales to its column, with a title a screen reader says."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


COMBINING = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
    "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
"""Thai marks drawn above or below their consonant: they take no width of their own."""
CHAR_WIDTH = 8.0  # a wide character at the charts' 13px, Thai or Latin (an estimate on the
# generous side: a label a little short of its room beats one cut off at the edge)
MAX_LABEL_WIDTH = WIDTH * 0.4


def _width(text: str) -> float:
    return CHAR_WIDTH * sum(ch not in COMBINING for ch in text)


def fitted(text: str, room: float) -> str:
    """``text``, cut with "…" when it would not fit in ``room`` pixels (never inside a
    character cluster: a mark stays with its consonant). The table beside the chart gives
    the whole name."""
    if _width(text) <= room:
        return text
    out, used = "", CHAR_WIDTH  # room for the ellipsis
    for ch in text:
        if ch not in COMBINING:
            used += CHAR_WIDTH
            if used > room:
                break
        out += ch
    return out + "…"


def _label(x: float, y: float, text: str, room: float) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" '
        f'dominant-baseline="middle">{escape(fitted(text, room))}</text>'
    )


def bar_chart(title: str, bars: Sequence[Bar]) -> str:
    """One horizontal bar per item, longest = the drawing's width, its figure beside it,
    labels to the left (as wide as the longest needs, up to 40% of the drawing). Nothing
    but the title when there is nothing to draw (no division by zero)."""
    top = max((b.value for b in bars), default=0.0)
    labels = min(max((_width(b.label) for b in bars), default=0.0) + 12, MAX_LABEL_WIDTH)
    room = WIDTH - labels - FIGURE_ROOM
    body = []
    for i, b in enumerate(bars):
        middle = i * ROW_HEIGHT + ROW_HEIGHT / 2
        length = room * max(b.value, 0.0) / top if top > 0 else 0.0
        body.append(_label(labels - 6, middle, b.label, labels - 6))
        body.append(
            f'<rect x="{labels:.1f}" y="{middle - BAR_HEIGHT / 2:.1f}" width="{length:.1f}" '
            f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
        )
        figure = b.text or _number(b.value)
        body.append(
            f'<text x="{labels + length + 4:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{escape(figure)}</text>'
        )
    return _svg(max(len(bars), 1) * ROW_HEIGHT, title, body)


def goal_chart(title: str, items: Sequence[GoalBar]) -> str:
    """Per indicator three lines: its name, a bar against a dashed line at its goal, and
    its value, goal and rating in words (coloured by the rating). The scale runs from 0 to
    the larger of 100% and the largest value or goal. An indicator without a value (no
    denominator) has no bar, only its words; a negative value (income fell) is a short bar
    left of zero."""
    high = max([100.0, *(abs(i.value) for i in items if i.value is not None),
                *(abs(i.goal) for i in items)])  # fmt: skip
    room = WIDTH - FIGURE_ROOM
    low = room * 0.15 if any(i.value is not None and i.value < 0 for i in items) else 0.0
    zero = low
    scale = (room - low) / high
    step = ROW_HEIGHT * 3
    body = []
    for n, item in enumerate(items):
        y = n * step
        body.append(
            f'<text x="0" y="{y + ROW_HEIGHT / 2:.1f}" font-weight="bold" '
            f'dominant-baseline="middle">{escape(fitted(item.label, WIDTH))}</text>'
        )
        middle = y + ROW_HEIGHT * 1.5
        colour = RATING_COLOURS.get(item.rating, RATING_COLOURS["none"])
        if item.value is not None:
            length = min(abs(item.value) * scale, low if item.value < 0 else room - low)
            x = zero - length if item.value < 0 else zero
            body.append(
                f'<rect x="{x:.1f}" y="{middle - BAR_HEIGHT / 2:.1f}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{colour}"/>'
            )
        goal_x = zero + min(item.goal, high) * scale
        body.append(
            f'<line x1="{goal_x:.1f}" y1="{y + ROW_HEIGHT + 2}" x2="{goal_x:.1f}" '
            f'y2="{y + 2 * ROW_HEIGHT - 2}" stroke="#000" stroke-width="2" '
            'stroke-dasharray="3 2"/>'
        )
        body.append(
            f'<line x1="{zero:.1f}" y1="{y + ROW_HEIGHT}" x2="{zero:.1f}" '
            f'y2="{y + 2 * ROW_HEIGHT}" stroke="#555" stroke-width="1"/>'
        )
        body.append(
            f'<text x="{zero:.1f}" y="{y + ROW_HEIGHT * 2.5:.1f}" '
            f'dominant-baseline="middle" fill="{colour}">{escape(item.text)}</text>'
        )
    return _svg(max(len(items), 1) * step, title, body)


def sparkline(title: str, values: Sequence[float], *, width: int = 120, height: int = 24) -> str:
    """A small line of ``values`` in order (e.g. households' average income by reading),
    the last point marked; a flat line for one value or all equal; nothing drawn for none."""
    body = []
    if values:
        low, high = min(values), max(values)
        span = high - low
        step = (width - 4) / max(len(values) - 1, 1)

        def y(v: float) -> float:
            return height / 2 if span == 0 else height - 2 - (v - low) * (height - 4) / span

        points = [(2 + i * step, y(v)) for i, v in enumerate(values)]
        if len(points) == 1:
            points.append((width - 2, points[0][1]))
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{BAR_COLOUR}" stroke-width="1.5"/>'
        )
        last_x, last_y = points[-1]
        body.append(f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="{BAR_COLOUR}"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )
