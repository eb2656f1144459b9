"""Village forums (เวทีประชาคม) and what was said at them, as the screens and the CLI change them.

Each function that changes something returns a ``Change`` (or None when nothing would
change) and raises ``FieldError`` with a message ready to show when a value cannot be used,
so a bad value never reaches the journal. Functions that read the current state to build a
change (a vote, a move, attendance) are meant to run on the store's writer thread through
``Workspace.submit_edit``, so that quick presses add up.

Items are records of their own, not a list inside the forum: two facilitators typing into
the same forum on two devices each add records, and merging keeps them all. An item's place
in its list is a number (``position``): a new item takes ``Workspace.ordinal()``, which
follows the hybrid clock, so it lands at the end without reading the list and items from two
devices interleave in the order they were said; moving an item gives it a number between
its new neighbours, one change that merges like any other field. Attendance records have an id made
of the forum and the household, so two devices ticking the same household agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from sammachip_tui import clock
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import quoted
from sammachip_tui.model.household_fields import FieldError, control_character
from sammachip_tui.model.records import Forum, ForumItem, ForumList, Household
from sammachip_tui.model.thai import parse_date, parse_number
from sammachip_tui.store.ids import attendance_id as attendance_id
from sammachip_tui.store.workspace import Change, Workspace

ITEM_TEXT_MAX = 500


# ---------------------------------------------------------------------------------- forums
def forums(ws: Workspace, village: str) -> list[Forum]:
    """The village's forums, newest first."""
    found = [Forum.from_record(r) for r in ws.records(village, "forum")]
    return sorted(found, key=lambda f: (f.date, f.id), reverse=True)


def get_forum(ws: Workspace, village: str, forum_id: str) -> Forum | None:
    record = ws.record(village, "forum", forum_id)
    if record is None or record.get("deleted"):
        return None
    return Forum.from_record(record)


def parse_forum_texts(texts: dict[str, str]) -> dict[str, Any]:
    """Forum values from typed texts (date in d/m/yyyy พ.ศ., facilitators comma-separated,
    other attendees a whole number, Thai digits welcome). Only the keys given are parsed."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    blamed: list[str] = []
    for name, text in texts.items():
        text = text.strip()
        if name == "date":
            try:
                values["date"] = parse_date(text)
            except ValueError:
                problems.append(
                    _("Date is not a date (d/m/yyyy): {value}").format(value=quoted(text))
                )
                blamed.append(name)
        elif name == "facilitators":
            values["facilitators"] = [
                p.strip() for p in text.replace("،", ",").split(",") if p.strip()
            ]
        elif name == "other_attendees":
            try:
                number = parse_number(text) if text else 0.0
                if not number.is_integer() or number < 0:
                    raise ValueError(text)
                values["other_attendees"] = int(number)
            except ValueError:
                problems.append(
                    _("Other attendees must be a whole number: {value}").format(value=quoted(text))
                )
                blamed.append(name)
        elif name in ("place", "resolutions"):
            values[name] = text
    if problems:
        raise FieldError("; ".join(problems), blamed[0])
    return values


def new_forum(village: str, values: dict[str, Any]) -> Change:
    """The change that creates a forum of ``village`` (``values`` as parse_forum_texts gives)."""
    values = {"date": clock.today(), **values, "village_code": village}
    try:
        forum = Forum.model_validate(values)
    except ValidationError:
        raise FieldError(_("The forum needs a date.")) from None
    return Change("forum", village, forum.fields())


def forum_edit(ws: Workspace, village: str, forum_id: str, values: dict[str, Any]) -> Change | None:
    """The change that sets forum fields; None when they are already so."""
    record = ws.record(village, "forum", forum_id)
    if record is None:
        raise FieldError(_("No such forum: {id}").format(id=forum_id))
    merged = {**Forum.from_record(record).fields(), **values}
    try:
        new = Forum.model_validate(merged).fields()
    except ValidationError:
        raise FieldError(_("The forum needs a date.")) from None
    changed = {k: new[k] for k in values if record.get(k) != new[k]}
    return Change("forum", village, changed, record=forum_id) if changed else None


# ----------------------------------------------------------------------------------- items
def items(
    ws: Workspace,
    village: str,
    forum_id: str,
    which: ForumList | None = None,
    *,
    include_deleted: bool = False,
) -> list[ForumItem]:
    """A forum's items (of one list, or all), in their order."""
    found = [
        ForumItem.from_record(r)
        for r in ws.records(village, "item", include_deleted=include_deleted)
        if r.get("forum_id") == forum_id and (which is None or r.get("list") == which)
    ]
    return sorted(found, key=lambda i: (i.position, i.id))


