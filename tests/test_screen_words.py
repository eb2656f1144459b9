"""Words on the screens: the command palette and its keys panel in the officer's language
(Esc closes the panel), record kinds on the send screen in Thai."""

from __future__ import annotations

import io

from rich.console import Console
from textual.command import CommandList
from textual.widgets import HelpPanel, Static
from textual.widgets._key_panel import BindingsTable

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.send import SendScreen
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until


def _options(app: SammachipApp) -> list[str]:
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def _open_keys_panel(app: SammachipApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await until(pilot, lambda: app.screen.id == "--command-palette", "the palette")
    await type_text(pilot, "ปุ่มลัด")
    await until(pilot, lambda: any("ปุ่มลัด" in t for t in _options(app)), "the keys command")
    await pilot.press("enter")
    await until(pilot, lambda: bool(app.screen.query(HelpPanel)), "the keys panel")


async def test_keys_panel_is_thai_and_esc_closes_it(demo_workspace: Workspace) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        home = app.screen
        await _open_keys_panel(app, pilot)
        panel = app.screen.query_one(HelpPanel)
        await pilot.pause()
        console = Console(width=80, file=io.StringIO(), record=True)
        console.print(panel.query_one(BindingsTable).render_bindings_table())
        shown = console.export_text()
        assert "Esc" in shown and "สีชัด" in shown and "ออก" in shown  # F3, Ctrl+Q in Thai
        for english in ("Quit", "Contrast", "Import", "Toggle", "Show"):
            assert english not in shown, english
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(HelpPanel), "the panel closed")
        assert app.screen is home  # Esc closed the panel only; the screen stayed
        await pilot.press("escape")  # with no panel, Esc is the screen's own again
        await pilot.pause()


async def test_palette_says_no_matches_in_thai(demo_workspace: Workspace) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.id == "--command-palette", "the palette")
        await type_text(pilot, "ฮฮฮฮ")
        await until(pilot, lambda: any("ไม่พบ" in t for t in _options(app)), "no matches")
        assert not any("No matches" in t for t in _options(app))


async def test_send_screen_names_record_kinds_in_thai(demo_workspace: Workspace) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        await pilot.press("s", "enter")  # to the district's central store
        await until(pilot, lambda: isinstance(app.screen, SendScreen), "the send screen")
        about = app.screen.query_one("#about", Static)
        await until(pilot, lambda: "ครัวเรือน 200" in str(about.render()), "the kinds")
        text = str(about.render())
        for kind in ("household", "attendance", "forum", "item", "village"):
            assert kind not in text, kind
