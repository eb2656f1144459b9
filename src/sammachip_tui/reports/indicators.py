"""The programme's three indicators (reference/domain.md §1) for one fiscal year, with their
definitions, numerators and denominators, rated against their goals.

A fiscal year runs from 1 October to 30 September and is named by the พ.ศ. year it ends
(``fiscal_year_of``). Each indicator is computed from what the records say at the year's end:

1. ``practising``: trained households whose latest follow-up, dated on or before the year's
   end, says they practise their programme occupation / trained households. Goal ≥ 85%.
   (A household keeps its latest follow-up only: one followed up after the year's end has no
   follow-up for that year.)
2. ``income``: the average change of income from each household's first reading to its
   latest one dated on or before the year's end (``store/income.income_change``: at least two
   readings on different days, a first income above 0) / households measured. Goal ≥ +3%.
3. ``groups``: villages with at least one occupation group established by the year's end
   and not dissolved by then / villages of the selection. Goal ≥ 10%.

Rating: green when the goal is met; amber when the value reaches ``AMBER_SHARE`` (90%) of the
goal, close enough that a push this year can still meet it; red below that; none when there is
nothing to measure (a denominator of 0): "no data", never 0% and never a division by zero.

Broken down by occupation type (``by_type``): a household's type is that of the occupation
group it is a current member of (the group's occupation in the taxonomy), else that of its
own programme occupation (its main occupation's text, else its secondary one's, read onto
the taxonomy by the group proposer's matcher, grouping/matcher.py, once per distinct text);
"" only when neither says a type (no group with a known occupation, and a text the
taxonomy does not know or none). A village counts under each type of its established
groups, against all villages. The same definitions, on that part only.

The records are read once per look: a ``Tally`` counts each village's ``VillageRecords``
as ``district_figures`` hands them over (the dashboard and the district report read both).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.group_records import GroupStage
from sammachip_tui.model.income_records import GROWTH_GOAL, ReadingSource
from sammachip_tui.model.taxonomy import OCCUPATION_TYPE_LABELS, OccupationType
from sammachip_tui.reports.district_figures import (
    LIVE_STAGES,
    VillageRecords,
    as_date,
    occupation_kind,
    selected_villages,
)
from sammachip_tui.store.group_view import record_stage
from sammachip_tui.store.income import HistoryRow, income_change
from sammachip_tui.store.latest_income import reading_order

if TYPE_CHECKING:
    from sammachip_tui.grouping.matcher import Matcher
    from sammachip_tui.store.workspace import Workspace

PRACTISING_GOAL = 0.85
INCOME_GOAL = GROWTH_GOAL  # +3%
GROUPS_GOAL = 0.10
AMBER_SHARE = 0.9
"""Amber: the value reaches 90% of the goal (76.5% practising, +2.7% income, 9% villages)."""

KEYS = ("practising", "income", "groups")

NAMES = {
    "practising": N_("Trained households practising their occupation"),
    "income": N_("Average income change since the first reading"),
    "groups": N_("Villages with an occupation group"),
}
DEFINITIONS = {
    "practising": N_(
        "Trained programme households whose latest follow-up, dated on or before the end of "
        "the fiscal year, says they practise their occupation, out of all trained households."
    ),
    "income": N_(
        "The average change of income from each household's first reading to its latest "
        "reading dated on or before the end of the fiscal year, over the households with two "
        "readings on different days."
    ),
    "groups": N_(
        "Villages with at least one occupation group established (and not dissolved) by the "
        "end of the fiscal year, out of all villages."
    ),
}
NO_TYPE_LABEL = N_("no occupation type")


class Rating(StrEnum):
    green = "green"
    amber = "amber"
    red = "red"
    none = "none"


RATING_LABELS = {
    Rating.green: N_("goal met"),
    Rating.amber: N_("close to the goal"),
    Rating.red: N_("below the goal"),
    Rating.none: N_("no data"),
}


@dataclass(frozen=True)
class Indicator:
    """One indicator of one fiscal year (or of one occupation type within it).

    ``numerator`` / ``denominator`` = ``value``; for ``income`` the numerator is the sum of
    the households' changes (fractions), so the value is their average. ``value`` is None
    when the denominator is 0. ``name`` and ``definition`` are in the interface language."""

    key: str
    name: str
    definition: str
    numerator: float
    denominator: int
    value: float | None
    goal: float
    rating: Rating
    fiscal_year: int = 0
    by_type: Mapping[str, Indicator] = field(default_factory=dict)


def year_end(fiscal_year: int) -> dt.date:
    """30 September of the fiscal year (พ.ศ.) that ends then."""
    return dt.date(fiscal_year - 543, 9, 30)


def year_start(fiscal_year: int) -> dt.date:
    return dt.date(fiscal_year - 544, 10, 1)


def rate(value: float | None, goal: float) -> Rating:
    """Green at or above the goal, amber from ``AMBER_SHARE`` of it, red below; none: no data."""
    if value is None:
        return Rating.none
    if value >= goal - 1e-9:
        return Rating.green
    if value >= goal * AMBER_SHARE - 1e-9:
        return Rating.amber
    return Rating.red


def type_label(key: str) -> str:
    """An occupation type's name in the interface language ("" : no type)."""
    try:
        return _(OCCUPATION_TYPE_LABELS[OccupationType(key)])
    except ValueError:
        return _(NO_TYPE_LABEL)


