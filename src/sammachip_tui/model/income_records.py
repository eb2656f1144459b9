"""A household's income and expenses over time (issue 15): dated readings.

The programme's indicator is income growth (average +≥3%, reference/domain.md §1), which one
overwritten value cannot show. Each reading is a record of its own (``IncomeReading``), dated,
with where it came from, so readings typed on two devices both survive a merge. The
household's ``income_month`` and ``expense_month`` stay the latest reading (what every screen
and count already reads); the readings are the history behind them. Values that came by
import are dated by the file's date column if it has one, else by the import date.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import Field, model_validator

from sammachip_tui.i18n import N_
from sammachip_tui.model.labels import register_labels
from sammachip_tui.model.records import Record, register_models

MONEY_MAX = 10_000_000  # baht a month
NOTE_MAX = 2000


class ReadingSource(StrEnum):
    form = "form"  # typed on the household form
    survey = "survey"  # a follow-up survey or visit
    imported = "imported"  # a household file
    mentoring = "mentoring"  # recorded as an outcome of mentoring
    command = "command"  # ``sammachip`` on the command line
    earlier = "earlier"  # the figures kept in the household record itself (no reading)


SOURCE_LABELS = {
    ReadingSource.form: N_("household form"),
    ReadingSource.survey: N_("survey or visit"),
    ReadingSource.imported: N_("imported file"),
    ReadingSource.mentoring: N_("mentoring outcome"),
    ReadingSource.command: N_("command line"),
    ReadingSource.earlier: N_("kept with the household"),
}

GROWTH_GOAL = 0.03
"""The programme's indicator: average household income up by at least 3%."""


class IncomeReading(Record):
    """A household's monthly income and expenses as known on a date."""

    KIND: ClassVar[str] = "income"

    household_id: str = Field(min_length=1)
    date: dt.date
    income_month: float | None = Field(default=None, ge=0, le=MONEY_MAX)
    expense_month: float | None = Field(default=None, ge=0, le=MONEY_MAX)
    source: ReadingSource = ReadingSource.form
    note: str = Field(default="", max_length=NOTE_MAX)
    deleted: bool = False

    @model_validator(mode="after")
    def _says_something(self) -> IncomeReading:
        if self.income_month is None and self.expense_month is None:
            raise ValueError(N_("a reading needs the income or the expenses"))
        return self


INCOME_FIELD_LABELS = {
    "source": N_("from"), "income_month": N_("income a month (baht)"),
    "expense_month": N_("expenses a month (baht)"),
}  # fmt: skip
INCOME_KIND_LABELS = {("income", "household_id"): N_("household")}

register_models((IncomeReading,))
register_labels(
    INCOME_FIELD_LABELS, INCOME_KIND_LABELS, {ReadingSource: SOURCE_LABELS}, (("income", "date"),)
)
