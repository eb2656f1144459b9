"""The network of groups drawn in the terminal: groups as labelled nodes, links as lines.

An officer reads a chain the way the goods go: the group that grows the raw material on the
left, the one that processes it next, the one that sells on the right. So the groups of a
component (groups joined by links, directly or not) are laid out in columns: a link with a
direction (``supplies``, ``sells_for``) goes from a column to a later one, arrow at the group
the goods reach; a link without one (same product, other) joins two neighbouring columns
too, so that every link is a line between columns and never runs through a group. A link
across several columns passes the columns between on a row of its own. Components are drawn
one under the other, apart. Pure text: the screen only shows it (and a table instead when
``fits`` says no); ``benchmarks/group_network.py`` times it.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from sammachip_tui.model.network_records import LinkKind
from sammachip_tui.store.network import LinkLine, Network, Node

LABEL_MAX = 18
"""A group's name is cut to this many cells in the picture (the table has it whole)."""

N, E, S, W = 1, 2, 4, 8
LINES = {
    E | W: "─", N | S: "│", E | S: "┌", W | S: "┐", N | E: "└", N | W: "┘",
    E | W | S: "┬", E | W | N: "┴", N | S | E: "├", N | S | W: "┤", N | E | S | W: "┼",
    E: "─", W: "─", N: "│", S: "│",
}  # fmt: skip

Key = tuple[str, str]
Slot = tuple[str, ...]  # a group's key, or a row a link passes a column on


@dataclass(frozen=True)
class _Shape:
    width: int
    height: int
    render: Callable[[], list[str]] | None  # None: only measured (at least this big)


@dataclass
class Picture:
    """The drawing (one string per line), its width in cells and the height of its tallest
    component: scrolled, each component is seen whole when that fits the window. Not drawn
    (no lines) when it does not fit the room it was laid out for: then it is at least as big
    as it says."""

    lines: list[str] = field(default_factory=list)
    width: int = 0
    tallest: int = 0

    def fits(self, width: int, height: int) -> bool:
        return self.width <= width and self.tallest <= height


@lru_cache(maxsize=4096)
def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes: Thai vowel and tone marks none (they sit on their
    consonant), wide characters two. The data layers load no Rich (DESIGN.md section 2)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def label(node: Node) -> str:
    """A node's name cut to ``LABEL_MAX`` cells (a group elsewhere marked ``*``)."""
    text = " ".join(node.name.split()) or node.id
    mark = "" if node.on_device else "*"
    room = LABEL_MAX - len(mark)
    if cell_len(text) > room:
        kept, width = "", 0
        for ch in text:
            w = cell_len(ch)
            if width + w > room - 1:
                if w == 0:  # a Thai vowel or tone mark stays on its consonant
                    kept += ch
                    continue
                break
            kept += ch
            width += w
        text = kept + "…"
    return text + mark


@dataclass(frozen=True)
class _Edge:
    a: Key  # drawn from (left)
    b: Key  # drawn to (right)
    flow: int  # +1: the goods go a → b; -1: b → a; 0: no direction


def _components(net: Network) -> list[list[Key]]:
    """Groups joined by links, the biggest first (then by name)."""
    near: dict[Key, set[Key]] = defaultdict(set)
    for line in net.links:
        near[line.group.key].add(line.partner.key)
        near[line.partner.key].add(line.group.key)
    seen: set[Key] = set()
    out = []
    for start in sorted(near, key=lambda k: (net.nodes[k].name, k)):
        if start in seen:
            continue
        part, todo = [], [start]
        seen.add(start)
        while todo:
            k = todo.pop()
            part.append(k)
            for n in near[k] - seen:
                seen.add(n)
                todo.append(n)
        out.append(part)
    return sorted(out, key=lambda p: (-len(p), min(net.nodes[k].name for k in p)))


def _order(keys: list[Key], net: Network, flows: list[tuple[Key, Key]]) -> dict[Key, int]:
    """A place for every group in which the goods go forward (a cycle of supplies is cut
    where it must be), ties by name: what decides which way each link is drawn."""
    inward: dict[Key, int] = dict.fromkeys(keys, 0)
    after: dict[Key, list[Key]] = defaultdict(list)
    for a, b in flows:
        inward[b] += 1
        after[a].append(b)
    name = {k: (net.nodes[k].name, k) for k in keys}
    ready = [name[k] for k in keys if inward[k] == 0]
    heapq.heapify(ready)
    place: dict[Key, int] = {}
    while len(place) < len(keys):
        if not ready:  # a cycle of supplies: cut at its group with the fewest suppliers
            k = min((k for k in keys if k not in place), key=lambda k: (inward[k], name[k]))
        else:
            k = heapq.heappop(ready)[1]
            if k in place:
                continue
        place[k] = len(place)
        for b in after[k]:
            inward[b] -= 1
            if inward[b] == 0 and b not in place:
                heapq.heappush(ready, name[b])
    return place


