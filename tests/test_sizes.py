"""Every screen at every terminal size: a message below its minimum (never a crash or a
garbled screen), tables that fit, footers that never cut a key, F1 listing every key, and
colours that can be read (WCAG AA) in both themes."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from rich.segment import Segment
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from sammachip_tui.app import SammachipApp
from sammachip_tui.i18n import _
from sammachip_tui.screens.attendance import AttendanceScreen
from sammachip_tui.screens.dashboard import DashboardScreen
from sammachip_tui.screens.forum import ForumScreen
from sammachip_tui.screens.forum_views import RankedScreen
from sammachip_tui.screens.forums import ForumsScreen
from sammachip_tui.screens.group import GroupScreen
from sammachip_tui.screens.group_dialogs import GroupDialog
from sammachip_tui.screens.groups import GroupsScreen
from sammachip_tui.screens.help import HelpScreen, help_rows
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.household import HouseholdScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.screens.inbox import InboxScreen
from sammachip_tui.screens.mentoring import MentoringScreen
from sammachip_tui.screens.network import DistrictNetworkScreen, GroupNetworkScreen
from sammachip_tui.screens.plan import PlanScreen
from sammachip_tui.screens.proposals import ProposalsScreen
from sammachip_tui.screens.receive import ReceiveScreen
from sammachip_tui.screens.receive_folder import FolderDialog
from sammachip_tui.screens.send import SendScreen
from sammachip_tui.screens.serve_dialog import ServeDialog
from sammachip_tui.screens.sizes import TooSmall
from sammachip_tui.screens.sync_dialogs import ConflictsScreen, DevicesScreen
from sammachip_tui.screens.table import Column, fit_widths
from sammachip_tui.screens.village_dialog import VillageDialog
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until

# Each screen, and the keys that open it from the villages.
SCREENS: dict[str, tuple[list[str], type[Screen[Any]]]] = {
    "villages": ([], HomeScreen),
    "households": (["enter"], HouseholdsScreen),
    "household": (["enter", "enter"], HouseholdScreen),
    "forums": (["f"], ForumsScreen),
    "forum": (["f", "enter"], ForumScreen),
    "attendance": (["f", "enter", "f9"], AttendanceScreen),
    "ranked": (["f", "enter", "ctrl+r"], RankedScreen),
    "proposals": (["g"], ProposalsScreen),
    "groups": (["o"], GroupsScreen),
    "group": (["o", "enter"], GroupScreen),  # the demo's first proposal accepted first
    "group network": (["o", "enter", "k"], GroupNetworkScreen),  # and linked to a partner
    "district network": (["o", "k"], DistrictNetworkScreen),
    "plan": (["p"], PlanScreen),  # two rows typed first
    "mentoring": (["m", "2"], MentoringScreen),  # a sage and two pairings made first
    "receive": (["r"], ReceiveScreen),
    "send": (["s", "enter"], SendScreen),
    "conflicts": (["c"], ConflictsScreen),
    "devices": (["d"], DevicesScreen),
    "serve dialog": (["d"], ServeDialog),  # n on a central store's devices: pushed here
    "inbox": (["n"], InboxScreen),
    "folder dialog": (["r", "f7"], FolderDialog),
    "village dialog": (["v"], VillageDialog),
    "income dialog": (["enter", "enter", "ctrl+r"], GroupDialog),
    "help": (["f1"], HelpScreen),
    "dashboard": (["b"], DashboardScreen),
}
# Smallest to largest and back, with the sizes officers reported in between.
SIZES = [(80, 24), (40, 12), (60, 20), (80, 15), (120, 40), (200, 60), (59, 14), (80, 24)]


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def _accept_first_proposal(ws: Workspace) -> None:
    from sammachip_tui.store import proposals as sp
    from sammachip_tui.store.demo import DEMO_VILLAGE

    first = sp.proposal_set(ws, DEMO_VILLAGE).proposals[0]
    ws.commit_built(lambda w: sp.accept(w, DEMO_VILLAGE, first))


def _linked_groups(ws: Workspace) -> None:
    """The demo's first proposal accepted, and linked to a partner group elsewhere."""
    from sammachip_tui.store import network
    from sammachip_tui.store.demo import DEMO_VILLAGE
    from sammachip_tui.store.group_view import group_lines

    _accept_first_proposal(ws)
    [group] = group_lines(ws, DEMO_VILLAGE)
    ws.commit_built(lambda w: [network.add_link(w, DEMO_VILLAGE, group.id, {
        "partner_village": "52120306", "partner_name": "กลุ่มย้อมผ้าธรรมชาติบ้านแม่สัน",
        "kind": "supplies", "exchanges": "materials, markets"})])  # fmt: skip


