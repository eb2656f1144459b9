"""The order officers walk a village: by house number (its part before a slash), then name.

Here, without the models, because the demo's start seeds attendance in this order and must
not load the validation library for it; store/register.py sorts its models the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace


def house_sort_key(house_no: str) -> tuple[int, str]:
    head = house_no.split("/")[0]
    return (int(head) if head.isdigit() else 1 << 30, house_no)


def household_ids(ws: Workspace, village: str) -> list[str]:
    """The ids of ``register.households(ws, village)``, in its order, read from the stored
    records without building a model each."""
    found = ws.records(village, "household")
    ordered = sorted(found, key=lambda r: (house_sort_key(r.get("house_no", "")),
                                           r["first_name"]))  # fmt: skip
    return [r["id"] for r in ordered]
