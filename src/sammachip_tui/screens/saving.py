"""The one way the interface reaches the store: typed access, one save path, one quit rule.

Every screen, dialog and form mixes in ``StoreAccess``:

* ``self.app`` is the SammachipApp (for the type checker) and ``self.ws`` the open workspace;
* ``save(build)`` is the only way a screen writes. ``build`` runs on the store's writer
  thread and returns the changes, from the state every earlier edit left (two quick "+1
  vote" presses add up); the changes are journaled and fsynced there. ``save`` awaits that
  and returns the operations, or raises ``SaveError`` with a message ready to show.
  ``save_in_background`` submits at once (so edits keep the order they were made in) and
  reports on the interface thread when the journal has them: the forum keeps typing while
  the disk works. Both wait through ``asyncio.wrap_future``, which hands the result to the
  event loop whether the write finishes later or had finished before the wait began (the
  case that used to leave a screen at "saving…": a done-callback runs at once, on the
  interface thread, where ``call_from_thread`` refuses to run);
* ``ready_to_quit()`` is asked of every screen on the stack before the app exits (Ctrl+Q):
  a screen holding typed text that is not saved yet saves it, or asks the officer whether
  to add it, discard it or stay. Nothing typed is lost by quitting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.store.disk_errors import os_reason

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    # Not imported at run time: every screen imports this module, and the store (TinyDB,
    # orjson) loads on the thread that opens the workspace, not before the first frame.
    from sammachip_tui.app import SammachipApp
    from sammachip_tui.store.oplog import Op
    from sammachip_tui.store.settings import SettingsOwner
    from sammachip_tui.store.workspace import Change, Workspace

    Build = Callable[[Workspace], Iterable[Change | None]]

T = TypeVar("T")
log = logging.getLogger(__name__)


class WorkspaceNotOpenError(RuntimeError):
    """A screen asked for the workspace before it was open (its actions are disabled until
    then; reaching this is a bug)."""


class SaveError(Exception):
    """A save that did not reach the journal; ``message`` is ready to show.

    ``invalid`` is True when a value cannot be used (the officer corrects it), False when
    the disk or the store failed (the text stays where it was typed, nothing is lost)."""

    def __init__(self, message: str, *, invalid: bool, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.invalid = invalid
        self.field = field


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What a save made, and what ``then`` read on the writer thread right after it."""

    ops: list[Op]
    read: T


def _as_save_error(exc: BaseException) -> SaveError:
    if isinstance(exc, SaveError):
        return exc
    if isinstance(exc, UserError):
        return SaveError(exc.message, invalid=True, field=getattr(exc, "field", None))
    from sammachip_tui.store.workspace import WorkspaceClosedError

    if isinstance(exc, WorkspaceClosedError):
        return SaveError(_("Not saved: the workspace is closed."), invalid=False)
    return SaveError(_("Not saved: {reason}").format(reason=os_reason(exc)), invalid=False)


class _InApp(Protocol):
    """What StoreAccess needs of the widget it is mixed into. Each base class that mixes it
    in declares ``app = getters.app(SammachipApp)`` (for the type checker), so that
    ``self.app`` is the SammachipApp in every screen, dialog and form."""

    @property
    def app(self) -> SammachipApp: ...

    @property
    def is_attached(self) -> bool: ...


def _workspace(app: SammachipApp) -> Workspace:
    workspace = app.workspace
    if workspace is None:
        raise WorkspaceNotOpenError
    return workspace


def _report_failure(
    node: _InApp, error: SaveError, failed: Callable[[SaveError], None] | None
) -> None:
    if not error.invalid:  # the disk or the store failed: a quit under way stays open
        node.app.save_failures += 1
    if failed is not None and node.is_attached:
        failed(error)
    else:
        node.app.notify(error.message, severity="error", timeout=30)


def _hand_to_writer(
    app: SammachipApp, build: Build, then: Callable[[Workspace, list[Op]], T] | None
) -> asyncio.Future[Saved[T]]:
    """Hand the edit to the writer now; the future is the event loop's view of it."""

    def run(ws: Workspace) -> Saved[T]:
        ops = ws.commit_built(build)
        read: Any = None
        if then is not None:
            try:  # journaled already: a failure to read it back must not say "not saved"
                read = then(ws, ops)
            except Exception:
                log.exception("reading back a saved edit failed")
        return Saved(ops, read)

    return asyncio.wrap_future(_workspace(app).on_writer(run))


async def writer_settled(app: SammachipApp) -> None:
    """Until every edit handed to the writer so far is journaled (or has failed) and its
    report has run on the interface thread: a no-op queued behind them, awaited, then the
    app's queue."""
    await asyncio.wrap_future(_workspace(app).on_writer(lambda _ws: None))
    await drained(app)


async def drained(node: MessagePump) -> None:
    """Until ``node`` has handled every message queued for it so far."""
    done = asyncio.Event()
    if node.call_later(done.set):
        await done.wait()


class StoreAccess:
    """Mixed into screens, dialogs and forms (before the Textual class)."""

    @property
    def ws(self: _InApp) -> Workspace:
        return _workspace(self.app)

    @property
    def settings(self: _InApp) -> SettingsOwner:
        return self.app.settings

    # ----------------------------------------------------------------------- saving
    async def save(
        self: _InApp, build: Build, then: Callable[[Workspace, list[Op]], T] | None = None
    ) -> Saved[T]:
        """Journal what ``build`` returns (see the module docstring); raises SaveError."""
        try:
            # Shielded: if this wait is cancelled (the screen closes), the edit the writer
            # has taken is still journaled; only the wait ends.
            return await asyncio.shield(_hand_to_writer(self.app, build, then))
        except Exception as exc:
            raise _as_save_error(exc) from exc

    async def on_writer(self: _InApp, task: Callable[[Workspace], T]) -> T:
        """Run a store function that is not an edit (acknowledging a bundle, say) on the
        writer thread, after the edits before it, and await its result. Shielded like
        ``save``: a wait cut short does not cancel the task."""
        return await asyncio.shield(asyncio.wrap_future(_workspace(self.app).on_writer(task)))

    def save_in_background(
        self: _InApp,
        build: Build,
        *,
        then: Callable[[Workspace, list[Op]], T] | None = None,
        saved: Callable[[Saved[T]], None] | None = None,
        failed: Callable[[SaveError], None] | None = None,
    ) -> asyncio.Future[None]:
        """Submit now, report later on the interface thread: ``saved`` once the journal has
        it, ``failed`` if it did not get there. A failure after the screen has closed is
        still told, wherever the officer is now. The future returned is done once the
        report has run (a form awaits it before it lets the officer leave)."""
        reported: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        try:
            waiting = _hand_to_writer(self.app, build, then)
        except Exception as exc:  # the workspace is closing
            _report_failure(self, _as_save_error(exc), failed)
            reported.set_result(None)
            return reported

        def report(done: asyncio.Future[Saved[T]]) -> None:
            try:
                if done.cancelled():
                    return
                error = done.exception()
                if error is not None:
                    _report_failure(self, _as_save_error(error), failed)
                elif saved is not None and self.is_attached:
                    saved(done.result())
            finally:
                reported.set_result(None)

        waiting.add_done_callback(report)
        return reported

    async def writer_settled(self: _InApp) -> None:
        """See the module function of the same name."""
        await writer_settled(self.app)

    # ----------------------------------------------------------------------- quitting
    async def ready_to_quit(self) -> bool:
        """Save what is typed and not saved yet, or ask; False keeps the app running."""
        return True
