"""Import a household list (CSV) as officers bring it.

Thai or English headers, a BOM or none, UTF-8, UTF-16 or Windows Thai, Thai digits anywhere
digits go. Every row is checked on its own (``store.csv_rows`` keeps a damaged row from
spoiling the next): a bad row is reported with its line number and reason and left out, the
good rows go in, all validated first and then written in one journaled commit (one fsync). A
household already in the register (same national ID, else same house code, else same house
number and name) is updated where the file differs and otherwise left alone, so importing the
same file twice adds nothing. An empty cell never erases a stored value (a cut or misaligned
row once set names, phones and incomes to nothing): only ``blank_clears`` makes an empty
cell mean "clear it". A header that names a column twice refuses the whole file.
"""

from __future__ import annotations

import datetime as dt
import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import os_error_text
from sammachip_tui.model.areas import load_areas
from sammachip_tui.model.household_columns import (
    BY_FIELD,
    header_map,
    is_masked,
    repeated_columns,
    spreadsheet_column,
)
from sammachip_tui.model.household_fields import (
    FieldError,
    column_label,
    parse_values,
    validate_household,
)
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.model.records import Household, LegalBasis
from sammachip_tui.reports.spreadsheet import restore_cell
from sammachip_tui.store.csv_rows import CsvTextError, read_rows
from sammachip_tui.store.ids import record_id
from sammachip_tui.store.income import figure_changes, first_reading_change
from sammachip_tui.store.latest_income import FIGURES
from sammachip_tui.store.register import village_change
from sammachip_tui.store.text_encodings import EncodingError, decode_text
from sammachip_tui.store.workspace import Change, Workspace


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, not CSV, no usable header)."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    villages_created: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class ParsedRow:
    line: int
    household: Household
    columns: frozenset[str]  # fields the file has a column for
    filled: frozenset[str]  # fields whose cell in this row is not empty (nor a masked ID)
    # The row's survey date (a date column), which dates its income reading; None: the day
    # of the import.
    reading_date: dt.date | None = None


MAX_IMPORT_BYTES = 256 * 2**20  # a province's households are a few MB


def read_text(path: Path) -> str:
    """Decode a CSV as officers save it (see ``store.text_encodings``). Only a regular file
    of at most 256 MiB: a pipe or a device (``/dev/zero``) would never end."""
    try:
        if path.exists() and not path.is_file():
            raise IsADirectoryError(errno.EISDIR, _("not a regular file"), str(path))
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise OSError(errno.EFBIG, _("larger than 256 MiB"), str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read {path}: {reason}").format(path=path, reason=os_error_text(exc))
        ) from exc
    try:
        return decode_text(raw)
    except EncodingError as exc:
        if exc.encoding:
            message = _("{path} looks like {encoding} text but is damaged; save it again as "
                        "CSV UTF-8 and import that.")  # fmt: skip
            raise ImportFileError(
                message.format(path=path, encoding=exc.encoding.upper())
            ) from None
        raise ImportFileError(
            _("{path} is not a text file in UTF-8, UTF-16 or TIS-620; save it as CSV UTF-8 and "
              "import that.").format(path=path)
        ) from None  # fmt: skip


def parse_rows(
    text: str,
    *,
    legal_basis: LegalBasis = LegalBasis.public_task,
    today: dt.date | None = None,
) -> tuple[list[ParsedRow], list[RowError], list[str]]:
    """Parse and validate every row. Returns (good rows, bad rows, unknown headers)."""
    today = today or clock.today()
    try:
        headers, rows = read_rows(text)
    except CsvTextError as exc:
        raise ImportFileError(str(exc)) from None
    _check_header(headers)
    mapping, unknown = header_map(headers)
    areas = load_areas()
    columns = frozenset(mapping.values())
    good: list[ParsedRow] = []
    bad: list[RowError] = []
    for row in rows:
        if row.problem:
            bad.append(RowError(row.line, row.problem))
            continue
        values = {name: restore_cell(row.cells[i].strip()) for i, name in mapping.items()}
        household, problems, day = _row_to_household(values, legal_basis, today)
        if household is not None and areas.village_place(household.village_code) is None:
            problems.append(_("unknown village code {code}").format(code=household.village_code))
        if problems:
            bad.append(RowError(row.line, "; ".join(problems)))
        elif household is not None:
            filled = frozenset(
                k for k, v in values.items() if v and not (k == "national_id" and is_masked(v))
            )
            good.append(ParsedRow(row.line, household, columns, filled, day))
    return good, bad, unknown


def _check_header(headers: tuple[str, ...]) -> None:
    """Refuse a header without the columns every row needs, or naming a column twice."""
    mapping, _unknown = header_map(headers)
    missing = [f for f in ("village_code", "first_name") if f not in mapping.values()]
    if missing:
        names = ", ".join(f"{BY_FIELD[f].thai} ({BY_FIELD[f].english})" for f in missing)
        raise ImportFileError(
            _("The header row lacks required columns: {names}").format(names=names)
        )
    for name, where in repeated_columns(headers).items():
        column = BY_FIELD[name]
        positions = ", ".join(f"{i + 1} ({spreadsheet_column(i)}: {headers[i]})" for i in where)
        message = _("The header row names {column} more than once, in columns {positions}; "
                    "keep the one that holds the data and import again.")  # fmt: skip
        label = _(column.label)
        named = column.thai if label == column.thai else f"{column.thai} ({label})"
        raise ImportFileError(message.format(column=named, positions=positions))


