"""The villages each device serves, as records: reading them, and the change that sets them.

Set at the central store (the devices screen's serve dialog, ``sammachip devices serve``),
kept as a ``DeviceService`` record in the district's shard (model/service_records.py), read
by the bundle builder (sync/service.py) and shown on the device itself. The functions here
check what the officer asked for and return the ``Change`` to commit; a request that cannot
be done raises ``ServiceError`` with a message ready to show, and nothing is written.
Which device may be named is the registry's business (sync/service.py checks it first).
"""

from __future__ import annotations

from collections.abc import Iterable

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _
from sammachip_tui.model.records import district_shard
from sammachip_tui.model.service_records import DeviceService
from sammachip_tui.model.thai import to_arabic_digits
from sammachip_tui.store.workspace import Change, Workspace


class ServiceError(UserError):
    pass


def district_villages(ws: Workspace) -> list[str]:
    """The villages this store holds records of: those a device can be given."""
    return ws.villages()


def served(ws: Workspace, device_id: str) -> tuple[str, ...] | None:
    """The villages ``device_id`` serves, sorted; None when no record limits it (it is sent
    every village, as before villages were recorded)."""
    record = ws.record(district_shard(ws.device.district), "service", device_id)
    if record is None or record.get("deleted"):
        return None
    villages = record.get("villages")
    if not isinstance(villages, list):
        return None
    return tuple(sorted(v for v in villages if isinstance(v, str)))


def services(ws: Workspace) -> dict[str, tuple[str, ...]]:
    """Every device with villages recorded, by device id."""
    shard = district_shard(ws.device.district)
    out = {}
    for record in ws.records(shard, "service"):
        found = served(ws, record["id"])
        if found is not None:
            out[record["id"]] = found
    return out


def parse_villages(text: str) -> list[str]:
    """Village codes as typed: separated by commas or spaces, Thai digits allowed."""
    return [c for c in to_arabic_digits(text).replace(",", " ").split() if c]


def serve_change(
    ws: Workspace,
    device_id: str,
    villages: Iterable[str] | None = None,
    *,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    every: bool = False,
) -> Change | None:
    """The change that makes ``device_id`` serve ``villages`` (replacing what it served), or
    its villages plus ``add`` minus ``remove``; ``every``: no limit (every village). None
    when nothing changes. Raises ServiceError for a village this store does not hold, or for
    a device left serving none (that would send it nothing but the district's records)."""
    known = set(district_villages(ws))
    asked = [*(villages or ()), *add, *remove]
    unknown = sorted({v for v in asked if v not in known})
    if unknown:
        raise ServiceError(
            _("No village {codes} in this store. Its villages: {known}. Nothing was changed."
              ).format(codes=", ".join(unknown), known=", ".join(sorted(known)) or "-")
        )  # fmt: skip
    shard = district_shard(ws.device.district)
    current = served(ws, device_id)
    exists = ws.record(shard, "service", device_id) is not None
    if every:
        if current is None:
            return None
        return Change("service", shard, {"deleted": True}, record=device_id)
    # Adding to a device that had no limit starts from nothing: "serve this one too" of a
    # device sent everything means the villages named, not every village but some.
    chosen = set(villages) if villages is not None else set(current or ())
    chosen = (chosen | set(add)) - set(remove)
    if not chosen:
        raise ServiceError(
            _("A device must serve at least one village (or every village: --all). "
              "Nothing was changed.")
        )  # fmt: skip
    record = DeviceService(id=device_id, village_code=shard, villages=sorted(chosen))
    values = record.fields()
    if current is not None and tuple(record.villages) == current:
        return None
    if not exists:
        return Change("service", shard, values, record=device_id, create=True)
    return Change("service", shard, {"villages": values["villages"], "deleted": False},
                  record=device_id)  # fmt: skip


def villages_text(ws: Workspace, codes: Iterable[str]) -> str:
    """Village codes as the officer reads them: the code and หมู่ N with the village name."""
    from sammachip_tui.store.village_counts import village_label

    shown = []
    for code in codes:
        record = ws.record(code, "village", code) or {}
        shown.append(f"{code} {village_label(code, str(record.get('name', '')))}")
    return ", ".join(shown)


def service_text(ws: Workspace, device_id: str) -> str:
    """What ``device_id`` is sent, in a sentence."""
    found = served(ws, device_id)
    if found is None:
        return _("every village (no villages set for it)")
    return villages_text(ws, found)
