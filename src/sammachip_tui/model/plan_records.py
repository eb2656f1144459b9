"""The village action plan (แบบฟอร์มแผนปฏิบัติการสร้างสัมมาชีพชุมชน, issue 15).

One plan per village and fiscal year (``ActionPlan``, its id ``plan-<year>``: the natural key,
so two devices starting the same year's plan make one), and its rows (``PlanRow``), each a
record of its own so that rows typed by two facilitators on two devices both survive a
merge. A row holds the form's columns: project or activity, objective, steps, target group,
place, period, budget, expected result, person responsible. It may come from the forum (a
need or a problem: ``item_id``, whose votes the plan shows) and may stand for a group's
planned activity or training (``group_id`` and ``entry_id``). Deleting is a tombstone.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field, model_validator

from sammachip_tui.i18n import N_
from sammachip_tui.model.labels import register_labels
from sammachip_tui.model.records import Record, register_models

TEXT_MAX = 2000
NAME_MAX = 200
BUDGET_MAX = 1_000_000_000  # baht
YEAR_MIN, YEAR_MAX = 2560, 2700  # พ.ศ.: the programme runs since FY2560


def plan_id(fiscal_year: int) -> str:
    """The id of a village's plan for ``fiscal_year`` (พ.ศ.)."""
    return f"plan-{fiscal_year}"


def fiscal_year_of(day: dt.date) -> int:
    """The Thai government's fiscal year (พ.ศ.) of ``day``: it starts on 1 October."""
    return day.year + 543 + (1 if day.month >= 10 else 0)


class ActionPlan(Record):
    """A village's action plan for one fiscal year: who prepared it, when it was approved."""

    KIND: ClassVar[str] = "plan"

    fiscal_year: int = Field(ge=YEAR_MIN, le=YEAR_MAX)
    title: str = Field(default="", max_length=NAME_MAX)
    prepared_by: str = Field(default="", max_length=NAME_MAX)
    approved: dt.date | None = None  # the forum or meeting that approved it
    deleted: bool = False


class PlanRow(Record):
    """One row of the action plan form."""

    KIND: ClassVar[str] = "plan_row"

    fiscal_year: int = Field(ge=YEAR_MIN, le=YEAR_MAX)
    project: str = Field(min_length=1, max_length=NAME_MAX)  # project or activity
    objective: str = Field(default="", max_length=TEXT_MAX)
    steps: str = Field(default="", max_length=TEXT_MAX)
    target: str = Field(default="", max_length=TEXT_MAX)  # target group
    place: str = Field(default="", max_length=NAME_MAX)
    start: dt.date | None = None  # the period
    end: dt.date | None = None
    budget: float = Field(default=0, ge=0, le=BUDGET_MAX)  # baht
    budget_source: str = Field(default="", max_length=NAME_MAX)  # อบต., an agency, the group
    expected: str = Field(default="", max_length=TEXT_MAX)  # expected result
    responsible: str = Field(default="", max_length=NAME_MAX)  # person responsible
    item_id: str = ""  # the forum item (need or problem) it answers
    group_id: str = ""  # a group whose planned activity or training it is
    entry_id: str = ""  # that activity's or support's id
    position: float = 0  # order on the form
    deleted: bool = False

    @model_validator(mode="after")
    def _period_in_order(self) -> PlanRow:
        if self.start and self.end and self.end < self.start:
            raise ValueError(N_("the period ends before it starts"))
        return self


PLAN_FIELD_LABELS = {
    "fiscal_year": N_("fiscal year (B.E.)"), "prepared_by": N_("prepared by"),
    "approved": N_("approved on"), "project": N_("project or activity"),
    "objective": N_("objective"), "steps": N_("steps"), "target": N_("target group"),
    "place": N_("place"), "start": N_("starts on"), "end": N_("ends on"),
    "budget": N_("budget (baht)"),
    "budget_source": N_("budget source"), "expected": N_("expected result"),
    "responsible": N_("person responsible"), "item_id": N_("forum item"),
    "entry_id": N_("group activity"),
}  # fmt: skip
PLAN_KIND_LABELS = {("plan", "title"): N_("plan title"), ("plan_row", "group_id"): N_("group")}

register_models((ActionPlan, PlanRow))
register_labels(PLAN_FIELD_LABELS, PLAN_KIND_LABELS, past=(("plan", "approved"),))
