"""Snapshots of the main screens at 80×24 and 120×40.

Plain sync tests: snap_compare runs its own event loop.
"""

from __future__ import annotations

from pathlib import Path

from sammachip_tui.app import SammachipApp
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until


def _app(ws: Workspace) -> SammachipApp:
    return SammachipApp(data_dir=ws.data_dir, workspace=ws)


def test_home_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), terminal_size=(80, 24))


def test_households_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["enter"], terminal_size=(80, 24))


def test_households_filtered_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("enter", "slash")
        await type_text(pilot, "ทอผ้า")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_households_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["enter"], terminal_size=(120, 40))


def test_households_english_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["enter", "f2"], terminal_size=(80, 24))


def test_setup_80x24(snap_compare, tmp_path: Path) -> None:
    lock = DirectoryLock(tmp_path)
    lock.acquire()
    try:
        app = SammachipApp(data_dir=tmp_path, workspace=None, lock=lock)
        assert snap_compare(app, terminal_size=(80, 24))
    finally:
        lock.release()


def test_import_dialog_80x24(snap_compare, workspace: Workspace, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, "ไม่มีไฟล์นี้.csv")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(workspace), run_before=run_before, terminal_size=(80, 24))


# The demo forum: home → f (forums) → Enter (the forum), then a view key.
FORUM_KEYS = ["f", "enter"]


def test_forum_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=FORUM_KEYS, terminal_size=(80, 24))


def test_forum_wisdom_120x40(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press(*FORUM_KEYS, "f7", "down")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(120, 40))


def test_forum_ranked_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=[*FORUM_KEYS, "ctrl+r"], terminal_size=(80, 24))


def test_forum_ranked_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(
        _app(demo_workspace), press=[*FORUM_KEYS, "ctrl+r"], terminal_size=(120, 40)
    )


def test_forum_summary_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=[*FORUM_KEYS, "ctrl+o"], terminal_size=(80, 24))


def test_forum_summary_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(
        _app(demo_workspace), press=[*FORUM_KEYS, "ctrl+o"], terminal_size=(120, 40)
    )


def test_forums_list_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["f"], terminal_size=(80, 24))


def test_forum_details_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), press=["f", "e"], terminal_size=(80, 24))


def test_item_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press(*FORUM_KEYS, "f7", "down", "enter")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab")
        await type_text(pilot, "ผ้า")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_attendance_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press(*FORUM_KEYS, "f9")
        await pilot.pause()
        await type_text(pilot, "สาย")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_village_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "๑๐๐")  # หมู่ 100: refused, and the reason shown
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_export_dialog_80x24(snap_compare, demo_workspace: Workspace, monkeypatch) -> None:
    # The documents folder is under the home: the same one on every machine and user.
    monkeypatch.setenv("HOME", "/home/officer")
    assert snap_compare(
        _app(demo_workspace), press=[*FORUM_KEYS, "ctrl+o", "e"], terminal_size=(80, 24)
    )


def _fixed_bundle():
    """A bundle of fixed bytes: the send screen's code is the same on every run."""
    import zlib

    from sammachip_tui.sync.bundle import Outgoing

    message = bytes((i * 7 + 3) % 256 for i in range(6000))
    return Outgoing("central", message, zlib.crc32(message), 201,
                    {"household": 200, "village": 1})  # fmt: skip


def _send_snapshot(snap_compare, ws: Workspace, size: tuple[int, int]) -> bool:
    import dataclasses

    from sammachip_tui.screens.send import SendScreen

    ws.device = dataclasses.replace(ws.device, public_key="ab" * 32)  # a fixed fingerprint

    async def run_before(pilot) -> None:
        await pilot.app.push_screen(SendScreen("central", "ศูนย์ข้อมูลอำเภอ", _fixed_bundle()))
        await pilot.pause()
        await pilot.press("space")  # step mode: part 1 stays on screen
        await pilot.pause()

    return snap_compare(_app(ws), run_before=run_before, terminal_size=size)


def test_send_80x24(snap_compare, workspace: Workspace) -> None:
    assert _send_snapshot(snap_compare, workspace, (80, 24))


def test_send_120x40(snap_compare, workspace: Workspace) -> None:
    assert _send_snapshot(snap_compare, workspace, (120, 40))


def _receive_snapshot(snap_compare, ws: Workspace, size: tuple[int, int]) -> bool:
    from sammachip_tui.sync.parts import make_parts

    texts = list(make_parts(bytes(range(256)) * 10, 200).texts())

    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        scan = pilot.app.screen.query_one("#scan")
        for text in (texts[0], texts[3], texts[3][:-2] + "00", texts[5]):
            scan.value = text
            await pilot.press("enter")
        await pilot.pause()

    return snap_compare(_app(ws), run_before=run_before, terminal_size=size)


