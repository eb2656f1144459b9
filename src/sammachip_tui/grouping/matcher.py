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

Where folding makes two words one, the word as written decides: a dictionary word or a text
with another tone mark on the same letter is another word (เสื่อ is no เสื้อ), a mark left out
or added is a slip. A name, or a count of land or heads (ลำไย 10 ไร่, แพะ ๑๐ ตัว), says the
activity when no verb does. Selling is the activity only where the text starts with it:
ขายปลา sells fish (general trade, a livelihood), ทำขนมขาย makes desserts to sell. A text that
names no family but has object words of its own is an occupation outside the knowledge base:
its key is its first object word (and activity), so texts sharing it group together; a verb
alone never does. Texts given up or only wished for (เลิกทอผ้าแล้ว) name nothing practised.

The dictionary is a set, not pythainlp's trie: the trie of the same words costs 60 MiB, the set
about 10. It is built once per process and shared; each distinct text is read once.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz, process

from sammachip_tui.grouping.lexicon import ACTIVITIES, Entry, Lexicon
from sammachip_tui.grouping.text import clean, fold, fold_map, marked_otherwise, text_key

FUZZY_CUTOFF = 85  # rapidfuzz ratio (0-100) for a word to count as a misspelt known word
FUZZY_DISCOUNT = 0.8
UNKNOWN = "t:"  # prefix of the key of an occupation outside the knowledge base
UNKNOWN_HEAD = 40  # letters of an unknown word in its key (a pasted page is no word)
_WEIGHT = {"name": 2.0, "member": 2.0, "object": 1.5, "process": 0.8, "material": 0.7}
_MAX_JOIN = 6  # words joined at most to find one known word
CACHE_TEXTS = 20_000  # readings kept (about 330 bytes each): memory bounded, however varied
_LATER = 0.8  # weight of a known word after the first one that names something
# A text that opens with employment, the craft written on to it, names an employer's work: a
# factory's sewer (พนักงานโรงงานเย็บผ้า) is an employee, not a tailor. A job title (ครู,
# ผู้ใหญ่บ้าน) or a craft after a space (ทำงานโรงงาน ทอผ้ายามว่าง) says a second occupation;
# hired to weave (รับจ้างทอผ้า) is weaving.
_EMPLOYED = "employees"
_EMPLOYMENT = ("พนักงาน", "ลูกจาง", "ทำงานโรงงาน", "งานโรงงาน", "ทำงานบริษัท")  # folded
_LIVING = ("grow", "raise")  # said of one another's things (เลี้ยงเห็ด, ปลูกหม่อนเลี้ยงไหม)
# Letters that sound alike and are written for one another, made one for a misspelt word only.
_RL = str.maketrans("ลรญณปคขฆูีืศษธภฑฒฏ", "นนนนบกกกุิึสสทพททต")


def _rl(word: str) -> str:
    """Letters written for one another (ปลาล้า for ปลาร้า, แคปหมู for แคบหมู, ช็อคโกแลต for
    ช็อกโกแลต, บุดู for บูดู): a misspelt word is compared with them made one."""
    return word.translate(_RL)


_NOTES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_UNIT_ACTIVITY = {"ไร่": "grow", "ต้น": "grow", "ตัว": "raise", "บ่อ": "raise", "รัง": "raise",
                  "กระชัง": "raise", "เล้า": "raise", "คอก": "raise"}  # fmt: skip
_UNIT = re.compile(r"[\d๐-๙][\d๐-๙,.]*\s*(" + "|".join(_UNIT_ACTIVITY) + ")")

_lock = threading.Lock()


def _dictionary_text() -> str:
    return resources.files("pythainlp.corpus").joinpath("words_th.txt").read_text("utf-8-sig")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time, without a list or a buffer copy of it."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


_words_lock = threading.Lock()
_folded_words: frozenset[str] | None = None


