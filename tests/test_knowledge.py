"""The occupation knowledge base (data/occupations/*.toml) is well formed and as big as promised.

A malformed file would make the proposer fail on every device at start; a word named by two
families would make its households' proposal depend on the order of the files.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from importlib import resources

import pytest

from sammachip_tui.grouping.lexicon import (
    ACTIVITIES,
    Craft,
    KnowledgeError,
    _check_kin,
    build_lexicon,
    family_files,
)
from sammachip_tui.grouping.text import clean, fold
from sammachip_tui.model.taxonomy import OccupationType, OtopCategory, load_occupations

LISTS = ("names", "members", "objects", "processes", "materials")
# Keys saved in decisions before the knowledge base (crafts.csv): they must still mean a family.
OLD_KEYS = (
    "weaving",
    "basketry",
    "brooms",
    "mushrooms",
    "safe_vegetables",
    "egg_chickens",
    "chili_paste",
    "banana",
    "fish_farming",
    "frogs",
    "balm",
    "herbal_compress",
    "food_stall",
    "grocery",
    "rice",
    "field_crops",
    "orchard",
    "kitchen_garden",
    "native_chickens",
    "motorcycle_repair",
    "construction",
    "compost",
    "bio_extract",
    "natural_dye",
    "herbal_processing",
    "massage",
)


def families() -> list[tuple[str, dict]]:
    folder = resources.files("sammachip_tui.data").joinpath("occupations")
    return [
        (name, row)
        for name in family_files()
        for row in tomllib.loads(folder.joinpath(name).read_text("utf-8")).get("family", [])
    ]


def key(word: str) -> str:
    return fold(clean(word)).replace(" ", "")


def test_every_family_is_complete_and_valid() -> None:
    seen = Counter(row["key"] for _f, row in families())
    assert not [k for k, n in seen.items() if n > 1], "a key used twice"
    for name, row in families():
        where = f"{name}: {row['key']}"
        assert row["activity"] in ACTIVITIES, where
        OccupationType(row["type"])
        OtopCategory(row["otop"])
        assert row["name_th"] and row["name_en"], where
        assert isinstance(row.get("group", True), bool), where
        assert any(row.get(k) for k in ("names", "members")), f"{where}: nothing names it"
        for field in LISTS:
            for word in row.get(field, []):
                assert word == word.strip() and " " not in word and "(" not in word, (where, word)


def test_every_taxonomy_code_is_in_one_family_and_old_keys_still_mean_one() -> None:
    codes = Counter(c for _f, row in families() for c in row.get("codes", []))
    taxonomy = {o.code for o in load_occupations()}
    assert set(codes) <= taxonomy, set(codes) - taxonomy
    assert not [c for c, n in codes.items() if n > 1]
    assert taxonomy - set(codes) == set(), "codes no family lists"
    lexicon = build_lexicon()
    for old in (*OLD_KEYS, *sorted(taxonomy)):
        assert lexicon.canonical(old) in lexicon.crafts, old


def test_no_word_names_two_families() -> None:
    named: dict[str, str] = {}
    clashes = []
    for _f, row in families():
        for word in (*row.get("names", []), *row.get("members", [])):
            other = named.setdefault(key(word), row["key"])
            if other != row["key"]:
                clashes.append((word, other, row["key"]))
    assert not clashes


def test_it_covers_the_country_as_promised() -> None:
    """Issue 12: at least 250 families and 2,000 surface forms, over the five OTOP categories."""
    rows = [row for _f, row in families()]
    forms = {key(w) for row in rows for field in LISTS for w in row.get(field, [])}
    assert len(rows) >= 250
    assert len(forms) >= 2000
    otop = Counter(row["otop"] for row in rows if row.get("group", True))
    for category in OtopCategory:
        if category is not OtopCategory.none:
            assert otop[category.value] >= 10, category


@pytest.mark.parametrize(
    "bases", [("rice", "field_crops", "orchard", "grocery", "food_stall", "inshore_fishing")]
)
def test_staples_and_trade_are_not_groups_by_default_but_gardens_and_poultry_are(bases) -> None:
    lexicon = build_lexicon()
    assert all(lexicon.crafts[k].base for k in bases)
    for k in ("kitchen_garden", "safe_vegetables", "mushrooms", "native_chickens", "egg_chickens"):
        assert not lexicon.crafts[k].base, k


def test_a_kin_is_one_step_to_a_group_family_of_the_same_activity() -> None:
    """A household joins its craft's kin, never a chain of them nor a livelihood."""
    lexicon = build_lexicon()
    kin = {c.key: c.kin for c in lexicon.crafts.values() if c.kin}
    assert kin["khanom_la"] == "thai_desserts" and len(kin) >= 30
    desserts = lexicon.crafts["thai_desserts"]
    for bad in ("rice", "khanom_la", "no_such_family", "pigs"):
        craft = Craft("x", "x", "x", (), None, OtopCategory.food, False, "make", bad)
        with pytest.raises(KnowledgeError):
            _check_kin({"x": craft, **lexicon.crafts})
    assert desserts.kin == ""
