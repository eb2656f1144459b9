"""Proposal keys of occupations outside the lexicon as the first proposer wrote them.

Before the reader (matcher.py), a text that named no craft was keyed ``t:`` plus its words
that were not generic, folded, sorted and joined by spaces: ทำตะเกียงน้ำมัน (ขาย) was
``t:ตะเกียง น้ำมัน``. An officer's ``ProposalDecision`` (a household taken out or put in, a
rejection, the group it became) has the proposal's key as its id, so decisions saved then are
under such keys; today the same households' proposal is ``t:make:ตะเกียง``. Without this
module those decisions silently stop applying.

The old word splitter (pythainlp's trie of 62,000 words, 60 MiB) is gone, so the old key is
not recomputed from a text: a text *fits* an old key when its letters are exactly the key's
words and old generic words, each key word at least once. That is what the old algorithm made
of a text with no craft in it, whatever way the splitter cut it. Only households whose texts
fit a key can carry its decision: a decision never moves to other households' proposal.
"""

from __future__ import annotations

from functools import cache, lru_cache

from sammachip_tui.grouping.matcher import UNKNOWN
from sammachip_tui.grouping.text import clean

# data/occupation_words.csv "generic" before the knowledge base (commit 9c0e14d): words the
# first matcher left out of an unknown text's key.
OLD_GENERIC = (
    "ทำ", "ปลูก", "เลี้ยง", "ขาย", "ผลิต", "แปรรูป", "เพาะ", "รับ", "จ้าง", "รับจ้าง", "ค้าขาย",
    "ขายของ", "ค้า", "ตลาด", "ขายตลาด", "อาหาร", "ทั่วไป", "อื่น", "อื่นๆ", "ต่างๆ", "และ", "กับ",
    "ใน", "ที่", "ของ", "การ", "งาน", "ช่วย", "เป็น", "มี", "ได้", "เอง", "บ้าน", "อาชีพ",
    "ประกอบ", "เสริม", "หลัก", "ด้วย", "จาก", "ให้", "ไป", "มา", "ทาง", "เพื่อ",
)  # fmt: skip

_OLD_MARKS = dict.fromkeys(map(ord, "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47"), None)
_TWO_E = ("\u0e40\u0e40", "\u0e41")  # เ + เ typed for แ: today's clean() makes it one letter


def old_fold(word: str) -> str:
    """The first matcher's fold: tone marks, ์ and ็ dropped, ใ read as ไ (today's fold also
    drops silent letters, so it would not give the letters an old key was written with)."""
    return word.translate(_OLD_MARKS).replace("\u0e43", "\u0e44").replace(*_TWO_E)


_GENERIC = frozenset(old_fold(w) for w in OLD_GENERIC)


def is_legacy_unknown(key: str) -> bool:
    """Whether a proposal key (``scope:t:…``, with ``#k`` when split) may be of the old kind:
    its words have no ``:`` (today's keys name an activity, ``t:make:ตะเกียง``; a key with no
    activity, ``t:ตะเกียง``, looks the same in both and is told apart by the caller)."""
    _scope, _sep, rest = key.partition(":")
    words = rest.partition("#")[0]
    return words.startswith(UNKNOWN) and ":" not in words[len(UNKNOWN) :] and len(words) > 2


@cache
def key_words(key: str) -> frozenset[str]:
    """The words of an old key (``scope:t:ตะเกียง น้ำมัน#2`` → ตะเกียง, น้ำมัน)."""
    words = key.partition(":")[2].partition("#")[0][len(UNKNOWN) :]
    return frozenset(old_fold(w) for w in words.split(" ") if w)  # folded already, as saved


@lru_cache(maxsize=4096)
def fits(text: str, words: frozenset[str]) -> bool:
    """Whether the first proposer keyed ``text`` by exactly ``words``: every word of the
    text, as its splitter could have cut it, is one of ``words`` or generic, and each of
    ``words`` is said."""
    if not words:
        return False
    pieces = words | _GENERIC
    longest = max(len(p) for p in pieces)
    said: set[frozenset[str]] = {frozenset()}  # the key words used so far, by every reading
    for chunk in old_fold(clean(text)).split():
        # ways[i]: the sets of key words a reading of chunk[:i] uses (None: no reading).
        ways: list[set[frozenset[str]] | None] = [None] * (len(chunk) + 1)
        ways[0] = {frozenset()}
        for i in range(len(chunk)):
            here = ways[i]
            if here is None:
                continue
            for j in range(i + 1, min(len(chunk), i + longest) + 1):
                piece = chunk[i:j]
                if piece not in pieces:
                    continue
                add = frozenset((piece,)) if piece in words else frozenset()
                ways[j] = (ways[j] or set()) | {used | add for used in here}
        end = ways[len(chunk)]
        if end is None:
            return False
        said = {a | b for a in said for b in end}
    return any(used == words for used in said)
