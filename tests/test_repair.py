"""``sammachip repair``: every intact entry kept, the rest rebuilt from the village files and
re-issued so that it syncs, the originals kept, a report of what came back."""

from __future__ import annotations

from pathlib import Path

import pytest

from sammachip_tui.cli import main
from sammachip_tui.store.damage import Damage, JournalDamagedError
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.oplog import conflicts_of
from sammachip_tui.store.register import village_change
from sammachip_tui.store.repair import repair
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb

VILLAGE = "52120505"


def _device(path: Path, name: str, role: str = "field") -> Workspace:
    return Workspace.init(path / name, name=name, role=role, district="5212", passphrase=None,
                          district_key=DEMO_DISTRICT_KEY, flush_delay=60)  # fmt: skip


def _people(ws: Workspace) -> dict[str, tuple[str, object]]:
    return {
        h["id"]: (h["first_name"], h.get("income_month")) for h in ws.records(VILLAGE, "household")
    }


@pytest.fixture
def field_device(tmp_path: Path) -> tuple[Path, dict[str, tuple[str, object]]]:
    """20 households, some edited twice; everything flushed to the village files."""
    ws = _device(tmp_path, "fa")
    ws.commit([village_change(VILLAGE)])
    for i in range(20):
        values = {"village_code": VILLAGE, "first_name": f"คนที่{i:02}"}
        [op] = ws.commit([Change("household", VILLAGE, values)])
        if i % 3 == 0:
            ws.commit([Change("household", VILLAGE, {"income_month": 1000.0 + i}, op.record)])
    people = _people(ws)
    ws.close()
    return ws.data_dir, people