def _dictionary(lexicon: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """pythainlp's word list folded (read once per process, shared), and its homographs for
    ``lexicon``: words that fold like a word of the knowledge base but are written otherwise
    (เสื่อ beside เสื้อ, ช้าง beside ช่าง, เคี่ยว beside เคียว). Written so, a text means them,
    not the knowledge base's word; a misspelling (เค๊ก for เค้ก) is no dictionary word.

    One pass, a line at a time: pythainlp's ``thai_words()`` would keep a second set of the
    unfolded words for the life of the process, and lists of them would double the peak."""
    global _folded_words
    text = _dictionary_text()
    folded_text = fold(text)  # one pass in C, then paired line by line with the words
    spellings, spelled = lexicon.spellings, lexicon.spelled
    homographs = set()

    def folded_words() -> Iterator[str]:
        for line, folded_line in zip(_lines(text), _lines(folded_text), strict=True):
            word, folded = line.strip(), folded_line.strip()
            if not folded:
                continue
            yield folded
            if (
                folded != word
                and folded in spellings
                and word not in spelled
                and word not in spellings[folded]
                and all(marked_otherwise(word, s) for s in spellings[folded])
            ):
                homographs.add(word)

    with _words_lock:
        if _folded_words is None:  # built straight into the frozenset: no second table
            _folded_words = frozenset(folded_words())
        else:
            for _word in folded_words():
                pass
        return _folded_words, frozenset(homographs)


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


class _Either:
    """``in`` either of two sets, without making a third."""

    def __init__(self, a: frozenset[str], b: frozenset[str]) -> None:
        self.a, self.b = a, b

    def __contains__(self, word: object) -> bool:
        return word in self.a or word in self.b


@dataclass(frozen=True, slots=True)
class Match:
    """What one text says: a family key (None when nothing), and the words that said it."""

    craft: str | None
    words: tuple[str, ...] = ()  # the known (or unknown object) words behind the match
    excluded: bool = False  # names something that is not a group occupation
    activity: str = ""  # what the text says is done with its object, if it says
    # When nothing: "trade", "none" (not an occupation), "past" (not now), "own" (for the
    # household's own use), "general" (verbs).
    why: str = ""
    sure: bool = True  # False when only how it is done or of what said the family
    also: tuple[str, ...] = ()  # other group occupations the text names (ทอผ้า จักสาน)

    @property
    def unknown(self) -> bool:
        return self.craft is not None and self.craft.startswith(UNKNOWN)


@dataclass(frozen=True, slots=True)
class _Word:
    at: int  # index of the first split word
    text: str  # folded
    kind: str  # form, activity, process, none, noise, modifier, unknown
    entries: tuple[Entry, ...] = ()  # a form's families and roles
    act: str = ""  # an activity or process word's activity
    weight: float = 1.0  # < 1 for a word read through a typo
    written: str = ""  # as the text wrote it (for an unknown word: what is shown)


class Matcher:
    def __init__(self, lexicon: Lexicon, overrides: Mapping[str, str | None] | None = None):
        from pythainlp.tokenize.newmm import segment

        self.lexicon = lexicon
        self.overrides = dict(overrides or {})
        self._segment = segment
        with _lock:
            self._thai, self._homographs = _dictionary(lexicon)
            known = frozenset(lexicon.words)
            self._dictionary = WordSet(self._thai, known)
        self._dictionary_words = _Either(self._thai, known)
        self._known_words = known
        self._by_length: dict[int, list[str]] = {}
        for w in sorted(lexicon.forms):
            self._by_length.setdefault(len(w), []).append(w)
        self._rl = {_rl(w): w for w in sorted(lexicon.forms, reverse=True) if len(w) >= 3}
        self._cache: dict[str, Match] = {}

    def words(self, text: str) -> list[str]:
        """The folded words of ``text`` (spaces kept as word boundaries)."""
        return [folded for folded, _written in self._tokens(text)]

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        """Each word of ``text``: folded, and as it was written."""
        out: list[tuple[str, str]] = []
        for chunk in clean(text).split():
            folded, where = fold_map(chunk)
            at = 0
            split = self._segment(folded, self._dictionary)  # type: ignore[arg-type]
            for token in self._known_first(split):
                end = at + len(token)
                if token.strip():
                    out.append((token, chunk[where[at] : where[end]]))
                at = end
        return out

    def _known_first(self, tokens: list[str]) -> list[str]:
        """Where the splitter cut a known word in two (เครื่อง | ดนตรีพื้นเมือง, when
        เครื่องดนตรี is the knowledge base's), the known word and what follows it instead,
        when what follows is a word too."""
        forms, known = self.lexicon.forms, self._known_words
        out: list[str] = []
        for token in tokens:  # ทำปลา | ล้า: a verb the dictionary joined to its thing
            verb = self._leading_verb(token) if token not in known else ""
            out.extend((verb, token[len(verb) :]) if verb else (token,))
        k = 0
        while k + 1 < len(out):
            if out[k] not in known and out[k + 1] not in forms:
                pair = out[k] + out[k + 1]
                for n in range(len(pair) - 1, len(out[k]), -1):
                    rest = pair[n:]
                    if pair[:n] in forms and rest in self._dictionary_words:
                        out[k : k + 2] = [pair[:n], rest]
                        break
            k += 1
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
                found = self._read_with_notes(text)
            if len(self._cache) >= CACHE_TEXTS:  # a district of varied texts: start again
                self._cache.clear()
            self._cache[text] = found
        return found

    # ---------------------------------------------------------------------------- reading
    def _known(self, folded: str, written: str, at: int) -> _Word | None:
        """What the knowledge base says a word is: as written (marks and all) first, else
        folded."""
        lex = self.lexicon
        kind = lex.spelled.get(written, "")
        if kind == "form":
            entries = lex.spelled_forms.get(written) or lex.forms[folded]
            return _Word(at, folded, "form", tuple(entries), written=written)
        if kind:
            return _Word(at, folded, kind, act=lex.spelled_act.get(written, ""), written=written)
        spellings = lex.spellings.get(folded, ())
        if written in self._homographs or (
            spellings and all(marked_otherwise(written, s) for s in spellings)
        ):
            return None  # เสื่อ (a mat) is no slip for เสื้อ (a shirt): another word
        if folded in lex.not_an_occupation:
            return _Word(at, folded, "none")
        if folded in lex.not_now:
            return _Word(at, folded, "past")
        if folded in lex.own_use:
            return _Word(at, folded, "own")
        if folded in lex.forms:
            return _Word(at, folded, "form", tuple(lex.forms[folded]), written=written)
        if folded in lex.activity:
            return _Word(at, folded, "activity", act=lex.activity[folded])
        if folded in lex.process:
            return _Word(at, folded, "process", act=lex.process[folded])
        if folded in lex.noise:
            return _Word(at, folded, "noise")
        return None

    def _spans(self, tokens: list[tuple[str, str]]) -> list[_Word]:
        """The longest known word at each boundary, else the split word itself; runs of
        unknown words are tried as one misspelt known word (ช่างแะสลัก)."""
        out: list[_Word] = []
        i = 0
        while i < len(tokens):
            for j in range(min(len(tokens), i + _MAX_JOIN), i, -1):
                folded = "".join(t for t, _w in tokens[i:j])
                written = "".join(w for _t, w in tokens[i:j])
                known = self._known(folded, written, i)
                if known is not None:
                    out.append(known)
                    i = j
                    break
            else:
                word, written = tokens[i]
                head = self._known_head(word)
                rest = word[len(head) :]
                rest_written = written[fold_map(written)[1][len(head)] :] if rest else ""
                after = self._known(rest, rest_written, i) if head else None
                if head and after is not None:  # เย็บเสื่อ: two known words in one
                    out.append(_Word(i, head, "form", tuple(self.lexicon.forms[head])))
                    out.append(after)
                elif head and self._words_all(rest):  # ผ้าขาวม้า: a kind of ผ้า
                    entries = tuple(self.lexicon.forms[head])
                    out.append(_Word(i, head, "form", entries, written=written))
                    out.append(_Word(i, word[len(head) :], "modifier", written=written))
                elif len(word) >= 2 and not word.isdigit():
                    out.append(_Word(i, word, "unknown", written=written))
                elif not word.isdigit():  # a stray letter: only part of a misspelt word
                    out.append(_Word(i, word, "bit", written=written))
                i += 1
        return self._misspelt(out)

    def _misspelt(self, spans: list[_Word]) -> list[_Word]:
        """Runs of unknown words tried as one misspelt known word, alone or with the word after
        or before them (a dropped letter splits แกะสลัก into แะ + สลัก)."""
        out: list[_Word] = []
        k = 0
        while k < len(spans):
            if spans[k].kind not in ("unknown", "bit"):
                out.append(spans[k])
                k += 1
                continue
            end = k
            while end < len(spans) and spans[end].kind in ("unknown", "bit"):
                end += 1
            run = "".join(w.text for w in spans[k:end])
            tries = [(run, k, end)]
            if end < len(spans) and spans[end].kind in ("form", "modifier", "noise"):
                tries.append((run + spans[end].text, k, end + 1))
            # The word before joins only when it names no family itself (ไข่ | เยี่ยม | ม้า is
            # one misspelt ไข่เยี่ยวม้า; ปลาส้ม | ตะเพียน stays ปลาส้ม of ตะเพียน).
            before = (
                bool(out)
                and out[-1].kind in ("form", "activity", "process")
                and not any(e.role in ("name", "member") for e in out[-1].entries)
            )
            if before:
                tries.append((out[-1].text + run, k - 1, end))
            if before and len(tries) == 3:  # ไข่ | เยี่ยม | ม้า for ไข่เยี่ยวม้า
                tries.append((out[-1].text + run + spans[end].text, k - 1, end + 1))
            for text, first, last in tries:
                near = self._fuzzy(text)
                if near is not None:
                    if first < k:
                        out.pop()
                    entries = tuple(self.lexicon.forms[near])
                    out.append(_Word(spans[first].at, near, "form", entries, weight=FUZZY_DISCOUNT))
                    k = last
                    break
            else:
                out.extend(w for w in spans[k:end] if w.kind == "unknown")
                k = end
        return out

    def _read_with_notes(self, text: str) -> Match:
        found = self._read_with_brackets(text)
        first = text.split(maxsplit=1)[0] if text.strip() else ""
        if found.craft not in (None, _EMPLOYED) and fold(clean(first)).startswith(_EMPLOYMENT):
            spans = self._spans(self._tokens(first))
            job = next((w.written or w.text for w in spans
                        if any(e.craft == _EMPLOYED for e in w.entries)), "")  # fmt: skip
            if job and self._read(self._tokens(first)).craft == found.craft:
                return Match(_EMPLOYED, (job,), activity="serve")
        return found

    def _read_with_brackets(self, text: str) -> Match:
        """Notes in brackets are remarks (กุ้ง 25 บ่อ (ทำเป็นบางช่วง)): the text is read without
        them first, and with them only when that names nothing (แปรรูปอาหาร (น้ำพริก))."""
        kept = self._kept_for_itself(text)
        if kept is not None:  # เลี้ยงไก่ (กินเอง): the household's own table, not a trade
            if not kept.strip():
                return Match(None, excluded=True, why="own")
            text = kept
        bare = _NOTES.sub(" ", text)
        # "ลำไย 10 ไร่" is grown, "แพะ 10 ตัว" raised: the unit says so when no word does.
        unit = _UNIT.search(text)
        hint = _UNIT_ACTIVITY.get(unit.group(1), "") if unit else ""
        if bare != text:
            found = self._read(self._tokens(bare), hint)
            family = self.lexicon.crafts.get(found.craft or "")
            # Known, said by what it is, and a group occupation: the note is a remark. An
            # unknown word (เลี้ยงจิโป่ม (จิ้งหรีด)) or a livelihood: the note may say more.
            if (family is not None and found.sure and not family.base) or found.excluded:
                return found
        return self._read(self._tokens(text), hint)

    def _kept_for_itself(self, text: str) -> str | None:
        """``text`` without its parts the household keeps for its own table or use (ทอผ้าไหม
        เลี้ยงไก่ไว้กินเอง is weaving; เลี้ยงไก่ (กินเอง) is nothing), or None when no part is.
        A part is a run between spaces or a note in brackets; one that names nothing (กินเอง
        alone, a note) is said of the part before it. A text that says it sells anything (ส่ง
        ร้าน, รับออเดอร์, เหลือขาย) keeps it all: some is sold."""
        lex = self.lexicon
        folded = text_key(text)
        if not any(w in folded for w in lex.own_use) or any(w in folded for w in lex.sold):
            return None
        parts = [p for p in re.split(r"\s+|(?=[(\[])|(?<=[)\]])", text) if p.strip()]
        keep = [True] * len(parts)
        for k, part in enumerate(parts):
            key = text_key(part)
            if not any(w in key for w in lex.own_use):
                continue
            keep[k] = False
            alone = self._read(self._tokens(_NOTES.sub(" ", part) or part))
            if alone.craft is None and k > 0:  # ไก่ (กินเอง), ไก่ กินเอง: of the part before
                keep[k - 1] = False
        return " ".join(p for p, kept in zip(parts, keep, strict=True) if kept)

    def _read(self, tokens: list[tuple[str, str]], hint: str = "") -> Match:
        lex = self.lexicon
        spans = self._spans(tokens)
        if not spans:
            return Match(None, why="general")
        if any(w.kind == "past" for w in spans):  # เลิกทอผ้าแล้ว: no longer woven
            return Match(None, excluded=True, why="past")
        activity = self._activity(spans) or hint
        if not activity:  # ทำนา + ข้าวหอมมะลิ: the name says what is done with the thing
            activity = next((lex.crafts[e.craft].activity for w in spans for e in w.entries
                             if e.role in ("name", "member")), "")  # fmt: skip
        order = {a: k for k, a in enumerate(ACTIVITIES)}
        weight: dict[str, float] = {}
        roles: dict[str, set[str]] = {}
        said: dict[str, list[str]] = {}
        first_at: dict[str, int] = {}
        named_at: dict[str, int] = {}  # where each family is first said by one of its names
        loose: list[_Word] = []  # objects with no family of the text's activity
        has_name = any(e.role in ("name", "member") for w in spans for e in w.entries)
        things = 0
        # Selling said after the thing is a remark ("ทำตะเกียง (ขายตลาดนัด)"), not the trade.
        thing = next((w.at for w in spans if w.kind == "unknown" or any(
            lex.crafts[e.craft].activity != "trade" for e in w.entries)), 10**6)  # fmt: skip
        for w in spans:
            if w.kind != "form":
                continue
            entries, text = list(w.entries), w.text
            if w.at > thing:
                entries = [e for e in entries if lex.crafts[e.craft].activity != "trade"]
            named = [e for e in entries if e.role in ("name", "member")][:1]
            if (
                named
                and activity in ("grow", "raise", "catch", "make")
                and (lex.crafts[named[0].craft].activity != activity)
            ):
                # วางอวนปู: a net maker's product, but set to catch crabs; กาแฟดอย + คั่ว: a
                # name of the crop, roasted: the word (or its head) as the thing done.
                head = self._known_head(w.text, max(3, (len(w.text) + 1) // 2))
                for word, found in ((w.text, entries), (head, lex.forms.get(head, ()))):
                    redo = [e for e in found if e.role == "object"
                            and lex.crafts[e.craft].activity == activity]  # fmt: skip
                    if redo:
                        named, entries, text = [], redo, word
                        break
            objects = [e for e in entries if e.role == "object"]
            picked = list(named)
            if objects and not named:
                fitting = [e for e in objects if lex.crafts[e.craft].activity == activity]
                if not fitting and activity in _LIVING:  # เลี้ยงเห็ด: grown, said raised
                    fitting = [e for e in objects if lex.crafts[e.craft].activity in _LIVING]
                if not activity or activity == "serve" or (not fitting and activity == "trade"):
                    fitting = sorted(objects, key=lambda e: order[lex.crafts[e.craft].activity])[:1]
                if fitting:
                    picked.extend(fitting)
                elif w.written and w.written != w.text:  # ข้าวจี่: the whole word is the thing
                    loose.append(_Word(w.at, fold(clean(w.written)), "unknown", written=w.written))
                else:
                    loose.append(w)
            # How it is done and of what say the family only where the text says nothing else
            # is done: ปลูกถั่วเหลือง grows what ถั่วเน่า is made of, and makes none.
            picked.extend(
                e
                for e in entries
                if e.role in ("process", "material")
                and (activity in ("", "serve", "trade") or lex.crafts[e.craft].activity == activity)
            )
            shared = Counter(e.role for e in picked)
            later = things > 0  # หมูย่าง … เตาถ่าน: the thing comes first, then what it is like
            things += any(e.role in ("name", "member", "object") for e in picked)
            for e in picked:
                score = _WEIGHT[e.role] * len(w.text) * w.weight * (_LATER if later else 1.0)
                if e.role in ("process", "material"):
                    score /= shared[e.role]  # เขียนลาย is umbrellas, batik, benjarong …: says less
                if e.role == "object" and has_name:
                    score *= 0.5  # บูดู + ปลากะตัก: the name says it, the fish is what it's of
                if w.text in lex.activity:
                    score *= 0.1  # a family named by an activity word (รับจ้าง): the weakest
                weight[e.craft] = weight.get(e.craft, 0.0) + score
                said.setdefault(e.craft, []).append(
                    w.written if text == w.text and w.written else lex.display(text)
                )
                first_at.setdefault(e.craft, w.at)
                if e.role in ("name", "member"):
                    named_at.setdefault(e.craft, w.at)
                roles.setdefault(e.craft, set()).add(e.role)
        lead = next((w for w in spans if w.kind == "form"), None)
        doer = lex.craft_verbs.get(lead.text, "") if lead is not None else ""
        if lead is not None and doer:
            # ปักหมอนอิง embroiders a cushion, ทอผ้าห่ม weaves a blanket: the opening verb is
            # the craft, the thing what it is done to; unless the thing's own family does the
            # same (ทอเสื่อกก: mats), or is a livelihood (ปักดำนา: rice).
            doing = {e.craft for e in lead.entries if e.role == "process"} | {doer}
            done_to = [c for c, r in roles.items()
                       if c != doer and r & {"name", "member", "object"}]  # fmt: skip
            if done_to and not any(c in doing or lex.crafts[c].base for c in done_to):
                weight[doer] = weight.get(doer, 0.0) + _WEIGHT["name"] * len(lead.text)
                said.setdefault(doer, []).insert(0, lead.written or lex.display(lead.text))
                first_at[doer] = named_at[doer] = lead.at
                roles.setdefault(doer, set()).add("name")
        loose_at = {w.at for w in loose if w.written}
        unknown = sorted([w for w in spans if w.kind == "unknown" and w.at not in loose_at]
                         + loose, key=lambda w: w.at)  # fmt: skip
        if weight:
            # A group occupation before a livelihood named beside it: รับจ้างทอผ้า is weaving,
            # ยาหม่อง (ขายตลาดนัด) is balm.
            said_by = {c for c, r in roles.items() if r & {"name", "member", "object"}}
            # Of two names the first is the thing, the second what it is of or like (Thai puts
            # the head first): ทองม้วนน้ำตาลโตนด is tong muan, ทำหมี่พัน ข้าวแคบ noodles.
            best = max(weight, key=lambda c: (not lex.crafts[c].base and c in said_by,
                                              -named_at.get(c, 10**6), weight[c],
                                              -first_at[c], lex.size.get(c, 0), c))  # fmt: skip
            craft = lex.crafts[best]
            if activity == "trade" and craft.activity != "trade":
                if "general_trade" in lex.crafts:  # ขายน้ำพริก sells: general trade
                    return Match("general_trade", (said[best][0],), activity="trade")
                return Match(None, excluded=True, activity="trade", why="trade")
            # A process or a material alone does not say the family when the text names a
            # thing the knowledge base lacks (ปั้นตุ๊กตา is not pottery); both together do.
            named_it = roles[best] & {"name", "member", "object"}
            if named_it or not unknown or {"process", "material"} <= roles[best]:
                shown = tuple(dict.fromkeys(said[best]))
                also = tuple(c for c in sorted(said_by, key=lambda c: (-weight[c], c))
                             if c != best and not lex.crafts[c].base)  # fmt: skip
                return Match(best, shown, activity=activity or craft.activity,
                             sure=bool(named_it), also=also)  # fmt: skip
        if any(w.kind == "none" for w in spans):
            return Match(None, excluded=True, why="none")
        # Selling or hired work, of a thing no group family makes: the livelihood (general
        # trade, wage work), proposed only where the officer switches it on.
        fallback = {"trade": "general_trade", "serve": "wage_labour"}.get(activity, "")
        sold = (
            unknown
            or any(w.kind == "form" for w in spans)
            or any(w.kind == "activity" and w.act == activity and len(w.text) >= 4 for w in spans)
        )  # something sold or done, or a word for the trade itself (ค้าขาย, รับจ้าง): not ขาย
        if fallback in lex.crafts and sold:
            shown = tuple(dict.fromkeys(w.written or w.text for w in unknown))
            return Match(fallback, shown, activity=activity)
        if activity == "trade":
            return Match(None, excluded=True, activity="trade", why="trade")
        if not unknown:
            return Match(None, activity=activity, why="general")
        head = unknown[0].text[:UNKNOWN_HEAD]
        key = f"{UNKNOWN}{activity}:{head}" if activity else f"{UNKNOWN}{head}"
        shown = tuple(dict.fromkeys(w.written or w.text for w in unknown))
        return Match(key, shown, activity=activity)

    def _activity(self, spans: list[_Word]) -> str:
        """What the text says is done: a make, raise, grow or catch word anywhere; else selling
        when the text starts with it (ขายกล้วยทอด sells fried bananas: the process says what is
        sold); else a process (made), ทำ, or hired work."""
        lex = self.lexicon
        said: list[str] = []
        processes: list[str] = []
        first_thing = next((w.at for w in spans if w.kind in ("form", "unknown")), 10**6)
        trade = serve = weak_make = False
        farmed = ""  # ทำสวนทุเรียน, ทำนา: ทำ said of a farm is farming, not making
        for k, w in enumerate(spans):
            if w.kind == "process":
                processes.append(w.act)
            elif w.kind == "form":
                processes.extend(lex.crafts[e.craft].activity for e in w.entries
                                 if e.role == "process")  # fmt: skip
            elif w.kind == "activity":
                if w.act == "trade":
                    trade = trade or w.at < first_thing
                elif w.act == "serve":
                    serve = True
                elif w.act == "make" and w.text in ("ทำ", "งาน"):  # they say little
                    weak_make = True
                    after = spans[k + 1] if k + 1 < len(spans) else None
                    acts = {lex.crafts[e.craft].activity for e in (after.entries if after else ())
                            if e.role in ("name", "member")}  # fmt: skip
                    if len(acts) == 1 and acts <= {"grow", "raise"}:
                        farmed = farmed or next(iter(acts))
                else:
                    said.append(w.act)
        if said:
            return said[0]
        if trade and (first_thing < 10**6 or not weak_make):  # ทำของขาย makes: nothing sold
            return "trade"
        if processes:
            return processes[0]
        if farmed:
            return farmed
        if weak_make:
            return "make"
        return "serve" if serve else ""

    def _leading_verb(self, token: str) -> str:
        """The activity word (ทำ, เลี้ยง, ปลูก …) a longer unknown word starts with, if any:
        not where a longer word starts it (ลาย is no ล่า + ย, หาง no หา + ง)."""
        for n in range(min(len(token) - 1, 8), 1, -1):
            if token[:n] in self.lexicon.activity:
                longer = any(token[:k] in self._dictionary_words for k in range(n + 1, len(token)))
                return "" if longer or len(token) - n < 2 else token[:n]  # ลาย: no ล่า + ย
        return ""

    def _words_all(self, text: str) -> bool:
        """Whether ``text`` splits into dictionary words only (ขาวม้า, not a stray ง)."""
        parts = self._segment(text, self._dictionary)  # type: ignore[arg-type]
        return bool(parts) and all(p in self._dictionary_words and len(p) > 1 for p in parts)

    def _known_head(self, word: str, shortest: int = 2) -> str:
        """The longest known word (of ``shortest`` letters or more) ``word`` starts with."""
        for n in range(len(word) - 1, shortest - 1, -1):
            if word[:n] in self.lexicon.forms:
                return word[:n]
        return ""

    def _fuzzy(self, word: str) -> str | None:
        """The known word ``word`` is a typo of: not for short words (too easily near
        something), nor for a word of the dictionary (ตะเกียง is no typo of ตะเกียบ)."""
        if len(word) < 3 or word in self._thai:
            return None
        same = self._rl.get(_rl(word))  # ปลาล้า for ปลาร้า: letters written for one another
        if same is not None:
            return same
        if len(word) < 5:
            return None
        # A typo changes a letter or two; a word that is part of a longer one is not one.
        slack = max(1, len(word) // 5)
        near = [t for n in range(len(word) - slack, len(word) + slack + 1)
                for t in self._by_length.get(n, ())]  # fmt: skip
        found = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return None if found is None else found[0]