def get_item(ws: Workspace, village: str, item_id: str) -> ForumItem:
    record = ws.record(village, "item", item_id)
    if record is None:
        raise FieldError(_("No such item: {id}").format(id=item_id))
    return ForumItem.from_record(record)


def clean_item_text(text: str) -> str:
    """An item's text on one line, single-spaced; FieldError when empty or too long."""
    text = " ".join(text.split())
    if not text:
        raise FieldError(_("Type what was said first: an item cannot be empty."))
    ch = control_character(text)
    if ch is not None:
        raise FieldError(
            _("The item holds an invisible control character (U+{code:04X}); type it again "
              "without it.").format(code=ord(ch))
        )  # fmt: skip
    if len(text) > ITEM_TEXT_MAX:
        raise FieldError(
            _("An item is at most {max} characters; put the rest in its detail.").format(
                max=ITEM_TEXT_MAX
            )
        )
    return text


def add_item(
    ws: Workspace,
    village: str,
    forum_id: str,
    which: ForumList,
    text: str,
    *,
    detail: str = "",
    raised_by: str = "",
    votes: int = 0,
    occupations: Iterable[str] = (),
) -> Change:
    """The change that adds an item at the end of its list."""
    if get_forum(ws, village, forum_id) is None:
        raise FieldError(_("No such forum: {id}").format(id=forum_id))
    position = ws.ordinal()  # after every item there is, without reading the list
    try:
        item = ForumItem(
            village_code=village,
            forum_id=forum_id,
            list=which,
            text=clean_item_text(text),
            detail=detail.strip(),
            raised_by=raised_by.strip(),
            votes=votes,
            occupations=list(occupations),
            position=position,
        )
    except ValidationError:
        raise FieldError(_("Votes must be a whole number, 0 or more.")) from None
    return Change("item", village, item.fields())


def edit_item(ws: Workspace, village: str, item_id: str, values: dict[str, Any]) -> Change | None:
    """The change that sets item fields (text, detail, raised_by, votes, occupations, list)."""
    current = get_item(ws, village, item_id)
    if "text" in values:
        values = {**values, "text": clean_item_text(values["text"])}
    merged = {**current.fields(), **values}
    try:
        new = ForumItem.model_validate(merged).fields()
    except ValidationError:
        raise FieldError(_("Votes must be a whole number, 0 or more.")) from None
    record = ws.record(village, "item", item_id) or {}
    changed = {k: new[k] for k in values if record.get(k) != new[k]}
    return Change("item", village, changed, record=item_id) if changed else None


def parse_votes(text: str) -> int:
    """Votes as typed: a whole number, 0 or more, Arabic or Thai digits."""
    try:
        number = parse_number(text)
    except ValueError:
        number = -1.0
    if not number.is_integer() or number < 0:
        raise FieldError(
            _("Votes must be a whole number, 0 or more: {value}").format(value=quoted(text))
        )
    return int(number)


def vote(ws: Workspace, village: str, item_id: str, delta: int) -> Change | None:
    """Add (or with a negative delta remove) votes; never below zero."""
    current = get_item(ws, village, item_id)
    return edit_item(ws, village, item_id, {"votes": max(0, current.votes + delta)})


def delete_item(ws: Workspace, village: str, item_id: str) -> Change | None:
    return edit_item(ws, village, item_id, {"deleted": True})


