"""Which villages a field device serves (issue 16, "back to the field"): a record per device.

The central store decides what each field device is sent: its villages and the district-wide
records, not the whole district (sync/service.py). The decision is a record of its own, named
by the device's id, in the district's shard, so that it syncs like any record: the field
device shows what it serves, and a second central store (a replaced office computer) knows it
too. A device without one, or whose record is deleted ("every village"), gets everything, as
before schema 1.5.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, field_validator

from sammachip_tui.i18n import N_
from sammachip_tui.model.areas import is_village_code
from sammachip_tui.model.labels import register_labels
from sammachip_tui.model.records import Record, register_models

MAX_SERVED = 500  # villages of one district: a district has a few hundred at most


class DeviceService(Record):
    """The villages one device serves; its id is the device's id."""

    KIND: ClassVar[str] = "service"

    villages: list[str] = Field(default_factory=list, max_length=MAX_SERVED)
    deleted: bool = False

    @field_validator("villages")
    @classmethod
    def _village_codes(cls, value: list[str]) -> list[str]:
        if not all(isinstance(v, str) and is_village_code(v) for v in value):
            raise ValueError(N_("not a village code"))
        return sorted(set(value))


SERVICE_FIELD_LABELS = {"villages": N_("villages served")}

register_models((DeviceService,))
register_labels(SERVICE_FIELD_LABELS)
