"""The group proposer counts a mentor in the village as a strength: a household recognised
for the proposal's occupation (matched as volunteers' texts are) is named in its
explanation, the way forum backing is; without one, nothing is said."""

from __future__ import annotations

from sammachip_tui.store import mentoring as sm
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

V = "52120505"


def weavers(ws: Workspace) -> None:
    ws.commit([village_change(V)])
    ws.commit([Change("household", V, {"village_code": V, "house_no": str(n),
                                       "first_name": f"ช่างทอ{n}", "occupation_main": "ทอผ้าไหม",
                                       "volunteer": "yes"}) for n in range(1, 6)])  # fmt: skip
    ws.commit([Change("household", V, {"village_code": V, "house_no": "20", "title": "นาง",
                                       "first_name": "บุญมี", "last_name": "ทอเก่ง",
                                       "occupation_main": "ทำนา"})])  # fmt: skip


def test_a_sage_of_the_occupation_is_named_in_the_proposal(workspace: Workspace) -> None:
    weavers(workspace)
    [before] = sp.proposal_set(workspace, V).proposals
    assert not any("ปราชญ์" in r for r in before.reasons)  # absent without one
    workspace.commit_built(lambda w: [sm.add_role(w, V, {
        "household_id": "20", "role": "sage", "occupation": "ทอผ้า"})])  # fmt: skip
    workspace.commit_built(lambda w: [sm.add_role(w, V, {
        "household_id": "20", "role": "model_household", "occupation": "เลี้ยงไก่"})])  # fmt: skip
    [after] = sp.proposal_set(workspace, V).proposals
    assert "ปราชญ์ชุมชน: นางบุญมี ทอเก่ง (ทอผ้า)" in after.reasons
    assert not any("เลี้ยงไก่" in r for r in after.reasons)  # another occupation's role
    assert after.score > before.score
