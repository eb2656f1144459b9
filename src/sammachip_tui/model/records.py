"""pydantic models of what the programme records: villages, households, forums, groups.

The store keeps plain dicts (fields plus merge metadata); these models are the gate every
value passes through on its way in, from a form, a CSV row or the CLI, so that nothing
invalid is ever journaled. ``fields()`` gives what an operation carries; ``from_record``
reads a stored record back.
"""

from __future__ import annotations

import builtins
import datetime as dt
import re
from enum import StrEnum
from typing import Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    FieldSerializationInfo,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from sammachip_tui.i18n import N_
from sammachip_tui.model.areas import is_village_code as is_village_code  # where it was
from sammachip_tui.model.taxonomy import OccupationType
from sammachip_tui.model.thai import is_valid_national_id, national_id_digits, to_arabic_digits

VILLAGE_CODE = r"^\d{8}$"


class Volunteer(StrEnum):
    """Whether a household volunteers for an occupation group (ก๑ is voluntary)."""

    yes = "yes"
    no = "no"
    unsure = "unsure"


VOLUNTEER_LABELS = {
    Volunteer.yes: N_("yes"),
    Volunteer.no: N_("no"),
    Volunteer.unsure: N_("not sure"),
}


class LegalBasis(StrEnum):
    """PDPA legal basis for holding a household's data (s.19 consent, s.24 public task)."""

    consent = "consent"
    public_task = "public_task"


LEGAL_BASIS_LABELS = {
    LegalBasis.consent: N_("consent"),
    LegalBasis.public_task: N_("public task"),
}


class Record(BaseModel):
    """Fields shared by every stored record: its id, and the village shard it lives in."""

    # defer_build: a model's validator is built when it is first used, not at import, so
    # that start-up builds only those of what it reads (a group's, a lesson's: later).
    model_config = ConfigDict(
        extra="ignore", str_strip_whitespace=True, validate_assignment=True, defer_build=True
    )

    KIND: ClassVar[str]

    id: str = ""
    village_code: str = Field(pattern=VILLAGE_CODE)

    def fields(self) -> dict[str, Any]:
        """The values an operation carries: JSON-native, without the id, as stored and sent
        (``WIRE``: a model may write a value the way every version of the schema reads it)."""
        return self.model_dump(mode="json", exclude={"id"}, context=WIRE)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        """Read a stored record. Stored values were validated when they were written; one
        that no longer validates (merged from a newer version, say) is still shown as is,
        never hidden, so that the officer can see and correct it."""
        values = {k: v for k, v in record.items() if not k.startswith("_")}
        try:
            return cls.model_validate(values)
        except ValidationError:
            return cls.model_construct(**values)

    @classmethod
    def readable(cls, record: dict[str, Any]) -> Self | None:
        """A stored record that validates, or None. For the records of issue 15 (readings,
        mentoring, links), which no screen can correct field by field: one that a damaged or
        hostile bundle left without its date or its household is passed over by the views
        that would otherwise stop on it (``from_record`` would leave the field missing)."""
        values = {k: v for k, v in record.items() if not k.startswith("_")}
        try:
            return cls.model_validate(values)
        except ValidationError:
            return None


WIRE = {"wire": True}
"""Serialisation context of what is journaled and sent, as opposed to what is shown."""

UNKNOWN = -1
"""How a number that is not known travels and is stored: ``-1``. A blank household size,
income or expense is not known (None in the model), never a made-up 0 or 1; on the wire it
stays a number, the type schema 1.0 gave these fields, so a device of an earlier version
shows "-1" (out of range, so it asks for the real figure) instead of failing on a null."""

UNKNOWN_NUMBERS = ("members", "income_month", "expense_month")

FOLLOW_UP = ("practising", "followed_up")
FOLLOW_UP_UNDATED = N_(
    "a follow-up needs its date: type the follow-up date, or leave 'practising' blank"
)


