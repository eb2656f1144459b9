"""What the officer taught the proposer, as the matcher applies it.

The officer reviewing proposals knows things no word list does: that two proposals are one
occupation written two ways (merge), that one proposal mixes two (split), that a text is no
occupation a group forms around (exclude). Each lesson is an ``OccupationLesson`` record of
the district (model/records.py), so it applies in every village and on every device; this
module turns the lessons into what the matcher needs, without the store:

* ``overrides``: the key of each text (``text_key``: however it is typed) → the family it
  belongs to now, or None for "not a group occupation". The latest lesson about a text wins
  (by its stamp, the same order on every device); a deleted lesson (undone) counts for nothing,
  so the proposals come back as they were.
* ``taught_crafts``: the families a split makes (``taught:<lesson id>``), to add to the lexicon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sammachip_tui.grouping.lexicon import Craft
from sammachip_tui.grouping.text import text_key
from sammachip_tui.i18n import N_
from sammachip_tui.model.taxonomy import OccupationType, OtopCategory

TAUGHT = "taught:"  # key prefix of a family a split made
MERGE, SPLIT, EXCLUDE = "merge", "split", "exclude"
KIND_LABELS = {MERGE: N_("merged"), SPLIT: N_("split off"), EXCLUDE: N_("not a group occupation")}


@dataclass(frozen=True)
class Lesson:
    id: str
    kind: str  # MERGE, SPLIT or EXCLUDE
    texts: tuple[str, ...]
    family: str = ""  # merge: the family the texts join
    name: str = ""  # split: the new family's Thai name
    occupation_type: str = ""  # split: its occupation type, "" when not said
    stamp: str = ""  # when it was taught: later lessons win
    deleted: bool = False

    @property
    def target(self) -> str | None:
        """The family its texts belong to (None: not a group occupation)."""
        if self.kind == SPLIT:
            return TAUGHT + self.id
        if self.kind == MERGE:
            return self.family
        return None


def in_order(lessons: Iterable[Lesson]) -> list[Lesson]:
    """The lessons still in force, earliest first (ties by id: the same on every device)."""
    return sorted((x for x in lessons if not x.deleted), key=lambda x: (x.stamp, x.id))


def overrides(lessons: Iterable[Lesson]) -> dict[str, str | None]:
    """``text_key`` of a text → its family key, or None when it is not a group occupation."""
    out: dict[str, str | None] = {}
    for lesson in in_order(lessons):
        said = lesson.kind in (SPLIT, EXCLUDE) or (lesson.kind == MERGE and lesson.family)
        if not said:
            continue  # a kind of a newer version, or a merge into no family
        for text in lesson.texts:
            key = text_key(text)
            if key:
                out[key] = lesson.target
    return out


def taught_crafts(lessons: Iterable[Lesson]) -> list[Craft]:
    """The families the officer's splits made, to add to the lexicon."""
    out = []
    for lesson in in_order(lessons):
        if lesson.kind != SPLIT:
            continue
        otype = (
            OccupationType(lesson.occupation_type)
            if lesson.occupation_type in OccupationType.__members__
            else None
        )
        name = lesson.name or lesson.texts[0]
        out.append(Craft(TAUGHT + lesson.id, name, name, (), otype, OtopCategory.none, False))
    return out
