"""Income over time on the household screen: a figure typed on the form is a dated reading,
Ctrl+R records a survey's reading in its dialog (Esc changes nothing), the change since the
first reading and the sparkline are shown, and all of it is there after a restart."""

from __future__ import annotations

from textual.widgets import Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.model.income_records import ReadingSource
from sammachip_tui.screens.group_dialogs import GroupDialog
from sammachip_tui.screens.household import HouseholdScreen
from sammachip_tui.screens.income import IncomePanel
from sammachip_tui.store.income import SPARK, history
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until

VILLAGE = "52120505"


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def _panel_text(app: SammachipApp) -> str:
    """What the screen draws from the income panel's first row down (as tests/test_sizes.py
    reads a screen)."""
    top = app.screen.query_one(IncomePanel).region.y
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips[top:])


async def _reading_dialog(pilot) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+R, and the dialog ready for typing (its first field focused)."""
    await pilot.press("ctrl+r")
    await until(pilot, lambda: isinstance(pilot.app.screen, GroupDialog), "the reading dialog")
    await pilot.pause()


async def _open_first(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter", "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, HouseholdScreen), "the household")


async def test_the_form_and_the_key_record_readings_shown_with_the_change_after_a_restart(
    demo_workspace: Workspace,
) -> None:
    ws = demo_workspace
    first = households(ws, VILLAGE)[0]  # imported with 14,500 a month
    app = _app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(pilot)
        assert "ครั้ง" in _panel_text(app)  # one reading: the change needs two
        field = app.screen.query_one("#f-income_month", Input)
        field.focus()
        await pilot.pause()
        field.value = ""
        await type_text(pilot, "15000")
        await pilot.press("enter")
        await until(pilot, lambda: len(history(ws, VILLAGE, first.id)) == 2, "the form's reading")
        assert history(ws, VILLAGE, first.id)[-1].source is ReadingSource.form
        # The same day as the import: a figure put right, not a change over time.
        await until(pilot, lambda: "ต่างวัน" in _panel_text(app), "no change from one day")
        assert "+3.4%" not in _panel_text(app)
        # Ctrl+R, Esc: nothing recorded.
        await _reading_dialog(pilot)
        await type_text(pilot, "99999")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HouseholdScreen), "back")
        assert len(history(ws, VILLAGE, first.id)) == 2
        # Ctrl+R: a visit of 1 June, typed late: history, the figures stay.
        await _reading_dialog(pilot)
        await type_text(pilot, "12000")
        await pilot.press("tab")
        await type_text(pilot, "9000")
        date = app.screen.query_one("#f-date", Input)
        date.focus()
        await pilot.pause()
        date.value = ""
        await type_text(pilot, "๑/๖/๒๕๖๙")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HouseholdScreen), "saved and closed")
        await until(pilot, lambda: "+25.0%" in _panel_text(app), "the change since 1 June")
        text = _panel_text(app)
        assert "1/6/2569" in text and "ถึงเป้า" in text and "12,000 → 15,000" in text
        assert any(ch in text for ch in SPARK[1:])
        assert households(ws, VILLAGE)[0].income_month == 15000
        # Today's visit, recorded with the key: the form's field follows.
        await _reading_dialog(pilot)
        await type_text(pilot, "16000")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HouseholdScreen), "saved and closed")
        await until(pilot, lambda: field.value == "16000", "the form showing the new income")
    ws.close()
    again = Workspace.open(ws.data_dir, flush_delay=60)
    try:
        app = _app(again)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_first(pilot)
            text = _panel_text(app)
            assert "+33.3%" in text and "1/6/2569" in text
            assert [r.income for r in history(again, VILLAGE, first.id)] == [
                12000, 14500, 15000, 16000]  # fmt: skip
    finally:
        again.close()


async def test_a_refused_reading_keeps_the_dialog_open_with_the_reason(
    demo_workspace: Workspace,
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(pilot)
        first = households(demo_workspace, VILLAGE)[0]
        await _reading_dialog(pilot)
        await type_text(pilot, "ห้าพัน")
        await pilot.press("enter")
        dialog = app.screen
        await until(pilot, lambda: "ไม่ใช่ตัวเลข" in str(
            dialog.query_one("#p-income_month", Static).render()), "the reason")  # fmt: skip
        assert isinstance(app.screen, GroupDialog)
        assert dialog.query_one("#f-income_month", Input).value == "ห้าพัน"
        assert len(history(demo_workspace, VILLAGE, first.id)) == 1