def test_receive_80x24(snap_compare, workspace: Workspace) -> None:
    assert _receive_snapshot(snap_compare, workspace, (80, 24))


def test_receive_120x40(snap_compare, workspace: Workspace) -> None:
    assert _receive_snapshot(snap_compare, workspace, (120, 40))


def _conflicts_snapshot(snap_compare, tmp_path: Path, monkeypatch, size: tuple[int, int]) -> bool:
    from .test_sync_screens import make_conflict

    a, b, _hid = make_conflict(tmp_path, monkeypatch)
    try:
        return snap_compare(_app(b), press=["c"], terminal_size=size)
    finally:
        a.close()
        b.close()


def test_conflicts_80x24(snap_compare, tmp_path: Path, monkeypatch) -> None:
    assert _conflicts_snapshot(snap_compare, tmp_path, monkeypatch, (80, 24))


def test_conflicts_120x40(snap_compare, tmp_path: Path, monkeypatch) -> None:
    assert _conflicts_snapshot(snap_compare, tmp_path, monkeypatch, (120, 40))


def test_peer_dialog_80x24(snap_compare, workspace: Workspace) -> None:
    assert snap_compare(_app(workspace), press=["s"], terminal_size=(80, 24))


def test_devices_80x24(snap_compare, workspace: Workspace) -> None:
    import dataclasses

    from sammachip_tui.sync.devices import DeviceRegistry, Status

    workspace.device = dataclasses.replace(
        workspace.device, public_key="ab" * 32, device_id="TESTDEV1"
    )
    registry = DeviceRegistry(workspace.data_dir)
    for n, (name, status) in enumerate(
        [
            ("laptop-somsri", Status.accepted),
            ("pi-forum-2", Status.pending),
            ("old-tablet", Status.revoked),
        ]
    ):
        registry.meet(f"DEV0000{n}", bytes([n]) * 32, name, "field")
        registry.set_status(f"DEV0000{n}", status)
    assert snap_compare(_app(workspace), press=["d"], terminal_size=(80, 24))


async def _proposals_ready(pilot) -> None:
    """Home → g; until the proposals are worked out and drawn."""
    await pilot.press("g")
    await until(pilot, lambda: getattr(pilot.app.screen, "result", None) is not None)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_proposals_80x24(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), run_before=_proposals_ready, terminal_size=(80, 24))


def test_proposals_120x40(snap_compare, demo_workspace: Workspace) -> None:
    assert snap_compare(_app(demo_workspace), run_before=_proposals_ready, terminal_size=(120, 40))


def test_proposals_left_over_120x40(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await _proposals_ready(pilot)
        table = pilot.app.screen.query_one("#proposals")
        table.move_cursor(row=table.row_count - 1)
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(120, 40))


def test_accept_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await _proposals_ready(pilot)
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def _proposal_dialog(key: str, *, member: bool = False):
    async def run_before(pilot) -> None:
        await _proposals_ready(pilot)
        if member:
            pilot.app.screen.query_one("#members").focus()
        await pilot.press(key)
        await pilot.pause()

    return run_before


def test_reason_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    run_before = _proposal_dialog("minus", member=True)
    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_add_member_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await _proposal_dialog("plus")(pilot)
        await type_text(pilot, "นาง")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_rules_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    run_before = _proposal_dialog("m")
    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_occupation_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    async def run_before(pilot) -> None:
        await _proposal_dialog("n")(pilot)
        await type_text(pilot, "ทำเทียนพรรษา")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_leave_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """Esc with text on the forum's entry line: the question, its text and its keys."""

    async def run_before(pilot) -> None:
        await pilot.press(*FORUM_KEYS)
        await pilot.pause()
        await type_text(pilot, "น้ำประปาไม่ไหล")
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen.id == "leave-dialog", "the question")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_repair_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """What opening found, and the two keys (the finding is made here: no random offsets)."""
    from sammachip_tui.screens.repair_dialog import RepairDialog
    from sammachip_tui.store.damage import Damage, Finding, JournalDamagedError

    message = JournalDamagedError(
        Finding(Damage.damaged, at=20480, bad_lines=1, good_after=187)
    ).message

    async def run_before(pilot) -> None:
        pilot.app.push_screen(RepairDialog(message))
        await until(pilot, lambda: pilot.app.screen.id == "repair-dialog", "the question")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_unlock_screen_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """The PIN question with a PIN half typed (shown masked)."""
    from sammachip_tui.screens.unlock import UnlockScreen

    async def run_before(pilot) -> None:
        pilot.app.push_screen(UnlockScreen())

        def asked() -> bool:
            pins = pilot.app.screen.query("#pin")
            return bool(pins) and pilot.app.focused is pins[0]

        await until(pilot, asked, "the PIN field")
        await type_text(pilot, "๒๔๖")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_split_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """k on weaving (the first proposal): its texts to tick, a name for the new occupation."""
    assert snap_compare(_app(demo_workspace), run_before=_proposal_dialog("k"),
                        terminal_size=(80, 24))  # fmt: skip


