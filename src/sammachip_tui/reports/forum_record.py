"""The forum record (บันทึกเวทีประชาคม): what a forum found, as Markdown and as CSV.

Markdown is the record an officer prints or pastes into the district report: the village,
date, place and facilitators, attendance (programme households present over the total, plus
other attendees), problems and needs ranked by votes with the raw counts, resources and local
wisdom in the order they were raised (with the occupations they were linked to), the
resolutions, and who attended. CSV carries one row per item (and one per household present)
for a spreadsheet: UTF-8 with BOM, so that Excel reads the Thai, and every cell that could
start a formula neutralised (``reports.spreadsheet``): items are what villagers said.

Headings and column names follow the interface language. The same ``ForumRecord`` feeds the
summary screen, so the screen and the paper say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sammachip_tui.i18n import _, current_language
from sammachip_tui.model.records import FORUM_LIST_LABELS, Forum, ForumItem, ForumList, Household
from sammachip_tui.model.taxonomy import load_occupations
from sammachip_tui.model.thai import format_date_be
from sammachip_tui.reports.spreadsheet import csv_bytes
from sammachip_tui.store import forum as fs
from sammachip_tui.store.fsutil import atomic_write
from sammachip_tui.store.register import get_village, households, village_label, village_place
from sammachip_tui.store.workspace import Workspace

RANKED_LISTS = (ForumList.problem, ForumList.need)
"""Lists that villagers vote on: shown most votes first."""


@dataclass(frozen=True)
class ForumRecord:
    village_code: str
    village: str  # หมู่ 5 บ้านดอน
    place: str  # ต. อ. จ.
    forum: Forum
    counts: fs.ForumCounts
    lists: dict[ForumList, list[ForumItem]]  # ranked lists already ranked
    attendees: list[Household]

    @property
    def date(self) -> str:
        return format_date_be(self.forum.date)

    def file_stem(self) -> str:
        return f"forum-{self.village_code}-{self.forum.date.isoformat()}"


def build_forum_record(ws: Workspace, village: str, forum_id: str) -> ForumRecord:
    forum = fs.get_forum(ws, village, forum_id)
    if forum is None:
        raise KeyError(forum_id)
    found = fs.items(ws, village, forum_id)
    lists = {which: [i for i in found if i.list == which] for which in ForumList}
    for which in RANKED_LISTS:
        lists[which] = fs.ranked(lists[which])
    here = fs.present(ws, village, forum_id)
    v = get_village(ws, village)
    return ForumRecord(
        village_code=village,
        village=village_label(village, v.name if v else ""),
        place=village_place(village),
        forum=forum,
        counts=fs.forum_counts(ws, village, forum),
        lists=lists,
        attendees=[h for h in households(ws, village) if h.id in here],
    )


def occupation_names(codes: list[str]) -> str:
    """Taxonomy codes as names in the interface language (an unknown code as itself)."""
    by_code = {o.code: o for o in load_occupations()}
    english = current_language() == "en"
    names = []
    for code in codes:
        o = by_code.get(code)
        names.append(code if o is None else (o.name_en if english else o.name_th))
    return ", ".join(names)


def attendance_line(rec: ForumRecord) -> str:
    c = rec.counts
    share = f" ({100 * c.present / c.households:.0f}%)" if c.households else ""
    return _(
        "{present} of {total} programme households{share}, {others} other attendees, "
        "{attendees} in all"
    ).format(present=c.present, total=c.households, share=share, others=c.others,
             attendees=c.attendees)  # fmt: skip


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(rec: ForumRecord) -> str:
    f = rec.forum
    out = [
        "# " + _("Village forum record"),
        "",
        f"**{_md(rec.village)}** · {_md(rec.place)} ({rec.village_code})",
        "",
        f"- {_('Date')}: {rec.date}",
        f"- {_('Venue')}: {_md(f.place) or '—'}",
        f"- {_('Facilitators')}: {_md(', '.join(f.facilitators)) or '—'}",
        f"- {_('Attendance')}: {attendance_line(rec)}",
        "",
    ]
    for which in ForumList:
        entries = rec.lists[which]
        title = _(FORUM_LIST_LABELS[which])
        title = title[:1].upper() + title[1:]  # "Problems" in English; Thai has no case
        if which in RANKED_LISTS:
            title += " " + _("(ranked by votes)")
        out += [f"## {title}", ""]
        if not entries:
            out += ["—", ""]
            continue
        if which in RANKED_LISTS:
            out += [
                f"| {_('Rank')} | {_('Item')} | {_('Votes')} | {_('Detail')} | {_('Raised by')} |",
                "|---:|---|---:|---|---|",
            ]
            out += [  # equal votes share a rank, as on the screen
                f"| {n} | {_md(i.text)} | {i.votes} | {_md(i.detail)} | {_md(i.raised_by)} |"
                for n, i in zip(fs.vote_ranks(entries), entries, strict=True)
            ]
        else:
            out += [
                f"| {_('No.')} | {_('Item')} | {_('Detail')} | {_('Raised by')} | "
                f"{_('Occupations')} |",
                "|---:|---|---|---|---|",
            ]
            out += [
                f"| {n} | {_md(i.text)} | {_md(i.detail)} | {_md(i.raised_by)} | "
                f"{_md(occupation_names(i.occupations))} |"
                for n, i in enumerate(entries, 1)
            ]
        out.append("")
    out += ["## " + _("Resolutions"), "", f.resolutions or "—", ""]
    out += ["## " + _("Programme households present"), ""]
    if rec.attendees:
        out += [f"| {_('House no.')} | {_('Name')} |", "|---|---|"]
        out += [f"| {_md(h.house_no)} | {_md(h.full_name)} |" for h in rec.attendees]
    else:
        out.append("—")
    out.append("")
    return "\n".join(out)


def to_csv(rec: ForumRecord) -> bytes:
    """One row per item, then one per household present; UTF-8 with BOM."""
    rows: list[list[object]] = [[
        _("Village code"), _("Forum date"), _("List"), _("No."), _("Item"), _("Votes"),
        _("Detail"), _("Raised by"), _("Occupations"),
    ]]  # fmt: skip
    for which in ForumList:
        rows += [
            [rec.village_code, rec.date, _(FORUM_LIST_LABELS[which]), n, i.text, i.votes,
             i.detail, i.raised_by, occupation_names(i.occupations)]
            for n, i in enumerate(rec.lists[which], 1)
        ]  # fmt: skip
    rows += [
        [rec.village_code, rec.date, _("present"), n, h.full_name, "", h.house_no, "", ""]
        for n, h in enumerate(rec.attendees, 1)
    ]
    return csv_bytes(rows)


def write_forum_record(rec: ForumRecord, path: Path, fmt: str) -> Path:
    """Write the record as ``fmt`` ("md" or "csv") atomically; returns the path written."""
    data = to_markdown(rec).encode("utf-8") if fmt == "md" else to_csv(rec)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
    return path
