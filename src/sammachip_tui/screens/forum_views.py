"""Read-only views of a forum for the room: the ranked problems and needs, and the summary
shown on a projector (or to a crowd around a laptop) for villagers to check on the spot.

Both read the same ``ForumRecord`` as the exported record, so the screen and the paper agree.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Digits, Header, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.model.records import FORUM_LIST_LABELS, ForumItem, ForumList
from sammachip_tui.reports.forum_record import (
    ForumRecord,
    attendance_line,
    build_forum_record,
    occupation_names,
)
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.store import forum as fs

BAR = 12  # cells of the longest vote bar


def ranked_text(
    items: list[ForumItem], width: int, *, limit: int | None = None, bars: bool = True
) -> Text:
    """Rank, item, votes and a bar, one line each, columns aligned by terminal cells (Thai
    marks take none): the counts stay visible next to the picture. ``items`` come ranked;
    equal votes share a rank (1, 2, 2, 4)."""
    bar = BAR if bars else 0
    text_width = max(10, width - 4 - 6 - (bar + 1 if bar else 0))
    text = Text(no_wrap=True, overflow="crop")
    head = f"{_('Rank'):>4} {_('Item')}"
    text.append(head + " " * max(1, 5 + text_width - cell_len(head)), style="bold")
    text.append(f"{_('Votes'):>5}\n", style="bold")
    most = max((i.votes for i in items), default=0) or 1
    shown_items = items[:limit] if limit else items
    for rank, item in zip(fs.vote_ranks(shown_items), shown_items, strict=True):
        shown = set_cell_size(item.text, text_width)
        text.append(f"{rank:>4} ", style="bold")
        text.append(shown)
        text.append(f" {item.votes:>5}")
        if bar:
            text.append(" " + "█" * round(bar * item.votes / most), style="green")
        text.append("\n")
    if not items:
        text.append("—\n")
    text.rstrip()
    return text


def plain_list(items: list[ForumItem], *, limit: int | None = None) -> Text:
    text = Text()
    for n, item in enumerate(items[:limit] if limit else items, 1):
        text.append(f"{n}. ", style="bold")
        text.append(item.text)
        if item.occupations:
            text.append(f"  ({occupation_names(item.occupations)})", style="dim")
        text.append("\n")
    return text if items else Text("—")


class ForumViewScreen(BaseScreen):
    """Shared: the record of one forum, re-read whenever the screen is shown."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("e", "export", N_("Export record"), id="export-record"),
    ]

    def __init__(self, village: str, forum_id: str, *, id: str) -> None:
        super().__init__(id=id)
        self.village = village
        self.forum_id = forum_id
        self.record: ForumRecord | None = None

    def load(self) -> ForumRecord:
        self.record = build_forum_record(
            self.ws,
            self.village,
            self.forum_id,
        )
        return self.record

    def heading(self, rec: ForumRecord) -> str:
        return f"{rec.village} · {rec.date}" + (f" · {rec.forum.place}" if rec.forum.place else "")

    async def on_screen_resume(self) -> None:
        """Back from exporting, or votes changed meanwhile: read the record again."""
        await self.recompose()

    async def on_resize(self, event: Resize) -> None:
        if (self.app.size.width >= 120) != self.has_class("-wide"):
            await self.recompose()

    def action_back(self) -> None:
        self.dismiss()

    def action_export(self) -> None:
        from sammachip_tui.screens.export_dialog import ExportDialog, forum_export

        self.app.push_screen(ExportDialog(forum_export(self.village, self.forum_id)))


class RankedScreen(ForumViewScreen):
    """Problems and needs, most votes first, with the raw counts."""

    DEFAULT_CSS = """
    RankedScreen #ranked { height: 1fr; }
    RankedScreen .panel { height: auto; padding: 0 1; margin-bottom: 1; }
    RankedScreen.-wide #ranked > Horizontal { height: auto; }
    RankedScreen.-wide .panel { width: 1fr; }
    RankedScreen .title { text-style: bold; background: $primary; padding: 0 1; }
    """

    def __init__(self, village: str, forum_id: str) -> None:
        super().__init__(village, forum_id, id="ranked")

    def screen_title(self) -> str:
        return _("Ranked by votes")

    def compose(self) -> ComposeResult:
        rec = self.load()
        wide = self.app.size.width >= 120
        self.set_class(wide, "-wide")
        panel = (self.app.size.width - 10) // 2 if wide else self.app.size.width - 8
        yield Header(icon="◆")
        with VerticalScroll(id="ranked"):
            yield Static(self.heading(rec), classes="panel", markup=False)
            with Horizontal() if wide else Vertical(classes="stack"):
                for which in (ForumList.problem, ForumList.need):
                    with Vertical(classes="panel"):
                        yield Static(_(FORUM_LIST_LABELS[which]), classes="title", markup=False)
                        yield Static(ranked_text(rec.lists[which], panel), markup=False)
        yield TranslatedFooter()


class SummaryScreen(ForumViewScreen):
    """Large and plain, for a projector: attendance, ranked problems and needs, wisdom and
    resources. Four panels side by side on a big screen, one under another on a small one."""

    DEFAULT_CSS = """
    SummaryScreen #summary { height: 1fr; }
    SummaryScreen #headline { height: auto; padding: 0 1; text-style: bold;
                              background: $primary; color: $text; }
    SummaryScreen #attendance-row { height: auto; padding: 0 1; }
    SummaryScreen #present { width: auto; color: $success; }
    SummaryScreen #attendance-text { width: 1fr; padding: 1 2; }
    SummaryScreen .pair { height: auto; padding: 0 1; margin-bottom: 1; }
    SummaryScreen .panel { height: auto; margin-bottom: 1; }
    SummaryScreen.-wide .panel { width: 1fr; margin-right: 2; }
    SummaryScreen .title { text-style: bold; background: $primary 60%; padding: 0 1; }
    """

    def __init__(self, village: str, forum_id: str) -> None:
        super().__init__(village, forum_id, id="summary")

    def screen_title(self) -> str:
        return _("Forum summary")

    def compose(self) -> ComposeResult:
        rec = self.load()
        wide = self.app.size.width >= 120
        self.set_class(wide, "-wide")
        limit = 8 if wide else None
        panel = (self.app.size.width - 10) // 2 if wide else self.app.size.width - 8
        yield Header(icon="◆")
        with VerticalScroll(id="summary"):
            yield Static(_("Village forum") + " · " + self.heading(rec), id="headline",
                         markup=False)  # fmt: skip
            with Horizontal(id="attendance-row"):
                yield Digits(str(rec.counts.present), id="present")
                yield Static(attendance_line(rec), id="attendance-text", markup=False)
            pairs = ((ForumList.problem, ForumList.need), (ForumList.wisdom, ForumList.resource))
            for pair in pairs:
                with Horizontal(classes="pair") if wide else Vertical(classes="pair"):
                    for which in pair:
                        with Vertical(classes="panel"):
                            yield Static(_(FORUM_LIST_LABELS[which]), classes="title",
                                         markup=False)  # fmt: skip
                            if which in (ForumList.problem, ForumList.need):
                                yield Static(ranked_text(rec.lists[which], panel, limit=limit))
                            else:
                                yield Static(plain_list(rec.lists[which], limit=limit))
            if rec.forum.resolutions:
                yield Static(_("Resolutions") + ": " + rec.forum.resolutions, markup=False)
        yield TranslatedFooter()