def test_livelihoods_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """h: the livelihoods not proposed unless switched on for the village."""
    assert snap_compare(_app(demo_workspace), run_before=_proposal_dialog("h"),
                        terminal_size=(80, 24))  # fmt: skip


def test_merge_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """j on weaving: the other proposals to merge it with."""
    assert snap_compare(_app(demo_workspace), run_before=_proposal_dialog("j"),
                        terminal_size=(80, 24))  # fmt: skip


def test_exclude_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """e on the highlighted member: its occupation text, to mark "not a group occupation"."""
    assert snap_compare(_app(demo_workspace), run_before=_proposal_dialog("e", member=True),
                        terminal_size=(80, 24))  # fmt: skip


def test_lessons_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """l: what the officer taught (nothing yet on the demo), and how to undo it."""
    assert snap_compare(_app(demo_workspace), run_before=_proposal_dialog("l"),
                        terminal_size=(80, 24))  # fmt: skip


def test_help_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """F1 on the villages screen: every key of the screen, in Thai."""
    assert snap_compare(_app(demo_workspace), press=["f1"], terminal_size=(80, 24))


def test_votes_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    """`v` in the forum's list: the one-field vote prompt, a count typed in Thai digits."""

    async def run_before(pilot) -> None:
        await pilot.press(*FORUM_KEYS, "down", "down", "v")
        await pilot.pause()
        await type_text(pilot, "๑๒")

    assert snap_compare(_app(demo_workspace), run_before=run_before, terminal_size=(80, 24))


def test_too_small_50x12(snap_compare, demo_workspace: Workspace) -> None:
    """Below a screen's minimum size: one message saying what size it needs."""
    assert snap_compare(_app(demo_workspace), terminal_size=(50, 12))


def _group_made(ws: Workspace) -> None:
    """The demo's first proposal accepted, with a chair and a shares line: the group screen
    shows a checklist with ticks and crosses, and a section with rows."""
    from sammachip_tui.store import groups as sg
    from sammachip_tui.store import proposals as sp
    from sammachip_tui.store.demo import DEMO_VILLAGE
    from sammachip_tui.store.group_view import group_lines, group_view

    first = sp.proposal_set(ws, DEMO_VILLAGE).proposals[0]
    ws.commit_built(lambda w: sp.accept(w, DEMO_VILLAGE, first))
    [g] = group_lines(ws)
    view = group_view(ws, g.village, g.id)
    assert view is not None
    home = view.members[0].member.household_id
    ws.commit_built(lambda w: [
        sg.add_entry(w, g.village, g.id, "committee", {"household_id": home, "position": "chair"}),
        sg.add_entry(w, g.village, g.id, "fund", {"kind": "shares", "household_id": home,
                                                 "shares": "5", "amount": "500",
                                                 "date": "22/11/2569"}),
    ])  # fmt: skip


async def _group_open(pilot) -> None:
    """Home → o (the village's groups) → Enter → 2 (ก๒ committee)."""
    await until(pilot, lambda: getattr(pilot.app.screen, "loaded", False))
    await pilot.press("o")
    await until(pilot, lambda: pilot.app.screen.id == "groups")
    await pilot.pause()
    await pilot.press("enter")
    await until(pilot, lambda: getattr(pilot.app.screen, "view", None) is not None)
    await pilot.press("2")
    await pilot.pause()


def test_group_80x24(snap_compare, demo_workspace: Workspace) -> None:
    _group_made(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_group_open, terminal_size=(80, 24))


def test_group_120x40(snap_compare, demo_workspace: Workspace) -> None:
    _group_made(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_group_open, terminal_size=(120, 40))


async def _groups_list(pilot) -> None:
    """Home → o: the village's groups."""
    await until(pilot, lambda: getattr(pilot.app.screen, "loaded", False))
    await pilot.press("o")
    await until(pilot, lambda: pilot.app.screen.id == "groups")
    await pilot.pause()


