"""The district's network view (``district_network`` and its picture) against reading the
same records raw.

A district of 10 villages of 30 groups each (300 groups) and 600 links between them: chains
(supplies, sells for) and same-product links, within a village and across villages, a few
to groups not on the device. ``district_network`` (what the district view and ``network
show`` read: every link with its two groups, named) and ``draw`` (the layout: components,
columns, the lines) are timed against reading the records they are built from with
``ws.records`` (the groups and the links of every village), in the same run. Goal (issue 15):
the data ≤ 2×; the layout is printed beside it.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sammachip_tui.model import records  # noqa: F401  (before the group models: see cli_groups_5k)
from sammachip_tui.model.network_records import Exchange, GroupLink, LinkKind
from sammachip_tui.store import network_layout as layout_module
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.network import district_network
from sammachip_tui.store.network_layout import draw
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

VILLAGES = [f"521205{n:02d}" for n in range(1, 11)]
GROUPS, LINKS = 30, 600


def build(path: Path) -> Workspace:
    ws = Workspace.init(path, name="bench", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip
    ids: list[tuple[str, str]] = []
    for village in VILLAGES:
        ws.commit([village_change(village)])
        ops = ws.commit([Change("group", village, {"village_code": village,
                                                   "name": f"กลุ่มที่ {g + 1} หมู่ {village[6:]}"})
                         for g in range(GROUPS)])  # fmt: skip
        ids.extend((village, op.record) for op in ops)
    rng = random.Random(15)
    seen: set[tuple[str, str, str]] = set()
    links = []
    kinds = [LinkKind.supplies, LinkKind.sells_for, LinkKind.same_product, LinkKind.other]
    while len(links) < LINKS:
        (v, g), (pv, p) = rng.sample(ids, 2)
        kind = kinds[len(links) % len(kinds)]
        if len(links) % 50 == 0:  # now and then a partner not on this device
            pv, p = "10010203", f"named:ร้านค้า {len(links)}"
        if (g, p, kind) in seen or (p, g, kind) in seen:
            continue
        seen.add((g, p, kind))
        named = p.removeprefix("named:") if pv == "10010203" else ""
        links.append(GroupLink(village_code=v, group_id=g, partner_village=pv, partner_id=p,
                               partner_name=named, kind=kind,
                               exchanges=[Exchange.materials, Exchange.markets]))  # fmt: skip
    ws.commit([Change("group_link", link.village_code, link.fields()) for link in links])
    return ws


def _median_ms(task: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(repeat: int = 15) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        ws = build(Path(tmp) / "ws")
        try:
            net = district_network(ws)
            assert len(net.links) == LINKS

            def raw() -> None:
                for v in ws.villages():
                    list(ws.records(v, "group"))
                    list(ws.records(v, "group_link"))

            raw_ms = _median_ms(raw, repeat)
            data_ms = _median_ms(lambda: district_network(ws), repeat)
            # the screen at 120×40: laid out, found too big for it, not drawn (the table);
            # first for this network, then again (a resize, a return to the screen)
            first_ms = _median_ms(lambda: (layout_module._LAST.clear(), draw(net, (118, 34))),
                                  repeat)  # fmt: skip
            layout_ms = _median_ms(lambda: draw(district_network(ws), (118, 34)), repeat)
            layout_ms -= data_ms
            whole_ms = _median_ms(lambda: (layout_module._LAST.clear(), draw(net)), 3)
            pic = draw(net)
        finally:
            ws.close()
    return {"raw_ms": raw_ms, "data_ms": data_ms, "layout_ms": layout_ms, "whole_ms": whole_ms,
            "first_ms": first_ms,
            "width": pic.width, "tallest": pic.tallest}  # fmt: skip


def report(r: dict[str, float] | None = None) -> None:
    r = r or measure()
    print(f"District network view: {len(VILLAGES) * GROUPS} groups, {LINKS} links "
          f"({len(VILLAGES)} villages; median of 15)")  # fmt: skip
    print(f"  reading their records raw (ws.records)  {r['raw_ms']:7.2f} ms")
    print(f"  district_network (the data drawn)       {r['data_ms']:7.2f} ms"
          f"   = {r['data_ms'] / r['raw_ms']:.2f}× (goal ≤ 2×)")  # fmt: skip
    print(f"  layout at 120×40, again (a resize)      {r['layout_ms']:7.2f} ms"
          f"   = {r['layout_ms'] / r['raw_ms']:.2f}×")  # fmt: skip
    print(f"  layout at 120×40, first (too big: table) {r['first_ms']:6.2f} ms"
          f"   = {r['first_ms'] / r['raw_ms']:.2f}×"
          f"   (picture {r['width']:.0f}×{r['tallest']:.0f} cells)")  # fmt: skip
    print(f"  data + layout (the district view)       {r['data_ms'] + r['layout_ms']:7.2f} ms"
          f"   = {(r['data_ms'] + r['layout_ms']) / r['raw_ms']:.2f}×")  # fmt: skip
    print(
        f"  the whole picture drawn (show --graph)  {r['whole_ms']:7.2f} ms   (printed, not shown)"
    )


if __name__ == "__main__":
    report()
