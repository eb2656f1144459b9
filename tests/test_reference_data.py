"""The packaged taxonomy and area list load and validate in full."""

from sammachip_tui.model.areas import AREA_CODE, AreaLevel, load_areas
from sammachip_tui.model.taxonomy import load_occupations


def test_area_list_is_complete_and_valid() -> None:
    areas = load_areas()
    for area in areas.areas:
        assert AREA_CODE.fullmatch(area.code), area
        assert area.name_th and area.name_en, area
        assert isinstance(area.level, AreaLevel) and isinstance(area.parent_code, str), area
    levels = [a.level for a in areas.areas]
    assert (levels.count(AreaLevel.province), levels.count(AreaLevel.district)) == (77, 929)
    province, district, sub = areas.village_place("52120505")  # type: ignore[misc]
    assert (province.name_th, district.name_th, sub.name_th) == ("ลำปาง", "ห้างฉัตร", "เวียงตาล")
    assert areas.village_place("99999999") is None


def test_taxonomy_loads() -> None:
    occupations = load_occupations()
    assert len(occupations) == 100
    assert {o.code for o in occupations} >= {"AGR01"}
