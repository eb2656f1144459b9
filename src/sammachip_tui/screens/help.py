"""F1: every key of the screen underneath, with what it does, in the officer's language.

One help for every screen, built from the live bindings (the screen's, its focused widget's
and the app's), never a text written per screen: a key added to a screen is listed here
without anyone remembering to. The footer shows what fits, most important first; this lists
all of it, hidden keys too, so no key is only known to those who read the code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from sammachip_tui.i18n import N_, _
from sammachip_tui.screens.keys import key_shown, ranked_keys


@dataclass(frozen=True)
class KeyHelp:
    """One action and every key that runs it."""

    keys: str  # as shown: "Del / d"
    what: str  # translated: the binding's longer name (tooltip) or its description
    enabled: bool


def help_rows(screen: Screen[Any]) -> list[KeyHelp]:
    """Every named key of ``screen``, one row per action, most important first."""
    rows: dict[tuple[int, str], tuple[list[str], str, bool]] = {}
    for key in ranked_keys(screen):
        binding = key.binding
        where = (id(key.node), binding.action)
        keys, what, enabled = rows.get(where, ([], _(key.name), False))
        # A binding of two keys shares one display ("^Z" for Ctrl+Z and u): the second
        # key is listed by its own name.
        for shown in (key_shown(screen, binding), raw_key(screen, binding)):
            if shown not in keys:
                keys.append(shown)
                break
        rows[where] = (keys, what, enabled or key.enabled)
    return [KeyHelp(" / ".join(keys), what, on) for keys, what, on in rows.values()]


def raw_key(screen: Screen[Any], binding: Binding) -> str:
    return screen.app.get_key_display(replace(binding, key_display=None))


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened on; Esc (or F1 again) closes it."""

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="help-close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen > #box {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #title { text-style: bold; height: auto; }
    HelpScreen #keys { height: auto; max-height: 1fr; }
    HelpScreen #close { color: $text-muted; height: auto; }
    """

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__(id="help")
        self.keys = help_rows(under)
        self.under_title = getattr(under, "title", None) or ""
        self.under = under
        self.under_unfocused = under.focused is None

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            title = _("Keys on this screen")
            if self.under_title:
                title = f"{title}: {self.under_title}"
            yield Static(title, id="title", markup=False)
            table: DataTable[Text] = DataTable(
                id="keys", cursor_type="row", zebra_stripes=True, show_header=True
            )
            table.add_column(_("Key"), key="key")
            table.add_column(_("What it does"), key="what")
            for row in self.keys:
                what = row.what if row.enabled else _("{what} (not now)").format(what=row.what)
                table.add_row(Text(row.keys, style="bold"), Text(what))
            yield table
            yield Static(_("Esc or F1: close"), id="close", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_unmount(self) -> None:
        """Leave the keyboard where it was. A screen that keeps no widget focused on purpose
        (the send screen: Space, → and e drive its frames) is given one by Textual when it
        comes back on top; without this the code field took the keys after F1 and Esc."""
        if self.under_unfocused:
            self.under.call_after_refresh(self.under.set_focus, None)
