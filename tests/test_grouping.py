"""The group proposer on the officer's village-200.csv, and its matcher on how people write."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from sammachip_tui.grouping.lexicon import build_lexicon
from sammachip_tui.grouping.matcher import Matcher
from sammachip_tui.grouping.proposer import Rules, propose
from sammachip_tui.model.records import Household, ProposalDecision, Volunteer
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.workspace import Change, Workspace

from .conftest import district_device

VILLAGE = "52120505"

# An independent reading of the CSV's crafts, by plain substrings (not the matcher's lexicon).
CRAFTS = {
    "weaving": ("ทอผ้า",),
    "safe_vegetables": ("ผักปลอดสาร", "ผักอินทรีย์"),
    "basketry": ("สาน",),
    "egg_chickens": ("ไก่ไข่",),
    "chili_paste": ("น้ำพริก",),
    "mushrooms": ("เห็ด",),
    "banana": ("กล้วย",),
    "brooms": ("ไม้กวาด",),
}


def craft_of(text: str) -> str | None:
    found = [c for c, words in CRAFTS.items() if any(w in text for w in words)]
    return found[0] if len(found) == 1 else None


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(build_lexicon())


@pytest.fixture
def village(workspace: Workspace, sample_csv: Path) -> Iterator[Workspace]:
    import_households(workspace, sample_csv)
    yield workspace


def volunteers(ws: Workspace) -> list[Household]:
    return [
        Household.from_record(r)
        for r in ws.records(VILLAGE, "household")
        if r["volunteer"] == Volunteer.yes
    ]


def test_every_craft_with_five_volunteers_is_one_proposal_with_all_of_them(village) -> None:
    result = sp.proposal_set(village, VILLAGE)
    by_craft = {p.craft.key: p for p in result.proposals}
    placed = [m.household.id for p in result.proposals for m in p.members]
    assert len(placed) == len(set(placed)), "a household proposed twice"
    for craft in CRAFTS:
        assert craft in by_craft, f"no proposal for {craft}"
        members = {m.household.id for m in by_craft[craft].members}
        for home in volunteers(village):
            main, second = craft_of(home.occupation_main), craft_of(home.occupation_secondary)
            if main == craft:
                assert home.id in members, (craft, home.occupation_main)
            elif second == craft and main is None:  # a craft second to a livelihood
                assert home.id in members, (craft, home.occupation_secondary)
    secondary = [m for p in result.proposals for m in p.members if m.role == "secondary"]
    assert any(craft_of(m.text) for m in secondary), "no craft came from a secondary occupation"


def test_no_proposal_mixes_crafts_that_share_only_a_generic_word(village) -> None:
    result = sp.proposal_set(village, VILLAGE)
    for p in result.proposals:
        if p.basis != "occupation":
            continue
        # A related craft too few for its own group joins on purpose, and is said to.
        crafts = {craft_of(m.text) for m in p.members if not m.kin}
        assert len(crafts) == 1, (p.key, [m.text for m in p.members])
        kin = {m.text for m in p.members if m.kin}
        assert all(any(text in r for r in p.reasons) for text in kin), p.reasons
        texts = " ".join(m.text for m in p.members)
        assert not ("ไก่ไข่" in texts and "ไก่พื้นเมือง" in texts)


def test_fish_and_frogs_widen_to_one_fishery_group_only_when_asked(village) -> None:
    """Too few fish farmers and too few frog farmers: no group of either; pooled by type (the
    officer's choice, off by default) one fishery group, never frogs alone."""
    result = sp.proposal_set(village, VILLAGE)
    keys = [p.craft.key for p in result.proposals]
    assert "frogs" not in keys and "fish_farming" not in keys and "type:fishery" not in keys
    short = [x for x in result.left if "กบ" in x.household.occupation_main]
    assert short and all("5" in x.reason or "๕" in x.reason for x in short)
    widened = sp.proposal_set(village, VILLAGE, rules=Rules(by_type=True))
    [p] = [p for p in widened.proposals if p.craft.key == "type:fishery"]
    assert p.basis == "type" and set(p.crafts) == {"fish_farming", "frogs"}
    assert all("ปลา" in m.text or "กบ" in m.text for m in p.members)


def test_the_same_data_gives_the_same_proposals(village, matcher: Matcher) -> None:
    homes = [Household.from_record(r) for r in village.records(VILLAGE, "household")]
    first = propose(VILLAGE, homes, [], matcher)
    random.Random(3).shuffle(homes)
    again = propose(VILLAGE, homes, [], matcher)

    def shape(result):
        return [(p.key, p.score, [m.household.id for m in p.members]) for p in result.proposals]

    assert shape(first) == shape(again)
    assert [x.household.id for x in first.left] == [x.household.id for x in again.left]


@pytest.mark.parametrize(
    ("text", "craft"),
    [
        ("ทอผ้าไหม", "weaving"),
        ("ทอผ้าใหม", "weaving"),  # ใ for ไ
        ("ทอผาฝาย", "weaving"),  # no tone marks
        ("ทอผ้าฝ้ายทอมือ", "weaving"),
        ("ทอผ้าตีนจก (ลายโบราณ)", "weaving"),
        ("สานกระติ๊บข้าว", "basketry"),
        ("สานกระติบข้าว", "basketry"),
        ("จักรสานไม้ไผ่", "basketry"),  # a common misspelling
        ("เลี้ยงไก่ไข่ 50 ตัว", "egg_chickens"),
        ("เลี้ยงไก่ไข่ ๑๐๐ ตัว", "egg_chickens"),  # Thai digits
        ("แปรรูปอาหาร (น้ำพริก)", "chili_paste"),
        ("ทำไม้กวาดดอกหญ้า", "brooms"),
        ("เลี้ยงไก่พื้นเมือง", "native_chickens"),
        ("ทำทองม้วน", "FOO07"),  # ทอ is not inside ทอง
        ("ทำปลาร้า", "FOO14"),  # ปลา is not inside ปลาร้า
    ],
)
def test_matcher_reads_spelling_variants(matcher: Matcher, text: str, craft: str) -> None:
    assert matcher.match(text).craft == matcher.lexicon.canonical(craft)


@pytest.mark.parametrize("text", ["ทำ", "ขาย", "ปลูก เลี้ยง", "", "  ", "50 ตัว"])
def test_generic_words_alone_match_nothing(matcher: Matcher, text: str) -> None:
    assert matcher.match(text).craft is None


def test_not_an_occupation_is_said_so(matcher: Matcher) -> None:
    assert matcher.match("แม่บ้าน").excluded
    wage = matcher.match("รับจ้างทั่วไป")  # a livelihood: proposed only where switched on
    assert wage.craft is not None and matcher.lexicon.crafts[wage.craft].base


def test_texts_outside_the_taxonomy_still_group(workspace: Workspace) -> None:
    texts = ["ทำตะเกียงน้ำมัน", "ทำตะเกียงโบราณ", "ทำตะเกียง (ขายตลาดนัด)", "ทำตะเกียงขาย",
             "ทำตะเกียง"]  # fmt: skip
    workspace.commit([
        Change("household", VILLAGE, {"village_code": VILLAGE, "house_no": str(n),
               "first_name": f"คน{n}", "occupation_main": t, "volunteer": "yes"})
        for n, t in enumerate(texts, 1)
    ])  # fmt: skip
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert len(p.members) == 5 and p.craft.key.startswith("t:")
    assert p.craft.base  # not known to make a product: said in what is missing
    assert any("OTOP" in m for m in p.missing)


def homes_doing(ws: Workspace, village: str, text: str, n: int, start: int = 1, **more) -> None:
    ws.commit([
        Change("household", village, {"village_code": village, "house_no": str(k),
               "first_name": f"สมาชิก{k}", "occupation_main": text, "volunteer": "yes", **more})
        for k in range(start, start + n)
    ])  # fmt: skip


def test_subdistrict_scope_joins_villages_short_alone(workspace: Workspace) -> None:
    homes_doing(workspace, "52120505", "ทอผ้าไหม", 3)
    homes_doing(workspace, "52120506", "ทอผ้าฝ้าย", 3)
    assert sp.proposal_set(workspace, "52120505").proposals == []
    [p] = sp.proposal_set(workspace, "52120505", scope="subdistrict").proposals
    assert {m.household.village_code for m in p.members} == {"52120505", "52120506"}
    assert p.key == "521205:weaving"


def test_not_sure_only_when_asked_and_the_maximum_splits(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "เพาะเห็ดฟาง", 4)
    homes_doing(workspace, VILLAGE, "เพาะเห็ดนางฟ้า", 2, start=10, volunteer="unsure")
    assert sp.proposal_set(workspace, VILLAGE).proposals == []
    [p] = sp.proposal_set(workspace, VILLAGE, rules=Rules(include_unsure=True)).proposals
    assert len(p.members) == 6 and any("not sure" in m or "ไม่แน่ใจ" in m for m in p.missing)
    rules = Rules(min_size=2, max_size=4, include_unsure=True)
    split = sp.proposal_set(workspace, VILLAGE, rules=rules).proposals
    assert sorted(len(p.members) for p in split) == [3, 3]


def test_officer_decisions_shape_the_proposals(village: Workspace) -> None:
    first = {p.craft.key: p for p in sp.proposal_set(village, VILLAGE).proposals}
    brooms = first["brooms"]
    out = brooms.members[0].household
    village.commit([sp.remove_member(village, VILLAGE, brooms.key, out.id, "ย้ายไปอยู่ลำพูน")])
    result = sp.proposal_set(village, VILLAGE)
    now = {p.craft.key: p for p in result.proposals}
    assert out.id not in {m.household.id for m in now["brooms"].members}
    elsewhere = {m.household.id for p in result.proposals for m in p.members}
    why = {x.household.id: x.reason for x in result.left}
    assert out.id in elsewhere or why[out.id].endswith("ย้ายไปอยู่ลำพูน")
    if len(brooms.members) - 1 < 5:
        assert now["brooms"].short_by == 5 - (len(brooms.members) - 1)
        with pytest.raises(sp.ProposalError):
            sp.accept(village, VILLAGE, now["brooms"])
    # Put a household that does something else into the weaving proposal.
    other = now["banana"].members[0].household
    village.commit([sp.add_member(village, VILLAGE, now["weaving"].key, other.id, "ช่วยทอ")])
    now = {p.craft.key: p for p in sp.proposal_set(village, VILLAGE).proposals}
    added = [m for m in now["weaving"].members if m.household.id == other.id]
    assert added and added[0].role == "added" and added[0].added_reason == "ช่วยทอ"
    assert other.id not in {m.household.id for m in now["banana"].members}
    # Reject one: it is gone, with its reason.
    village.commit([sp.reject(village, VILLAGE, now["mushrooms"].key, "ไม่มีโรงเรือน")])
    result = sp.proposal_set(village, VILLAGE)
    assert "mushrooms" not in {p.craft.key for p in result.proposals}
    assert [d.reason for d in result.rejected] == ["ไม่มีโรงเรือน"]
    with pytest.raises(sp.ProposalError):
        sp.reject(village, VILLAGE, now["banana"].key, "  ")


def test_accepting_makes_a_forming_group_and_its_members_leave_the_proposals(village) -> None:
    weaving = next(p for p in sp.proposal_set(village, VILLAGE).proposals
                   if p.craft.key == "weaving")  # fmt: skip
    village.submit_edit(lambda ws: sp.accept(ws, VILLAGE, weaving)).result()
    [group] = village.records(VILLAGE, "group")
    assert group["status"] == "forming" and group["name"]
    members = village.records(VILLAGE, "member")
    assert {m["household_id"] for m in members} == {m.household.id for m in weaving.members}
    assert all(m["group_id"] == group["id"] for m in members)
    again = sp.proposal_set(village, VILLAGE)
    assert "weaving" not in {p.craft.key for p in again.proposals}
    decision = village.record(VILLAGE, "proposal", weaving.key)
    assert decision is not None and decision["group_id"] == group["id"]
    # A weaver who volunteers later is told where to go, not proposed a second group.
    homes_doing(village, VILLAGE, "ทอผ้าไหม", 1, start=900)
    [late] = [x for x in sp.proposal_set(village, VILLAGE).left if x.household.house_no == "900"]
    assert late.reason.startswith("ทอผ้าไหม: ตั้งกลุ่มทอผ้าแล้ว")  # the group is made already


def test_an_occupation_the_officer_adds_is_matched_and_kept_district_wide(workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทำตะเกียงน้ำมันโบราณ", 5)
    before = sp.proposal_set(workspace, VILLAGE).proposals
    workspace.commit([sp.add_occupation(workspace, "ทำตะเกียง", "handicraft",
                                        "craft_decor_souvenir", terms=["ตะเกียงน้ำมัน"])])  # fmt: skip
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert p.craft.name_th == "ทำตะเกียง" and not p.craft.base
    assert [q.craft.key for q in before] != [p.craft.key]
    assert workspace.villages() == [VILLAGE]  # the district's shard is not a village
    with pytest.raises(sp.ProposalError):
        sp.add_occupation(workspace, "x", "astrology")


def test_an_added_occupation_reaches_the_central_store(tmp_path: Path) -> None:
    from sammachip_tui.sync import bundle as sb

    field = district_device(tmp_path, "field", "field")
    central = district_device(tmp_path, "office", "central")
    try:
        field.commit([sp.add_occupation(field, "ทำเทียนพรรษา", "handicraft",
                                        "craft_decor_souvenir")])  # fmt: skip
        homes_doing(field, VILLAGE, "ทำเทียนพรรษา", 5)
        out = sb.build_bundle(field, sb.CENTRAL)
        assert out is not None
        sb.receive_message(central, out.message)
        sb.accept_device(central, field.device.device_id)
        assert [e.name_th for e in sp.extensions(central)] == ["ทำเทียนพรรษา"]
        [p] = sp.proposal_set(central, VILLAGE).proposals
        assert p.craft.name_th == "ทำเทียนพรรษา" and p.craft.occupation_type == "handicraft"
    finally:
        field.close()
        central.close()


def test_a_split_never_makes_a_group_under_the_minimum(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "เพาะเห็ดฟาง", 14)
    result = sp.proposal_set(workspace, VILLAGE, rules=Rules(min_size=9, max_size=12))
    [p] = result.proposals
    assert len(p.members) == 12
    assert len(result.left) == 2
    assert all("เต็ม" in x.reason or "full" in x.reason for x in result.left)


def test_decisions_saved_under_the_old_keys_still_hold(workspace: Workspace) -> None:
    """Before the knowledge base a proposal's key was its taxonomy code (HAN16 for pottery):
    a household taken out under that key stays out, a rejection made today on the proposal
    lands on the old record and holds, and two old keys of one family (LIV04, LIV05: pigs)
    both count."""
    homes_doing(workspace, VILLAGE, "ปั้นหม้อดินเผา", 7)
    out = sorted(r["id"] for r in workspace.records(VILLAGE, "household"))[0]
    workspace.commit([Change("proposal", VILLAGE, {"village_code": VILLAGE, "status": "open",
                      "removed": [{"household_id": out, "reason": "ย้ายบ้าน"}]},
                      record=f"{VILLAGE}:HAN16", create=True)])  # fmt: skip
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert p.key == f"{VILLAGE}:{sp.matcher(workspace).lexicon.canonical('HAN16')}"
    assert out not in {m.household.id for m in p.members} and len(p.members) == 6
    workspace.commit([sp.reject(workspace, VILLAGE, p.key, "ไม่มีดิน")])
    assert sp.proposal_set(workspace, VILLAGE).proposals == []
    assert [r["id"] for r in workspace.records(VILLAGE, "proposal")] == [f"{VILLAGE}:HAN16"]


def test_two_old_keys_of_one_family_both_count(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "เลี้ยงหมูขุน", 7)
    ids = sorted(r["id"] for r in workspace.records(VILLAGE, "household"))
    for code, hid in (("LIV04", ids[0]), ("LIV05", ids[1])):
        workspace.commit([Change("proposal", VILLAGE, {"village_code": VILLAGE, "status": "open",
                          "removed": [{"household_id": hid, "reason": "ไม่สะดวก"}]},
                          record=f"{VILLAGE}:{code}", create=True)])  # fmt: skip
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert {m.household.id for m in p.members} == set(ids[2:])


def test_a_text_naming_two_crafts_counts_for_either(workspace: Workspace) -> None:
    """ทอผ้า จักสาน: basketry first (no other basket maker here), so weaving, where four
    others make five."""
    homes_doing(workspace, VILLAGE, "ทอผ้าไหม", 4)
    homes_doing(workspace, VILLAGE, "ทอผ้า จักสาน", 1, start=11)
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert len(p.members) == 5 and p.craft.key == "weaving"


def test_a_few_of_a_related_craft_join_its_group(workspace: Workspace) -> None:
    """Two ขนมลา makers are too few for a group of their own: they join the village's dessert
    group, as an officer would, and the proposal says so; taken out by the officer, one stays
    out."""
    homes_doing(workspace, VILLAGE, "ทำขนมชั้น", 5)
    homes_doing(workspace, VILLAGE, "ขนมลาทอด", 2, start=11)
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert p.craft.key == "thai_desserts" and len(p.members) == 7
    joined = [m for m in p.members if m.kin]
    assert len(joined) == 2 and any("ขนมลาทอด" in r for r in p.reasons)
    out = joined[0].household
    workspace.commit([sp.remove_member(workspace, VILLAGE, p.key, out.id, "ทำขายเองที่ตลาด")])
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert out.id not in {m.household.id for m in p.members} and len(p.members) == 6


def test_related_crafts_too_few_alone_make_one_group_together(workspace: Workspace) -> None:
    """Three banana and two mango preservers: no fruit preserves group of either, one of
    both; a livelihood (rice) or an unrelated craft never joins it."""
    homes_doing(workspace, VILLAGE, "กล้วยตากพลังแสงอาทิตย์", 3)
    homes_doing(workspace, VILLAGE, "มะม่วงกวน", 2, start=11)
    homes_doing(workspace, VILLAGE, "ทำนาปี", 3, start=21)
    homes_doing(workspace, VILLAGE, "ทอผ้าไหม", 2, start=31)
    result = sp.proposal_set(workspace, VILLAGE)
    [p] = result.proposals
    assert p.craft.key == "fruit_preserves" and len(p.members) == 5
    assert {m.kin for m in p.members} == {"banana", "mango_products"}
    assert len(result.left) == 5


def test_a_lone_craft_goes_to_its_kin_before_the_households_other_work(workspace) -> None:
    """One cloth-bag sewer who also grows vegetables: with five tailors and five vegetable
    growers in the village, the sewing places it (with the tailors), not the vegetables."""
    homes_doing(workspace, VILLAGE, "รับตัดชุดนักเรียน", 5)
    homes_doing(workspace, VILLAGE, "ปลูกผักบุ้งขาย", 5, start=11)
    workspace.commit([Change("household", VILLAGE, {
        "village_code": VILLAGE, "house_no": "99", "first_name": "สมศรี",
        "occupation_main": "ปลูกผักกาด", "occupation_secondary": "เย็บย่ามผ้าขาย",
        "volunteer": "yes"})])  # fmt: skip
    found = {p.craft.key: p for p in sp.proposal_set(workspace, VILLAGE).proposals}
    tailors = {m.household.first_name: m for m in found["tailoring"].members}
    assert "สมศรี" in tailors and tailors["สมศรี"].kin
    assert len(found["vegetables"].members) == 5


def test_related_households_never_split_a_group_nor_take_a_seat(workspace: Workspace) -> None:
    """8 ขนมชั้น makers and 2 ขนมลา makers, at most 9 a group: one group of 9, the ขนมลา maker
    left over told the group is full; at most 8, every ขนมชั้น maker keeps a seat."""
    homes_doing(workspace, VILLAGE, "ทำขนมชั้น", 8)
    homes_doing(workspace, VILLAGE, "ขนมลาทอด", 2, start=21)
    [p] = sp.proposal_set(workspace, VILLAGE, rules=Rules(max_size=9)).proposals
    assert len(p.members) == 9 and sum(1 for m in p.members if m.kin) == 1
    result = sp.proposal_set(workspace, VILLAGE, rules=Rules(max_size=8))
    [p] = result.proposals
    assert len(p.members) == 8 and not any(m.kin for m in p.members)
    assert all("full" in x.reason or "เต็ม" in x.reason for x in result.left)


def test_a_related_craft_goes_to_its_kin_before_another_craft(workspace: Workspace) -> None:
    """ขนมลา first, ข้าวเกรียบ second: with a dessert group and a cracker group in the village,
    the household's main craft places it, with the desserts."""
    homes_doing(workspace, VILLAGE, "ทำขนมชั้น", 5)
    homes_doing(workspace, VILLAGE, "ทำข้าวเกรียบกุ้ง", 5, start=11)
    homes_doing(workspace, VILLAGE, "ขนมลาทอด", 1, start=21,
                occupation_secondary="ทำข้าวเกรียบปลา")  # fmt: skip
    found = {p.craft.key: p for p in sp.proposal_set(workspace, VILLAGE).proposals}
    assert len(found["thai_desserts"].members) == 6 and len(found["khao_kriap"].members) == 5


def test_kin_joins_its_family_never_a_sibling_nor_against_the_officer(workspace) -> None:
    """Two ขนมลา makers and five ข้าวหลาม makers (both desserts' kin): no dessert group, so the
    ขนมลา makers stay out rather than join ข้าวหลาม. With a dessert group they join it; one the
    officer took out is told so, and its reasons count only the real dessert makers."""
    homes_doing(workspace, VILLAGE, "ขนมลาทอด", 2)
    homes_doing(workspace, VILLAGE, "เผาข้าวหลาม", 5, start=11)
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert p.craft.key == "khao_lam" and not any(m.kin for m in p.members)
    homes_doing(workspace, VILLAGE, "ทำขนมชั้น", 5, start=21)
    found = {p.craft.key: p for p in sp.proposal_set(workspace, VILLAGE).proposals}
    desserts = found["thai_desserts"]
    assert len(desserts.members) == 7 and "5" in desserts.reasons[0]
    assert not any("ขนมลา" in r for r in desserts.reasons[1:2])  # the "because" line
    out = next(m for m in desserts.members if m.kin).household
    workspace.commit([sp.remove_member(workspace, VILLAGE, desserts.key, out.id, "ขายเอง")])
    result = sp.proposal_set(workspace, VILLAGE)
    why = {x.household.id: x.reason for x in result.left}
    assert "ขายเอง" in why[out.id]
    assert out.id not in {m.household.id for p in result.proposals for m in p.members}


def test_a_fishing_proposal_decided_before_fishing_became_a_livelihood_stays(workspace) -> None:
    """Small-scale fishing is a livelihood base now; a village whose officer had decided on
    its fishing proposal keeps it proposed, as if switched on."""
    from sammachip_tui.store import lessons as sl

    homes_doing(workspace, VILLAGE, "ประมงพื้นบ้าน", 5)
    assert sp.proposal_set(workspace, VILLAGE).proposals == []
    key = f"{VILLAGE}:inshore_fishing"  # decided, then reopened, before today
    reopened = ProposalDecision(village_code=VILLAGE, status="open").fields()
    workspace.commit([Change("proposal", VILLAGE, reopened, record=key, create=True)])
    assert "inshore_fishing" in sl.livelihoods(workspace, VILLAGE)
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert p.craft.key == "inshore_fishing" and len(p.members) == 5


def test_the_few_of_a_family_pool_with_its_related_crafts(workspace: Workspace) -> None:
    """Two safe-vegetable growers and three vegetable growers (its kin), too few apart: one
    safe vegetables proposal of five, the vegetable growers said to be related."""
    homes_doing(workspace, VILLAGE, "ปลูกผักปลอดสารพิษ", 2)
    homes_doing(workspace, VILLAGE, "ปลูกผักบุ้งขาย", 3, start=11)
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert p.craft.key == "safe_vegetables" and len(p.members) == 5
    assert sum(1 for m in p.members if m.kin == "vegetables") == 3
