"""Group networks (seed 000): the one save path's rules, both groups seeing a link, a link
kept through a merge, and the picture of the district's network."""

from __future__ import annotations

from pathlib import Path

import pytest

from sammachip_tui.i18n import set_language
from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.store import network
from sammachip_tui.store.network_layout import draw
from sammachip_tui.store.workspace import Workspace
from tests.group_helpers import send, two_devices
from tests.network_helpers import V1, V2, groups, link


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")  # conftest's autouse fixture puts Thai back for the next test


def test_a_link_is_seen_by_both_groups_the_partner_reading_it_turned(
    workspace: Workspace,
) -> None:
    farm, mill = groups(workspace, "กลุ่มปลูกข้าว", "กลุ่มโรงสีชุมชน")
    lid = link(workspace, farm, V1, partner="กลุ่มโรงสีชุมชน", kind="supplies",
               exchanges="วัตถุดิบ, ตลาด", since="1/6/2568", note="ส่งข้าวเปลือก")  # fmt: skip
    [mine] = network.group_network(workspace, V1, farm)
    [theirs] = network.group_network(workspace, V1, mill)
    assert mine.link.id == theirs.link.id == lid
    assert mine.partner.name == "กลุ่มโรงสีชุมชน" and mine.relation == "supplies the partner"
    assert theirs.partner.name == "กลุ่มปลูกข้าว"
    assert theirs.relation == "is supplied by the partner"
    assert mine.exchanges == "materials, markets" and mine.since == "1/6/2568"


def test_a_partner_in_another_village_and_one_not_on_this_device(workspace: Workspace) -> None:
    [weave] = groups(workspace, "กลุ่มทอผ้า")
    [dye] = groups(workspace, "กลุ่มย้อมสีธรรมชาติ", village=V2)
    link(workspace, weave, V1, partner="กลุ่มย้อมสีธรรมชาติ", kind="same product")
    link(workspace, weave, V1, partner_village="๑๐๐๑๐๒๐๓", partner_name="กลุ่มผ้าไหมบางรัก",
         kind="sells_for")  # fmt: skip
    lines = network.group_network(workspace, V1, weave)
    assert [(x.partner.name, x.partner.village, x.partner.on_device) for x in lines] == [
        ("กลุ่มผ้าไหมบางรัก", "10010203", False),
        ("กลุ่มย้อมสีธรรมชาติ", V2, True),
    ]
    assert [x.partner.name for x in network.group_network(workspace, V2, dye)] == ["กลุ่มทอผ้า"]


@pytest.mark.parametrize(
    ("texts", "reason"),
    [
        ({"partner": "กลุ่มปลูกข้าว", "kind": "same_product"}, "itself"),
        ({"partner": "กลุ่มไม่มี", "kind": "other"}, "No group กลุ่มไม่มี on this device"),
        ({"partner_village": "5212", "partner_name": "x", "kind": "other"}, "8 digits"),
        (
            {"partner_village": V1, "partner_name": "กลุ่มไม่มี", "kind": "other"},
            f"No group กลุ่มไม่มี in village {V1}",
        ),
        ({"partner": "กลุ่มโรงสีชุมชน", "kind": "friends"}, "one of same product"),
        ({"partner": "กลุ่มโรงสีชุมชน", "kind": "other", "since": "31/2/2568"}, "not a date"),
        ({"kind": "other"}, "Say which group"),
    ],
)
def test_a_bad_link_is_refused_with_the_reason_and_nothing_saved(
    workspace: Workspace, texts: dict[str, str], reason: str
) -> None:
    farm, _mill = groups(workspace, "กลุ่มปลูกข้าว", "กลุ่มโรงสีชุมชน")
    with pytest.raises(FieldError, match=reason):
        workspace.commit_built(lambda w: [network.add_link(w, V1, farm, texts)])
    assert workspace.records(V1, "group_link") == []


def test_the_same_pair_is_linked_once_per_kind_a_chain_in_each_direction(
    workspace: Workspace,
) -> None:
    a, b = groups(workspace, "กลุ่มเอ", "กลุ่มบี")
    link(workspace, a, V1, partner="กลุ่มบี", kind="same_product", since="1/1/2568")
    with pytest.raises(FieldError, match=r"already linked \(same product\) since 1/1/2568"):
        link(workspace, b, V1, partner="กลุ่มเอ", kind="same_product")  # the other way round
    link(workspace, a, V1, partner="กลุ่มบี", kind="supplies")
    with pytest.raises(FieldError, match="already linked"):
        link(workspace, a, V1, partner=b, kind="supplies")  # by its id: the same partner
    link(workspace, b, V1, partner="กลุ่มเอ", kind="supplies")  # a chain the other way: a link
    assert len(network.group_network(workspace, V1, a)) == 3


