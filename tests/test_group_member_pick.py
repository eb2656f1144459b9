"""Which household an officer means in a group dialog: a house number two homes share (or a
name two people share) is refused with the candidates, never guessed."""

from __future__ import annotations

import pytest

from sammachip_tui.model.household_fields import FieldError
from sammachip_tui.screens.group import member_id
from sammachip_tui.store.group_view import group_view
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

from .group_helpers import VILLAGE, Made, make_group

OTHER = "52120506"


def _home(ws: Workspace, made: Made | None, village: str, house: str, first: str) -> str:
    [h] = ws.commit([Change("household", village, {"village_code": village, "house_no": house,
                                                   "first_name": first})])  # fmt: skip
    if made is not None:
        ws.commit([Change("member", VILLAGE, {"village_code": VILLAGE, "group_id": made.group,
                                              "household_id": h.record, "consent": True,
                                              "joined": "2026-11-01"})])  # fmt: skip
    return h.record


def test_a_shared_house_number_is_refused_with_the_candidates(workspace: Workspace) -> None:
    made = make_group(workspace, members=3)  # houses 1, 2, 3: สมาชิก0, สมาชิก1, สมาชิก2
    other = _home(workspace, made, VILLAGE, "1", "สมศรี มีสุข")
    view = group_view(workspace, made.village, made.group)
    with pytest.raises(FieldError) as refused:
        member_id(workspace, view, "๑")
    said = str(refused.value)
    assert "สมาชิก0" in said and "สมศรี มีสุข" in said and refused.value.field == "household_id"
    assert member_id(workspace, view, "1 สมศรี") == other
    assert member_id(workspace, view, "สมาชิก0") == made.households[0]
    assert member_id(workspace, view, "2") == made.households[1]  # unique: as before


def test_a_shared_name_is_refused_too_and_the_house_number_tells_them_apart(
    workspace: Workspace,
) -> None:
    made = make_group(workspace, members=2)
    first = _home(workspace, made, VILLAGE, "7", "สมชาย ใจดี")
    second = _home(workspace, made, VILLAGE, "8", "สมชาย ใจดี")
    view = group_view(workspace, made.village, made.group)
    with pytest.raises(FieldError) as refused:
        member_id(workspace, view, "สมชาย ใจดี")
    assert "7 สมชาย ใจดี" in str(refused.value) and "8 สมชาย ใจดี" in str(refused.value)
    assert member_id(workspace, view, "8 สมชาย") == second
    assert member_id(workspace, view, "7") == first


def test_joining_prefers_the_groups_village_and_refuses_a_tie_elsewhere(
    workspace: Workspace,
) -> None:
    made = make_group(workspace, members=2)
    workspace.commit([village_change(OTHER)])
    _home(workspace, None, OTHER, "1", "นอกหมู่ หนึ่ง")
    _home(workspace, None, OTHER, "9", "นอกหมู่ สอง")
    _home(workspace, None, OTHER, "9", "นอกหมู่ สาม")
    view = group_view(workspace, made.village, made.group)
    assert member_id(workspace, view, "1", anyone=True) == made.households[0]
    with pytest.raises(FieldError) as refused:
        member_id(workspace, view, "9", anyone=True, field="household")
    assert "นอกหมู่ สอง" in str(refused.value) and "นอกหมู่ สาม" in str(refused.value)


async def test_the_committee_dialog_says_which_households_share_the_number(
    workspace: Workspace,
) -> None:
    from textual.widgets import Input

    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.group import GroupScreen
    from sammachip_tui.screens.group_dialogs import GroupDialog
    from sammachip_tui.screens.home import HomeScreen

    from .conftest import type_text, until

    made = make_group(workspace, members=3)
    somsri = _home(workspace, made, VILLAGE, "1", "สมศรี มีสุข")
    app = SammachipApp(data_dir=workspace.data_dir, workspace=workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        screen = GroupScreen(made.village, made.group)
        app.push_screen(screen)
        await until(pilot, lambda: screen.view is not None, "the group")
        await pilot.press("2", "a")
        await until(pilot, lambda: isinstance(app.screen, GroupDialog), "the dialog")
        dialog = app.screen
        assert isinstance(dialog, GroupDialog)
        for name, text in (("position", "chair"), ("household_id", "1")):
            dialog.query_one(f"#f-{name}", Input).focus()
            await pilot.pause()
            await type_text(pilot, text)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: dialog.problem() != "", "the refusal")
        assert app.screen is dialog  # nothing saved, the dialog open with what was typed
        assert "สมาชิก0" in dialog.problem() and "สมศรี มีสุข" in dialog.problem()
        await type_text(pilot, " สมศรี")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, "saved")
        view = group_view(workspace, made.village, made.group)
        assert [t.household_id for t in view.committee] == [somsri]