def value_text(indicator: Indicator) -> str:
    """The value as officers read it: 86.4%, +3.2% (income), or "no data"."""
    if indicator.value is None:
        return _(RATING_LABELS[Rating.none])
    if indicator.key == "income":
        return f"{indicator.value * 100:+.1f}%"
    return f"{indicator.value * 100:.1f}%"


def goal_text(indicator: Indicator) -> str:
    sign = "+" if indicator.key == "income" else ""
    return f"≥ {sign}{indicator.goal * 100:.0f}%"


def ratio_text(indicator: Indicator) -> str:
    """Numerator / denominator: "19 / 22", or for income the households measured."""
    if indicator.key == "income":
        return _("{n} households measured").format(n=indicator.denominator)
    return f"{indicator.numerator:.0f} / {indicator.denominator}"


# ----------------------------------------------------------------------------- building
def _indicator(
    key: str, numerator: float, denominator: int, goal: float, year: int,
    by_type: Mapping[str, tuple[float, int]] | None = None,
) -> Indicator:  # fmt: skip
    value = numerator / denominator if denominator else None
    parts = {
        kind: _indicator(key, n, d, goal, year) for kind, (n, d) in sorted((by_type or {}).items())
    }
    return Indicator(key, _(NAMES[key]), _(DEFINITIONS[key]), numerator, denominator, value,
                     goal, rate(value, goal), year, parts)  # fmt: skip


def _stage_at(group: dict[str, Any], decisions: list[tuple[tuple[str, str], GroupStage, str]],
              end: dt.date) -> GroupStage:  # fmt: skip
    """A group's stage at the end of ``end``'s day: its latest decision dated by then (the
    current stage, with what older devices said, when that is its latest decision of all);
    its stored status when it has no dated decision at all; forming when all came later."""
    if not decisions:
        return record_stage(group, None)
    cut = end.isoformat()
    before = [d for d in decisions if d[0][0][:10] <= cut]
    if not before:
        return GroupStage.forming
    latest = max(before, key=lambda d: d[0])
    if latest is max(decisions, key=lambda d: d[0]):
        return record_stage(group, (latest[1], latest[2]))
    return latest[1]


def _group_stages_at(read: VillageRecords, end: dt.date) -> dict[str, GroupStage]:
    """Group id → its stage at ``end``; decisions ordered as store/group_view.py orders
    them (date, then when each was made)."""
    found: dict[str, list[tuple[tuple[str, str], GroupStage, str]]] = defaultdict(list)
    for r in read.of("group_status"):
        try:
            stage = GroupStage(str(r.get("status", "")))
        except ValueError:
            continue
        stamps = r.get("_s", {})
        made = str(stamps.get("group_id") or min(stamps.values(), default=""))
        newest = max((str(s) for s in stamps.values()), default="")
        found[str(r.get("group_id", ""))].append(((str(r.get("date", "")), made), stage, newest))
    return {g["id"]: _stage_at(g, found.get(g["id"], []), end) for g in read.of("group")}


