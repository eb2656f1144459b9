"""Every dialog keeps one convention (Esc cancels and changes nothing, Enter or Ctrl+S saves,
its footer says so), refused values stay readable, and exports land in the documents folder.

Issue 13: Esc saved (a filled new-village dialog created the village), the group-size
dialog with min 40 and max 30 could not be left, a refused value vanished under Textual's
tall red border, and a bare export name landed in the directory the app was started from.
"""

from __future__ import annotations

import errno
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.errors import NoWidget
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select
from textual.widgets._footer import FooterKey

import sammachip_tui.screens as screens_package
from sammachip_tui.app import SammachipApp
from sammachip_tui.i18n import _
from sammachip_tui.model.thai import national_id_check_digit
from sammachip_tui.screens.dialog import Dialog, FormDialog
from sammachip_tui.screens.export_dialog import ExportDialog, forum_export
from sammachip_tui.screens.forum_dialog import ForumDialog
from sammachip_tui.screens.forum_votes import VotesDialog
from sammachip_tui.screens.group_dialogs import Field, GroupDialog
from sammachip_tui.screens.household import HouseholdScreen
from sammachip_tui.screens.import_dialog import ImportDialog
from sammachip_tui.screens.inbox import DeviceFilterDialog, InboxEntryDialog
from sammachip_tui.screens.item_dialog import ItemDialog
from sammachip_tui.screens.leave_dialog import LeaveDialog
from sammachip_tui.screens.lesson_dialogs import (
    ConfirmDialog,
    EnterSaves,
    ExcludeDialog,
    LessonsDialog,
    LivelihoodsDialog,
    MergeDialog,
    SplitDialog,
    TeachDialog,
)
from sammachip_tui.screens.proposal_dialogs import (
    AcceptDialog,
    AddMemberDialog,
    OccupationDialog,
    ReasonDialog,
    RulesDialog,
)
from sammachip_tui.screens.receive_folder import FolderDialog
from sammachip_tui.screens.repair_dialog import RepairDialog
from sammachip_tui.screens.serve_dialog import Serve, ServeDialog
from sammachip_tui.screens.sync_dialogs import PeerDialog
from sammachip_tui.screens.unlock import UnlockScreen
from sammachip_tui.screens.village_dialog import VillageDialog
from sammachip_tui.store import forum as fs
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import Workspace
from sammachip_tui.sync.bundle import CENTRAL
from sammachip_tui.sync.inbox import InboxEntry

from .conftest import type_text, until

VILLAGE = "52120505"
NEW_VILLAGE = "52120507"  # เวียงตาล หมู่ 7
ABSTRACT = {Dialog, FormDialog, TeachDialog, EnterSaves}


def _set(dialog: Any, field: str, value: str) -> None:
    dialog.query_one(f"#{field}", Input).value = value


@dataclass
class Case:
    """How to open one dialog filled in, and what its Esc and its save give."""

    make: Callable[[Workspace], Any]
    fill: Callable[[Any], None]
    cancelled: Any  # what Esc returns
    saved: Callable[[list[Any], Workspace, Path], bool]  # true once the save happened
    enter_in: str | None = None  # the widget Enter is pressed in (None: the focused one)
    save_keys: tuple[str, ...] = ("enter", "ctrl+s")
    saves_in_store: bool = False  # the save writes to the store (its sequence moves)
    shows_save_key: bool = True


def _forum(ws: Workspace) -> fs.Forum:
    return fs.forums(ws, VILLAGE)[0]


def _village_fill(d: Any) -> None:
    d.query_one("#subdistrict", Select).value = "521205"
    _set(d, "f-moo", "7")
    _set(d, "f-name", "บ้านใหม่พัฒนา")


def _add_member_fill(d: Any) -> None:
    _set(d, "f-find", d.households[0].house_no)
    _set(d, "f-reason", "กลับมาแล้ว")


def _occupation_fill(d: Any) -> None:
    _set(d, "f-name_th", "ทำเทียนพรรษา")
    d.query_one("#type", Select).value = "handicraft"


def _split_fill(d: Any) -> None:
    d.query_one("#text-1", Checkbox).value = True
    _set(d, "f-name", "ทอผ้าฝ้ายย้อมคราม")


def _item_fill(d: Any) -> None:
    _set(d, "f-detail", "ช่วงหน้าฝน")


