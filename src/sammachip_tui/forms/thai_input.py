"""ThaiInput: Textual's Input, with the cursor on whole grapheme clusters.

Textual's Input counts code points (reference/textual.md T2, T3): crossing ``น้ำพริก``
takes 7 presses for 5 cells, the cursor can sit between a consonant and its tone mark (and
then disappears, being drawn on a zero-width mark), and a click past the end of Thai text
lands inside the word. Here every cursor position is a cluster boundary from
``rich.cells.split_graphemes``, the same cells the terminal draws, so each Left or Right
moves one visible cell and a tone mark is never split from its consonant.

Backspace after a Thai cluster removes its last code point, as Thai keyboards on every
desktop do (Pango's ``backspace_deletes_character``): a mistyped tone mark is fixed with one
Backspace without retyping the consonant. After any other cluster (an emoji with its
modifier, say) Backspace removes the whole cluster. Delete always removes a whole cluster.

Keys are acted on in the order they came, however fast they come. Textual's Input inserts a
printable key where it arrives but runs its bound keys (Backspace, arrows, Home, Enter) only
when the key has bubbled up to the App, behind every key still queued there: ``abcdef``, six
Backspaces and ``xy`` sent in one burst (a scanner, a paste through a terminal without
bracketed paste, a fast typist on a slow Pi) left ``ab``, a tone mark typed after Left landed
at the end, and a scanner's Enter submitted every frame of the burst joined. Here the field
runs its own bindings as each key reaches it, exactly as the App would have.

Fields with ``type="integer"`` or ``"number"`` take Thai digits (๐–๙), stored as 0–9.
Pasted text loses line breaks and tabs (an Input holds one line).
"""

from __future__ import annotations

import bisect
import re

from rich.cells import split_graphemes
from textual import events
from textual.widgets import Input
from textual.widgets._input import Selection

from sammachip_tui.model.thai import to_arabic_digits

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


class ThaiInput(Input):
    """A one-line text field whose cursor moves, selects and deletes by grapheme cluster."""

    _bounds_for: str | None = None
    _bounds: list[int]

    # ------------------------------------------------------------------ cluster boundaries
    def boundaries(self) -> list[int]:
        """Indexes where a cluster starts, plus the end of the value (cached per value)."""
        value = self.value
        if self._bounds_for != value:
            spans, _width = split_graphemes(value)
            self._bounds = [start for start, _end, _cells in spans] + [len(value)]
            if self._bounds[0] != 0:
                self._bounds.insert(0, 0)
            self._bounds_for = value
        return self._bounds

    def _snap(self, index: int) -> int:
        """The boundary at or after ``index`` (a position inside a cluster goes to its end,
        so a mark just typed stays behind the cursor)."""
        bounds = self.boundaries()
        i = bisect.bisect_left(bounds, index)
        return bounds[min(i, len(bounds) - 1)]

    def _previous(self, index: int) -> int:
        bounds = self.boundaries()
        i = bisect.bisect_left(bounds, index)
        return bounds[max(i - 1, 0)]

    def _next(self, index: int) -> int:
        bounds = self.boundaries()
        i = bisect.bisect_right(bounds, index)
        return bounds[min(i, len(bounds) - 1)]

    def validate_selection(self, selection: Selection) -> Selection:
        start, end = super().validate_selection(selection)
        return Selection(self._snap(start), self._snap(end))

    # --------------------------------------------------------------------- cursor moves
    def action_cursor_left(self, select: bool = False) -> None:
        start, end = self.selection
        if select:
            self.selection = Selection(start, self._previous(end))
        elif self.selection.is_empty:
            self.cursor_position = self._previous(end)
        else:
            self.cursor_position = min(start, end)

    def action_cursor_right(self, select: bool = False) -> None:
        start, end = self.selection
        if select:
            self.selection = Selection(start, self._next(end))
        elif self.cursor_at_end and self._suggestion:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        elif self.selection.is_empty:
            self.cursor_position = self._next(end)
        else:
            self.cursor_position = max(start, end)

    # ----------------------------------------------------------------------- key order
    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                # Priority bindings ran in the App before the key came here (as always).
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()  # the App must not run it a second time
                    return
        await super()._on_key(event)

    # -------------------------------------------------------------------------- deletion
    def action_delete_right(self) -> None:
        if self.selection.is_empty:
            self.delete(self.cursor_position, self._next(self.cursor_position))
        else:
            self.delete_selection()

    def action_delete_left(self) -> None:
        if not self.selection.is_empty:
            self.delete_selection()
            return
        end = self.cursor_position
        if end == 0:
            return
        start = self._previous(end)
        if _THAI.match(self.value[start]):
            start = end - 1  # one code point: the tone mark, then the vowel, then the consonant
        self.replace("", start, end)

    def replace(self, text: str, start: int, end: int) -> None:
        if self.type in ("integer", "number"):
            text = to_arabic_digits(text)
        super().replace(text, start, end)

    def _on_paste(self, event: events.Paste) -> None:
        text = _LINE_BREAKS.sub(" ", event.text).strip()
        if text:
            start, end = self.selection
            self.replace(text, start, end)
        event.stop()
        event.prevent_default()  # Input's own handler would paste the first line again

    # ----------------------------------------------------------------------------- mouse
    def _cell_offset_to_index(self, offset: int) -> int:
        """The boundary under a click; past the end of the text, the end."""
        scroll_x, _ = self.scroll_offset
        offset += scroll_x
        spans, _width = split_graphemes(self.value)
        cells = 0
        for start, _end, width in spans:
            if offset < cells + max(width, 1):
                return start
            cells += width
        return len(self.value)
