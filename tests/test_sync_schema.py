"""The frozen field table (sync/schema.py): what bundles mean, whatever the models say today."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from sammachip_tui.model.records import MODELS, Household
from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.oplog import Op
from sammachip_tui.sync import payload
from sammachip_tui.sync.schema import (
    CURRENT,
    REQUIRED,
    SCHEMA_MAJOR,
    SCHEMA_MINOR,
    TABLE,
    Field,
    Schema,
)

from .test_sync_golden import typed

# Schema 1.0 as it was released: each kind's fields in wire order (a field's code is its
# place here), and the defaults a bundle may leave out. Never edit this: append to TABLE.
FROZEN_1_0: dict[str, tuple[str, dict[str, Any]]] = {
    "village": ("id village_code name", {"name": ""}),
    "household": (
        "id village_code house_no house_code title first_name last_name national_id members "
        "occupation_main occupation_secondary skills income_month expense_month trained "
        "volunteer phone legal_basis consent_date deleted",
        {"house_no": "", "house_code": "", "title": "", "last_name": "", "national_id": "",
         "members": 1, "occupation_main": "", "occupation_secondary": "", "skills": "",
         "income_month": 0, "expense_month": 0, "trained": False, "volunteer": "unsure",
         "phone": "", "legal_basis": "public_task", "consent_date": None, "deleted": False},
    ),
    "forum": (
        "id village_code date place facilitators resolutions other_attendees deleted",
        {"place": "", "facilitators": [], "resolutions": "", "other_attendees": 0,
         "deleted": False},
    ),
    "item": (
        "id village_code forum_id list text detail raised_by votes occupations position deleted",
        {"detail": "", "raised_by": "", "votes": 0, "occupations": [], "position": 0,
         "deleted": False},
    ),
    "attendance": ("id village_code forum_id household_id present", {"present": True}),
    "group": (
        "id village_code name occupation_code status committee bylaws fund activities "
        "otop_registration deleted",
        {"occupation_code": "", "status": "forming", "committee": [],
         "bylaws": {"share_value": 0.0, "min_shares": 0, "max_shares": 0, "dividend_pct": 0.0,
                    "patronage_pct": 0.0, "reserve_pct": 0.0, "welfare_pct": 0.0,
                    "committee_pct": 0.0, "text": ""},
         "fund": [], "activities": [], "otop_registration": "", "deleted": False},
    ),
    "member": (
        "id village_code group_id household_id consent joined shares active",
        {"consent": False, "joined": None, "shares": 0, "active": True},
    ),
    "proposal": (
        "id village_code status reason added removed group_id",
        {"status": "open", "reason": "", "added": [], "removed": [], "group_id": ""},
    ),
    "occupation": (
        "id village_code name_th name_en occupation_type otop_category terms craft deleted",
        {"name_en": "", "otop_category": "none", "terms": [], "craft": "", "deleted": False},
    ),
}  # fmt: skip


def test_schema_1_0_is_frozen() -> None:
    """Names, order and defaults of the base, to the type (0 is not 0.0)."""
    base_kinds = {kind for kind, fields in TABLE.items() if any(f.since == 0 for f in fields)}
    assert base_kinds == set(FROZEN_1_0)
    for kind, (names, defaults) in FROZEN_1_0.items():
        assert CURRENT.base_names(kind) == tuple(names.split()), kind
        assert typed(CURRENT.base_defaults(kind)) == typed(defaults), kind
        for name in names.split():
            assert CURRENT.code(kind, name) == names.split().index(name)
            assert CURRENT.name(kind, CURRENT.code(kind, name)) == name
        required = [f.name for f in TABLE[kind] if f.since == 0 and f.default is REQUIRED]
        assert set(required) == set(names.split()) - set(defaults), kind


def test_the_table_only_grows() -> None:
    assert (SCHEMA_MAJOR, SCHEMA_MINOR) >= (1, 0)
    for kind, fields in TABLE.items():
        since = [f.since for f in fields]
        assert since == sorted(since) and max(since) <= SCHEMA_MINOR, kind
    with pytest.raises(ValueError, match="after the base"):
        Schema(1, 1, {"village": (Field("id"), Field("note", "", 1), Field("name", ""))})
    with pytest.raises(ValueError, match="after the base"):
        Schema(1, 0, {"village": (Field("id"), Field("note", "", 1))})
    with pytest.raises(ValueError, match="twice"):
        Schema(1, 0, {"village": (Field("id"), Field("id"))})


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_every_model_field_is_in_the_table(kind: str) -> None:
    assert kind in TABLE, (
        f"The record kind {kind!r} is not in sync/schema.py. Add TABLE[{kind!r}] with every "
        f"field of its model, each Field(name, json_default, since=N), raise SCHEMA_MINOR to N, "
        f"and add a golden bundle of that schema (tests/data/golden)."
    )
    missing = [n for n in MODELS[kind].model_fields if n not in CURRENT.field_names(kind)]
    assert not missing, (
        f"{kind}: model fields {missing} are not in sync/schema.py. Append each at the END of "
        f"TABLE[{kind!r}] as Field(name, json_default, since=N), raise SCHEMA_MINOR to N, and "
        f"add a golden bundle of that schema; never insert, reorder, rename or re-default a "
        f"field that is there (devices on other versions read bundles by it)."
    )


def test_wire_names_outside_the_base_are_names() -> None:
    assert CURRENT.code("household", "newfield") == "newfield"
    assert CURRENT.code("plan", "title") == "title"
    assert CURRENT.name("plan", "title") == "title"
    for bad in (99, -1, True, 1.0, None):
        with pytest.raises(ValueError):
            CURRENT.name("village", bad)
    with pytest.raises(ValueError):
        CURRENT.name("plan", 0)  # a kind outside the base has no codes
    newer = Schema(1, SCHEMA_MINOR, {**TABLE, "village": (*TABLE["village"], Field("note", "", 1))})
    assert newer.code("village", "note") == "note"  # a later field: by name, for older devices
    assert newer.base_defaults("village") == {"name": ""}


def test_a_changed_model_default_does_not_change_what_a_bundle_means() -> None:
    """A later version whose model gives a household 2 members by default (its own process,
    as on another device) sends one with 2 members: this version must read 2, not its own
    default, and the other way round: what this version sends with its own default (members
    not known) arrives as that, not as the later version's 2."""
    later = """
import sys
from sammachip_tui.model.records import Household
from sammachip_tui.store.oplog import Op
from sammachip_tui.sync import payload
Household.model_fields["members"].default = 2
Household.model_fields["legal_basis"].default = "consent"
home = Household(village_code="52120505", first_name="x", members=2, legal_basis="consent")
if sys.argv[1] == "encode":
    op = Op("AAAAAAAA", 1, "19b76daabe80000AAAAAAAA", "household", "AAAAAAAA.1", "52120505",
            home.fields())
    print(payload.encode([op], {}).hex())
else:
    print(payload.decode(bytes.fromhex(sys.stdin.read()))[1][0].values["members"])
"""
    sent = subprocess.run([sys.executable, "-c", later, "encode"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    _doc, [back] = payload.decode(bytes.fromhex(sent))
    assert (back.values["members"], back.values["legal_basis"]) == (2, "consent")
    home = Household(village_code="52120505", first_name="มาลี")
    op = Op("AAAAAAAA", 1, make_stamp(1_790_000_000_000, 0, "AAAAAAAA"), "household",
            "AAAAAAAA.1", "52120505", home.fields())  # fmt: skip
    data = payload.encode([op], {}).hex()
    read = subprocess.run([sys.executable, "-c", later, "decode"], capture_output=True,
                          text=True, check=True, input=data).stdout  # fmt: skip
    assert read.strip() == str(home.fields()["members"])  # as sent: -1, "not known"


def test_refilled_defaults_are_each_their_own() -> None:
    """Two forums made whole with no facilitators: their lists are not one list, nor the
    table's (a record changed in place must not change the other, or what a bundle means)."""
    forums = [
        Op("AAAAAAAA", n, make_stamp(1_790_000_000_000 + n, 0, "AAAAAAAA"), "forum",
           f"AAAAAAAA.{n}", "52120505", {**CURRENT.base_defaults("forum"),
                                         "village_code": "52120505", "date": "2026-01-10"})
        for n in (1, 2)
    ]  # fmt: skip
    _doc, (first, second) = payload.decode(payload.encode(forums, {}))
    first.values["facilitators"].append("นายวิชัย")
    assert second.values["facilitators"] == [] == CURRENT.base_defaults("forum")["facilitators"]
