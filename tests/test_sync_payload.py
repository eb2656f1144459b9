"""The bundle payload comes back exactly as it went, however the operations look."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.ids import record_id
from sammachip_tui.store.oplog import Op
from sammachip_tui.sync import payload
from sammachip_tui.sync.payload import model_defaults

DEVICES = ["AAAAAAAA", "BBBBBBBB", "K7Q2M9XA"]
VILLAGES = ["52120505", "52120507"]
TEXT = st.text(alphabet=st.sampled_from("กขคน้ำพริกเก็บabc 1é…👍\\\"'\n"), max_size=12)
NATIONAL_IDS = st.sampled_from(["1101700230708", "3115401828741", "", "1101700230709",
                                "๑๑๐๑๗๐๐๒๓๐๗๐๘"])  # fmt: skip
VALUE = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), st.floats(0, 1e6),
                  TEXT, st.lists(TEXT, max_size=3), NATIONAL_IDS)  # fmt: skip


@st.composite
def ops(draw) -> list[Op]:
    out = []
    seqs = dict.fromkeys(DEVICES, 0)
    ms = draw(st.integers(1_700_000_000_000, 1_800_000_000_000))
    for _ in range(draw(st.integers(0, 25))):
        origin = draw(st.sampled_from(DEVICES))
        seqs[origin] += draw(st.integers(1, 3))
        ms += draw(st.integers(0, 2))
        stamp_device = draw(st.sampled_from([origin, origin, "ZZZZZZZZ"]))
        stamp = make_stamp(ms, draw(st.integers(0, 20)), stamp_device)
        kind = draw(st.sampled_from(["household", "item", "village", "attendance"]))
        village = draw(st.sampled_from(VILLAGES))
        if draw(st.booleans()) and kind == "household":
            values = {**model_defaults("household"), "first_name": draw(TEXT),
                      "village_code": village}  # fmt: skip
            values.update(draw(st.dictionaries(st.sampled_from(list(values)), VALUE, max_size=3)))
        else:
            values = draw(st.dictionaries(st.sampled_from(
                ["village_code", "text", "votes", "name", "present", "position", "national_id"]),
                VALUE, max_size=4))  # fmt: skip
        record = draw(st.sampled_from([record_id(origin, seqs[origin]), "52120505",
                                       "AAAAAAAA.3~BBBBBBBB.7"]))  # fmt: skip
        stamps = st.lists(st.just(stamp), max_size=2)
        replaces = draw(st.dictionaries(st.sampled_from(["text", "votes"]), stamps, max_size=2))
        out.append(Op(origin, seqs[origin], stamp, kind, record, village, values, replaces))
    return out


@settings(max_examples=300, deadline=None)
@given(ops())
def test_payload_round_trip_is_exact(batch: list[Op]) -> None:
    doc, back = payload.decode(payload.encode(batch, {"n": "ผู้ส่ง", "to": "central"}))
    assert doc["n"] == "ผู้ส่ง"
    assert [op.to_json() for op in back] == [op.to_json() for op in batch]
    for a, b in zip(back, batch, strict=True):  # same types too: 0 is not 0.0
        assert {k: type(v) for k, v in a.values.items()} == {
            k: type(v) for k, v in b.values.items()
        }
