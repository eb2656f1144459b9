"""``sammachip report indicators``, ``report district`` and ``report village``: what a district
office is asked, from reports/district_figures.py and reports/indicators.py (the dashboard
shows the same numbers: neither counts anything itself).

``report indicators`` prints to standard output: a text table (definition, numerator and
denominator, value, goal, rating; then the same by occupation type) or, with ``--json``, the
indicators for other programs. ``report district`` and ``report village`` write a file, as
the other reports do (``--out``, else a new file in the documents folder): CSV here, through
``FORMATS``, where the other formats of the same commands are added.

The documents (.xlsx, .docx and the self-contained .html page: reports/district_report.py,
the same the dashboard's export writes) come in with ``--format`` or an ``--out`` name of
that ending, for all three commands; ``report indicators`` writes one when either is given
and prints as before otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sammachip_tui import cli_options, cli_reports
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

ACTIONS = ("indicators", "district", "village")

Writer = Callable[["Workspace", argparse.Namespace], bytes]
FORMATS: dict[str, dict[str, Writer]] = {"district": {}, "village": {}, "indicators": {}}
"""Per command, format → what writes it (CSV registered below; other formats add theirs)."""


def add_parsers(rsub: Any) -> None:
    """The three commands, under ``report`` (``cli_forum`` makes it)."""
    ind = rsub.add_parser("indicators", help=_("the programme's indicators for a fiscal year"))
    ind.add_argument("--year", help=_("fiscal year (B.E.); default: this one"))
    ind.add_argument(
        "--village", action="append", metavar="CODE",
        help=_("only this village (may be given more than once); default: every village"),
    )  # fmt: skip
    cli_options.json_output(ind)
    ind.add_argument(
        "--format", choices=DOCUMENTS,
        help=_("write a document instead of printing: xlsx (Excel), docx (Word) or html "
               "(a page that prints to PDF); also from the --out name"),
    )  # fmt: skip
    cli_reports._out(ind)
    district = rsub.add_parser("district", help=_("the district's figures per village (CSV)"))
    district.add_argument(
        "--village", action="append", metavar="CODE",
        help=_("only this village (may be given more than once); default: every village"),
    )  # fmt: skip
    _common(district, "district")
    village = rsub.add_parser("village", help=_("one village's figures (CSV)"))
    cli_options.village(village)
    _common(village, "village")


def _common(parser: argparse.ArgumentParser, command: str) -> None:
    parser.add_argument("--year", help=_("fiscal year (B.E.); default: this one"))
    parser.add_argument(
        "--format", choices=sorted(FORMATS[command]) or ["csv"],
        help=_("csv (default, or from the --out name), xlsx (Excel), docx (Word) or html "
               "(a page that prints to PDF)"),
    )  # fmt: skip
    cli_reports._out(parser)


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "report" or args.action not in ACTIONS:
        return None
    if args.action == "indicators" and args.format is None and args.out is None:
        return _indicators(ws, args)
    if args.action == "indicators" and args.json:
        raise CliError(_("--json prints the indicators; --format and --out write a document: "
                         "give one or the other."))  # fmt: skip
    return _file(ws, args)


def _villages(ws: Workspace, codes: list[str] | None) -> list[str] | None:
    """The ``--village`` codes, each one the store holds (else exit 2, nothing printed)."""
    if not codes:
        return None
    stored = set(ws.villages())
    for code in codes:
        if code not in stored:
            raise CliError(_("No village {code} in this workspace.").format(code=code))
    return codes


def _indicators(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.cli_plan import fiscal_year
    from sammachip_tui.reports.indicators import indicators

    year = fiscal_year(args.year)
    found = indicators(ws, year, _villages(ws, args.village))
    if args.json:
        import orjson

        sys.stdout.write(orjson.dumps([_as_json(i) for i in found]).decode() + "\n")
        return 0
    sys.stdout.write(indicator_text(found, year))
    return 0


def _as_json(i: Any) -> dict[str, Any]:
    return {
        "key": i.key, "name": i.name, "definition": i.definition, "fiscal_year": i.fiscal_year,
        "numerator": i.numerator, "denominator": i.denominator, "value": i.value,
        "goal": i.goal, "rating": i.rating.value,
        "by_type": {k: _as_json(p) for k, p in i.by_type.items()},
    }  # fmt: skip


def indicator_text(found: list[Any], year: int) -> str:
    """The indicators as plain text for a terminal: one block per indicator."""
    from sammachip_tui.reports.indicators import RATING_LABELS, goal_text, ratio_text, type_label
    from sammachip_tui.reports.indicators import value_text as shown

    lines = [_("Programme indicators, fiscal year {year}").format(year=year), ""]
    for i in found:
        lines.append(f"{i.name}")
        lines.append(f"  {i.definition}")
        lines.append(
            "  "
            + _("{ratio} = {value} (goal {goal}): {rating}").format(
                ratio=ratio_text(i), value=shown(i), goal=goal_text(i),
                rating=_(RATING_LABELS[i.rating]),
            )
        )  # fmt: skip
        for kind, part in i.by_type.items():
            lines.append(f"    {type_label(kind)}: {ratio_text(part)} = {shown(part)}")
        lines.append("")
    return "\n".join(lines)


def _file(ws: Workspace, args: argparse.Namespace) -> int:
    command = str(args.action)
    if command == "village" and args.village not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=args.village))
    if command in ("district", "indicators"):
        _villages(ws, args.village)
    fmt = cli_reports._format(args, tuple(sorted(FORMATS[command])))
    where = args.village if command == "village" else "all"
    path = cli_reports._target(args, command, where, fmt)
    cli_reports._write(path, FORMATS[command][fmt](ws, args))
    return 0


def _district_csv(ws: Workspace, args: argparse.Namespace) -> bytes:
    from sammachip_tui.cli_plan import fiscal_year
    from sammachip_tui.reports.district_figures import district_figures
    from sammachip_tui.reports.district_tables import csv_of, district_table

    figures = district_figures(ws, args.village or None, fiscal_year=fiscal_year(args.year))
    return csv_of(district_table(figures))


def _village_csv(ws: Workspace, args: argparse.Namespace) -> bytes:
    from sammachip_tui.cli_plan import fiscal_year
    from sammachip_tui.reports.district_figures import village_figures
    from sammachip_tui.reports.district_tables import (
        breakdown_table,
        csv_of,
        monthly_table,
        village_table,
    )

    year = fiscal_year(args.year)
    v = village_figures(ws, args.village, fiscal_year=year)
    return csv_of(village_table(v, year), breakdown_table(v), monthly_table(v.total))


FORMATS["district"]["csv"] = _district_csv
FORMATS["village"]["csv"] = _village_csv

DOCUMENTS = ("docx", "html", "xlsx")


def _document(kind: str, fmt: str) -> Writer:
    """The writer of report ``kind`` as document ``fmt`` (reports/district_report.py)."""

    def write(ws: Workspace, args: argparse.Namespace) -> bytes:
        from sammachip_tui.cli_plan import fiscal_year
        from sammachip_tui.reports.district_report import district_report_bytes

        chosen = [args.village] if kind == "village" else (args.village or None)
        return district_report_bytes(ws, kind, fmt, year=fiscal_year(args.year),
                                     villages=chosen)  # fmt: skip

    return write


for _kind in FORMATS:
    for _fmt in DOCUMENTS:
        FORMATS[_kind][_fmt] = _document(_kind, _fmt)
