"""Decisions saved under the first proposer's keys of unknown occupations keep their effect.

Before the reader, ทำตะเกียง was keyed ``t:ตะเกียง`` (its words that were not generic, sorted);
today it is ``t:make:ตะเกียง``. A decision written then, under the old key, must still apply to
the same households' proposal, and a decision made today must land on that record. Old keys
are written here as the old code wrote them: words folded (น้ำมัน as นำมัน), sorted, joined by
a space."""

from __future__ import annotations

import pytest

from sammachip_tui.grouping.legacy_keys import fits, is_legacy_unknown, key_words
from sammachip_tui.grouping.proposer import Rules
from sammachip_tui.model.records import DecisionStatus
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.workspace import Change, Workspace

from .test_grouping import homes_doing

VILLAGE = "52120505"


def old_decision(ws: Workspace, key: str, **values: object) -> None:
    """A ProposalDecision record as the first proposer's store wrote it: id = the proposal key."""
    fields = {"village_code": VILLAGE, "status": "open", **values}
    ws.commit([Change("proposal", VILLAGE, fields, record=key, create=True)])


def ids_doing(ws: Workspace, text: str) -> list[str]:
    return sorted(r["id"] for r in ws.records(VILLAGE, "household")
                  if r["occupation_main"] == text)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "key", "fit"),
    [
        ("ทำตะเกียง", "t:ตะเกียง", True),
        ("ตะเกียง (ขาย)", "t:ตะเกียง", True),  # brackets, and ขาย was a generic word
        ("ทำตะเกียงน้ำมัน 20 ใบ", "t:ตะเกียง นำมัน", True),
        ("ทำน้ำมัน ตะเกียง", "t:ตะเกียง นำมัน", True),  # the old key sorted its words
        ("ทำตะเกียงน้ำมัน", "t:ตะเกียง", False),  # น้ำมัน was in the key: another proposal
        ("ทำตะเกียง", "t:ตะเกียง นำมัน", False),  # a word of the key not said
        ("ทำพวงมโหตร", "t:ตะเกียง", False),
    ],
)
def test_a_text_fits_the_old_key_the_first_proposer_gave_it(text: str, key: str, fit: bool) -> None:
    assert fits(text, key_words(f"{VILLAGE}:{key}")) is fit


def test_old_keys_are_told_from_todays() -> None:
    assert is_legacy_unknown(f"{VILLAGE}:t:ตะเกียง นำมัน#2")
    assert not is_legacy_unknown(f"{VILLAGE}:t:make:ตะเกียง")
    assert not is_legacy_unknown(f"{VILLAGE}:pottery")


def test_a_decision_under_an_old_unknown_key_still_applies(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทำตะเกียง", 7)
    homes_doing(workspace, VILLAGE, "ทำพวงมโหตร", 5, start=20)
    out = ids_doing(workspace, "ทำตะเกียง")[0]
    old_key = f"{VILLAGE}:t:ตะเกียง"
    old_decision(workspace, old_key, removed=[{"household_id": out, "reason": "ย้ายบ้าน"}])
    result = sp.proposal_set(workspace, VILLAGE)
    lamps = next(p for p in result.proposals if "ตะเกียง" in p.key)
    assert lamps.key != old_key  # today's key names the activity
    assert out not in {m.household.id for m in lamps.members} and len(lamps.members) == 6
    assert lamps.decision is not None and lamps.decision.id == old_key
    assert next(x.reason for x in result.left if x.household.id == out).endswith("ย้ายบ้าน")
    # The unrelated proposal carries no decision.
    [lanterns] = [p for p in result.proposals if "พวงมโหตร" in p.key]
    assert lanterns.decision is None and len(lanterns.members) == 5
    # A decision made today lands on the old record, not on a second one.
    second = ids_doing(workspace, "ทำตะเกียง")[1]
    workspace.commit([sp.remove_member(workspace, VILLAGE, lamps.key, second, "ไม่สะดวก")])
    assert [r["id"] for r in workspace.records(VILLAGE, "proposal")] == [old_key]
    lamps = next(p for p in sp.proposal_set(workspace, VILLAGE).proposals if "ตะเกียง" in p.key)
    assert {out, second}.isdisjoint(m.household.id for m in lamps.members)
    workspace.commit([sp.reject(workspace, VILLAGE, lamps.key, "ไม่มีตลาด")])
    result = sp.proposal_set(workspace, VILLAGE)
    assert [p.key for p in result.proposals] == [lanterns.key]
    assert [(d.id, d.status, d.reason) for d in result.rejected] == [
        (old_key, DecisionStatus.rejected, "ไม่มีตลาด")
    ]
    assert [r["id"] for r in workspace.records(VILLAGE, "proposal")] == [old_key]


def test_an_old_acceptance_keeps_later_volunteers_out_of_a_second_group(workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทำตะเกียงน้ำมัน", 6)
    old_decision(workspace, f"{VILLAGE}:t:ตะเกียง นำมัน", status="accepted", group_id="g-old")
    result = sp.proposal_set(workspace, VILLAGE)
    assert result.proposals == []
    assert all("ตะเกียง" in x.reason for x in result.left) and len(result.left) == 6


def test_an_old_key_no_text_fits_moves_to_no_other_households(workspace: Workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทำตะเกียง", 6)
    old_decision(workspace, f"{VILLAGE}:t:ว่าว", status="rejected", reason="ไม่มีคนสอน")
    old_decision(workspace, f"{VILLAGE}:t:ตะเกียง นำมัน", status="rejected", reason="ไม่มีน้ำมัน")
    result = sp.proposal_set(workspace, VILLAGE)
    [lamps] = result.proposals
    assert lamps.decision is None and len(lamps.members) == 6
    workspace.commit([sp.reject(workspace, VILLAGE, lamps.key, "ไม่มีตลาด")])
    assert lamps.key in {r["id"] for r in workspace.records(VILLAGE, "proposal")}


def test_an_old_unknown_key_of_a_family_known_today_follows_its_households(workspace) -> None:
    """โคมลอย was outside the first lexicon; the knowledge base knows it (lanterns)."""
    homes_doing(workspace, VILLAGE, "ทำโคมลอย", 6)
    out = ids_doing(workspace, "ทำโคมลอย")[0]
    old_decision(workspace, f"{VILLAGE}:t:โคมลอย",
                 removed=[{"household_id": out, "reason": "ย้ายบ้าน"}])  # fmt: skip
    [p] = sp.proposal_set(workspace, VILLAGE).proposals
    assert not p.craft.key.startswith("t:") and len(p.members) == 5
    assert p.decision is not None and p.decision.id == f"{VILLAGE}:t:โคมลอย"


def test_an_old_rejection_holds_for_every_text_that_joins_the_proposal(workspace) -> None:
    """ตะเกียง alone is keyed t:ตะเกียง before the texts that say ทำ take it into t:make:ตะเกียง:
    the rejection holds for it too, not only for the texts read under that key at first."""
    homes_doing(workspace, VILLAGE, "ทำตะเกียง", 4)
    homes_doing(workspace, VILLAGE, "ตะเกียง", 2, start=10)
    old_decision(workspace, f"{VILLAGE}:t:ตะเกียง", status="rejected", reason="ไม่มีตลาด")
    result = sp.proposal_set(workspace, VILLAGE, rules=Rules(min_size=2))
    assert result.proposals == []
    assert len(result.left) == 6 and all("ไม่มีตลาด" in x.reason for x in result.left)
