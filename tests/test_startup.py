"""What the start loads and waits on: the officer waits for the villages list on a Pi.

Times are measured in benchmarks/startup.py, never here; these tests pin down the causes a
change would bring back: a module loaded on the way to the first screen that the screen
does not need, a disk flush per demo item, the collector walking the start's objects.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from sammachip_tui import startup_gc
from sammachip_tui.app import SammachipApp
from sammachip_tui.cli import _opens_the_app, build_parser
from sammachip_tui.model.records import Household
from sammachip_tui.screens.chrome import TranslatedFooter
from sammachip_tui.store import demo, register
from sammachip_tui.store.key_pem import private_key_pem, read_private_key
from sammachip_tui.store.register import count_households
from sammachip_tui.store.village_counts import counts_of, summaries
from sammachip_tui.store.workspace import Change, Workspace

from .conftest import until


def _loaded_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with ``prefixes`` that running ``code`` in a fresh interpreter
    loaded (it ends by printing nothing else)."""
    listing = f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    check = f"{code}\nimport json, sys\n{listing}"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_opening_the_screen_does_not_build_every_command() -> None:
    """``sammachip`` and ``sammachip --demo`` go to the screen without the parser of every
    command and the commands' modules (a noticeable part of the start on a Pi)."""
    code = (
        "from sammachip_tui import cli\n"
        "cli._run_tui = lambda data_dir, demo, **_kw: print(data_dir, demo) or 0\n"
        "assert cli.main(['--demo', '--lang', 'en']) == 0\n"
    )
    commands = ("sammachip_tui.cli_sync", "sammachip_tui.cli_forum", "sammachip_tui.cli_groups",
                "sammachip_tui.cli_backup", "sammachip_tui.cli_district")  # fmt: skip
    assert _loaded_after(code, commands) == []


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["--demo", "--lang", "en"],
        ["--data-dir", "/tmp/ที่ทำงาน", "--lang", "th"],
        ["--pin-file", "pin.txt", "--data-dir", "ws"],
    ],
)
def test_the_screens_command_lines_read_as_the_full_parser_reads_them(argv: list[str]) -> None:
    quick = _opens_the_app(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "xx"],  # the parser says what is wrong, in the user's language
        ["--data-dir"],
        ["--data-dir", "--demo"],
        ["--demo", "--demo"],
        ["--dem"],  # argparse's abbreviations, its business
        ["--data-dir=ws"],
        ["-h"],
        ["villages", "list"],
        ["--demo", "households", "list"],
    ],
)
def test_anything_else_goes_through_the_full_parser(argv: list[str]) -> None:
    assert _opens_the_app(argv) is None


def test_opening_a_workspace_and_counting_its_villages_loads_no_models(tmp_path: Path) -> None:
    """The officer's every start: the journal checked, the village files read, the villages
    counted, without pydantic (and its validators) or cryptography's key formats."""
    demo.create_demo_workspace(tmp_path / "ws").close()
    code = (
        "from pathlib import Path\n"
        "from sammachip_tui.store.workspace import Workspace\n"
        "from sammachip_tui.store.village_counts import summaries\n"
        f"ws = Workspace.open(Path({str(tmp_path / 'ws')!r}))\n"
        "[row] = summaries(ws)\n"
        "assert (row.code, row.households, row.place[:2]) == ('52120505', 200, 'ต.'), row\n"
        "ws.close()\n"
    )
    heavy = ("pydantic", "sammachip_tui.model.records",
             "cryptography.hazmat.primitives.serialization")  # fmt: skip
    assert _loaded_after(code, heavy) == []


def _household(n: int, **values: Any) -> dict[str, Any]:
    return {"village_code": demo.DEMO_VILLAGE, "first_name": f"ชื่อ{n}", **values}


