"""The district figures and the indicators as tables: a header and rows of cells.

Every format of the district reports is made from these tables (CSV here; the Excel, Word and
HTML writers reuse the same rows), so a figure reads the same in each, under the same heading.
Cells are text or numbers (a share is a fraction, 0–1, that a spreadsheet formats as %; CSV
writes it with one decimal). No figure is counted here: reports/district_figures.py and
reports/indicators.py count, these only lay them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.group_records import STAGE_LABELS, GroupStage
from sammachip_tui.model.taxonomy import OTOP_LABELS, OtopCategory
from sammachip_tui.reports.district_figures import (
    DistrictFigures,
    Figures,
    SubdistrictFigures,
    VillageFigures,
)
from sammachip_tui.reports.indicators import (
    RATING_LABELS,
    Indicator,
    goal_text,
    type_label,
    value_text,
)
from sammachip_tui.reports.spreadsheet import csv_bytes
from sammachip_tui.store.village_counts import village_label

Cell = str | int | float


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]

    def all_rows(self) -> list[list[Cell]]:
        """The header, then the rows (what a CSV or a sheet holds)."""
        return [list(self.header), *self.rows]


# The columns of the per-village table, in order: (msgid of the heading, the figure).
COUNT_COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("number of villages"), "villages"),
    (N_("households"), "households"),
    (N_("sammachip households"), "sammachip"),
    (N_("trained"), "trained"),
    (N_("volunteers"), "volunteers"),
    (N_("followed up"), "followed_up"),
    (N_("practising"), "practising"),
    (N_("forums held"), "forums"),
    (N_("forums this fiscal year"), "forums_in_year"),
    (N_("groups"), "groups"),
    (N_("groups established"), "established_groups"),
    (N_("OTOP products"), "products"),
    (N_("OTOP applied"), "otop_applied"),
    (N_("OTOP registered"), "otop_registered"),
)


def share(part: int, whole: int) -> float | str:
    """``part`` of ``whole`` as a fraction; "" (not 0) when there is no whole."""
    return round(part / whole, 4) if whole else ""


def _counts(f: Figures) -> list[Cell]:
    cells: list[Cell] = [getattr(f, name) for _label, name in COUNT_COLUMNS]
    cells.insert(3, share(f.sammachip, f.households))
    cells += [f.groups_by_stage.get(s.value, 0) for s in GroupStage]
    return cells


def _count_header() -> list[str]:
    names = [_(label) for label, _name in COUNT_COLUMNS]
    names.insert(3, _("sammachip share"))
    return names + [_("groups: {stage}").format(stage=_(STAGE_LABELS[s])) for s in GroupStage]


def district_table(figures: DistrictFigures) -> Table:
    """One row per village, a subtotal row per subdistrict after its villages, and the total
    of the selection last; the level of each row in the first column."""
    header = [_("level"), _("subdistrict code"), _("subdistrict"), _("village code"),
              _("village"), *_count_header()]  # fmt: skip
    rows: list[list[Cell]] = []
    for sub in figures.subdistricts:
        for v in sub.villages:
            rows.append([_("village"), sub.code, sub.name, v.code, village_label(v.code, v.name),
                         *_counts(v.total)])  # fmt: skip
        rows.append([_("subdistrict"), sub.code, sub.name, "", "", *_counts(sub.total)])
    rows.append([_("district"), "", "", "", "", *_counts(figures.total)])
    title = _("District figures, fiscal year {year}").format(year=figures.fiscal_year)
    return Table(title, header, rows)


def breakdown_table(node: DistrictFigures | SubdistrictFigures | VillageFigures) -> Table:
    """The groups (not dissolved) by occupation type and by OTOP category, and the OTOP
    products by stars: (what, which, how many)."""
    f = node.total
    rows: list[list[Cell]] = []
    for kind, n in f.groups_by_type.items():
        rows.append([_("groups by occupation type"), type_label(kind), n])
    for category, n in f.groups_by_otop.items():
        rows.append([_("groups by OTOP category"), otop_label(category), n])
    for stars, n in f.stars.items():
        rows.append([_("OTOP products by stars"), "★" * int(stars), n])
    return Table(_("Groups and products"), [_("breakdown"), _("which"), _("number")], rows)


def otop_label(category: str) -> str:
    try:
        return _(OTOP_LABELS[OtopCategory(category)])
    except ValueError:
        return _("no OTOP category")


def monthly_table(f: Figures) -> Table:
    """The monthly series: one row per month."""
    m = f.monthly
    rows: list[list[Cell]] = [
        [month, forums, readings, follow_ups]
        for month, forums, readings, follow_ups in zip(
            m.months, m.forums, m.readings, m.follow_ups, strict=True
        )
    ]
    header = [_("month"), _("forums held"), _("income readings"), _("follow-ups")]
    return Table(_("Per month"), header, rows)


def village_table(v: VillageFigures, fiscal_year: int) -> Table:
    """One village's figures as (figure, value) rows."""
    rows: list[list[Cell]] = [[_("village"), village_label(v.code, v.name)],
                              [_("village code"), v.code]]  # fmt: skip
    rows += [[h, c] for h, c in zip(_count_header(), _counts(v.total), strict=True)]
    title = _("Village figures, fiscal year {year}").format(year=fiscal_year)
    return Table(title, [_("figure"), _("value")], rows)


def indicator_table(found: Iterable[Indicator]) -> Table:
    """Each indicator, then its parts by occupation type (indented by the type's name)."""
    header = [_("indicator"), _("occupation type"), _("numerator"), _("denominator"),
              _("value"), _("goal"), _("rating"), _("definition")]  # fmt: skip
    items = list(found)
    rows: list[list[Cell]] = []
    for i in items:
        rows.append(_indicator_row(i, ""))
        for kind, part in i.by_type.items():
            rows.append(_indicator_row(part, type_label(kind)))
    year = items[0].fiscal_year if items else 0
    return Table(_("Programme indicators, fiscal year {year}").format(year=year), header, rows)


def _indicator_row(i: Indicator, kind: str) -> list[Cell]:
    # Income's numerator is the households' changes added up (fractions): as a per cent, or
    # one household at +3% read "0.0" in a spreadsheet's number format.
    numerator: Cell = f"{i.numerator * 100:+.1f}%" if i.key == "income" else int(i.numerator)
    return [i.name, kind, numerator, i.denominator, value_text(i), goal_text(i),
            _(RATING_LABELS[i.rating]), i.definition if not kind else ""]  # fmt: skip


def csv_of(*tables: Table) -> bytes:
    """Tables as one CSV for a spreadsheet (UTF-8 with BOM), a blank line between them."""
    rows: list[list[Cell]] = []
    for n, t in enumerate(tables):
        if n:
            rows.append([])
        rows += t.all_rows()
    return csv_bytes(rows)
