"""Write the forum record (บันทึกเวทีประชาคม) as Markdown and CSV, side by side.

The field holds a file name; the files go to the documents folder (reports/export_paths.py)
unless a full path is typed, and the dialog then says the full path of each file written.
Enter or Ctrl+S writes, Esc closes (having written nothing, if pressed first).
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from sammachip_tui import clock
from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.reports.export_paths import default_name, documents_folder, export_stem
from sammachip_tui.reports.forum_record import build_forum_record, write_forum_record
from sammachip_tui.screens.dialog import Dialog, cancel_binding, save_binding
from sammachip_tui.store.disk_errors import os_reason

FORMATS = ("md", "csv")


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

    def __init__(self, village: str, forum_id: str) -> None:
        super().__init__(id="export-dialog")
        self.village = village
        self.forum_id = forum_id
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        folder = documents_folder()
        name = default_name("forum", self.village, clock.today(), (f".{f}" for f in FORMATS))
        with VerticalScroll():
            yield Label(_("Export the forum record: the file name without extension"))
            yield ThaiInput(value=name, id="stem", compact=True)
            yield Static(_("Saved in {folder} unless a full path is typed.").format(
                folder=folder), id="folder", markup=False)  # fmt: skip
            yield Static(_("Enter or Ctrl+S writes .md and .csv · Esc closes."), id="result",
                         markup=False)  # fmt: skip

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
        rec = build_forum_record(self.ws, self.village, self.forum_id)
        try:
            written = [
                write_forum_record(rec, stem.with_name(f"{stem.name}.{fmt}"), fmt)
                for fmt in FORMATS
            ]
        except OSError as exc:
            message = _("Cannot write {path}: {reason}").format(path=stem, reason=os_reason(exc))
            self.app.call_from_thread(self._say, message, problem=True)
            return
        self.written = [p.absolute() for p in written]
        message = _("Wrote:") + "\n" + "\n".join(str(p) for p in self.written)
        self.app.call_from_thread(self._say, message)
