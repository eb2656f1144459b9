"""Write the forum record (บันทึกเวทีประชาคม) as Markdown and CSV, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.reports.forum_record import build_forum_record, write_forum_record
from sammachip_tui.screens.saving import StoreAccess

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp

EXPORT_DIR = Path("~/sammachip-reports")


class ExportDialog(StoreAccess, ModalScreen[None]):
    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    BINDINGS = [Binding("escape", "close", N_("Close"), id="close")]

    DEFAULT_CSS = """
    ExportDialog { align: center middle; background: $background 60%; }
    ExportDialog > Vertical {
        width: 80; max-width: 100%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    ExportDialog Input { height: 1; border: none; padding: 0 1; background: $boost; margin: 1 0; }
    ExportDialog #result { height: auto; }
    """

    def __init__(self, village: str, forum_id: str) -> None:
        super().__init__(id="export-dialog")
        self.village = village
        self.forum_id = forum_id

    def compose(self) -> ComposeResult:
        rec = build_forum_record(self.ws, self.village, self.forum_id)
        with Vertical():
            yield Label(_("Export the forum record: the file name without extension"))
            yield ThaiInput(value=str(EXPORT_DIR / rec.file_stem()), id="stem")
            yield Static(_("Enter writes .md and .csv; Esc closes."), id="result", markup=False)

    @on(Input.Submitted, "#stem")
    def _go(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#result", Static).update(_("Type a file name first."))
            return
        self._write(Path(text).expanduser())

    @work(thread=True, exclusive=True)
    def _write(self, stem: Path) -> None:
        rec = build_forum_record(self.ws, self.village, self.forum_id)
        try:
            written = [
                write_forum_record(rec, stem.with_name(stem.name + f".{fmt}"), fmt)
                for fmt in ("md", "csv")
            ]
        except OSError as exc:
            message = _("Cannot write {path}: {reason}").format(
                path=stem, reason=exc.strerror or exc
            )
            self.app.call_from_thread(self.query_one("#result", Static).update, message)
            return
        message = _("Wrote {path}").format(path=", ".join(str(p) for p in written))
        self.app.call_from_thread(self.query_one("#result", Static).update, message)

    def action_close(self) -> None:
        self.dismiss(None)
