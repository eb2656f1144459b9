"""The Textual app: screens, themes, language, command palette.

The app owns nothing but the interface: data goes through the workspace (store/), which the
CLI opened (and locked) before the app started, so a second instance fails with a plain
message before the screen is taken over.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from sammachip_tui import startup_gc
from sammachip_tui.i18n import (
    LANGUAGES,
    N_,
    _,
    current_language,
    other_language,
    set_language,
)
from sammachip_tui.i18n.wording import os_error_text
from sammachip_tui.screens.chrome import BaseScreen
from sammachip_tui.screens.leave_dialog import LeaveDialog
from sammachip_tui.screens.saving import StoreAccess, drained, writer_settled
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.settings import SettingsOwner, settings_problem

if TYPE_CHECKING:
    from sammachip_tui.store.village_counts import VillageSummary
    from sammachip_tui.store.workspace import Workspace

_START = time.perf_counter()

THEMES = (
    Theme(
        name="sammachip",
        primary="#276B2B",  # white text on it (the table cursor) at 4.5:1 or more
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
        # Hints (placeholders) and secondary text readable at WCAG AA (4.5:1) on every
        # background they appear on (tests/test_sizes.py checks each pair drawn).
        variables={"text-muted": "auto 75%", "text-disabled": "auto 70%"},
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
            "text-muted": "auto 90%",
            "text-disabled": "auto 85%",
        },
    ),
)


def _open_failure(exc: Exception, data_dir: Path) -> str:
    """Why the workspace did not open, in the officer's words: a damaged file says which
    and what to do; a read-only or full disk says so (never an errno or a traceback)."""
    from sammachip_tui.errors import UserError

    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, OSError):
        from sammachip_tui.store.disk_errors import opening_error

        return opening_error(exc, data_dir).message
    return str(exc)


class SammachipApp(App[object]):
    TITLE = "sammachip"
    # A choice's placeholder ("choose a subdistrict") at readable contrast, as hints are.
    CSS = """
    SelectCurrent Static#label { color: $text-muted; }
    SelectCurrent.-has-value Static#label { color: $foreground; }
    """
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", N_("Help"), id="help", priority=True,
                tooltip=N_("Help: every key of this screen")),
        Binding("f2", "toggle_language", N_("English"), id="language",
                tooltip=N_("Language: Thai or English")),
        Binding("f3", "toggle_contrast", N_("Contrast"), id="contrast",
                tooltip=N_("Colours: high contrast or normal")),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
        # Closes the keys panel (palette → Keys) first; only while it is open (check_action).
        Binding("escape", "hide_help_panel", show=False, priority=True),
    ]  # fmt: skip

    def __init__(
        self,
        *,
        data_dir: Path,
        workspace: Workspace | None,
        lock: DirectoryLock | None = None,
        demo: bool = False,
        language: str | None = None,
    ) -> None:
        """``language``: the one asked for on the command line (``--lang``) or in
        ``SAMMACHIP_LANG``, for this run; None means the saved setting (what F2 last chose)."""
        super().__init__()
        self.animation_level = "none"
        self.data_dir = data_dir
        self.workspace: Workspace | None = workspace
        self.lock = lock
        self.demo = demo
        # The one owner of settings.json for this run (a demo keeps changes in memory).
        self.settings = SettingsOwner(data_dir, persist=not demo)
        for theme in THEMES:
            self.register_theme(theme)
        current = self.settings.current
        if language not in LANGUAGES:
            language = current.language if current.language in LANGUAGES else "th"
        set_language(language)
        self.theme = current.theme if current.theme in {t.name for t in THEMES} else "sammachip"
        self.started_in_ms: float | None = None
        self._opened = threading.Event()
        self._opening = False  # on_mount has started opening the workspace
        self._quitting = False
        self.save_failures = 0  # saves that did not reach the journal (StoreAccess counts)
        self.open_problem: str | None = None  # why the workspace could not be opened
        # A damaged settings.json: defaults stand in, and the officer is told (on mount).
        self.settings_problem = settings_problem(data_dir) if self.settings.problem else None

    @property
    def language(self) -> str:
        return current_language()

    def on_mount(self) -> None:
        from sammachip_tui.screens.home import HomeScreen

        self.title = _("Sammachip programme")
        self.push_screen(HomeScreen())
        if self.settings_problem:
            self.notify(self.settings_problem, severity="warning", timeout=15)
        self._opening = True
        if self.workspace is None:
            self._open_workspace()
        else:
            self._opened.set()
            self._workspace_ready(self.workspace, refresh=False)

    def on_ready(self) -> None:
        self.started_in_ms = (time.perf_counter() - _START) * 1000
        self.log.info(f"started in {self.started_in_ms:.0f} ms")
        self.set_timer(1.0, startup_gc.release)  # the opening may wait on the officer

    @work(thread=True, exclusive=True, group="open-workspace")
    def _open_workspace(self) -> None:
        """Open (replay the journal) or seed the demo off the interface thread.

        A large workspace or a slow SD card must not keep the screen blank, and the data
        libraries load while Textual draws.
        """
        # The list as the village files (or the demo's packaged records) hold it, before
        # the store's modules load (a noticeable part of the wait): the open workspace's
        # counts follow.
        if self.demo:
            from sammachip_tui.store.demo_records import demo_summaries

            stored: list[VillageSummary] | None = demo_summaries()
        else:
            from sammachip_tui.store.village_counts import stored_summaries

            stored = stored_summaries(self.data_dir)
        if stored:
            drawn = threading.Event()
            self.call_from_thread(self._show_stored, stored, drawn)
            drawn.wait(0.5)  # drawn before the store loads: both at once would slow both
        from sammachip_tui.store.at_rest import LockedError
        from sammachip_tui.store.damage import JournalDamagedError
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
        except JournalDamagedError as exc:
            self.call_from_thread(self._journal_damaged, exc.message)
            return
        except LockedError:
            self.call_from_thread(self._needs_pin)
            return
        except Exception as exc:  # a damaged journal, a full disk: say so, do not crash
            self.call_from_thread(self._open_failed, _open_failure(exc, self.data_dir))
            return
        finally:
            self._opened.set()
        self.call_from_thread(self._workspace_ready, ws)

    def _show_stored(self, rows: list[VillageSummary], drawn: threading.Event) -> None:
        from sammachip_tui.screens.home import HomeScreen

        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is not None and self.workspace is None:

            async def show() -> None:
                await home.show_stored(rows)
                home.call_after_refresh(drawn.set)

            home.call_later(show)
        else:
            drawn.set()

    def _needs_pin(self) -> None:
        """Encrypted at rest: ask the PIN, then open (Esc on the question leaves the app)."""
        from sammachip_tui.screens.unlock import UnlockScreen

        def unlocked(ok: bool | None) -> None:
            if ok:
                self._open_workspace()
            else:
                self.exit()

        self.push_screen(UnlockScreen(), unlocked)

    def _journal_damaged(self, message: str) -> None:
        """Say what was found; repair only if the officer says so (nothing changed yet)."""
        from sammachip_tui.screens.repair_dialog import RepairDialog

        self._open_failed(message)

        def chosen(repair: bool | None) -> None:
            if repair:
                self.notify(_("Repairing…"), timeout=5)
                self._repair_workspace()

        self.push_screen(RepairDialog(message), chosen)

    @work(thread=True, exclusive=True, group="open-workspace")
    def _repair_workspace(self) -> None:
        from sammachip_tui.store.repair import repair_and_open

        try:
            report, ws = repair_and_open(self.data_dir, self.lock)
        except Exception as exc:  # a full disk during the repair: say so, change nothing more
            self.call_from_thread(self._open_failed, str(exc))
            return
        self.workspace = ws
        self.call_from_thread(self._repaired, ws, report.describe())

    def _repaired(self, ws: Workspace, summary: str) -> None:
        from sammachip_tui.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.show_problem(_("Opening the workspace…"))
        self.notify(summary, title=_("Repair"), timeout=30)
        self._workspace_ready(ws)

    def _needs_setup(self) -> None:
        from sammachip_tui.screens.setup import SetupScreen

        self.push_screen(SetupScreen())

    def _open_failed(self, reason: str) -> None:
        from sammachip_tui.screens.home import HomeScreen

        message = _("Could not open the workspace: {reason}").format(reason=reason)
        self.open_problem = message
        if isinstance(self.screen, HomeScreen):
            self.screen.show_problem(message)
        self.notify(message, severity="error", timeout=30)

    def _workspace_ready(self, workspace: Workspace, *, refresh: bool = True) -> None:
        from sammachip_tui.screens.home import HomeScreen

        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is not None:
            home.refresh_bindings()  # its actions were dimmed while the workspace opened
        dashboard_first = (workspace.device.role == "central" and home is not None
                           and self.screen is home)  # fmt: skip
        if refresh and home is not None and not home.loaded:
            if dashboard_first:
                home.count_when_shown = True  # counted when Esc shows it (screens/home.py)
            else:
                self.call_later(home.refresh_villages)
        if dashboard_first and home is not None:
            home.action_dashboard()  # a district office's first question: the figures
        self.call_after_refresh(startup_gc.release)  # the start is over: collect as usual
        if self.demo:
            self.notify(_("Demo workspace: changes are thrown away when you quit."), timeout=6)
        report = workspace.report
        if report.flush_error is not None:
            from sammachip_tui.store.disk_errors import unflushed_warning

            self.notify(unflushed_warning(report.flush_error), severity="warning", timeout=15)
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
        if self._opening:
            self._opened.wait()  # quit during opening: let the replay finish, then close it
        if self.workspace is not None:
            self.workspace.close()
        elif self.lock is not None:
            self.lock.release()

    # ------------------------------------------------------------------------- actions
    async def action_toggle_language(self) -> None:
        set_language(other_language())
        self.update_settings(language=current_language())
        self.title = _("Sammachip programme")
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):
                await screen.language_changed()

    def action_help(self) -> None:
        """F1: every key of the screen on top (F1 again, or Esc, closes the list)."""
        from sammachip_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_contrast(self) -> None:
        self.theme = "sammachip" if self.theme == "sammachip-contrast" else "sammachip-contrast"
        self.update_settings(theme=self.theme)

    def update_settings(self, **changes: Any) -> None:
        """Every preference change of the interface: through the one owner, said if the
        file cannot be written (the change holds for this session)."""
        try:
            self.settings.update(**changes)
        except OSError as exc:
            self.notify(
                _("Could not save settings: {reason}").format(reason=os_error_text(exc)),
                severity="warning",
            )

    @property
    def asking(self) -> bool:
        """A question about unsaved text is on screen, or a quit is under way: one at a
        time, so Esc and Ctrl+Q wait until it is answered."""
        return self._quitting or any(isinstance(s, LeaveDialog) for s in self.screen_stack)

    async def action_quit(self) -> None:
        """Ctrl+Q: every screen saves what is typed there (or asks), then the app exits.
        While a question is on screen (this quit's, or one an Esc asked) Ctrl+Q changes
        nothing: the question is answered first."""
        if not self.asking:
            self._quitting = True
            self.run_worker(self._quit_when_ready(), group="quit")

    async def _quit_when_ready(self) -> None:
        try:
            failures = self.save_failures
            for screen in reversed(self.screen_stack):
                # What is queued for the screen runs first: keys typed before Ctrl+Q (a
                # priority key, handled ahead of them) and a closed dialog's result, which
                # its screen saves.
                await drained(screen.focused or screen)
                await drained(screen)
                if isinstance(screen, StoreAccess) and not await screen.ready_to_quit():
                    return
                # What that screen could not save it has dealt with: saved, asked about,
                # or discarded by the officer (a "discard" is final).
                failures = self.save_failures
            if self.workspace is not None:
                # Every edit handed over is journaled, and its screen has heard how it went:
                # a save that failed just now keeps the app open, with the reason on screen.
                await writer_settled(self)
                for screen in self.screen_stack:
                    await drained(screen)
            if self.save_failures != failures:
                self.notify(_("Something could not be saved: the app stays open."),
                            severity="error", timeout=30)  # fmt: skip
                return
            self.exit()
        finally:
            self._quitting = False

    def action_command_palette(self) -> None:
        from sammachip_tui.screens.palette import Palette

        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette(id="--command-palette", placeholder=_("Search for commands…")))

    def action_show_help_panel(self) -> None:
        from sammachip_tui.screens.palette import KeysPanel

        if not self._keys_panel_open():
            self.screen.mount(KeysPanel())

    def _keys_panel_open(self, screen: Screen[Any] | None = None) -> bool:
        # By the type's name, not the class: every binding check asks this, and importing
        # HelpPanel loads Markdown (markdown-it, pygments), a tenth of the start.
        return bool((screen or self.screen).query("HelpPanel"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hide_help_panel":  # Esc is the screen's own while no panel is open
            return self._keys_panel_open()
        return super().check_action(action, parameters)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action that a key of ``screen`` runs now, by its name in the user's language:
        built from the live bindings (the screen's, its focused widget's and the app's), so a
        new key is in the palette without anyone remembering to add it. A binding's tooltip,
        when it has one, is its longer name here."""
        seen: set[tuple[int, str]] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            name = binding.tooltip or binding.description
            # Keys shown in the footer, and hidden ones given a name of their own (a
            # tooltip); a widget's built-in hidden keys (cursor moves) are not actions.
            wanted = binding.show or bool(binding.tooltip)
            if (
                not (active.enabled and wanted and name)
                or (id(active.node), binding.action) in seen
            ):
                continue
            seen.add((id(active.node), binding.action))
            shown = binding.key_display or self.get_key_display(binding)
            yield SystemCommand(
                _(name),
                shown or key,
                partial(self.run_action, binding.action, active.node),
            )
        if self._keys_panel_open(screen):
            yield SystemCommand(_("Keys: hide the list"), "", self.action_hide_help_panel)
        else:
            yield SystemCommand(
                _("Keys: show every key of this screen"), "", self.action_show_help_panel
            )
