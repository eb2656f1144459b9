"""What the reader knows: occupation families, the words that name them, and words that don't.

The knowledge is data (``data/occupations/*.toml``, documented in its README): a *family* is
what "the same occupation" means for a group (ทอผ้าไหม, ผ้ามัดหมี่ and ผ้าซิ่นตีนจก are one,
weaving), with its activity (make, raise, grow, catch, trade, serve), occupation type, OTOP
category, taxonomy codes, and its words by role: names and named members (which name it
whatever verb goes with them), objects (shared things that name it only with its activity:
ปลา is raised, caught or dried), particular processes (ทอ, ปั้น) and materials.

Every word is indexed by its folded form (text.fold), so tone marks and silent letters need no
entry of their own. Families whose ``group`` is false are livelihood bases (rice, trade, wage
work …): read like any other, proposed only where the officer switches them on.

Occupations the officer adds (``OccupationExtension`` records) join a family or make a new
one; taxonomy codes no family lists become families of their own, so a code is never lost.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from sammachip_tui.grouping.text import clean, fold
from sammachip_tui.model.taxonomy import OccupationType, OtopCategory, load_occupations

ACTIVITIES = ("raise", "grow", "catch", "make", "serve", "trade")  # the order objects default in
_LISTS = {"names": "name", "members": "member", "objects": "object", "processes": "process",
          "materials": "material"}  # fmt: skip
# Verbs a taxonomy name starts with; the rest of the name is a name of its own.
_LEADING_VERBS = ("แปรรูป", "เลี้ยง", "ปลูก", "เพาะ", "ทำ", "ขาย")


class KnowledgeError(ValueError):
    """The knowledge base is malformed (a developer's error: the tests load every file)."""


@dataclass(frozen=True)
class Craft:
    """One family: what the officer would make one occupation group of."""

    key: str
    name_th: str
    name_en: str
    codes: tuple[str, ...]
    occupation_type: OccupationType | None
    otop_category: OtopCategory
    base: bool  # a livelihood base (group = false): proposed only where switched on
    activity: str = "make"
    # The family it joins when too few for a group of its own (ขนมลา: ขนมไทย), "" for none.
    kin: str = ""

    @property
    def code(self) -> str:
        """The taxonomy code that stands for the family (its first)."""
        return self.codes[0] if self.codes else ""


@dataclass(frozen=True)
class Extension:
    """An occupation the officer added: its own family, or more words for an existing one."""

    id: str
    name_th: str
    name_en: str
    occupation_type: OccupationType
    otop_category: OtopCategory
    terms: tuple[str, ...] = ()
    craft: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    craft: str
    role: str  # name, member, object, process or material (the lists of _LISTS)


@cache
def _entry(craft: str, role: str) -> Entry:
    """One object per (family, role): there are some 1,500 of them for 20,000 words."""
    return Entry(craft, role)


_PLAIN = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4c]+")


def _written(word: str) -> str:
    """A word of the knowledge base as a text is cleaned (most are Thai letters only: as is)."""
    return word if _PLAIN.fullmatch(word) else clean(word).replace(" ", "")