def _serve_fill(d: Any) -> None:
    _set(d, "f-device", "K7Q2M9XA")
    d.query_one(f"#v-{VILLAGE}", Checkbox).value = True


def _got(value: Any) -> Callable[[list[Any], Workspace, Path], bool]:
    return lambda results, ws, home: results == [value]


def _exported(results: list[Any], ws: Workspace, home: Path) -> bool:
    return (home / "sammachip-reports" / "x.md").exists()


def _folder_fill(d: Any) -> None:
    """A stick with one bundle from a device the demo has not met (held when received)."""
    from sammachip_tui.store.workspace import Change
    from sammachip_tui.sync.bundle import build_bundle

    from .conftest import district_device

    stick = Path.home() / "stick"
    field = district_device(Path.home(), "field", "field")
    try:
        field.commit([Change("village", NEW_VILLAGE, {"name": "x"}, record=NEW_VILLAGE,
                             create=True)])  # fmt: skip
        out = build_bundle(field, CENTRAL, with_key=True)
        stick.mkdir()
        (stick / "a.smb").write_bytes(out.message)  # type: ignore[union-attr]
    finally:
        field.close()
    _set(d, "path", str(stick))


def _received(results: list[Any], ws: Workspace, home: Path) -> bool:
    from sammachip_tui.sync.inbox import history

    return len(history(ws.data_dir)) == 1


def _imported(results: list[Any], ws: Workspace, home: Path) -> bool:
    return any(h.first_name == "ทดลอง" for h in households(ws, VILLAGE))


CASES: dict[type, Case] = {
    VillageDialog: Case(
        lambda ws: VillageDialog(ws.device.district), _village_fill, None,
        lambda r, ws, h: r == [NEW_VILLAGE] and NEW_VILLAGE in ws.villages(),
        enter_in="f-name", saves_in_store=True,
    ),
    ReasonDialog: Case(lambda ws: ReasonDialog("t", "w"), lambda d: _set(d, "f-reason", "ไกล"),
                       None, _got("ไกล")),
    AcceptDialog: Case(lambda ws: AcceptDialog("w", "กลุ่มจักสาน"), lambda d: None, None,
                       _got("กลุ่มจักสาน")),
    AddMemberDialog: Case(
        lambda ws: AddMemberDialog(households(ws, VILLAGE)), _add_member_fill, None,
        lambda r, ws, h: len(r) == 1 and r[0][1] == "กลับมาแล้ว", enter_in="f-reason",
    ),
    RulesDialog: Case(lambda ws: RulesDialog(40, 30), lambda d: _set(d, "f-min", "5"), None,
                      _got((5, 30))),
    OccupationDialog: Case(lambda ws: OccupationDialog(), _occupation_fill, None,
                           lambda r, ws, h: len(r) == 1 and r[0]["name_th"] == "ทำเทียนพรรษา",
                           enter_in="f-name_th"),
    ForumDialog: Case(
        lambda ws: ForumDialog(VILLAGE), lambda d: _set(d, "f-place", "ศาลาวัด"), None,
        lambda r, ws, h: len(r) == 1 and len(fs.forums(ws, VILLAGE)) == 2,
        saves_in_store=True,
    ),
    ItemDialog: Case(
        lambda ws: ItemDialog(fs.items(ws, VILLAGE, _forum(ws).id)[0], focus="detail"),
        _item_fill, None, _got({"detail": "ช่วงหน้าฝน"}),
    ),
    MergeDialog: Case(lambda ws: MergeDialog("จักสาน", [("k1", "ไม้กวาด", 5)]), lambda d: None,
                      None, _got("k1")),
    SplitDialog: Case(lambda ws: SplitDialog("ทอผ้า", ["ทอผ้าไหม", "ทอผ้าฝ้าย"]), _split_fill,
                      None, _got((["ทอผ้าฝ้าย"], "ทอผ้าฝ้ายย้อมคราม"))),
    ExcludeDialog: Case(lambda ws: ExcludeDialog("รับจ้าง"), lambda d: None, None,
                        _got("รับจ้าง")),
    LivelihoodsDialog: Case(
        lambda ws: LivelihoodsDialog(VILLAGE, [("rice", "ทำนา")], set()),
        lambda d: setattr(d.query_one("#live-rice", Checkbox), "value", True), None,
        _got(["rice"]),
    ),
    ConfirmDialog: Case(lambda ws: ConfirmDialog("ลบ?"), lambda d: None, None, _got(True)),
    LessonsDialog: Case(lambda ws: LessonsDialog([], {}), lambda d: None, None, _got(None),
                        shows_save_key=False, save_keys=("ctrl+s",)),  # d undoes a lesson
    ServeDialog: Case(lambda ws: ServeDialog(None, "", [(VILLAGE, "หมู่ 5")], ()),
                      _serve_fill, None, _got(Serve("K7Q2M9XA", (VILLAGE,))),
                      enter_in="f-device"),
    PeerDialog: Case(lambda ws: PeerDialog(), lambda d: None, None,
                     lambda r, ws, h: len(r) == 1 and r[0][0] == CENTRAL),
    LeaveDialog: Case(lambda ws: LeaveDialog("t", "w", can_add=True), lambda d: None, "stay",
                      _got("add")),
    RepairDialog: Case(lambda ws: RepairDialog("เสียหาย"), lambda d: None, False, _got(True)),
    UnlockScreen: Case(lambda ws: UnlockScreen(), lambda d: _set(d, "pin", "1234"), False,
                       _got(True)),
    ImportDialog: Case(lambda ws: ImportDialog(), lambda d: None, False, _imported,
                       saves_in_store=True),
    VotesDialog: Case(lambda ws: VotesDialog(fs.items(ws, VILLAGE, _forum(ws).id)[0]),
                      lambda d: _set(d, "f-votes", "7"), None, _got({"votes": 7})),
    GroupDialog: Case(lambda ws: GroupDialog("t", [Field("agency", "หน่วยงาน")]),
                      lambda d: _set(d, "f-agency", "พช."), None, _got({"agency": "พช."})),
    ExportDialog: Case(lambda ws: ExportDialog(forum_export(VILLAGE, _forum(ws).id)),
                       lambda d: _set(d, "stem", "x"), None, _exported),
    InboxEntryDialog: Case(lambda ws: InboxEntryDialog(InboxEntry("2026-11-22T03:00:00+00:00",
                           "in", "merged", "TABWT5AA", "แท็บเล็ต", ops=3), {}),
                           lambda d: None, False, _got(True)),
    DeviceFilterDialog: Case(lambda ws: DeviceFilterDialog({"TABWT5AA": "แท็บเล็ต"}),
                             lambda d: None, None, _got("")),
    FolderDialog: Case(lambda ws: FolderDialog(), _folder_fill, False, _received),
}  # fmt: skip