def _layers(keys: list[Key], edges: list[_Edge]) -> dict[Key, int]:
    """Longest-path columns: every link goes at least one column right."""
    column = dict.fromkeys(keys, 0)
    into: dict[Key, list[Key]] = defaultdict(list)
    for e in edges:
        into[e.b].append(e.a)
    for k in keys:  # ``keys`` in drawing order: every edge goes forward in it
        column[k] = max((column[a] + 1 for a in into[k]), default=0)
    return column


def _component(keys: list[Key], net: Network, links: list[LinkLine],
               room: tuple[int, int] | None) -> _Shape:  # fmt: skip
    """One component laid out: its width, its height, and how to draw it (drawn only when
    shown). One that is too big for ``room`` anyway (hundreds of groups) is only measured,
    at least: its columns without the rows links pass them on."""
    flows: list[tuple[Key, Key]] = []
    pairs: list[tuple[Key, Key, LinkKind]] = []
    for line in links:
        g, p = line.group.key, line.partner.key
        kind = line.link.kind
        pairs.append((g, p, kind))
        if kind is LinkKind.supplies:
            flows.append((g, p))
        elif kind is LinkKind.sells_for:
            flows.append((p, g))
    place = _order(keys, net, flows)
    keys = sorted(keys, key=place.__getitem__)
    edges = []
    for g, p, kind in pairs:
        a, b = (g, p) if place[g] < place[p] else (p, g)
        flow = 0
        if kind is LinkKind.supplies:
            flow = 1 if a == g else -1
        elif kind is LinkKind.sells_for:
            flow = 1 if a == p else -1
        edges.append(_Edge(a, b, flow))
    column = _layers(keys, edges)
    labels: dict[Slot, str] = {(k[0], k[1]): label(net.nodes[k]) for k in keys}
    if room is not None:  # at least this big: too big already is said without the rest
        count = max(column.values()) + 1
        least_widths, least_rows = [1] * count, [0] * count
        for k in keys:
            c = column[k]
            least_widths[c] = max(least_widths[c], cell_len(labels[k]))
            least_rows[c] += 1
        least = _Shape(sum(least_widths) + 5 * (count - 1), 2 * max(least_rows) - 1, None)
        if least.width > room[0] or least.height > room[1]:
            return least
    # Links across columns pass the columns between on rows of their own ("dummies").
    slot_column: dict[Slot, int] = {(k[0], k[1]): column[k] for k in keys}
    hops: list[tuple[Slot, Slot, int]] = []  # (from, to, the flow when an arrow ends it)
    for n, e in enumerate(edges):
        chain: list[Slot] = [(e.a[0], e.a[1])]
        for c in range(column[e.a] + 1, column[e.b]):
            dummy: Slot = ("~", str(n), str(c))
            slot_column[dummy] = c
            chain.append(dummy)
        chain.append((e.b[0], e.b[1]))
        for i in range(len(chain) - 1):
            first, last = i == 0, i == len(chain) - 2
            arrow = (e.flow > 0 and last) or (e.flow < 0 and first)
            hops.append((chain[i], chain[i + 1], e.flow if arrow else 0))
    count = max(slot_column.values()) + 1
    rows: list[list[Slot]] = [[] for _ in range(count)]
    for s in slot_column:
        rows[slot_column[s]].append(s)
    _untangle(rows, hops)
    row_of = {s: 2 * i for col in rows for i, s in enumerate(col)}
    widths = [max((cell_len(labels[s]) for s in col if s in labels), default=1) for col in rows]
    bends = [0] * count
    for start, stop, _flow in hops:
        if row_of[start] != row_of[stop]:
            bends[slot_column[start]] += 1
    gaps = [max(5, n + 4) for n in bends]
    xs = [0] * count
    for c in range(1, count):
        xs[c] = xs[c - 1] + widths[c - 1] + gaps[c - 1]
    width = xs[-1] + widths[-1]
    height = 2 * max(len(col) for col in rows) - 1

    def render() -> list[str]:
        return _render(width, height, slot_column, hops, labels, xs, widths, row_of)

    return _Shape(width, height, render)


