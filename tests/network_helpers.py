"""Groups in several villages, made through the store, for the network tests."""

from __future__ import annotations

from sammachip_tui.store import network
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

V1, V2 = "52120505", "52120306"  # two villages of อ.ห้างฉัตร, ลำปาง


def groups(ws: Workspace, *names: str, village: str = V1) -> list[str]:
    """Groups of ``village`` by name (the village made when new); their ids."""
    if village not in ws.villages():
        ws.commit([village_change(village)])
    ops = ws.commit([Change("group", village, {"village_code": village, "name": n})
                     for n in names])  # fmt: skip
    return list(dict.fromkeys(op.record for op in ops))


def link(ws: Workspace, group: str, village: str = V1, /, **texts: str) -> str:
    """A link recorded by ``group`` through the one save path; its id."""
    [op] = ws.commit_built(lambda w: [network.add_link(w, village, group, texts)])
    assert op.record is not None
    return op.record