def _dialog_classes() -> set[type]:
    found: set[type] = set()
    for info in pkgutil.iter_modules(screens_package.__path__):
        module = importlib.import_module(f"sammachip_tui.screens.{info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ModalScreen) and cls.__module__ == module.__name__:
                found.add(cls)
    return found


# Modal screens that are no dialog: nothing to save (F1's key list; Textual's command palette).
NOT_DIALOGS = {"HelpScreen", "Palette"}


def test_every_dialog_is_a_dialog_and_is_tested_here() -> None:
    found = {c for c in _dialog_classes() if c.__name__ not in NOT_DIALOGS}
    assert {c.__name__ for c in found if not issubclass(c, Dialog)} == set()
    assert {c.__name__ for c in found - ABSTRACT} == {c.__name__ for c in CASES}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own (exports go under it), and a start directory apart from it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    start = tmp_path / "started-here"
    start.mkdir()
    monkeypatch.chdir(start)
    return home


@pytest.fixture
def prepared(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """What the import and unlock dialogs read: a one-row CSV, an unlock that succeeds."""
    from sammachip_tui.store import at_rest

    monkeypatch.setattr(at_rest, "unlock", lambda data_dir, pin: None)
    csv = home / "x.csv"
    csv.write_text("รหัสหมู่บ้าน,บ้านเลขที่,ชื่อ\n52120505,999,ทดลอง\n", encoding="utf-8")
    return csv


async def _open(app: SammachipApp, pilot: Any, dialog: Any) -> list[Any]:
    results: list[Any] = []
    await until(pilot, lambda: app.screen.id == "home", "the village list")
    app.push_screen(dialog, results.append)
    await until(pilot, lambda: app.screen is dialog and bool(dialog.query(FooterKey)), "it")
    await pilot.pause()
    return results


def _fill(case: Case, dialog: Any, csv: Path) -> None:
    case.fill(dialog)
    if isinstance(dialog, ImportDialog):
        _set(dialog, "path", str(csv))


@pytest.mark.parametrize("cls", list(CASES), ids=lambda c: c.__name__)
async def test_esc_changes_nothing_and_the_footer_says_so(
    demo_workspace: Workspace, prepared: Path, home: Path, cls: type
) -> None:
    case = CASES[cls]
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = case.make(demo_workspace)
        results = await _open(app, pilot, dialog)
        keys = {k.key: k.description for k in dialog.query(FooterKey)}
        assert "escape" in keys, f"the footer shows no Esc: {keys}"
        assert ("ctrl+s" in keys) is case.shows_save_key, f"footer: {keys}"
        if case.shows_save_key:
            assert keys["ctrl+s"] != "save", "the footer's words are not translated"
            assert "Enter" in str(dialog.query_one(FooterKey).app.get_key_display(
                next(b for b in dialog._bindings.key_to_bindings["ctrl+s"])))  # fmt: skip
        _fill(case, dialog, prepared)
        before = demo_workspace.sequence
        await pilot.press("escape")
        await until(pilot, lambda: dialog not in app.screen_stack, "Esc closing the dialog")
        await pilot.pause()
        assert results == [case.cancelled]
        assert demo_workspace.sequence == before
        assert NEW_VILLAGE not in demo_workspace.villages()
        assert not (home / "sammachip-reports").exists()


@pytest.mark.parametrize("key", ["enter", "ctrl+s"])
@pytest.mark.parametrize("cls", list(CASES), ids=lambda c: c.__name__)
async def test_enter_or_ctrl_s_saves(
    demo_workspace: Workspace, prepared: Path, home: Path, cls: type, key: str
) -> None:
    case = CASES[cls]
    if key not in case.save_keys:
        pytest.skip(f"{cls.__name__} has nothing for {key} to save")
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = case.make(demo_workspace)
        results = await _open(app, pilot, dialog)
        _fill(case, dialog, prepared)
        if case.enter_in is not None:
            dialog.query_one(f"#{case.enter_in}").focus()
            await pilot.pause()
        before = demo_workspace.sequence
        await pilot.press(key)
        await until(pilot, lambda: case.saved(results, demo_workspace, home), f"{key} saving")
        if case.saves_in_store:
            assert demo_workspace.sequence > before


# ---------------------------------------------------------------------- refused values
def _readable(widget: Widget) -> bool:
    """Drawn with at least one row of its content, and not covered by anything."""
    region = widget.content_region
    if region.height < 1 or region.width < 1:
        return False
    try:
        at, _region = widget.screen.get_widget_at(region.x, region.y)
    except NoWidget:
        return False
    return at is widget


def _wrong_national_id() -> str:
    first12 = "110170020345"
    wrong = (national_id_check_digit(first12) + 1) % 10
    return first12 + str(wrong)


SIZES = [(80, 24), (40, 12)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "field,text",
    [("national_id", _wrong_national_id()), ("income_month", "หนึ่งหมื่น"),
     ("consent_date", "31/2/2569")],
)  # fmt: skip
async def test_a_refused_household_value_stays_readable(
    demo_workspace: Workspace, field: str, text: str, size: tuple[int, int]
) -> None:
    first = households(demo_workspace, VILLAGE)[0]
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.screen.id == "home", "the village list")
        app.push_screen(HouseholdScreen(VILLAGE, first.id))
        await until(pilot, lambda: isinstance(app.screen, HouseholdScreen)
                    and bool(app.screen.query(f"#f-{field}")), "the form")  # fmt: skip
        box = app.screen.query_one(f"#f-{field}", Input)
        box.focus()
        box.value = ""
        await pilot.pause()
        await type_text(pilot, text)
        await pilot.press("tab")  # refused as it is left...
        await pilot.pause()
        assert box.has_class("-invalid")
        await pilot.press("shift+tab")  # ...and the officer comes back to correct it
        await pilot.pause()
        await pilot.pause()
        assert app.focused is box and box.value == text
        assert _readable(box), f"{text} is hidden at {size}"
        under = app.screen.query_one(f"#p-{field}")
        assert _readable(under), f"the reason is not beside {text} at {size}"
        assert str(under.render()).strip()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_refused_forum_date_stays_readable(
    demo_workspace: Workspace, size: tuple[int, int]
) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=size) as pilot:
        dialog = ForumDialog(VILLAGE)
        await _open(app, pilot, dialog)
        date = dialog.query_one("#f-date", Input)
        date.focus()
        date.value = ""
        await pilot.pause()
        await type_text(pilot, "31/2/2569")
        await pilot.press("enter")
        await until(pilot, lambda: dialog.problem() != "", "the refusal")
        await pilot.pause()
        assert app.screen is dialog and date.value == "31/2/2569"
        assert _readable(date)
        assert _readable(dialog.query_one("#p-date"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_export_file_name_stays_readable_when_refused(
    demo_workspace: Workspace, home: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    from sammachip_tui.reports import forum_record

    def read_only(*args: object) -> Path:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(forum_record, "write_forum_record", read_only)
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=size) as pilot:
        dialog = ExportDialog(forum_export(VILLAGE, _forum(demo_workspace).id))
        await _open(app, pilot, dialog)
        stem = dialog.query_one("#stem", Input)
        assert app.focused is stem and _readable(stem), "the file name is hidden"
        await pilot.press("enter")
        result = dialog.query_one("#result")
        await until(pilot, lambda: "Errno" not in str(result.render())
                    and stem.has_class("-invalid"), "the refusal")  # fmt: skip
        await pilot.pause()
        assert "[Errno" not in str(result.render()) and "Read-only" not in str(result.render())
        assert stem.value == dialog.query_one("#stem", Input).value != ""
        assert _readable(stem) and _readable(result)


# ---------------------------------------------------------------------- exports
async def _export(demo_workspace: Workspace, typed: str | None) -> tuple[str, str]:
    """Open the export dialog, type ``typed`` (None: keep the default), press Enter:
    (the default name shown, what the dialog said)."""
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = ExportDialog(forum_export(VILLAGE, _forum(demo_workspace).id))
        await _open(app, pilot, dialog)
        stem = dialog.query_one("#stem", Input)
        default = stem.value
        if typed is not None:
            stem.value = ""
            await type_text(pilot, typed)
        await pilot.press("enter")
        await until(pilot, lambda: bool(dialog.written), "the files written")
        said = str(dialog.query_one("#result").render())
        await pilot.press("escape")
    return default, said


async def test_the_default_export_goes_to_the_documents_folder(
    demo_workspace: Workspace, home: Path
) -> None:
    default, said = await _export(demo_workspace, None)
    assert default == "forum-52120505-2026-11-22"  # the village, and the day (frozen clock)
    folder = home / "sammachip-reports"
    written = sorted(p.name for p in folder.iterdir())
    assert written == [f"{default}.csv", f"{default}.md"]
    assert str(folder / f"{default}.md") in said.replace("\n", "")
    assert list(Path.cwd().iterdir()) == []


async def test_a_bare_name_goes_to_the_documents_folder_not_where_the_app_started(
    demo_workspace: Workspace, home: Path
) -> None:
    _default, said = await _export(demo_workspace, "เวที.md")
    folder = home / "sammachip-reports"
    assert sorted(p.name for p in folder.iterdir()) == ["เวที.csv", "เวที.md"]
    assert list(Path.cwd().iterdir()) == []
    assert str(folder / "เวที.csv") in said.replace("\n", "")


async def test_a_full_path_is_kept(demo_workspace: Workspace, home: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    await _export(demo_workspace, str(usb / "record"))
    assert sorted(p.name for p in usb.iterdir()) == ["record.csv", "record.md"]
    assert not (home / "sammachip-reports").exists()


async def test_a_second_export_the_same_day_replaces_nothing(
    demo_workspace: Workspace, home: Path
) -> None:
    first, _said = await _export(demo_workspace, None)
    second, _said = await _export(demo_workspace, None)
    assert second == f"{first}-2"
    assert len(list((home / "sammachip-reports").iterdir())) == 4


def test_the_typed_name_means_the_documents_folder(home: Path) -> None:
    from sammachip_tui.reports.export_paths import export_stem

    docs = home / "sammachip-reports"
    assert export_stem("เวที") == docs / "เวที"
    assert export_stem(" sub/เวที.csv ") == docs / "sub" / "เวที"
    assert export_stem("~/Desktop/x") == home / "Desktop" / "x"
    assert export_stem("/media/usb/x") == Path("/media/usb/x")


def test_the_save_words_are_translated() -> None:
    assert _("Cancel") != "Cancel" and _("Save") != "Save"
