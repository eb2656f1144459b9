"""The villages of the workspace with their counts: what the first screen shows.

Read from the stored records as they are, without the models: every value was checked when
it was written (store/op_checks.py), and the first screen of every start would otherwise
load the validation library and validate every household of every village only to count
them (a large part of the start on a Pi). The rules are the models' own: a volunteer said
yes, สัมมาชีพ earns more than it spends with both known, trained is yes.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui.i18n import _, current_language
from sammachip_tui.i18n.wording import visible
from sammachip_tui.model.areas import is_village_code, load_areas

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

UNKNOWN = -1  # as model/records.py: how an amount that is not known is stored
ENCRYPTED_MARK = "keys.json"  # as store/at_rest.py: the data is sealed
SHARD_META = "_meta"  # as store/storage.py: a village file's checksum


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
    return f"{moo} {visible(name)}".strip()


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


def household_share(record: dict[str, Any]) -> tuple[int, int, int, int]:
    """What one household record (as shown) adds to ``counts_of``: the rule kept per shard
    as operations apply (store/workspace.py ``Shard.household_counts``)."""
    if record.get("deleted"):
        return (0, 0, 0, 0)
    return (1, int(record.get("volunteer") == "yes"),
            int(earns_more(record.get("income_month"), record.get("expense_month"))),
            int(record.get("trained") is True))  # fmt: skip


def summaries(ws: Workspace) -> list[VillageSummary]:
    """Every village with its counts, kept by the store as operations apply (a district's
    100 villages and 20,000 households are not read at each look at the first screen)."""
    result = []
    for code in ws.villages():
        village = ws.record(code, "village", code)
        counts = HouseholdCounts(*ws.household_counts(code))
        if village is None and not counts.households:
            continue
        result.append(_summary(code, village, counts))
    return result


def _summary(code: str, village: dict[str, Any] | None, counts: HouseholdCounts) -> VillageSummary:
    name = village.get("name") if village is not None else ""
    return VillageSummary(
        code=code,
        name=name.strip() if isinstance(name, str) else "",
        place=village_place(code),
        households=counts.households,
        volunteers=counts.volunteers,
        sammachip=counts.sammachip,
        trained=counts.trained,
    )


def summaries_of(
    codes: Iterable[str],
    record: Callable[[str, str, str], dict[str, Any] | None],
    records: Callable[[str, str], list[dict[str, Any]]],
) -> list[VillageSummary]:
    result = []
    for code in codes:
        village = record(code, "village", code)
        homes = records(code, "household")
        if village is None and not homes:
            continue
        result.append(_summary(code, village, counts_of(homes)))
    return result


def stored_summaries(data_dir: Path) -> list[VillageSummary] | None:
    """The villages as their files hold them, read before the store is loaded and opened.

    What the first screen shows while the journal is checked and replayed (a moment later
    the open workspace's counts replace these; its actions wait for it). The files hold what
    was saved up to a moment before the last edit (store/workspace.py flushes them shortly
    after each), so after a clean exit the same counts. None whenever they cannot be read
    plainly: encrypted at rest, a file that does not parse, fails its checksum or is not shaped
    as a village's.
    """
    if (data_dir / ENCRYPTED_MARK).exists():
        return None
    shards: dict[str, dict[str, Any]] = {}
    try:
        for path in sorted((data_dir / "villages").glob("*.json")):
            code = path.stem
            if len(code) != 8 or not code.isdigit() or not is_village_code(code):
                continue
            data = orjson.loads(path.read_bytes())
            if not isinstance(data, dict) or not isinstance(data.get(SHARD_META), dict):
                return None
            # The file's checksum, as store/storage.py checks it: a flipped bit in a count.
            crc = data.pop(SHARD_META).get("crc")
            if crc != zlib.crc32(orjson.dumps(data)):
                return None
            if not all(isinstance(t, dict) for t in data.values()):
                return None
            shards[code] = data
    except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None

    def records(code: str, kind: str) -> list[dict[str, Any]]:
        docs = shards[code].get(kind, {}).values()
        return [d for d in docs if isinstance(d, dict) and not d.get("deleted")]

    def record(code: str, kind: str, rid: str) -> dict[str, Any] | None:
        docs = shards[code].get(kind, {}).values()
        return next((d for d in docs if isinstance(d, dict) and d.get("id") == rid), None)

    return summaries_of(shards, record, records)
