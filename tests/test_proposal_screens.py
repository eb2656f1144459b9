"""Pilot test of the proposal review: accept one, edit one, reject one, as an officer would."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.screens.proposal_dialogs import AcceptDialog, AddMemberDialog, ReasonDialog
from sammachip_tui.screens.proposals import ProposalsScreen
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.demo import DEMO_VILLAGE
from sammachip_tui.store.workspace import Workspace

from .conftest import type_text, until


async def ready(pilot: Pilot, before: object = None) -> ProposalsScreen:
    """Until the proposals are worked out again (a result other than ``before``) and drawn."""

    def drawn() -> bool:
        screen = pilot.app.screen
        return (
            isinstance(screen, ProposalsScreen)
            and screen.result is not None
            and screen.result is not before
            and not screen.query_one("#status", Static).has_class("-problem")
        )

    await until(pilot, drawn, "the proposals")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProposalsScreen)
    return screen


async def open_proposals(pilot: Pilot) -> ProposalsScreen:
    await until(pilot, lambda: pilot.app.workspace is not None, "the workspace")  # type: ignore[attr-defined]
    await pilot.press("g")
    return await ready(pilot)


def select(screen: ProposalsScreen, craft: str) -> None:
    assert screen.result is not None
    keys = [p.key for p in screen.result.proposals]
    index = next(i for i, p in enumerate(screen.result.proposals) if p.craft.key == craft)
    screen.query_one("#proposals", DataTable).move_cursor(row=index)
    assert keys[index].endswith(craft)


async def test_accept_edit_and_reject_proposals(demo_workspace: Workspace) -> None:
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_proposals(pilot)
        assert screen.result is not None
        crafts = [p.craft.key for p in screen.result.proposals]
        assert crafts[0] == "weaving"  # the forum's weaving wisdom puts it first
        detail = str(screen.query_one("#detail", Static).render())
        assert "ทอผ้าตีนจกลายโบราณ" in detail  # the forum item that backs it
        # Its heading in words, never the program's key (52120505:weaving).
        weaving = screen.result.proposals[0]
        assert detail.splitlines()[0] == f"ทอผ้า · อาชีพเดียวกัน · {len(weaving.members)} ครัวเรือน"
        assert weaving.key not in detail and "weaving" not in detail

        # Accept weaving, with the name as it comes.
        select(screen, "weaving")
        await pilot.pause()
        before = screen.result
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AcceptDialog)
        await pilot.press("enter")
        screen = await ready(pilot, before)
        assert [g["status"] for g in demo_workspace.records(DEMO_VILLAGE, "group")] == ["forming"]
        assert "weaving" not in [p.craft.key for p in screen.result.proposals]

        # Take the first broom maker out, with a reason typed in Thai.
        select(screen, "brooms")
        await pilot.pause()
        brooms = screen.current()
        assert brooms is not None
        first = brooms.members[0].household
        screen.query_one("#members").focus()
        before = screen.result
        await pilot.press("minus")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await type_text(pilot, "ย้ายไปลำพูน")
        await pilot.press("enter")
        screen = await ready(pilot, before)
        brooms = next(p for p in screen.result.proposals if p.craft.key == "brooms")
        assert first.id not in {m.household.id for m in brooms.members}
        decision = demo_workspace.record(DEMO_VILLAGE, "proposal", brooms.key)
        assert decision is not None and decision["removed"][0]["reason"] == "ย้ายไปลำพูน"

        # Put a household in by its house number.
        screen.query_one("#proposals").focus()
        before = screen.result
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, AddMemberDialog)
        await type_text(pilot, first.house_no)
        await pilot.press("tab", "tab")
        await type_text(pilot, "กลับมาแล้ว")
        await pilot.press("ctrl+s")
        screen = await ready(pilot, before)
        brooms = next(p for p in screen.result.proposals if p.craft.key == "brooms")
        assert first.id in {m.household.id for m in brooms.members if m.role == "added"}

        # Reject mushrooms.
        select(screen, "mushrooms")
        await pilot.pause()
        before = screen.result
        await pilot.press("x")
        await pilot.pause()
        await type_text(pilot, "ไม่มีโรงเรือน")
        await pilot.press("ctrl+s")
        screen = await ready(pilot, before)
        assert "mushrooms" not in [p.craft.key for p in screen.result.proposals]
        assert [d.reason for d in screen.result.rejected] == ["ไม่มีโรงเรือน"]

    # What the screen did is what the store says.
    again = sp.proposal_set(demo_workspace, DEMO_VILLAGE)
    assert [d.reason for d in again.rejected] == ["ไม่มีโรงเรือน"]


async def test_add_an_occupation_from_the_review(demo_workspace: Workspace) -> None:
    from textual.widgets import Select

    from sammachip_tui.screens.proposal_dialogs import OccupationDialog

    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_proposals(pilot)
        before = screen.result
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OccupationDialog)
        await type_text(pilot, "ทำเทียนพรรษา")
        await pilot.press("ctrl+s")  # no type chosen: kept open, with the reason
        await pilot.pause()
        assert app.screen is dialog and dialog.problem()
        dialog.query_one("#type", Select).value = "handicraft"
        await pilot.press("ctrl+s")
        await ready(pilot, before)
    [ext] = sp.extensions(demo_workspace)
    assert (ext.name_th, ext.occupation_type) == ("ทำเทียนพรรษา", "handicraft")


async def test_proposals_follow_households_changed_meanwhile(demo_workspace: Workspace) -> None:
    from sammachip_tui.store.workspace import Change

    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_proposals(pilot)
        candles = sp.matcher(demo_workspace).lexicon.canonical("HAN21")
        assert candles not in [p.craft.key for p in screen.result.proposals]
        await pilot.press("escape")  # back to the villages; candle makers join meanwhile
        demo_workspace.commit([
            Change("household", DEMO_VILLAGE, {"village_code": DEMO_VILLAGE,
                   "house_no": f"30{k}", "first_name": f"ช่างเทียน{k}",
                   "occupation_main": "ทำเทียนหอม", "volunteer": "yes"})
            for k in range(5)
        ])  # fmt: skip
        screen = await open_proposals(pilot)
        assert candles in [p.craft.key for p in screen.result.proposals]


async def test_group_size_refuses_nonsense_and_keeps_what_was_typed(demo_workspace) -> None:
    from textual.widgets import Input

    from sammachip_tui.screens.proposal_dialogs import RulesDialog
    from sammachip_tui.store.settings import load_settings

    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_proposals(pilot)
        before = screen.result
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RulesDialog)
        await pilot.press("end", "backspace")
        await type_text(pilot, "๙")  # Thai digit: smallest 9, largest 30 → fine so far
        await pilot.press("tab", "end", "backspace", "backspace")
        await type_text(pilot, "3")
        await pilot.press("ctrl+s")  # 9 > 3: refused, the dialog stays with both values
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.problem()
        assert dialog.query_one("#f-max", Input).value == "3"
        assert load_settings(demo_workspace.data_dir).group_max == 30
        await pilot.press("backspace")
        await type_text(pilot, "12")
        await pilot.press("ctrl+s")
        screen = await ready(pilot, before)
        assert (load_settings(demo_workspace.data_dir).group_min,
                load_settings(demo_workspace.data_dir).group_max) == (9, 12)  # fmt: skip
        assert all(9 <= len(p.members) <= 12 for p in screen.result.proposals)
        # Settings have one owner: switching the theme or the language keeps the group size
        # (the app once wrote its own stale copy, 5/30, back over it).
        await pilot.press("f3", "f2")
        await pilot.pause()
        kept = load_settings(demo_workspace.data_dir)
        assert (kept.group_min, kept.group_max) == (9, 12)
        assert (kept.theme, kept.language) == ("sammachip-contrast", "en")
        assert "9" in str(screen.query_one("#rules-line").render())


async def test_a_household_of_a_related_craft_is_shown_as_such(demo_workspace: Workspace) -> None:
    """village-200's kitchen gardeners, too few for a group, join the safe vegetables: the
    members list says "related" (ใกล้เคียง) for them, and the detail names their texts."""
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_proposals(pilot)
        select(screen, "safe_vegetables")
        await pilot.pause()
        p = screen.current()
        assert p is not None
        kin = [m for m in p.members if m.kin]
        assert kin, "no related household in the demo's safe vegetables"
        table = screen.query_one("#members", DataTable)
        row = table.get_row(kin[0].household.id)
        assert str(row[3]) == "ใกล้เคียง" and kin[0].text in str(row[2])
        detail = str(screen.query_one("#detail", Static).render())
        assert kin[0].text in detail
