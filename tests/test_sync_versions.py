"""Devices on different versions: what a newer minor adds travels through an older device
unchanged; a newer major is refused with a reason, and nothing changes.

A "newer version" here is this app with a longer field table (``NEWER``: a household field
``newfield`` and a kind ``plan``, schema 1.1) or a greater major (``MAJOR_2``); "today's"
version is ``schema.CURRENT``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from textual.widgets import Input

from sammachip_tui.i18n import set_language
from sammachip_tui.model.records import Household, Village
from sammachip_tui.store.device import DEMO_DISTRICT_KEY, load_device
from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.ids import record_id
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.register import households
from sammachip_tui.store.workspace import CHECKPOINT_FILE, VILLAGES_DIR, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import payload
from sammachip_tui.sync.devices import DeviceRegistry, Status
from sammachip_tui.sync.envelope import BundleError, load_signing_key, open_sealed, seal
from sammachip_tui.sync.schema import CURRENT, SCHEMA_MINOR, TABLE, Field, Schema

from .conftest import until
from .test_sync_golden import typed
from .test_sync_payload import ops as op_batches

VILLAGE = "52120505"
N = SCHEMA_MINOR + 1  # the next minor: what a newer device adds
NEWER = Schema(1, N, {
    **TABLE,
    "household": (*TABLE["household"], Field("newfield", "", since=N)),
    "plan": (Field("id", since=N), Field("village_code", since=N), Field("title", since=N),
             Field("budget", 0, since=N), Field("deleted", False, since=N)),
})  # fmt: skip
BASE = {k: b for k, v in TABLE.items() if (b := tuple(f for f in v if not f.since))}
MAJOR_2 = Schema(2, 0, BASE)


def device(path: Path, name: str, role: str = "field", key: bytes = DEMO_DISTRICT_KEY):
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=key, flush_delay=60)  # fmt: skip


def trust(ws: Workspace, other: Workspace) -> None:
    registry = DeviceRegistry(ws.data_dir)
    registry.meet(other.device.device_id, bytes.fromhex(other.device.public_key),
                  other.device.name, "field")  # fmt: skip
    registry.set_status(other.device.device_id, Status.accepted)


def sealed(sender: Workspace, ops: list[Op], schema: Schema) -> bytes:
    """A bundle of ``ops`` as a device of ``schema`` seals it."""
    data = payload.encode(ops, {"n": sender.device.name, "r": "field"}, schema)
    return seal(data, sender.device, load_signing_key(sender.data_dir), with_key=True)


def newer_ops(origin: str) -> list[Op]:
    """What a device of schema 1.1 made: whole households with the new field (one holding
    its default), a record of the new kind, and edits of both."""
    stamps = [make_stamp(1_790_000_000_000 + 1000 * n, n % 2, origin) for n in range(8)]
    rid = [record_id(origin, n) for n in range(8)]
    home = {**Household(village_code=VILLAGE, first_name="มาลี", phone="0812345678").fields(),
            "newfield": "ใหม่"}  # fmt: skip
    plain = {**Household(village_code=VILLAGE, first_name="บุญมา").fields(), "newfield": ""}
    plan = {"village_code": VILLAGE, "title": "แผนพัฒนาหมู่บ้าน", "budget": 0, "deleted": False}
    village = Village(village_code=VILLAGE).fields()
    return [
        Op(origin, 1, stamps[1], "village", VILLAGE, VILLAGE, village),
        Op(origin, 2, stamps[2], "household", rid[2], VILLAGE, home),
        Op(origin, 3, stamps[3], "household", rid[3], VILLAGE, plain),
        Op(origin, 4, stamps[4], "plan", rid[4], VILLAGE, plan),
        Op(origin, 5, stamps[5], "household", rid[2], VILLAGE, {"newfield": "แก้แล้ว"},
           {"newfield": [stamps[2]]}),
        Op(origin, 6, stamps[6], "plan", rid[4], VILLAGE, {"budget": 25000.0},
           {"budget": [stamps[4]]}),
        Op(origin, 7, stamps[7], "household", rid[3], VILLAGE, {"members": 2, "newfield": ""},
           {"members": [stamps[3]]}),
    ]  # fmt: skip


def same_ops(got: list[Op], want: list[Op]) -> None:
    assert [typed(op.to_json()) for op in got] == [typed(op.to_json()) for op in want]


def test_what_a_newer_minor_adds_passes_through_an_older_device_unchanged(
    tmp_path: Path,
) -> None:
    newer, today, third = (device(tmp_path, n) for n in ("newer", "today", "third"))
    try:
        trust(today, newer)
        trust(third, today)
        ops = newer_ops(newer.device.device_id)
        got = sb.receive_message(today, sealed(newer, ops, NEWER))
        assert (got.new["household"], got.new["plan"], got.updated["plan"]) == (2, 1, 1)
        # Stored as received; the screens' reading of a household ignores the new field.
        stored = today.record(VILLAGE, "household", ops[1].record)
        assert stored is not None and stored["newfield"] == "แก้แล้ว"
        assert {h.first_name for h in households(today, VILLAGE)} == {"มาลี", "บุญมา"}
        plan = today.record(VILLAGE, "plan", ops[3].record)
        assert plan is not None and (plan["title"], plan["budget"]) == ("แผนพัฒนาหมู่บ้าน", 25000.0)
        before = {k: today.records(VILLAGE, k) for k in ("household", "plan", "village")}
        today.close()
        # Reopened: the shard file has the new kind's table; then rebuilt from the journal.
        for replay in (False, True):
            if replay:
                (today.data_dir / VILLAGES_DIR / f"{VILLAGE}.json").unlink()
                (today.data_dir / CHECKPOINT_FILE).unlink()
            today = Workspace.open(today.data_dir, flush_delay=60)
            assert today.report.replayed == (len(ops) if replay else 0)
            assert {k: today.records(VILLAGE, k) for k in before} == before
            # Passed on to a third device: the very operations the newer one made.
            out = sb.build_bundle(today, third.device.device_id)
            assert out is not None and out.by_kind["plan"] == 2
            key = bytes.fromhex(today.device.public_key)
            opened = open_sealed(out.message, DEMO_DISTRICT_KEY, lambda _s, key=key: key)
            for schema in (NEWER, CURRENT):
                same_ops(payload.decode(opened.payload, schema)[1], ops)
            today.close()
        got = sb.receive_message(third, out.message)
        assert got.new["plan"] == 1
        assert third.record(VILLAGE, "plan", ops[3].record) == plan
    finally:
        for ws in (newer, today, third):
            ws.close()


def test_a_newer_device_adds_nothing_to_what_an_older_one_sent() -> None:
    """Whole households from today's version: a 1.1 device refills the 1.0 defaults that
    were left out, and not its own new field."""
    ops = [op for op in newer_ops("AAAAAAAA") if "newfield" not in op.values]
    old = [Op(o.origin, o.seq, o.stamp, o.kind, o.record, o.village,
              {k: v for k, v in o.values.items() if k != "newfield"}, o.replaces)
           for o in newer_ops("AAAAAAAA")[1:3]]  # fmt: skip
    data = payload.encode([*ops, *old], {})
    assert payload.decode(data)[0].get("sv", [1, 0]) == [1, SCHEMA_MINOR]  # 1.0 says nothing
    same_ops(payload.decode(data, NEWER)[1], [*ops, *old])
    assert payload.decode(payload.encode(ops, {}, NEWER))[0]["sv"] == [1, N]


@settings(max_examples=150, deadline=None)
@given(op_batches())
def test_any_operations_survive_a_round_through_another_version(batch: list[Op]) -> None:
    for first, second in ((NEWER, CURRENT), (CURRENT, NEWER)):
        _doc, there = payload.decode(payload.encode(batch, {}, first), second)
        _doc, back = payload.decode(payload.encode(there, {}, second), first)
        same_ops(there, batch)
        same_ops(back, batch)


def _state(ws: Workspace) -> dict[str, bytes | list[str] | None]:
    files = ("journal.jsonl", "sync.json", "devices.json", CHECKPOINT_FILE)
    out: dict[str, bytes | list[str] | None] = {
        name: (ws.data_dir / name).read_bytes() if (ws.data_dir / name).exists() else None
        for name in files
    }
    pending = ws.data_dir / "pending"
    out["pending"] = sorted(p.name for p in pending.rglob("*")) if pending.exists() else []
    return out


def test_a_newer_major_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    newer, today = device(tmp_path, "newer"), device(tmp_path, "today")
    stranger = device(tmp_path, "stranger")
    try:
        trust(today, newer)
        ops = newer_ops(newer.device.device_id)
        sb.receive_message(today, sealed(newer, ops[:3], CURRENT))  # some state to keep
        today.flush()
        before = _state(today)
        assert before["sync.json"] is not None and before["journal.jsonl"]
        for sender in (newer, stranger):  # accepted, or met for the first time
            message = sealed(sender, ops, MAJOR_2)
            with pytest.raises(BundleError) as info:
                sb.receive_message(today, message)
            assert "2.0" in info.value.message and CURRENT.version in info.value.message
            assert "ใหม่กว่า" in info.value.message and "อัปเดต" in info.value.message
            set_language("en")
            with pytest.raises(BundleError, match=r"newer version of sammachip.*Update"):
                sb.receive_message(today, message)
            set_language("th")
        today.flush()
        assert _state(today) == before
        assert today.records(VILLAGE, "plan") == []
    finally:
        for ws in (newer, today, stranger):
            ws.close()


def _rewritten(data: bytes, **changes: Any) -> bytes:
    """The payload with header keys changed (``None`` removes one)."""
    import brotli
    import orjson

    size, start = payload._read_leb128(data, 1)
    doc = orjson.loads(payload.from_thai_bytes(brotli.decompress(data[start : start + size])))
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    body = brotli.compress(payload.to_thai_bytes(orjson.dumps(doc)))
    return bytes([data[0]]) + payload._leb128(len(body)) + body + data[start + size :]


def test_the_schema_version_is_read_before_anything_else() -> None:
    data = payload.encode(newer_ops("AAAAAAAA"), {}, NEWER)
    # A newer major that also changed the layout (v) or the columns: still "update".
    for changes in ({"sv": [2, 0], "v": 4}, {"sv": [3, 7], "c": "?"}):
        with pytest.raises(payload.NewerSchemaError) as info:
            payload.decode(_rewritten(data, **changes))
        assert info.value.version == f"{changes['sv'][0]}.{changes['sv'][1]}"
        assert info.value.ours == CURRENT.version
    for bad in ("1.1", [1], [0, 9], [1, -1], [True, 0], [1, 0, 0]):
        with pytest.raises(payload.PayloadError) as caught:
            payload.decode(_rewritten(data, sv=bad))
        assert not isinstance(caught.value, payload.NewerSchemaError)
    # A newer minor of our major, or none (1.0), reads.
    for sv in ([1, 9], None):
        same_ops(payload.decode(_rewritten(data, sv=sv))[1], newer_ops("AAAAAAAA"))


def test_the_command_line_refuses_a_newer_major(data_dir: Path, tmp_path: Path, capsys) -> None:
    from sammachip_tui.cli import main

    key = bytes.fromhex(load_device(data_dir).district_key)  # type: ignore[union-attr]
    newer = device(tmp_path, "newer", key=key)
    try:
        bundle = tmp_path / "from-newer.smb"
        bundle.write_bytes(sealed(newer, newer_ops(newer.device.device_id), MAJOR_2))
    finally:
        newer.close()
    journal = (data_dir / "journal.jsonl").read_bytes()
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "--lang", "en", "sync", "receive", str(bundle)]) == 1
    err = capsys.readouterr().err
    assert "from-newer.smb: This bundle was made by a newer version of sammachip" in err
    assert "2.0" in err and "Update sammachip" in err
    assert (data_dir / "journal.jsonl").read_bytes() == journal
    assert not (data_dir / "sync.json").exists()


async def test_the_receive_screen_says_to_update(tmp_path: Path) -> None:
    from sammachip_tui.app import SammachipApp

    newer, today = device(tmp_path, "newer"), device(tmp_path, "today")
    try:
        folder = tmp_path / "stick"
        folder.mkdir()
        (folder / "bundle.smb").write_bytes(sealed(newer, newer_ops(newer.device.device_id),
                                                   MAJOR_2))  # fmt: skip
        app = SammachipApp(data_dir=today.data_dir, workspace=today)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("r")
            await pilot.pause()
            screen = app.screen
            field = screen.query_one("#file", Input)
            field.value = str(folder)
            field.focus()
            await pilot.press("enter")
            await until(pilot, lambda: "2.0" in screen.status, "the refusal")  # type: ignore[attr-defined]
            status = screen.status  # type: ignore[attr-defined]
            assert "sammachip รุ่นที่ใหม่กว่า" in status and "อัปเดต" in status, status
        assert today.journal_entries() == []
    finally:
        newer.close()
        today.close()


def test_stored_unknown_fields_are_kept_by_a_local_edit(workspace: Workspace) -> None:
    """An officer on the older device edits a household that carries a newer field: the
    edit touches only what it changes, and the new field stays."""
    from sammachip_tui.store.register import household_edit

    ops = newer_ops("AAAAAAAA")
    workspace.merge(ops)
    change = household_edit(workspace, VILLAGE, ops[1].record, "first_name", "มาลัย")
    assert change is not None and set(change.values) == {"first_name"}
    workspace.commit([change])
    stored = workspace.record(VILLAGE, "household", ops[1].record)
    assert stored is not None and stored["newfield"] == "แก้แล้ว"
    assert Household.from_record(stored).first_name == "มาลัย"


def test_a_number_not_known_travels_as_a_number() -> None:
    """A blank household size, income or expense is "not known" (None) here, but schema 1.0
    made them numbers: they are journaled and sent as -1, so a device of an earlier version
    reads a number (and shows -1) instead of failing on a null; this version reads None."""
    from sammachip_tui.model.records import UNKNOWN
    from sammachip_tui.store.register import new_household

    change = new_household("52120505", {"first_name": "บุญเรือน"})
    for name in ("members", "income_month", "expense_month"):
        assert change.values[name] == UNKNOWN and not isinstance(change.values[name], bool)
    op = Op("AAAAAAAA", 1, make_stamp(1_790_000_000_000, 0, "AAAAAAAA"), "household",
            "AAAAAAAA.1", "52120505", change.values)  # fmt: skip
    _doc, [back] = payload.decode(payload.encode([op], {}))
    assert back.to_json() == op.to_json()
    home = Household.from_record({"id": op.record, **back.values})
    assert (home.members, home.income_month, home.expense_month) == (None, None, None)
    assert home.sammachip is None
    known = Household.from_record({"id": op.record, **back.values, "income_month": 0.0})
    assert known.income_month == 0.0  # a real 0 stays 0