@dataclass
class Lexicon:
    crafts: dict[str, Craft] = field(default_factory=dict)
    forms: dict[str, list[Entry]] = field(default_factory=dict)  # folded word → its entries
    activity: dict[str, str] = field(default_factory=dict)  # folded verb → activity
    process: dict[str, str] = field(default_factory=dict)  # folded process word → activity
    noise: set[str] = field(default_factory=set)
    not_an_occupation: set[str] = field(default_factory=set)
    not_now: set[str] = field(default_factory=set)  # given up, once, wished for
    own_use: set[str] = field(default_factory=set)  # for the household's own table, not sold
    sold: tuple[str, ...] = ()  # folded words that say something is sold (anywhere in a text)
    craft_verbs: dict[str, str] = field(default_factory=dict)  # folded verb → the craft it says
    legacy: dict[str, str] = field(default_factory=dict)  # an old craft key → the family now
    # Words as written, marks and all: where folding makes two words one (เคี่ยว, to simmer,
    # and เคียว, a sickle; ช้าง and ช่าง), the word as written decides.
    spelled: dict[str, str] = field(default_factory=dict)  # word → kind (form, activity …)
    spelled_forms: dict[str, list[Entry]] = field(default_factory=dict)
    spelled_act: dict[str, str] = field(default_factory=dict)  # activity or process word → act
    size: dict[str, int] = field(default_factory=dict)  # family → how many words it has
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded → as written

    def add(self, word: str, craft: str, role: str, *, first: bool = False) -> None:
        written = _written(word)
        key = fold(written)
        if not key or key in self.noise:
            return
        self.size[craft] = self.size.get(craft, 0) + 1
        self._spelling(key, written)
        entry = _entry(craft, role)
        for index, at in ((self.forms, key), (self.spelled_forms, written)):
            entries = index.setdefault(at, [])
            if not any(e.craft == craft for e in entries):
                entries.insert(0, entry) if first else entries.append(entry)
        self.spelled.setdefault(written, "form")

    def _spelling(self, key: str, written: str) -> None:
        had = self.spellings.get(key, ())
        if written not in had:
            self.spellings[key] = (*had, written)

    def settle(self) -> None:
        """Drop what is known twice: a word's entries as written are kept only where another
        spelling of it (folded alike) names something else (หมอน, a pillow; หม่อน, mulberry)."""
        for written in list(self.spelled_forms):
            if len(self.spellings.get(fold(written), ())) < 2:
                del self.spelled_forms[written]
        # As written, a form is looked up only where its spellings differ; the reader's own
        # words (activity, process, noise …) stay, so they come before a family's.
        for written, kind in list(self.spelled.items()):
            if kind == "form" and written not in self.spelled_forms:
                del self.spelled[written]

    def display(self, key: str) -> str:
        """A folded word as the knowledge base first wrote it."""
        return self.spellings.get(key, (key,))[0]

    def add_word(self, word: str, kind: str, activity: str = "") -> None:
        """A word of reader.toml: an activity or process word (with its activity), noise or
        not an occupation."""
        written = _written(word)
        key = fold(written)
        if not key:
            return
        if kind == "activity":
            self.activity.setdefault(key, activity)
        elif kind == "process":
            self.process.setdefault(key, activity)
        elif kind == "noise":
            self.noise.add(key)
        elif kind == "not_now":
            self.not_now.add(key)
        elif kind == "own_use":
            self.own_use.add(key)
        else:
            self.not_an_occupation.add(key)
        # The reader's own words come first; kinds as the reader names its words.
        kinds = {"not_an_occupation": "none", "not_now": "past", "own_use": "own"}
        self.spelled[written] = kinds.get(kind, kind)
        self._spelling(key, written)
        if activity:
            self.spelled_act[written] = activity

    @property
    def words(self) -> set[str]:
        """Every folded word the reader knows, for the word splitter."""
        return (
            set(self.forms)
            | set(self.activity)
            | set(self.process)
            | self.noise
            | set(self.not_an_occupation)
            | self.not_now
            | self.own_use
        )

    def canonical(self, key: str) -> str:
        """The family a saved key means today (keys of before the knowledge base map on)."""
        return key if key in self.crafts else self.legacy.get(key, key)


def _toml(name: str) -> dict:
    """One file, parsed (not kept: the lexicon is built from it once per process)."""
    folder = resources.files("sammachip_tui.data").joinpath("occupations")
    return tomllib.loads(folder.joinpath(name).read_text("utf-8"))


@cache
def family_files() -> tuple[str, ...]:
    folder = resources.files("sammachip_tui.data").joinpath("occupations")
    return tuple(sorted(p.name for p in folder.iterdir()
                        if p.name.endswith(".toml") and p.name != "reader.toml"))  # fmt: skip


@cache
def _provinces() -> tuple[str, ...]:
    from sammachip_tui.model.areas import load_areas

    return tuple(a.name_th.removeprefix("จังหวัด") for a in load_areas().provinces())


def _name_terms(name: str) -> list[str]:
    """Names a taxonomy name gives: each "/" alternative, it without its leading verb, and each
    example in its brackets."""
    out = []
    for alternative in name.split("/"):
        main, _, examples = alternative.partition("(")
        main = main.strip()
        out.append(main)
        for verb in _LEADING_VERBS:
            if main.startswith(verb) and len(main) > len(verb) + 1:
                out.append(main[len(verb) :])
                break
        out.extend(examples.rstrip(")").split())
    return [t for t in out if t]


