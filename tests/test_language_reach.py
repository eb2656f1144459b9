"""The language an officer asks for reaches every screen, and switching it (F2) leaves the
keyboard where it was (issue 13): ``--lang en`` and ``SAMMACHIP_LANG=en`` used to reach only
the command line's own messages, and F2 on the households and devices screens left nothing
focused (a blank footer until Tab)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest
from textual.widgets import DataTable, Footer

from sammachip_tui.app import SammachipApp
from sammachip_tui.cli import main
from sammachip_tui.i18n import current_language
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.store.workspace import Workspace

from .conftest import until


def _footer_keys(app: SammachipApp) -> set[str]:
    """The descriptions the footer shows now."""
    footer = app.screen.query_one(Footer)
    return {str(key.description) for key in footer.query("FooterKey")}  # type: ignore[attr-defined]


def _run_app_seen(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> dict[str, object]:
    """Run the ``sammachip`` command as the officer does; instead of taking over the
    terminal, the app is driven headless until its villages are listed, and what it shows
    is recorded."""
    seen: dict[str, object] = {}

    def run(self: SammachipApp, *args: object, **kwargs: object) -> None:
        async def look() -> None:
            async with self.run_test(size=(100, 30)) as pilot:
                await until(pilot, lambda: isinstance(self.screen, HomeScreen)
                            and self.screen.loaded, "the villages")  # fmt: skip
                seen["title"] = self.title
                seen["screen"] = self.screen.title
                table = self.screen.query_one("#villages", DataTable)
                seen["column"] = table.ordered_columns[1].label.plain
                await pilot.press("f2")
                await pilot.pause()
                seen["after_f2"] = current_language()

        asyncio.run(look())

    monkeypatch.setattr(SammachipApp, "run", run)
    assert main(argv) == 0
    return seen


def _thai_settings(data_dir: Path) -> None:
    (data_dir / "settings.json").write_bytes(orjson.dumps({"language": "th"}))


def test_lang_option_reaches_the_screens(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _thai_settings(data_dir)
    seen = _run_app_seen(monkeypatch, ["--data-dir", str(data_dir), "--lang", "en"])
    assert seen["title"] == "Sammachip programme"
    assert seen["screen"] == "Villages"
    assert seen["column"] == "Village"
    assert seen["after_f2"] == "th"  # F2 still switches, from the language started in


def test_environment_language_reaches_the_screens(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _thai_settings(data_dir)
    monkeypatch.setenv("SAMMACHIP_LANG", "en")
    seen = _run_app_seen(monkeypatch, ["--data-dir", str(data_dir)])
    assert seen["screen"] == "Villages"


def test_lang_option_wins_over_the_environment(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMMACHIP_LANG", "en")
    seen = _run_app_seen(monkeypatch, ["--data-dir", str(data_dir), "--lang", "th"])
    assert seen["screen"] == "หมู่บ้าน"


def test_without_a_choice_the_saved_setting_holds(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data_dir / "settings.json").write_bytes(orjson.dumps({"language": "en"}))
    seen = _run_app_seen(monkeypatch, ["--data-dir", str(data_dir)])
    assert seen["screen"] == "Villages"


async def test_f2_keeps_the_focus_on_the_households_table(demo_workspace: Workspace) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HouseholdsScreen)
        await pilot.press("down", "down", "down")
        await pilot.press("f2")
        await pilot.pause()
        table = screen.query_one("#table", DataTable)
        assert app.focused is table
        assert table.cursor_row == 3  # the same household is still highlighted
        assert {"Back", "New", "Forums"} <= _footer_keys(app)
        await pilot.press("down")  # the keyboard works without a Tab first
        assert table.cursor_row == 4


async def test_f2_keeps_the_focus_in_the_households_filter(demo_workspace: Workspace) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "slash")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#filter")


async def test_f2_keeps_the_focus_on_the_devices_table(demo_workspace: Workspace) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.id == "devices"
        await pilot.press("f2")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#device-table")
        assert {"Back", "Accept", "Revoke"} <= _footer_keys(app)
