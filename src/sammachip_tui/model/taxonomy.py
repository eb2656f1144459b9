"""The occupation taxonomy (packaged ``data/occupations.csv``).

Each free-text occupation is later mapped onto one of these codes by the group proposer;
the occupation type decides which households may share a group when the exact occupation
has too few volunteers, and the OTOP category where its products can be registered.
"""

from __future__ import annotations

import csv
from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from sammachip_tui.i18n import N_


class OccupationType(StrEnum):
    agriculture = "agriculture"
    livestock = "livestock"
    fishery = "fishery"
    handicraft = "handicraft"
    food_processing = "food_processing"
    nonfood_processing = "nonfood_processing"
    services = "services"
    trade = "trade"


class OtopCategory(StrEnum):
    food = "food"
    beverage = "beverage"
    textile_apparel = "textile_apparel"
    craft_decor_souvenir = "craft_decor_souvenir"
    herbal_nonfood = "herbal_nonfood"
    none = "none"


OCCUPATION_TYPE_LABELS = {
    OccupationType.agriculture: N_("agriculture"),
    OccupationType.livestock: N_("livestock"),
    OccupationType.fishery: N_("fishery"),
    OccupationType.handicraft: N_("handicraft"),
    OccupationType.food_processing: N_("food processing"),
    OccupationType.nonfood_processing: N_("non-food processing"),
    OccupationType.services: N_("services"),
    OccupationType.trade: N_("trade"),
}


OTOP_LABELS = {
    OtopCategory.food: N_("food"),
    OtopCategory.beverage: N_("beverages"),
    OtopCategory.textile_apparel: N_("textiles and clothing"),
    OtopCategory.craft_decor_souvenir: N_("crafts, decoration and souvenirs"),
    OtopCategory.herbal_nonfood: N_("herbal products (not food)"),
    OtopCategory.none: N_("no OTOP category"),
}


class Occupation(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)  # built when first used

    code: str = Field(pattern=r"^[A-Z]{2,4}\d{2,3}$")
    name_th: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    occupation_type: OccupationType
    otop_category: OtopCategory


@lru_cache(maxsize=1)
def load_occupations() -> tuple[Occupation, ...]:
    from sammachip_tui import data

    text = data.path("occupations.csv").read_text("utf-8")
    return tuple(Occupation.model_validate(row) for row in csv.DictReader(text.splitlines()))
