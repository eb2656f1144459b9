"""Only the device a bundle was made for gives its acknowledgement code (sync/bundle.py).

The defect: field device B, given A's bundle for the central store at the forum, showed a
code; A's officer typed it and A never sent its data to the office. A relay still merges
(and passes A's operations on in its own bundle), but says in words that the bundle was for
someone else, and gives no code. Real workspaces, the ``sammachip`` command, real files.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from textual.widgets import Static

from sammachip_tui.app import SammachipApp
from sammachip_tui.i18n import set_language
from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.workspace import Change, Workspace
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import payload
from sammachip_tui.sync.bundle import Outgoing, Received
from sammachip_tui.sync.folder import received_line
from tests.conftest import district_device, until
from tests.district_field_helpers import Home, after, ok, write_household_csv
from tests.test_receive_screen import open_receive

A1 = "52120101"
HOMES = [Home(A1, "1", "บุญมา", "ทำนา", 12000, 9000, True, True),
         Home(A1, "2", "แสงเดือน", "ทอผ้า", 5000, 6000, True, False)]  # fmt: skip
CODE = "Acknowledgement code for the sender: "
FOR_CENTRAL = "This bundle was made for the district's central store, not for this device"


@dataclass(frozen=True)
class Dev:
    path: Path
    id: str
    fp: str


def make(root: Path, name: str, role: str) -> Dev:
    ws = district_device(root, name, role)
    try:
        return Dev(ws.data_dir, ws.device.device_id, ws.device.fingerprint)
    finally:
        ws.close()


def households_on(dev: Dev) -> list[str]:
    with Workspace.open(dev.path, flush_delay=60) as ws:
        return sorted(r["house_no"] for r in ws.records(A1, "household"))


def test_a_relay_merges_without_a_code_and_the_office_still_acknowledges(
    tmp_path: Path,
) -> None:
    a, b = make(tmp_path, "field-a", "field"), make(tmp_path, "field-b", "field")
    office = make(tmp_path, "office", "central")
    listing = tmp_path / "list.csv"
    write_household_csv(listing, HOMES, "1/6/2569")
    ok(a.path, "households", "import", str(listing))
    a_bundle = tmp_path / "a.smb"
    ok(a.path, "sync", "send", "--to", "central", "--out", str(a_bundle))

    # B at the forum: A's bundle merges, with words instead of a code.
    assert "Held" in ok(b.path, "sync", "receive", str(a_bundle))
    relayed = ok(b.path, "devices", "accept", a.fp)
    assert "Merged from" in relayed and FOR_CENTRAL in relayed, relayed
    assert "the sender must still send it to the central store" in relayed
    assert CODE not in relayed
    old_code = sb.ack_code(DEMO_DISTRICT_KEY, zlib.crc32(a_bundle.read_bytes()))
    assert old_code not in relayed
    assert households_on(b) == ["1", "2"]
    again = ok(b.path, "sync", "receive", str(a_bundle))  # the same file again: still none
    assert "Already received" in again and FOR_CENTRAL in again and CODE not in again
    taken = [e for e in orjson.loads(ok(b.path, "sync", "inbox", "--json"))
             if e["direction"] == "in"]  # fmt: skip
    assert [(e["outcome"], e["made_for"], e["ack"]) for e in taken] == [
        ("already", "central", ""),
        ("merged", "central", ""),
        ("held", "", ""),
    ]  # newest first

    # A still owes the office its households: nothing was marked delivered.
    assert "Nothing to send" not in ok(a.path, "sync", "send", "--to", "central", "--out",
                                       str(tmp_path / "a-again.smb"))  # fmt: skip

    # B's own bundle to the office carries A's households; the office's code acknowledges B.
    b_bundle = tmp_path / "b.smb"
    ok(b.path, "sync", "send", "--to", "central", "--out", str(b_bundle))
    ok(office.path, "sync", "receive", str(b_bundle))
    b_code = after(ok(office.path, "devices", "accept", b.fp), CODE, 8)
    assert "Delivered: central" in ok(b.path, "sync", "ack", b_code)
    assert households_on(office) == ["1", "2"]

    # A's own bundle reaching the office: its code marks A's households delivered.
    ok(office.path, "sync", "receive", str(a_bundle))
    a_code = after(ok(office.path, "devices", "accept", a.fp), CODE, 8)
    assert a_code == old_code  # the code itself is what every version computes
    assert "Delivered: central" in ok(a.path, "sync", "ack", a_code)
    assert "Nothing to send" in ok(a.path, "sync", "send", "--to", "central", "--out",
                                   str(tmp_path / "a-done.smb"))  # fmt: skip


def test_a_bundle_for_one_device_gives_its_code_there_only(tmp_path: Path) -> None:
    """Made for device B: B gives the code; device C, given the same file, names B."""
    a = district_device(tmp_path, "field-a", "field")
    b = district_device(tmp_path, "field-b", "field")
    c = district_device(tmp_path, "field-c", "field")
    try:
        seed(a)
        out = sb.build_bundle(a, b.device.device_id)
        assert out is not None
        for ws in (b, c):
            sb.receive_message(ws, out.message)
            sb.accept_device(ws, a.device.device_id)
        on_b = sb.receive_message(b, out.message)
        on_c = sb.receive_message(c, out.message)
        assert on_b.made_for == "" and on_b.ack == sb.ack_code(DEMO_DISTRICT_KEY, out.checksum)
        assert on_c.made_for == b.device.device_id and on_c.ack == on_c.ack_frame == ""
        said = sb.made_for_text(on_c.made_for, {b.device.device_id: "field-b"})
        assert f"field-b ({b.device.device_id})" in said
        assert c.record(A1, "village", A1)["name"] == "บ้านดอนไชย"  # merged all the same
        assert sb.acknowledge(a, on_b.ack) == b.device.device_id
    finally:
        for ws in (a, b, c):
            ws.close()


def seed(ws: Workspace) -> None:
    ws.commit(
        [Change("village", A1, {"village_code": A1, "name": "บ้านดอนไชย"}, record=A1, create=True)]
    )


Met = tuple[Workspace, Workspace, Outgoing, Received]


@contextmanager
def central_bundle_on_b(
    tmp_path: Path,
) -> Iterator[tuple[Workspace, Workspace, Outgoing, Received]]:
    """Field A's bundle for the central store, received on field B, which accepted A (what
    merged then), both open."""
    a = district_device(tmp_path, "field-a", "field")
    b = district_device(tmp_path, "field-b", "field")
    try:
        seed(a)
        out = sb.build_bundle(a, sb.CENTRAL)
        assert out is not None
        sb.receive_message(b, out.message)
        yield a, b, out, sb.accept_device(b, a.device.device_id).results[0]
    finally:
        a.close()
        b.close()


def test_a_bundle_that_does_not_say_whom_it_is_for_is_acknowledged_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older sender's payload has no ``to``: any receiver gives the code, which acks."""
    encode = payload.encode
    monkeypatch.setattr(payload, "encode", lambda *a, **k: encode(*a, **{**k, "addressee": ""}))
    with central_bundle_on_b(tmp_path) as (a, _b, out, got):
        assert got.made_for == "" and got.ack == sb.ack_code(DEMO_DISTRICT_KEY, out.checksum)
        assert sb.acknowledge(a, got.ack) == sb.CENTRAL