def test_the_villages_counts_are_the_models_counts(demo_workspace: Workspace) -> None:
    """Counted from the stored records, the first screen says what the households screen
    (counting validated models) says, unknown amounts and all."""
    odd = [
        _household(1, income_month=-1, expense_month=3000, volunteer="yes", trained=True),
        _household(2, income_month=5000, expense_month=None, volunteer="no"),
        _household(3, income_month=0, expense_month=0, volunteer="unsure", trained=False),
        _household(4, income_month=9000.5, expense_month=9000, volunteer="yes"),
        _household(5),
    ]
    demo_workspace.commit([Change("household", demo.DEMO_VILLAGE, r) for r in odd])
    records = demo_workspace.records(demo.DEMO_VILLAGE, "household")
    expected = count_households([Household.from_record(r) for r in records])
    assert counts_of(records) == expected
    [row] = summaries(demo_workspace)
    assert (row.households, row.volunteers, row.sammachip, row.trained) == (
        expected.households, expected.volunteers, expected.sammachip, expected.trained
    )  # fmt: skip
    assert row.name == demo.DEMO_VILLAGE_NAME


def test_the_device_key_is_written_as_cryptography_writes_it() -> None:
    """An older version (and a restored backup) reads the key written now, and a key written
    by cryptography reads here as the same key."""
    key = Ed25519PrivateKey.generate()
    theirs = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    assert private_key_pem(key) == theirs
    read = read_private_key(theirs)
    assert isinstance(read, Ed25519PrivateKey)
    assert read.public_key().public_bytes_raw() == key.public_key().public_bytes_raw()


def test_a_key_in_another_form_is_read_by_cryptography_and_damage_is_still_refused() -> None:
    key = Ed25519PrivateKey.generate()
    pem = private_key_pem(key)
    crlf = pem.replace(b"\n", b"\r\n")  # copied through a Windows editor
    assert read_private_key(crlf).public_key().public_bytes_raw() == (  # type: ignore[attr-defined]
        key.public_key().public_bytes_raw()
    )
    lines = pem.split(b"\n")
    damaged = b"\n".join([lines[0], lines[1][:-6] + b"!!!!==", *lines[2:]])
    with pytest.raises(ValueError):
        read_private_key(damaged)


def test_the_demo_waits_on_few_disk_flushes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each flush is milliseconds on a laptop's disk and far more on a Pi's SD card: the
    demo's forum goes to the journal in one batch, not an item at a time."""
    flushes = 0
    real_fsync = os.fsync

    def counted(fd: int) -> None:
        nonlocal flushes
        flushes += 1
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counted)
    ws = demo.create_demo_workspace(tmp_path / "demo", flush_delay=60)
    try:
        assert flushes <= 12, flushes
        # The items are there, each list in the order the demo gives.
        from sammachip_tui.store import forum as fs

        [forum] = fs.forums(ws, demo.DEMO_VILLAGE)
        for which in {item[0] for item in demo.DEMO_ITEMS}:
            shown = [i.text for i in fs.items(ws, demo.DEMO_VILLAGE, forum.id, which)]
            assert shown == [item[1] for item in demo.DEMO_ITEMS if item[0] == which]
    finally:
        ws.close()


async def test_collection_is_held_off_until_the_villages_are_listed(
    demo_workspace: Workspace,
) -> None:
    """The command line holds the collector off while the app starts; once the villages
    are on the screen it is on again (and stays as it was where nothing held it)."""
    assert gc.isenabled()
    startup_gc.hold()
    try:
        assert not gc.isenabled()
        app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.screen.query("#villages").results(DataTable), "list")
            await until(pilot, gc.isenabled, "the collector back on")
    finally:
        startup_gc.release()
        gc.enable()
    startup_gc.release()  # without a hold: nothing
    assert gc.isenabled()


def test_releasing_without_a_hold_changes_nothing() -> None:
    gc.disable()
    try:
        startup_gc.release()
        assert not gc.isenabled()  # someone else's choice, kept
    finally:
        gc.enable()