def _damage_flip(data_dir: Path) -> None:
    journal = data_dir / "journal.jsonl"
    data = bytearray(journal.read_bytes())
    data[len(data) // 2] ^= 0x04
    journal.write_bytes(bytes(data))


def _damage_cut(data_dir: Path) -> None:
    journal = data_dir / "journal.jsonl"
    data = journal.read_bytes()
    journal.write_bytes(data[: len(data) // 2])


def _damage_delete(data_dir: Path) -> None:
    (data_dir / "journal.jsonl").unlink()


def _damage_delete_both(data_dir: Path) -> None:
    (data_dir / "journal.jsonl").unlink()
    (data_dir / "checkpoint.json").unlink()


DAMAGE = {"flip": _damage_flip, "cut": _damage_cut, "delete": _damage_delete,
          "delete-with-checkpoint": _damage_delete_both}  # fmt: skip


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_repair_brings_every_household_back_and_they_sync(
    tmp_path: Path, field_device: tuple[Path, dict[str, tuple[str, object]]], damage: str
) -> None:
    data_dir, people = field_device
    original = (data_dir / "journal.jsonl").read_bytes()
    DAMAGE[damage](data_dir)
    damaged = (data_dir / "journal.jsonl").read_bytes() if damage in ("flip", "cut") else None
    with pytest.raises(JournalDamagedError):
        Workspace.open(data_dir)
    report = repair(data_dir)
    assert report.changed and report.households == 20
    if damaged is not None:  # the damaged journal is kept as it was
        assert (report.copy / "journal.jsonl").read_bytes() == damaged
    with Workspace.open(data_dir) as ws:
        assert _people(ws) == people
        # Brought-back values are in the journal again: a central store that never got them
        # receives them all.
        central = _device(tmp_path, "office", "central")
        out = sb.build_bundle(ws, sb.CENTRAL)
        assert out is not None
        sb.receive_message(central, out.message)
        sb.accept_device(central, ws.device.device_id)
        assert _people(central) == people
        central.close()
        # New edits get sequence numbers above every one handed out before.
        [op] = ws.commit([Change("household", VILLAGE, {"skills": "จักสาน"}, next(iter(people)))])
        mine = [o for o in Workspace_ops(original) if o.origin == op.origin]
        if damage == "delete-with-checkpoint":  # only the record ids say how far it went
            mine = [o for o in mine if o.kind == "household" and "first_name" in o.values]
        assert op.seq > max(o.seq for o in mine)


def Workspace_ops(journal: bytes):
    from sammachip_tui.store.journal import decode_line
    from sammachip_tui.store.oplog import Op

    for line in journal.splitlines():
        data = decode_line(line)
        if data and "batch" not in data:
            yield Op.from_json(data)


def test_a_peer_that_had_the_lost_edits_sees_no_conflict(
    tmp_path: Path, field_device: tuple[Path, dict[str, tuple[str, object]]]
) -> None:
    data_dir, people = field_device
    central = _device(tmp_path, "office", "central")
    with Workspace.open(data_dir) as ws:
        out = sb.build_bundle(ws, sb.CENTRAL)
        assert out is not None
        sb.receive_message(central, out.message)
        sb.accept_device(central, ws.device.device_id)
        sb.acknowledge(ws, sb.ack_code(bytes.fromhex(ws.device.district_key), out.checksum))
    _damage_cut(data_dir)
    repair(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.commit([Change("household", VILLAGE, {"skills": "ทอผ้า"}, next(iter(people)))])
        out = sb.build_bundle(ws, sb.CENTRAL)
        assert out is not None  # the re-issued values and the new edit, above the acked seq
        sb.receive_message(central, out.message)
    assert _people(central) == people
    assert central.conflicts() == []
    assert all(not conflicts_of(h) for h in central.records(VILLAGE, "household"))
    central.close()


def test_repair_of_a_sound_directory_changes_nothing(
    field_device: tuple[Path, dict[str, tuple[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, people = field_device
    journal = (data_dir / "journal.jsonl").read_bytes()
    assert main(["--lang", "en", "--data-dir", str(data_dir), "repair"]) == 0
    out = capsys.readouterr().out
    assert "Nothing needed repair" in out and "Households now: 20" in out
    assert (data_dir / "journal.jsonl").read_bytes() == journal
    with Workspace.open(data_dir) as ws:
        assert _people(ws) == people


def test_the_cli_says_what_it_found_and_what_came_back(
    field_device: tuple[Path, dict[str, tuple[str, object]]], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, _people_before = field_device
    _damage_flip(data_dir)
    assert main(["--lang", "en", "--data-dir", str(data_dir), "households", "list",
                 "--village", VILLAGE]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "damaged" in err and "sammachip repair" in err and "Traceback" not in err
    assert main(["--lang", "en", "--data-dir", str(data_dir), "repair"]) == 0
    out = capsys.readouterr().out
    assert "Repaired." in out and "1 damaged line(s) set aside" in out
    assert main(["--lang", "th", "--data-dir", str(data_dir), "households", "list",
                 "--village", VILLAGE]) == 0  # fmt: skip


def test_a_damaged_village_file_and_journal_keep_what_either_holds(
    field_device: tuple[Path, dict[str, tuple[str, object]]],
) -> None:
    data_dir, people = field_device
    _damage_flip(data_dir)
    shard = data_dir / "villages" / f"{VILLAGE}.json"
    shard.write_bytes(shard.read_bytes()[:100])
    report = repair(data_dir)
    assert report.unreadable_shards == [VILLAGE]
    with Workspace.open(data_dir) as ws:
        # Only the damaged line's edit is gone: nobody holds it any more.
        assert len(set(people.items()) - set(_people(ws).items())) <= 1
    assert (report.copy / "villages" / f"{VILLAGE}.json").stat().st_size == 100


def test_a_repair_killed_midway_is_finished_by_the_next(
    field_device: tuple[Path, dict[str, tuple[str, object]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the village files were dropped, before the values came back: nothing
    opens the directory in between, and the next repair works from the same originals."""
    from sammachip_tui.store import repair as repair_module

    data_dir, people = field_device
    _damage_delete(data_dir)

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(repair_module, "_reissue", killed)
    with pytest.raises(KeyboardInterrupt):
        repair(data_dir)
    monkeypatch.undo()
    with pytest.raises(JournalDamagedError) as found:
        Workspace.open(data_dir)
    assert found.value.finding.damage is Damage.unfinished_repair
    report = repair(data_dir)
    assert report.households == 20
    with Workspace.open(data_dir) as ws:
        assert _people(ws) == people
    assert len(list(data_dir.glob("repair-*"))) == 1  # one copy of the originals


def test_salvage_keeps_saved_batches_and_drops_the_unfinished_one(tmp_path: Path) -> None:
    """A batch with a damaged line was saved whole (its intact lines are kept, even when a
    lost newline made two lines one); the batch at the end that never finished was never
    saved (its lines are not salvaged into half an import)."""
    from sammachip_tui.store.journal import encode_line
    from sammachip_tui.store.oplog import Op
    from sammachip_tui.store.repair import _salvage

    def op(n: int) -> bytes:
        stamp = f"{1_700_000_000_000 + n:011x}0000ABCDEFGH"
        values = {"village_code": VILLAGE, "first_name": f"n{n}"}
        made = Op("ABCDEFGH", n, stamp, "household", f"ABCDEFGH.{n}", VILLAGE, values)
        return encode_line(made.to_json())

    damaged = bytearray(op(3))
    damaged[20] ^= 1
    lost_newline = op(6)[:-1] + b"#" + op(7)  # a flipped newline: two lines become one
    journal = (
        op(1)
        + encode_line({"batch": 3}) + op(2) + bytes(damaged) + op(4)  # saved, one line hurt
        + encode_line({"batch": 3}) + op(5) + lost_newline  # saved, two lines became one
        + encode_line({"batch": 2}) + op(8) + op(9)
        + encode_line({"batch": 4}) + op(10) + op(11)  # never finished: cut by the end
    )  # fmt: skip
    path = tmp_path / "journal.jsonl"
    path.write_bytes(journal)
    ops, bad, unfinished = _salvage(path, None)
    assert [o.seq for o in ops] == [1, 2, 4, 5, 8, 9] and (bad, unfinished) == (2, 2)
    # The last line torn inside a batch that has all its lines: never finished either.
    path.write_bytes(op(1) + encode_line({"batch": 2}) + op(2) + op(3)[:-30])
    ops, bad, unfinished = _salvage(path, None)
    assert [o.seq for o in ops] == [1] and (bad, unfinished) == (0, 2)
