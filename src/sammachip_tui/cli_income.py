"""``sammachip households income`` and ``households readings``: a household's income over time.

``income`` records a dated reading (a survey or a visit) the way the household screen's
dialog does, through ``store/income.py``; ``readings`` prints the history and the change since
the first reading with the same words as the screen. A value that cannot be used is said
(field and reason) with exit status 2, and nothing is saved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

# What ``income`` takes before "=", in either language (the reading's fields).
KEYS = {
    "income": "income_month", "income_month": "income_month", "รายได้": "income_month",
    "expense": "expense_month", "expenses": "expense_month", "expense_month": "expense_month",
    "รายจ่าย": "expense_month", "note": "note", "หมายเหตุ": "note", "date": "date",
    "วันที่": "date",
}  # fmt: skip
EXIT_OK = 0


def add_parsers(hsub: Any) -> None:
    """The two commands, under ``sammachip households``."""
    inc = hsub.add_parser(
        "income", help=_("record a dated reading of a household's income and expenses")
    )
    cli_options.village(inc)
    inc.add_argument("--id", required=True, help=_("household id (see households list)"))
    inc.add_argument(
        "values",
        nargs="+",
        metavar="[DATE] FIELD=VALUE",
        help=_("the date (d/m/yyyy, พ.ศ.; today when left out), then income=…, expense=…, note=…"),
    )
    read = hsub.add_parser("readings", help=_("a household's income readings and the change"))
    cli_options.village(read)
    read.add_argument("--id", required=True, help=_("household id (see households list)"))
    read.add_argument(
        "--delete", metavar="READING", help=_("delete this reading (its id: readings --json)")
    )
    cli_options.json_output(read)


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "households" or args.action not in ("income", "readings"):
        return None
    if args.village not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=args.village))
    if ws.record(args.village, "household", args.id) is None:
        raise CliError(
            _("No household {id} in village {code}.").format(id=args.id, code=args.village)
        )
    if args.action == "income":
        return _record(ws, args)
    return _delete(ws, args) if args.delete else _show(ws, args)


def _delete(ws: Workspace, args: argparse.Namespace) -> int:
    """A reading typed by mistake: deleted (a tombstone); when it was the latest, the
    household's figures go back to the reading before."""
    from sammachip_tui.model.household_fields import FieldError
    from sammachip_tui.store.income import delete_reading_changes, readings

    gone = next((r for r in readings(ws, args.village, args.id) if r.id == args.delete), None)
    try:
        ws.commit_built(lambda w: delete_reading_changes(w, args.village, args.id, args.delete))
    except FieldError as exc:
        raise CliError(exc.message) from None
    assert gone is not None
    print(_("Deleted the reading of {date}.").format(date=_be(gone.date.isoformat())))
    return EXIT_OK


def _texts(items: list[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for n, item in enumerate(items):
        name, sep, value = item.partition("=")
        if not sep and n == 0:
            texts["date"] = item
            continue
        key = KEYS.get(name.strip().lower())
        if not sep or key is None:
            message = _("Not FIELD=VALUE with a known field: {item} (fields: {fields})")
            raise CliError(message.format(item=item, fields="income, expense, note, date"))
        texts[key] = value
    return texts


def _record(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.household_fields import FieldError
    from sammachip_tui.model.income_records import ReadingSource
    from sammachip_tui.store.income import readings, typed_reading_changes

    texts = _texts(args.values)
    try:
        ops = ws.commit_built(
            lambda w: typed_reading_changes(w, args.village, args.id, texts, ReadingSource.command)
        )
    except FieldError as exc:
        raise CliError(exc.message) from None
    reading = [op for op in ops if op.kind == "income"][-1]  # after the earlier figures, if any
    day = reading.values["date"]
    print(_("Recorded the reading of {date} for household {id}.").format(
        date=_be(day), id=args.id))  # fmt: skip
    later = [r for r in readings(ws, args.village, args.id) if r.date > dt.date.fromisoformat(day)]
    if later:
        print(_("A later reading exists: the household's figures stay the latest one's."))
    return EXIT_OK


def _be(iso: str) -> str:
    from sammachip_tui.model.thai import format_date_be

    return format_date_be(dt.date.fromisoformat(iso))


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.income import change_text, history, income_change, row_texts

    rows = history(ws, args.village, args.id)
    change = income_change(rows)
    if args.json:
        out = {
            "readings": [
                {"date": r.date.isoformat() if r.date else None, "income_month": r.income,
                 "expense_month": r.expense, "source": r.source.value if r.source else None,
                 "note": r.note, "id": r.reading_id or None}
                for r in rows
            ],
            "growth": None if change is None else change.growth,
            "meets_goal": None if change is None else change.meets_goal,
        }  # fmt: skip
        sys.stdout.write(orjson.dumps(out).decode() + "\n")
        return EXIT_OK
    if not rows:
        print(_("No income or expenses recorded for household {id}.").format(id=args.id))
        return EXIT_OK
    print("\t".join((_("date"), _("income"), _("expenses"), _("from"))))
    for row in rows:
        print("\t".join((*row_texts(row), row.note)).rstrip("\t"))
    print(change_text(change))
    return EXIT_OK