def test_the_villages_screen_comes_without_the_markdown_viewer(tmp_path: Path) -> None:
    """Every binding check asked whether the keys panel was open by importing its class,
    which loaded Markdown (markdown-it, pygments): a tenth of the start, for a panel that
    is not open. The villages screen, listed and drawn, loads none of it."""
    demo.create_demo_workspace(tmp_path / "ws").close()
    code = (
        "import asyncio, time\n"
        "from pathlib import Path\n"
        "from sammachip_tui.app import SammachipApp\n"
        "from sammachip_tui.store.workspace import Workspace\n"
        "async def main():\n"
        f"    ws = Workspace.open(Path({str(tmp_path / 'ws')!r}))\n"
        "    app = SammachipApp(data_dir=ws.data_dir, workspace=ws)\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        end = time.monotonic() + 30  # tests.conftest's until loads pygments\n"
        "        while not app.screen.query('#villages') and time.monotonic() < end:\n"
        "            await pilot.pause(0.01)\n"
        "        assert app.screen.query('#villages')\n"
        "        await pilot.press('down')\n"
        "    ws.close()\n"
        "asyncio.run(main())\n"
    )
    heavy = ("markdown_it", "pygments", "textual.widgets._markdown", "textual.widgets._help_panel")
    assert _loaded_after(code, heavy) == []


async def test_the_footer_is_rebuilt_only_when_its_keys_change(demo_workspace: Workspace) -> None:
    """Every change of a screen's bindings (a focus moving, a widget mounted) asked the
    footer to mount its dozen keys anew, six times on the way to the villages list; the
    same keys now stay, and a key that changes (the language) still redraws it."""
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query(FooterKey), "the footer's keys")
        footer = app.screen.query_one(TranslatedFooter)
        done: list[None] = []
        recompose = footer.recompose

        async def counted() -> None:
            done.append(await recompose())

        footer.recompose = counted  # type: ignore[method-assign]
        before = list(footer.query(FooterKey))
        app.screen.refresh_bindings()  # as a focus change does
        await until(pilot, lambda: done, "the footer's recompose")
        assert list(footer.query(FooterKey)) == before  # the same widgets, not new ones
        await pilot.press("f2")
        english = lambda: "Help" in [k.description for k in app.screen.query(FooterKey)]  # noqa: E731
        await until(pilot, english, "English keys")


