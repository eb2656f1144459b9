"""Pilot tests: what an officer does on the screens, Thai typed one key event per character."""

from __future__ import annotations

from pathlib import Path

import orjson
from textual.widgets import DataTable, Input, Select, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.i18n import _
from sammachip_tui.screens.home import HomeScreen
from sammachip_tui.screens.households import HouseholdsScreen
from sammachip_tui.screens.repair_dialog import RepairDialog
from sammachip_tui.screens.setup import SetupScreen
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.register import households, village_change
from sammachip_tui.store.workspace import Change, Workspace

from .conftest import type_text, until


def _app(ws: Workspace | None, data_dir: Path, lock: DirectoryLock | None = None) -> SammachipApp:
    return SammachipApp(data_dir=data_dir, workspace=ws, lock=lock)


async def test_home_lists_the_village_and_opens_its_households(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace, demo_workspace.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#villages", DataTable)
        assert table.row_count == 1
        row = table.get_row_at(0)
        assert row[:4] == ["52120505", "หมู่ 5 บ้านดอนไชย", "200", "131"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HouseholdsScreen)
        assert app.screen.query_one("#table", DataTable).row_count == 200
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_filter_by_thai_text(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace, demo_workspace.data_dir)
    expected = [
        h
        for h in households(demo_workspace, "52120505")
        if "น้ำพริก" in h.occupation_main or "น้ำพริก" in h.occupation_secondary
    ]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "slash")
        await type_text(pilot, "น้ำพริก")
        screen = app.screen
        assert screen.query_one("#filter", Input).value == "น้ำพริก"
        table = screen.query_one("#table", DataTable)
        assert table.row_count == len(expected) > 0
        assert "แสดง" in str(screen.query_one("#counts", Static).render())
        await pilot.press("escape")  # clears the filter first
        assert table.row_count == 200
        assert isinstance(app.screen, HouseholdsScreen)


