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

from collections import defaultdict
from dataclasses import dataclass, field

from rich.cells import cell_len

from sammachip_tui.model.network_records import LinkKind
from sammachip_tui.store.network import Network, Node

LABEL_MAX = 18
"""A group's name is cut to this many cells in the picture (the table has it whole)."""

N, E, S, W = 1, 2, 4, 8
LINES = {
    E | W: "─", N | S: "│", E | S: "┌", W | S: "┐", N | E: "└", N | W: "┘",
    E | W | S: "┬", E | W | N: "┴", N | S | E: "├", N | S | W: "┤", N | E | S | W: "┼",
    E: "─", W: "─", N: "│", S: "│",
}  # fmt: skip

Key = tuple[str, str]


@dataclass
class Picture:
    """The drawing (one string per line), its width in cells and the height of its tallest
    component: scrolled, each component is seen whole when that fits the window."""

    lines: list[str] = field(default_factory=list)
    width: int = 0
    tallest: int = 0

    def fits(self, width: int, height: int) -> bool:
        return self.width <= width and self.tallest <= height


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
    left = set(keys)
    place: dict[Key, int] = {}
    while left:
        # none ready: a cycle of supplies, cut at its group with the fewest suppliers
        ready = [k for k in left if inward[k] == 0] or [
            min(left, key=lambda k: (inward[k], name[k]))
        ]
        k = min(ready, key=lambda k: name[k])
        place[k] = len(place)
        left.discard(k)
        for b in after[k]:
            inward[b] -= 1
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


def _component(keys: list[Key], net: Network) -> tuple[list[str], int]:
    """One component drawn: its lines and its width."""
    flows: list[tuple[Key, Key]] = []
    pairs: list[tuple[Key, Key, LinkKind]] = []
    members = set(keys)
    for line in net.links:
        g, p = line.group.key, line.partner.key
        if g not in members:
            continue
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
    # Links across columns pass the columns between on rows of their own ("dummies").
    Slot = tuple[str, ...]
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
    labels = {(k[0], k[1]): label(net.nodes[k]) for k in keys}
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
    bits = [[0] * width for _ in range(height)]
    marks: dict[tuple[int, int], str] = {}

    def hline(y: int, x0: int, x1: int) -> None:
        for x in range(x0, x1 + 1):
            bits[y][x] |= (E if x < x1 else 0) | (W if x > x0 else 0)

    for s, c in slot_column.items():  # a label's free cells and a dummy's column: lines
        if s in labels:
            tail = xs[c] + cell_len(labels[s])
            if any(h[0] == s for h in hops) and tail < xs[c] + widths[c]:
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
    out = []
    for y in range(height):
        cells = [marks.get((y, x)) or LINES.get(v, " ") for x, v in enumerate(bits[y])]
        for s, c in slot_column.items():
            if s in labels and row_of[s] == y:
                text = labels[s]
                cells[xs[c]] = text
                for x in range(xs[c] + 1, xs[c] + cell_len(text)):
                    cells[x] = ""
        out.append("".join(cells).rstrip())
    return out, width


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


def draw(net: Network) -> Picture:
    """The whole network, one component under the other with a blank line between."""
    pic = Picture()
    for keys in _components(net):
        lines, width = _component(keys, net)
        if pic.lines:
            pic.lines.append("")
        pic.lines.extend(lines)
        pic.width = max(pic.width, width)
        pic.tallest = max(pic.tallest, len(lines))
    return pic