def test_the_demo_seeds_its_attendance_without_a_model_per_household(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's forum marks two households in three present, in the order officers walk
    the village: read from the stored records (200 models built only for their ids were a
    tenth of the demo's start), the same households as the models' order gives."""
    built: list[str] = []
    from_record = Household.from_record.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Household], record: dict[str, Any]) -> Household:
        built.append(record["id"])
        return from_record(cls, record)  # type: ignore[no-any-return]

    monkeypatch.setattr(Household, "from_record", classmethod(counted))
    ws = demo.create_demo_workspace(tmp_path / "ws", flush_delay=0)
    monkeypatch.undo()
    try:
        assert built == []
        [forum] = ws.records(demo.DEMO_VILLAGE, "forum")
        present = {r["household_id"] for r in ws.records(demo.DEMO_VILLAGE, "attendance")
                   if r["forum_id"] == forum["id"] and r.get("present")}  # fmt: skip
        walked = register.households(ws, demo.DEMO_VILLAGE)
        assert present == {h.id for n, h in enumerate(walked) if n % 3 != 2}
        assert len(present) == 134
    finally:
        ws.close()


def test_the_packaged_demo_records_are_what_the_validated_import_gives() -> None:
    """``--demo`` commits the packaged seed instead of importing the CSV: it must stay what
    the import, the CSV and the models give (tools/demo_seed.py writes it again)."""
    from tools import demo_seed

    assert demo.seed_path().read_bytes() == demo_seed.encoded(demo_seed.build_seed())


def _comparable(ws: Workspace) -> dict[str, Any]:
    """A workspace's records without what differs between two seedings (ids, stamps, clock
    positions), references to households by who lives there."""
    village = demo.DEMO_VILLAGE

    def plain(record: dict[str, Any], *drop: str) -> dict[str, Any]:
        return {k: v for k, v in record.items() if not k.startswith("_") and k not in drop}

    homes = {r["id"]: (r["house_no"], r["first_name"]) for r in ws.records(village, "household")}
    items = sorted(ws.records(village, "item"), key=lambda r: r["position"])
    return {
        "village": plain(ws.record(village, "village", village) or {}),
        "households": sorted((plain(r, "id") for r in ws.records(village, "household")), key=repr),
        "forums": [plain(r, "id") for r in ws.records(village, "forum")],
        "items": [plain(r, "id", "forum_id", "position") for r in items],
        "present": sorted(
            homes[r["household_id"]] for r in ws.records(village, "attendance") if r.get("present")
        ),
    }


def test_the_demo_holds_what_importing_its_csv_and_typing_its_forum_give(tmp_path: Path) -> None:
    from sammachip_tui.model.records import ForumList
    from sammachip_tui.store import forum as fs
    from sammachip_tui.store.device import DEMO_DISTRICT_KEY
    from sammachip_tui.store.household_import import import_households

    village = demo.DEMO_VILLAGE
    typed = Workspace.init(tmp_path / "typed", name="demo", role="field", district="5212",
                           passphrase=None, district_key=DEMO_DISTRICT_KEY)  # fmt: skip
    seeded = demo.create_demo_workspace(tmp_path / "seeded")
    try:
        import_households(typed, demo.demo_csv())
        typed.commit([Change("village", village, {"name": demo.DEMO_VILLAGE_NAME},
                             record=village)])  # fmt: skip
        [op] = typed.commit([fs.new_forum(village, demo.DEMO_FORUM)])
        for which, text, detail, raised_by, votes, codes in demo.DEMO_ITEMS:
            typed.commit([fs.add_item(typed, village, op.record, ForumList(which), text,
                                      detail=detail, raised_by=raised_by, votes=votes,
                                      occupations=codes)])  # fmt: skip
        walked = register.households(typed, village)
        typed.commit([c for n, h in enumerate(walked) if n % 3 != 2
                      if (c := fs.set_present(typed, village, op.record, h.id, True))])  # fmt: skip
        assert _comparable(seeded) == _comparable(typed)
        assert len(_comparable(seeded)["households"]) == 200
        # The consent date the import stamps is the day of the start (the frozen clock's).
        assert {r["consent_date"] for r in seeded.records(village, "household")} == {
            r["consent_date"] for r in typed.records(village, "household")
        }
    finally:
        typed.close()
        seeded.close()


def test_the_demo_starts_without_the_models(tmp_path: Path) -> None:
    """Seeding the demo and counting its village load neither pydantic nor the models (their
    import and 200 validated rows were most of the demo's start, and memory)."""
    code = (
        "from pathlib import Path\n"
        "from sammachip_tui.store.demo import create_demo_workspace\n"
        "from sammachip_tui.store.village_counts import summaries\n"
        f"ws = create_demo_workspace(Path({str(tmp_path / 'ws')!r}))\n"
        "[row] = summaries(ws)\n"
        "assert (row.households, row.name) == (200, 'บ้านดอนไชย'), row\n"
        "ws.close()\n"
    )
    heavy = ("pydantic", "sammachip_tui.model.records", "sammachip_tui.store.household_import")
    assert _loaded_after(code, heavy) == []


def test_the_village_files_give_the_open_workspaces_counts(tmp_path: Path) -> None:
    """The list shown while the store loads, read from the village files, is the list the
    open workspace gives (after a clean exit the files hold every edit)."""
    from sammachip_tui.store.village_counts import stored_summaries

    ws = demo.create_demo_workspace(tmp_path / "ws")
    ws.commit([Change("village", "52120506", {"name": "บ้านใหม่"}, record="52120506",
                      create=True)])  # fmt: skip
    [home] = ws.records(demo.DEMO_VILLAGE, "household")[:1]
    ws.commit([Change("household", demo.DEMO_VILLAGE, {"deleted": True}, record=home["id"])])
    expected = summaries(ws)
    ws.close()
    assert stored_summaries(tmp_path / "ws") == expected
    assert [r.households for r in expected] == [199, 0]


def test_village_files_that_do_not_read_plainly_give_no_list(tmp_path: Path) -> None:
    from sammachip_tui.store.village_counts import stored_summaries

    demo.create_demo_workspace(tmp_path / "ws").close()
    shard = tmp_path / "ws" / "villages" / f"{demo.DEMO_VILLAGE}.json"
    assert stored_summaries(tmp_path / "nothing-here") == []
    (tmp_path / "ws" / "keys.json").write_text("{}")  # encrypted at rest: sealed files
    assert stored_summaries(tmp_path / "ws") is None
    (tmp_path / "ws" / "keys.json").unlink()
    good = shard.read_bytes()
    assert good.count(b'"members":6') > 1
    shard.write_bytes(good.replace(b'"members":6', b'"members":7', 1))  # a flipped bit
    assert stored_summaries(tmp_path / "ws") is None
    shard.write_bytes(good[:-10])  # torn
    assert stored_summaries(tmp_path / "ws") is None
    shard.write_bytes(b'{"household": 5}')
    assert stored_summaries(tmp_path / "ws") is None


async def test_the_villages_are_listed_before_the_store_has_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officer's every start: the list, from the village files, is on screen while the
    journal is still being checked; its keys wait for the open workspace, whose counts and
    device line then follow."""
    demo.create_demo_workspace(tmp_path / "ws").close()
    go_on = threading.Event()
    real_open = Workspace.open.__func__  # type: ignore[attr-defined]

    def held_open(cls: type[Workspace], *args: Any, **kwargs: Any) -> Workspace:
        go_on.wait(60)
        return real_open(cls, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Workspace, "open", classmethod(held_open))
    from sammachip_tui.store.lock import DirectoryLock

    lock = DirectoryLock(tmp_path / "ws")
    lock.acquire()
    app = SammachipApp(data_dir=tmp_path / "ws", workspace=None, lock=lock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            table = lambda: app.screen.query("#villages").results(DataTable)  # noqa: E731
            await until(pilot, lambda: next(table(), None) is not None, "the list")
            [row] = [next(table()).get_row_at(0)]
            assert row[0] == demo.DEMO_VILLAGE and "200" in row
            assert app.workspace is None
            assert app.screen.check_action("open_village", ()) is None  # dimmed
            await pilot.press("enter")
            assert len(app.screen_stack) == 2  # nothing opened
            go_on.set()
            await until(pilot, lambda: app.screen.loaded, "the open workspace")  # type: ignore[attr-defined]
            device = str(app.screen.query_one("#device").render())  # type: ignore[attr-defined]
            assert "demo" in device
            assert next(table()).get_row_at(0)[0] == demo.DEMO_VILLAGE
    finally:
        go_on.set()
        app.close_workspace()


async def test_a_list_from_the_files_goes_when_the_opening_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Villages shown from their files are not left on screen under a failed opening."""
    demo.create_demo_workspace(tmp_path / "ws").close()
    go_on = threading.Event()

    def failing_open(cls: type[Workspace], *args: Any, **kwargs: Any) -> Workspace:
        go_on.wait(60)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Workspace, "open", classmethod(failing_open))
    app = SammachipApp(data_dir=tmp_path / "ws", workspace=None)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            rows = lambda: [t.row_count for t in app.screen.query("#villages").results(DataTable)]  # noqa: E731
            await until(pilot, lambda: rows() == [1], "the list from the files")
            go_on.set()
            await until(pilot, lambda: app.open_problem, "the failure said")
            await until(pilot, lambda: rows() == [0], "the list taken away")
    finally:
        go_on.set()


def test_the_demo_is_listed_from_its_packaged_records_as_once_seeded(tmp_path: Path) -> None:
    """While the demo is seeded the villages screen lists it from the packaged records:
    what the seeded workspace lists."""
    from sammachip_tui.store.demo_records import demo_summaries

    ws = demo.create_demo_workspace(tmp_path / "ws")
    try:
        assert demo_summaries() == summaries(ws)
    finally:
        ws.close()
