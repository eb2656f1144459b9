"""Two officers keep the same group on two devices: the ledger lines, activities, an
evaluation and committee terms each typed while apart all survive the exchange of bundles,
and both devices then show the same group, to the baht."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui.store.group_view import group_view
from sammachip_tui.store.workspace import Workspace
from tests.group_helpers import Made, add, make_group, send, two_devices


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    a, b = two_devices(tmp_path)
    yield a, b
    a.close()
    b.close()


def summary(ws: Workspace, made: Made) -> dict[str, object]:
    v = group_view(ws, made.village, made.group)
    assert v is not None
    return {
        "ledger": sorted((x.kind.value, x.amount, x.date.isoformat()) for x in v.ledger),
        "activities": sorted(a.title for a in v.activities),
        "evaluations": sorted((e.date.isoformat(), e.fund) for e in v.evaluations),
        "committee": sorted((t.household_id, t.position.value) for t in v.committee),
        "balance": v.balance(),
    }


def test_entries_made_apart_on_two_devices_all_survive_the_exchange(pair) -> None:
    a, b = pair
    made = make_group(a)
    send(a, b)  # b has the group and its members
    h = made.households
    # Apart: each officer adds to the same group.
    add(a, made, "fund", kind="grant", amount="10000", source="พช.", date="1/11/2569")
    add(a, made, "fund", kind="purchase", amount="2500", date="3/11/2569")
    add(a, made, "activity", title="อบรมย้อมสีธรรมชาติ", date="4/11/2569")
    add(a, made, "committee", household_id=h[0], position="chair", elected="1/11/2569")
    add(a, made, "evaluation", date="20/11/2569", members="4", committee="3", bylaws="2",
        fund="3", activities="2")  # fmt: skip
    add(b, made, "fund", kind="sale", amount="1,800", date="10/11/2569")
    add(b, made, "fund", kind="loan", amount="5000", source="กทบ.", date="11/11/2569")
    add(b, made, "activity", title="ขายงานกาชาด", date="12/11/2569")
    add(b, made, "committee", household_id=h[1], position="treasurer", elected="1/11/2569")
    add(b, made, "evaluation", date="21/11/2569", members="5", committee="4", bylaws="3",
        fund="4", activities="3")  # fmt: skip
    send(a, b)
    send(b, a)
    mine, theirs = summary(a, made), summary(b, made)
    assert mine == theirs
    assert len(mine["ledger"]) == 4 and mine["activities"] == ["ขายงานกาชาด", "อบรมย้อมสีธรรมชาติ"]
    assert mine["committee"] == sorted([(h[0], "chair"), (h[1], "treasurer")])
    assert mine["evaluations"] == [("2026-11-20", 3), ("2026-11-21", 4)]
    assert mine["balance"] == 10000 - 2500 + 1800 + 5000
    assert a.conflicts() == [] and b.conflicts() == []  # separate records: nothing to resolve


def test_an_entry_corrected_on_the_other_device_is_shown_corrected(pair) -> None:
    """The group was open on this device (its entries read) when the other device's
    correction arrived: opening it again shows the correction, and the deletion."""
    from sammachip_tui.store import groups

    a, b = pair
    made = make_group(a)
    grant = add(a, made, "fund", kind="grant", amount="10000", source="พช.", date="1/11/2569")
    sale = add(a, made, "fund", kind="sale", amount="500", date="2/11/2569")
    send(a, b)
    assert summary(a, made)["balance"] == 10500  # read here before the correction
    b.commit_built(lambda w: [groups.edit_entry(w, made.village, made.group, "fund", grant,
                                                {"amount": "12000"})])  # fmt: skip
    b.commit_built(lambda w: [groups.delete_entry(w, made.village, made.group, "fund", sale)])
    send(b, a)
    assert summary(a, made)["ledger"] == [("grant", 12000.0, "2026-11-01")]
    assert summary(a, made) == summary(b, made)