class Village(Record):
    KIND: ClassVar[str] = "village"

    name: str = ""
    # Livelihood bases (rice, rubber, food selling …) switched on for this village, as schema
    # 1.1 kept them: one list, so two devices switching different ones at once lost one of
    # the two. No longer written; still read, as the base that each ``VillageLivelihood``
    # switch overrides (store/lessons.py), so that old workspaces and bundles keep theirs.
    livelihoods: list[str] = Field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        """As ``Record.fields``; a village with no livelihood in the list is written as schema
        1.0 wrote it (older devices store nothing they do not know, journals stay as they were)."""
        values = super().fields()
        if not values.get("livelihoods"):
            values.pop("livelihoods", None)
        return values

    @property
    def moo(self) -> int:
        """หมู่ที่: the last two digits of the DOPA code."""
        return int(self.village_code[6:])


class Household(Record):
    KIND: ClassVar[str] = "household"

    house_no: str = ""
    house_code: str = ""
    title: str = ""
    first_name: str = Field(min_length=1)
    last_name: str = ""
    national_id: str = ""
    # None: not known yet. A blank field stays blank; nothing is invented (a blank income
    # once became 0 and a blank household size 1, and the form said "saved").
    members: int | None = Field(default=None, ge=1, le=99)
    occupation_main: str = ""
    occupation_secondary: str = ""
    skills: str = ""
    income_month: float | None = Field(default=None, ge=0)
    expense_month: float | None = Field(default=None, ge=0)
    trained: bool = False
    volunteer: Volunteer = Volunteer.unsure
    phone: str = ""
    legal_basis: LegalBasis = LegalBasis.public_task
    consent_date: dt.date | None = None
    deleted: bool = False
    # Schema 1.5 (issue 16): the latest follow-up of the household, which the programme's
    # first indicator counts: whether it practises its programme occupation (None: not
    # followed up yet) and the day that was found (never after today when typed).
    practising: bool | None = None
    followed_up: dt.date | None = None

    def fields(self) -> dict[str, Any]:
        """As ``Record.fields``; the follow-up, while there is none, is left out (schema 1.5
        fields travel by name, so a None would cost bytes in every household of a bundle)."""
        values = super().fields()
        for name in FOLLOW_UP:
            if values.get(name) is None:
                values.pop(name, None)
        return values

    @model_validator(mode="after")
    def _follow_up_is_dated(self) -> Self:
        if self.practising is not None and self.followed_up is None:
            raise ValueError(FOLLOW_UP_UNDATED)
        return self

    @field_validator(*UNKNOWN_NUMBERS, mode="before")
    @classmethod
    def _read_unknown(cls, value: Any) -> Any:
        return None if value == UNKNOWN and not isinstance(value, bool) else value

    @field_serializer(*UNKNOWN_NUMBERS)
    def _write_unknown(self, value: float | None, info: FieldSerializationInfo) -> Any:
        if value is None and info.context and info.context.get("wire"):
            return UNKNOWN
        return value

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Self:
        """As ``Record.from_record``; a stored ``UNKNOWN`` reads as None even when another
        value keeps the record from validating."""
        found = super().from_record(record)
        for name in UNKNOWN_NUMBERS:
            if getattr(found, name) == UNKNOWN:
                object.__setattr__(found, name, None)
        return found

    @field_validator("national_id")
    @classmethod
    def _check_national_id(cls, value: str) -> str:
        if not value:
            return ""
        if not is_valid_national_id(value):
            raise ValueError(N_("national ID checksum is wrong"))
        return national_id_digits(value)

    @field_validator("house_code")
    @classmethod
    def _check_house_code(cls, value: str) -> str:
        digits = re.sub(r"[\s\-]", "", to_arabic_digits(value))
        if digits and not re.fullmatch(r"\d{11}", digits):
            raise ValueError(N_("house code must be 11 digits"))
        return digits

    @field_validator("house_no", "phone")
    @classmethod
    def _arabic_digits(cls, value: str) -> str:
        return to_arabic_digits(value)

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()

    @property
    def sammachip(self) -> bool | None:
        """สัมมาชีพ: the occupation earns more than the household spends (domain.md §1);
        None while the income or the expenses are not known."""
        if self.income_month is None or self.expense_month is None:
            return None
        return self.income_month > self.expense_month

    @property
    def is_sammachip(self) -> bool:
        """Known to earn more than it spends (what the counts count)."""
        return self.sammachip is True


class Forum(Record):
    """A village forum (เวทีประชาคม): when and where, who ran it, what it resolved."""

    KIND: ClassVar[str] = "forum"

    date: dt.date
    place: str = ""
    facilitators: list[str] = Field(default_factory=list)
    resolutions: str = ""
    other_attendees: int = Field(default=0, ge=0)
    deleted: bool = False


