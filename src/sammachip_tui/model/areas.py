"""The Thai area list: provinces, districts and subdistricts with DOPA codes.

Packaged from kongvut/thai-province-data (MIT, ``data/thai-areas.LICENSE``). A village code
is CCAATTMM: province, district (อำเภอ), subdistrict (ตำบล), then the หมู่ number; the list
stops at subdistricts, so a village is valid when its first six digits name a subdistrict.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field


class AreaLevel(StrEnum):
    province = "province"
    district = "district"
    subdistrict = "subdistrict"


class Area(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str = Field(pattern=r"^\d{2}(\d{2}(\d{2})?)?$")
    level: AreaLevel
    name_th: str
    name_en: str
    parent_code: str = ""
    zip_code: str = ""

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_th


@dataclass(frozen=True)
class AreaList:
    """All areas, indexed by code and by parent."""

    areas: tuple[Area, ...]

    @cached_property
    def by_code(self) -> dict[str, Area]:
        return {a.code: a for a in self.areas}

    @cached_property
    def _children(self) -> dict[str, list[Area]]:
        children: dict[str, list[Area]] = {}
        for area in self.areas:
            children.setdefault(area.parent_code, []).append(area)
        return children

    def get(self, code: str) -> Area | None:
        return self.by_code.get(code)

    def provinces(self) -> list[Area]:
        return [a for a in self.areas if a.level is AreaLevel.province]

    def children(self, code: str) -> list[Area]:
        return list(self._children.get(code, ()))

    def village_place(self, village_code: str) -> tuple[Area, Area, Area] | None:
        """(province, district, subdistrict) of a village code, or None if it is not one."""
        if not re.fullmatch(r"\d{8}", village_code or ""):
            return None
        sub = self.get(village_code[:6])
        district = self.get(village_code[:4])
        province = self.get(village_code[:2])
        if sub is None or district is None or province is None:
            return None
        return province, district, sub


@lru_cache(maxsize=1)
def load_areas() -> AreaList:
    text = resources.files("sammachip_tui.data").joinpath("thai-areas.csv").read_text("utf-8")
    # The packaged list is trusted and large (8,457 rows): construct without re-validating
    # on every start; tests validate every row once.
    rows = csv.DictReader(text.splitlines())
    return AreaList(
        tuple(
            Area.model_construct(
                code=r["code"],
                level=AreaLevel(r["level"]),
                name_th=r["name_th"],
                name_en=r["name_en"],
                parent_code=r["parent_code"],
                zip_code=r["zip_code"],
            )
            for r in rows
        )
    )
