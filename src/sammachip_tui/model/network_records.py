"""Links between occupation groups (seed 000, a success factor: กลุ่มควรมีการเชื่อมโยง
เครือข่ายกับกลุ่มอื่นๆ ที่มีสินค้าชนิดเดียวกันและแตกต่าง).

A link joins two groups that make the same product, or two links of a chain (raw material →
processing → selling), within a village or across villages and districts, and says what they
exchange: materials, markets, training, joint orders. A ``GroupLink`` lives in the shard of
the group that records it (``group_id``); the partner is named by village and group id
(``partner_village``, ``partner_id``) and, for a partner whose village is not on this device,
by the name the officer typed (``partner_name``), so the link reads well everywhere. The
direction matters for a chain (``supplies``: this group supplies the partner) and not for the
others. Deleting is a tombstone.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import Field, field_validator

from sammachip_tui.i18n import N_
from sammachip_tui.model.labels import register_labels
from sammachip_tui.model.records import VILLAGE_CODE, Record, register_models

TEXT_MAX = 2000
NAME_MAX = 200


class LinkKind(StrEnum):
    same_product = "same_product"  # groups making the same kind of product
    supplies = "supplies"  # this group supplies the partner (raw material → processing)
    sells_for = "sells_for"  # this group sells the partner's products
    other = "other"


LINK_LABELS = {
    LinkKind.same_product: N_("same product"),
    LinkKind.supplies: N_("supplies the partner"),
    LinkKind.sells_for: N_("sells for the partner"),
    LinkKind.other: N_("other link"),
}


class Exchange(StrEnum):
    materials = "materials"
    markets = "markets"
    training = "training"
    joint_orders = "joint_orders"
    knowledge = "knowledge"
    funds = "funds"


EXCHANGE_LABELS = {
    Exchange.materials: N_("materials"),
    Exchange.markets: N_("markets"),
    Exchange.training: N_("training"),
    Exchange.joint_orders: N_("joint orders"),
    Exchange.knowledge: N_("knowledge"),
    Exchange.funds: N_("funds"),
}


class GroupLink(Record):
    """A link from one group (in this shard) to a partner group, and what they exchange."""

    KIND: ClassVar[str] = "group_link"

    group_id: str = Field(min_length=1)
    partner_village: str = Field(pattern=VILLAGE_CODE)
    partner_id: str = Field(min_length=1)
    partner_name: str = Field(default="", max_length=NAME_MAX)
    kind: LinkKind
    exchanges: list[Exchange] = Field(default_factory=list, max_length=len(Exchange))
    since: dt.date | None = None
    note: str = Field(default="", max_length=TEXT_MAX)
    deleted: bool = False

    @field_validator("exchanges")
    @classmethod
    def _each_once(cls, value: list[Exchange]) -> list[Exchange]:
        return sorted(set(value), key=list(Exchange).index)


NETWORK_FIELD_LABELS = {
    "partner_village": N_("partner's village"), "partner_id": N_("partner group"),
    "partner_name": N_("partner's name"), "exchanges": N_("what they exchange"),
}  # fmt: skip
NETWORK_KIND_LABELS = {("group_link", "kind"): N_("link"), ("group_link", "group_id"): N_("group")}

register_models((GroupLink,))
register_labels(
    NETWORK_FIELD_LABELS,
    NETWORK_KIND_LABELS,
    {LinkKind: LINK_LABELS, Exchange: EXCHANGE_LABELS},
    (("group_link", "since"),),
)