class ForumList(StrEnum):
    problem = "problem"
    resource = "resource"
    wisdom = "wisdom"
    need = "need"


FORUM_LIST_LABELS = {
    ForumList.problem: N_("problems"),
    ForumList.resource: N_("resources and potential"),
    ForumList.wisdom: N_("local wisdom"),
    ForumList.need: N_("needs"),
}


class ForumItem(Record):
    """One thing villagers said: a problem, a resource, local wisdom or a need."""

    KIND: ClassVar[str] = "item"

    forum_id: str
    list: ForumList
    text: str = Field(min_length=1)
    detail: str = ""
    raised_by: str = ""
    votes: int = Field(default=0, ge=0)
    occupations: builtins.list[str] = Field(default_factory=builtins.list)  # ``list``: a field
    position: float = 0
    deleted: bool = False


class Attendance(Record):
    """A programme household present at a forum."""

    KIND: ClassVar[str] = "attendance"

    forum_id: str
    household_id: str
    present: bool = True


class GroupStatus(StrEnum):
    forming = "forming"
    established = "established"
    otop_registered = "otop_registered"
    dissolved = "dissolved"


class CommitteeSeat(BaseModel):
    """ก๒ กรรมการ: a member elected to a position."""

    model_config = ConfigDict(defer_build=True)

    household_id: str
    position: str


class Bylaws(BaseModel):
    """ก๓ กฎ กติกา ระเบียบ: the structured clauses officers compare, plus the full text."""

    model_config = ConfigDict(defer_build=True)

    share_value: float = Field(default=0, ge=0)
    min_shares: int = Field(default=0, ge=0)
    max_shares: int = Field(default=0, ge=0)
    dividend_pct: float = Field(default=0, ge=0, le=100)
    patronage_pct: float = Field(default=0, ge=0, le=100)
    reserve_pct: float = Field(default=0, ge=0, le=100)
    welfare_pct: float = Field(default=0, ge=0, le=100)
    committee_pct: float = Field(default=0, ge=0, le=100)
    text: str = ""


class FundKind(StrEnum):
    shares = "shares"
    grant = "grant"
    equipment = "equipment"
    loan = "loan"


class FundEntry(BaseModel):
    """ก๔ กองทุน: money, inputs or tools the group holds."""

    model_config = ConfigDict(defer_build=True)

    kind: FundKind
    amount: float = Field(ge=0)
    date: dt.date
    source: str = ""
    note: str = ""


class Activity(BaseModel):
    """ก๕ กิจกรรม: a joint income-generating activity."""

    model_config = ConfigDict(defer_build=True)

    date: dt.date
    title: str = Field(min_length=1)
    income: float = Field(default=0, ge=0)
    note: str = ""


class Group(Record):
    """An occupation group and its 5 ก (members are GroupMember records)."""

    KIND: ClassVar[str] = "group"

    name: str = Field(min_length=1)
    occupation_code: str = ""
    status: GroupStatus = GroupStatus.forming
    committee: list[CommitteeSeat] = Field(default_factory=list)
    bylaws: Bylaws = Field(default_factory=Bylaws)
    fund: list[FundEntry] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    otop_registration: str = ""
    deleted: bool = False


class GroupMember(Record):
    """ก๑ กลุ่ม/สมาชิก: a household in a group, with its consent (membership is voluntary)."""

    KIND: ClassVar[str] = "member"

    group_id: str
    household_id: str
    consent: bool = False
    joined: dt.date | None = None
    shares: int = Field(default=0, ge=0)
    active: bool = True
    left: dt.date | None = None  # schema 1.3: the day the household left the group


class DecisionStatus(StrEnum):
    open = "open"
    accepted = "accepted"
    rejected = "rejected"


class MemberEdit(BaseModel):
    """A household the officer put into, or took out of, a proposal, and why."""

    model_config = ConfigDict(defer_build=True)

    household_id: str
    reason: str = ""


class ProposalDecision(Record):
    """The officer's word on one group proposal. Its id is the proposal's key (scope and
    craft), so that the same proposal, computed again tomorrow or on another device, finds
    its edits, its rejection or its group."""

    KIND: ClassVar[str] = "proposal"

    status: DecisionStatus = DecisionStatus.open
    reason: str = ""
    added: list[MemberEdit] = Field(default_factory=list)
    removed: list[MemberEdit] = Field(default_factory=list)
    group_id: str = ""