def _family(row: dict, where: str) -> Craft:
    try:
        key, activity = row["key"], row["activity"]
        if activity not in ACTIVITIES:
            raise KnowledgeError(f"{where}: {key}: unknown activity {activity}")
        return Craft(key, row["name_th"], row["name_en"], tuple(row.get("codes", ())),
                     OccupationType(row["type"]), OtopCategory(row["otop"]),
                     not row.get("group", True), activity, row.get("kin", ""))  # fmt: skip
    except (KeyError, ValueError) as e:
        raise KnowledgeError(f"{where}: {row.get('key', '?')}: {e}") from None


def _check_kin(crafts: Mapping[str, Craft]) -> None:
    """A kin is a group family of the same activity, and has none of its own: one step, so a
    household joins the family it was meant to, never a chain of them."""
    for craft in crafts.values():
        if not craft.kin:
            continue
        kin = crafts.get(craft.kin)
        if kin is None or kin.key == craft.key or kin.kin or kin.base or craft.base:
            raise KnowledgeError(f"{craft.key}: kin {craft.kin!r} is no group family of its own")
        if kin.activity != craft.activity:
            raise KnowledgeError(f"{craft.key}: kin {craft.kin!r} is of another activity")


def build_lexicon(extensions: Iterable[Extension] = ()) -> Lexicon:
    reader = _toml("reader.toml")
    lex = Lexicon()
    for kind in ("noise", "not_an_occupation", "not_now", "own_use"):
        for word in reader["nothing"][kind]:
            lex.add_word(word, kind)
    lex.sold = tuple(sorted({fold(_written(w)) for w in reader["nothing"].get("sold", ())}))
    lex.craft_verbs = {fold(_written(w)): k for w, k in reader.get("craft_verbs", {}).items()}
    for table in ("activity", "process"):
        for activity, words in reader[table].items():
            for word in words:
                lex.add_word(word, table, activity)
    for place in _provinces():  # ผ้าทอแพร่: where, not what (unless a longer word says so)
        if fold(place) not in lex.words:  # ตาก, dried, is a province too: a word first
            lex.add_word(place, "noise")
    occupations = {o.code: o for o in load_occupations()}
    craft_of: dict[str, str] = {}
    for name in family_files():
        for row in _toml(name).get("family", []):
            craft = _family(row, name)
            if craft.key in lex.crafts:
                raise KnowledgeError(f"{name}: {craft.key}: the key is used twice")
            lex.crafts[craft.key] = craft
            for code in craft.codes:
                craft_of.setdefault(code, craft.key)
            for field_name, role in _LISTS.items():
                for word in row.get(field_name, ()):
                    lex.add(word, craft.key, role)
    _check_kin(lex.crafts)
    for verb, doer in lex.craft_verbs.items():
        if doer not in lex.crafts:
            raise KnowledgeError(f"reader.toml: craft_verbs: {verb}: no family {doer}")
    for code, occupation in occupations.items():
        key = craft_of.get(code)
        if key is None:  # a code no family lists is a family of its own
            key = code
            lex.crafts[key] = Craft(code, occupation.name_th, occupation.name_en, (code,),
                                    occupation.occupation_type, occupation.otop_category,
                                    occupation.otop_category is OtopCategory.none)  # fmt: skip
            for term in _name_terms(occupation.name_th):
                lex.add(term, key, "name")
        else:
            lex.legacy[code] = key
    for ext in sorted(extensions, key=lambda e: e.id):
        key = lex.canonical(ext.craft) if ext.craft else ""
        if key not in lex.crafts:
            key = f"x:{ext.id}"
            base = ext.otop_category is OtopCategory.none
            lex.crafts[key] = Craft(key, ext.name_th, ext.name_en, (), ext.occupation_type,
                                    ext.otop_category, base)  # fmt: skip
        # The officer's words come before the knowledge base's: they were added to be used.
        for term in (*_name_terms(ext.name_th), *ext.terms):
            lex.add(term, key, "name", first=True)
    lex.settle()
    return lex
