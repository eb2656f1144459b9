"""Import a household list (CSV) as officers bring it.

Thai or English headers, a BOM or none, Thai digits anywhere digits go. Every row is checked
on its own: a bad row is reported with its line number and reason and left out, the good rows
go in, all in one journaled commit (one fsync). A household already in the register (same
national ID, else same house code, else same house number and name) is updated where the file
differs and otherwise left alone, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.model.areas import load_areas
from sammachip_tui.model.household_columns import BY_FIELD, header_map, is_masked
from sammachip_tui.model.household_fields import FieldError, parse_values, validate_household
from sammachip_tui.model.records import Household, LegalBasis
from sammachip_tui.store.register import village_change
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


def read_text(path: Path) -> str:
    """Decode a CSV as officers save it: UTF-8 with or without BOM, else Windows Thai."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("{path} is not a text file in UTF-8 or TIS-620.").format(path=path))


def parse_rows(
    text: str,
    *,
    legal_basis: LegalBasis = LegalBasis.public_task,
    today: dt.date | None = None,
) -> tuple[list[ParsedRow], list[RowError], list[str]]:
    """Parse and validate every row. Returns (good rows, bad rows, unknown headers)."""
    today = today or clock.today()
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise ImportFileError(_("Not a CSV file: {reason}").format(reason=exc)) from exc
    mapping, unknown = header_map(headers)
    missing = [f for f in ("village_code", "first_name") if f not in mapping.values()]
    if missing:
        names = ", ".join(f"{BY_FIELD[f].thai} ({BY_FIELD[f].english})" for f in missing)
        raise ImportFileError(
            _("The header row lacks required columns: {names}").format(names=names)
        )
    areas = load_areas()
    columns = frozenset(mapping.values())
    good: list[ParsedRow] = []
    bad: list[RowError] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            values = {name: row[i].strip() for i, name in mapping.items() if i < len(row)}
            household, problems = _row_to_household(values, legal_basis, today)
            if household is not None and areas.village_place(household.village_code) is None:
                problems.append(
                    _("unknown village code {code}").format(code=household.village_code)
                )
            if problems:
                bad.append(RowError(line, "; ".join(problems)))
            elif household is not None:
                good.append(ParsedRow(line, household, columns))
    except csv.Error as exc:
        bad.append(RowError(reader.line_num, _("Not a CSV file: {reason}").format(reason=exc)))
    return good, bad, unknown


def _row_to_household(
    values: dict[str, str], legal_basis: LegalBasis, today: dt.date
) -> tuple[Household | None, list[str]]:
    # A masked export's x-xxxx-xxxxx-70-8 is not a value.
    texts = {k: v for k, v in values.items() if not (k == "national_id" and is_masked(v))}
    data, problems = parse_values(texts)
    if not values.get("first_name"):
        problems.append(_("first name is missing"))
    if not values.get("village_code"):
        problems.append(_("village code is missing"))
    data.setdefault("legal_basis", legal_basis)
    data.setdefault("consent_date", today)
    if problems:
        return None, problems
    try:
        return validate_household(data), []
    except FieldError as exc:
        return None, [exc.message]


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
) -> ImportReport:
    """Import ``path`` into the workspace; see the module docstring for the rules."""
    good, bad, unknown = parse_rows(read_text(path), legal_basis=legal_basis, today=today)
    report = ImportReport(rows=len(good) + len(bad), errors=list(bad), ignored_columns=unknown)
    changes: list[Change] = []
    known: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    seen_in_file: dict[tuple[str, tuple[str, str]], int] = {}
    for row in good:
        h = row.household
        village = h.village_code
        if village not in known:
            known[village] = _index(ws, village)
            if ws.record(village, "village", village) is None:
                changes.append(village_change(village))
                report.villages_created.append(village)
        duplicate = next(
            (seen_in_file[(village, k)] for k in _identity(h) if (village, k) in seen_in_file),
            None,
        )
        if duplicate is not None:
            report.errors.append(
                RowError(row.line, _("the same household as line {line}").format(line=duplicate))
            )
            continue
        for key in _identity(h):
            seen_in_file[(village, key)] = row.line
        existing = next((known[village][k] for k in _identity(h) if k in known[village]), None)
        values = h.fields()
        if existing is None:
            changes.append(Change("household", village, values))
            report.created += 1
            continue
        # Only what the file has a column for; a blank or masked ID never erases a stored one.
        values = {k: v for k, v in values.items() if k in row.columns}
        if not h.national_id:
            values.pop("national_id", None)
        diff = {k: v for k, v in values.items() if existing.get(k) != v}
        if diff:
            changes.append(Change("household", village, diff, record=existing["id"]))
            report.updated += 1
        else:
            report.unchanged += 1
    report.errors.sort(key=lambda e: e.line)
    if changes:
        ws.commit(changes)
    return report


def _index(ws: Workspace, village: str) -> dict[tuple[str, str], dict[str, Any]]:
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for record in ws.records(village, "household"):
        for key in _identity(Household.from_record(record)):
            index.setdefault(key, record)
    return index
