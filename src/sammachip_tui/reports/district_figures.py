"""The district's figures: the one place every number of the dashboard, the district reports
and ``sammachip report district|village`` comes from.

One function per figure, shared by the CLI and the screens: what a report prints and what the
dashboard draws are the same numbers because neither counts anything itself. Counted from the
stored records as they are (the model rules, without validating every record: a district store
holds tens of thousands of households), in one pass over each kind's records per village, then
rolled up per subdistrict (ตำบล: the first 6 digits of the village code) and for the whole
selection. Every node keeps its villages, so a screen drills down without counting again.

What is counted, and how (the rules the other parts show without repeating them):

- households: not deleted; สัมมาชีพ: income above expenses, both known (``earns_more``);
  trained and volunteers as the home screen counts them (``counts_of``); followed up: the
  household's latest follow-up has a date; practising: that follow-up says it practises.
- forums: held (not deleted), and those dated in the fiscal year (1 Oct – 30 Sep, named by
  the พ.ศ. year it ends).
- groups: not deleted, by their current stage (the latest dated decision, as the groups list
  shows it); by occupation type and OTOP category only the groups that are not dissolved, from
  the group's occupation in the taxonomy (type "" and OTOP category "none" when its
  occupation is none of the taxonomy's: an occupation the officer added, or none chosen).
- OTOP: the groups' products (the ``product`` records of issue 14), applied for, registered,
  and how many products hold each number of stars.
- the monthly series (for sparklines) count, per calendar month over the last 12 months up
  to today's: forums by their date, income readings by their date, follow-ups by their date.
  Dates that the records hold, never when a device happened to save them.

Read once: the dashboard shows the figures and the indicators (reports/indicators.py) of the
same villages together. Each village's records are read into a ``VillageRecords`` (each kind
once, however many figures count it), and ``district_figures`` hands it to ``each`` (the
indicators' ``Tally``) before going on to the next village: one read serves both, and only
one village's records are held at a time (holding a whole district's 100,000 records while
counting costs more in Python's garbage collector than the read saves).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sammachip_tui import clock
from sammachip_tui.i18n import current_language
from sammachip_tui.model.areas import is_village_code, load_areas
from sammachip_tui.model.group_records import GroupStage
from sammachip_tui.model.plan_records import fiscal_year_of
from sammachip_tui.model.taxonomy import load_occupations
from sammachip_tui.store.group_view import decisions_of, record_stage
from sammachip_tui.store.village_counts import counts_of

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

MONTHS = 12
"""Months in each monthly series (the last one is today's)."""

LIVE_STAGES = frozenset(
    {GroupStage.established, GroupStage.developing, GroupStage.otop_registered, GroupStage.selling}
)
"""Stages of a group that has been established and not dissolved since: what "a village with
an occupation group" counts (reports/indicators.py)."""


@dataclass(frozen=True)
class Monthly:
    """Counts per calendar month, oldest first; ``months`` names them ("2026-11")."""

    months: tuple[str, ...]
    forums: tuple[int, ...]  # forums held, by the forum's date
    readings: tuple[int, ...]  # income readings, by the reading's date
    follow_ups: tuple[int, ...]  # households' latest follow-ups, by their date


@dataclass(frozen=True)
class Figures:
    """The figures of a village, a subdistrict or the whole selection (the same fields at
    every level: a subdistrict's are the sums of its villages')."""

    villages: int
    households: int
    sammachip: int
    trained: int
    volunteers: int
    followed_up: int
    practising: int
    forums: int
    forums_in_year: int
    groups: int
    groups_by_stage: Mapping[str, int]  # GroupStage value → groups (every stage listed)
    groups_by_type: Mapping[str, int]  # OccupationType value ("" unknown) → live groups
    groups_by_otop: Mapping[str, int]  # OtopCategory value ("none" too) → live groups
    products: int
    otop_applied: int
    otop_registered: int
    stars: Mapping[int, int]  # stars (1–5) → products holding them
    monthly: Monthly

    @property
    def sammachip_share(self) -> float | None:
        """สัมมาชีพ households / households; None without households (never 0% of nothing)."""
        return self.sammachip / self.households if self.households else None

    @property
    def established_groups(self) -> int:
        """Groups established and not dissolved (any stage from established to selling)."""
        return sum(self.groups_by_stage.get(s.value, 0) for s in LIVE_STAGES)


@dataclass(frozen=True)
class VillageFigures:
    code: str
    name: str
    total: Figures

    @property
    def subdistrict(self) -> str:
        return self.code[:6]

    @property
    def villages(self) -> tuple[VillageFigures, ...]:
        """Itself: every node of the tree answers ``villages`` (drill-down)."""
        return (self,)


@dataclass(frozen=True)
class SubdistrictFigures:
    code: str  # 6 digits
    name: str  # in the interface language; the code when the area list does not know it
    total: Figures
    villages: tuple[VillageFigures, ...]


@dataclass(frozen=True)
class DistrictFigures:
    """The selection's figures: its total, and per subdistrict with their villages."""

    today: dt.date
    fiscal_year: int  # พ.ศ.: the year ``forums_in_year`` counts
    total: Figures
    subdistricts: tuple[SubdistrictFigures, ...]

    @property
    def villages(self) -> tuple[VillageFigures, ...]:
        return tuple(v for s in self.subdistricts for v in s.villages)

    def village(self, code: str) -> VillageFigures | None:
        return next((v for v in self.villages if v.code == code), None)

    def subdistrict(self, code: str) -> SubdistrictFigures | None:
        return next((s for s in self.subdistricts if s.code == code), None)


# ----------------------------------------------------------------------------- reading
class VillageRecords:
    """One village's records as the figures and the indicators count them: each kind read
    from the store once (not deleted) and kept while that village is counted."""

    def __init__(self, ws: Workspace, code: str) -> None:
        self.ws = ws
        self.code = code
        self._read: dict[str, list[dict[str, Any]]] = {}

    def of(self, kind: str) -> list[dict[str, Any]]:
        """``ws.records(code, kind)``, read once."""
        found = self._read.get(kind)
        if found is None:
            found = self._read[kind] = self.ws.records(self.code, kind)
        return found


# ----------------------------------------------------------------------------- counting
def month_names(today: dt.date, count: int = MONTHS) -> tuple[str, ...]:
    """The last ``count`` calendar months up to ``today``'s, oldest first ("2026-11")."""
    index = today.year * 12 + today.month - 1
    return tuple(f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1))


