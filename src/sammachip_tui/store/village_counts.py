"""The villages of the workspace with their counts: what the first screen shows.

Read from the stored records as they are, without the models: every value was checked when
it was written (store/op_checks.py), and the first screen of every start would otherwise
load the validation library and validate every household of every village only to count
them (a large part of the start on a Pi). The rules are the models' own: a volunteer said
yes, สัมมาชีพ earns more than it spends with both known, trained is yes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sammachip_tui.i18n import _, current_language
from sammachip_tui.model.areas import load_areas

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

UNKNOWN = -1  # as model/records.py: how an amount that is not known is stored


@dataclass(frozen=True)
class VillageSummary:
    code: str
    name: str
    place: str  # subdistrict, district, province in the current language
    households: int
    volunteers: int
    sammachip: int
    trained: int


@dataclass(frozen=True)
class HouseholdCounts:
    """The figures of a list of households, counted one way for every screen and command:
    households, volunteers (yes), สัมมาชีพ (known to earn more than they spend), trained."""

    households: int
    volunteers: int
    sammachip: int
    trained: int


def village_label(code: str, name: str = "") -> str:
    """หมู่ 5 บ้านดอน, or หมู่ 5 when the village has no name yet."""
    moo = _("Moo {moo}").format(moo=int(code[6:])) if len(code) == 8 else code
    return f"{moo} {name}".strip()


def village_place(code: str) -> str:
    """ต.เวียงตาล อ.ห้างฉัตร จ.ลำปาง (or the English names), from the packaged area list."""
    place = load_areas().village_place(code)
    if place is None:
        return ""
    language = current_language()
    province, district, sub = place
    return _("T. {subdistrict}, A. {district}, {province}").format(
        subdistrict=sub.name(language),
        district=district.name(language),
        province=province.name(language),
    )


def _amount(value: Any) -> float | None:
    """A stored income or expense, None when it is not known (blank, or stored as -1)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return value


def earns_more(income: Any, expense: Any) -> bool:
    """สัมมาชีพ: both known, and the income above the expenses."""
    income, expense = _amount(income), _amount(expense)
    return income is not None and expense is not None and income > expense


def counts_of(records: Iterable[dict[str, Any]]) -> HouseholdCounts:
    """The counts of stored household records (the deleted ones already left out)."""
    households = volunteers = sammachip = trained = 0
    for r in records:
        households += 1
        volunteers += r.get("volunteer") == "yes"
        sammachip += earns_more(r.get("income_month"), r.get("expense_month"))
        trained += r.get("trained") is True
    return HouseholdCounts(households, volunteers, sammachip, trained)


def summaries(ws: Workspace) -> list[VillageSummary]:
    result = []
    for code in ws.villages():
        village = ws.record(code, "village", code)
        homes = ws.records(code, "household")
        if village is None and not homes:
            continue
        name = village.get("name") if village is not None else ""
        counts = counts_of(homes)
        result.append(
            VillageSummary(
                code=code,
                name=name.strip() if isinstance(name, str) else "",
                place=village_place(code),
                households=counts.households,
                volunteers=counts.volunteers,
                sammachip=counts.sammachip,
                trained=counts.trained,
            )
        )
    return result
