"""A group dialog taller than the window (the bylaws at 80×24 and 60×14): a refused save's
reason, and the field it blames, are scrolled into view; the running profit-allocation total
stays in view while the percentages are typed; Ctrl+Q quits from it as from any dialog."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.group import GroupScreen
from sammachip_tui.screens.group_dialogs import GroupDialog
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.leave_dialog import LeaveDialog
from sammachip_tui.store.group_view import group_view
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until
from .group_helpers import make_group


def in_view(dialog: GroupDialog, widget: Widget) -> bool:
    box = dialog.query_one("#box", VerticalScroll)
    seen: Region = box.content_region.intersection(dialog.app.screen.region)
    return widget.region.height > 0 and seen.contains_region(widget.region)


async def bylaws_open(pilot: Pilot, ws: Workspace) -> tuple[GroupScreen, GroupDialog]:
    made = make_group(ws)
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    screen = GroupScreen(made.village, made.group)
    app.push_screen(screen)
    await until(pilot, lambda: screen.view is not None, "the group")
    await pilot.pause()
    await pilot.press("b")
    await until(pilot, lambda: isinstance(app.screen, GroupDialog), "the bylaws")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, GroupDialog)
    return screen, dialog


async def typed(pilot: Pilot, dialog: GroupDialog, name: str, text: str) -> None:
    box = dialog.query_one(f"#f-{name}", Input)
    box.focus()
    box.value = ""
    await pilot.pause()
    await type_text(pilot, text)


@pytest.mark.parametrize("size", [(80, 24), (60, 14)])
async def test_a_refused_bylaws_save_is_in_view(
    workspace: Workspace, size: tuple[int, int]
) -> None:
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=size) as pilot:
        _screen, dialog = await bylaws_open(pilot, workspace)
        for name, pct in (("dividend_pct", "40"), ("patronage_pct", "30"), ("reserve_pct", "20")):
            await typed(pilot, dialog, name, pct)
            total = dialog.query_one("#total")
            assert in_view(dialog, total), "the running total is out of view"
        assert "90%" in str(total.render())
        dialog.query_one("#f-purpose", Input).focus()  # back to the top of the dialog
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: dialog.problem() != "", "the refusal")
        await pilot.pause()
        await pilot.pause()
        shown = [w for w in dialog.query(".field-problem.-problem, #problem.-problem")]
        assert shown, "the refusal is shown nowhere"
        assert all(in_view(dialog, w) for w in shown), "the refusal is below the fold"
        for w in shown:
            if w.id and w.id.startswith("p-"):  # and the field it blames
                assert in_view(dialog, dialog.query_one(f"#row-{w.id[2:]}"))


async def test_a_refused_field_and_its_reason_are_scrolled_into_view(
    workspace: Workspace,
) -> None:
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(60, 14)) as pilot:
        _screen, dialog = await bylaws_open(pilot, workspace)
        await typed(pilot, dialog, "joining_fee", "xy")
        dialog.query_one("#f-text", Input).focus()  # the last field: the fee is out of view
        await pilot.pause()
        assert not in_view(dialog, dialog.query_one("#row-joining_fee"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: dialog.problem() != "", "the refusal")
        await pilot.pause()
        await pilot.pause()
        assert in_view(dialog, dialog.query_one("#p-joining_fee"))
        assert in_view(dialog, dialog.query_one("#row-joining_fee"))


async def test_ctrl_q_saves_a_group_dialog_and_quits(workspace: Workspace) -> None:
    """Ctrl+Q with a group dialog open saves what it holds, then the app exits (as from
    every entry dialog)."""
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, dialog = await bylaws_open(pilot, workspace)
        await typed(pilot, dialog, "text", "ประชุมทุกเดือน")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: app._exit, "the app exiting")
    view = group_view(workspace, screen.village, screen.group_id)
    assert view.bylaws is not None and view.bylaws.text == "ประชุมทุกเดือน"


@pytest.mark.parametrize("size", [(80, 24), (60, 14)])
async def test_ctrl_q_with_a_refused_value_asks_then_quits(
    workspace: Workspace, size: tuple[int, int]
) -> None:
    """A value the dialog cannot save is not dropped silently by Ctrl+Q: the question (d
    discards, Esc stays) is in view with the reason, a second Ctrl+Q does not skip it, and d
    quits with nothing saved. (This is the question the review's harness met: it pressed
    Ctrl+Q three times and never answered it.)"""
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=size) as pilot:
        screen, dialog = await bylaws_open(pilot, workspace)
        await typed(pilot, dialog, "joining_fee", "xy")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, LeaveDialog), "the question")
        await pilot.pause()
        question = app.screen
        keys = question.query_one("#keys")
        assert question.region.contains_region(keys.region) and keys.region.height > 0
        assert "xy" in str(question.query_one("#what").render())
        await pilot.press("ctrl+q")  # does not answer it
        await pilot.pause()
        assert app.screen is question and not app._exit
        await pilot.press("d")
        await until(pilot, lambda: app._exit, "the app exiting")
    assert group_view(workspace, screen.village, screen.group_id).bylaws is None