def as_date(value: Any) -> dt.date | None:
    """A stored date (ISO text), None when absent or unreadable (a damaged record is passed
    over by the figures, never a reason for them to fail)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _taxonomy() -> dict[str, tuple[str, str]]:
    """Occupation code → (occupation type, OTOP category)."""
    return {o.code: (o.occupation_type.value, o.otop_category.value) for o in load_occupations()}


def occupation_kind(code: str) -> tuple[str, str]:
    """(occupation type, OTOP category) of a group's occupation; ("", "none") when it is
    not in the taxonomy (no type known, and no OTOP category)."""
    return _taxonomy().get(code, ("", "none"))


def group_stages(
    ws: Workspace, village: str, records: VillageRecords | None = None
) -> dict[str, GroupStage]:
    """Group id → its current stage, for the groups of ``village`` (as the groups list)."""
    read = records or VillageRecords(ws, village)
    decisions = decisions_of(read.of("group_status"))
    return {r["id"]: record_stage(r, decisions.get(r["id"])) for r in read.of("group")}


def _monthly_counts(dates: Iterable[dt.date | None], months: tuple[str, ...]) -> tuple[int, ...]:
    counts = Counter(d.isoformat()[:7] for d in dates if d is not None)
    return tuple(counts.get(m, 0) for m in months)


def _figures(read: VillageRecords, fiscal_year: int, months: tuple[str, ...]) -> Figures:
    homes = read.of("household")
    counts = counts_of(homes)
    follow_ups = [as_date(h.get("followed_up")) for h in homes]
    followed_up = sum(d is not None for d in follow_ups)
    practising = sum(
        d is not None and h.get("practising") is True
        for h, d in zip(homes, follow_ups, strict=True)
    )
    forum_dates = [as_date(f.get("date")) for f in read.of("forum")]
    in_year = sum(d is not None and fiscal_year_of(d) == fiscal_year for d in forum_dates)
    stages = group_stages(read.ws, read.code, read)
    by_stage = Counter(s.value for s in stages.values())
    by_type: Counter[str] = Counter()
    by_otop: Counter[str] = Counter()
    for group in read.of("group"):
        if stages.get(group["id"]) is GroupStage.dissolved:
            continue
        kind, otop = occupation_kind(str(group.get("occupation_code", "")))
        by_type[kind] += 1
        by_otop[otop] += 1
    live_groups = set(stages)
    products = [p for p in read.of("product") if p.get("group_id") in live_groups]
    registration = Counter(str(p.get("registration", "none")) for p in products)
    stars = Counter(
        p["stars"] for p in products if type(p.get("stars")) is int and 1 <= p["stars"] <= 5
    )
    readings = [as_date(r.get("date")) for r in read.of("income")]
    return Figures(
        villages=1,
        households=counts.households,
        sammachip=counts.sammachip,
        trained=counts.trained,
        volunteers=counts.volunteers,
        followed_up=followed_up,
        practising=practising,
        forums=len(forum_dates),
        forums_in_year=in_year,
        groups=len(stages),
        groups_by_stage={s.value: by_stage.get(s.value, 0) for s in GroupStage},
        groups_by_type=dict(sorted(by_type.items())),
        groups_by_otop=dict(sorted(by_otop.items())),
        products=len(products),
        otop_applied=registration.get("applied", 0),
        otop_registered=registration.get("registered", 0),
        stars=dict(sorted(stars.items())),
        monthly=Monthly(
            months,
            _monthly_counts(forum_dates, months),
            _monthly_counts(readings, months),
            _monthly_counts(follow_ups, months),
        ),
    )


def _sum_maps(maps: Iterable[Mapping[Any, int]]) -> dict[Any, int]:
    total: Counter[Any] = Counter()
    for m in maps:
        total.update(m)
    return dict(sorted(total.items(), key=lambda kv: str(kv[0])))


def _sum_series(series: Iterable[tuple[int, ...]], length: int) -> tuple[int, ...]:
    total = [0] * length
    for s in series:
        for i, n in enumerate(s):
            total[i] += n
    return tuple(total)


def combine(parts: Iterable[Figures], months: tuple[str, ...]) -> Figures:
    """The figures of several villages or subdistricts together (their sums)."""
    items = list(parts)
    stages = _sum_maps(f.groups_by_stage for f in items)
    return Figures(
        villages=sum(f.villages for f in items),
        households=sum(f.households for f in items),
        sammachip=sum(f.sammachip for f in items),
        trained=sum(f.trained for f in items),
        volunteers=sum(f.volunteers for f in items),
        followed_up=sum(f.followed_up for f in items),
        practising=sum(f.practising for f in items),
        forums=sum(f.forums for f in items),
        forums_in_year=sum(f.forums_in_year for f in items),
        groups=sum(f.groups for f in items),
        groups_by_stage={s.value: stages.get(s.value, 0) for s in GroupStage},
        groups_by_type=_sum_maps(f.groups_by_type for f in items),
        groups_by_otop=_sum_maps(f.groups_by_otop for f in items),
        products=sum(f.products for f in items),
        otop_applied=sum(f.otop_applied for f in items),
        otop_registered=sum(f.otop_registered for f in items),
        stars=dict(sorted(_sum_maps(f.stars for f in items).items())),
        monthly=Monthly(
            months,
            _sum_series((f.monthly.forums for f in items), len(months)),
            _sum_series((f.monthly.readings for f in items), len(months)),
            _sum_series((f.monthly.follow_ups for f in items), len(months)),
        ),
    )


def _village_name(ws: Workspace, code: str) -> str:
    village = ws.record(code, "village", code)
    name = village.get("name") if village else ""
    return name.strip() if isinstance(name, str) else ""


def subdistrict_name(code: str) -> str:
    """A subdistrict's name in the interface language (its code when the area list lacks it)."""
    area = load_areas().get(code)
    return area.name(current_language()) if area is not None else code


