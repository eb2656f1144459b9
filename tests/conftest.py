"""Shared fixtures: workspaces in tmp dirs, deterministic Textual, Thai typing.

Hermetic on purpose: the calendar is frozen (every date or time an officer would see comes
from ``sammachip_tui.clock``), the time zone and locale are fixed for this process and the
CLI subprocesses it starts, so no test depends on the day, the machine's zone or its locale.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from sammachip_tui import clock
from sammachip_tui.i18n import set_language
from sammachip_tui.store.demo import create_demo_workspace
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Workspace

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE_CSV = SHARED / "data" / "village-200.csv"
TEST_DATA = Path(__file__).resolve().parent / "data"

# The day the snapshots were made on, in Thailand's zone.
FROZEN_NOW = dt.datetime(2026, 11, 22, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
os.environ["TZ"] = "Asia/Bangkok"
os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
os.environ[clock.FROZEN_ENV] = FROZEN_NOW.isoformat()  # for the programs tests start
time.tzset()
# And in this process from now on: ``clock`` read the variable when it was imported, above,
# before it was set, and a module-scoped fixture runs before the per-test freeze below.
clock.freeze(FROZEN_NOW)


@pytest.fixture(autouse=True)
def _thai_and_quiet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in Thai, on the frozen day, with no blinking cursor."""
    monkeypatch.delenv("SAMMACHIP_LANG", raising=False)
    monkeypatch.delenv("SAMMACHIP_DATA_DIR", raising=False)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    clock.freeze(FROZEN_NOW)
    set_language("th")
    yield
    set_language("th")
    clock.freeze(FROZEN_NOW)
    time.tzset()  # a test that changed TZ gets it back from the environment


@pytest.fixture
def sample_csv() -> Path:
    """The officer's file from ../shared; the packaged copy when shared/ is not beside us."""
    if SAMPLE_CSV.exists():
        return SAMPLE_CSV
    from sammachip_tui.store.demo import demo_csv

    return demo_csv()


def district_device(folder: Path, name: str, role: str) -> Workspace:
    """A device of district 5212 (field or central) in ``folder``/``name``, for sync tests."""
    return Workspace.init(folder / name, name=name, role=role, district="5212",
                          passphrase=None, district_key=DEMO_DISTRICT_KEY,
                          flush_delay=60)  # fmt: skip


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """An empty, set-up workspace (the public demo key spares scrypt in every test)."""
    ws = Workspace.init(
        tmp_path / "ws",
        name="test",
        role="field",
        district="5212",
        passphrase=None,
        district_key=DEMO_DISTRICT_KEY,
        flush_delay=60,
    )
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = create_demo_workspace(tmp_path / "demo", flush_delay=60)
    yield ws
    ws.close()


# A cap for a hang, never a measure of speed: a loaded Pi or CI machine is slower, not wrong.
DEADLINE = 120.0


async def until(pilot: Pilot, condition: Callable[[], object], what: str = "it") -> None:
    """Until ``condition()`` holds, waiting on the clock rather than on a number of
    event-loop turns (which a busy machine can use up before a writer thread has run)."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never happened")
        await pilot.pause(0.01)


async def settled(pilot: Pilot) -> None:
    """Until every edit handed to the store so far is journaled and its screen has shown
    it: a no-op queued behind them on the writer, awaited, then one redraw."""
    ws = pilot.app.workspace  # type: ignore[attr-defined]
    await asyncio.wrap_future(ws.on_writer(lambda _ws: None))
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    """Type one key event per code point: ``pilot.press`` drops Thai combining marks."""
    for ch in text:
        focused = pilot.app.focused
        assert focused is not None, "nothing has focus to type into"
        focused.post_message(events.Key(ch, ch))
        await pilot.pause()


@pytest.fixture
def data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A workspace set up by `sammachip init`, as a script would."""
    from sammachip_tui.cli import main

    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("ห้างฉัตร-2569\n", encoding="utf-8")
    d = tmp_path / "ws"
    assert (
        main(
            [
                "--data-dir",
                str(d),
                "--lang",
                "en",
                "init",
                "--device-name",
                "laptop-1",
                "--role",
                "field",
                "--district",
                "5212",
                "--passphrase-file",
                str(passphrase),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "set up" in out and "Fingerprint: " in out
    return d
