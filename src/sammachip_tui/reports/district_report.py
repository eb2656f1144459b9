"""The district reports as documents: what ``write_district_report`` writes, for the screen
(the dashboard's export dialog) and ``sammachip report district|village|indicators|register
--format xlsx|docx|html``.

Four kinds, each built once into a ``DistrictDocument`` and laid out by the writers
(district_docs: .xlsx/.docx, district_html: the self-contained page):

- ``district``: the selection's totals, its groups by stage, occupation type and OTOP
  category, OTOP products and stars, then a table per subdistrict and per village;
- ``village``: one village's summary, the same figures for it alone;
- ``indicators``: the programme's three indicators of a fiscal year, each with its
  definition, numerator and denominator, value against the goal, rating in words, and its
  breakdown by occupation type;
- ``register``: the CDD group register of the district (``reports/group_register.py``: its
  rows and, as .xlsx or CSV, its own sheet, the form the province asks for).

No figure is counted here: each comes from ``reports/district_figures.py`` or
``reports/indicators.py``, the functions the dashboard and the CSV reports show, so a
document and the screen never disagree. This module only names and arranges them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sammachip_tui.i18n import _
from sammachip_tui.model.group_records import STAGE_LABELS, GroupStage
from sammachip_tui.model.taxonomy import OTOP_LABELS, OccupationType, OtopCategory
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.reports.district_document import (
    Block,
    Cell,
    Chart,
    DataTable,
    DistrictDocument,
    DistrictSection,
)
from sammachip_tui.reports.group_record import place_names
from sammachip_tui.reports.svg_charts import Bar, GoalBar
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.village_counts import village_label

if TYPE_CHECKING:
    from sammachip_tui.reports.district_figures import Figures, VillageFigures
    from sammachip_tui.reports.group_register import RegisterRow
    from sammachip_tui.reports.indicators import Indicator
    from sammachip_tui.store.workspace import Workspace

KINDS = ("district", "village", "indicators", "register")
FORMATS = ("xlsx", "docx", "html")
REGISTER_FORMATS = ("xlsx", "csv", "docx", "html")


def formats_of(kind: str) -> tuple[str, ...]:
    """The formats a kind is written in here (CSV of the figures is the CSV report's)."""
    return REGISTER_FORMATS if kind == "register" else FORMATS


# ------------------------------------------------------------------------------ headings
def _title(kind: str) -> str:
    return {
        "district": _("Sammachip Community report of the district"),
        "village": _("Sammachip Community report of the village"),
        "indicators": _("Sammachip Community programme indicators"),
        "register": _("Register of occupation groups formed on the Sammachip Community approach"),
    }[kind]


def _district_place(villages: Iterable[str]) -> str:
    """อำเภอ … จังหวัด … of the selection's first village known to the area list."""
    for code in villages:
        _sub, district, province = place_names(code)
        if district:
            return " ".join([_("District {name}").format(name=district),
                             _("Province {name}").format(name=province)])  # fmt: skip
    return ""


def _village_place(code: str, name: str) -> str:
    sub, district, province = place_names(code)
    parts = [village_label(code, name),
             _("Subdistrict {name}").format(name=sub) if sub else "",
             _("District {name}").format(name=district) if district else "",
             _("Province {name}").format(name=province) if province else ""]  # fmt: skip
    return " ".join(p for p in parts if p)


def _year(fiscal_year: int) -> str:
    return _("Fiscal year B.E. {year}").format(year=fiscal_year)


def _made(today: dt.date) -> str:
    return _("Made on {date}").format(date=format_date_be(today))


def _share(part: int, whole: int) -> Cell:
    """Per cent to one decimal, "" without a whole (never 0% of nothing)."""
    return round(100 * part / whole, 1) if whole else ""


# ------------------------------------------------------------------------------- figures
def _totals(f: Figures) -> DataTable:
    """The figures of a whole (district or village), one per line: what, how many, %."""
    h = f.households
    rows: list[list[Cell]] = [
        [_("Villages"), f.villages, ""],
        [_("Programme households"), h, ""],
        [_("Sammachip households (income above expenses)"), f.sammachip, _share(f.sammachip, h)],
        [_("Households trained"), f.trained, _share(f.trained, h)],
        [_("Households volunteering for a group"), f.volunteers, _share(f.volunteers, h)],
        [_("Households followed up"), f.followed_up, _share(f.followed_up, h)],
        [_("Households practising their occupation"), f.practising, _share(f.practising, h)],
        [_("Village forums held"), f.forums, ""],
        [_("Village forums in the fiscal year"), f.forums_in_year, ""],
        [_("Occupation groups"), f.groups, ""],
        [_("Groups established (not dissolved)"), f.established_groups, _share(
            f.established_groups, f.groups)],
        [_("Group products"), f.products, ""],
        [_("Products applied for OTOP"), f.otop_applied, ""],
        [_("Products registered as OTOP"), f.otop_registered, ""],
    ]  # fmt: skip
    return DataTable(_("Totals"), [_("Figure"), _("Count"), _("Per cent")], rows,
                     frozenset({1, 2}))  # fmt: skip


def _counted(name: str, what: str, counts: Mapping[str, int], label: dict[str, str]) -> DataTable:
    rows: list[list[Cell]] = [[label.get(k, k) or _("unknown"), n] for k, n in counts.items()]
    return DataTable(name, [what, _("Groups")], rows, frozenset({1}))


def _bars(table: DataTable) -> list[Bar]:
    return [Bar(str(r[0]), float(r[1])) for r in table.rows if isinstance(r[1], int | float)]


def _type_labels() -> dict[str, str]:
    from sammachip_tui.reports.indicators import type_label

    return {k: type_label(k) for k in ("", *(t.value for t in OccupationType))}


def _groups(f: Figures) -> list[Block]:
    """Groups by stage, by occupation type and by OTOP category, each a chart and a table;
    OTOP products by stars."""
    stages = _counted(_("Groups by stage"), _("Stage"), f.groups_by_stage,
                      {s.value: _(STAGE_LABELS[s]) for s in GroupStage})  # fmt: skip
    types = _counted(_("Groups by occupation type"), _("Occupation type"), f.groups_by_type,
                     _type_labels())  # fmt: skip
    otop = _counted(_("Groups by OTOP category"), _("OTOP category"), f.groups_by_otop,
                    {c.value: _(OTOP_LABELS[c]) for c in OtopCategory})  # fmt: skip
    stars = DataTable(
        _("OTOP products by stars"), [_("Stars"), _("Products")],
        [["★" * n, count] for n, count in sorted(f.stars.items())], frozenset({1}),
    )  # fmt: skip
    blocks: list[Block] = []
    for table in (stages, types, otop):
        blocks += [Chart(table.name, bars=_bars(table)), table]
    blocks.append(stars if stars.rows else _("No product has OTOP stars yet."))
    return blocks


def _monthly(f: Figures) -> list[Block]:
    """The last twelve months as sparklines, and their counts as a table."""
    m = f.monthly
    series = [(_("Village forums"), m.forums), (_("Income readings"), m.readings),
              (_("Follow-ups"), m.follow_ups)]  # fmt: skip
    blocks: list[Block] = [Chart(name, spark=[float(v) for v in values]) for name, values in series]
    header = [_("Month"), *(name for name, _values in series)]
    rows: list[list[Cell]] = [[month, *(values[i] for _n, values in series)]
                              for i, month in enumerate(m.months)]  # fmt: skip
    blocks.append(DataTable(_("By month"), header, rows, frozenset({1, 2, 3})))
    return blocks


PLACE_COLUMNS = 3  # code, subdistrict, village: then the figures


def _place_header(first: str) -> list[str]:
    return [_("Code"), first, _("Villages"), _("Households"), _("Sammachip"), _("Sammachip %"),
            _("Trained"), _("Volunteers"), _("Forums"), _("Groups"), _("Established groups"),
            _("Products registered as OTOP")]  # fmt: skip


def _place_row(code: str, name: str, f: Figures) -> list[Cell]:
    return [code, name, f.villages, f.households, f.sammachip, _share(f.sammachip, f.households),
            f.trained, f.volunteers, f.forums, f.groups, f.established_groups,
            f.otop_registered]  # fmt: skip


def _numeric_from(first: int, header: list[str]) -> frozenset[int]:
    return frozenset(range(first, len(header)))


def _per_village(villages: Iterable[VillageFigures]) -> DataTable:
    header = _place_header(_("Village"))
    rows = [_place_row(v.code, village_label(v.code, v.name), v.total) for v in villages]
    return DataTable(_("By village"), header, rows, _numeric_from(2, header))


# ---------------------------------------------------------------------------- documents
def district_document(
    ws: Workspace, villages: list[str] | None, year: int | None, today: dt.date
) -> DistrictDocument:
    from sammachip_tui.reports.district_figures import district_figures

    figures = district_figures(ws, villages, today=today, fiscal_year=year)
    found = indicators_of(ws, figures.fiscal_year, villages)
    header = _place_header(_("Subdistrict"))
    subs = DataTable(_("By subdistrict"), header,
                     [_place_row(s.code, s.name, s.total) for s in figures.subdistricts],
                     _numeric_from(2, header))  # fmt: skip
    chart = Chart(_("Households by subdistrict"),
                  bars=[Bar(s.name, s.total.households) for s in figures.subdistricts])  # fmt: skip
    return DistrictDocument(
        _title("district"), _district_place(v.code for v in figures.villages),
        _year(figures.fiscal_year), _made(today),
        [
            DistrictSection(_("The district in figures"), [_totals(figures.total),
                                                           *_monthly(figures.total)]),
            indicators_section(found),
            DistrictSection(_("Occupation groups and OTOP"), _groups(figures.total)),
            DistrictSection(_("By subdistrict"), [chart, subs]),
            DistrictSection(_("By village"), [_per_village(figures.villages)]),
        ],
    )  # fmt: skip


def village_document(
    ws: Workspace, village: str, year: int | None, today: dt.date
) -> DistrictDocument:
    from sammachip_tui.reports.district_figures import village_figures

    v = village_figures(ws, village, today=today, fiscal_year=year)
    from sammachip_tui.model.plan_records import fiscal_year_of

    return DistrictDocument(
        _title("village"), _village_place(v.code, v.name), _year(year or fiscal_year_of(today)),
        _made(today),
        [
            DistrictSection(_("The village in figures"), [_totals(v.total), *_monthly(v.total)]),
            DistrictSection(_("Occupation groups and OTOP"), _groups(v.total)),
        ],
    )  # fmt: skip


def _indicator_rows(items: list[Indicator]) -> list[list[Cell]]:
    from sammachip_tui.reports.indicators import RATING_LABELS, goal_text, ratio_text, value_text

    return [[i.name, ratio_text(i), value_text(i), goal_text(i), _(RATING_LABELS[i.rating])]
            for i in items]  # fmt: skip


def _indicator_header() -> list[str]:
    return [_("Indicator"), _("Numerator / denominator"), _("Value"), _("Goal"), _("Rating")]


def indicators_section(found: list[Indicator]) -> DistrictSection:
    """The three indicators against their goals: a chart and the table of their figures."""
    return DistrictSection(_("The programme's indicators"), [
        Chart(_("Each indicator against its goal"),
              goals=[_goal_bar(i.name, i) for i in found]),
        DataTable(_("Indicators"), _indicator_header(), _indicator_rows(found)),
    ])  # fmt: skip


def _goal_bar(label: str, i: Indicator) -> GoalBar:
    from sammachip_tui.reports.indicators import RATING_LABELS, goal_text, value_text

    text = f"{value_text(i)} ({_('goal')} {goal_text(i)}): {_(RATING_LABELS[i.rating])}"
    value = None if i.value is None else i.value * 100
    return GoalBar(label, value, i.goal * 100, i.rating.value, text)


def indicators_document(
    ws: Workspace, villages: list[str] | None, year: int | None, today: dt.date
) -> DistrictDocument:
    from sammachip_tui.model.plan_records import fiscal_year_of
    from sammachip_tui.reports.indicators import type_label

    fiscal_year = year or fiscal_year_of(today)
    found = indicators_of(ws, fiscal_year, villages)
    header = _indicator_header()
    sections = [indicators_section(found)]
    for i in found:
        parts = [(type_label(k), part) for k, part in i.by_type.items()]
        rows = [[label, *_indicator_rows([part])[0][1:]] for label, part in parts]
        blocks: list[Block] = [
            f"{_('Definition')}: {i.definition}",
            DataTable(i.name[:31], header, _indicator_rows([i])),
        ]
        if parts:
            bars = [_goal_bar(label, part) for label, part in parts]
            blocks.append(Chart(_("By occupation type"), goals=bars))
            by_type = [_("Occupation type"), *header[1:]]
            blocks.append(DataTable(f"{_('By type')} {KEY_NUMBERS[i.key]}", by_type, rows))
        sections.append(DistrictSection(i.name, blocks))
    place = _district_place(ws.villages() if villages is None else villages)
    return DistrictDocument(_title("indicators"), place, _year(fiscal_year), _made(today),
                            sections)  # fmt: skip


KEY_NUMBERS = {"practising": "1", "income": "2", "groups": "3"}


def indicators_of(ws: Workspace, fiscal_year: int, villages: list[str] | None) -> list[Indicator]:
    from sammachip_tui.reports.indicators import indicators

    return indicators(ws, fiscal_year, villages)


def register_rows_of(ws: Workspace, villages: list[str] | None) -> list[RegisterRow]:
    from sammachip_tui.reports.group_register import register_rows

    rows = register_rows(ws)
    wanted = None if villages is None else set(villages)
    return [r for r in rows if wanted is None or r.village_code in wanted]


def register_document(
    ws: Workspace, villages: list[str] | None, today: dt.date
) -> DistrictDocument:
    """The register's own table (``group_register.register_table``) as a document."""
    from sammachip_tui.reports.group_register import register_table

    rows = register_rows_of(ws, villages)
    table = register_table(rows)
    body: list[list[Cell]] = [[c if isinstance(c, str | int | float) else str(c) for c in r]
                              for r in table[1:]]  # fmt: skip
    data = DataTable(_("Groups"), [str(h) for h in table[0]], body, frozenset({0}))
    place = _district_place(ws.villages() if villages is None else villages)
    return DistrictDocument(_title("register"), place, "", _made(today),
                            [DistrictSection(_("Occupation groups"), [data])])  # fmt: skip


def build_document(
    ws: Workspace, kind: str, *, year: int | None = None, villages: list[str] | None = None,
    today: dt.date | None = None,
) -> DistrictDocument:  # fmt: skip
    from sammachip_tui import clock

    day = today or clock.today()
    if kind == "district":
        return district_document(ws, villages, year, day)
    if kind == "village":
        if not villages or len(villages) != 1:
            raise ValueError("a village report is of exactly one village")
        return village_document(ws, villages[0], year, day)
    if kind == "indicators":
        return indicators_document(ws, villages, year, day)
    if kind == "register":
        return register_document(ws, villages, day)
    raise ValueError(f"no district report of kind {kind!r}")


def district_report_bytes(
    ws: Workspace, kind: str, fmt: str, *, year: int | None = None,
    villages: list[str] | None = None, today: dt.date | None = None,
) -> bytes:  # fmt: skip
    """The report's file content. The register as .xlsx or CSV is the CDD form's own
    (group_register.py), not a district sheet."""
    if fmt not in formats_of(kind):
        raise ValueError(f"{kind} reports are not written as {fmt}")
    if kind == "register" and fmt in ("xlsx", "csv"):
        from sammachip_tui.reports.group_register import register_bytes

        return register_bytes(register_rows_of(ws, villages), fmt)
    doc = build_document(ws, kind, year=year, villages=villages, today=today)
    if fmt == "html":
        from sammachip_tui.reports.district_html import to_html

        return to_html(doc).encode("utf-8")
    from sammachip_tui.reports.district_docs import to_docx, to_xlsx

    return to_xlsx(doc) if fmt == "xlsx" else to_docx(doc)


def write_district_report(
    ws: Workspace, kind: str, fmt: str, path: Path, *, year: int | None = None,
    villages: list[str] | None = None,
) -> Path:  # fmt: skip
    """Write report ``kind`` ("district", "village", "indicators", "register") as ``fmt``
    ("xlsx", "docx", "html"; the register also "csv") to ``path`` atomically: a failed
    write (a full disk, a read-only card) raises OSError and leaves no file and an older
    one untouched. ``year`` is the fiscal year in พ.ศ. (today's when None); ``villages``
    the selection (every village of the store when None; the one village of a village
    report). What the dashboard's export dialog calls, on a worker thread."""
    atomic_write(path, district_report_bytes(ws, kind, fmt, year=year, villages=villages))
    return path
