"""The records of an occupation group's life on the 5 ก and after (issue 14).

A group is built by several officers on several devices over months: one types the fund's
ledger at the group's meeting, another the training the agency gave. Each entry is therefore a
record of its own (like a forum item), never an element of a list inside the group record,
so that entries made on two devices both survive a merge. Each record names its group
(``group_id``) and lives in the group's village shard. Deleting is a tombstone
(``deleted``), as everywhere.

Schema 1.1 and 1.2 kept the committee, the fund and the activities as lists inside ``Group``
(``model/records.py``); those stay readable (``store/group_view.py`` reads them as entries
of these kinds with ids of their own, ``<group>~f0`` …), so an old workspace and an old
device's bundle lose nothing.

Validation here is the gate of every value (form, CLI, bundle); rules that need the other
records of the group (a treasurer who is also the auditor, percentages that must add up to
100) are checked in ``store/group_rules.py`` before anything is journaled.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import Field, field_validator

from sammachip_tui.i18n import N_
from sammachip_tui.model.labels import register_labels
from sammachip_tui.model.records import Record, register_models
from sammachip_tui.model.taxonomy import OTOP_LABELS, OtopCategory

NOTE_MAX = 2000
NAME_MAX = 200
MONEY_MAX = 1_000_000_000  # baht: a village group's figures, with room to spare


class GroupStage(StrEnum):
    """Where a group is on its way (seed 000, seed 004): forming on the 5 ก, established,
    developing products, OTOP registered, selling; or dissolved."""

    forming = "forming"
    established = "established"
    developing = "developing"
    otop_registered = "otop_registered"
    selling = "selling"
    dissolved = "dissolved"


STAGE_LABELS = {
    GroupStage.forming: N_("forming"),
    GroupStage.established: N_("established"),
    GroupStage.developing: N_("developing products"),
    GroupStage.otop_registered: N_("OTOP registered"),
    GroupStage.selling: N_("selling"),
    GroupStage.dissolved: N_("dissolved"),
}

# What a device of schema 1.2 understands in ``Group.status``: the stage it is written as
# there too, so that older devices keep a meaningful status (they refuse values they do not
# know, sync/schema.py).
STAGE_FOR_OLD_DEVICES = {
    GroupStage.forming: "forming",
    GroupStage.established: "established",
    GroupStage.developing: "established",
    GroupStage.otop_registered: "otop_registered",
    GroupStage.selling: "otop_registered",
    GroupStage.dissolved: "dissolved",
}


class GroupEntry(Record):
    """Fields every entry of a group has: the group it belongs to, and its tombstone."""

    group_id: str = Field(min_length=1)
    deleted: bool = False


class StatusChange(GroupEntry):
    """A dated decision that moved the group to another stage, and who decided it."""

    KIND: ClassVar[str] = "group_status"

    status: GroupStage
    date: dt.date
    decided_by: str = Field(default="", max_length=NAME_MAX)
    note: str = Field(default="", max_length=NOTE_MAX)


class Position(StrEnum):
    """ก๒ committee posts (reference/domain.md §3); ``other`` is one the group names itself."""

    chair = "chair"
    vice_chair = "vice_chair"
    secretary = "secretary"
    treasurer = "treasurer"
    auditor = "auditor"
    registrar = "registrar"
    public_relations = "public_relations"
    member = "member"
    other = "other"


POSITION_LABELS = {
    Position.chair: N_("chair"),
    Position.vice_chair: N_("vice chair"),
    Position.secretary: N_("secretary"),
    Position.treasurer: N_("treasurer"),
    Position.auditor: N_("auditor"),
    Position.registrar: N_("registrar"),
    Position.public_relations: N_("public relations"),
    Position.member: N_("committee member"),
    Position.other: N_("other post"),
}


class CommitteeTerm(GroupEntry):
    """ก๒ กรรมการ: one member elected to one post for one term."""

    KIND: ClassVar[str] = "committee"

    household_id: str = Field(min_length=1)
    position: Position
    title: str = Field(default="", max_length=NAME_MAX)  # the post's name, for ``other``
    elected: dt.date | None = None
    term_end: dt.date | None = None


class LedgerKind(StrEnum):
    """ก๔ กองทุน: what a ledger line records. Money in: shares, grants, loans taken, sales.
    Money out: repayments, purchases (equipment, materials), costs. ``in_kind``: equipment or
    materials received, valued but no cash (schema 1.x's ``equipment`` fund entries)."""

    shares = "shares"
    grant = "grant"
    loan = "loan"
    repayment = "repayment"
    purchase = "purchase"
    cost = "cost"
    sale = "sale"
    in_kind = "in_kind"


MONEY_IN = frozenset({LedgerKind.shares, LedgerKind.grant, LedgerKind.loan, LedgerKind.sale})
MONEY_OUT = frozenset({LedgerKind.repayment, LedgerKind.purchase, LedgerKind.cost})

LEDGER_LABELS = {
    LedgerKind.shares: N_("shares paid"),
    LedgerKind.grant: N_("grant"),
    LedgerKind.loan: N_("loan taken"),
    LedgerKind.repayment: N_("loan repaid"),
    LedgerKind.purchase: N_("equipment or materials bought"),
    LedgerKind.cost: N_("cost"),
    LedgerKind.sale: N_("sales"),
    LedgerKind.in_kind: N_("received in kind"),
}


class LedgerLine(GroupEntry):
    """ก๔ กองทุน: one line of the group's fund ledger."""

    KIND: ClassVar[str] = "ledger"

    kind: LedgerKind
    date: dt.date
    amount: float = Field(gt=0, le=MONEY_MAX)
    household_id: str = ""  # the member who paid shares (or borrowed), "" for the group
    shares: int = Field(default=0, ge=0, le=1_000_000)  # shares bought, for ``shares``
    source: str = Field(default="", max_length=NAME_MAX)  # who gave, sold to, was paid
    note: str = Field(default="", max_length=NOTE_MAX)


class GroupActivity(GroupEntry):
    """ก๕ กิจกรรม: a joint activity, planned then done, with what it produced and earned."""

    KIND: ClassVar[str] = "activity"

    title: str = Field(min_length=1, max_length=NAME_MAX)
    date: dt.date
    done: bool = False
    output: str = Field(default="", max_length=NOTE_MAX)  # what was made or done
    revenue: float = Field(default=0, ge=0, le=MONEY_MAX)
    cost: float = Field(default=0, ge=0, le=MONEY_MAX)
    note: str = Field(default="", max_length=NOTE_MAX)


class SupportKind(StrEnum):
    training = "training"
    support = "support"  # an agency's technical help, materials, budget, standards


SUPPORT_LABELS = {SupportKind.training: N_("training"), SupportKind.support: N_("agency support")}


class Support(GroupEntry):
    """A training the group received, or an agency's support (seed 000: link agencies)."""

    KIND: ClassVar[str] = "support"

    kind: SupportKind
    agency: str = Field(min_length=1, max_length=NAME_MAX)
    what: str = Field(min_length=1, max_length=NOTE_MAX)
    date: dt.date
    value: float = Field(default=0, ge=0, le=MONEY_MAX)  # baht, 0 when not valued


class Channel(StrEnum):
    fair = "fair"
    pracharat = "pracharat"  # ตลาดประชารัฐ
    community_shop = "community_shop"
    online = "online"
    other = "other"


CHANNEL_LABELS = {
    Channel.fair: N_("fairs"),
    Channel.pracharat: N_("Pracharat market"),
    Channel.community_shop: N_("community shop"),
    Channel.online: N_("online"),
    Channel.other: N_("other market"),
}


class Market(GroupEntry):
    """A market channel the group sells through."""

    KIND: ClassVar[str] = "market"

    channel: Channel
    name: str = Field(default="", max_length=NAME_MAX)  # the fair, the shop, the page
    since: dt.date | None = None
    note: str = Field(default="", max_length=NOTE_MAX)


SCORE_MAX = 5


class Evaluation(GroupEntry):
    """A joint evaluation: who took part, a score (0-5) per ก, and notes."""

    KIND: ClassVar[str] = "evaluation"

    date: dt.date
    participants: str = Field(default="", max_length=NOTE_MAX)
    members: int = Field(ge=0, le=SCORE_MAX)
    committee: int = Field(ge=0, le=SCORE_MAX)
    bylaws: int = Field(ge=0, le=SCORE_MAX)
    fund: int = Field(ge=0, le=SCORE_MAX)
    activities: int = Field(ge=0, le=SCORE_MAX)
    notes: str = Field(default="", max_length=NOTE_MAX)


STANDARDS = ("อย.", "มผช.", "GMP", "GAP", "HACCP", "Q", "มอก.", "organic", "halal")
"""Product standards an OTOP product may hold (reference/domain.md §4)."""


class Registration(StrEnum):
    none = "none"
    applied = "applied"
    registered = "registered"


REGISTRATION_LABELS = {
    Registration.none: N_("not registered"),
    Registration.applied: N_("applied"),
    Registration.registered: N_("registered"),
}


class Product(GroupEntry):
    """An OTOP product of the group: its category, standards, registration and stars."""

    KIND: ClassVar[str] = "product"

    name: str = Field(min_length=1, max_length=NAME_MAX)
    category: OtopCategory
    standards: list[str] = Field(default_factory=list, max_length=len(STANDARDS))
    registration: Registration = Registration.none
    number: str = Field(default="", max_length=64)  # the OTOP registration number
    stars: int = Field(default=0, ge=0, le=5)
    star_year: int | None = Field(default=None, ge=2500, le=2700)  # พ.ศ.

    @field_validator("standards")
    @classmethod
    def _known_standards(cls, value: list[str]) -> list[str]:
        unknown = [s for s in value if s not in STANDARDS]
        if unknown:
            raise ValueError(N_("not a product standard"))
        return sorted(set(value), key=STANDARDS.index)


class BylawsRecord(GroupEntry):
    """ก๓ กฎ กติกา ระเบียบ: the group's bylaws, one record per group (its id is the group's),
    one field per clause, so that two officers editing different clauses both keep theirs.

    Structured values are what officers compare and what the rules check (share price,
    minimum and maximum shares, the allocation of profit in percentages that add up to 100);
    the clauses' wording is free text, started from the template in ``store/group_rules.py``.
    """

    KIND: ClassVar[str] = "bylaws"

    purpose: str = Field(default="", max_length=NOTE_MAX)  # name, office and objectives
    membership: str = Field(default="", max_length=NOTE_MAX)  # who may join, joining, leaving
    joining_fee: float = Field(default=0, ge=0, le=MONEY_MAX)
    share_value: float = Field(default=0, ge=0, le=MONEY_MAX)
    min_shares: int = Field(default=0, ge=0, le=1_000_000)
    max_shares: int = Field(default=0, ge=0, le=1_000_000)
    meetings: str = Field(default="", max_length=NOTE_MAX)
    committee_size: int = Field(default=0, ge=0, le=100)
    term_years: int = Field(default=0, ge=0, le=10)
    dividend_pct: float = Field(default=0, ge=0, le=100)
    patronage_pct: float = Field(default=0, ge=0, le=100)
    reserve_pct: float = Field(default=0, ge=0, le=100)
    welfare_pct: float = Field(default=0, ge=0, le=100)
    committee_pct: float = Field(default=0, ge=0, le=100)
    amendments: str = Field(default="", max_length=NOTE_MAX)
    dissolution: str = Field(default="", max_length=NOTE_MAX)
    text: str = Field(default="", max_length=20_000)  # anything else the group agreed


ALLOCATIONS = ("dividend_pct", "patronage_pct", "reserve_pct", "welfare_pct", "committee_pct")

FIELD_LABELS = {
    "status": N_("stage"), "date": N_("date"), "decided_by": N_("decided by"), "note": N_("note"),
    "household_id": N_("member"), "position": N_("post"), "title": N_("post name"),
    "elected": N_("elected on"), "term_end": N_("term ends"), "kind": N_("kind"),
    "amount": N_("amount (baht)"), "shares": N_("shares"), "source": N_("from or to"),
    "done": N_("done"), "output": N_("output"), "revenue": N_("revenue (baht)"),
    "cost": N_("cost (baht)"), "agency": N_("agency"), "what": N_("what"),
    "value": N_("value (baht)"), "channel": N_("channel"), "name": N_("name"),
    "since": N_("since"), "participants": N_("who took part"), "members": N_("ก1 members"),
    "committee": N_("ก2 committee"), "bylaws": N_("ก3 bylaws"), "fund": N_("ก4 fund"),
    "activities": N_("ก5 activities"), "notes": N_("notes"), "category": N_("OTOP category"),
    "standards": N_("standards"), "registration": N_("registration"),
    "number": N_("registration number"), "stars": N_("stars"), "star_year": N_("star year (B.E.)"),
    "purpose": N_("name, office and objectives"), "membership": N_("membership"),
    "joining_fee": N_("joining fee (baht)"), "share_value": N_("share price (baht)"),
    "min_shares": N_("minimum shares"), "max_shares": N_("maximum shares"),
    "meetings": N_("meetings, books and audit"), "committee_size": N_("committee size"),
    "term_years": N_("term (years)"), "dividend_pct": N_("dividend on shares %"),
    "patronage_pct": N_("patronage refund %"), "reserve_pct": N_("reserve %"),
    "welfare_pct": N_("welfare and public benefit %"),
    "committee_pct": N_("committee remuneration %"),
    "amendments": N_("amendments"), "dissolution": N_("dissolution"), "text": N_("other clauses"),
    "joined": N_("joined"), "left": N_("left"), "consent": N_("consent"),
}  # fmt: skip
"""What each field is called on the screens and in messages (the CLI takes the names)."""

KIND_FIELD_LABELS = {
    ("activity", "title"): N_("activity"),
    ("product", "name"): N_("product"),
    ("market", "name"): N_("market name"),
    ("support", "kind"): N_("training or support"),
    ("ledger", "household_id"): N_("member (shares, loans)"),
}
"""Where a field means something else in one kind: an activity's ``title`` is no post name."""

GROUP_KINDS: tuple[type[GroupEntry], ...] = (
    StatusChange, CommitteeTerm, LedgerLine, GroupActivity, Support, Market, Evaluation,
    Product, BylawsRecord,
)  # fmt: skip
register_models(GROUP_KINDS)
register_labels(
    FIELD_LABELS,
    KIND_FIELD_LABELS,
    {Position: POSITION_LABELS, LedgerKind: LEDGER_LABELS, SupportKind: SUPPORT_LABELS,
     Channel: CHANNEL_LABELS, Registration: REGISTRATION_LABELS, GroupStage: STAGE_LABELS,
     OtopCategory: OTOP_LABELS},
)  # fmt: skip