class OccupationExtension(Record):
    """An occupation the officer added to the taxonomy. It lives in the district's shard
    (``district_shard``) and travels like any record, so every device matches it."""

    KIND: ClassVar[str] = "occupation"

    name_th: str = Field(min_length=1)
    name_en: str = ""
    occupation_type: str
    otop_category: str = "none"
    terms: list[str] = Field(default_factory=list)
    craft: str = ""  # an existing craft it belongs to; empty: a craft of its own
    deleted: bool = False


LessonKind = Literal["merge", "split", "exclude"]
"""What the officer taught about some occupation texts: they join a family (two proposals
become one), they make a new family named by the officer, they are no group occupation."""


TEXT_MAX = 300  # characters of one occupation text in a lesson


class OccupationLesson(Record):
    """One lesson the officer taught the proposer. It lives in the district's shard, like
    ``OccupationExtension``, so it applies to every village of the district and travels to
    every device; undoing it is deleting it (grouping/lessons.py reads them)."""

    KIND: ClassVar[str] = "lesson"

    kind: LessonKind
    texts: list[str] = Field(min_length=1, max_length=500)
    family: str = ""  # merge: the family key the texts join
    name: str = ""  # split: the new family's Thai name
    occupation_type: str = ""  # split: its occupation type ("" when not said)
    deleted: bool = False

    @field_validator("texts")
    @classmethod
    def _texts_say_something(cls, value: list[str]) -> list[str]:
        texts = [" ".join(t.split()) for t in value]
        if not all(texts):
            raise ValueError(N_("an occupation text is empty"))
        if any(len(t) > TEXT_MAX for t in texts):  # an occupation, not a document
            raise ValueError(N_("an occupation text is too long"))
        return texts

    @field_validator("occupation_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value and value not in OccupationType.__members__:
            raise ValueError(N_("not an occupation type"))
        return value


LIVELIHOOD_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
"""A family key of the knowledge base (``rice``, ``AGR05``, ``x:<record id>`` for a family an
officer added): what a ``VillageLivelihood`` record is named by."""


class VillageLivelihood(Record):
    """One livelihood base switched on or off for one village (issue 12, class 6): rice,
    rubber, food selling … are proposed as groups only where the officer switched them on.

    A record per (village, family), named by the family key, so that each switch is a field of
    its own: two devices switching different livelihoods at once both keep theirs after any
    merge, and two switching the same one meet as any concurrent edit does (the later wins,
    the other waits in the conflict list). It lives in the village's shard and travels with it.
    """

    KIND: ClassVar[str] = "livelihood"

    on: bool = Field(default=True, strict=True)  # JSON true or false, nothing read as one


def district_shard(district: str) -> str:
    """The 8-digit shard of district-wide records: no village has subdistrict 00."""
    return f"{district}0000"


_ALL: tuple[type[Record], ...] = (Village, Household, Forum, ForumItem, Attendance, Group,
                                  GroupMember, ProposalDecision, OccupationExtension,
                                  OccupationLesson, VillageLivelihood)  # fmt: skip
MODELS: dict[str, type[Record]] = {m.KIND: m for m in _ALL}


def register_models(kinds: tuple[type[Record], ...]) -> None:
    """Add record kinds defined in another module (the 5 ก entries) to ``MODELS``."""
    MODELS.update({m.KIND: m for m in kinds})


# The 5 ก entries (and issue 15's plan, mentoring, network and income readings) are records
# of their own, in modules of their own; it builds on Record and
# registers its kinds when it has defined them, so that either module may be imported first
# (a report importing group_records before anything loaded this module once failed).
from sammachip_tui.model import group_records as _group_records  # noqa: E402, F401
from sammachip_tui.model import income_records as _income_records  # noqa: E402, F401
from sammachip_tui.model import mentoring_records as _mentoring_records  # noqa: E402, F401
from sammachip_tui.model import network_records as _network_records  # noqa: E402, F401
from sammachip_tui.model import plan_records as _plan_records  # noqa: E402, F401
from sammachip_tui.model import service_records as _service_records  # noqa: E402, F401