def _two_plan_rows(ws: Workspace) -> None:
    from sammachip_tui.store import plans
    from sammachip_tui.store.demo import DEMO_VILLAGE

    for texts in ({"project": "ตลาดชุมชนขายสินค้าทุกวันเสาร์", "objective": "เพิ่มช่องทางขาย",
                   "target": "ผู้ผลิตในหมู่บ้าน", "start": "1/12/2569", "end": "30/9/2570",
                   "budget": "20,000", "responsible": "นายสมศักดิ์ ใจดี"},
                  {"project": "อบรมบรรจุภัณฑ์", "budget": "5000"}):  # fmt: skip
        ws.commit_built(lambda w, t=texts: [plans.add_row(w, DEMO_VILLAGE, 2570, t)])


async def _open(pilot: Pilot, name: str) -> Screen[Any]:
    keys, kind = SCREENS[name]
    app = pilot.app
    if name == "group":
        _accept_first_proposal(app.workspace)  # type: ignore[attr-defined]
    if name.endswith("network"):
        _linked_groups(app.workspace)  # type: ignore[attr-defined]
    if name == "plan":
        _two_plan_rows(app.workspace)  # type: ignore[attr-defined]
    if name == "mentoring":
        from .test_mentor_snapshots import mentoring_in_demo

        mentoring_in_demo(app.workspace)  # type: ignore[arg-type]
    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded, "home")
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    if name == "serve dialog":  # the demo is a field device: its devices screen has no n
        villages = [(f"5212050{n}", f"หมู่ {n} บ้านทดสอบ") for n in range(1, 10)]
        app.push_screen(ServeDialog(None, "", villages, ()))
    await until(pilot, lambda: isinstance(app.screen, kind), name)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen


def _listed_keys(screen: Screen[Any]) -> set[str]:
    return {k for row in help_rows(screen) for k in row.keys.split(" / ")}


def _footer_keys(screen: Screen[Any]) -> list[FooterKey]:
    return [k for k in screen.query(FooterKey) if k.display]


def _check_drawn(screen: Screen[Any], size: tuple[int, int]) -> None:
    """The screen at ``size``: whole (footer keys in view, each listed by F1, tables no wider
    than the window) or, below its minimum, the message saying so."""
    width, height = size
    if getattr(screen, "below_minimum", False):
        message = screen.query_one(TooSmall)
        assert message.display and message.region.width == width
        assert f"{width}×{height}" in str(message.render())
        return
    assert not screen.query(TooSmall) or not screen.query_one(TooSmall).display
    listed = _listed_keys(screen)
    for key in _footer_keys(screen):
        assert key.region.right <= width, f"{key.key_display} cut at {size}"
        assert key.key_display in listed, f"{key.key_display} not in F1 at {size}"
    for table in screen.query("#villages, #table").results(DataTable):
        assert not table.show_horizontal_scrollbar, f"{table.id} wider than {size}"


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_screen_at_every_size_and_through_resizes(
    name: str, demo_workspace: Workspace
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, name)
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert app.is_running and app.screen is screen
            _check_drawn(screen, size)
        assert isinstance(screen, ModalScreen) or not screen.below_minimum  # type: ignore[attr-defined]


