"""The keys a screen answers to now, ranked by importance: what the footer and F1 show.

Both read the same live bindings (the focused widget's, the screen's and the app's), so the
footer and the help cannot disagree, and a new key needs nothing but its binding.

A focused table binds Enter to its own nameless "select" key, which hides the screen's Enter
("Open") from Textual's active bindings although Enter does open the row: such screen keys
are listed under the name the screen gave them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from sammachip_tui.i18n import N_

# Where keys no screen placed go: help and back first, the app's own keys last.
FIRST = {"help": -2, "back": -1}
LAST = {"language": 1000, "quit": 1001, "contrast": 1002, "command_palette": 1003}


# Textual's own keys, named in our catalog (its English names are not).
OWN_NAMES = {
    "command_palette": N_("Commands: find any action by its name"),
    # Textual's own Ctrl+C on a screen (listed when a focused field takes Ctrl+C first).
    "screen.copy_text": N_("Copy selected text"),
    "copy_text": N_("Copy selected text"),
}


@dataclass(frozen=True)
class ScreenKey:
    binding: Binding
    node: DOMNode
    enabled: bool

    @property
    def name(self) -> str:
        """The English msgid naming what the key does, at its longest (translate when
        shown)."""
        own = OWN_NAMES.get(self.binding.action)
        return own or self.binding.tooltip or self.binding.description


def named(binding: Binding) -> bool:
    """A key of this app's own: shown in the footer, or given a longer name (a tooltip), or
    the palette. Widgets' built-in moves (arrows, Tab, page keys) are not listed."""
    return bool(binding.description) and (
        binding.show or bool(binding.tooltip) or binding.action == "command_palette"
    )


def screen_keys(screen: Screen[Any]) -> list[ScreenKey]:
    """Named keys active on ``screen`` now, in Textual's order (focused widget first)."""
    keys: list[ScreenKey] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if named(binding):
            keys.append(ScreenKey(binding, active.node, active.enabled))
            continue
        for own in screen._bindings.key_to_bindings.get(key, []):
            if own.description and own.action != binding.action:  # taken over by a widget
                state = screen.app._check_action_state(own.action, screen)
                keys.append(ScreenKey(own, screen, bool(state)))
    return keys


def rank(screen: Screen[Any], binding: Binding, index: int) -> tuple[int, int]:
    """Smaller is more important: the screen's ``FOOTER_ORDER`` (binding ids), else the
    defaults above, else the order the bindings come in."""
    name = binding.id or binding.action
    order: tuple[str, ...] = getattr(screen, "FOOTER_ORDER", ())
    if name in order:
        return (0, order.index(name))
    if name in FIRST:
        return (-1, FIRST[name])
    return (1, LAST.get(name, index))


def ranked_keys(screen: Screen[Any]) -> list[ScreenKey]:
    """``screen_keys`` most important first."""
    keys = screen_keys(screen)
    order = {id(k): rank(screen, k.binding, i) for i, k in enumerate(keys)}
    return sorted(keys, key=lambda k: order[id(k)])


def key_shown(screen: Screen[Any], binding: Binding) -> str:
    return binding.key_display or screen.app.get_key_display(binding)
