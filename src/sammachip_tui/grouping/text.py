"""Occupation text as officers receive it, made comparable.

People say the same occupation many ways: with or without tone marks (กระติ๊บ, กระติบ), with
counts and units (เลี้ยงไก่ไข่ 50 ตัว), with notes in brackets (แปรรูปอาหาร (น้ำพริก)), in Thai
or Arabic digits. ``clean`` keeps the words; ``fold`` is the key two spellings share.
"""

from __future__ import annotations

import re
import unicodedata

from sammachip_tui.model.thai import to_arabic_digits

# A count and its unit says how big, not what: "50 ตัว", "2 ไร่", "100 ก้อน".
_UNITS = ("ตัว|ไร่|งาน|ต้น|บ่อ|กิโลกรัม|กิโล|กก\\.?|ถุง|ก้อน|ตารางวา|ตร\\.ว\\.|โรง|หลัง|กระชัง"
          "|แปลง|ปี|เดือน|ครั้ง|บาท|คน|ชิ้น|ผืน|ใบ|ลูก|ขวด|กล่อง")  # fmt: skip
_COUNT = re.compile(rf"\d[\d,\.]*\s*(?:{_UNITS})?")
_BRACKETS = re.compile(r"[()\[\]{}<>\"'“”‘’]")
_PUNCT = re.compile(r"[,;:/\\|+*=!?&._\-–—…~#%@^]+")
_SPACE = re.compile(r"\s+")
_TONES = dict.fromkeys(map(ord, "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e47\u0e46\u0e2f"), None)  # ์ ็ ๆ ฯ
# A letter under ์ is silent, and officers write it or leave it out (ไฮโดรโปนิกส์/ไฮโดรโปนิก):
# the letter goes with its mark (with ิ or ุ when written on it: ศาสตร์, พันธุ์).
_SILENT = re.compile("[\u0e01-\u0e2e][\u0e34\u0e38]?\u0e4c")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)


def clean(text: str) -> str:
    """The words of ``text``: no counts, units, brackets or punctuation; one space between."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # ํ + า typed for ำ
    text = text.replace("\u0e40\u0e40", "\u0e41")  # เ + เ typed for แ
    text = to_arabic_digits(text).lower()
    text = _COUNT.sub(" ", text)
    text = _BRACKETS.sub(" ", text)
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def fold(word: str) -> str:
    """The key spelling variants share: tone marks, ็, ๆ and silent letters dropped, ใ read as
    ไ (ใส่/ไส่ is a common slip)."""
    return _SILENT.sub("", word).translate(_TONES).replace("\u0e43", "\u0e44")


def text_key(text: str) -> str:
    """One key per occupation text however it is typed (marks, spaces, counts, brackets): what
    the officer's lessons (merge, split, not a group occupation) are keyed by."""
    return fold(clean(text)).replace(" ", "")


def fold_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)``, and for each of its letters (and its end) where it was in ``text``: so a
    word found in the folded text can be read as it was written."""
    dropped = {i for m in _SILENT.finditer(text) for i in range(m.start(), m.end())}
    letters, where = [], []
    for i, c in enumerate(text):
        if i in dropped or ord(c) in _TONES:
            continue
        letters.append("\u0e44" if c == "\u0e43" else c)
        where.append(i)
    where.append(len(text))
    return "".join(letters), where


_TONE_MARKS = frozenset("\u0e48\u0e49\u0e4a\u0e4b")


def tone_marks(word: str) -> list[frozenset[str]]:
    """For each letter of ``fold(word)``, the tone marks written on it."""
    _folded, where = fold_map(word)
    return [frozenset(c for c in word[where[j] + 1 : where[j + 1]] if c in _TONE_MARKS)
            for j in range(len(where) - 1)]  # fmt: skip


_LOAN_SLIP = frozenset("\u0e49\u0e4a")  # ้ and ๊: a loanword's tone, written either way


def marked_otherwise(word: str, spelling: str) -> bool:
    """Whether ``word`` carries another tone mark than ``spelling`` (folded alike) on a letter
    both mark: เสื่อ beside เสื้อ, ช้าง beside ช่าง, เกี่ยว beside เกี๊ยว. A mark left out
    (ข้าวแตน for ข้าวแต๋น), added (กระติ๊บ for กระติบ, คุ้กกี้), doubled (ร่้), or ๊ for ้ (เค๊ก for
    เค้ก: the tone of a foreign word is anyone's guess) is how people write one word."""
    return any(
        a and b and not a & b and a | b != _LOAN_SLIP
        for a, b in zip(tone_marks(word), tone_marks(spelling), strict=False)
    )
