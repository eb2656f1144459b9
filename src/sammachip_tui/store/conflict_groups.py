"""The conflicts of a whole district, grouped by village.

A central store merges the bundles of every field device of the district, so its conflicts
(fields two devices edited without seeing each other's edit) come from many villages. The
officer settles them village by village, often with that village's facilitator on the phone:
so the conflicts screen and ``sammachip conflicts`` list them under one heading per village,
its name and subdistrict with the count, in the order of the village codes. Records of the
district itself (occupation lessons, settings) come last, under their own heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sammachip_tui.i18n import _, current_language, ngettext
from sammachip_tui.model.areas import is_village_code, load_areas
from sammachip_tui.model.household_fields import stored_value_text
from sammachip_tui.store.village_counts import village_label
from sammachip_tui.store.workspace import Conflict, Workspace


@dataclass(frozen=True)
class Version:
    stamp: str
    value: Any
    shown: bool


def shown_value(conflict: Conflict, value: Any) -> str:
    """A version's value as the officer reads it (a household's in the form's words)."""
    if conflict.kind == "household":
        return stored_value_text(conflict.field, value)
    if conflict.kind == "livelihood" and isinstance(value, bool):
        return _("proposed here") if value else _("not proposed here")
    return str(value)


def record_label(ws: Workspace, conflict: Conflict) -> str:
    """What the officer recognises: a household's name, an item's text, a village."""
    record = ws.record(conflict.village, conflict.kind, conflict.record) or {}
    if conflict.kind == "household":
        name = (
            f"{record.get('title', '')}{record.get('first_name', '')} {record.get('last_name', '')}"
        )
        return f"{name.strip()} ({_('house no.')} {record.get('house_no', '')})"
    if conflict.kind == "item":
        return str(record.get("text", conflict.record))
    if conflict.kind == "village":
        from sammachip_tui.store.register import village_label

        return village_label(conflict.village, str(record.get("name", "")))
    if conflict.kind == "livelihood":  # one livelihood switched on or off for a village
        from sammachip_tui.store.lessons import family_name
        from sammachip_tui.store.proposals import matcher

        name = family_name(conflict.record, matcher(ws).lexicon)
        return _("livelihood {name}, village {code}").format(name=name, code=conflict.village)
    return f"{conflict.kind} {conflict.record}"


def versions(conflict: Conflict) -> list[Version]:
    """The value shown and the others, newest first."""
    found = [Version(conflict.shown[0], conflict.shown[1], True)] + [
        Version(stamp, value, False) for stamp, value in conflict.others.items()
    ]
    return sorted(found, key=lambda v: v.stamp, reverse=True)


@dataclass(frozen=True)
class VillageConflicts:
    village: str  # the village code (or the district shard's)
    label: str  # หมู่ 5 บ้านดอน
    subdistrict: str  # ต.เวียงตาล's name in the current language; "" when not known
    conflicts: tuple[Conflict, ...]

    @property
    def count_text(self) -> str:
        return ngettext("{n} field in conflict", "{n} fields in conflict",
                        len(self.conflicts)).format(n=len(self.conflicts))  # fmt: skip

    @property
    def heading(self) -> str:
        """One line: the village, its subdistrict, how many fields are in conflict."""
        where = f"{self.label} · {self.subdistrict}" if self.subdistrict else self.label
        return _("{where} ({code}): {n} in conflict").format(
            where=where, code=self.village, n=len(self.conflicts)
        )


def by_village(
    ws: Workspace, conflicts: list[Conflict] | None = None, village: str | None = None
) -> list[VillageConflicts]:
    """``ws.conflicts()`` (or ``conflicts``) grouped by village, villages by code, the
    district's own records last; only ``village`` when given."""
    found = ws.conflicts() if conflicts is None else conflicts
    groups: dict[str, list[Conflict]] = {}
    for conflict in found:
        if village is None or conflict.village == village:
            groups.setdefault(conflict.village, []).append(conflict)
    areas = load_areas()
    language = current_language()
    out = []
    for code in sorted(groups, key=lambda c: (not is_village_code(c), c)):
        if is_village_code(code):
            record = ws.record(code, "village", code) or {}
            label = village_label(code, str(record.get("name", "")))
            area = areas.get(code[:6])
            subdistrict = (_("T. {subdistrict}").format(subdistrict=area.name(language))
                           if area is not None else "")  # fmt: skip
        else:
            label, subdistrict = _("District-wide records"), ""
        out.append(VillageConflicts(code, label, subdistrict, tuple(groups[code])))
    return out
