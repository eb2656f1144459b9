"""What the matcher knows: crafts, the words that name them, and words that name nothing.

A *craft* is what "same occupation" means for a group: ทอผ้าไหม, ทอผ้าฝ้าย and ทอผ้าตีนจก are
three taxonomy entries (HAN01, HAN02, a technique of both) but one craft, weaving; สานตะกร้า
and จักสานไม้ไผ่ are one craft, basketry. ``data/crafts.csv`` says which taxonomy codes make a
craft, the words people use for it, and whether it is a *base livelihood* (rice, orchards,
kitchen gardens, services, trade) rather than an occupation that makes a product: a household
whose main occupation is rice and whose secondary is weaving is proposed for weaving. Every
taxonomy code not listed there is a craft of its own, named by its taxonomy name. Occupations
the officer adds (``OccupationExtension`` records) join a craft or make a new one.

Generic words (ทำ, ปลูก, เลี้ยง, ขาย …) never make a match on their own; some texts are not an
occupation a group can form around at all (แม่บ้าน, รับจ้างทั่วไป, ข้าราชการบำนาญ). Both
lists are in ``data/occupation_words.csv``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from sammachip_tui.grouping.text import clean, fold
from sammachip_tui.model.taxonomy import OccupationType, OtopCategory, load_occupations


@cache
def _words(kind: str) -> frozenset[str]:
    text = resources.files("sammachip_tui.data").joinpath("occupation_words.csv").read_text("utf-8")
    return frozenset(r["word"] for r in csv.DictReader(text.splitlines()) if r["kind"] == kind)


GENERIC = _words("generic")  # ทำ, ปลูก, เลี้ยง, ขาย …: never a match on their own
NOT_AN_OCCUPATION = _words("not_an_occupation")  # แม่บ้าน, รับจ้างทั่วไป …
# Verbs a taxonomy name starts with; the rest of the name is a term of its own.
_LEADING_VERBS = ("แปรรูป", "เลี้ยง", "ปลูก", "เพาะ", "ทำ", "ขาย")


@dataclass(frozen=True)
class Craft:
    key: str
    name_th: str
    name_en: str
    codes: tuple[str, ...]
    occupation_type: OccupationType | None
    otop_category: OtopCategory
    base: bool  # a livelihood base rather than an occupation that makes a product

    @property
    def code(self) -> str:
        """The taxonomy code that stands for the craft (its first)."""
        return self.codes[0] if self.codes else ""


@dataclass(frozen=True)
class Extension:
    """An occupation the officer added: its own craft, or more words for an existing one."""

    id: str
    name_th: str
    name_en: str
    occupation_type: OccupationType
    otop_category: OtopCategory
    terms: tuple[str, ...] = ()
    craft: str = ""


@dataclass
class Lexicon:
    crafts: dict[str, Craft] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)  # folded term → craft key
    words: set[str] = field(default_factory=set)  # unfolded terms, for the word splitter

    def add_term(self, word: str, craft: str) -> None:
        word = clean(word).replace(" ", "")
        if not word or word in GENERIC:
            return
        self.words.add(word)
        self.terms.setdefault(fold(word), craft)


def _name_terms(name: str, *, whole_only: bool = False) -> list[str]:
    """Terms a taxonomy name gives: each "/" alternative, it without its leading verb, and each
    example in its brackets. ``whole_only``: only the first alternative (for crafts whose
    words are listed in crafts.csv, where "/" may be a shorthand: ซ่อมเครื่องยนต์/จักรยานยนต์
    does not make จักรยานยนต์ alone a repair shop)."""
    out = []
    for alternative in name.split("/")[:1] if whole_only else name.split("/"):
        main, _, examples = alternative.partition("(")
        main = main.strip()
        out.append(main)
        for verb in _LEADING_VERBS:
            if main.startswith(verb) and len(main) > len(verb) + 1:
                out.append(main[len(verb) :])
                break
        out.extend(examples.rstrip(")").split())
    return [t for t in out if t]


@cache
def _crafts_rows() -> tuple[dict[str, str], ...]:
    text = resources.files("sammachip_tui.data").joinpath("crafts.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def build_lexicon(extensions: Iterable[Extension] = ()) -> Lexicon:
    occupations = {o.code: o for o in load_occupations()}
    lex = Lexicon()
    craft_of: dict[str, str] = {}
    for row in _crafts_rows():
        codes = tuple(row["codes"].split())
        first = occupations[codes[0]]
        lex.crafts[row["craft"]] = Craft(row["craft"], row["name_th"], row["name_en"], codes,
                                         first.occupation_type, first.otop_category,
                                         row["base"] == "yes")  # fmt: skip
        for code in codes:
            craft_of[code] = row["craft"]
        for term in row["terms"].split(";"):
            lex.add_term(term, row["craft"])
    for code, occupation in occupations.items():
        key = craft_of.get(code)
        if key is None:
            key = code
            lex.crafts[key] = Craft(code, occupation.name_th, occupation.name_en, (code,),
                                    occupation.occupation_type, occupation.otop_category,
                                    occupation.otop_category is OtopCategory.none)  # fmt: skip
        for term in _name_terms(occupation.name_th, whole_only=code in craft_of):
            lex.add_term(term, key)
    for ext in sorted(extensions, key=lambda e: e.id):
        key = ext.craft if ext.craft in lex.crafts else f"x:{ext.id}"
        if key not in lex.crafts:
            base = ext.otop_category is OtopCategory.none
            lex.crafts[key] = Craft(key, ext.name_th, ext.name_en, (), ext.occupation_type,
                                    ext.otop_category, base)  # fmt: skip
        # The officer's words come before the taxonomy's: they were added to be used.
        for term in (*_name_terms(ext.name_th), *ext.terms):
            word = fold(clean(term).replace(" ", ""))
            lex.terms.pop(word, None)
            lex.add_term(term, key)
    return lex
