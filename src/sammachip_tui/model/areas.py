"""The Thai area list: provinces, districts and subdistricts with DOPA codes.

Packaged from kongvut/thai-province-data (MIT, ``data/thai-areas.LICENSE``). A village code
is CCAATTMM: province, district (อำเภอ), subdistrict (ตำบล), then the หมู่ number; the list
stops at subdistricts, so a village is valid when its first six digits name a subdistrict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

AREA_CODE = re.compile(r"\d{2}(\d{2}(\d{2})?)?")
"""Province (2 digits), district (4) or subdistrict (6)."""


def is_village_code(code: str) -> bool:
    """Eight digits whose subdistrict and หมู่ are not 00 (a district's own shard is)."""
    return len(code) == 8 and code[4:6] != "00" and code[6:] != "00"


class AreaLevel(StrEnum):
    province = "province"
    district = "district"
    subdistrict = "subdistrict"


@dataclass(frozen=True, slots=True)
class Area:
    """One row of the packaged list: plain values (the list is trusted; a test checks every
    row), so that reading a village's place at start loads no validation library."""

    code: str
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
    district and subdistrict), not 8,457 objects: the text stays as it is, a code is found in
    it when asked for, and the index of every row is built only for what walks the whole list
    (the dialogs that pick a province, a district, a subdistrict).
    """

    def __init__(self, text: str) -> None:
        self._text = text  # the first line, the header, is never found: no newline before it
        self._cache: dict[str, Area] = {}

    @cached_property
    def _rows(self) -> dict[str, str]:
        lines = self._text.splitlines()[1:]
        return {line.split(",", 1)[0]: line for line in lines if line}

    def __len__(self) -> int:
        return len(self._rows)

    def _line(self, code: str) -> str | None:
        if "_rows" in self.__dict__:
            return self._rows.get(code)
        if not code or not code.isascii() or "," in code or "\n" in code:
            return None
        start = self._text.find(f"\n{code},")
        if start < 0:
            return None
        end = self._text.find("\n", start + 1)
        return self._text[start + 1 : end if end >= 0 else None].rstrip("\r")

    def get(self, code: str) -> Area | None:
        area = self._cache.get(code)
        if area is None:
            line = self._line(code)
            if line is None:
                return None
            r = _quoted_row(line) if '"' in line else line.split(",")
            area = Area(
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


def _quoted_row(line: str) -> list[str]:
    """A row with quoted fields (none in the packaged list today): read as CSV. The csv
    module is imported here, not at the top, for the rows that need it."""
    import csv

    return next(csv.reader([line]))


@lru_cache(maxsize=1)
def load_areas() -> AreaList:
    """The packaged list (trusted; tests validate every row once)."""
    from sammachip_tui import data

    return AreaList(data.path("thai-areas.csv").read_text("utf-8"))
