"""Import a household list from the app: the same import as ``sammachip households import``,
with the same choice as its ``--blank-clears`` (off unless the officer ticks it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.i18n.wording import os_error_text
from sammachip_tui.screens.saving import StoreAccess
from sammachip_tui.store.household_import import ImportFileError, ImportReport, import_households

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp


class ImportDialog(StoreAccess, ModalScreen[bool]):
    """Ask for a CSV path, import it on the store's thread, show what happened."""

    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    BINDINGS = [Binding("escape", "close", N_("Close"), id="close")]

    DEFAULT_CSS = """
    ImportDialog { align: center middle; background: $background 60%; }
    ImportDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ImportDialog #result { height: auto; max-height: 12; }
    ImportDialog Checkbox { border: none; padding: 0 1; height: 1; }
    ImportDialog Horizontal { height: auto; align-horizontal: right; }
    """

    def __init__(self) -> None:
        super().__init__(id="import-dialog")
        self.imported = False
        self.path_text = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Import a household list (CSV, Thai or English headers)"))
            yield ThaiInput(value=self.path_text, placeholder=_("path to the .csv file"), id="path")
            yield Checkbox(
                _("Empty cells clear what is stored (otherwise they leave it as it is)"),
                id="blank-clears",
            )
            with VerticalScroll(id="result"):
                yield Static("", id="report", markup=False)
            with Horizontal():
                yield Button(_("Import"), variant="primary", id="go")
                yield Button(_("Close"), id="close-button")

    @on(Input.Changed, "#path")
    def _remember(self, event: Input.Changed) -> None:
        self.path_text = event.value

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        text = self.path_text.strip()
        if not text:
            self.query_one("#report", Static).update(_("Type the path of a CSV file first."))
            return
        self.query_one("#report", Static).update(_("Importing…"))
        blank_clears = self.query_one("#blank-clears", Checkbox).value
        self._import(Path(text).expanduser(), blank_clears)

    @work(thread=True, exclusive=True)
    def _import(self, path: Path, blank_clears: bool) -> None:
        # On the store's writer, like every edit: quitting waits for an import under way.
        try:
            report = self.ws.on_writer(
                lambda ws: import_households(ws, path, blank_clears=blank_clears)
            ).result()
        except ImportFileError as exc:
            self.app.call_from_thread(self._show_error, str(exc))
            return
        except Exception as exc:  # a full disk, the workspace closing: said, not a crash
            self.app.call_from_thread(
                self._show_error, _("Not saved: {reason}").format(reason=os_error_text(exc))
            )
            return
        self.app.call_from_thread(self._show, report)

    def _show_error(self, message: str) -> None:
        self.query_one("#report", Static).update(f"{_('Not imported')}: {message}")

    def _show(self, report: ImportReport) -> None:
        self.imported = self.imported or report.imported > 0
        lines = [
            _(
                "Imported {n} households ({created} new, {updated} updated, "
                "{unchanged} unchanged, {bad} rejected)"
            ).format(
                n=report.imported,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
                bad=len(report.errors),
            ),
        ]
        lines += [
            _("line {line}: {reason}").format(line=e.line, reason=e.message) for e in report.errors
        ]
        self.query_one("#report", Static).update("\n".join(lines))

    @on(Button.Pressed, "#close-button")
    def action_close(self) -> None:
        self.dismiss(self.imported)