def _row_to_household(
    values: dict[str, str], legal_basis: LegalBasis, today: dt.date
) -> tuple[Household | None, list[str], dt.date | None]:
    # A masked export's x-xxxx-xxxxx-70-8 is not a value.
    texts = {k: v for k, v in values.items() if not (k == "national_id" and is_masked(v))}
    data, problems = parse_values(texts)
    day = data.pop("reading_date", None)
    if day is not None and day > today:
        problems.append(
            _("{column} is after today: {value}").format(
                column=column_label("reading_date"), value=values["reading_date"]
            )
        )
    if not values.get("first_name"):
        problems.append(_("first name is missing"))
    if not values.get("village_code"):
        problems.append(_("village code is missing"))
    data.setdefault("legal_basis", legal_basis)
    data.setdefault("consent_date", today)
    if problems:
        return None, problems, None
    try:
        return validate_household(data), [], day
    except FieldError as exc:
        return None, [exc.message], None


def _identity(h: Household) -> list[tuple[str, str]]:
    keys = []
    if h.national_id:
        keys.append(("nid", h.national_id))
    if h.house_code:
        keys.append(("house", h.house_code))
    keys.append(("name", f"{h.house_no}|{h.first_name}|{h.last_name}"))
    return keys


def import_households(
    ws: Workspace,
    path: Path,
    *,
    legal_basis: LegalBasis = LegalBasis.public_task,
    today: dt.date | None = None,
    blank_clears: bool = False,
) -> ImportReport:
    """Import ``path`` into the workspace; see the module docstring for the rules.
    ``blank_clears``: an empty cell clears the stored value (never a national ID)."""
    good, bad, unknown = parse_rows(read_text(path), legal_basis=legal_basis, today=today)
    report = ImportReport(rows=len(good) + len(bad), errors=list(bad), ignored_columns=unknown)
    imported_on = today or clock.today()

    def build(ws: Workspace) -> list[Change]:
        # Records made new come first, each one operation, so the id each new household gets
        # is known before the commit: its first reading names it, in the same commit.
        made: list[Change] = []
        updates: list[Change] = []
        known: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
        seen_in_file: dict[tuple[str, tuple[str, str]], int] = {}
        for row in good:
            h = row.household
            village = h.village_code
            day = row.reading_date or imported_on
            if village not in known:
                known[village] = _index(ws, village)
                if ws.record(village, "village", village) is None:
                    made.append(village_change(village))
                    report.villages_created.append(village)
            duplicate = next(
                (seen_in_file[(village, k)] for k in _identity(h) if (village, k) in seen_in_file),
                None,
            )
            if duplicate is not None:
                report.errors.append(
                    RowError(
                        row.line, _("the same household as line {line}").format(line=duplicate)
                    )
                )
                continue
            for key in _identity(h):
                seen_in_file[(village, key)] = row.line
            existing = next((known[village][k] for k in _identity(h) if k in known[village]), None)
            values = h.fields()
            if existing is None:
                made.append(Change("household", village, values))
                # A file with a date column: the figures as a reading of that day. Without one
                # they are dated by the day they were stored (store/income.py
                # ``earlier_reading``): 200 readings more would cost the village's bundle a
                # QR frame, and say nothing the household's own figures do not.
                rid = record_id(ws.device.device_id, ws.sequence + len(made))
                if row.reading_date is not None:
                    first = first_reading_change(values, rid, ReadingSource.imported, day)
                    if first is not None:
                        made.append(first)
                report.created += 1
                continue
            # Only what the row has a value for (or, asked, a column for); a blank or masked
            # ID never erases a stored one. Income and expenses: a dated reading when they
            # differ from what was known on the row's date.
            given = row.columns if blank_clears else row.filled
            values = {k: v for k, v in values.items() if k in given}
            if not h.national_id:
                values.pop("national_id", None)
            figures = {k: values.pop(k) for k in FIGURES if k in values}
            diff = {k: v for k, v in values.items() if existing.get(k) != v}
            readings = figure_changes(
                ws, village, existing["id"], {k: v for k, v in figures.items() if v != -1},
                ReadingSource.imported, day,
            )  # fmt: skip
            blanked = {k: v for k, v in figures.items() if v == -1 and existing.get(k) != v}
            diff.update(blanked)  # --blank-clears: the figure is not known (no reading)
            if diff:
                updates.append(Change("household", village, diff, record=existing["id"]))
            updates.extend(readings)
            if diff or readings:
                report.updated += 1
            else:
                report.unchanged += 1
        return made + updates

    ws.commit_built(build)
    report.errors.sort(key=lambda e: e.line)
    return report


def _index(ws: Workspace, village: str) -> dict[tuple[str, str], dict[str, Any]]:
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for record in ws.records(village, "household"):
        for key in _identity(Household.from_record(record)):
            index.setdefault(key, record)
    return index
