"""Receive: frames typed by a USB scanner, image files, frame-text files or bundle files.

The scanner field takes what a scanner types (Enter ends a frame; the Thai layout's digit
keys map back to digits). A grid shows which parts are in and which are missing. Nothing
merges until the whole message is there and verified; then it merges as one unit and the
screen shows what came in, with the 8-digit acknowledgement code (and its QR) for the
sender; a bundle made for another device (a relay) shows no code but says whom it was for
and that the sender must still send it there (sync/bundle.py). A bundle from a device met
for the first time is held: its fingerprint is shown to compare with the sender's screen
before accepting it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.i18n.wording import kind_label, os_error_text
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.sync import qr
from sammachip_tui.sync.bundle import Received, accept_device, made_for_text, receive_message
from sammachip_tui.sync.camera import Camera, CameraError
from sammachip_tui.sync.devices import Status, same_name_warning
from sammachip_tui.sync.envelope import BundleError
from sammachip_tui.sync.files import files_in, read_sync_file, unreadable
from sammachip_tui.sync.folder import via_for
from sammachip_tui.sync.inbox import VIA_CAMERA, VIA_SCANNER, device_names
from sammachip_tui.sync.parts import Assembler


class ScanInput(ThaiInput):
    """The scanner field: empty again the moment Enter ends a frame, so the keys of the next
    frame, already on their way in a burst, start a field of their own."""

    async def action_submit(self) -> None:
        value, self.value = self.value, ""
        self.post_message(self.Submitted(self, value))


class ReceiveScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("ctrl+a", "accept", N_("Accept device"), id="accept-device", priority=True),
        Binding("f6", "camera", N_("Camera"), id="camera", priority=True),
        Binding("f7", "folder", N_("Folder"), id="folder", priority=True,
                tooltip=N_("Receive: every bundle in a folder (a USB stick) in one go")),
        Binding("f8", "inbox", N_("Inbox"), id="inbox", priority=True,
                tooltip=N_("Sync: the bundles received and sent (inbox)")),
    ]  # fmt: skip

    DEFAULT_CSS = """
    ReceiveScreen VerticalScroll { height: 1fr; padding: 0 1; }
    ReceiveScreen .row { height: 1; margin-top: 1; }
    ReceiveScreen .row Label { width: 18; color: $text-muted; }
    ReceiveScreen .row Input { height: 1; border: none; padding: 0 1; background: $boost;
                               width: 1fr; }
    ReceiveScreen #grid { height: auto; margin-top: 1; }
    ReceiveScreen #status { height: auto; margin-top: 1; }
    ReceiveScreen #status.-problem { background: $error 40%; }
    ReceiveScreen #done { height: auto; margin-top: 1; }
    ReceiveScreen #ack-qr { width: auto; height: auto; }
    ReceiveScreen #done-text { width: 1fr; height: auto; padding-left: 2; }
    ReceiveScreen #ack-code { height: auto; text-style: bold; }
    ReceiveScreen #result { height: auto; margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="receive")
        self.camera_stop = threading.Event()
        self.camera_on = False
        self.assembler = Assembler()
        self.status = ""
        self.pending_device: str | None = None

    def screen_title(self) -> str:
        return _("Receive")

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with VerticalScroll():
            yield Static(
                _("Scan the sender's frames into the field (a USB scanner types them and "
                  "presses Enter), or give a file: QR images, frame texts or a bundle."),
                markup=False,
            )  # fmt: skip
            with Horizontal(classes="row"):
                yield Label(_("Scanner"))
                yield ScanInput(id="scan", placeholder=_("6601… (scan here)"))
            with Horizontal(classes="row"):
                yield Label(_("File or folder"))
                yield ThaiInput(id="file", placeholder=_("path to images, frames or a bundle"))
            yield Static("", id="grid")
            yield Static(self.status, id="status", markup=False)
            # The code the sender scans beside what came in: at 80x24 both fit under the
            # status line, which is scrolled to the top once the bundle is in.
            with Horizontal(id="done"):
                yield Static("", id="ack-qr")
                with Vertical(id="done-text"):
                    yield Static("", id="ack-code", markup=False)
                    yield Static("", id="result", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#scan").focus()

    # ------------------------------------------------------------------------ input
    @on(Input.Submitted, "#scan")
    def _scanned(self, event: Input.Submitted) -> None:
        self.take([event.value], VIA_SCANNER)  # the field emptied itself (ScanInput)

    @on(Input.Submitted, "#file")
    def _file(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self._read_files(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="read-files")
    def _read_files(self, path: Path) -> None:
        """Every file of a folder is read, whatever one of them holds: a file that cannot be
        read or holds no frame is said in one line, and the others still count."""
        read: list[tuple[Path, bytes | None, list[tuple[int, str]]]] = []
        problems: list[str] = []
        for file in files_in(path):
            try:
                bundle, lines = read_sync_file(file)
            except Exception as exc:  # unreadable file, broken image or PDF
                problems.append(f"{file.name}: {unreadable(exc)}")
                continue
            read.append((file, bundle, lines))
        self.app.call_from_thread(self._take_files, read, problems)

    def _take_files(
        self, read: list[tuple[Path, bytes | None, list[tuple[int, str]]]], problems: list[str]
    ) -> None:
        found = merging = False
        empty: list[str] = []  # files with no frame: said only beside what was found
        for file, bundle, lines in read:
            if bundle is not None:
                found = merging = True
                self.merge(bundle, via_for(file))
                continue
            got = self.assembler.add_texts(lines)
            found = found or got.read > 0
            if not got.read:
                empty.append(_("{path}: no sammachip frame found").format(path=file.name))
            elif got.refused:
                problems.append(
                    _("{path}: {n} refused ({reason})").format(
                        path=file.name, n=len(got.refused), reason=got.refused[0][1]
                    )
                )
            for message in got.messages:
                merging = True
                self.camera_stop.set()
                self.merge(message, via_for(file))
        self._draw_grid()
        if not found:
            self.app.bell()
            self._show("\n".join([_("No sammachip frame found there."), *problems[:5]]), True)
        elif not merging:  # a merge says how it went; until then, what was read
            problems += empty
            read_note = self.assembler.note or _("Frame read ✓")
            self._show("\n".join([read_note, *problems[:5]]), bool(problems))

    def take(self, texts: list[str], via: str = VIA_SCANNER) -> None:
        """Frame texts a scanner or camera gave (frames that came joined are cut apart); a
        whole message merges at once."""
        got = self.assembler.add_texts([(0, text) for text in texts])
        if got.refused:
            self.app.bell()
            self._show(got.refused[-1][1], True)
        elif got.read:
            self._show(self.assembler.note or _("Frame read ✓"))  # a new cut is said
        for message in got.messages:
            self.camera_stop.set()  # the whole bundle is here
            self.merge(message, via)
        self._draw_grid()

    def _draw_grid(self) -> None:
        progress = self.assembler.progress()
        if progress is None:
            return
        missing = set(progress.missing)
        grid = Text()
        grid.append(
            _("Parts {known} of {count}").format(known=progress.known, count=progress.count) + "  "
        )
        for k in range(1, progress.count + 1):
            grid.append("□" if k in missing else "■", style="dim" if k in missing else "green")
        if missing:
            shown = ", ".join(map(str, sorted(missing)[:15])) + (" …" if len(missing) > 15 else "")
            grid.append("\n" + _("Missing: {parts}").format(parts=shown))
        self.query_one("#grid", Static).update(grid)

    # ------------------------------------------------------------------------ merging
    def merge(self, message: bytes, via: str = "") -> None:
        self._show(_("Checking and merging…"))
        self._merge(message, via)

    @work(thread=True, exclusive=True, group="merge")
    def _merge(self, message: bytes, via: str) -> None:
        # On the store's writer, like every edit: quitting waits for a merge under way.
        try:
            got = self.ws.on_writer(lambda ws: receive_message(ws, message, via=via)).result()
        except BundleError as exc:
            self.app.call_from_thread(self._show, exc.message, True)
            return
        except Exception as exc:  # a full disk, the workspace closing: said, not a crash
            reason = os_error_text(exc)
            self.app.call_from_thread(self._show, _("Not merged: {reason}").format(reason=reason),
                                      True)  # fmt: skip
            return
        self.app.call_from_thread(self._received, got)

    def _received(self, got: Received) -> None:
        from sammachip_tui.sync.service import sender_text, village_lines

        who = sender_text(got.sender_name, got.sender, got.sender_role) + " · " + _(
            "fingerprint {fp}").format(fp=got.fingerprint)  # fmt: skip
        if got.status is Status.pending:
            self.pending_device = got.sender
            message = _("New device {who}. Compare this fingerprint with the one on its screen; "
                        "if they are the same, press Ctrl+A to accept it and merge.").format(
                who=who)  # fmt: skip
            if got.same_name:  # someone may be using a known device's name
                message += "\n" + same_name_warning(got.sender_name, got.same_name)
            self._show(message, bool(got.same_name))
            return
        if got.already:
            summary = _("Already received from {who}: nothing changed.").format(who=who)
        else:
            parts = [f"{kind_label(kind)} {_('new')} {n}" for kind, n in got.new.items()] + [
                f"{kind_label(kind)} {_('updated')} {n}" for kind, n in got.updated.items()
            ]
            summary = _("Merged from {who}: {what}; conflicts {n}").format(
                who=who, what=", ".join(parts) or "—", n=got.conflicts
            )
            # What came per village (and the district's own records): a field device filled
            # by the central store sees which villages it now holds.
            summary = "\n".join([summary, *village_lines(self.ws, got.by_village)])
        self._show(_("Done ✓"))
        self.query_one("#result", Static).update(summary)
        if got.made_for:  # a relay: no code, and why, in words (sync/bundle.py)
            self.query_one("#ack-code", Static).update(
                made_for_text(got.made_for, device_names(self.ws.data_dir))
            )
            self.query_one("#ack-qr", Static).update("")
            self.call_after_refresh(self._show_result, 0)
            return
        self.query_one("#ack-code", Static).update(
            _("Acknowledgement code for the sender: {code}").format(code=got.ack)
        )
        grid = qr.matrix(got.ack_frame, 2, "M")  # 22 digits: a small code the sender scans
        rows = qr.half_block_rows(grid)
        self.query_one("#ack-qr", Static).update(Text("\n".join(rows), style="#000000 on #ffffff"))
        self.call_after_refresh(self._show_result, len(rows))

    def _show_result(self, rows: int, tries: int = 0) -> None:
        """The status line at the top, the acknowledgement and its QR under it, in view.
        Once the QR is laid out: scrolling before would stop short of it."""
        if self.query_one("#done").size.height < rows and tries < 10:
            self.call_after_refresh(self._show_result, rows, tries + 1)
            return
        self.query_one(VerticalScroll).scroll_to_widget(
            self.query_one("#status"), animate=False, top=True
        )

    def action_accept(self) -> None:
        if self.pending_device is None:
            self._show(_("No device is waiting to be accepted."))
            return
        self._accept(self.pending_device)

    @work(thread=True, exclusive=True, group="merge")
    def _accept(self, device_id: str) -> None:
        try:
            accepted = self.ws.on_writer(lambda ws: accept_device(ws, device_id)).result()
        except BundleError as exc:
            self.app.call_from_thread(self._show, exc.message, True)
            return
        except Exception as exc:
            reason = os_error_text(exc)
            self.app.call_from_thread(self._show, _("Not merged: {reason}").format(reason=reason),
                                      True)  # fmt: skip
            return
        self.pending_device = None
        for got in accepted.results:
            self.app.call_from_thread(self._received, got)
        for reason in accepted.refused:
            self.app.call_from_thread(self._show, reason, True)

    def _show(self, message: str, problem: bool = False) -> None:
        self.status = message
        status = self.query_one("#status", Static)
        status.update(message)
        status.set_class(problem, "-problem")

    # ------------------------------------------------------------------------ camera
    def action_camera(self) -> None:
        """Start (or stop) reading codes with a camera, when OpenCV and a camera are here."""
        if self.camera_on:
            self.camera_stop.set()
            return
        self.camera_stop.clear()
        self._camera()

    @work(thread=True, exclusive=True, group="camera")
    def _camera(self) -> None:
        try:
            camera = Camera()
        except CameraError as exc:
            self.app.call_from_thread(self._show, exc.message, True)
            return
        self.camera_on = True
        self.app.call_from_thread(self._show, _("Camera on: hold the sender's screen in view."))
        seen: set[str] = set()  # a code stays in view for many pictures: take it once
        try:
            for texts in camera.texts(self.camera_stop):
                new = [t for t in texts if t not in seen]
                seen.update(new)
                if new:
                    self.app.call_from_thread(self.take, new, VIA_CAMERA)
        finally:
            camera.close()
            self.camera_on = False

    def on_unmount(self) -> None:
        self.camera_stop.set()

    # ------------------------------------------------------------------------ folder, inbox
    def action_folder(self) -> None:
        """A folder of bundles in one go (screens/receive_folder.py); the file field's text
        is offered when it names a folder."""
        from sammachip_tui.screens.receive_folder import FolderDialog

        typed = self.query_one("#file", Input).value.strip()
        given = typed if typed and Path(typed).expanduser().is_dir() else ""
        self.app.push_screen(FolderDialog(given))

    def action_inbox(self) -> None:
        from sammachip_tui.screens.inbox import InboxScreen

        self.camera_stop.set()
        self.app.push_screen(InboxScreen())

    def action_back(self) -> None:
        self.camera_stop.set()
        self.dismiss()
