"""Free Thai occupation text onto a craft.

The text is cleaned (text.py) and split into words by pythainlp's newmm with its dictionary of
62,000 Thai words plus every term of the lexicon. The craft's terms are then looked for in the
folded words, longest first, and only where they start and end on word boundaries: ทอ never
matches inside ทองม้วน, and ปลา never inside ปลาร้า. A word that is no term but is within a
typo of one (จักรสาน for จักสาน) counts, at a discount, through rapidfuzz. The craft whose
terms cover the most of the text wins.

A text with no term but with words that are not generic is an occupation outside the
taxonomy: its key is its folded words, so two households that say the same thing still group
(the proposer joins keys that differ only by a typo). A text of generic words only (ทำ, ขาย)
or one that names no occupation a group forms around (แม่บ้าน) matches nothing.

Building the word list takes about half a second, once per process, so it is built on first
use and shared; each distinct text is matched once (results are cached).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from sammachip_tui.grouping.lexicon import GENERIC, NOT_AN_OCCUPATION, Lexicon
from sammachip_tui.grouping.text import clean, fold, text_key

FUZZY_CUTOFF = 85  # rapidfuzz ratio (0-100) for a word to count as a misspelt term
FUZZY_DISCOUNT = 0.8
UNKNOWN = "t:"  # prefix of the key of an occupation outside the lexicon

_lock = threading.Lock()


@cache
def _base_trie():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words())


def word_splitter(extra: frozenset[str]):
    """pythainlp's dictionary with ``extra`` words added (added once; the trie is shared)."""
    with _lock:
        trie = _base_trie()
        for word in extra:
            trie.add(word)
    return trie


@dataclass(frozen=True)
class Match:
    """What one text says: a craft key (None when nothing), and the words that said it."""

    craft: str | None
    words: tuple[str, ...] = ()  # the terms (or unknown words) behind the match
    excluded: bool = False  # names something that is not a group occupation (แม่บ้าน)

    @property
    def unknown(self) -> bool:
        return self.craft is not None and self.craft.startswith(UNKNOWN)


class Matcher:
    def __init__(self, lexicon: Lexicon, overrides: Mapping[str, str | None] | None = None) -> None:
        """``overrides``: what the officer taught (grouping/lessons.py), by ``text_key``: a
        text's family, or None when it is not a group occupation. They come before the words."""
        from pythainlp.tokenize import word_tokenize

        self.lexicon = lexicon
        self.overrides = dict(overrides or {})
        self._tokenize = word_tokenize
        self._trie = word_splitter(frozenset(lexicon.words | GENERIC | NOT_AN_OCCUPATION))
        self._by_first: dict[str, list[str]] = {}
        for term in sorted(lexicon.terms, key=len, reverse=True):
            self._by_first.setdefault(term[0], []).append(term)
        self._choices = sorted(lexicon.terms)
        self._generic = {fold(w) for w in GENERIC}
        self._excluded = {fold(w) for w in NOT_AN_OCCUPATION}
        self._cache: dict[str, Match] = {}

    def words(self, text: str) -> list[str]:
        cleaned = clean(text)
        if not cleaned:
            return []
        tokens = self._tokenize(cleaned, custom_dict=self._trie, keep_whitespace=False)
        return [t for t in tokens if t.strip()]

    def match(self, text: str) -> Match:
        key = text_key(text)
        if key in self.overrides:
            taught = self.overrides[key]
            return Match(None, excluded=True) if taught is None else Match(taught, (text,))
        found = self._cache.get(text)
        if found is None:
            found = self._match(text)
            self._cache[text] = found
        return found

    def _match(self, text: str) -> Match:
        folded = [fold(w) for w in self.words(text)]
        if not folded:
            return Match(None)
        joined = "".join(folded)
        bounds, at = [], 0  # where each word ends
        for word in folded:
            at += len(word)
            bounds.append(at)
        ends = set(bounds)
        weight: dict[str, float] = {}
        first_at: dict[str, int] = {}
        said: list[str] = []
        rest: list[str] = []
        excluded = False
        start, index = 0, 0
        while index < len(folded):
            term = self._longest_term(joined, start, ends)
            if term is None:
                word = folded[index]
                if word in self._excluded:
                    excluded = True
                elif word not in self._generic:
                    fuzzy = self._fuzzy(word)
                    if fuzzy is not None:
                        craft = self.lexicon.terms[fuzzy]
                        weight[craft] = weight.get(craft, 0) + len(word) * FUZZY_DISCOUNT
                        first_at.setdefault(craft, start)
                        said.append(word)
                    else:
                        rest.append(word)
                start += len(word)
                index += 1
                continue
            craft = self.lexicon.terms[term]
            weight[craft] = weight.get(craft, 0) + len(term)
            first_at.setdefault(craft, start)
            said.append(term)
            start += len(term)
            while index < len(folded) and bounds[index] <= start:
                index += 1
        if weight:
            best = max(weight, key=lambda c: (weight[c], -first_at[c], c))
            return Match(best, tuple(said))
        if excluded:
            return Match(None, excluded=True)
        if not rest:
            return Match(None)
        return Match(UNKNOWN + " ".join(sorted(set(rest))), tuple(rest))

    def _longest_term(self, joined: str, start: int, ends: set[int]) -> str | None:
        for term in self._by_first.get(joined[start], ()):
            if joined.startswith(term, start) and start + len(term) in ends:
                return term
        return None

    def _fuzzy(self, word: str) -> str | None:
        if len(word) < 4:  # short words are too easily near something
            return None
        # A typo changes a letter or two; a word that is part of a longer term is not one.
        near = [t for t in self._choices if abs(len(t) - len(word)) <= 1]
        found = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return None if found is None else found[0]
