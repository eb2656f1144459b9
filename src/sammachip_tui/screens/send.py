"""Send: the bundle a peer has not acknowledged, as QR frames drawn in the terminal.

The code is the largest version that fits the terminal (redrawn on resize), black modules on
white whatever the theme, quiet zone 2, "part k of N" beside it. Animated for a camera (the
loop runs on past N into fountain mixes, so missed frames do not mean waiting a whole round),
or step by step for a scanner that types (← →, or advance every few seconds). When the
receiver shows its 8-digit code, type it here: the operations are marked delivered.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key, Resize
from textual.timer import Timer
from textual.widgets import Input, Static

from sammachip_tui.forms.thai_input import ThaiInput
from sammachip_tui.i18n import N_, _
from sammachip_tui.i18n.wording import kind_counts
from sammachip_tui.screens.chrome import BaseScreen, TranslatedFooter
from sammachip_tui.screens.saving import os_reason
from sammachip_tui.sync import qr
from sammachip_tui.sync.bundle import Outgoing, acknowledge, build_bundle
from sammachip_tui.sync.envelope import BundleError
from sammachip_tui.sync.parts import Parts, TooLargeForFrames, make_parts

QR_STYLE = "#000000 on #ffffff"  # dark modules on light, never inverted by the theme
FPS_CHOICES = (1, 2, 3, 4, 6, 8)
STEP_SECONDS = 3.0
DIGITS = "0123456789๐๑๒๓๔๕๖๗๘๙"
SIDE = 30  # columns kept for the panel beside the code when the terminal is wide enough


class SendScreen(BaseScreen):
    AUTO_FOCUS = None  # keys drive the frames; typing a digit goes to the code field
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("space", "toggle_mode", N_("Animate / step"), key_display="Space", id="mode"),
        Binding("right", "step(1)", N_("Next"), key_display="→", id="next"),
        Binding("left", "step(-1)", N_("Previous"), key_display="←", show=False, id="prev"),
        Binding("plus", "speed(1)", N_("Faster"), key_display="+", show=False, id="faster"),
        Binding("minus", "speed(-1)", N_("Slower"), key_display="-", show=False, id="slower"),
        Binding("e", "toggle_ecc", N_("ECC L/M"), id="ecc"),
        Binding("k", "with_key", N_("Send with key"), show=False, id="with-key"),
    ]

    DEFAULT_CSS = """
    SendScreen #send-body { height: 1fr; }
    SendScreen #code { width: auto; height: auto; }
    SendScreen #side { width: 1fr; padding: 0 1; height: 1fr; }
    SendScreen #side Static { height: auto; }
    SendScreen #part { text-style: bold; }
    SendScreen #ack { height: 1; border: none; padding: 0 1; background: $boost; width: 14; }
    SendScreen #status.-problem { background: $error 40%; }
    """

    def __init__(self, peer: str, peer_label: str, outgoing: Outgoing | None = None) -> None:
        """``outgoing``: a bundle already built (the screen builds one for ``peer`` if not)."""
        super().__init__(id="send")
        self.peer = peer
        self.peer_label = peer_label
        self.outgoing: Outgoing | None = outgoing
        self.with_key = False
        self.parts: Parts | None = None
        self.qr_layout: qr.Layout | None = None
        self.ecc = "L"
        self.animated = True
        self.fps = 4
        self.seq = 1
        self.status = ""
        self._timer: Timer | None = None
        self._side_below = False

    def screen_title(self) -> str:
        return _("Send to {peer}").format(peer=self.peer_label)

    def compose(self) -> ComposeResult:
        with Horizontal(id="send-body"):
            yield Static("", id="code")
            with Vertical(id="side"):
                yield Static(_("Building the bundle…"), id="part", markup=False)
                yield Static("", id="about", markup=False)
                yield Static(_("Receiver's 8-digit code (or scan its QR):"), markup=False)
                yield ThaiInput(
                    id="ack",
                    type="integer",
                    max_length=8,
                    placeholder="00000000",
                    select_on_focus=False,
                )
                yield Static(self.status, id="status", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.set_focus, None)  # keys drive the frames
        if self.outgoing is None:
            self._build()
        else:
            self._built(self.outgoing)

    def action_with_key(self) -> None:
        """For a receiver that has not met this device: the same bundle, carrying the key."""
        self.with_key = True
        self.parts = None
        self._build()

    @work(thread=True, exclusive=True, group="build-bundle")
    def _build(self) -> None:
        peer, with_key = self.peer, self.with_key
        try:  # on the store's writer: sync.json has one writer, and quitting waits for it
            outgoing = self.ws.on_writer(lambda ws: build_bundle(ws, peer, with_key=with_key))
            built = outgoing.result()
        except Exception as exc:  # a full disk writing sync.json, say
            self.app.call_from_thread(self._show_status, os_reason(exc), True)
            return
        self.app.call_from_thread(self._built, built)

    def _built(self, outgoing: Outgoing | None) -> None:
        self.outgoing = outgoing
        if outgoing is None:
            self.query_one("#part", Static).update(
                _("Nothing to send: {peer} has acknowledged everything.").format(
                    peer=self.peer_label
                )
            )
            return
        self._relayout()
        self._start_timer()

    # ------------------------------------------------------------------------ layout
    def _relayout(self) -> None:
        """Fit the largest code to the terminal; new parts when the fragment size changes."""
        if self.outgoing is None:
            return
        width, height = self.app.size
        rows = height - 1  # the footer
        side_by_side = width - SIDE >= qr.layout_for(width, rows, self.ecc).cells[0]
        columns = width - SIDE if side_by_side else width
        if not side_by_side:
            rows -= 6  # the panel goes under the code
        layout = qr.layout_for(columns, rows, self.ecc)
        if self.qr_layout != layout or self.parts is None:
            old_count = self.parts.count if self.parts else 0
            self.qr_layout = layout
            try:
                self.parts = make_parts(self.outgoing.message, layout.fragment_len)
            except TooLargeForFrames as exc:  # a district's worth: a bundle file, not frames
                self.parts = None
                self._show_status(exc.message, True)
                return
            if self.parts.count != old_count:
                self.seq = 1
        self.query_one("#send-body").styles.layout = "horizontal" if side_by_side else "vertical"
        self._draw()

    def on_resize(self, event: Resize) -> None:
        self._relayout()

    def _draw(self) -> None:
        if self.parts is None or self.qr_layout is None or self.outgoing is None:
            return
        text = self.parts.frame(self.seq).encode()
        grid = qr.matrix(text, self.qr_layout.version, self.qr_layout.ecc)
        rows = qr.half_block_rows(grid, self.qr_layout.quiet)
        self.query_one("#code", Static).update(Text("\n".join(rows), style=QR_STYLE))
        n = self.parts.count
        if self.seq <= n:
            part = _("Part {k} of {n}").format(k=self.seq, n=n)
        else:
            part = _("Part {k} of {n} (mix)").format(k=self.seq, n=n)
        self.query_one("#part", Static).update(part)
        mode = (
            _("animated, {fps} frames a second").format(fps=self.fps)
            if self.animated
            else _("step: → next, ← previous, every {s} s").format(s=int(STEP_SECONDS))
        )
        kinds = kind_counts(self.outgoing.by_kind)
        about = "\n".join(
            [
                _("{n} operations ({kinds})").format(n=self.outgoing.ops, kinds=kinds),
                _("{size} bytes · QR v{v}-{ecc}").format(
                    size=len(self.outgoing.message),
                    v=self.qr_layout.version,
                    ecc=self.qr_layout.ecc,
                ),
                mode,
                _("This device's fingerprint: {fp}").format(fp=self.ws.device.fingerprint),
            ]
        )
        self.query_one("#about", Static).update(about)

    # ------------------------------------------------------------------------ motion
    def _start_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        interval = 1 / self.fps if self.animated else STEP_SECONDS
        self._timer = self.set_interval(interval, self._tick)

    def _tick(self) -> None:
        if self.parts is None:
            return
        self.seq += 1
        if not self.animated and self.seq > self.parts.count:
            self.seq = 1  # stepping for a scanner: plain parts only, round and round
        self._draw()

    def action_toggle_mode(self) -> None:
        self.animated = not self.animated
        if not self.animated:
            self.seq = 1  # a scanner starts at part 1
        self._start_timer()
        self._draw()

    def action_step(self, delta: int) -> None:
        if self.parts is None:
            return
        if self.animated:
            self.action_toggle_mode()
        self.seq = (self.seq - 1 + delta) % self.parts.count + 1
        self._start_timer()  # a key press restarts the step interval
        self._draw()

    def action_speed(self, delta: int) -> None:
        i = FPS_CHOICES.index(self.fps) + delta
        self.fps = FPS_CHOICES[max(0, min(len(FPS_CHOICES) - 1, i))]
        if self.animated:
            self._start_timer()
        self._draw()

    def action_toggle_ecc(self) -> None:
        self.ecc = "M" if self.ecc == "L" else "L"
        self.parts = None
        self._relayout()

    # ------------------------------------------------------------------------ ack
    def on_key(self, event: Key) -> None:
        """A digit typed anywhere starts the receiver's code."""
        field = self.query_one("#ack", ThaiInput)
        if event.character and event.character in DIGITS and self.focused is not field:
            event.stop()
            event.prevent_default()
            field.focus()
            field.insert_text_at_cursor(event.character)

    @on(Input.Submitted, "#ack")
    async def _ack(self, event: Input.Submitted) -> None:
        text = event.value
        try:  # on the store's writer: sync.json has one writer
            await self.on_writer(lambda ws: acknowledge(ws, text))
        except BundleError as exc:
            self._show_status(exc.message, True)
            return
        except Exception as exc:  # a full disk writing sync.json: said, not a crash
            self._show_status(_("Not saved: {reason}").format(reason=os_reason(exc)), True)
            return
        self.notify(_("Delivered: the receiver has this bundle; it will not be sent again."))
        self.dismiss()

    def _show_status(self, message: str, problem: bool = False) -> None:
        self.status = message
        status = self.query_one("#status", Static)
        status.update(message)
        status.set_class(problem, "-problem")

    def action_back(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.dismiss()