def test_an_older_reader_still_reads_the_header_and_ignores_the_addressee(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``to`` comes after the keys an older reader reads, and its decode ignores it."""
    data = payload.encode([], {"n": "field-a", "r": "field"}, addressee="central")
    assert payload.read_header(data)["to"] == "central"
    monkeypatch.setattr(payload, "_HEADER_KEYS", ("z", "n", "r", "v", "sv"))
    header = payload.read_header(data)
    assert (header["n"], header["r"], header["v"]) == ("field-a", "field", payload.VERSION)
    assert "to" not in header


def test_the_folder_line_of_a_relayed_bundle_has_no_code() -> None:
    got = sb.Received("ABCD2345", "field-a", sb.Status.accepted, "fp", made_for=sb.CENTRAL)
    got.new["household"] = 2
    set_language("en")
    line = received_line(got)
    assert "no code: made for the central store, the sender must still send it there" in line
    set_language("th")
    assert "central store" not in received_line(got)  # and said in Thai


async def test_the_receive_screen_shows_the_words_and_no_code(tmp_path: Path) -> None:
    with central_bundle_on_b(tmp_path) as (_a, b, out, _got):
        bundle_file = tmp_path / "a.smb"
        bundle_file.write_bytes(out.message)
        words = sb.made_for_text(sb.CENTRAL)  # in Thai, as the app starts
        assert "central store" not in words
        app = SammachipApp(data_dir=b.data_dir, workspace=b)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_receive(pilot)
            screen.query_one("#file").value = str(bundle_file)  # type: ignore[attr-defined]
            screen.query_one("#file").focus()
            await pilot.press("enter")
            shown = screen.query_one("#ack-code", Static)
            await until(pilot, lambda: words in str(shown.render()), "the words shown")
            assert sb.ack_code(DEMO_DISTRICT_KEY, out.checksum) not in str(shown.render())
            assert str(screen.query_one("#ack-qr", Static).render()).strip() == ""
