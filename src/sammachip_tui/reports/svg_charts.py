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
LABEL_WIDTH = 220
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


def _label(y: float, text: str) -> str:
    return (
        f'<text x="{LABEL_WIDTH - 6}" y="{y:.1f}" text-anchor="end" '
        f'dominant-baseline="middle">{escape(text)}</text>'
    )


def bar_chart(title: str, bars: Sequence[Bar]) -> str:
    """One horizontal bar per item, longest = the drawing's width, its figure beside it.
    Nothing but the title when there is nothing to draw (no division by zero)."""
    top = max((b.value for b in bars), default=0.0)
    room = WIDTH - LABEL_WIDTH - FIGURE_ROOM
    body = []
    for i, b in enumerate(bars):
        y = i * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        length = room * max(b.value, 0.0) / top if top > 0 else 0.0
        body.append(_label(middle, b.label))
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{middle - BAR_HEIGHT / 2:.1f}" width="{length:.1f}" '
            f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
        )
        figure = b.text or _number(b.value)
        body.append(
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{escape(figure)}</text>'
        )
    return _svg(max(len(bars), 1) * ROW_HEIGHT, title, body)


def goal_chart(title: str, items: Sequence[GoalBar]) -> str:
    """A bar per indicator against a line at its goal, on a scale from 0 to the larger of
    100% and the largest value or goal; the bar coloured by its rating, the words below
    it. An indicator without a value (no denominator) has no bar, only its words. A
    negative value (income fell) is drawn as a short bar left of zero."""
    high = max([100.0, *(abs(i.value) for i in items if i.value is not None),
                *(abs(i.goal) for i in items)])  # fmt: skip
    room = WIDTH - LABEL_WIDTH - FIGURE_ROOM
    low = room * 0.15 if any(i.value is not None and i.value < 0 for i in items) else 0.0
    zero = LABEL_WIDTH + low
    scale = (room - low) / high
    step = ROW_HEIGHT * 2
    body = []
    for n, item in enumerate(items):
        y = n * step
        middle = y + ROW_HEIGHT / 2
        body.append(_label(middle, item.label))
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
            f'<line x1="{goal_x:.1f}" y1="{y + 2}" x2="{goal_x:.1f}" y2="{y + ROW_HEIGHT - 2}" '
            'stroke="#000" stroke-width="2" stroke-dasharray="3 2"/>'
        )
        body.append(
            f'<text x="{zero:.1f}" y="{y + ROW_HEIGHT * 1.5:.1f}" '
            f'dominant-baseline="middle" fill="{colour}">{escape(item.text)}</text>'
        )
    body.append(
        f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{max(len(items), 1) * step}" '
        'stroke="#555" stroke-width="1"/>'
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
