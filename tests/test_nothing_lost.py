"""Ways an officer's edit could be lost, found by two adversarial reviews of issue 10, kept as
regression tests.

Impatient keys (Ctrl+Q twice, Esc then Ctrl+Q, Esc twice), a full disk at the moment of
quitting or in a dialog, a vote still on its way when an item is opened, a value typed back
while its save is queued, a new household left without a first name, a count typed and then
Esc. Each failed before its fix, except three kept as guards for suspected faults that the
code before the fixes did not have (a burst then Ctrl+Q on the forum, the attendance count
then Ctrl+Q, Esc pressed twice on the forum).
"""

from __future__ import annotations

import threading

import pytest
from textual import events
from textual.widgets import Input

from sammachip_tui.app import SammachipApp
from sammachip_tui.model.records import ForumList
from sammachip_tui.screens.household import HouseholdScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.store import forum as fs
from sammachip_tui.store.journal import Journal
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace

from .conftest import settled, type_text, until
from .test_forum_screens import _open_demo_forum

VILLAGE = "52120505"


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def _texts(ws: Workspace, which: ForumList) -> list[str]:
    [forum] = fs.forums(ws, VILLAGE)
    return [i.text for i in fs.items(ws, VILLAGE, forum.id) if i.list == which]


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_new_household_without_first_name_is_dropped_silently(
    demo_workspace: Workspace, key: str
) -> None:
    data_dir = demo_workspace.data_dir
    before = len(households(demo_workspace, VILLAGE))
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        assert isinstance(app.screen, HouseholdScreen)
        for name, text in (("house_no", "199"), ("last_name", "ใจดี"), ("income_month", "9000")):
            field = app.screen.query_one(f"#f-{name}", Input)
            field.focus()
            await pilot.pause()
            await type_text(pilot, text)
        await pilot.press(key)
        await until(
            pilot,
            lambda: (
                app.screen.id == "leave-dialog"
                or app.return_code is not None
                or isinstance(app.screen, HouseholdsScreen)
            ),
            "an answer",
        )
        asked = app.screen.id == "leave-dialog"
        left = isinstance(app.screen, HouseholdsScreen) or app.return_code is not None
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        after = len(households(ws, VILLAGE))
    # The promise: either asked, or kept. Fails: neither.
    assert asked or after == before + 1, f"left={left}, nothing asked, nothing saved"


async def test_forum_burst_then_ctrl_q_keeps_the_text(demo_workspace: Workspace) -> None:
    """Keys typed as a burst, then Ctrl+Q (as test_quit_saves_the_field_being_typed does for
    the household form): the forum reads its copy entry_text, filled by Changed messages."""
    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo_forum(pilot)
        for key in [*"abcdefgh", "ctrl+q"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await until(pilot, lambda: app.return_code is not None or app.screen.id == "leave-dialog")
        asked = app.screen.id == "leave-dialog"
        if asked:
            await pilot.press("a")
            await until(pilot, lambda: app.return_code is not None, "quit")
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        kept = "abcdefgh" in _texts(ws, ForumList.problem)
    assert asked and kept, f"asked={asked} kept={kept}"


async def test_item_dialog_overwrites_a_vote_still_on_its_way(demo_workspace: Workspace) -> None:
    data_dir = demo_workspace.data_dir
    gate = threading.Event()
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("down")
        iid = screen._highlighted_id()
        before = screen.items[iid].votes
        demo_workspace.submit_edit(lambda ws: (gate.wait(60), [])[1])  # writer busy (SD card)
        await pilot.press("plus")  # a vote...
        await pilot.press("enter")  # ...then open the item to add a detail
        await pilot.pause()
        gate.set()
        await settled(pilot)
        detail = app.screen.query_one("#f-detail", Input)
        detail.focus()
        await pilot.pause()
        await type_text(pilot, "x")
        await pilot.press("ctrl+s")
        await settled(pilot)
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        record = ws.record(VILLAGE, "item", iid)
    assert record["detail"].endswith("x")
    assert record["votes"] == before + 1, f"vote lost: {record['votes']} (before {before})"


async def test_disk_full_at_quit_is_told(demo_workspace: Workspace, monkeypatch) -> None:
    """Ctrl+Q, 'a' (add it) with a full disk: the item cannot be saved. The app must not
    quit silently with the text gone."""
    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await type_text(pilot, "ถนนลื่น")

        def full(self, entries):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Journal, "append", full)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.screen.id == "leave-dialog"
        await pilot.press("a")
        await until(
            pilot,
            lambda: app.return_code is not None or bool(screen.query_one("#entry", Input).value),
            "quitting, or the text back",
        )
        quit_ = app.return_code is not None
        text_back = screen.query_one("#entry", Input).value if not quit_ else ""
    monkeypatch.undo()
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        kept = "ถนนลื่น" in _texts(ws, ForumList.problem)
    assert kept or (not quit_ and text_back == "ถนนลื่น"), (
        f"quit={quit_}: the item is neither saved nor on screen"
    )


