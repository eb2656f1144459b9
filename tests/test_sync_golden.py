"""Bundles made by earlier versions still read, field for field.

``tests/data/golden`` keeps payloads made by earlier versions of the app, each beside the
operations it holds (``make_golden.py`` there made the first one). Devices in one district
run different versions for months: every later version must decode these bytes to exactly
these operations. Never regenerate a golden file to make this test pass; a later schema adds
golden files of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from sammachip_tui.store.oplog import Op
from sammachip_tui.store.workspace import Workspace
from sammachip_tui.sync import payload

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
BUNDLES = sorted(p.name.removesuffix(".bin") for p in GOLDEN.glob("*.bin"))


def _expected(name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    doc = orjson.loads((GOLDEN / f"{name}.ops.json").read_bytes())
    return doc["header"], doc["ops"]


def typed(value: Any) -> Any:
    """The value with the JSON type of every part spelled out: 0 is not 0.0, 1 not True."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def test_the_golden_bundles_are_there() -> None:
    assert {"bundle-v3-schema1.0", "bundle-v3-schema1.1"} <= set(BUNDLES)


@pytest.mark.parametrize("name", BUNDLES)
def test_a_golden_bundle_decodes_field_for_field(name: str) -> None:
    header, expected = _expected(name)
    doc, ops = payload.decode((GOLDEN / f"{name}.bin").read_bytes())
    assert {k: doc[k] for k in header} == header
    assert len(ops) == len(expected)
    for n, (op, want) in enumerate(zip(ops, expected, strict=True)):
        got = op.to_json()
        where = f"{name} operation {n} ({want['k']} {want['r']})"
        assert {k: v for k, v in got.items() if k != "f"} == {
            k: v for k, v in want.items() if k != "f"
        }, where
        assert sorted(got["f"]) == sorted(want["f"]), f"{where}: other fields"
        for field, value in want["f"].items():
            assert typed(got["f"][field]) == typed(value), f"{where}: field {field}"


@pytest.mark.parametrize("name", BUNDLES)
def test_a_golden_bundle_is_relayed_unchanged(name: str) -> None:
    """Encoded again by this version (a device passing it on), it is the same operations."""
    _header, expected = _expected(name)
    _doc, ops = payload.decode((GOLDEN / f"{name}.bin").read_bytes())
    _doc, again = payload.decode(payload.encode(ops, {}))
    assert [typed(op.to_json()) for op in again] == [typed(op) for op in expected]


@pytest.mark.parametrize("name", BUNDLES)
def test_a_golden_bundle_merges(workspace: Workspace, name: str) -> None:
    _header, expected = _expected(name)
    _doc, ops = payload.decode((GOLDEN / f"{name}.bin").read_bytes())
    applied = workspace.merge(ops)
    assert len(applied) == len(expected)
    kinds = {op["k"] for op in expected}
    for op in map(Op.from_json, expected):
        record = workspace.record(op.village, op.kind, op.record)
        assert record is not None and op.stamp in record["_seen"]
    every = {"village", "household", "forum", "item", "attendance", "group", "member",
             "proposal", "occupation"}  # fmt: skip
    assert kinds >= (every if name.endswith("schema1.0") else {"village", "lesson"})
