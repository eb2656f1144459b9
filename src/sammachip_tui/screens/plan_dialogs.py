"""The plan's dialogs: a row of the action plan, the plan's header, and the way a forum item
becomes a row (the forum's Ctrl+T and the plan screen share it).

They are the group screen's ``GroupDialog`` (one dialog of typed fields for any record, read
by ``store/typed_texts.py``), given the plan's fields; each saves itself through
``store/plans.py`` on the store's writer and stays open with the reason under the field when
a value or a rule of the plan refuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sammachip_tui.i18n import _
from sammachip_tui.model.plan_records import ActionPlan, PlanRow
from sammachip_tui.screens.group_dialogs import Field, GroupDialog, as_text
from sammachip_tui.store import plans
from sammachip_tui.store.typed_texts import field_label

if TYPE_CHECKING:
    from textual.app import App

    from sammachip_tui.store.workspace import Change, Workspace

Texts = dict[str, str]
DATES = frozenset({"start", "end", "approved"})


def _hint(name: str) -> str:
    if name in DATES:
        return _("d/m/yyyy (B.E.)")
    if name == "budget":
        return _("baht, 0 when none")
    return ""


def row_fields(row: PlanRow | None, start: Texts | None = None) -> list[Field]:
    """The row's fields with what ``row`` holds (a new row: ``start``, the texts it begins
    with, all of them saved)."""
    out = []
    for name in plans.row_fields():
        stored = as_text(getattr(row, name)) if row is not None else ""
        if name == "budget" and stored == "0":
            stored = ""
        shown = (start or {}).get(name, stored)
        out.append(Field(name, field_label(name, PlanRow.KIND), shown, stored, _hint(name)))
    return out


def header_fields(plan: ActionPlan | None) -> list[Field]:
    out = []
    for name in plans.header_fields():
        stored = as_text(getattr(plan, name)) if plan is not None else ""
        out.append(Field(name, field_label(name, ActionPlan.KIND), stored, stored, _hint(name)))
    return out


def row_dialog(
    title: str,
    row: PlanRow | None,
    commit: Callable[[Workspace, Texts], list[Change | None]],
    start: Texts | None = None,
) -> GroupDialog:
    """A dialog of a row that saves ``commit(ws, texts)`` itself, on the writer."""
    dialog = GroupDialog(title, row_fields(row, start))
    return dialog.saving_with(lambda texts: lambda ws: commit(ws, texts))


def open_item_row(app: App[object], ws: Workspace, village: str, item_id: str,
                  done: Callable[[str], None]) -> None:  # fmt: skip
    """A forum item into this fiscal year's plan: the row dialog prefilled from the item and
    linked to it, or (in the plan already) its row to edit, never a second one. Resources
    and wisdom are refused (``FieldError``: the lists that can be planned)."""
    year = plans.this_year()
    item = plans.plannable_item(ws, village, item_id)
    there = plans.row_for_item(plans.plan_view(ws, village, year), item_id)
    _open_row(app, village, year, there, item.text, plans.item_texts(item),
              {"item_id": item_id}, done)  # fmt: skip


def open_entry_row(app: App[object], ws: Workspace, village: str, group_id: str,
                   entry_id: str, done: Callable[[str], None]) -> None:  # fmt: skip
    """A group's planned activity or training into the plan of the fiscal year of its date:
    prefilled from the entry and linked to it, or its row when it is there already."""
    texts = plans.entry_texts(ws, village, group_id, entry_id)
    year = plans.entry_year(ws, village, group_id, entry_id)
    there = plans.row_for_entry(plans.plan_view(ws, village, year), group_id, entry_id)
    _open_row(app, village, year, there, texts["project"], texts,
              {"group_id": group_id, "entry_id": entry_id}, done)  # fmt: skip


def _open_row(app: App[object], village: str, year: int, there: PlanRow | None, what: str,
              start: Texts, links: dict[str, str],
              done: Callable[[str], None]) -> None:  # fmt: skip
    """The row ``there`` to edit, or a new one from ``start`` linked by ``links``."""
    if there is not None:
        rid = there.id
        dialog = row_dialog(_("In the plan already: {project}").format(project=there.project),
                            there, lambda w, t: [plans.edit_row(w, village, rid, t)])  # fmt: skip
        app.push_screen(dialog, lambda t: done(_("Saved.") if t else ""))
        return
    dialog = row_dialog(
        _("Into the plan of {year}: {text}").format(year=year, text=what), None,
        lambda w, t: [plans.add_row(w, village, year, t, **links)], start,
    )  # fmt: skip
    app.push_screen(dialog, lambda t: done(
        _("Added to the plan of {year}.").format(year=year) if t else ""))  # fmt: skip
