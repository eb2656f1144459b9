"""Receive a folder of bundles in one go (F7 on the receive screen): a USB stick brought back
from the field, with the bundle files, frame texts, QR images or PDF sheets of several devices.

The same walk as ``sammachip sync receive DIR`` (sync/folder.py): read off the interface
thread, each bundle merged on the store's writer, a progress bar and one line per file
(merged with its acknowledgement code, already here, held, refused and why, not a bundle
and why), then the summary. Typing and the keys stay live meanwhile. Esc stops after the
file being merged (each bundle merges whole or not at all), and closes once stopped.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, ProgressBar, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _, ngettext
from sammachip_tui.i18n.wording import os_error_text
from sammachip_tui.screens.dialog import Dialog, cancel_binding, save_binding
from sammachip_tui.sync.bundle import Received, receive_message
from sammachip_tui.sync.devices import Status
from sammachip_tui.sync.folder import (
    ALREADY,
    HELD,
    MERGED,
    REFUSED,
    FileOutcome,
    FolderResult,
    folder_entries,
    receive_entries,
)
from sammachip_tui.sync.inbox import VIA_FOLDER

MARKS = {MERGED: "✓", ALREADY: "=", HELD: "?", REFUSED: "✗"}


class FolderDialog(Dialog[bool]):
    """Returns whether anything merged. Enter or Ctrl+S starts on the folder typed; Esc
    stops after the current file, or closes."""

    BINDINGS = [cancel_binding(N_("Close or stop")), save_binding(N_("Receive the folder"))]
    DEFAULT_CSS = """
    FolderDialog { align: center middle; background: $background 60%; }
    FolderDialog > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FolderDialog #intro { width: 1fr; height: auto; margin-bottom: 1; }
    FolderDialog #path { height: 1; border: none; padding: 0 1; background: $boost; }
    FolderDialog ProgressBar { height: 1; margin-top: 1; }
    FolderDialog #now { height: auto; }
    FolderDialog #files { height: auto; max-height: 14; margin-top: 1; }
    FolderDialog #now.-problem { background: $error 40%; }
    """

    def __init__(self, path_text: str = "") -> None:
        super().__init__(id="folder-dialog")
        self.path_text = path_text
        self.stop = threading.Event()
        self.running = False
        self.merged = False
        self.lines: list[str] = []
        self.result: FolderResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Receive every bundle in a folder (a USB stick): bundle files, "
                           "frame texts, QR images, PDF sheets"), markup=False,
                         id="intro")  # fmt: skip
            yield ThaiInput(value=self.path_text, placeholder=_("path to the folder"),
                            id="path")  # fmt: skip
            yield ProgressBar(total=1, show_eta=False, id="progress")
            yield Static("", id="now", markup=False)
            with VerticalScroll(id="files"):
                yield Static("", id="lines", markup=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#path").focus()

    @on(Input.Changed, "#path")
    def _remember(self, event: Input.Changed) -> None:
        self.path_text = event.value

    def _say(self, text: str, problem: bool = False) -> None:
        now = self.query_one("#now", Static)
        now.update(text)
        now.set_class(problem, "-problem")

    async def action_save(self) -> None:
        if self.running:
            return
        text = self.path_text.strip()
        if not text:
            self._say(_("Type the path of a folder first."), True)
            return
        folder = Path(text).expanduser()
        if not folder.is_dir():
            self._say(_("Not a folder: {path}").format(path=folder), True)
            return
        self.running = True
        self.stop.clear()
        self.lines = []
        self.query_one("#lines", Static).update("")
        self._say(_("Reading {path}…").format(path=folder))
        self._walk(folder)

    @work(thread=True, exclusive=True, group="folder")
    def _walk(self, folder: Path) -> None:
        try:
            entries, hidden = folder_entries(folder)
        except OSError as exc:
            self.app.call_from_thread(self._finished, None, os_error_text(exc))
            return
        result = FolderResult(hidden=hidden)
        self.app.call_from_thread(self._started, len(entries))

        def merge(message: bytes) -> Received:
            # On the store's writer, like every edit: quitting waits for a merge under way.
            return self.ws.on_writer(lambda ws: receive_message(ws, message, via=VIA_FOLDER)
                                     ).result()  # fmt: skip

        def told(done: FolderResult, file: FileOutcome) -> None:
            self.app.call_from_thread(self._file_done, done, file)

        try:
            receive_entries(entries, merge, stop=self.stop.is_set, result=result, on_file=told)
        except Exception as exc:  # a full disk, the store closing: said, not a crash
            reason = _("Not merged: {reason}").format(reason=os_error_text(exc))
            self.app.call_from_thread(self._finished, result, reason)
            return
        self.app.call_from_thread(self._finished, result, "")

    def _started(self, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(total, 1), progress=0)
        bar.display = True

    def _file_done(self, result: FolderResult, file: FileOutcome) -> None:
        self.query_one(ProgressBar).update(progress=len(result.files))
        self.merged = self.merged or any(
            not got.already and got.status is Status.accepted for got in file.received
        )
        mark = MARKS.get(file.outcome, "·")
        self.lines.append(f"{mark} {file.path.name}: {file.text}")
        self.query_one("#lines", Static).update("\n".join(self.lines))
        self.query_one("#files", VerticalScroll).scroll_end(animate=False)
        if not self.stop.is_set():
            total = result.total
            self._say(ngettext("{done} of {total} file", "{done} of {total} files", total).format(
                done=len(result.files), total=total))  # fmt: skip

    def _finished(self, result: FolderResult | None, problem: str) -> None:
        self.running = False
        self.result = result
        if result is not None:
            self.lines += result.incomplete
            self.query_one("#lines", Static).update("\n".join(self.lines))
        summary = result.summary() if result is not None else ""
        text = "\n".join(t for t in (problem, summary) if t)
        self._say(text, bool(problem) or bool(result and result.refused))

    def action_cancel(self) -> None:
        if self.running:
            self.stop.set()
            self._say(_("Stopping after this file…"))
            return
        self.dismiss(self.merged)

    def cancel_result(self) -> bool:
        return self.merged