async def test_too_small_says_so_changes_nothing_and_comes_back(
    demo_workspace: Workspace,
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await _open(pilot, "villages")
        table = home.query_one("#villages", DataTable)
        assert app.focused is table
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        message = home.query_one(TooSmall)
        assert message.display and message.region.size == (40, 12)
        assert not any(w.display for w in home.children if w is not message)
        assert "60×14" in str(message.render()) and "40×12" in str(message.render())
        await pilot.press("v", "enter")  # blind keys: no dialog, no village opened
        await pilot.pause()
        assert app.screen is home and list(demo_workspace.villages()) == ["52120505"]
        await pilot.press("f2")  # the language still switches, the message stays
        await pilot.pause()
        assert home.query_one(TooSmall).display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert not home.query_one(TooSmall).display
        assert all(w.display for w in home.children if w is not home.query_one(TooSmall))
        assert app.focused is home.query_one("#villages", DataTable)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, VillageDialog), "the dialog")


@pytest.mark.parametrize("language", ["th", "en"])
async def test_villages_at_80x24_fit_and_show_the_keys_that_matter(
    language: str, demo_workspace: Workspace
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await _open(pilot, "villages")
        if language == "en":
            await pilot.press("f2")
            await pilot.pause()
        table = home.query_one("#villages", DataTable)
        assert not table.show_horizontal_scrollbar
        assert table.virtual_size.width <= table.size.width
        assert "Lampang" in home.sub_title or "ลำปาง" in home.sub_title  # the place, whole
        shown = [k.key_display for k in _footer_keys(home)]
        assert shown[:2] == ["f1", "⏎"]
        assert {"f", "g", "v", "f2", "^q"} <= set(shown)
        assert {"c", "d", "f3", "s", "r"} <= _listed_keys(home)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert {"c", "d", "s", "r"} <= {k.key_display for k in _footer_keys(home)}


async def test_forum_footer_in_english_never_ends_in_half_a_key(
    demo_workspace: Workspace,
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        forum = await _open(pilot, "forum")
        keys = _footer_keys(forum)
        assert keys and keys[0].key_display == "f1"
        assert all(k.region.right <= 80 for k in keys)
        assert all(k.region.width == len(k.key_display) + len(k.description) + 1 for k in keys)


async def test_f1_lists_every_key_in_the_officers_language_and_esc_closes(
    demo_workspace: Workspace,
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        proposals = await _open(pilot, "proposals")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        help_screen = app.screen
        table = help_screen.query_one("#keys", DataTable)
        rows = {str(table.get_row_at(n)[0]): str(table.get_row_at(n)[1])
                for n in range(table.row_count)}  # fmt: skip
        # Every key the screen binds, hidden ones too, and the app's own.
        for key in ("u", "m", "o", "n", "a", "x", "j", "k", "e", "l", "h", "t", "s"):
            assert key in rows, key
        for key in ("esc", "f1", "f2", "f3", "^q", "^p"):
            assert any(key in shown.split(" / ") for shown in rows), key
        assert rows["u"] == _('Proposals: count "not sure" answers too')
        assert rows["u"] != 'Proposals: count "not sure" answers too'  # in Thai
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is proposals, "back on the proposals")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help again")
        await pilot.press("f1")
        await until(pilot, lambda: app.screen is proposals, "F1 closes it too")


async def test_f1_and_esc_leave_the_send_screens_keys_as_they_were(
    demo_workspace: Workspace,
) -> None:
    """The send screen keeps no field focused so that Space, → and e drive its frames;
    after F1 and Esc the receiver's code field took them (found by the real-terminal test)."""
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        send = await _open(pilot, "send")
        assert isinstance(send, SendScreen) and send.focused is None
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is send, "back on the send screen")
        await pilot.pause()
        assert send.focused is None
        animated = send.animated
        await pilot.press("space")
        await until(pilot, lambda: send.animated != animated, "Space switches the mode")


async def test_the_help_lists_what_the_footer_leaves_out(demo_workspace: Workspace) -> None:
    """Enter on the villages is the table's own key underneath; it is still listed (and
    shown) under the screen's name for it."""
    app = _app(demo_workspace)
    async with app.run_test(size=(60, 20)) as pilot:
        home = await _open(pilot, "villages")
        shown = {k.key_display for k in _footer_keys(home)}
        listed = _listed_keys(home)
        assert "⏎" in shown and "f1" in shown
        assert not {"d", "c", "s", "r", "f3", "^p"} <= shown  # not all fit in 60 columns
        assert {"d", "c", "s", "r", "f3", "^p"} <= listed


def test_columns_fit_the_window_or_leave_out_the_optional_ones() -> None:
    columns = [
        Column("code", "Code", 8),
        Column("village", "Village", 30, flexible=True, least=12),
        Column("count", "Households", 3),
        Column("extra", "Trained", 3, drop=1),
        Column("place", "Place", 40, flexible=True, drop=0),
    ]
    for room in range(40, 200):
        widths = fit_widths(columns, room)
        used = sum(widths.values()) + 2 * len(widths) + 2
        assert used <= room or set(widths) == {"code", "village", "count"}, room
        assert widths["village"] >= 12
    assert set(fit_widths(columns, 45)) == {"code", "village", "count"}
    assert set(fit_widths(columns, 60)) == {"code", "village", "count", "extra", "place"}
    assert set(fit_widths(columns, 200)) == {"code", "village", "count", "extra", "place"}


# ------------------------------------------------------------------------- contrast
def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _is_text(ch: str) -> bool:
    """Letters, digits and marks: what is read. Borders, bars and blocks are not text."""
    return (not ch.isspace() and unicodedata.category(ch)[0] in "LNP") or ch in "✓✗"


def _poor_pairs(app: SammachipApp) -> dict[tuple[str, str], str]:
    """Each colour pair drawn with text on the screen below WCAG AA (4.5:1), with its text.
    Behind a dialog only the dialog counts (the rest is dimmed on purpose)."""
    screen = app.screen
    area = None
    if isinstance(screen, ModalScreen):
        area = screen.query_one("#box").region
    poor: dict[tuple[str, str], str] = {}
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            start, x = x, x + Segment.get_line_length([segment])
            outside = area is not None and not area.contains(start, y)
            if outside:
                continue
            if style is None or not any(_is_text(ch) for ch in text):
                continue
            assert style.color is not None and style.bgcolor is not None, text
            fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            if contrast(fg, bg) < 4.5:
                poor.setdefault((fg.hex, bg.hex), text.strip())
    return poor


@pytest.mark.parametrize("theme", ["sammachip", "sammachip-contrast"])
@pytest.mark.parametrize(
    "name",
    ["villages", "households", "forum", "proposals", "village dialog", "help", "dashboard"],
)
async def test_every_colour_pair_drawn_is_readable(
    theme: str, name: str, demo_workspace: Workspace
) -> None:
    """The forum's entry line shows its placeholder (the hint once olive on dark olive)."""
    app = _app(demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await _open(pilot, name)
        await pilot.pause()
        assert _poor_pairs(app) == {}


async def test_a_dialog_too_small_says_so_and_keeps_what_was_typed(
    demo_workspace: Workspace,
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _open(pilot, "village dialog")
        await pilot.press("tab", "tab")
        await type_text(pilot, "๗")
        typed = app.focused
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        await pilot.pause()
        assert dialog.query_one(TooSmall).display
        assert "40×12" in str(dialog.query_one(TooSmall).render())
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert not dialog.query_one(TooSmall).display
        assert app.screen is dialog and app.focused is typed
        assert getattr(typed, "value", None) == "๗"


async def test_a_screen_opened_in_a_small_window_says_so_at_once(
    demo_workspace: Workspace,
) -> None:
    app = _app(demo_workspace)
    async with app.run_test(size=(40, 12)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await until(pilot, lambda: app.screen.query(TooSmall), "the message on the villages")
        assert app.screen.query_one(TooSmall).display
        app.push_screen(HouseholdsScreen("52120505"))  # as a worker or a dialog's result may
        await until(pilot, lambda: isinstance(app.screen, HouseholdsScreen))
        households = app.screen
        await until(pilot, lambda: households.query(TooSmall), "the message on the households")
        assert households.query_one(TooSmall).display and app.focused is None


async def test_forum_header_keeps_the_facilitators_at_80x24(demo_workspace: Workspace) -> None:
    from sammachip_tui.store import forum as fs

    [forum] = fs.forums(demo_workspace, "52120505")
    assert forum.facilitators
    app = _app(demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "forum")
        drawn = "\n".join(strip.text for strip in screen._compositor.render_strips())
        assert ", ".join(forum.facilitators) in drawn
        assert forum.place in drawn
