"""The Thai area list: provinces, districts and subdistricts with DOPA codes.

Packaged from kongvut/thai-province-data (MIT, ``data/thai-areas.LICENSE``). A village code
is CCAATTMM: province, district (อำเภอ), subdistrict (ตำบล), then the หมู่ number; the list
stops at subdistricts, so a village is valid when its first six digits name a subdistrict.
"""

from __future__ import annotations

import csv
import re
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


class AreaList:
    """All areas, indexed by code and by parent.

    Start-up matters on a Pi, and most runs need three lookups (a village's province,
    district and subdistrict), not 8,457 objects: rows stay text until asked for.
    """

    def __init__(self, text: str) -> None:
        lines = text.splitlines()[1:]
        self._rows: dict[str, str] = {line.split(",", 1)[0]: line for line in lines if line}
        self._cache: dict[str, Area] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, code: str) -> Area | None:
        area = self._cache.get(code)
        if area is None:
            line = self._rows.get(code)
            if line is None:
                return None
            r = next(csv.reader([line])) if '"' in line else line.split(",")
            area = Area.model_construct(
                code=r[0], level=AreaLevel(r[1]), name_th=r[2], name_en=r[3],
                parent_code=r[4], zip_code=r[5],
            )  # fmt: skip
            self._cache[code] = area
        return area

    @property
    def areas(self) -> list[Area]:
        return [a for a in map(self.get, self._rows) if a is not None]

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for code, line in self._rows.items():
            parent = line.split(",")[4]
            children.setdefault(parent, []).append(code)
        return children

    def provinces(self) -> list[Area]:
        return self.children("")

    def children(self, code: str) -> list[Area]:
        return [a for a in map(self.get, self._children.get(code, ())) if a is not None]

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
    """The packaged list (trusted; tests validate every row once)."""
    return AreaList(
        resources.files("sammachip_tui.data").joinpath("thai-areas.csv").read_text("utf-8")
    )