def selected_villages(ws: Workspace, villages: Iterable[str] | None) -> list[str]:
    stored = ws.villages()
    if villages is None:
        return stored
    wanted = set(villages)
    return [v for v in stored if v in wanted and is_village_code(v)]


def village_figures(
    ws: Workspace,
    code: str,
    *,
    today: dt.date | None = None,
    fiscal_year: int | None = None,
) -> VillageFigures:
    """One village's figures (zeros for a village with no records yet)."""
    day = today or clock.today()
    months = month_names(day)
    year = fiscal_year or fiscal_year_of(day)
    read = VillageRecords(ws, code)
    return VillageFigures(code, _village_name(ws, code), _figures(read, year, months))


def district_figures(
    ws: Workspace,
    villages: Iterable[str] | None = None,
    *,
    today: dt.date | None = None,
    fiscal_year: int | None = None,
    each: Callable[[VillageRecords], object] | None = None,
) -> DistrictFigures:
    """The figures of ``villages`` (every village of the store when None; codes the store
    does not hold are left out), per village, per subdistrict and in total. ``fiscal_year``
    (พ.ศ.) is the year ``forums_in_year`` counts: today's by default. ``each`` is given each
    village's records once its figures are counted (the indicators' ``Tally``: one read of
    the records serves both)."""
    day = today or clock.today()
    months = month_names(day)
    year = fiscal_year or fiscal_year_of(day)
    by_sub: dict[str, list[VillageFigures]] = {}
    for code in selected_villages(ws, villages):
        read = VillageRecords(ws, code)
        found = VillageFigures(code, _village_name(ws, code), _figures(read, year, months))
        if each is not None:
            each(read)
        by_sub.setdefault(code[:6], []).append(found)
    subs = tuple(
        SubdistrictFigures(
            sub, subdistrict_name(sub), combine((v.total for v in vs), months), tuple(vs)
        )
        for sub, vs in sorted(by_sub.items())
    )
    return DistrictFigures(day, year, combine((s.total for s in subs), months), subs)
