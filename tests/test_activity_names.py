"""What is done with an occupation (make, grow …) is shown in the officer's language."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.grouping.activity_names import ACTIVITY_LABELS, unknown_name
from sammachip_tui.grouping.lexicon import ACTIVITIES
from sammachip_tui.i18n import set_language
from sammachip_tui.store import lessons as sl
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.workspace import Workspace

THAI = {"make": "ทำ/แปรรูป", "grow": "ปลูก", "raise": "เลี้ยง", "catch": "จับ/หา",
        "trade": "ค้าขาย", "serve": "บริการ/รับจ้าง"}  # fmt: skip


def occupations(data_dir: Path, capsys, lang: str, *more: str) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "--lang", lang, "occupations", "list", *more]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["th", "en"])
def test_occupations_list_says_the_activity_in_the_officers_language(
    data_dir: Path, capsys, lang: str
) -> None:
    rows = orjson.loads(occupations(data_dir, capsys, lang, "--json"))
    lines = {line.split("\t")[0]: line.split("\t") for line in
             occupations(data_dir, capsys, lang).splitlines()}  # fmt: skip
    seen = set()
    for row in rows:
        if row["activity"] in seen:
            continue
        seen.add(row["activity"])
        shown = lines[row["craft"]][4]
        assert shown == (THAI[row["activity"]] if lang == "th" else row["activity"])
    assert seen == set(ACTIVITIES)
    weaving = lines["weaving"]
    assert weaving[3] == ("หัตถกรรม" if lang == "th" else "handicraft")  # the type too
    assert {r["activity"] for r in rows} <= set(ACTIVITIES)  # JSON keeps the keys


def test_every_activity_has_a_name() -> None:
    assert set(ACTIVITY_LABELS) == set(ACTIVITIES)


def test_an_unknown_occupation_is_named_by_its_word_and_activity(workspace: Workspace) -> None:
    lexicon = sp.matcher(workspace).lexicon
    assert unknown_name("t:make:ตะเกียง") == "ตะเกียง (ทำ/แปรรูป)"
    assert sl.family_name("t:raise:จิโป่ม", lexicon) == "จิโป่ม (เลี้ยง)"
    assert sp.proposal_name(workspace, "52120505:t:make:ตะเกียง#2") == "ตะเกียง (ทำ/แปรรูป)"
    assert sp.proposal_name(workspace, "52120505:t:ตะเกียง") == "ตะเกียง"
    # A rejected proposal of a family is named by the family, in Thai (not "weaving").
    assert sp.proposal_name(workspace, "52120505:weaving") == lexicon.crafts["weaving"].name_th
    assert sp.proposal_name(workspace, "52120505:type:fishery") == "ประมง"
    set_language("en")
    assert unknown_name("t:make:ตะเกียง") == "ตะเกียง (make)"


async def test_a_rejected_proposal_is_listed_by_its_name(demo_workspace: Workspace) -> None:
    from textual.widgets import DataTable

    from sammachip_tui.app import SammachipApp
    from sammachip_tui.screens.proposals import REJECTED
    from sammachip_tui.store.demo import DEMO_VILLAGE

    from .test_proposal_screens import open_proposals

    key = f"{DEMO_VILLAGE}:mushrooms"
    demo_workspace.commit([sp.reject(demo_workspace, DEMO_VILLAGE, key, "ไม่มีโรงเรือน")])
    app = SammachipApp(data_dir=demo_workspace.data_dir, workspace=demo_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_proposals(pilot)
        row = screen.query_one("#proposals", DataTable).get_row(REJECTED + key)
        name = sp.matcher(demo_workspace).lexicon.crafts["mushrooms"].name_th
        assert row[1] == name != "mushrooms"
