"""What another device has not sent yet, on a field device sent only its villages: the
operations the central store left out on purpose (the other villages) are not "changes not
received yet" on its dashboard; a real gap still is."""

from __future__ import annotations

from pathlib import Path

from sammachip_tui.cli_service import set_service
from sammachip_tui.screens.dashboard import DeviceLine, device_text
from sammachip_tui.sync import bundle as sb
from sammachip_tui.sync import inbox
from tests.conftest import district_device
from tests.test_inbox import households

V1, V2 = "52120501", "52120502"


def test_a_field_device_does_not_count_the_other_villages_as_unsent(tmp_path: Path) -> None:
    field = district_device(tmp_path, "field-a", "field")
    office = district_device(tmp_path, "office", "central")
    new = district_device(tmp_path, "field-new", "field")
    try:
        households(field, V1, 2)  # field-a's 1, 2
        households(field, V2, 3)  # 3, 4, 5: a village the new device does not serve
        households(field, V1, 1)  # 6
        out = sb.build_bundle(field, sb.CENTRAL)
        assert out is not None
        sb.receive_message(office, out.message)
        sb.accept_device(office, field.device.device_id)

        peer = set_service(office, new.device.device_id, V1, new=True)
        fill = sb.build_bundle(office, peer)
        assert fill is not None
        sb.receive_message(new, fill.message)
        sb.accept_device(new, office.device.device_id)
        assert len(new.records(V1, "household")) == 3 and new.records(V2, "household") == []

        unsent = inbox.unsent_by_device(new)[field.device.device_id]
        assert (unsent.highest_seen, unsent.missing) == (6, 0)  # 3-5 were left out on purpose
        line = device_text(DeviceLine("field-a", None, unsent))
        assert line == "field-a · ยังไม่ได้รับชุดข้อมูล"  # no bundle from it: no "3 not received"

        households(field, V1, 2)  # 7, 8; only the 8th reaches the new device (relayed)
        [eighth] = [op for op in field.journal_entries() if op.seq == 8]
        new.merge([eighth])
        unsent = inbox.unsent_by_device(new)[field.device.device_id]
        assert (unsent.highest_seen, unsent.missing) == (8, 1)  # the 7th: a real gap
    finally:
        for ws in (field, office, new):
            ws.close()