def test_groups_list_80x24(snap_compare, demo_workspace: Workspace) -> None:
    _group_made(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_groups_list, terminal_size=(80, 24))


async def _bylaws_dialog(pilot) -> None:
    """The group screen, then b: the bylaws dialog from the usual clauses."""
    await _group_open(pilot)
    await pilot.press("b")
    await until(pilot, lambda: pilot.app.screen.__class__.__name__ == "GroupDialog")
    await pilot.pause()


def test_group_bylaws_dialog_80x24(snap_compare, demo_workspace: Workspace) -> None:
    _group_made(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_bylaws_dialog, terminal_size=(80, 24))


def _plan_made(ws: Workspace) -> None:
    """The demo village's plan of 2570: its first need (27 votes) and two rows typed."""
    from sammachip_tui.model.records import ForumList
    from sammachip_tui.store import forum as fs
    from sammachip_tui.store import plans
    from sammachip_tui.store.demo import DEMO_VILLAGE as V

    need = fs.items(ws, V, fs.forums(ws, V)[0].id, ForumList.need)[0]
    rows = [
        ({**plans.item_texts(need), "target": "ผู้ผลิตสินค้าในหมู่บ้าน", "place": "ลานวัด",
          "start": "1/12/2569", "end": "30/9/2570", "budget": "20,000",
          "expected": "มีตลาดประจำทุกสัปดาห์", "responsible": "นายสมศักดิ์ ใจดี"}, need.id),
        ({"project": "อบรมทำบรรจุภัณฑ์และตราสินค้า", "objective": "สินค้าขายได้ราคาดีขึ้น",
          "steps": "สำรวจ อบรม ออกแบบ", "target": "กลุ่มทอผ้า 15 คน", "place": "ศาลาหมู่บ้าน",
          "start": "1/2/2570", "end": "28/2/2570", "budget": "15,000",
          "budget_source": "อบต.", "responsible": "นางจันทร์"}, ""),
        ({"project": "ขุดลอกลำเหมือง", "start": "1/3/2570", "budget": "0",
          "responsible": "ผู้ใหญ่บ้าน"}, ""),
    ]  # fmt: skip
    for texts, item in rows:
        ws.commit_built(lambda w, t=texts, i=item: [plans.add_row(w, V, 2570, t, item_id=i)])
    ws.commit_built(lambda w: [plans.set_header(w, V, 2570, {"title": "แผนปฏิบัติการบ้านดอน"})])


async def _plan_open(pilot) -> None:
    """Home → p: the village's plan of this fiscal year, its first row highlighted."""
    await until(pilot, lambda: getattr(pilot.app.screen, "loaded", False))
    await pilot.press("p")
    await until(pilot, lambda: getattr(pilot.app.screen, "view", None) is not None)
    await pilot.pause()


def test_plan_80x24(snap_compare, demo_workspace: Workspace) -> None:
    _plan_made(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_plan_open, terminal_size=(80, 24))


def test_plan_120x40(snap_compare, demo_workspace: Workspace) -> None:
    _plan_made(demo_workspace)
    assert snap_compare(_app(demo_workspace), run_before=_plan_open, terminal_size=(120, 40))


def _with_income_history(ws: Workspace) -> None:
    """The first household's surveys of the past year, before the import of today."""
    import datetime as dt

    from sammachip_tui.model.income_records import ReadingSource
    from sammachip_tui.store.income import reading_changes
    from sammachip_tui.store.register import households

    home = households(ws, "52120505")[0].id
    for day, income, expense in ((dt.date(2025, 11, 20), 12000.0, 15000.0),
                                 (dt.date(2026, 3, 5), 13500.0, 15200.0),
                                 (dt.date(2026, 7, 1), 14000.0, 14800.0)):  # fmt: skip
        ws.commit_built(lambda w, d=day, i=income, e=expense: reading_changes(
            w, "52120505", home, d, i, e, ReadingSource.survey))  # fmt: skip


def test_household_income_80x24(snap_compare, demo_workspace: Workspace) -> None:
    _with_income_history(demo_workspace)
    assert snap_compare(_app(demo_workspace), press=["enter", "enter"], terminal_size=(80, 24))


def test_household_income_120x40(snap_compare, demo_workspace: Workspace) -> None:
    _with_income_history(demo_workspace)
    assert snap_compare(_app(demo_workspace), press=["enter", "enter"], terminal_size=(120, 40))
