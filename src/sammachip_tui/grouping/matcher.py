"""The reader: a free occupation text read as activity + object + family.

Officers write one occupation many ways: ผ้าปักมือ, ปักผ้า, งานปักผ้าด้วยมือ; วัว or โค; with
counts, brackets, Thai digits, missing marks. The text is cleaned and folded (text.py), split
into words by pythainlp's newmm over a dictionary of its 62,000 Thai words plus every word of
the knowledge base (lexicon.py), all folded; the longest known word is taken at each word
boundary. Each word is then a family's name or member (which name the family whatever the
verb), a shared object (ปลา, มะม่วง: the family whose activity the text says, so growing a fruit
is not drying it), a process or material of a family, an activity word (ปลูก, เลี้ยง, ทำ, ขาย,
จับ, รับจ้าง) or process word (ตาก, กวน: made), noise, or unknown. A word a typo away from a
known one counts as it, at a discount.

Selling is an activity only where the text starts with it: ขายปลา sells fish (a trade, not a
group occupation by default), ทำขนมขาย makes desserts to sell. A text that names no family but
has object words of its own is an occupation outside the knowledge base: its key is its first
object word (and activity), so texts sharing it group together; a verb alone never does.

The dictionary is a set, not pythainlp's trie: the trie of the same words costs 60 MiB, the set
about 10. It is built once per process and shared; each distinct text is read once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from sammachip_tui.grouping.lexicon import ACTIVITIES, Lexicon
from sammachip_tui.grouping.text import clean, fold, text_key

FUZZY_CUTOFF = 85  # rapidfuzz ratio (0-100) for a word to count as a misspelt known word
FUZZY_DISCOUNT = 0.8
UNKNOWN = "t:"  # prefix of the key of an occupation outside the knowledge base
_WEIGHT = {"name": 2.0, "member": 2.0, "object": 1.5, "process": 1.0, "material": 0.7}
_MAX_JOIN = 6  # words joined at most to find one known word

_lock = threading.Lock()


@cache
def _thai_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(fold(w) for w in thai_words())


class WordSet:
    """The dictionary newmm splits by: the one call it makes (``prefixes``) answered from sets,
    at a sixth of the memory of pythainlp's trie."""

    def __init__(self, *sets: frozenset[str]) -> None:
        self._sets = sets
        self._lengths = sorted({len(w) for s in sets for w in s})

    def __bool__(self) -> bool:
        return True

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        out, room = [], len(text) - start
        for n in self._lengths:
            if n > room:
                break
            word = text[start : start + n]
            if any(word in s for s in self._sets):
                out.append(word)
        return out


@dataclass(frozen=True)
class Match:
    """What one text says: a family key (None when nothing), and the words that said it."""

    craft: str | None
    words: tuple[str, ...] = ()  # the known (or unknown object) words behind the match
    excluded: bool = False  # names something that is not a group occupation
    activity: str = ""  # what the text says is done with its object, if it says
    why: str = ""  # when nothing: "trade", "none" (not an occupation), "general" (verbs only)

    @property
    def unknown(self) -> bool:
        return self.craft is not None and self.craft.startswith(UNKNOWN)


@dataclass(frozen=True)
class _Word:
    at: int  # index of the first split word
    text: str  # folded
    kind: str  # form, activity, process, none, noise, unknown
    weight: float = 1.0  # < 1 for a word read through a typo