def _household_types(read: VillageRecords, kinds: Mapping[str, str]) -> dict[str, str]:
    """Household id → the occupation type of the group it is a current member of (the first
    by group id when several) when that group's occupation has one; households in no such
    group are not listed."""
    found: dict[str, str] = {}
    members = sorted(read.of("member"), key=lambda m: str(m.get("group_id", "")))
    for m in members:
        gid, hid = str(m.get("group_id", "")), str(m.get("household_id", ""))
        if kinds.get(gid) and m.get("active", True) and not m.get("left") and hid not in found:
            found[hid] = kinds[gid]
    return found


_TEXT_TYPES: WeakKeyDictionary[Matcher, dict[str, str]] = WeakKeyDictionary()
"""Per matcher (one per taxonomy with its extensions and lessons): occupation text → type."""
_TEXT_TYPES_LOCK = threading.Lock()  # the dashboard's and an export's workers may both read


class OccupationTypes:
    """A household's own occupation type, read from its occupation texts by the matcher of
    the store's taxonomy; each distinct text is read once (a district repeats a few hundred
    texts over 20,000 households), and kept while the taxonomy stays the same."""

    def __init__(self, ws: Workspace) -> None:
        from sammachip_tui.store.proposals import matcher

        self.matcher = matcher(ws)
        with _TEXT_TYPES_LOCK:
            self._cache = _TEXT_TYPES.setdefault(self.matcher, {})

    def of_text(self, text: str) -> str:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._read(text)
        return found

    def _read(self, text: str) -> str:
        if not text.strip():
            return ""
        match = self.matcher.match(text)
        craft = self.matcher.lexicon.crafts.get(match.craft or "")
        if match.excluded or craft is None or craft.occupation_type is None:
            return ""
        return craft.occupation_type.value

    def of_texts(self, main: str, secondary: str) -> str:
        """The type of the main occupation, else of the secondary one; "" when neither."""
        return self.of_text(main) or self.of_text(secondary)


