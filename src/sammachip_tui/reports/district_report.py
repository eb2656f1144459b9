"""The district reports as documents: what ``write_district_report`` writes, for the screen
(the dashboard's export dialog) and ``sammachip report district|village|indicators --format
xlsx|docx|html``.

Four kinds, each built once into a ``DistrictDocument`` and laid out by the writers
(district_docs: .xlsx/.docx, district_html: the self-contained page):

- ``district``: the selection's totals, the three indicators against their goals, its groups
  by stage, occupation type and OTOP category with OTOP stars, the last twelve months, then
  a table per subdistrict and per village;
- ``village``: one village's figures, groups and months;
- ``indicators``: the programme's three indicators of a fiscal year, each with its
  definition, numerator and denominator, value against the goal, rating in words, and its
  breakdown by occupation type;
- ``register``: the CDD group register of the district (``reports/group_register.py``: its
  rows; as .xlsx or CSV the form itself, the one the province asks for).

Nothing is counted or laid out in rows here: the tables are ``reports/district_tables.py``'s
(the CSV report's rows, from ``district_figures`` and ``indicators``, which the dashboard shows
too), so a document, the CSV and the screen never disagree. A workbook gets each table whole;
a page or a Word file shows the columns a reader needs on A4 (by position in the table, as two
headings can read alike in Thai), with charts drawn from the same figures beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from sammachip_tui.i18n import _
from sammachip_tui.model.group_records import STAGE_LABELS, GroupStage
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.reports.district_document import (
    Block,
    Cell,
    Chart,
    DataTable,
    DistrictDocument,
    DistrictSection,
    Share,
)
from sammachip_tui.reports.group_record import place_names
from sammachip_tui.reports.svg_charts import Bar, GoalBar
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.village_counts import village_label

if TYPE_CHECKING:
    from sammachip_tui.reports.district_figures import Figures
    from sammachip_tui.reports.district_tables import Table
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


# -------------------------------------------------------------------------------- tables
def _sheet(t: Table, name: str, columns: list[int] | None = None,
           rows: list[list[Cell]] | None = None) -> DataTable:  # fmt: skip
    """``district_tables``' table as a document's: named ``name`` (a sheet's name), only
    ``columns`` (by position, in that order) when given, only ``rows`` when given; a share
    column or row ("sammachip share") shown as a per cent, number columns as figures."""
    shares = _("sammachip share")
    keep = list(range(len(t.header))) if columns is None else columns
    header = [t.header[i] for i in keep]
    body: list[list[Cell]] = []
    for row in t.rows if rows is None else rows:
        cells = [row[i] for i in keep]
        labelled = bool(cells) and cells[0] == shares  # a (figure, value) table's share row
        body.append([
            Share(c) if isinstance(c, float) and (header[n] == shares or labelled) else c
            for n, c in enumerate(cells)
        ])  # fmt: skip
    numeric = frozenset(
        n for n in range(len(header))
        if any(isinstance(r[n], int | float) for r in body)
        and all(isinstance(r[n], int | float) or r[n] == "" for r in body)
    )  # fmt: skip
    return DataTable(name, header, body, numeric)


PLACE_COLUMNS = ("level", "subdistrict_code", "subdistrict", "village_code", "village")
"""The district table's first columns, before its counts (``district_tables.district_table``)."""


def count_column(figure: str) -> int:
    """Where the district table has ``figure`` (a ``Figures`` field, or "sammachip_share"):
    by position, as headings may read alike in a language (villages / village)."""
    from sammachip_tui.reports.district_tables import COUNT_COLUMNS

    names = [name for _label, name in COUNT_COLUMNS]
    names.insert(3, "sammachip_share")  # where district_tables puts the share
    return len(PLACE_COLUMNS) + names.index(figure)


def _counts_columns(first: list[str]) -> list[int]:
    """The columns a page shows of the district table (the workbook has them all)."""
    figures = (
        "households",
        "sammachip",
        "sammachip_share",
        "trained",
        "volunteers",
        "practising",
        "forums",
        "groups",
        "established_groups",
        "otop_registered",
    )
    places = [PLACE_COLUMNS.index(c) for c in first if c in PLACE_COLUMNS]
    return [*places, *(count_column(c) for c in first if c not in PLACE_COLUMNS),
            *(count_column(f) for f in figures)]  # fmt: skip


def _level(t: Table, level: str) -> list[list[Cell]]:
    return [r for r in t.rows if r and r[0] == level]


def _totals(t: Table) -> DataTable:
    """The selection's total row of the district table, one figure per line."""
    from sammachip_tui.reports.district_tables import Table

    [total] = _level(t, _("district"))
    first = count_column("villages")
    pairs: list[list[Cell]] = [[h, v] for h, v in zip(t.header[first:], total[first:],
                                                      strict=True)]  # fmt: skip
    return _sheet(Table(t.title, [_("figure"), _("value")], pairs), _("Totals"))


# ------------------------------------------------------------------------------ charts
def _bars(counts: Mapping[str, int], label: Callable[[str], str]) -> list[Bar]:
    return [Bar(label(k), float(n)) for k, n in counts.items()]


def _stage_label(value: str) -> str:
    return _(STAGE_LABELS[GroupStage(value)])


def _group_charts(f: Figures) -> list[Block]:
    from sammachip_tui.reports.district_tables import otop_label  # the tables' own words
    from sammachip_tui.reports.indicators import type_label

    return [
        Chart(_("Groups by stage"), bars=_bars(f.groups_by_stage, _stage_label)),
        Chart(_("Groups by occupation type"), bars=_bars(f.groups_by_type, type_label)),
        Chart(_("Groups by OTOP category"), bars=_bars(f.groups_by_otop, otop_label)),
    ]


def _sparks(f: Figures) -> list[Block]:
    """The last twelve months as sparklines (their counts are the monthly table)."""
    m = f.monthly
    return [Chart(name, spark=[float(v) for v in values])
            for name, values in ((_("forums held"), m.forums),
                                 (_("income readings"), m.readings),
                                 (_("follow-ups"), m.follow_ups))]  # fmt: skip


def _goal_bar(label: str, i: Indicator) -> GoalBar:
    from sammachip_tui.reports.indicators import RATING_LABELS, goal_text, value_text

    text = f"{value_text(i)} ({_('goal')} {goal_text(i)}): {_(RATING_LABELS[i.rating])}"
    value = None if i.value is None else i.value * 100
    return GoalBar(label, value, i.goal * 100, i.rating.value, text)


def _indicator_columns() -> list[int]:
    """The indicator table's columns a page shows: all but the definition (said above it);
    (indicator, occupation type, numerator, denominator, value, goal, rating)."""
    return list(range(7))


def indicators_section(found: list[Indicator]) -> DistrictSection:
    """The indicators against their goals: a chart, then the table of their figures."""
    from sammachip_tui.reports.district_tables import indicator_table

    table = indicator_table(found)
    return DistrictSection(_("The programme's indicators"), [
        Chart(_("Each indicator against its goal"), goals=[_goal_bar(i.name, i) for i in found]),
        _sheet(table, _("Indicators"), _indicator_columns(),
               [r for r in table.rows if r[1] == ""]),
    ])  # fmt: skip


# ---------------------------------------------------------------------------- documents
def district_document(
    ws: Workspace, villages: list[str] | None, year: int | None, today: dt.date
) -> DistrictDocument:
    """The totals, the indicators, the groups and OTOP, per subdistrict, per village."""
    from sammachip_tui.model.plan_records import fiscal_year_of
    from sammachip_tui.reports.district_figures import district_figures
    from sammachip_tui.reports.district_tables import (
        breakdown_table,
        district_table,
        indicator_table,
        monthly_table,
    )
    from sammachip_tui.reports.indicators import Tally

    tally = Tally(ws, year or fiscal_year_of(today))  # one read: the figures and indicators
    figures = district_figures(ws, villages, today=today, fiscal_year=tally.fiscal_year,
                               each=tally.add)  # fmt: skip
    found = tally.indicators()
    table = district_table(figures)
    groups, monthly = breakdown_table(figures), monthly_table(figures.total)
    subs = _sheet(table, _("By subdistrict"),
                  _counts_columns(["subdistrict_code", "subdistrict", "villages"]),
                  _level(table, _("subdistrict")))  # fmt: skip
    per_village = _sheet(table, _("By village"),
                         _counts_columns(["village_code", "village", "subdistrict"]),
                         _level(table, _("village")))  # fmt: skip
    chart = Chart(_("Households by subdistrict"),
                  bars=[Bar(s.name, s.total.households) for s in figures.subdistricts])  # fmt: skip
    return DistrictDocument(
        _title("district"), _district_place(v.code for v in figures.villages),
        _year(figures.fiscal_year), _made(today),
        [
            DistrictSection(_("The district in figures"), [
                _totals(table), *_sparks(figures.total), _sheet(monthly, _("By month"))]),
            indicators_section(found),
            DistrictSection(_("Occupation groups and OTOP"), [
                *_group_charts(figures.total), _sheet(groups, _("Groups and products"))]),
            DistrictSection(_("By subdistrict"), [chart, subs]),
            DistrictSection(_("By village"), [per_village]),
        ],
        sheets=[_sheet(table, _("District figures")), _sheet(groups, _("Groups and products")),
                _sheet(monthly, _("By month")), _sheet(indicator_table(found), _("Indicators"))],
    )  # fmt: skip


def village_document(
    ws: Workspace, village: str, year: int | None, today: dt.date
) -> DistrictDocument:
    """One village's figures, its groups and OTOP, its months."""
    from sammachip_tui.model.plan_records import fiscal_year_of
    from sammachip_tui.reports.district_figures import village_figures
    from sammachip_tui.reports.district_tables import (
        breakdown_table,
        monthly_table,
        village_table,
    )

    fiscal_year = year or fiscal_year_of(today)
    v = village_figures(ws, village, today=today, fiscal_year=fiscal_year)
    figures = _sheet(village_table(v, fiscal_year), _("Village figures"))
    groups, monthly = _sheet(breakdown_table(v), _("Groups and products")), _sheet(
        monthly_table(v.total), _("By month"))  # fmt: skip
    return DistrictDocument(
        _title("village"), _village_place(v.code, v.name), _year(fiscal_year), _made(today),
        [
            DistrictSection(_("The village in figures"), [figures, *_sparks(v.total), monthly]),
            DistrictSection(_("Occupation groups and OTOP"), [*_group_charts(v.total), groups]),
        ],
    )  # fmt: skip


def indicators_document(
    ws: Workspace, villages: list[str] | None, year: int | None, today: dt.date
) -> DistrictDocument:
    """The indicators against their goals; then each with its definition and its parts by
    occupation type."""
    from sammachip_tui.model.plan_records import fiscal_year_of
    from sammachip_tui.reports.district_tables import indicator_table
    from sammachip_tui.reports.indicators import type_label

    fiscal_year = year or fiscal_year_of(today)
    found = indicators_of(ws, fiscal_year, villages)
    table = indicator_table(found)
    sections = [indicators_section(found)]
    for i in found:
        blocks: list[Block] = [f"{_('Definition')}: {i.definition}"]
        parts = [(type_label(k), part) for k, part in i.by_type.items()]
        if parts:
            mine = [r for r in table.rows if r[0] == i.name and r[1] != ""]
            bars = [_goal_bar(t, p) for t, p in parts]
            blocks.append(Chart(_("By occupation type"), goals=bars))
            blocks.append(_sheet(table, _("By occupation type"), _indicator_columns(), mine))
        sections.append(DistrictSection(i.name, blocks))
    place = _district_place(ws.villages() if villages is None else villages)
    return DistrictDocument(_title("indicators"), place, _year(fiscal_year), _made(today),
                            sections, sheets=[_sheet(table, _("Indicators"))])  # fmt: skip


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
