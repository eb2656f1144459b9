"""The bundle payload comes back exactly as it went, however the operations look."""

from __future__ import annotations

import random

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.ids import record_id
from sammachip_tui.store.oplog import Op
from sammachip_tui.sync import digit_columns, payload
from sammachip_tui.sync.schema import CURRENT

DEVICES = ["AAAAAAAA", "BBBBBBBB", "K7Q2M9XA"]
VILLAGES = ["52120505", "52120507"]
TEXT = st.text(alphabet=st.sampled_from("กขคน้ำพริกเก็บabc 1é…👍\\\"'\n"), max_size=12)
NATIONAL_IDS = st.sampled_from(["1101700230708", "3115401828741", "", "1101700230709",
                                "๑๑๐๑๗๐๐๒๓๐๗๐๘"])  # fmt: skip
DIGIT_STRINGS = st.one_of(
    st.sampled_from(["085-728-8440", "0812345678", "", "02 123 4567", "+66 81 234 5678", "205/2"]),
    st.text(alphabet="0123456789-/ ", max_size=14),
)
VALUE = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), st.floats(0, 1e6),
                  TEXT, st.lists(TEXT, max_size=3), NATIONAL_IDS, DIGIT_STRINGS)  # fmt: skip


@st.composite
def ops(draw) -> list[Op]:
    """Operations as devices of any 1.x version make them: fields and a kind (``plan``)
    that this version's table does not have among them."""
    out = []
    seqs = dict.fromkeys(DEVICES, 0)
    ms = draw(st.integers(1_700_000_000_000, 1_800_000_000_000))
    for _ in range(draw(st.integers(0, 25))):
        origin = draw(st.sampled_from(DEVICES))
        seqs[origin] += draw(st.integers(1, 3))
        ms += draw(st.integers(0, 2))
        stamp_device = draw(st.sampled_from([origin, origin, "ZZZZZZZZ"]))
        stamp = make_stamp(ms, draw(st.integers(0, 20)), stamp_device)
        kind = draw(st.sampled_from(["household", "item", "village", "attendance", "plan"]))
        village = draw(st.sampled_from(VILLAGES))
        if draw(st.booleans()) and kind == "household":
            values = {**CURRENT.base_defaults("household"), "first_name": draw(TEXT),
                      "village_code": village}  # fmt: skip
            names = [*values, "newfield"]  # a newer version's field too
            values.update(draw(st.dictionaries(st.sampled_from(names), VALUE, max_size=3)))
        else:
            values = draw(st.dictionaries(st.sampled_from(
                ["village_code", "text", "votes", "name", "present", "position", "national_id",
                 "phone", "newfield", "budget"]),
                VALUE, max_size=4))  # fmt: skip
        record = draw(st.sampled_from([record_id(origin, seqs[origin]), "52120505",
                                       "AAAAAAAA.3~BBBBBBBB.7"]))  # fmt: skip
        stamps = st.lists(st.just(stamp), max_size=2)
        replaces = draw(st.dictionaries(st.sampled_from(["text", "votes", "newfield"]), stamps,
                                        max_size=2))  # fmt: skip
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


@settings(max_examples=200, deadline=None)
@given(st.lists(DIGIT_STRINGS, min_size=2, max_size=60))
def test_digit_columns_round_trip(column: list[str]) -> None:
    if not digit_columns.is_digit_column(column):
        return
    spec, blob = digit_columns.pack(column)
    assert digit_columns.unpack(orjson.loads(orjson.dumps(spec)), blob) == column


def test_phone_numbers_cost_their_digits_not_their_text() -> None:
    """200 mobile numbers: 8 digits each after the shared 08, 3.32 bits a digit."""
    rng = random.Random(7)
    column = [f"08{rng.randrange(10)}-{rng.randrange(1000):03d}-{rng.randrange(10000):04d}"
              for _ in range(200)]  # fmt: skip
    spec, blob = digit_columns.pack(column)
    assert spec["p"] == "08" and spec["d"] == "###-###-####"
    assert len(blob) == digit_columns.blob_size(1600) == 416 + 250  # groups of 1000 and 600 digits
    assert digit_columns.worth_packing(orjson.dumps(column), orjson.dumps(spec), blob)
    long = ["".join(str(n * 37 % 10) for n in range(k, k + 13)) for k in range(200)]  # 2600 digits
    spec, blob = digit_columns.pack(long)
    assert digit_columns.unpack(spec, blob) == long


def test_a_damaged_digit_column_is_refused() -> None:
    ops = [
        Op("AAAAAAAA", n, make_stamp(1_790_000_000_000 + n, 0, "AAAAAAAA"), "household",
           record_id("AAAAAAAA", n), "52120505", {"phone": f"08{n * 7919 % 10**8:08d}"})
        for n in range(1, 60)
    ]  # fmt: skip
    data = payload.encode(ops, {})
    assert [op.to_json() for op in payload.decode(data)[1]] == [op.to_json() for op in ops]
    for broken in (data[:-1], data + b"\x00", data[:-1] + bytes([data[-1] ^ 0xFF])):
        try:
            _doc, back = payload.decode(broken)
        except payload.PayloadError:
            continue
        # A flipped low byte can still be digits: then it must not pass for the original.
        assert [op.to_json() for op in back] != [op.to_json() for op in ops]
