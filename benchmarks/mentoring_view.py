"""Opening a village's mentoring view (``mentoring_view``) against reading its records raw.

A village of 200 households: 20 recognised households (model households, sages, trainers),
60 pairings, 120 sessions of 2-4 learners, 2 income readings per learner and 30 outcomes.
``mentoring_view`` (what the view, ``mentor list`` and the household block read: roles with
their households, pairings with sessions attended and the income change from each learner's
readings, sessions with who came, outcomes) is timed against reading the same records with
``ws.records`` in the same run; and one household's block (``household_lines``). No goal was
set: the figures are printed to follow.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from group_open import _median_ms
from sammachip_tui.store import mentoring as sm
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.register import village_change
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120501"
HOUSEHOLDS, MENTORS, PAIRS, SESSIONS, OUTCOMES = 200, 20, 60, 120, 30
KINDS = ("model_role", "mentoring", "mentor_session", "mentor_outcome", "income", "household")


def build(path: Path) -> tuple[Workspace, str]:
    ws = Workspace.init(path, name="bench", role="field", district="5212", passphrase=None,
                        district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip
    v = VILLAGE
    ws.commit([village_change(v)])
    homes = [op.record for op in ws.commit([Change("household", v, {
        "village_code": v, "first_name": f"ชื่อ{i}", "last_name": "ทดสอบ",
        "house_no": str(i + 1)}) for i in range(HOUSEHOLDS)])]  # fmt: skip
    mentors, learners = homes[:MENTORS], homes[MENTORS:][:PAIRS]
    ws.commit([Change("model_role", v, {"village_code": v, "household_id": h, "role": "sage",
                                         "occupation": "ทอผ้า"}) for h in mentors])  # fmt: skip
    pairs = ws.commit(
        [
            Change(
                "mentoring",
                v,
                {
                    "village_code": v,
                    "mentor_id": mentors[n % MENTORS],
                    "learner_id": h,
                    "occupation": "ทอผ้า",
                    "started": "2026-06-01",
                },
            )
            for n, h in enumerate(learners)
        ]
    )
    for n, h in enumerate(learners):
        for day, income in ((dt.date(2026, 5, 1), 5000 + n), (dt.date(2026, 10, 1), 5600 + n)):
            ws.commit([Change("income", v, {"village_code": v, "household_id": h,
                                            "date": day.isoformat(), "income_month": income,
                                            "source": "survey"})])  # fmt: skip
    ws.commit([Change("mentor_session", v, {
        "village_code": v, "mentor_id": mentors[n % MENTORS], "date": "2026-07-01",
        "topic": f"หัวข้อ {n}", "learners": learners[n % PAIRS:][:2 + n % 3]})
        for n in range(SESSIONS)])  # fmt: skip
    ws.commit(
        [
            Change(
                "mentor_outcome",
                v,
                {
                    "village_code": v,
                    "mentoring_id": pairs[n].record,
                    "learner_id": learners[n],
                    "date": "2026-10-01",
                    "started_occupation": True,
                },
            )
            for n in range(OUTCOMES)
        ]
    )
    return ws, learners[0]


def measure(repeat: int = 20) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        ws, learner = build(Path(tmp) / "ws")
        try:
            view = sm.mentoring_view(ws, VILLAGE)
            assert len(view.pairs) == PAIRS and len(view.sessions) == SESSIONS

            def raw() -> None:
                for kind in KINDS:
                    list(ws.records(VILLAGE, kind))

            raw_ms = _median_ms(raw, repeat)
            view_ms = _median_ms(lambda: sm.mentoring_view(ws, VILLAGE), repeat)
            block_ms = _median_ms(lambda: sm.household_lines(ws, VILLAGE, learner), repeat)
        finally:
            ws.close()
    return {"raw_ms": raw_ms, "view_ms": view_ms, "block_ms": block_ms}


def report() -> None:
    r = measure()
    print(f"Mentoring view: {HOUSEHOLDS} households, {MENTORS} mentors, {PAIRS} pairings, "
          f"{SESSIONS} sessions, {OUTCOMES} outcomes (median of 20)")  # fmt: skip
    print(f"  reading its records raw (ws.records) {r['raw_ms']:7.2f} ms")
    print(f"  mentoring_view                       {r['view_ms']:7.2f} ms"
          f"   = {r['view_ms'] / r['raw_ms']:.2f}×")  # fmt: skip
    print(f"  one household's block                {r['block_ms']:7.2f} ms"
          f"   = {r['block_ms'] / r['raw_ms']:.2f}×")  # fmt: skip


if __name__ == "__main__":
    report()
