"""Pilot test of the mentoring view: a model household marked, paired with two households, a
session with both, an outcome, typed in Thai one key at a time; a refused pairing keeps the
dialog open with the reason; after a restart on the same data everything is there, and the
household screen shows it."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.household import HouseholdScreen
from sammachip_tui.screens.mentor_block import MentorBlock
from sammachip_tui.screens.mentoring import MentoringScreen
from sammachip_tui.store import mentoring as sm
from sammachip_tui.store.workspace import Workspace

from .conftest import until
from .test_group_screen import dialog_open, fill
from .test_mentor_store import V, village_with_homes


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


async def open_mentoring(pilot: Pilot) -> MentoringScreen:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
    await pilot.pause()
    await pilot.press("m")
    await until(pilot, lambda: isinstance(app.screen, MentoringScreen), "the mentoring view")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MentoringScreen)
    return screen


async def save(pilot: Pilot, screen: MentoringScreen) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: pilot.app.screen is screen, "the dialog saving and closing")
    await pilot.pause()


def rows(screen: MentoringScreen) -> list[list[str]]:
    table = screen.query_one("#table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_mark_pair_session_outcome_then_restart(workspace: Workspace) -> None:
    ids = village_with_homes(workspace)
    app = _app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mentoring(pilot)
        dialog = await dialog_open(pilot, "r")
        await fill(pilot, dialog, {"household_id": "1", "role": "ครัวเรือนต้นแบบ",
                                   "occupation": "ทอผ้า", "teaches": "ย้อมสีธรรมชาติ"})  # fmt: skip
        await save(pilot, screen)
        assert rows(screen)[0][:3] == ["1 นางบุญมี ทอเก่ง", "ครัวเรือนต้นแบบ", "ทอผ้า"]

        # p on the highlighted role: the mentor and the occupation come filled in.
        for learner in ("นางสมศรี", "3"):
            dialog = await dialog_open(pilot, "p")
            assert dialog.value_of("mentor_id") == "1 นางบุญมี ทอเก่ง"
            await fill(pilot, dialog, {"learner_id": learner, "started": "1/11/2569"})
            await save(pilot, screen)
            await pilot.press("1")
        # The same open pairing twice: refused, the dialog stays with what was typed.
        dialog = await dialog_open(pilot, "p")
        await fill(pilot, dialog, {"learner_id": "3"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: dialog.problem() != "", "the refusal")
        assert "นางบุญมี" in dialog.problem() and dialog.value_of("learner_id") == "3"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "Esc")

        await pilot.press("2")
        assert len(rows(screen)) == 2
        # s on a pairing: its mentor and every learner of the mentor come filled in.
        dialog = await dialog_open(pilot, "s")
        assert dialog.value_of("learners") == "2 นางสมศรี มีสุข, 3 นายสมหมาย ใจดี"
        await fill(pilot, dialog, {"date": "15/11/2569", "topic": "ย้อมครามด้วยใบห้อม",
                                   "hours": "๓"})  # fmt: skip
        await save(pilot, screen)
        await pilot.press("2")
        assert [r[5] for r in rows(screen)] == ["1", "1"]  # sessions attended

        dialog = await dialog_open(pilot, "o")
        await fill(pilot, dialog, {"started_occupation": "ใช่", "note": "เริ่มทอผ้าขายที่ตลาด",
                                   "income_month": "๘,๐๐๐", "expense_month": "๕๐๐๐"})  # fmt: skip
        await save(pilot, screen)
        assert len(rows(screen)) == 1 and "เริ่มทอผ้าขายที่ตลาด" in rows(screen)[0]
        await pilot.press("ctrl+q")

    data_dir = workspace.data_dir
    workspace.close()
    again = Workspace.open(data_dir)
    try:
        view = sm.mentoring_view(again, V)
        assert [r.teaches for r, _h in view.roles] == ["ย้อมสีธรรมชาติ"]
        assert [p.learner.id for p in view.pairs] == [ids["2"], ids["3"]]
        [(session, _mentor, came)] = view.sessions
        assert session.topic == "ย้อมครามด้วยใบห้อม" and session.hours == 3 and len(came) == 2
        [(outcome, line)] = view.outcomes
        assert outcome.started_occupation and line is not None and line.income.now == 8000
        app2 = _app(again)
        async with app2.run_test(size=(100, 30)) as pilot:
            screen = await open_mentoring(pilot)
            await pilot.press("3")
            assert rows(screen)[0][2] == "ย้อมครามด้วยใบห้อม"
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app2.screen, HomeScreen), "home")
            app2.push_screen(HouseholdScreen(V, ids["2"]))
            await until(pilot, lambda: isinstance(app2.screen, HouseholdScreen), "household")
            await pilot.pause()
            block = app2.screen.query_one(MentorBlock)
            text = str(block.render())
            assert block.display and "นางบุญมี" in text and "เริ่มทอผ้าขายที่ตลาด" in text
            await pilot.press("f2")  # English: the block is said again in it
            await until(pilot, lambda: "Learns ทอผ้า from" in str(block.render()), "English")
            await pilot.press("f4")
            await until(pilot, lambda: isinstance(app2.screen, MentoringScreen), "F4")
    finally:
        again.close()


async def test_end_edit_and_delete_from_the_view(workspace: Workspace) -> None:
    from sammachip_tui.screens.lesson_dialogs import ConfirmDialog

    village_with_homes(workspace)
    workspace.commit_built(lambda w: [sm.add_role(w, V, {"household_id": "1", "role": "sage",
                                                         "occupation": "ทอผ้า"})])  # fmt: skip
    for learner in ("2", "3"):
        workspace.commit_built(lambda w, h=learner: [sm.pair(w, V, {
            "mentor_id": "1", "learner_id": h, "started": "1/11/2569"})])  # fmt: skip
    app = _app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_mentoring(pilot)
        await pilot.press("o")  # on the roles: no pairing highlighted, said so
        await until(pilot, lambda: "2" in str(screen.query_one("#status").render()), "told")
        await pilot.press("2")
        dialog = await dialog_open(pilot, "x")
        await fill(pilot, dialog, {"ended": "20/11/2569"})
        await save(pilot, screen)
        assert rows(screen)[0][4] == "20/11/2569"
        dialog = await dialog_open(pilot, "enter")
        await fill(pilot, dialog, {"note": "ย้ายไปทำงานในเมือง"})
        await save(pilot, screen)
        [first, _second] = sm.pairings_in(workspace, V)
        assert first.note == "ย้ายไปทำงานในเมือง"
        # The sage still mentors household 3: its role is not deleted, and the view says why.
        await pilot.press("1", "delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("enter")
        await until(pilot, lambda: "1 นางบุญมี" in str(screen.query_one("#status").render()),
                    "the refusal")  # fmt: skip
        assert len(rows(screen)) == 1
        await pilot.press("2", "down", "delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("enter")
        await until(pilot, lambda: len(rows(screen)) == 1, "the pairing deleted")
        assert len(sm.pairings_in(workspace, V)) == 1
