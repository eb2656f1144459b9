"""The dialogs with which the officer teaches the proposer, from the proposals review.

Merge two proposals, split one, mark a text "not a group occupation", see the lessons and
undo one, switch livelihoods on for the village (store/lessons.py does the work; each lesson
is a record for the whole district). Unlike the entry dialogs, these change how every village
of the district is proposed, so Esc closes them with nothing done; Enter or Ctrl+S saves.
Each box scrolls, so they work on a 40×12 terminal.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, DataTable, Static

from sammachip_tui.grouping.lessons import KIND_LABELS
from sammachip_tui.i18n import N_, _
from sammachip_tui.model.records import OccupationLesson
from sammachip_tui.screens.dialog import FormDialog, cancel_binding, save_binding
from sammachip_tui.screens.plain import plain, plain_cells


class TeachDialog(FormDialog[Any]):
    """Esc: nothing done. Enter or Ctrl+S: ``chosen()`` is saved (None: kept open). Ctrl+Q
    cancels them too: they change the whole district, never by a quit."""

    QUIT_SAVES = False

    DEFAULT_CSS = """
    TeachDialog Checkbox {
        border: none; padding: 0 1; height: auto; width: 1fr; background: $surface;
    }
    TeachDialog Checkbox:focus { border: none; background: $primary 30%; }
    TeachDialog DataTable { height: auto; max-height: 10; margin-bottom: 1; }
    """

    def chosen(self) -> Any:
        raise NotImplementedError

    async def action_save(self) -> None:
        result = self.chosen()
        if result is not None:
            await self.finish(result)


class EnterSaves(TeachDialog):
    """A dialog of checkboxes: Space ticks one, Enter saves (a checkbox would take Enter)."""

    BINDINGS = [Binding("enter", "save", N_("Save"), id="enter-save", show=False, priority=True)]


class MergeDialog(TeachDialog):
    """Pick the proposal the highlighted one is the same occupation as: returns its key."""

    def __init__(self, name: str, others: list[tuple[str, str, int]]) -> None:
        super().__init__(id="merge-dialog")
        self.name_th, self.others = name, others

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(_("Merge {name} with…").format(name=self.name_th), id="title",
                         markup=False)  # fmt: skip
            yield DataTable(cursor_type="row", id="others")
            yield self.problem_line()
            yield Static(_("Their occupation texts become one occupation in every village of "
                           "the district. Enter or Ctrl+S: merge · Esc: nothing changes."),
                         id="hint")  # fmt: skip

    def on_mount(self) -> None:
        table = self.query_one("#others", DataTable)
        table.add_column(_("Group occupation"), key="name", width=24)
        table.add_column(_("Households"), key="n", width=max(3, cell_len(_("Households"))))
        for key, name, n in self.others:
            table.add_row(*plain_cells((name, str(n))), key=key)
        table.focus()

    @on(DataTable.RowSelected)
    async def _picked(self) -> None:
        await self.action_save()

    def chosen(self) -> str | None:
        if not self.others:
            self.show_problem(_("There is no other proposal to merge with."))
            return None
        table = self.query_one("#others", DataTable)
        return self.others[min(table.cursor_row, len(self.others) - 1)][0]


class SplitDialog(EnterSaves):
    """Tick the texts that are another occupation and name it: returns (texts, name)."""

    def __init__(self, name: str, texts: list[str]) -> None:
        super().__init__(id="split-dialog")
        self.name_th, self.texts = name, texts

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(_("Split {name}").format(name=self.name_th), id="title", markup=False)
            yield Static(_("Tick the occupations that are another one (Space):"), id="hint")
            for n, text in enumerate(self.texts):
                yield Checkbox(plain(text), id=f"text-{n}")
            yield from self.row("name", _("The other one's name"), "")
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: split, for every village of the district · Esc: "
                           "nothing changes."), id="hint2")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#text-0", Checkbox).focus()

    def chosen(self) -> tuple[list[str], str] | None:
        ticked = [t for n, t in enumerate(self.texts)
                  if self.query_one(f"#text-{n}", Checkbox).value]  # fmt: skip
        if not ticked or len(ticked) == len(self.texts):
            self.show_problem(_("A split takes some of the proposal's occupations: not none, "
                                "not all."))  # fmt: skip
            return None
        name = self.value_of("name").strip()
        if not name:
            self.show_problem(_("The new occupation needs a Thai name."), "name")
            return None
        return ticked, name


class ExcludeDialog(TeachDialog):
    """One text (the member's, or typed) is not a group occupation: returns it."""

    def __init__(self, text: str) -> None:
        super().__init__(id="exclude-dialog")
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(_("Not a group occupation"), id="title")
            yield from self.row("text", _("Occupation text"), self.text)
            yield self.problem_line()
            yield Static(_("Households that give this text are not proposed, in every village "
                           "of the district. Enter or Ctrl+S: save · Esc: nothing changes."),
                         id="hint")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#f-text").focus()

    def chosen(self) -> str | None:
        text = self.value_of("text").strip()
        if not text:
            self.show_problem(_("Type the occupation text."), "text")
            return None
        return text


class LivelihoodsDialog(EnterSaves):
    """The livelihood bases, ticked where the village wants them proposed: returns the keys."""

    def __init__(self, village: str, families: list[tuple[str, str]], on: set[str]) -> None:
        super().__init__(id="livelihoods-dialog")
        self.village, self.families, self.on = village, families, on

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(_("Livelihoods proposed in this village"), id="title")
            yield Static(_("Not group occupations unless ticked here (Space):"), id="hint")
            for key, name in self.families:
                yield Checkbox(plain(name), key in self.on, id=f"live-{key}")
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: save · Esc: nothing changes."), id="hint2")

    def on_mount(self) -> None:
        if self.families:
            self.query_one(Checkbox).focus()

    def chosen(self) -> list[str]:
        return [k for k, _n in self.families if self.query_one(f"#live-{k}", Checkbox).value]


class ConfirmDialog(TeachDialog):
    """A yes or no: returns True on Enter or Ctrl+S."""

    BINDINGS = [
        cancel_binding(N_("No")),
        save_binding(N_("Yes")),
        Binding("enter", "save", N_("Yes"), id="enter-save", show=False, priority=True),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(id="confirm-dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(self.question, id="title", markup=False)
            yield self.problem_line()
            yield Static(_("Enter or Ctrl+S: yes · Esc: no."), id="hint")

    def chosen(self) -> bool:
        return True


class LessonsDialog(TeachDialog):
    """What the officer taught, newest last; Delete or d undoes the highlighted lesson (after
    a yes). Returns True when one was undone (the proposals change)."""

    BINDINGS = [
        cancel_binding(N_("Close")),
        Binding("ctrl+s", "cancel", show=False, id="save"),
        Binding("d,delete", "undo", N_("Undo lesson"), id="undo"),
    ]

    def __init__(self, lessons: list[OccupationLesson], family_names: dict[str, str]) -> None:
        super().__init__(id="lessons-dialog")
        self.lessons, self.family_names = lessons, family_names
        self.undone = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="box"):
            yield Static(_("What the proposer was taught (whole district)"), id="title")
            yield DataTable(cursor_type="row", id="lessons")
            yield self.problem_line()
            yield Static(_("d or Delete: undo the highlighted lesson · Esc: close."), id="hint")

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#lessons", DataTable).focus()

    def _fill(self) -> None:
        table = self.query_one("#lessons", DataTable)
        table.clear(columns=True)
        table.add_column(_("What"), key="kind", width=12)
        table.add_column(_("Occupation texts"), key="texts", width=30)
        table.add_column(_("Occupation"), key="family", width=16)
        for x in self.lessons:
            family = self.family_names.get(x.family, x.family) if x.family else x.name
            table.add_row(*plain_cells((_(KIND_LABELS.get(x.kind, x.kind)), " · ".join(x.texts),
                                        family)), key=x.id)  # fmt: skip
        if not self.lessons:
            self.show_problem(_("No lessons yet."))

    def cancel_result(self) -> bool | None:
        return self.undone or None  # an undo is saved when confirmed; Esc only closes

    def action_undo(self) -> None:
        table = self.query_one("#lessons", DataTable)
        if not self.lessons:
            return
        lesson = self.lessons[min(table.cursor_row, len(self.lessons) - 1)]
        what = _(KIND_LABELS.get(lesson.kind, lesson.kind))
        question = _("Undo this lesson ({what}: {texts})? The proposals come back as before "
                     "it.").format(what=what, texts=" · ".join(lesson.texts))  # fmt: skip

        async def answered(yes: bool | None) -> None:
            if not yes:
                return
            from sammachip_tui.screens.saving import SaveError
            from sammachip_tui.store import lessons as sl

            try:
                await self.save(lambda ws: [sl.undo(ws, lesson.id)])
            except SaveError as exc:
                self.show_problem(exc.message)
                return
            self.undone = True
            self.lessons = [x for x in self.lessons if x.id != lesson.id]
            self.show_problem("")
            self._fill()

        self.app.push_screen(ConfirmDialog(question), answered)

    def chosen(self) -> None:
        return None