def _render(width: int, height: int, slot_column: dict[Slot, int],
            hops: list[tuple[Slot, Slot, int]], labels: dict[Slot, str], xs: list[int],
            widths: list[int], row_of: dict[Slot, int]) -> list[str]:  # fmt: skip
    """The lines of a component laid out by ``_component``."""
    count = len(xs)
    bits = [[0] * width for _ in range(height)]
    marks: dict[tuple[int, int], str] = {}

    def hline(y: int, x0: int, x1: int) -> None:
        for x in range(x0, x1 + 1):
            bits[y][x] |= (E if x < x1 else 0) | (W if x > x0 else 0)

    leaving = {h[0] for h in hops}
    for s, c in slot_column.items():  # a label's free cells and a dummy's column: lines
        if s in labels:
            tail = xs[c] + cell_len(labels[s])
            if s in leaving and tail < xs[c] + widths[c]:
                hline(row_of[s], tail, xs[c] + widths[c])
                bits[row_of[s]][tail] |= W
        else:
            hline(row_of[s], xs[c], xs[c] + widths[c])
            bits[row_of[s]][xs[c]] |= W
            bits[row_of[s]][xs[c] + widths[c] - 1] |= E
    used = [0] * count
    for start, stop, flow in hops:
        c = slot_column[start]
        x0, x1 = xs[c] + widths[c], xs[c + 1] - 1
        ya, yb = row_of[start], row_of[stop]
        if ya == yb:
            hline(ya, x0, x1)
        else:
            used[c] += 1
            xm = x0 + 1 + used[c]
            hline(ya, x0, xm)
            hline(yb, xm, x1)
            for y in range(min(ya, yb), max(ya, yb) + 1):
                bits[y][xm] |= (S if y < max(ya, yb) else 0) | (N if y > min(ya, yb) else 0)
        bits[ya][x0] |= W
        bits[yb][x1] |= E
        if flow > 0:
            marks[(yb, x1)] = "▶"
        elif flow < 0:
            marks[(ya, x0)] = "◀"
    on_row: dict[int, list[Slot]] = defaultdict(list)
    for s in labels:
        on_row[row_of[s]].append(s)
    arrows: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for (y, x), mark in marks.items():
        arrows[y].append((x, mark))
    out = []
    for y in range(height):
        cells = [LINES.get(v, " ") for v in bits[y]]
        for x, mark in arrows[y]:
            cells[x] = mark
        for s in on_row[y]:
            x, text = xs[slot_column[s]], labels[s]
            cells[x] = text
            for free in range(x + 1, x + cell_len(text)):
                cells[free] = ""
        out.append("".join(cells).rstrip())
    return out


def _untangle(rows: list[list[tuple[str, ...]]],
              hops: list[tuple[tuple[str, ...], tuple[str, ...], int]]) -> None:  # fmt: skip
    """Each column ordered by where its neighbours are (a few sweeps of barycentres), so
    most links run straight."""
    left: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    right: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for a, b, *_ in hops:
        right[a].append(b)
        left[b].append(a)
    for sweep in range(4):
        forward = sweep % 2 == 0
        order = range(1, len(rows)) if forward else range(len(rows) - 2, -1, -1)
        for c in order:
            ref = rows[c - 1] if forward else rows[c + 1]
            at = {s: i for i, s in enumerate(ref)}
            near = left if forward else right
            mine = {s: i for i, s in enumerate(rows[c])}

            def centre(s: tuple[str, ...], at: dict[tuple[str, ...], int] = at,
                       near: dict[tuple[str, ...], list[tuple[str, ...]]] = near,
                       mine: dict[tuple[str, ...], int] = mine) -> float:  # fmt: skip
                ns = [at[n] for n in near[s] if n in at]
                return sum(ns) / len(ns) if ns else float(mine[s])

            rows[c].sort(key=centre)


# The last picture laid out, by the identity of the lines and groups it was laid out from
# (``district_network`` gives the same ones while nothing changed; the entry holds them, so
# their ids are not reused): the district view laid out again on each resize, language
# switch or return to it costs nothing when the network has not changed.
_LAST: list[tuple[tuple[object, ...], list[object], Picture]] = []


def draw(net: Network, room: tuple[int, int] | None = None) -> Picture:
    """The whole network, one component under the other with a blank line between; measured
    only (no lines) when it does not fit ``room`` (width, height)."""
    kept: list[object] = [*net.links, *net.nodes.values()]
    key = (*map(id, kept), room)
    if _LAST and _LAST[0][0] == key:
        pic = _LAST[0][2]
        return Picture(list(pic.lines), pic.width, pic.tallest)
    pic = _draw(net, room)
    _LAST[:] = [(key, kept, pic)]
    return Picture(list(pic.lines), pic.width, pic.tallest)


def _draw(net: Network, room: tuple[int, int] | None) -> Picture:
    pic = Picture()
    parts = _components(net)
    where = {k: n for n, keys in enumerate(parts) for k in keys}
    links: list[list[LinkLine]] = [[] for _ in parts]
    for line in net.links:
        links[where[line.group.key]].append(line)
    shapes = [_component(keys, net, links[n], room) for n, keys in enumerate(parts)]
    pic.width = max((s.width for s in shapes), default=0)
    pic.tallest = max((s.height for s in shapes), default=0)
    if room is not None and not pic.fits(*room):
        return pic
    for shape in shapes:
        assert shape.render is not None  # each fits, so each was laid out whole
        if pic.lines:
            pic.lines.append("")
        pic.lines.extend(shape.render())
    return pic
