"""What every screen shares: the translated footer and the language switch.

Binding descriptions are English msgids (marked with ``N_``); the footer translates them
when it draws, so switching language needs no new bindings, only a redraw.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.saving import StoreAccess

if TYPE_CHECKING:
    from sammachip_tui.app import SammachipApp

# Textual's own binding descriptions that show in our footer.
N_("Quit")
N_("palette")


class TranslatedFooter(Footer):
    """Footer whose key descriptions are translated when drawn."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else ""
                if widget.tooltip and isinstance(widget.tooltip, str):
                    widget.tooltip = _(widget.tooltip)
            yield widget


class BaseScreen(StoreAccess, Screen[None]):
    """A screen that redraws its words when the language changes.

    Screens keep what the user typed or selected in attributes that ``compose`` reads back,
    so a recompose never loses it.
    """

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
