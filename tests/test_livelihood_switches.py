"""Livelihoods switched on for a village merge per livelihood: two officers who switch
different livelihoods on for one village, each offline, both keep what they did after any
sync; two who switch the same one get the later switch, and the other is a conflict to see.

The switches travel through the bundle codec (``payload``) as a QR bundle carries them; the
order of merging is tried both ways. What is asserted is what an officer sees: which
livelihoods are on, which proposals come out, what the conflict list holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import orjson
import pytest

from sammachip_tui.cli import main
from sammachip_tui.i18n import set_language
from sammachip_tui.screens.sync_dialogs import record_label, shown_value
from sammachip_tui.store import lessons as sl
from sammachip_tui.store import proposals as sp
from sammachip_tui.store.hlc import make_stamp
from sammachip_tui.store.op_checks import OpRefusedError, op_problem
from sammachip_tui.store.oplog import Op
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import payload

from .conftest import district_device
from .test_lessons import VILLAGE, groups, homes_doing

RICE, CASSAVA = "rice", "cassava"
RICE_HOMES = {str(k) for k in range(31, 36)}
CASSAVA_HOMES = {str(k) for k in range(41, 46)}


def switch(ws: Workspace, on: Iterable[str] = (), off: Iterable[str] = ()) -> None:
    lexicon = sp.matcher(ws).lexicon
    ws.commit(sl.switch_livelihoods(ws, VILLAGE, lexicon, on, off))


def carried(ws: Workspace) -> list[Op]:
    """Every operation of ``ws``, through the bundle codec (what a QR bundle holds)."""
    _doc, ops = payload.decode(payload.encode(ws.journal_entries(), {}))
    return ops


def on(ws: Workspace) -> set[str]:
    return set(sl.livelihoods(ws, VILLAGE))


@pytest.fixture
def two_devices(tmp_path: Path):
    """Two field devices that share the village (households synced), then go offline."""
    a = district_device(tmp_path, "a", "field")
    b = district_device(tmp_path, "b", "field")
    try:
        homes_doing(a, VILLAGE, "ทำนา", 5, start=31)
        homes_doing(a, VILLAGE, "ปลูกมันสำปะหลัง", 5, start=41)
        b.merge(carried(a))
        assert groups(a) == groups(b) == []  # livelihoods: not proposed by default
        yield a, b
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("a_first", [True, False])
def test_different_livelihoods_switched_on_both_survive_a_sync(two_devices, a_first) -> None:
    a, b = two_devices
    assert sp.matcher(a).match("ปลูกมันสำปะหลัง").craft == CASSAVA
    switch(a, on=[RICE])
    switch(b, on=[CASSAVA])
    a_ops, b_ops = carried(a), carried(b)
    for ws, ops in ((a, b_ops), (b, a_ops)) if a_first else ((b, a_ops), (a, b_ops)):
        ws.merge(ops)
    for ws in (a, b):
        assert on(ws) == {RICE, CASSAVA}
        assert groups(ws) == [RICE_HOMES, CASSAVA_HOMES]
        assert ws.conflicts() == []  # nothing for the officer to sort out


def test_switching_one_off_while_another_is_switched_on_elsewhere(two_devices) -> None:
    a, b = two_devices
    switch(a, on=[RICE, CASSAVA])
    b.merge(carried(a))
    switch(a, off=[RICE])
    switch(b, off=[CASSAVA])
    a_ops, b_ops = carried(a), carried(b)
    a.merge(b_ops)
    b.merge(a_ops)
    assert on(a) == on(b) == set()
    assert a.conflicts() == b.conflicts() == []


@pytest.mark.parametrize("a_first", [True, False])
def test_the_same_livelihood_switched_both_ways_the_later_wins_and_shows(two_devices, a_first):
    a, b = two_devices
    switch(a, on=[RICE])
    switch(b, on=[RICE])
    switch(b, off=[RICE])  # B's officer changed their mind, later than A's switch
    later = max(op.stamp for op in b.journal_entries())
    a_ops, b_ops = carried(a), carried(b)
    for ws, ops in ((a, b_ops), (b, a_ops)) if a_first else ((b, a_ops), (a, b_ops)):
        ws.merge(ops)
    for ws in (a, b):
        assert on(ws) == set()
        [conflict] = ws.conflicts()
        assert (conflict.kind, conflict.record, conflict.shown) == ("livelihood", RICE,
                                                                    (later, False))  # fmt: skip
        assert list(conflict.others.values()) == [True]
    # The conflicts screen names the livelihood and the village, and says on or off in words.
    set_language("en")
    rice_name = sl.family_name(RICE, sp.matcher(a).lexicon)
    assert record_label(a, conflict) == f"livelihood {rice_name}, village {VILLAGE}"
    assert [shown_value(conflict, v) for v in (True, False)] == [
        "proposed here",
        "not proposed here",
    ]
    # Keeping A's switch (the conflict screen's Enter) settles it on both devices.
    a.commit([Change(conflict.kind, VILLAGE, {conflict.field: True}, record=RICE, resolve=True)])
    b.merge(carried(a))
    assert on(a) == on(b) == {RICE}
    assert a.conflicts() == b.conflicts() == []


def test_a_sync_bundle_carries_the_switches(tmp_path: Path) -> None:
    from sammachip_tui.sync import bundle as sb

    field = district_device(tmp_path, "field", "field")
    central = district_device(tmp_path, "office", "central")
    try:
        homes_doing(field, VILLAGE, "ทำนา", 5, start=31)
        switch(field, on=[RICE, CASSAVA])
        switch(field, off=[CASSAVA])
        out = sb.build_bundle(field, sb.CENTRAL)
        assert out is not None
        sb.receive_message(central, out.message)
        sb.accept_device(central, field.device.device_id)
        assert on(central) == {RICE}
        assert groups(central) == [RICE_HOMES]
    finally:
        field.close()
        central.close()


# ---------------------------------------------------------------- the list of before
def old_list(ws: Workspace, keys: list[str]) -> None:
    """The village record's ``livelihoods`` list, as the first version of issue 12 wrote it
    (and as bundles of schema 1.1 carry it)."""
    ws.commit([Change("village", VILLAGE, {"village_code": VILLAGE, "livelihoods": keys},
                      record=VILLAGE, create=True)])  # fmt: skip


def test_the_list_of_before_still_switches_on_and_a_switch_overrides_it(workspace) -> None:
    homes_doing(workspace, VILLAGE, "ทำนา", 5, start=31)
    homes_doing(workspace, VILLAGE, "ปลูกมันสำปะหลัง", 5, start=41)
    old_list(workspace, [RICE])
    assert on(workspace) == {RICE}
    assert groups(workspace) == [RICE_HOMES]
    switch(workspace, on=[CASSAVA])
    assert on(workspace) == {RICE, CASSAVA}
    switch(workspace, off=[RICE])
    assert on(workspace) == {CASSAVA}
    assert groups(workspace) == [CASSAVA_HOMES]
    switch(workspace, on=[RICE])
    assert on(workspace) == {RICE, CASSAVA}


def test_a_bundle_of_schema_1_1_still_shows_its_livelihoods_on(workspace) -> None:
    golden = Path(__file__).resolve().parent / "data" / "golden" / "bundle-v3-schema1.1.bin"
    _doc, ops = payload.decode(golden.read_bytes())
    # Without the operation that empties the list again (another device's, at the same time).
    workspace.merge([op for op in ops if op.values.get("livelihoods") != []])
    [village] = {op.village for op in ops if op.kind == "village"}
    assert on_in(workspace, village) == {"rice", "orchard"}
    homes_doing(workspace, village, "ทำนา", 5, start=31)
    assert groups(workspace, village) == [RICE_HOMES]
    workspace.merge(ops)  # the other device's empty list is the later: nothing is on
    assert on_in(workspace, village) == set()


def on_in(ws: Workspace, village: str) -> set[str]:
    return set(sl.livelihoods(ws, village))


# ------------------------------------------------------------------ hostile operations
STAMP = make_stamp(1_790_000_000_000, 0, "AAAAAAAA")


def livelihood_op(record: str, values: dict, village: str = VILLAGE) -> Op:
    return Op("AAAAAAAA", 1, STAMP, "livelihood", record, village, values)


GOOD = {"village_code": VILLAGE, "on": True}


@pytest.mark.parametrize(
    ("record", "values", "village", "says"),
    [
        (RICE, {**GOOD, "on": "yes"}, VILLAGE, "field on"),
        (RICE, {**GOOD, "on": 1}, VILLAGE, "field on"),
        (RICE, {**GOOD, "on": None}, VILLAGE, "field on"),
        ("rice farming", GOOD, VILLAGE, "not a livelihood key"),
        ("../rice", GOOD, VILLAGE, "not a livelihood key"),
        ("", GOOD, VILLAGE, "not a"),
        (RICE, {**GOOD, "village_code": "52120000"}, "52120000", "not a village"),
        (RICE, {**GOOD, "village_code": "52120506"}, VILLAGE, "filed under"),
    ],
)  # fmt: skip
def test_a_malformed_switch_from_another_device_is_refused(
    workspace, record: str, values: dict, village: str, says: str
) -> None:
    set_language("en")
    assert op_problem(livelihood_op(RICE, GOOD)) is None
    op = livelihood_op(record, values, village)
    problem = op_problem(op)
    assert problem is not None and says in problem
    journal = (workspace.data_dir / "journal.jsonl").read_bytes()
    with pytest.raises(OpRefusedError):
        workspace.merge([op])
    assert (workspace.data_dir / "journal.jsonl").read_bytes() == journal
    assert on(workspace) == set()


# ---------------------------------------------------------------------- the command line
def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "--lang", "en", *args])


def cli_on(data_dir: Path, capsys, *args: str) -> set[str]:
    capsys.readouterr()
    assert run(data_dir, "occupations", "livelihoods", "--village", VILLAGE, *args,
               "--json") == 0  # fmt: skip
    return {r["key"] for r in orjson.loads(capsys.readouterr().out) if r["on"]}


def test_the_command_line_switches_one_livelihood_at_a_time(data_dir: Path, capsys) -> None:
    with Workspace.open(data_dir) as ws:
        homes_doing(ws, VILLAGE, "ทำนา", 5, start=31)
        old_list(ws, [RICE])
    assert cli_on(data_dir, capsys) == {RICE}
    both = {RICE, CASSAVA, "orchard"}
    assert cli_on(data_dir, capsys, "--on", CASSAVA, "--on", "orchard") == both
    assert cli_on(data_dir, capsys, "--off", RICE) == {CASSAVA, "orchard"}


def test_two_devices_switch_from_the_command_line_and_sync_by_bundle_files(
    data_dir: Path, tmp_path: Path, capsys
) -> None:
    """Officers on a field laptop and at the office, each by the command line, switch
    different livelihoods on for one village; bundle files both ways; both see both on."""
    field, office = data_dir, tmp_path / "office"
    assert run(office, "init", "--device-name", "office", "--role", "central", "--district",
               "5212", "--passphrase-file", str(tmp_path / "pass.txt")) == 0  # fmt: skip
    with Workspace.open(field) as ws:
        homes_doing(ws, VILLAGE, "ทำนา", 5, start=31)

    def send(source: Path, to: str, target: Path, name: str) -> None:
        bundle = tmp_path / name
        assert run(source, "sync", "send", "--to", to, "--out", str(bundle)) == 0
        assert run(target, "sync", "receive", str(bundle)) == 0

    def accept(target: Path, source: Path) -> None:
        capsys.readouterr()
        assert run(source, "devices", "list") == 0
        fingerprint = capsys.readouterr().out.split("fingerprint ")[1].splitlines()[0]
        assert run(target, "devices", "accept", fingerprint) == 0

    send(field, "central", office, "first.smb")
    accept(office, field)
    assert cli_on(office, capsys) == set()
    assert cli_on(field, capsys, "--on", RICE) == {RICE}
    assert cli_on(office, capsys, "--on", CASSAVA) == {CASSAVA}
    send(field, "central", office, "second.smb")
    assert cli_on(office, capsys) == {RICE, CASSAVA}
    send(office, "laptop-1", field, "back.smb")
    accept(field, office)
    assert cli_on(field, capsys) == {RICE, CASSAVA}
    for folder in (field, office):
        with Workspace.open(folder) as ws:
            assert ws.conflicts() == []


def test_the_golden_bundle_of_schema_1_2_switches_livelihoods_one_by_one(workspace) -> None:
    """The bytes a device of 1.2 sent (tests/data/golden/make_golden_1_2.py): two devices'
    switches of different livelihoods all count; rubber, switched both ways at once, is on
    (the later) and its off waits in the conflict list; orchard, on in the old list, is off."""
    golden = Path(__file__).resolve().parent / "data" / "golden" / "bundle-v3-schema1.2.bin"
    doc, ops = payload.decode(golden.read_bytes())
    assert doc["sv"] == [1, 2]
    workspace.merge(ops)
    assert on(workspace) == {RICE, CASSAVA, "rubber"}
    [conflict] = workspace.conflicts()
    versions = list(conflict.others.values())
    assert (conflict.kind, conflict.record, versions) == ("livelihood", "rubber", [False])
