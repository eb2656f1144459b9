"""Send: the bundle a peer has not acknowledged, as QR frames drawn in the terminal.

The code is the largest version that fits the terminal (redrawn on resize), black modules on
white whatever the theme, quiet zone 2, "part k of N" beside it. Animated for a camera (the
loop runs on past N into fountain mixes, so missed frames do not mean waiting a whole round),
or step by step for a scanner that types (← →; advancing by itself every few seconds only
when asked, ``a``: a scanner that misses a frame would otherwise never see it again in time).
When the receiver shows its 8-digit code, type it here, or scan its QR (a 22-digit frame):
the operations are marked delivered.

One bundle stays on screen until it is acknowledged: a resize or ``e`` re-cuts the same
bytes (the receiver goes on in the new cut, keeping what it read: sync/parts.py), and leaving
and reopening the screen shows the same bundle again rather than sealing a new one, whose
frames would not count with those already read. Below the size that holds the smallest code
(``qr.MIN_VERSION``) the screen says so, keeps the bundle and its cut, and draws again when
the window grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

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
from sammachip_tui.store.workspace import Workspace
from sammachip_tui.sync import qr
from sammachip_tui.sync.bundle import Outgoing, SyncState, acknowledge, build_bundle
from sammachip_tui.sync.envelope import BundleError
from sammachip_tui.sync.parts import Parts, TooLargeForFrames, make_parts

QR_STYLE = "#000000 on #ffffff"  # dark modules on light, never inverted by the theme
FPS_CHOICES = (1, 2, 3, 4, 6, 8)
STEP_SECONDS = 3.0
DIGITS = "0123456789๐๑๒๓๔๕๖๗๘๙"
# What a scanner types for 0-9 into a Thai keyboard layout (frames.THAI_LAYOUT_DIGITS), less
# "/" and "-" (2 and 3), which keep their keys here; an ack frame starts with 66 anyway.
THAI_LAYOUT_KEYS = "จๅภถุึคต"
ACK_CHARACTERS = rf"[0-9๐-๙{THAI_LAYOUT_KEYS}/\-\s]*"
ACK_MAX = 40  # the ack frame is 22 digits; room for the spaces a scanner may add
SIDE = 30  # columns kept for the panel beside the code when the terminal is wide enough
NARROW_SIDE = 23  # the panel's least, when a code fits no other way: 60x20 holds v4
PANEL_ROWS = 6  # rows the panel takes under the code when it cannot go beside it


@dataclass(frozen=True)
class Shown:
    """The bundle on a peer's send screen and its error correction, while unacknowledged."""

    outgoing: Outgoing
    ecc: str


# Per workspace (one per app), per peer: what the send screen showed last, so reopening it
# shows the same frames. Weak: a closed workspace takes its bundles with it.
_SHOWN: WeakKeyDictionary[Workspace, dict[str, Shown]] = WeakKeyDictionary()


def _unacknowledged(ws: Workspace, shown: Shown | None) -> Shown | None:
    """``shown`` while its bundle is still waiting for an acknowledgement (sync.json)."""
    if shown is None:
        return None
    return shown if f"{shown.outgoing.checksum:08x}" in SyncState.load(ws.data_dir).sent else None


def arrange(width: int, height: int, ecc: str) -> tuple[str, qr.Layout] | None:
    """Where the panel goes ("beside" or "under" the code) and the code that then fits the
    terminal: the larger code of the two, beside on a tie; a narrower panel beside when
    neither holds a frame; None when nothing does."""
    rows = height - 1  # the footer
    beside = qr.layout_for(width - SIDE, rows, ecc)
    under = qr.layout_for(width, rows - PANEL_ROWS, ecc)
    if beside is not None and (under is None or beside.version >= under.version):
        return "beside", beside
    if under is not None:
        return "under", under
    narrow = qr.layout_for(width - NARROW_SIDE, rows, ecc)
    return None if narrow is None else ("beside", narrow)


def smallest_size() -> tuple[int, int]:
    """The smallest terminal that shows a frame: the smallest code, a narrow panel beside
    it, the footer under it."""
    columns, rows = qr.smallest_cells()
    return columns + NARROW_SIDE, rows + 1