async def test_language_switch_is_kept(demo_workspace: Workspace) -> None:
    data_dir = demo_workspace.data_dir
    app = _app(demo_workspace, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.title == "Moo 5 บ้านดอนไชย"
        assert "households" in str(app.screen.query_one("#counts", Static).render())
        await pilot.press("escape")
        assert (
            app.screen.query_one("#villages", DataTable).ordered_columns[1].label.plain == "Village"
        )
    assert orjson.loads((data_dir / "settings.json").read_bytes())["language"] == "en"
    app2 = _app(demo_workspace, data_dir)
    async with app2.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app2.screen.title == "Villages"


async def test_import_from_the_app(workspace: Workspace, sample_csv: Path) -> None:
    app = _app(workspace, workspace.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#villages", DataTable).row_count == 0
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, str(sample_csv))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        report = str(app.screen.query_one("#report", Static).render())
        assert "นำเข้า 200 ครัวเรือน" in report
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#villages", DataTable).row_count == 1


async def test_import_of_a_missing_file_says_so(workspace: Workspace, tmp_path: Path) -> None:
    app = _app(workspace, workspace.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await type_text(pilot, str(tmp_path / "ไม่มีไฟล์.csv"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "อ่าน" in str(app.screen.query_one("#report", Static).render())
    assert workspace.villages() == []


async def test_first_run_setup(tmp_path: Path) -> None:
    data_dir = tmp_path / "new"
    data_dir.mkdir()
    lock = DirectoryLock(data_dir)
    lock.acquire()
    app = _app(None, data_dir, lock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        screen.query_one("#name", Input).focus()
        await pilot.pause()
        await type_text(pilot, "โน้ตบุ๊กพัฒนากร")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ชื่อเครื่อง" not in str(screen.query_one("#error", Static).render())
        assert "เลือกจังหวัด" in str(screen.query_one("#error", Static).render())
        screen.query_one("#province", Select).value = "52"
        await pilot.pause()
        screen.query_one("#district", Select).value = "5212"
        screen.query_one("#passphrase", Input).focus()
        await pilot.pause()
        await type_text(pilot, "รหัสผ่านอำเภอ")
        screen.query_one("#confirm", Input).focus()
        await pilot.pause()
        await type_text(pilot, "รหัสผ่านอำเภอ")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), str(screen.query_one("#error", Static).render())
    app.close_workspace()
    device = orjson.loads((data_dir / "device.json").read_bytes())
    assert (device["name"], device["district"], device["role"]) == ("โน้ตบุ๊กพัฒนากร", "5212", "field")


async def test_demo_opens_and_seeds_off_the_interface_thread(tmp_path: Path) -> None:
    lock = DirectoryLock(tmp_path)
    lock.acquire()
    app = SammachipApp(data_dir=tmp_path, workspace=None, lock=lock, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        table = app.screen.query_one("#villages", DataTable)
        assert table.get_row_at(0)[:3] == ["52120505", "หมู่ 5 บ้านดอนไชย", "200"]
    app.close_workspace()
    lock2 = DirectoryLock(tmp_path)
    lock2.acquire()  # closing released the lock
    lock2.release()


def _damaged(workspace: Workspace) -> tuple[Path, bytes]:
    """Three households saved, then a flipped byte mid-journal (a failing SD card)."""
    data_dir = workspace.data_dir
    workspace.commit([village_change("52120505")])
    for name in ("มาลี", "สมศรี", "บุญมี"):
        workspace.commit([Change("household", "52120505",
                                 {"village_code": "52120505", "first_name": name})])  # fmt: skip
    workspace.close()
    journal = data_dir / "journal.jsonl"
    data = bytearray(journal.read_bytes())
    data[len(data) // 2] ^= 0x04
    journal.write_bytes(bytes(data))
    return data_dir, bytes(data)


async def test_a_damaged_journal_is_said_and_repaired_from_the_app(workspace: Workspace) -> None:
    data_dir, _damaged_bytes = _damaged(workspace)
    lock = DirectoryLock(data_dir)
    lock.acquire()
    app = SammachipApp(data_dir=data_dir, workspace=None, lock=lock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RepairDialog)
                    and app.screen.query("#what Static"), "the repair question")  # fmt: skip
        said = str(app.screen.query_one("#what Static", Static).render())
        assert "journal.jsonl" in said and "sammachip repair" in said
        await pilot.press("r")
        await until(
            pilot,
            lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded,
            "the villages after the repair",
        )
        assert len(households(app.workspace, "52120505")) == 3
        assert "3" in str(app.screen.query_one("#villages", DataTable).get_row_at(0))
    app.close_workspace()
    [copy] = data_dir.glob("repair-*")
    assert (copy / "journal.jsonl").is_file()


async def test_not_now_leaves_the_damaged_files_as_they_are(workspace: Workspace) -> None:
    data_dir, damaged = _damaged(workspace)
    lock = DirectoryLock(data_dir)
    lock.acquire()
    app = SammachipApp(data_dir=data_dir, workspace=None, lock=lock)
    async with app.run_test(size=(40, 12)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RepairDialog)
                    and app.screen.query("#what Static"), "the repair question")  # fmt: skip
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        assert "journal.jsonl" in str(app.screen.query_one("#device", Static).render())
        assert app.workspace is None
    app.close_workspace()
    assert (data_dir / "journal.jsonl").read_bytes() == damaged
    assert not list(data_dir.glob("repair-*"))


async def test_contrast_theme_is_a_key_away_and_kept(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace, demo_workspace.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "sammachip"
        await pilot.press("f3")
        assert app.theme == "sammachip-contrast"
        assert app.animation_level == "none"
    settings = orjson.loads((demo_workspace.data_dir / "settings.json").read_bytes())
    assert settings["theme"] == "sammachip-contrast"


async def test_command_palette_finds_translated_actions(demo_workspace: Workspace) -> None:
    app = _app(demo_workspace, demo_workspace.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "นำเข้า")
        await pilot.pause(0.3)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("นำเข้าไฟล์ CSV" in t for t in titles), titles
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.id == "import-dialog"


async def test_actions_wait_for_the_workspace(workspace: Workspace, monkeypatch) -> None:
    """While the journal is replayed (a big district, a slow SD card) the home screen's
    keys are shown dimmed and do nothing; they come alive once the workspace is open."""
    import threading

    from textual.widgets._footer import FooterKey

    from sammachip_tui.store import workspace as store

    data_dir = workspace.data_dir
    workspace.close()
    gate = threading.Event()
    real_open = store.Workspace.open.__func__  # type: ignore[attr-defined]

    def slow_open(cls, *args, **kwargs):
        gate.wait(30)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(store.Workspace, "open", classmethod(slow_open))
    lock = DirectoryLock(data_dir)
    lock.acquire()
    app = SammachipApp(data_dir=data_dir, workspace=None, lock=lock)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and app.workspace is None
        keys = {k.key: k for k in home.query(FooterKey)}
        assert keys["s"].has_class("-disabled") and keys["i"].has_class("-disabled")
        await pilot.press("s", "i", "v")  # nothing happens, nothing breaks
        assert app.screen is home
        gate.set()
        await until(pilot, lambda: app.workspace is not None, "the workspace open")

        def send_key_enabled() -> bool:
            keys = {k.key: k for k in app.screen.query(FooterKey)}
            return "s" in keys and not keys["s"].has_class("-disabled")

        await until(pilot, send_key_enabled, "the keys enabled")
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.id == "village-dialog"
    app.close_workspace()


async def test_the_palette_holds_every_key_of_the_screen(demo_workspace: Workspace) -> None:
    """Built from the live bindings: the proposals screen's actions (missing from the old
    hand-kept list) are there, in Thai, and running one does what its key does."""
    from textual.command import CommandList

    from sammachip_tui.screens.proposals import ProposalsScreen

    app = _app(demo_workspace, demo_workspace.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, ProposalsScreen))
        screen = app.screen
        titles = [c.title for c in app.get_system_commands(screen)]
        for msgid in ("Proposal: accept it (the group is made)", "Proposals: smallest and "
                      "largest group", "Occupations: add one the list lacks", "Quit"):  # fmt: skip
            assert _(msgid) in titles, msgid
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "ขนาดกลุ่ม")
        await pilot.pause(0.3)
        options = app.screen.query_one(CommandList)
        found = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("ขนาดกลุ่ม" in t for t in found), found
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.id == "rules-dialog"
