"""Every screen's minimum size, and what is shown below it.

A terminal can be any size (a Pi's small panel, a split window). A screen laid out for more
room than it has draws garbled or, worse, crashes deep in a widget. So each screen says how
much it needs (``MIN_SIZE``, or ``minimum_size()`` when it depends on what is shown); below
that, its widgets are hidden and one message says how big the window must be. Its keys do
nothing meanwhile (only quitting, the language, the theme and help), so a key pressed blind
changes nothing. When the window grows again the screen comes back as it was, focus and all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from sammachip_tui.i18n import _

# Actions that still work on a screen that is too small: they change no data.
ALWAYS_ALLOWED = frozenset(
    {"quit", "toggle_language", "toggle_contrast", "help", "command_palette"}
)

TOO_SMALL = "-too-small"


class TooSmall(Static):
    """The message shown instead of a screen that does not fit."""

    SCOPED_CSS = False  # the rules below are about the screen holding it
    DEFAULT_CSS = """
    TooSmall {
        display: none; width: 1fr; height: 1fr; padding: 0 1;
        content-align: center middle; text-align: center; color: $text;
    }
    .-too-small > * { display: none; }
    .-too-small > TooSmall { display: block; }
    """


def too_small_message(need: tuple[int, int], have: tuple[int, int]) -> str:
    return _(
        "This window is too small for this screen: it needs at least {need_w}×{need_h}"
        " characters, it has {have_w}×{have_h}. Make the window bigger (or the font"
        " smaller). Ctrl+Q quits."
    ).format(need_w=need[0], need_h=need[1], have_w=have[0], have_h=have[1])


if TYPE_CHECKING:
    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class SizeGuard(_ScreenBase):
    """Mixed into a screen (before ``Screen`` in its bases): hides it behind a message while
    the terminal is too small."""

    # (columns, rows) the screen needs to be usable and drawn whole.
    MIN_SIZE: ClassVar[tuple[int, int]] = (60, 14)

    _too_small = False
    _focus_before: Widget | None = None

    def minimum_size(self) -> tuple[int, int]:
        """What this screen needs now: a screen whose needs depend on its content (the
        send screen's QR code) overrides this."""
        return self.MIN_SIZE

    @property
    def below_minimum(self) -> bool:
        return self._too_small

    def check_size(self) -> None:
        """Show the screen or the message, for the terminal's size now."""
        if not self.is_attached:
            return
        need = self.minimum_size()
        have = (self.app.size.width, self.app.size.height)
        small = have[0] < need[0] or have[1] < need[1]
        if small:
            message = next(iter(self.query(TooSmall).results(TooSmall)), None)
            if message is None:
                message = TooSmall(id="below-minimum")
                self.mount(message)
            message.update(too_small_message(need, have))
            if self.focused is not None:  # also one focused before this check came round
                self._focus_before = self.focused
                super().set_focus(None)
        elif self._too_small:
            before, self._focus_before = self._focus_before, None
            if before is not None and before.is_attached:
                self.call_after_refresh(before.focus)
        self._too_small = small
        self.set_class(small, TOO_SMALL)
        if self.is_current:
            self.refresh_bindings()

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """While the message is shown nothing hidden takes the keys: a widget the screen
        focuses meanwhile gets the focus back when the window is big enough."""
        if self._too_small and widget is not None:
            self._focus_before = widget
            return
        super().set_focus(widget, scroll_visible, from_app_focus)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Pushed or back on top: after Textual's own handler (which may focus a widget)."""
        self.call_after_refresh(self.check_size)

    def _screen_resized(self, size: Size) -> None:
        """Textual calls this on every screen of the stack when the terminal resizes."""
        super()._screen_resized(size)
        self.check_size()

    async def recompose(self) -> None:
        """A recompose (a language switch, new data) drops the message: put it back."""
        await super().recompose()
        if self._too_small:
            self._too_small = False
            self.check_size()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self._too_small and action not in ALWAYS_ALLOWED)