def _amount(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return float(value)


def _income_growth(read: VillageRecords, homes: Iterable[str], end: dt.date) -> dict[str, float]:
    """Household id → its income change (a fraction) up to ``end``, for the households that
    have one: the rule of ``income_change``, on readings read in one pass over the village
    (the history's rule: the same earlier figures kept by two devices are one reading)."""
    wanted = set(homes)
    by_home: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cut = end.isoformat()
    for r in read.of("income"):
        hid = str(r.get("household_id", ""))
        if hid in wanted and str(r.get("date") or "")[:10] <= cut and as_date(r.get("date")):
            by_home[hid].append(r)
    growth: dict[str, float] = {}
    for hid, records in by_home.items():
        rows: list[HistoryRow] = []
        seen: set[tuple[Any, ...]] = set()
        for r in sorted(records, key=reading_order):
            day = as_date(r.get("date"))
            same = (day, _amount(r.get("income_month")), _amount(r.get("expense_month")))
            if r.get("source") == ReadingSource.earlier and same in seen:
                continue
            seen.add(same)
            rows.append(HistoryRow(day, same[1], same[2], None))
        change = income_change(rows)
        if change is not None and change.growth is not None:
            growth[hid] = change.growth
    return growth


class Tally:
    """The indicators of one fiscal year, counted village by village (``add``) from records
    read once: ``district_figures(..., each=tally.add)`` counts both in one read.

    Households in no typed group are counted per pair of occupation texts as they come, and
    typed (by the matcher) only in ``indicators``: each distinct pair once, and a caller that
    cannot wait for the matcher to be built (the first dashboard of a start) can take the
    indicators without that breakdown first (``typed=False``, ``ready``)."""

    def __init__(self, ws: Workspace, fiscal_year: int) -> None:
        self.ws = ws
        self.fiscal_year = fiscal_year
        self.end = year_end(fiscal_year)
        self.trained = self.practising = 0
        self.growth_sum, self.measured = 0.0, 0
        # [trained, practising, sum of income changes, measured], per type (members of a
        # typed group) and per (main, secondary) occupation text (the others)
        self._types: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])
        self._texts: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])
        self.villages = self.with_group = 0
        self.villages_by: dict[str, int] = defaultdict(int)

    def add(self, read: VillageRecords) -> None:
        """Count one village (its records read once, shared with its figures)."""
        end = self.end
        self.villages += 1
        stages = _group_stages_at(read, end)
        groups = {g["id"]: g for g in read.of("group")}
        kinds = {gid: occupation_kind(str(g.get("occupation_code", "")))[0]
                 for gid, g in groups.items()}  # fmt: skip
        live = {gid for gid, stage in stages.items() if stage in LIVE_STAGES}
        if live:
            self.with_group += 1
            for kind in {kinds[gid] for gid in live}:
                self.villages_by[kind] += 1
        in_groups = _household_types(read, kinds)
        parts: dict[str, list[float]] = {}
        for h in read.of("household"):
            hid = str(h.get("id"))
            part = parts[hid] = (
                self._types[in_groups[hid]] if hid in in_groups else self._texts[_texts_of(h)]
            )
            if h.get("trained") is not True:
                continue
            day = as_date(h.get("followed_up"))
            yes = day is not None and day <= end and h.get("practising") is True
            self.trained += 1
            self.practising += yes
            part[0] += 1
            part[1] += yes
        for hid, change in _income_growth(read, parts, end).items():
            self.growth_sum += change
            self.measured += 1
            part = parts[hid]
            part[2] += change
            part[3] += 1

    def _counted_texts(self) -> dict[tuple[str, str], list[float]]:
        """The occupation texts of households that count in a breakdown (trained, or with
        an income change): the only ones worth typing."""
        return {pair: c for pair, c in self._texts.items() if c[0] or c[3]}

    @property
    def ready(self) -> bool:
        """Whether typing the households by their own occupation costs nothing now: every
        text already typed by a matcher this process built (else building it, 0.2–0.3 s
        once per start, comes first)."""
        with _TEXT_TYPES_LOCK:
            known = list(_TEXT_TYPES.values())
        return all(
            any(all(t in cache for t in pair if t.strip()) for cache in known)
            for pair in self._counted_texts()
            if any(t.strip() for t in pair)
        )

    def indicators(self, *, typed: bool = True) -> list[Indicator]:
        """The three indicators of the villages added, in the order of ``KEYS``. Without
        ``typed``, the practising and income ones have no breakdown by type yet when some
        households would be typed by their own occupation (the matcher is not asked)."""
        year, total = self.fiscal_year, self.villages
        parts = {k: list(v) for k, v in self._types.items()}
        texts = self._counted_texts()
        if typed and texts:
            own = OccupationTypes(self.ws)
            for pair, counted in texts.items():
                into = parts.setdefault(own.of_texts(*pair), [0, 0, 0.0, 0])
                for n, value in enumerate(counted):
                    into[n] += value
        elif texts:
            parts = {}
        trained = {k: (p[1], int(p[0])) for k, p in sorted(parts.items()) if p[0]}
        measured = {k: (p[2], int(p[3])) for k, p in sorted(parts.items()) if p[3]}
        return [
            _indicator("practising", self.practising, self.trained, PRACTISING_GOAL, year,
                       trained),
            _indicator("income", self.growth_sum, self.measured, INCOME_GOAL, year, measured),
            _indicator("groups", self.with_group, total, GROUPS_GOAL, year,
                       {k: (n, total) for k, n in self.villages_by.items()}),
        ]  # fmt: skip


def _texts_of(home: dict[str, Any]) -> tuple[str, str]:
    """A household's (main, secondary) occupation texts ("" when not text)."""
    main, second = home.get("occupation_main"), home.get("occupation_secondary")
    return (main if isinstance(main, str) else "", second if isinstance(second, str) else "")


def indicators(
    ws: Workspace, fiscal_year: int, villages: Iterable[str] | None = None
) -> list[Indicator]:
    """The three indicators of ``fiscal_year`` (พ.ศ.) for ``villages`` (every village of the
    store when None), in the order of ``KEYS``, each with its breakdown by occupation type.
    With the district's figures of the same villages: ``district_figures(..., each=
    tally.add)``, then ``tally.indicators()`` (one read of the records)."""
    tally = Tally(ws, fiscal_year)
    for code in selected_villages(ws, villages):
        tally.add(VillageRecords(ws, code))
    return tally.indicators()
