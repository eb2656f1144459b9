"""The Textual app: screens, themes, language, command palette.

The app owns nothing but the interface: data goes through the workspace (store/), which the
CLI opened (and locked) before the app started, so a second instance fails with a plain
message before the screen is taken over.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from sammachip_tui.i18n import N_, _, current_language, other_language, set_language
from sammachip_tui.screens.chrome import BaseScreen
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

_START = time.perf_counter()

THEMES = (
    Theme(
        name="sammachip",
        primary="#2E7D32",
        secondary="#F9A825",
        accent="#FFB300",
        foreground="#E8EAED",
        background="#15181C",
        surface="#1E2228",
        panel="#263238",
        success="#66BB6A",
        warning="#FFB300",
        error="#EF5350",
        dark=True,
    ),
    # High contrast: pure black and white, yellow focus; readable in sunlight and on
    # 16-colour terminals.
    Theme(
        name="sammachip-contrast",
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FFFF00",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#000000",
        success="#00FF00",
        warning="#FFFF00",
        error="#FF5555",
        boost="#333333",
        dark=True,
        variables={
            "block-cursor-foreground": "#000000",
            "block-cursor-background": "#FFFF00",
            "footer-key-foreground": "#FFFF00",
            "input-selection-background": "#FFFF00 50%",
        },
    ),
)


class SammachipApp(App[int]):
    TITLE = "sammachip"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f2", "toggle_language", N_("English"), id="language"),
        Binding("f3", "toggle_contrast", N_("Contrast"), id="contrast"),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
    ]

    def __init__(
        self,
        *,
        data_dir: Path,
        workspace: Workspace | None,
        lock: DirectoryLock | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.animation_level = "none"
        self.data_dir = data_dir
        self.workspace: Workspace = workspace  # type: ignore[assignment]
        self.lock = lock
        self.demo = demo
        self.settings: Settings = load_settings(data_dir)
        for theme in THEMES:
            self.register_theme(theme)
        set_language(self.settings.language if self.settings.language in ("th", "en") else "th")
        self.theme = (
            self.settings.theme if self.settings.theme in {t.name for t in THEMES} else "sammachip"
        )
        self.started_in_ms: float | None = None
        self._opened = threading.Event()

    @property
    def language(self) -> str:
        return current_language()

    def on_mount(self) -> None:
        from sammachip_tui.screens.home import HomeScreen

        self.title = _("Sammachip programme")
        self.push_screen(HomeScreen())
        if self.workspace is None:
            self._open_workspace()
        else:
            self._opened.set()
            self._workspace_ready(self.workspace, refresh=False)

    def on_ready(self) -> None:
        self.started_in_ms = (time.perf_counter() - _START) * 1000
        self.log.info(f"started in {self.started_in_ms:.0f} ms")

    @work(thread=True, exclusive=True, group="open-workspace")
    def _open_workspace(self) -> None:
        """Open (replay the journal) or seed the demo off the interface thread.

        A large workspace or a slow SD card must not keep the screen blank, and the data
        libraries load while Textual draws.
        """
        from sammachip_tui.store.workspace import NotSetUpError, Workspace

        try:
            if self.demo:
                from sammachip_tui.store.demo import create_demo_workspace

                ws = create_demo_workspace(self.data_dir, lock=self.lock)
            else:
                ws = Workspace.open(self.data_dir, lock=self.lock)
            self.workspace = ws
        except NotSetUpError:
            self.call_from_thread(self._needs_setup)
            return
        except Exception as exc:  # a damaged journal, a full disk: say so, do not crash
            self.call_from_thread(self._open_failed, str(exc))
            return
        finally:
            self._opened.set()
        self.call_from_thread(self._workspace_ready, ws)

    def _needs_setup(self) -> None:
        from sammachip_tui.screens.setup import SetupScreen

        self.push_screen(SetupScreen())

    def _open_failed(self, reason: str) -> None:
        from sammachip_tui.screens.home import HomeScreen

        message = _("Could not open the workspace: {reason}").format(reason=reason)
        if isinstance(self.screen, HomeScreen):
            self.screen.show_problem(message)
        self.notify(message, severity="error", timeout=30)

    def _workspace_ready(self, workspace: Workspace, *, refresh: bool = True) -> None:
        from sammachip_tui.screens.home import HomeScreen

        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if refresh and home is not None and not home.loaded:
            self.call_later(home.refresh_villages)
        if self.demo:
            self.notify(_("Demo workspace: changes are thrown away when you quit."), timeout=6)
        report = workspace.report
        if report.rebuilt_shards:
            self.notify(
                _("Rebuilt damaged village files from the journal: {codes}").format(
                    codes=", ".join(report.rebuilt_shards)
                ),
                severity="warning",
                timeout=10,
            )

    def setup_done(self, workspace: Workspace) -> None:
        """The set-up screen created the device: go to work."""
        self.workspace = workspace
        self.pop_screen()
        self._workspace_ready(workspace)
        self.notify(
            _("Device set up. Fingerprint: {fingerprint}").format(
                fingerprint=workspace.device.fingerprint
            ),
            timeout=8,
        )

    def close_workspace(self) -> None:
        """Flush and unlock; called by the CLI after the app exits, however it exits."""
        self._opened.wait(timeout=60)  # quit during opening: let it finish, then close it
        if self.workspace is not None:
            self.workspace.close()
        elif self.lock is not None:
            self.lock.release()

    # ------------------------------------------------------------------------- actions
    async def action_toggle_language(self) -> None:
        set_language(other_language())
        self.settings.language = current_language()
        self._save_settings()
        self.title = _("Sammachip programme")
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):
                await screen.language_changed()

    def action_toggle_contrast(self) -> None:
        self.theme = "sammachip" if self.theme == "sammachip-contrast" else "sammachip-contrast"
        self.settings.theme = self.theme
        self._save_settings()

    def _save_settings(self) -> None:
        if not self.demo:
            try:
                save_settings(self.data_dir, self.settings)
            except OSError as exc:
                self.notify(
                    _("Could not save settings: {reason}").format(reason=exc), severity="warning"
                )

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def _forum_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from sammachip_tui.screens.forum import LIST_KEYS, ForumScreen
        from sammachip_tui.screens.forums import ForumsScreen

        if isinstance(screen, ForumsScreen):
            yield SystemCommand(_("Forum: hold a new forum"), "n", screen.action_new_forum)
            yield SystemCommand(_("Forum: export the record"), "x", screen.action_export)
        if isinstance(screen, ForumScreen):
            from sammachip_tui.model.records import FORUM_LIST_LABELS

            for which, key in LIST_KEYS.items():
                yield SystemCommand(
                    _("Forum: show {list}").format(list=_(FORUM_LIST_LABELS[which])),
                    key,
                    lambda name=which.value: screen.action_show_list(name),
                )
            yield SystemCommand(_("Forum: attendance"), "F9", screen.action_attendance)
            yield SystemCommand(_("Forum: ranked by votes"), "Ctrl+R", screen.action_ranked)
            yield SystemCommand(
                _("Forum: summary for a projector"), "Ctrl+O", screen.action_summary
            )
            yield SystemCommand(_("Forum: details (date, place, resolutions)"), "F4",
                                screen.action_details)  # fmt: skip

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action, translated; screen actions only where they apply."""
        yield SystemCommand(
            _("Language: switch Thai / English"), _("F2"), self.action_toggle_language
        )
        yield SystemCommand(_("Theme: switch high contrast"), _("F3"), self.action_toggle_contrast)
        from sammachip_tui.screens.home import HomeScreen
        from sammachip_tui.screens.households import HouseholdsScreen

        if isinstance(screen, HomeScreen):
            yield SystemCommand(
                _("Village: open the selected village"), _("Enter"), screen.action_open_village
            )
            yield SystemCommand(
                _("Households: import a CSV file"), _("i"), screen.action_import_households
            )
        if isinstance(screen, HomeScreen):
            yield SystemCommand(_("Forums of the selected village"), "f", screen.action_forums)
            yield SystemCommand(_("Village: add a village"), "v", screen.action_new_village)
            yield SystemCommand(_("Sync: send data as QR frames"), "s", screen.action_send)
            yield SystemCommand(_("Sync: receive frames, images or a bundle"), "r",
                                screen.action_receive)  # fmt: skip
            yield SystemCommand(_("Sync: resolve conflicts"), "c", screen.action_conflicts)
            yield SystemCommand(_("Sync: devices (accept, revoke)"), "d", screen.action_devices)
        if isinstance(screen, HouseholdsScreen):
            yield SystemCommand(_("Forums of this village"), "f", screen.action_forums)
        yield from self._forum_commands(screen)
        if isinstance(screen, HouseholdsScreen):
            yield SystemCommand(_("Households: filter the list"), "/", screen.action_focus_filter)
            yield SystemCommand(_("Back to the villages"), _("Esc"), screen.action_back)
        yield SystemCommand(
            _("Keys: show every key of this screen"), "", self.action_show_help_panel
        )
        yield SystemCommand(_("Quit"), _("Ctrl+Q"), self.action_quit)
