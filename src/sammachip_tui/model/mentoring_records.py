"""Model households, community sages and mentoring (seed 004: ครัวเรือนต้นแบบ, พี่สอนน้อง).

A household that does an occupation well becomes a model household (ครัวเรือนต้นแบบ), or is
recognised as a community sage (ปราชญ์ชุมชน) or a trained sammachip trainer
(วิทยากรสัมมาชีพชุมชน), for one occupation, with what it can teach (``ModelRole``). A mentor is
paired with a learning household (``Mentoring``); their sessions are recorded
(``MentorSession``: date, topic, who came) and so is what changed for the learner
(``MentorOutcome``: whether it started the occupation, with an income reading of the
household). Each is a record of its own in the learner's village shard (a model role in its
household's), so entries from several devices merge. A mentor may live in another village of
the district (``mentor_village``): the programme spreads model households to other villages.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import Field, field_validator, model_validator

from sammachip_tui.i18n import N_
from sammachip_tui.model.labels import register_labels
from sammachip_tui.model.records import Record, register_models

TEXT_MAX = 2000
NAME_MAX = 200
LEARNERS_MAX = 200


class Role(StrEnum):
    """What a household is recognised as, for one occupation."""

    model_household = "model_household"  # ครัวเรือนต้นแบบ
    sage = "sage"  # ปราชญ์ชุมชน
    trainer = "trainer"  # วิทยากรสัมมาชีพชุมชน: a sage who passed the CDD course


ROLE_LABELS = {
    Role.model_household: N_("model household"),
    Role.sage: N_("community sage"),
    Role.trainer: N_("sammachip trainer"),
}


class ModelRole(Record):
    """A household recognised as a model, a sage or a trainer for an occupation."""

    KIND: ClassVar[str] = "model_role"

    household_id: str = Field(min_length=1)
    role: Role
    occupation: str = Field(min_length=1, max_length=NAME_MAX)  # as the register writes it
    teaches: str = Field(default="", max_length=TEXT_MAX)  # what it can teach
    since: dt.date | None = None
    deleted: bool = False


class Mentoring(Record):
    """A mentor paired with a learning household (พี่สอนน้อง), in the learner's shard."""

    KIND: ClassVar[str] = "mentoring"

    mentor_id: str = Field(min_length=1)  # the mentor's household id
    mentor_village: str = Field(default="", pattern=r"^(\d{8})?$")  # "" = the learner's
    learner_id: str = Field(min_length=1)
    occupation: str = Field(min_length=1, max_length=NAME_MAX)
    started: dt.date
    ended: dt.date | None = None
    note: str = Field(default="", max_length=TEXT_MAX)
    deleted: bool = False

    @model_validator(mode="after")
    def _not_oneself(self) -> Mentoring:
        if self.mentor_id == self.learner_id and not self.mentor_village:
            raise ValueError(N_("a household cannot mentor itself"))
        if self.ended and self.ended < self.started:
            raise ValueError(N_("the pairing ends before it starts"))
        return self


class MentorSession(Record):
    """One session a mentor gave: when, on what, and which learning households came."""

    KIND: ClassVar[str] = "mentor_session"

    mentor_id: str = Field(min_length=1)
    mentor_village: str = Field(default="", pattern=r"^(\d{8})?$")
    date: dt.date
    topic: str = Field(min_length=1, max_length=NAME_MAX)
    learners: list[str] = Field(default_factory=list, max_length=LEARNERS_MAX)  # who came
    hours: float = Field(default=0, ge=0, le=24)
    note: str = Field(default="", max_length=TEXT_MAX)
    deleted: bool = False

    @field_validator("learners")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(v for v in value if v))


class MentorOutcome(Record):
    """What changed for a learning household after mentoring, on a date. The income and
    expenses it was found with are an ``IncomeReading`` of the household (source
    ``mentoring``, ``reading_id``): the household's one history of its figures."""

    KIND: ClassVar[str] = "mentor_outcome"

    mentoring_id: str = Field(min_length=1)
    learner_id: str = Field(min_length=1)
    date: dt.date
    started_occupation: bool = False
    reading_id: str = ""  # the income reading recorded with it, if any
    note: str = Field(default="", max_length=TEXT_MAX)
    deleted: bool = False


MENTORING_FIELD_LABELS = {
    "role": N_("recognised as"), "occupation": N_("occupation"), "teaches": N_("can teach"),
    "mentor_id": N_("mentor"), "mentor_village": N_("mentor's village"),
    "learner_id": N_("learning household"), "started": N_("started"), "ended": N_("ended"),
    "topic": N_("topic"), "learners": N_("who came"), "hours": N_("hours"),
    "mentoring_id": N_("pairing"), "reading_id": N_("income reading"),
    "started_occupation": N_("started the occupation"),
}  # fmt: skip
MENTORING_KIND_LABELS = {("model_role", "household_id"): N_("household")}

register_models((ModelRole, Mentoring, MentorSession, MentorOutcome))
register_labels(
    MENTORING_FIELD_LABELS, MENTORING_KIND_LABELS, {Role: ROLE_LABELS},
    (("model_role", "since"), ("mentoring", "started"), ("mentoring", "ended"),
     ("mentor_session", "date"), ("mentor_outcome", "date")),
)  # fmt: skip