def test_edit_and_unlink_and_a_deleted_link_no_longer_refuses_a_new_one(
    workspace: Workspace,
) -> None:
    a, b = groups(workspace, "กลุ่มเอ", "กลุ่มบี")
    lid = link(workspace, a, V1, partner="กลุ่มบี", kind="other")
    workspace.commit_built(lambda w: [network.edit_link(w, lid, {"exchanges": "ความรู้, เงินทุน"})])
    assert network.group_network(workspace, V1, b)[0].exchanges == "knowledge, funds"
    assert workspace.commit_built(lambda w: [network.edit_link(w, lid, {"note": ""})]) == []
    [far] = groups(workspace, "กลุ่มซี", village=V2)  # another partner, in another village
    workspace.commit_built(lambda w: [network.edit_link(w, lid, {"partner": "กลุ่มซี"})])
    assert [x.partner.id for x in network.group_network(workspace, V1, a)] == [far]
    workspace.commit_built(lambda w: [network.edit_link(w, lid, {"partner": "กลุ่มบี"})])
    workspace.commit_built(lambda w: [network.unlink(w, lid)])
    assert network.group_network(workspace, V1, a) == []
    assert workspace.record(V1, "group_link", lid)["deleted"] is True  # a tombstone
    with pytest.raises(FieldError, match="No link"):
        workspace.commit_built(lambda w: [network.unlink(w, lid)])
    link(workspace, a, V1, partner="กลุ่มบี", kind="other")


def test_links_added_on_two_devices_are_both_kept_through_real_bundles(tmp_path: Path) -> None:
    a, b = two_devices(tmp_path)
    try:
        farm, mill, shop = groups(a, "กลุ่มปลูกข้าว", "กลุ่มโรงสีชุมชน", "กลุ่มร้านค้าชุมชน")
        send(a, b)
        link(a, farm, V1, partner="กลุ่มโรงสีชุมชน", kind="supplies")
        link(b, shop, V1, partner="กลุ่มโรงสีชุมชน", kind="sells_for", exchanges="ตลาด")
        send(a, b)
        send(b, a)
        for ws in (a, b):
            lines = network.group_network(ws, V1, mill)
            assert sorted(x.relation for x in lines) == [
                "has its products sold by the partner",
                "is supplied by the partner",
            ]
    finally:
        a.close()
        b.close()


# ------------------------------------------------------------------------------- the picture
def test_a_chain_is_drawn_left_to_right_with_its_arrows(workspace: Workspace) -> None:
    shop, mill, _lone, _other = groups(workspace, "ร้านค้า", "โรงสี", "นาข้าว", "กลุ่มเดี่ยว")
    link(workspace, mill, V1, partner="ร้านค้า", kind="supplies")  # the mill supplies the shop
    link(workspace, shop, V1, partner="โรงสี", kind="sells_for")  # and the shop sells its rice
    net = network.district_network(workspace)
    pic = draw(net)
    assert net.unlinked == 2  # counted, not drawn
    text = "\n".join(pic.lines)
    assert "กลุ่มเดี่ยว" not in text and "นาข้าว" not in text
    row = pic.lines[0]
    # ร้านค้า sells for โรงสี: the goods go โรงสี → ร้านค้า; โรงสี supplies ร้านค้า too
    assert row.index("โรงสี") < row.index("ร้านค้า")
    assert "▶ร้านค้า" in row


def test_a_three_step_chain_reads_in_order_and_components_are_apart(
    workspace: Workspace,
) -> None:
    grow, _mill, sell, x, _y = groups(workspace, "ค ปลูก", "ข แปรรูป", "ก ขาย", "ง", "จ")
    link(workspace, grow, V1, partner="ข แปรรูป", kind="supplies")
    link(workspace, sell, V1, partner="ข แปรรูป", kind="sells_for")
    link(workspace, x, V1, partner="จ", kind="same_product")
    pic = draw(network.district_network(workspace))
    first = pic.lines[0]
    assert first.index("ค ปลูก") < first.index("ข แปรรูป") < first.index("ก ขาย")
    assert first.count("▶") == 2
    assert pic.lines[1] == ""  # a blank line, then the other component
    assert "ง" in pic.lines[2] and "จ" in pic.lines[2] and "▶" not in pic.lines[2]
    assert pic.fits(80, 24) and not pic.fits(20, 24) and not pic.fits(80, 0)


def test_a_link_across_columns_passes_them_and_a_star_branches(workspace: Workspace) -> None:
    a, b, _c = groups(workspace, "เอ", "บี", "ซี")
    link(workspace, a, V1, partner="บี", kind="supplies")
    link(workspace, b, V1, partner="ซี", kind="supplies")
    link(workspace, a, V1, partner="ซี", kind="supplies")  # a shortcut over บี
    pic = draw(network.district_network(workspace))
    assert len(pic.lines) == 3  # the shortcut on a row of its own
    assert pic.lines[0].index("เอ") < pic.lines[0].index("บี") < pic.lines[0].index("ซี")
    assert "┬" in pic.lines[0] or "┐" in pic.lines[0] or "┌" in pic.lines[0]
    assert set(pic.lines[2].strip()) <= set("─┘└┴│")
