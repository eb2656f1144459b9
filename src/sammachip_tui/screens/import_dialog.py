"""Import a household list from the app: the same import as ``sammachip households import``,
with the same choice as its ``--blank-clears`` (off unless the officer ticks it)."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.i18n.wording import os_error_text
from sammachip_tui.screens.dialog import Dialog, cancel_binding, save_binding
from sammachip_tui.store.household_import import ImportFileError, ImportReport, import_households


class ImportDialog(Dialog[bool]):
    """Ask for a CSV path, import it on the store's thread, show what happened. Enter or
    Ctrl+S imports; Esc closes (returning whether anything was imported)."""

    BINDINGS = [cancel_binding(N_("Close")), save_binding(N_("Import"))]

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

    @on(Button.Pressed, "#go")
    async def action_save(self) -> None:
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

    def cancel_result(self) -> bool:
        return self.imported

    @on(Button.Pressed, "#close-button")
    def _close(self) -> None:
        self.action_cancel()