async def test_ctrl_q_twice_ignores_the_answer(demo_workspace: Workspace) -> None:
    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo_forum(pilot)
        await type_text(pilot, "ถนนลื่น")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.screen.id == "leave-dialog"
        await pilot.press("ctrl+q")  # impatient second press
        await pilot.pause()
        assert app.screen.id == "leave-dialog"
        await pilot.press("a")  # add it (and quit)
        await until(pilot, lambda: app.return_code is not None, "quitting")
        quit_ = app.return_code is not None
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        kept = "ถนนลื่น" in _texts(ws, ForumList.problem)
    assert quit_ and kept, f"after 'a': quit={quit_} added={kept}"


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_attendance_others_typed_then_leave(demo_workspace: Workspace, key: str) -> None:
    from sammachip_tui.screens.attendance import AttendanceScreen

    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_demo_forum(pilot)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, AttendanceScreen)
        field = app.screen.query_one("#others", Input)
        field.focus()
        await pilot.pause()
        field.value = ""
        await type_text(pilot, "17")
        await pilot.press(key)
        await until(
            pilot,
            lambda: app.return_code is not None or not isinstance(app.screen, AttendanceScreen),
            "leaving",
        )
        if app.return_code is None:
            await settled(pilot)
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        [forum] = fs.forums(ws, VILLAGE)
    assert forum.other_attendees == 17


async def test_household_field_typed_back_while_its_save_is_on_its_way(
    demo_workspace: Workspace,
) -> None:
    """income 5000 (stored) -> 6000, Tab (save queued; the SD card is slow), Shift+Tab,
    back to 5000, Tab: the screen shows 5000, the store must hold 5000."""
    first = households(demo_workspace, VILLAGE)[0]
    stored_text = f"{first.income_month:.0f}"
    gate = threading.Event()
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        field = app.screen.query_one("#f-income_month", Input)
        field.focus()
        await pilot.pause()
        demo_workspace.on_writer(lambda ws: gate.wait(60))  # the writer is busy (an SD card)
        field.value = "6000"
        await pilot.press("tab")
        await pilot.press("shift+tab")
        assert app.focused is field
        field.value = stored_text
        await pilot.press("tab")
        await pilot.pause()
        gate.set()
        await settled(pilot)
        shown = field.value
        # What the form says is saved is what the store holds, before anything else happens
        # (leaving the form would commit the field again and hide the difference).
        after = next(h for h in households(demo_workspace, VILLAGE) if h.id == first.id)
    assert shown == stored_text
    assert f"{after.income_month:.0f}" == shown, f"screen {shown}, store {after.income_month}"


