"""Write a document officers file, in each of its formats side by side: the forum record
(บันทึกเวทีประชาคม, .md and .csv), a group's establishment record (.docx and .md), the CDD
group register (.xlsx and .csv).

The field holds a file name; the files go to the documents folder (reports/export_paths.py)
unless a full path is typed, and the dialog then says the full path of each file written.
Enter or Ctrl+S writes, Esc closes (having written nothing, if pressed first). One dialog for
every document: what differs is said by an ``Export`` (what, which formats, how to write).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from sammachip_tui import clock
from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.reports.export_paths import default_name, documents_folder, export_stem
from sammachip_tui.screens.dialog import Dialog, cancel_binding, save_binding
from sammachip_tui.store.disk_errors import os_reason

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace


@dataclass(frozen=True)
class Export:
    """One document: its title line, the file kind and village of its default name, its
    formats (extensions, written in this order), and ``write(ws, path, fmt)``, which reads
    what it needs from the store (on a worker thread) and writes one file atomically."""

    title: str
    kind: str
    village: str
    formats: tuple[str, ...]
    write: Callable[[Workspace, Path, str], Path]


def forum_export(village: str, forum_id: str) -> Export:
    def write(ws: Workspace, path: Path, fmt: str) -> Path:
        from sammachip_tui.reports.forum_record import build_forum_record, write_forum_record

        return write_forum_record(build_forum_record(ws, village, forum_id), path, fmt)

    return Export(_("Export the forum record: the file name without extension"), "forum",
                  village, ("md", "csv"), write)  # fmt: skip


def group_export(village: str, group_id: str) -> Export:
    """The group's establishment record (members, committee, bylaws, fund, activities)."""

    def write(ws: Workspace, path: Path, fmt: str) -> Path:
        from sammachip_tui.reports.group_record import write_group_record
        from sammachip_tui.store.group_view import group_view
        from sammachip_tui.store.register import get_village

        view = group_view(ws, village, group_id)
        if view is None:  # deleted on another device meanwhile
            raise FileNotFoundError(group_id)
        v = get_village(ws, village)
        return write_group_record(view, path, fmt, village_name=v.name if v else "")

    return Export(_("Export the group's establishment record: the file name without extension"),
                  f"group-{group_id}", village, ("docx", "md"), write)  # fmt: skip


def register_export(village: str | None) -> Export:
    """The CDD group register of one village, or of every group on the device (None)."""

    def write(ws: Workspace, path: Path, fmt: str) -> Path:
        from sammachip_tui.reports.group_register import register_rows, write_register

        return write_register(register_rows(ws, village), path, fmt)

    return Export(_("Export the CDD group register: the file name without extension"),
                  "group-register", village or "all", ("xlsx", "csv"), write)  # fmt: skip


def district_export(
    kind: str, villages: list[str] | None = None, year: int | None = None
) -> Export:
    """A district report (``district``, ``village``, ``indicators``, ``register``) of
    ``villages`` (every village when None; the one village of a village report) for fiscal
    year ``year`` (พ.ศ.; today's when None), as .xlsx, .docx and the .html page."""
    from sammachip_tui.reports.district_report import FORMATS

    def write(ws: Workspace, path: Path, fmt: str) -> Path:
        from sammachip_tui.reports.district_report import write_district_report

        return write_district_report(ws, kind, fmt, path, year=year, villages=villages)

    titles = {
        "district": _("Export the district report: the file name without extension"),
        "village": _("Export the village report: the file name without extension"),
        "indicators": _("Export the programme indicators: the file name without extension"),
        "register": _("Export the CDD group register: the file name without extension"),
    }
    where = villages[0] if villages and len(villages) == 1 else "all"
    return Export(titles[kind], kind, where, FORMATS, write)


class ExportDialog(Dialog[None]):
    AUTO_FOCUS = "#stem"
    BINDINGS = [cancel_binding(N_("Close")), save_binding(N_("Write the files"))]

    DEFAULT_CSS = """
    ExportDialog { align: center middle; background: $background 60%; }
    ExportDialog > VerticalScroll {
        width: 80; max-width: 100%; height: auto; max-height: 100%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    ExportDialog Input {
        height: 1; border: none; padding: 0 1; background: $boost; margin: 1 0;
    }
    ExportDialog Input.-invalid { background: $error 30%; }
    ExportDialog #folder { color: $text-muted; height: auto; }
    ExportDialog #result { height: auto; }
    ExportDialog #result.-problem { background: $error 40%; }
    """

    def __init__(self, what: Export) -> None:
        super().__init__(id="export-dialog")
        self.what = what
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        what = self.what
        folder = documents_folder()
        suffixes = [f".{f}" for f in what.formats]
        name = default_name(what.kind, what.village, clock.today(), suffixes)
        with VerticalScroll():
            yield Label(what.title)
            yield ThaiInput(value=name, id="stem", compact=True)
            yield Static(_("Saved in {folder} unless a full path is typed.").format(
                folder=folder), id="folder", markup=False)  # fmt: skip
            hint = _("Enter or Ctrl+S writes {formats} · Esc closes.").format(
                formats=_(" and ").join(suffixes)
            )
            yield Static(hint, id="result", markup=False)  # fmt: skip

    def _say(self, message: str, *, problem: bool = False) -> None:
        result = self.query_one("#result", Static)
        result.update(message)
        result.set_class(problem, "-problem")
        self.query_one("#stem", ThaiInput).set_class(problem, "-invalid")

    async def action_save(self) -> None:
        text = self.query_one("#stem", ThaiInput).value.strip()
        if not text:
            self._say(_("Type a file name first."), problem=True)
            return
        self._write(export_stem(text))

    @work(thread=True, exclusive=True)
    def _write(self, stem: Path) -> None:
        try:
            stem.parent.mkdir(parents=True, exist_ok=True)  # the documents folder, the first time
            written = [
                self.what.write(self.ws, stem.with_name(f"{stem.name}.{fmt}"), fmt)
                for fmt in self.what.formats
            ]
        except OSError as exc:
            message = _("Cannot write {path}: {reason}").format(path=stem, reason=os_reason(exc))
            self.app.call_from_thread(self._say, message, problem=True)
            return
        self.written = [p.absolute() for p in written]
        message = _("Wrote:") + "\n" + "\n".join(str(p) for p in self.written)
        self.app.call_from_thread(self._say, message)
