"""The command palette and its keys panel in the officer's language, and closable.

Textual's keys panel (palette → Keys) listed its bindings by their English msgids and had no
key that closed it; the palette said ``No matches found`` in English. The panel here lists what
the palette lists (``SammachipApp.get_system_commands``: each key of the screen by its name in
the current language), says that Esc closes it, and the app's Esc closes it before Esc does
anything else on the screen.
"""

from __future__ import annotations

from rich.align import Align
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.command import CommandList, CommandPalette
from textual.widgets import HelpPanel, KeyPanel
from textual.widgets._key_panel import BindingsTable
from textual.widgets.option_list import Option

from sammachip_tui.i18n import _


class _KeysTable(BindingsTable):
    def render_bindings_table(self) -> Table:
        key_style = self.get_component_rich_style("bindings-table--key")
        name_style = self.get_component_rich_style("bindings-table--description")
        table = Table(padding=(0, 1), show_header=False, box=None, title_justify="left")
        table.title = _("Keys · Esc closes this list")
        table.add_column("", justify="right")
        table.add_column("")
        for command in self.app.get_system_commands(self.screen):
            if command.help:  # the palette's own entries (this list) have no key
                table.add_row(Text(command.help, style=key_style), Text(command.title, name_style))
        return table


class _KeyList(KeyPanel):
    def compose(self) -> ComposeResult:
        yield _KeysTable(shrink=True, expand=False)


class KeysPanel(HelpPanel):
    """Every key of the screen, in the current language; redrawn when the keys change (F2
    redraws it in the other language). Textual's help for the focused widget is English only,
    so it is left out."""

    def compose(self) -> ComposeResult:
        yield _KeyList(id="keys-help")


class Palette(CommandPalette):
    """Textual's palette with its one hard-coded English sentence in the catalog."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # as Textual does: nothing to say while just browsing
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
