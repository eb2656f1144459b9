"""The frozen field table: what a record's fields are called, and what a left-out field holds,
on the wire between devices of different versions.

Devices in one district run different versions for months, so a bundle must not mean
something else to a device with another version of the models. The pydantic models
(model/records.py) change; this table does not. Per record kind it lists the fields in the
order of the models of schema 1.0, ``id`` first, each with the JSON value of its default at
the time (``REQUIRED``: none) and the minor schema version it arrived in.

Rules (payload.py follows them; tests/test_sync_schema.py checks them):

- **Append only.** A new field of a kind goes at the end of the kind's tuple, with
  ``since=`` the new ``SCHEMA_MINOR``; a new kind gets a tuple of its own, every field with
  that ``since``. Nothing is ever removed, renamed, reordered or given another default here,
  even when the model's default changes: the table is what bundles meant, not what the model
  says today. A field that every 1.x device can read keeps working however the models move.
- **The base** is the fields with ``since=0``, the table of schema 1.0. On the wire only base
  fields are named by their place in the kind's tuple, and only base fields are left out when
  they hold their default: every 1.x device knows the base (those of the first release too,
  whose models were the base). A field or kind added later travels by its name and with its
  value, default or not, so that a device that has never heard of it stores it as received
  and passes it on unchanged (tests/test_sync_versions.py).
- **Minor and major.** Adding fields and kinds raises ``SCHEMA_MINOR``: older devices of the
  same major keep and relay what they do not know. Anything an older device would misread
  (a base field that changes meaning or type, a different codec) raises ``SCHEMA_MAJOR``; a
  device refuses a bundle of a greater major and says to update the app. A payload of
  another major keeps the codec byte, the length prefix and the brotli JSON header with
  ``sv`` (payload.py), so that older devices can still say so.
- **Values keep their 1.0 type.** A household's ``members``, ``income_month`` and
  ``expense_month`` are numbers; "not known" is sent as ``-1`` (``model.records.UNKNOWN``),
  never as null, which the first release's models cannot read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SCHEMA_MAJOR = 1
SCHEMA_MINOR = 5


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # a field without a default: never left out


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    default: Any = REQUIRED  # the JSON value; None is a default (consent_date), not REQUIRED
    since: int = 0  # the minor schema version the field arrived in; 0: the base

    @property
    def has_default(self) -> bool:
        return self.default is not REQUIRED


F = Field

# Schema 1.0 (``since=0``) is the models of its release, defaults as payload.py's
# ``model_defaults`` gave them then (income 0, not 0.0). Append only: see the docstring.
TABLE: dict[str, tuple[Field, ...]] = {
    "village": (F("id"), F("village_code"), F("name", ""), F("livelihoods", [], 1)),
    "household": (
        F("id"), F("village_code"), F("house_no", ""), F("house_code", ""), F("title", ""),
        F("first_name"), F("last_name", ""), F("national_id", ""), F("members", 1),
        F("occupation_main", ""), F("occupation_secondary", ""), F("skills", ""),
        F("income_month", 0), F("expense_month", 0), F("trained", False),
        F("volunteer", "unsure"), F("phone", ""), F("legal_basis", "public_task"),
        F("consent_date", None), F("deleted", False),
        # 1.5 (issue 16): the household's latest follow-up (left out while there is none).
        F("practising", None, 5), F("followed_up", None, 5),
    ),
    "forum": (
        F("id"), F("village_code"), F("date"), F("place", ""), F("facilitators", []),
        F("resolutions", ""), F("other_attendees", 0), F("deleted", False),
    ),
    "item": (
        F("id"), F("village_code"), F("forum_id"), F("list"), F("text"), F("detail", ""),
        F("raised_by", ""), F("votes", 0), F("occupations", []), F("position", 0),
        F("deleted", False),
    ),
    "attendance": (
        F("id"), F("village_code"), F("forum_id"), F("household_id"), F("present", True),
    ),
    "group": (
        F("id"), F("village_code"), F("name"), F("occupation_code", ""),
        F("status", "forming"), F("committee", []),
        F("bylaws", {"share_value": 0.0, "min_shares": 0, "max_shares": 0, "dividend_pct": 0.0,
                     "patronage_pct": 0.0, "reserve_pct": 0.0, "welfare_pct": 0.0,
                     "committee_pct": 0.0, "text": ""}),
        F("fund", []), F("activities", []), F("otop_registration", ""), F("deleted", False),
    ),
    "member": (
        F("id"), F("village_code"), F("group_id"), F("household_id"), F("consent", False),
        F("joined", None), F("shares", 0), F("active", True), F("left", None, 3),
    ),
    "proposal": (
        F("id"), F("village_code"), F("status", "open"), F("reason", ""), F("added", []),
        F("removed", []), F("group_id", ""),
    ),
    "occupation": (
        F("id"), F("village_code"), F("name_th"), F("name_en", ""), F("occupation_type"),
        F("otop_category", "none"), F("terms", []), F("craft", ""), F("deleted", False),
    ),
    # 1.1 (issue 12): the officer's lessons to the proposer, and livelihoods switched on.
    "lesson": (
        F("id", since=1), F("village_code", since=1), F("kind", since=1), F("texts", since=1),
        F("family", "", 1), F("name", "", 1), F("occupation_type", "", 1),
        F("deleted", False, 1),
    ),
    # 1.2: a livelihood switched on or off for a village, a record per (village, family key),
    # so that switches of different livelihoods merge (the village's ``livelihoods`` list of
    # 1.1 stays readable: the base these switches override).
    "livelihood": (F("id", since=2), F("village_code", since=2), F("on", True, 2)),
    # 1.3 (issue 14): a group's life on the 5 ก and after, each entry a record of its own
    # (the committee, fund and activities lists of ``group`` stay readable).
    "group_status": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("status", since=3), F("date", since=3),
        F("decided_by", "", 3), F("note", "", 3),
    ),
    "committee": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("household_id", since=3), F("position", since=3),
        F("title", "", 3), F("elected", None, 3), F("term_end", None, 3),
    ),
    "ledger": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("kind", since=3), F("date", since=3), F("amount", since=3),
        F("household_id", "", 3), F("shares", 0, 3), F("source", "", 3), F("note", "", 3),
    ),
    "activity": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("title", since=3), F("date", since=3), F("done", False, 3),
        F("output", "", 3), F("revenue", 0.0, 3), F("cost", 0.0, 3), F("note", "", 3),
    ),
    "support": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("kind", since=3), F("agency", since=3), F("what", since=3),
        F("date", since=3), F("value", 0.0, 3),
    ),
    "market": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("channel", since=3), F("name", "", 3), F("since", None, 3),
        F("note", "", 3),
    ),
    "evaluation": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("date", since=3), F("participants", "", 3),
        F("members", since=3), F("committee", since=3), F("bylaws", since=3),
        F("fund", since=3), F("activities", since=3), F("notes", "", 3),
    ),
    "product": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("name", since=3), F("category", since=3),
        F("standards", [], 3), F("registration", "none", 3), F("number", "", 3),
        F("stars", 0, 3), F("star_year", None, 3),
    ),
    "bylaws": (
        F("id", since=3), F("village_code", since=3), F("group_id", since=3),
        F("deleted", False, 3), F("purpose", "", 3), F("membership", "", 3),
        F("joining_fee", 0.0, 3), F("share_value", 0.0, 3), F("min_shares", 0, 3),
        F("max_shares", 0, 3), F("meetings", "", 3), F("committee_size", 0, 3),
        F("term_years", 0, 3), F("dividend_pct", 0.0, 3), F("patronage_pct", 0.0, 3),
        F("reserve_pct", 0.0, 3), F("welfare_pct", 0.0, 3), F("committee_pct", 0.0, 3),
        F("amendments", "", 3), F("dissolution", "", 3), F("text", "", 3),
    ),
    # 1.4 (issue 15): the village action plan, model households and mentoring, links between
    # groups, and each household's income as dated readings.
    "plan": (
        F("id", since=4), F("village_code", since=4), F("fiscal_year", since=4),
        F("title", "", 4), F("prepared_by", "", 4), F("approved", None, 4),
        F("deleted", False, 4),
    ),
    "plan_row": (
        F("id", since=4), F("village_code", since=4), F("fiscal_year", since=4),
        F("project", since=4), F("objective", "", 4), F("steps", "", 4), F("target", "", 4),
        F("place", "", 4), F("start", None, 4), F("end", None, 4), F("budget", 0.0, 4),
        F("budget_source", "", 4), F("expected", "", 4), F("responsible", "", 4),
        F("item_id", "", 4), F("group_id", "", 4), F("entry_id", "", 4),
        F("position", 0.0, 4), F("deleted", False, 4),
    ),
    "model_role": (
        F("id", since=4), F("village_code", since=4), F("household_id", since=4),
        F("role", since=4), F("occupation", since=4), F("teaches", "", 4),
        F("since", None, 4), F("deleted", False, 4),
    ),
    "mentoring": (
        F("id", since=4), F("village_code", since=4), F("mentor_id", since=4),
        F("mentor_village", "", 4), F("learner_id", since=4), F("occupation", since=4),
        F("started", since=4), F("ended", None, 4), F("note", "", 4), F("deleted", False, 4),
    ),
    "mentor_session": (
        F("id", since=4), F("village_code", since=4), F("mentor_id", since=4),
        F("mentor_village", "", 4), F("date", since=4), F("topic", since=4),
        F("learners", [], 4), F("hours", 0.0, 4), F("note", "", 4), F("deleted", False, 4),
    ),
    "mentor_outcome": (
        F("id", since=4), F("village_code", since=4), F("mentoring_id", since=4),
        F("learner_id", since=4), F("date", since=4), F("started_occupation", False, 4),
        F("reading_id", "", 4), F("note", "", 4), F("deleted", False, 4),
    ),
    "group_link": (
        F("id", since=4), F("village_code", since=4), F("group_id", since=4),
        F("partner_village", since=4), F("partner_id", since=4), F("partner_name", "", 4),
        F("kind", since=4), F("exchanges", [], 4), F("since", None, 4), F("note", "", 4),
        F("deleted", False, 4),
    ),
    "income": (
        F("id", since=4), F("village_code", since=4), F("household_id", since=4),
        F("date", since=4), F("income_month", None, 4), F("expense_month", None, 4),
        F("source", "form", 4), F("note", "", 4), F("deleted", False, 4),
    ),
    # 1.5 (issue 16): the villages a device serves, a record per device in the district's
    # shard (what the central store sends it: sync/service.py).
    "service": (
        F("id", since=5), F("village_code", since=5), F("villages", [], 5),
        F("deleted", False, 5),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Schema:
    """One version of the field table. Bundles are written with ``CURRENT``; tests make
    others (a newer minor with more fields, a newer major) to play other versions."""

    major: int
    minor: int
    kinds: Mapping[str, tuple[Field, ...]]
    _base: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _whole: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _codes: dict[str, dict[str, int]] = field(init=False, repr=False, compare=False)
    _defaults: dict[str, dict[str, Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        base, whole, codes, defaults = {}, {}, {}, {}
        for kind, fields in self.kinds.items():
            names = [f.name for f in fields]
            if len(set(names)) != len(names):
                raise ValueError(f"{kind}: a field twice in the table")
            first = [f.name for f in fields if f.since == 0]
            if names[: len(first)] != first or any(f.since > self.minor for f in fields):
                raise ValueError(f"{kind}: later fields go after the base, with their version")
            base[kind] = tuple(first)
            whole[kind] = frozenset(first) - {"id"}
            codes[kind] = {name: i for i, name in enumerate(first)}
            defaults[kind] = {
                f.name: f.default
                for f in fields
                if f.since == 0 and f.has_default and f.name != "id"
            }
        object.__setattr__(self, "_base", base)
        object.__setattr__(self, "_whole", whole)
        object.__setattr__(self, "_codes", codes)
        object.__setattr__(self, "_defaults", defaults)

    @property
    def version(self) -> str:
        return f"{self.major}.{self.minor}"

    def field_names(self, kind: str) -> tuple[str, ...]:
        """Every field of ``kind`` in this table, base first; () for a kind it lacks."""
        return tuple(f.name for f in self.kinds.get(kind, ()))

    def base_names(self, kind: str) -> tuple[str, ...]:
        """The fields of schema 1.0 (``id`` first); () for a kind added later or unknown."""
        return self._base.get(kind, ())

    def is_whole(self, kind: str, values: Mapping[str, Any]) -> bool:
        """Whether ``values`` hold every base field of ``kind`` (but ``id``): an operation
        that creates a whole record, whose base fields at their default may be left out."""
        whole = self._whole.get(kind)
        return whole is not None and bool(whole) and whole <= values.keys()

    def base_defaults(self, kind: str) -> dict[str, Any]:
        """The base fields that may be left out, and the JSON value they then hold."""
        return self._defaults.get(kind, {})

    def code(self, kind: str, name: str) -> int | str:
        """How a field is named on the wire: a base field by its place, any other by name."""
        return self._codes.get(kind, {}).get(name, name)

    def name(self, kind: str, code: Any) -> str:
        """The field a wire name stands for. ValueError for a place no base field has."""
        if isinstance(code, str):
            return code
        base = self._base.get(kind, ())
        if type(code) is not int or not 0 <= code < len(base):
            raise ValueError(f"no field {code!r} of {kind!r} in schema 1.0")
        return base[code]


CURRENT = Schema(SCHEMA_MAJOR, SCHEMA_MINOR, TABLE)
