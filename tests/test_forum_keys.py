"""The forum as a new officer meets it (issue 13): the hint under the entry line names the
keys of where the focus is, ``v`` asks for a vote count alone (Enter saves, Esc cancels), and
equal votes share a rank on the ranked view and in the exported record."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from sammachip_tui.model.records import ForumList
from sammachip_tui.reports.forum_record import build_forum_record, to_markdown
from sammachip_tui.screens.forum import ForumScreen
from sammachip_tui.screens.forum_views import RankedScreen
from sammachip_tui.screens.forum_votes import VotesDialog
from sammachip_tui.store import forum as fs
from sammachip_tui.store.workspace import Workspace

from .conftest import settled, type_text, until
from .test_forum_screens import _app, _open_demo_forum

VILLAGE = "52120505"


def _hint(screen: ForumScreen) -> str:
    return str(screen.query_one("#status", Static).render())


def _votes(ws: Workspace, item_id: str) -> int:
    return fs.get_item(ws, VILLAGE, item_id).votes


async def test_the_hint_follows_the_focus(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")  # in English, to read the keys
        screen = await _open_demo_forum(pilot)
        assert app.focused is screen.query_one("#entry")
        assert "Tab: raised by" in _hint(screen)
        assert "Tab: the list" not in _hint(screen)
        await pilot.press("tab")  # Tab goes where the hint said
        assert app.focused is screen.query_one("#raised")
        assert "Tab: the list" in _hint(screen) and "Shift+Tab: the item" in _hint(screen)
        await pilot.press("tab")
        assert app.focused is screen.query_one("#items")
        assert "v: type the votes" in _hint(screen)
        await type_text(pilot, "a")  # typing in the list goes back to the entry line
        assert app.focused is screen.query_one("#entry")
        assert "Tab: raised by" in _hint(screen)
        await pilot.press("f2")  # and in Thai, the hint of the same place
        assert app.focused is screen.query_one("#entry")
        assert "Tab" in _hint(screen) and "raised by" not in _hint(screen)


async def test_v_asks_for_the_vote_count_only(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("down", "down")  # the second problem
        iid = (
            screen.query_one("#items", DataTable)
            .coordinate_to_cell_key(screen.query_one("#items", DataTable).cursor_coordinate)
            .row_key.value
        )
        assert iid is not None
        before = _votes(demo_workspace, iid)

        await pilot.press("v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VotesDialog)
        assert [i.id for i in dialog.query(Input)] == ["f-votes"]  # one field, nothing else
        assert dialog.query_one("#f-votes", Input).value == str(before)
        await type_text(pilot, "๙")
        await pilot.press("escape")  # Esc cancels: nothing changes
        await until(pilot, lambda: app.screen is screen, "back in the forum")
        await settled(pilot)
        assert _votes(demo_workspace, iid) == before

        await pilot.press("v")
        await pilot.pause()
        votes = app.screen.query_one("#f-votes", Input)
        votes.value = ""
        await type_text(pilot, "-3")  # fewer than none: refused, kept, said
        await pilot.press("enter")
        assert isinstance(app.screen, VotesDialog)
        assert votes.value == "-3"
        shown = str(app.screen.query_one("#p-votes", Static).render())  # under the field
        assert shown and shown == app.screen.problem()
        votes.value = ""
        await type_text(pilot, "๔๐")
        await pilot.press("enter")  # Enter saves
        await until(pilot, lambda: app.screen is screen, "back in the forum")
        await settled(pilot)
        assert _votes(demo_workspace, iid) == 40
        assert screen.items[iid].votes == 40  # and the list shows it


async def test_ctrl_s_saves_the_vote_count(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_demo_forum(pilot)
        await pilot.press("down", "v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VotesDialog)
        iid = dialog.item.id
        await type_text(pilot, "7")  # the count shown is selected: what is typed replaces it
        assert dialog.query_one("#f-votes", Input).value == "7"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, "back in the forum")
        await settled(pilot)
        assert _votes(demo_workspace, iid) == 7


def _tie_the_second_and_third(ws: Workspace) -> str:
    """Problems 31, 24, 24, 12, 7 votes; returns the forum id."""
    [forum] = fs.forums(ws, VILLAGE)
    problems = fs.ranked(i for i in fs.items(ws, VILLAGE, forum.id) if i.list is ForumList.problem)
    change = fs.edit_item(ws, VILLAGE, problems[2].id, {"votes": problems[1].votes})
    assert change is not None
    ws.commit([change])
    return forum.id


async def test_equal_votes_share_a_rank(demo_workspace: Workspace) -> None:
    forum_id = _tie_the_second_and_third(demo_workspace)
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 40)) as pilot:
        await _open_demo_forum(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RankedScreen)
        problems = str(app.screen.query(Static)[3].render()).splitlines()
        ranks = [line.split()[0] for line in problems[1:]]
        assert ranks == ["1", "2", "2", "4", "5"]
    record = to_markdown(build_forum_record(demo_workspace, VILLAGE, forum_id))
    rows = [line for line in record.splitlines() if line.startswith("| ") and "|---" not in line]
    assert [r.split("|")[1].strip() for r in rows[1:6]] == ["1", "2", "2", "4", "5"]


async def test_the_most_voted_panel_shares_ranks_too(demo_workspace: Workspace) -> None:
    _tie_the_second_and_third(demo_workspace)
    app = _app(demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_demo_forum(pilot)
        lines = str(screen.query_one("#top-problem", Static).render()).splitlines()
        assert [line.split(".")[0] for line in lines[1:]] == ["1", "2", "2", "4", "5"]
