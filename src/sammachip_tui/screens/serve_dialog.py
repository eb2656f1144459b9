"""Which villages a device serves: ticked at the central store, from the devices screen.

``v`` on a device opens it for that device; ``n`` opens it for a new (or replaced) device the
store has not met yet, with a field for the id shown on that device's own devices screen:
once saved, the send screen offers it, and its first bundle fills it before it has sent
anything. Like the teaching dialogs it changes what a device is sent, so Esc (and Ctrl+Q)
close it with nothing done; Space ticks, Enter or Ctrl+S saves (store/service.py checks
the villages, sync/service.py the device; a refusal is said in the dialog).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Static

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.screens.lesson_dialogs import EnterSaves
from sammachip_tui.screens.plain import plain

if TYPE_CHECKING:
    from sammachip_tui.screens.saving import Build
    from sammachip_tui.store.workspace import Change, Workspace


@dataclass(frozen=True)
class Serve:
    """What the officer chose: the device, and its villages (None: every village)."""

    device_id: str
    villages: tuple[str, ...] | None


class ServeDialog(EnterSaves):
    """The district's villages, ticked where ``device_id`` serves them (``None``: a new
    device, whose id is typed). Returns a ``Serve``; Esc: None."""

    DEFAULT_CSS = """
    ServeDialog #serve-all { margin-bottom: 1; }
    """

    def __init__(
        self,
        device_id: str | None,
        name: str,
        villages: list[tuple[str, str]],
        served: tuple[str, ...] | None,
    ) -> None:
        super().__init__(id="serve-dialog")
        self.device_id, self.device_name = device_id, name
        self.villages, self.served = villages, served

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            if self.device_id is None:
                yield Static(_("A new device: fill it from this store"), id="title")
                yield from self.row("device", _("Its device id"), "",
                                    placeholder=_("as its devices screen shows it"))  # fmt: skip
            else:
                title = _("Villages {name} ({id}) serves").format(
                    name=self.device_name, id=self.device_id
                )
                yield Static(title, id="title", markup=False)
            yield Static(_("It is sent the villages ticked (Space) and the district's "
                           "records."), id="hint", markup=False)  # fmt: skip
            yield Checkbox(_("Every village (no limit)"), self.served is None and
                           self.device_id is not None, id="serve-all")  # fmt: skip
            for code, label in self.villages:
                ticked = self.served is not None and code in self.served
                yield Checkbox(plain(label), ticked, id=f"v-{code}")
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: save · Esc: nothing changes."), id="hint2")

    def on_mount(self) -> None:
        first = self.query_one("#f-device", Input) if self.device_id is None else None
        (first or self.query_one("#serve-all", Checkbox)).focus()

    def chosen(self) -> Serve | None:
        from sammachip_tui.sync.service import device_to_serve

        device_id = self.device_id
        if device_id is None:
            typed = self.value_of("device").strip()
            if not typed:
                self.show_problem(_("Type the id the new device shows."), "device")
                return None
            try:
                device_id = device_to_serve(self.ws, typed, new=True)
            except UserError as exc:
                self.show_problem(exc.message, "device")
                return None
        if self.query_one("#serve-all", Checkbox).value:
            return Serve(device_id, None)
        ticked = tuple(c for c, _l in self.villages if self.query_one(f"#v-{c}", Checkbox).value)
        if not ticked:
            self.show_problem(_("Tick at least one village, or every village."))
            return None
        return Serve(device_id, ticked)


def serve_build(choice: Serve) -> Build:
    """The save of a ``Serve``: run on the store's writer (FormDialog.saving_with)."""
    from sammachip_tui.store.service import serve_change

    def build(ws: Workspace) -> list[Change | None]:
        return [serve_change(ws, choice.device_id, choice.villages, every=choice.villages is None)]

    return build
