"""What every screen shares: the translated footer, the language switch, the minimum size.

Binding descriptions are English msgids (marked with ``N_``); the footer translates them
when it draws, so switching language needs no new bindings, only a redraw.

The footer shows what fits, most important first, and never half a key: F1 (help) comes
first and lists every key, so a key that does not fit is one press away, not lost. A screen
orders its own keys with ``FOOTER_ORDER`` (binding ids, most important first); keys it does
not list follow in their binding order, then the language, quit, contrast and palette keys.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events, getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.keys import key_shown, ranked_keys
from sammachip_tui.screens.saving import StoreAccess
from sammachip_tui.screens.sizes import SizeGuard

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp

# Textual's own binding descriptions that show in our footer.
N_("Quit")
N_("palette")


def key_width(key: FooterKey) -> int:
    """Cells a key takes in the compact footer: "key description" and a space after."""
    width = cell_len(key.key_display) + 1
    return width + cell_len(key.description) + 1 if key.description else width


class TranslatedFooter(Footer):
    """Footer whose keys are translated, ordered by importance and never cut: keys that do
    not fit are left out whole (F1 lists them)."""

    _composed_width = -1
    # What the last compose showed: (width, then each key's key, display, description,
    # action, disabled, tooltip), or None before the bindings were ready.
    _composed: tuple[object, ...] | None = None

    def __init__(self) -> None:
        super().__init__(compact=True)  # one space between keys: more of them fit

    def compose(self) -> ComposeResult:
        keys = self._fitting_keys()
        self._composed = self._shown(keys) if self._bindings_ready else None
        yield from keys

    async def recompose(self) -> None:
        """Only when what the footer shows changes. Every change of the screen's bindings
        asks for a recompose (a focus moving, a widget mounted): six times on the way to
        the villages list, each one mounting a dozen keys anew, most of them the same."""
        unchanged = self._composed is not None and self.is_attached and not self._pruning
        if unchanged and self._shown(self._fitting_keys(bind=False)) == self._composed:
            return
        await super().recompose()

    def _shown(self, keys: list[FooterKey]) -> tuple[object, ...]:
        shown = [(k.key, k.key_display, k.description, k.action, k.has_class("-disabled"),
                  k.tooltip) for k in keys]  # fmt: skip
        return (self.app.size.width, *shown)

    def _fitting_keys(self, *, bind: bool = True) -> list[FooterKey]:
        """The keys that fit; ``bind=False`` only to compare (binding to the footer's
        ``compact`` works inside its compose, not from a screen's F2 handler)."""
        if not self._bindings_ready:
            return []
        screen = self.screen
        room = self.app.size.width
        self._composed_width = room
        seen: set[tuple[int, str]] = set()
        keys = []
        for key in ranked_keys(screen):
            binding = key.binding
            palette = binding.action == "command_palette"
            if not (binding.show or palette) or (id(key.node), binding.action) in seen:
                continue
            seen.add((id(key.node), binding.action))
            widget = FooterKey(
                binding.key,
                key_shown(screen, binding),
                _(binding.description) if binding.description else "",
                binding.action,
                disabled=not key.enabled,
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            )
            if bind:
                widget.data_bind(compact=Footer.compact)
            width = key_width(widget)
            if width > room:
                continue  # a shorter, less important key may still fit
            room -= width
            keys.append(widget)
        return keys

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and self.app.size.width != self._composed_width:
            self.call_after_refresh(self.recompose)


class BaseScreen(StoreAccess, SizeGuard, Screen[None]):
    """A screen that redraws its words when the language changes, and says so when the
    terminal is smaller than it needs (``MIN_SIZE``).

    Screens keep what the user typed or selected in attributes that ``compose`` reads back,
    so a recompose never loses it.
    """

    # Binding ids, most important first: the footer shows them in this order.
    FOOTER_ORDER: ClassVar[tuple[str, ...]] = ()

    if TYPE_CHECKING:
        app = getters.app(SammachipApp)

    _leaving = False

    def screen_title(self) -> str:
        return ""

    def leave_when(self, ready: Callable[[], Awaitable[bool]]) -> None:
        """Esc on a screen that may have to ask first (text typed, a value that cannot be
        saved): ``ready()`` saves or asks, and the screen closes if it says so. One question
        at a time: Esc pressed again meanwhile does nothing."""
        if self._leaving or self.app.asking:
            return
        self._leaving = True

        async def leave() -> None:
            try:
                if await ready():
                    self.dismiss()
            finally:
                self._leaving = False

        self.run_worker(leave(), group="leave")

    def on_mount(self) -> None:
        self.title = self.screen_title()

    async def language_changed(self) -> None:
        """Redraw in the new language with the keyboard where it was: a recompose replaces
        every widget, and without this nothing had focus (the footer went blank until Tab)."""
        self.title = self.screen_title()
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        if focused is not None and self.focused is None:
            again = self.query(f"#{focused}")
            if again:
                again.first().focus()
