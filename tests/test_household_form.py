"""Correcting and adding households on screen: saved field by field, nothing typed lost."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import DataTable, Input, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.household import HouseholdScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until

VILLAGE = "52120505"


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


async def _focus(pilot, selector: str) -> Input:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    return field


async def _saved(pilot, ws: Workspace) -> None:
    await pilot.pause()
    ws.submit([]).result(timeout=10)  # the store's thread has run what came before
    await pilot.pause()


async def test_edit_a_field_with_thai_digits(demo_workspace: Workspace) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, HouseholdScreen)
        field = await _focus(pilot, "#f-income_month")
        field.value = ""
        await type_text(pilot, "๒๐,๕๐๐")
        await pilot.press("enter")
        await _saved(pilot, demo_workspace)
        assert "บันทึกแล้ว" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HouseholdsScreen), "the list")
    after = next(h for h in households(demo_workspace, VILLAGE) if h.id == first.id)
    assert after.income_month == 20500


async def test_bad_value_keeps_the_text_and_saves_nothing(demo_workspace: Workspace) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    journal = demo_workspace.data_dir / "journal.jsonl"
    size = journal.stat().st_size
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        field = await _focus(pilot, "#f-national_id")
        field.value = ""
        await type_text(pilot, "1101700230709")
        await pilot.press("enter")
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in status
        assert field.value == "1101700230709" and field.has_class("-invalid")
        assert journal.stat().st_size == size
        await pilot.press("escape")  # an unsaved value: discard it, or stay
        await until(pilot, lambda: app.screen.id == "leave-dialog", "the question")
        await pilot.press("escape")  # stay
        await until(pilot, lambda: isinstance(app.screen, HouseholdScreen), "back in the form")
        assert app.focused is field and field.value == "1101700230709"
        field.value = "1-1017-00230-70-8"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HouseholdsScreen), "the list")
    assert journal.stat().st_size > size
    after = next(h for h in households(demo_workspace, VILLAGE) if h.id == first.id)
    assert after.national_id == "1101700230708"


async def test_add_a_household(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        assert isinstance(app.screen, HouseholdScreen)
        await _focus(pilot, "#f-occupation_main")
        await type_text(pilot, "ทำน้ำพริกเผา")
        await pilot.press("enter")  # no name yet: kept, not saved, no error
        await _focus(pilot, "#f-first_name")
        await type_text(pilot, "บุญเรือน")
        await pilot.press("enter")
        await _saved(pilot, demo_workspace)
        await _focus(pilot, "#f-volunteer")
        await type_text(pilot, "ใช่")
        await pilot.press("escape")  # saves the volunteer field on the way out
        await until(pilot, lambda: isinstance(app.screen, HouseholdsScreen), "the list")
        table = app.screen.query_one("#table", DataTable)
        assert table.row_count == 201
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        [row] = [r for r in rows if "บุญเรือน" in r[1]]
        assert row[4] == "ใช่", "the list shows what was saved on leaving the form"
    new = [h for h in households(demo_workspace, VILLAGE) if h.first_name == "บุญเรือน"]
    assert len(new) == 1
    assert new[0].occupation_main == "ทำน้ำพริกเผา" and new[0].volunteer.value == "yes"


def test_household_form_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["enter", "enter"], terminal_size=(80, 24))


def test_new_household_form_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("enter", "n")
        await pilot.pause()
        await type_text(pilot, "บุญเรือน")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


# ------------------------------------------------------------------------------------------
# Nothing invented, nothing lost: blanks, corrections, type-ahead, quitting.


def _stored(ws: Workspace, hid: str):
    return next(h for h in households(ws, VILLAGE) if h.id == hid)


async def _open_first(pilot) -> None:
    await pilot.press("enter", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HouseholdScreen)


async def test_a_cleared_number_is_unknown_not_zero(demo_workspace: Workspace) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    assert first.income_month and first.members
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(pilot)
        for name in ("income_month", "members"):
            field = await _focus(pilot, f"#f-{name}")
            field.value = ""
            await pilot.press("tab")
            await _saved(pilot, demo_workspace)
        status = str(app.screen.query_one("#status", Static).render())
        assert "บันทึกแล้ว" in status and "ยังไม่ทราบ" in status  # sammachip: not known yet
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HouseholdsScreen), "the list")
    after = _stored(demo_workspace, first.id)
    assert after.income_month is None and after.members is None
    assert after.sammachip is None and not after.is_sammachip


async def test_a_blank_that_means_nothing_is_refused(demo_workspace: Workspace) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    journal = demo_workspace.data_dir / "journal.jsonl"
    size = journal.stat().st_size
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(pilot)
        field = await _focus(pilot, "#f-legal_basis")
        field.value = ""
        await pilot.press("tab")
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).render())
        assert "ว่างไม่ได้" in status and field.has_class("-invalid")
        assert journal.stat().st_size == size
    assert _stored(demo_workspace, first.id).legal_basis == first.legal_basis


async def test_typing_the_stored_value_back_clears_the_problem(demo_workspace: Workspace) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(pilot)
        field = await _focus(pilot, "#f-income_month")
        stored_text = field.value
        field.value = "หนึ่งหมื่น"
        await pilot.press("tab")
        await pilot.pause()
        assert field.has_class("-invalid")
        field.focus()
        await pilot.pause()
        field.value = stored_text
        await pilot.press("tab")
        await pilot.pause()
        assert not field.has_class("-invalid")
        status = str(app.screen.query_one("#status", Static).render())
        assert "หนึ่งหมื่น" not in status
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HouseholdsScreen), "the list")
    assert _stored(demo_workspace, first.id).income_month == first.income_month


@pytest.mark.parametrize("paced", [False, True])
async def test_type_ahead_lands_in_the_field_it_was_typed_for(
    demo_workspace: Workspace, paced: bool
) -> None:
    """``ทอผ้า⏎12500⏎8000⏎`` typed as one burst (a fast typist, a scanner, tmux), and again
    one key at a time: each value in its own field, and what is on screen is what is saved."""
    first = households(demo_workspace, VILLAGE)[0]
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(pilot)
        await _focus(pilot, "#f-skills")
        keys = [*"ทอผ้า", "enter", *"12500", "enter", *"8000", "enter"]
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
            if paced:
                await pilot.pause()
        expected = ("ทอผ้า", 12500, 8000)

        def stored() -> tuple[object, ...]:
            after = _stored(demo_workspace, first.id)
            return (after.skills, after.income_month, after.expense_month)

        await until(pilot, lambda: stored() == expected, f"{expected} saved (have {stored()})")
        form = app.screen.query_one("#household-form")
        shown = {n: form.query_one(f"#f-{n}", Input).value
                 for n in ("skills", "income_month", "expense_month")}  # fmt: skip
        assert shown == {"skills": "ทอผ้า", "income_month": "12500", "expense_month": "8000"}
    after = _stored(demo_workspace, first.id)
    assert (after.skills, after.income_month, after.expense_month) == ("ทอผ้า", 12500, 8000)


async def test_quit_saves_the_field_being_typed(demo_workspace: Workspace) -> None:
    """Ctrl+Q straight after typing (a burst, no Enter): the value is journaled."""
    first = households(demo_workspace, VILLAGE)[0]
    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(pilot)
        field = await _focus(pilot, "#f-phone")
        field.value = ""
        await pilot.pause()
        for key in [*"0812345678", "ctrl+q"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await until(pilot, lambda: app.return_code is not None, "quitting")
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        assert _stored(ws, first.id).phone == "0812345678"


async def test_quit_with_a_value_that_cannot_be_saved_asks(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_first(pilot)
        field = await _focus(pilot, "#f-national_id")
        field.value = "1101700230709"  # wrong check digit
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.screen.id == "leave-dialog"
        await pilot.press("escape")  # stay and correct it
        await until(pilot, lambda: app.focused is field, "back in the field")
        assert isinstance(app.screen, HouseholdScreen)
        assert app.focused is field and field.value == "1101700230709"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # discard it and quit
        await pilot.pause()
    assert app.return_code is not None


def test_a_version_not_known_reads_as_such_and_minus_is_refused() -> None:
    """What screens showing raw versions (the conflicts) print for a number not known, and
    the reason a minus sign gets."""
    from sammachip_tui.model.household_fields import FieldError, parse_value, stored_value_text

    assert stored_value_text("income_month", -1) == "ยังไม่ทราบ"
    assert stored_value_text("income_month", 12000.0) == "12000"
    assert stored_value_text("volunteer", "yes") == "ใช่"
    with pytest.raises(FieldError, match="ติดลบไม่ได้"):
        parse_value("income_month", "-500")