class SendScreen(BaseScreen):
    AUTO_FOCUS = None  # keys drive the frames; typing a digit goes to the code field
    MIN_SIZE = (0, 0)  # its own note says what size a code needs, or --png/--pdf
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back"),
        Binding("space", "toggle_mode", N_("Animate / step"), key_display="Space", id="mode"),
        Binding("right", "step(1)", N_("Next"), key_display="→", id="next"),
        Binding("a", "toggle_auto", N_("Advance by itself"), show=False, id="auto"),
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
    SendScreen #ack { height: 1; border: none; padding: 0 1; background: $boost; width: 1fr;
                      max-width: 26; }
    SendScreen #too-small { height: 1fr; padding: 1 2; display: none; }
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
        self.auto_step = False  # step mode waits for → unless asked to advance by itself
        self.too_small = False
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
                    restrict=ACK_CHARACTERS,
                    max_length=ACK_MAX,
                    placeholder="00000000",
                    select_on_focus=False,
                )
                yield Static(self.status, id="status", markup=False)
        yield Static("", id="too-small", markup=False)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.set_focus, None)  # keys drive the frames
        if self.outgoing is None:
            self._build()
        else:
            self._built(Shown(self.outgoing, self.ecc))

    async def language_changed(self) -> None:
        await super().language_changed()  # a recompose: the code and the panel drawn again
        self._relayout()

    def action_with_key(self) -> None:
        """For a receiver that has not met this device: the same bundle, carrying the key."""
        self.with_key = True
        self.parts = None
        self._build(fresh=True)

    @work(thread=True, exclusive=True, group="build-bundle")
    def _build(self, fresh: bool = False) -> None:
        """The bundle shown last for this peer while it is unacknowledged (``fresh``: a new
        one, as ``k`` asks), else a new one."""
        peer, with_key, ecc = self.peer, self.with_key, self.ecc

        def build(ws: Workspace) -> Shown | None:
            shown = None if fresh else _unacknowledged(ws, _SHOWN.get(ws, {}).get(peer))
            if shown is None:
                outgoing = build_bundle(ws, peer, with_key=with_key)
                shown = None if outgoing is None else Shown(outgoing, ecc)
            return shown

        try:  # on the store's writer: sync.json has one writer, and quitting waits for it
            built = self.ws.on_writer(build).result()
        except Exception as exc:  # a full disk writing sync.json, say
            self.app.call_from_thread(self._show_status, os_reason(exc), True)
            return
        self.app.call_from_thread(self._built, built)

    def _built(self, shown: Shown | None) -> None:
        self.outgoing = None if shown is None else shown.outgoing
        if shown is not None:
            self.ecc = shown.ecc
            self._remember()
        outgoing = self.outgoing
        if outgoing is None:
            self.query_one("#part", Static).update(
                _("Nothing to send: {peer} has acknowledged everything.").format(
                    peer=self.peer_label
                )
            )
            return
        self._relayout()
        self._start_timer()

    def _remember(self) -> None:
        """This bundle (and its error correction) is what reopening the screen shows."""
        if self.outgoing is not None:
            _SHOWN.setdefault(self.ws, {})[self.peer] = Shown(self.outgoing, self.ecc)

    # ------------------------------------------------------------------------ layout
    def _relayout(self) -> None:
        """Fit the largest code to the terminal; the same bytes re-cut when the fragment size
        changes (the receiver goes on in the new cut). Too small for any code: said, and the
        bundle kept as it is until the window grows."""
        if self.outgoing is None:
            return
        width, height = self.app.size
        arrangement = arrange(width, height, self.ecc)
        self._show_too_small(arrangement is None)
        if arrangement is None:
            return
        where, layout = arrangement
        side_by_side = where == "beside"
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

    def _show_too_small(self, too_small: bool) -> None:
        self.too_small = too_small
        self.query_one("#send-body").display = not too_small
        note = self.query_one("#too-small", Static)
        note.display = too_small
        if too_small:
            width, height = self.app.size
            need_w, need_h = smallest_size()
            note.update(
                _("This window ({size}) is too small to show a QR code: it needs at least "
                  "{need}. Make the window bigger (the code comes back by itself), or send on "
                  "paper or as files: sammachip sync send --to {peer} --pdf FILE (or --png "
                  "FOLDER).").format(size=f"{width}×{height}", need=f"{need_w}×{need_h}",
                                     peer=self.peer)
            )  # fmt: skip

    def _draw(self) -> None:
        if self.parts is None or self.qr_layout is None or self.outgoing is None:
            return
        if self.too_small:
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
        if self.animated:
            mode = _("animated, {fps} frames a second").format(fps=self.fps)
        elif self.auto_step:
            mode = _("step: → next, ← previous; the next every {s} s (a: stop)").format(
                s=int(STEP_SECONDS)
            )
        else:
            mode = _("step: → next, ← previous (a: the next every {s} s by itself)").format(
                s=int(STEP_SECONDS)
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
        """Frames move by themselves when animated, and in step mode only when asked."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.animated or self.auto_step:
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

    def action_toggle_auto(self) -> None:
        """Step mode: advance by itself every few seconds, or wait for → (the default)."""
        if self.animated:
            self.animated = False
            self.seq = 1  # a scanner starts at part 1
            self.auto_step = True
        else:
            self.auto_step = not self.auto_step
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
        """The same bytes in codes of the other error correction (a re-cut, not a new bundle)."""
        self.ecc = "M" if self.ecc == "L" else "L"
        self._remember()
        self._relayout()

    # ------------------------------------------------------------------------ ack
    def on_key(self, event: Key) -> None:
        """A digit typed anywhere starts the receiver's code, or its scanned ack frame (a
        scanner typing into a Thai layout sends the layout's digit keys)."""
        field = self.query_one("#ack", ThaiInput)
        starts = DIGITS + THAI_LAYOUT_KEYS
        if event.character and event.character in starts and self.focused is not field:
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