def restore_item(ws: Workspace, village: str, item_id: str) -> Change | None:
    return edit_item(ws, village, item_id, {"deleted": False})


def move_item(ws: Workspace, village: str, item_id: str, step: int) -> Change | None:
    """Move an item ``step`` places up (negative) or down its list: one change, a position
    between its new neighbours."""
    item = get_item(ws, village, item_id)
    siblings = [i for i in items(ws, village, item.forum_id, item.list) if i.id != item_id]
    here = next(
        (n for n, i in enumerate(items(ws, village, item.forum_id, item.list)) if i.id == item_id),
        None,
    )
    if here is None:
        return None
    target = max(0, min(len(siblings), here + step))
    if target == here:
        return None
    before = siblings[target - 1].position if target > 0 else None
    after = siblings[target].position if target < len(siblings) else None
    if before is None and after is not None:
        position = after - 1
    elif after is None and before is not None:
        position = before + 1
    elif before is not None and after is not None:
        position = (before + after) / 2
    else:
        return None
    return edit_item(ws, village, item_id, {"position": position})


def ranked(found: Iterable[ForumItem]) -> list[ForumItem]:
    """Most votes first; equal votes keep the list's order."""
    return sorted(found, key=lambda i: (-i.votes, i.position, i.id))


def vote_ranks(ranked_items: list[ForumItem]) -> list[int]:
    """The rank of each item of a ``ranked`` list: equal votes share a rank and the next
    count skips as many (1, 2, 2, 4), so a tie never reads as one item beating another."""
    ranks: list[int] = []
    for n, item in enumerate(ranked_items, 1):
        tied = bool(ranks) and ranked_items[n - 2].votes == item.votes
        ranks.append(ranks[-1] if tied else n)
    return ranks


# ------------------------------------------------------------------------------ attendance
def present(ws: Workspace, village: str, forum_id: str) -> set[str]:
    """Ids of the programme households marked present at a forum."""
    return {
        r["household_id"]
        for r in ws.records(village, "attendance")
        if r.get("forum_id") == forum_id and r.get("present")
    }


def set_present(
    ws: Workspace, village: str, forum_id: str, household_id: str, is_present: bool
) -> Change | None:
    if ws.record(village, "household", household_id) is None:
        raise FieldError(_("No such household: {id}").format(id=household_id))
    rid = attendance_id(forum_id, household_id)
    record = ws.record(village, "attendance", rid)
    if record is None:
        if not is_present:
            return None
        values = {
            "village_code": village,
            "forum_id": forum_id,
            "household_id": household_id,
            "present": True,
        }
        return Change("attendance", village, values, record=rid, create=True)
    if bool(record.get("present")) == is_present:
        return None
    return Change("attendance", village, {"present": is_present}, record=rid)


@dataclass(frozen=True)
class ForumCounts:
    """What the forum list and the screen header show."""

    items: dict[ForumList, int]
    present: int
    households: int
    others: int

    @property
    def attendees(self) -> int:
        return self.present + self.others


@dataclass(frozen=True)
class Turnout:
    """Programme households present at a forum, over the village's programme households.
    Households deleted since are in neither figure. The one count of attendance: the forum
    list, the forum and attendance screens, the record and the CLI all show this."""

    present: int
    households: int


def turnout(ws: Workspace, village: str, forum_id: str) -> Turnout:
    homes = {h["id"] for h in ws.records(village, "household")}
    return Turnout(len(present(ws, village, forum_id) & homes), len(homes))


def forum_counts(ws: Workspace, village: str, forum: Forum) -> ForumCounts:
    counts = dict.fromkeys(ForumList, 0)
    for item in items(ws, village, forum.id):
        counts[item.list] += 1
    here = turnout(ws, village, forum.id)
    return ForumCounts(
        items=counts,
        present=here.present,
        households=here.households,
        others=forum.other_attendees,
    )


def households_by_id(ws: Workspace, village: str) -> dict[str, Household]:
    return {r["id"]: Household.from_record(r) for r in ws.records(village, "household")}
