"""The screens that show one view read from the store as a table: a group, its network, a
village's action plan, its mentoring. What they share is how they keep the table current:
read the view when shown, again when the officer comes back to it (a dialog or another
screen may have saved something) and on a new language; draw it again on a new width (the
columns are fitted to it); a status line under the table; the row under the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import events
from textual.widgets import DataTable, Static

from sammachip_tui.i18n import _
from sammachip_tui.screens.chrome import BaseScreen
from sammachip_tui.store.workspace import Change, Workspace


class TableViewScreen(BaseScreen):
    """Subclasses compose a ``#table`` and a ``#status``, and define ``reread`` (read the
    view from the store, then ``_show``) and ``_show`` (draw it; it sets ``_width`` and the
    table's row ``_keys``)."""

    view: Any = None
    _keys: list[str]
    _width: int = 0

    def on_mount(self) -> None:
        self._keys = getattr(self, "_keys", [])
        self.reread()  # before the title: a screen's title may name what the view holds
        super().on_mount()
        self.query_one("#table").focus()

    async def language_changed(self) -> None:
        await super().language_changed()
        self.reread()  # a view may hold sentences said in the language it was read in

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reread()

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._width and self.view is not None:
            self._show()

    def reread(self) -> None:
        raise NotImplementedError

    def _show(self) -> None:
        raise NotImplementedError

    def _status(self, text: str, problem: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(problem, "-problem")

    def _selected(self) -> str | None:
        """The key of the row under the cursor; None when the table is empty."""
        if not self._keys:
            return None
        table = self.query_one("#table", DataTable)
        return self._keys[min(max(table.cursor_row, 0), len(self._keys) - 1)]

    def delete_after_yes(
        self, question: str, build: Callable[[Workspace], Iterable[Change | None]]
    ) -> None:
        """Ask ``question``; on yes, save what ``build`` makes (the tombstones) and read the
        view again; a refusal is said on the status line."""
        from sammachip_tui.screens.lesson_dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.save_in_background(
                    build,
                    saved=lambda _saved: self._deleted(),
                    failed=lambda error: self._status(error.message, True),
                )

        self.app.push_screen(ConfirmDialog(question), answered)

    def _deleted(self) -> None:
        self._status(_("Deleted."))
        self.reread()