class Matcher:
    def __init__(self, lexicon: Lexicon, overrides: Mapping[str, str | None] | None = None):
        from pythainlp.tokenize.newmm import segment

        self.lexicon = lexicon
        self.overrides = dict(overrides or {})
        self._segment = segment
        with _lock:
            self._dictionary = WordSet(_thai_words(), frozenset(lexicon.words))
        self._by_length: dict[int, list[str]] = {}
        for w in sorted(lexicon.forms):
            self._by_length.setdefault(len(w), []).append(w)
        self._display = lexicon.display
        self._cache: dict[str, Match] = {}

    def words(self, text: str) -> list[str]:
        """The folded words of ``text`` (spaces kept as word boundaries)."""
        out: list[str] = []
        for chunk in fold(clean(text)).split():
            out.extend(t for t in self._segment(chunk, self._dictionary) if t.strip())
        return out

    def match(self, text: str) -> Match:
        found = self._cache.get(text)
        if found is None:
            key = text_key(text)
            if key in self.overrides:
                craft = self.overrides[key]
                found = (
                    Match(None, excluded=True, why="taught")
                    if craft is None
                    else Match(craft, (text.strip(),))
                )
            else:
                found = self._read(self.words(text))
            self._cache[text] = found
        return found

    # ---------------------------------------------------------------------------- reading
    def _spans(self, tokens: list[str]) -> list[_Word]:
        """The longest known word at each boundary, else the split word itself."""
        lex = self.lexicon
        out: list[_Word] = []
        i = 0
        while i < len(tokens):
            for j in range(min(len(tokens), i + _MAX_JOIN), i, -1):
                word = "".join(tokens[i:j])
                kind = (
                    "none" if word in lex.not_an_occupation
                    else "form" if word in lex.forms
                    else "activity" if word in lex.activity
                    else "process" if word in lex.process
                    else "noise" if word in lex.noise
                    else ""
                )  # fmt: skip
                if kind:
                    out.append(_Word(i, word, kind))
                    i = j
                    break
            else:
                word = tokens[i]
                near = self._fuzzy(word)
                head = self._known_head(word)
                if near is not None:
                    out.append(_Word(i, near, "form", FUZZY_DISCOUNT))
                elif head:  # ผ้าขาวม้า: a kind of ผ้า, the rest says which
                    out.append(_Word(i, head, "form"))
                    out.append(_Word(i, word[len(head) :], "modifier"))
                elif len(word) >= 2 and not word.isdigit():
                    out.append(_Word(i, word, "unknown"))
                i += 1
        return out

    def _read(self, tokens: list[str]) -> Match:
        lex = self.lexicon
        spans = self._spans(tokens)
        if not spans:
            return Match(None, why="general")
        activity = self._activity(spans)
        weight: dict[str, float] = {}
        strong: set[str] = set()  # families named by a name, member or object
        said: dict[str, list[str]] = {}
        first_at: dict[str, int] = {}
        loose: list[_Word] = []  # objects with no family of the text's activity
        for w in spans:
            if w.kind != "form":
                continue
            entries = lex.forms[w.text]
            named = [e for e in entries if e.role in ("name", "member")][:1]
            objects = [e for e in entries if e.role == "object"]
            others = [e for e in entries if e.role in ("process", "material")]
            picked = list(named)
            if objects and not named:
                fitting = [e for e in objects if lex.crafts[e.craft].activity == activity]
                if not activity or activity == "serve" or (not fitting and activity == "trade"):
                    order = {a: k for k, a in enumerate(ACTIVITIES)}
                    fitting = sorted(objects, key=lambda e: order[lex.crafts[e.craft].activity])[:1]
                if fitting:
                    picked.extend(fitting)
                else:
                    loose.append(w)
            picked.extend(others)
            for e in picked:
                score = _WEIGHT[e.role] * len(w.text) * w.weight
                if w.text in lex.activity:
                    score *= 0.1  # a family named by an activity word (รับจ้าง): the weakest
                weight[e.craft] = weight.get(e.craft, 0.0) + score
                said.setdefault(e.craft, []).append(w.text)
                first_at.setdefault(e.craft, w.at)
                if e.role in ("name", "member", "object"):
                    strong.add(e.craft)
        unknown = sorted([w for w in spans if w.kind == "unknown"] + loose, key=lambda w: w.at)
        if weight:
            best = max(weight, key=lambda c: (weight[c], -first_at[c], c))
            craft = lex.crafts[best]
            if activity == "trade" and craft.activity != "trade":
                return Match(None, excluded=True, activity="trade", why="trade")
            roles = {e.role for w in spans if w.kind == "form" for e in lex.forms[w.text]
                     if e.craft == best}  # fmt: skip
            # A process or a material alone does not say the family when the text names a
            # thing the knowledge base lacks (ปั้นตุ๊กตา is not pottery); both together do.
            if best in strong or not unknown or {"process", "material"} <= roles:
                shown = tuple(self._display.get(t, t) for t in dict.fromkeys(said[best]))
                return Match(best, shown, activity=activity or craft.activity)
        if any(w.kind == "none" for w in spans):
            return Match(None, excluded=True, why="none")
        if activity == "trade":
            return Match(None, excluded=True, activity="trade", why="trade")
        if not unknown:
            return Match(None, activity=activity, why="general")
        head = unknown[0].text
        key = f"{UNKNOWN}{activity}:{head}" if activity else f"{UNKNOWN}{head}"
        return Match(key, tuple(dict.fromkeys(w.text for w in unknown)), activity=activity)

    def _activity(self, spans: list[_Word]) -> str:
        """What the text says is done: a make, raise, grow or catch word anywhere (ทำ the
        weakest), else selling when the text starts with it, else hired work."""
        lex = self.lexicon
        said: list[str] = []
        first_thing = next((w.at for w in spans if w.kind in ("form", "unknown")), 10**6)
        trade = serve = weak_make = False
        for w in spans:
            if w.kind == "process":
                said.append(lex.process[w.text])
            elif w.kind == "form":
                said.extend(lex.crafts[e.craft].activity for e in lex.forms[w.text]
                            if e.role == "process")  # fmt: skip
            elif w.kind == "activity":
                act = lex.activity[w.text]
                if act == "trade":
                    trade = trade or w.at < first_thing
                elif act == "serve":
                    serve = True
                elif act == "make" and w.text == fold("ทำ"):
                    weak_make = True
                else:
                    said.append(act)
        if said:
            return said[0]
        if weak_make:
            return "make"
        if trade:
            return "trade"
        return "serve" if serve else ""

    def _known_head(self, word: str) -> str:
        """The longest known word (of two letters or more) an unknown compound starts with."""
        for n in range(len(word) - 1, 1, -1):
            if word[:n] in self.lexicon.forms:
                return word[:n]
        return ""

    def _fuzzy(self, word: str) -> str | None:
        if len(word) < 4:  # short words are too easily near something
            return None
        # A typo changes a letter or two; a word that is part of a longer one is not one.
        near = [t for n in (len(word) - 1, len(word), len(word) + 1)
                for t in self._by_length.get(n, ())]  # fmt: skip
        found = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return None if found is None else found[0]