async def test_item_dialog_edit_lost_when_the_disk_is_full(
    demo_workspace: Workspace, monkeypatch
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        detail = app.screen.query_one("#f-detail", Input)
        detail.focus()
        await pilot.pause()
        detail.value = ""
        await type_text(pilot, "ช่วงหน้าฝน")

        def full(self, entries):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Journal, "append", full)
        await pilot.press("ctrl+s")
        await settled(pilot)
        await pilot.pause()
        on_screen = [w.value for w in app.screen.query(Input) if "ช่วงหน้าฝน" in w.value]
        status = str(screen.query_one("#status").render())
    assert on_screen, f"typed detail is nowhere on screen; status: {status!r}"


async def test_escape_twice_fast_on_the_forum(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo_forum(pilot)
        await type_text(pilot, "ถนนลื่น")
        for key in ("escape", "escape"):
            app.post_message(events.Key(key, None))
        await pilot.pause(0.2)
        stack = [s.id for s in app.screen_stack]
        await pilot.press("a")
        await pilot.pause(0.2)
        stack2 = [s.id for s in app.screen_stack]
        await pilot.press("a")
        await pilot.pause(0.2)
    assert stack.count("leave-dialog") <= 1, f"{stack} then {stack2}"


@pytest.mark.parametrize("keys", [("escape", "ctrl+q"), ("ctrl+q", "escape")])
async def test_one_question_at_a_time(demo_workspace: Workspace, keys: tuple[str, str]) -> None:
    """Esc asks about the entry line; Ctrl+Q pressed meanwhile (or the other way round) must
    not ask a second time (that crashed the app and lost the text)."""
    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo_forum(pilot)
        await type_text(pilot, "ถนนลื่น")
        for key in keys:
            app.post_message(events.Key(key, None))
        await until(pilot, lambda: app.screen.id == "leave-dialog", "the question")
        await pilot.pause()
        assert [s.id for s in app.screen_stack].count("leave-dialog") == 1
        await pilot.press("a")
        if keys[0] == "ctrl+q":
            await until(pilot, lambda: app.return_code is not None, "quitting")
        else:
            await until(pilot, lambda: app.screen.id != "leave-dialog", "the answer")
            await settled(pilot)
    app.close_workspace()
    with Workspace.open(data_dir) as ws:
        assert "ถนนลื่น" in _texts(ws, ForumList.problem)


async def test_discard_is_final_even_when_the_disk_is_full(
    demo_workspace: Workspace, monkeypatch
) -> None:
    """A field that cannot be saved (full disk), Ctrl+Q, "d": the app quits."""
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, HouseholdScreen), "the form")
        field = app.screen.query_one("#f-phone", Input)
        field.focus()
        await pilot.pause()

        def full(self, entries):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Journal, "append", full)
        field.value = "0899999999"
        await pilot.press("ctrl+q")
        await until(pilot, lambda: app.screen.id == "leave-dialog", "the question")
        assert "พื้นที่ดิสก์เต็ม" in str(app.screen.query_one("#what").render())
        await pilot.press("d")
        await until(pilot, lambda: app.return_code is not None, "quitting")


async def test_a_dialog_whose_save_keeps_failing_can_be_left(
    demo_workspace: Workspace, monkeypatch
) -> None:
    """The disk is full: Ctrl+S in the item dialog says so in Thai and stays; Ctrl+S again
    asks, and "d" closes the dialog without saving; the forum goes on."""
    from sammachip_tui.screens.item_dialog import ItemDialog

    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ItemDialog), "the dialog")
        dialog = app.screen
        detail = dialog.query_one("#f-detail", Input)
        detail.focus()
        await pilot.pause()
        detail.value = "ช่วงหน้าฝน"

        def full(self, entries):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(Journal, "append", full)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "พื้นที่ดิสก์เต็ม" in str(dialog.query_one("#problem").render()))
        assert app.screen is dialog and detail.value == "ช่วงหน้าฝน"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.id == "leave-dialog", "the question")
        await pilot.press("d")
        await until(pilot, lambda: app.screen is screen, "back in the forum")
