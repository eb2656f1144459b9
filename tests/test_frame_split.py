"""Frames scanned in a burst arrive joined: cut apart on frame boundaries, every intact one
taken, what cannot be read refused as one piece, never a crash nor unbounded work."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sammachip_tui.sync import frame_split
from sammachip_tui.sync.frame_split import split_frames
from sammachip_tui.sync.frames import FrameError, decode_frame
from sammachip_tui.sync.parts import Assembler, make_parts

US_TO_THAI = str.maketrans("0123456789", "จๅ/-ภถุึคต")


def frames_of(message: bytes, fragment_len: int, extra: int = 0) -> list[str]:
    return list(make_parts(message, fragment_len).texts(extra))


messages = st.binary(min_size=1, max_size=700)
fragment_lens = st.integers(min_value=1, max_value=460)
separators = st.sampled_from(["", "", "\n", "\r\n", " ", "\t"])


def test_three_frames_joined_come_apart_and_make_the_bundle() -> None:
    message = bytes(range(256)) * 3
    texts = frames_of(message, 300)
    assert len(texts) == 3
    assert split_frames("".join(texts)) == texts
    assembler = Assembler()
    got = [assembler.add(t) for t in split_frames("".join(texts))]
    assert got[-1] == message


def test_a_burst_typed_in_the_thai_layout_comes_apart() -> None:
    texts = frames_of(b"\x01" * 400, 150)
    assert split_frames("".join(texts).translate(US_TO_THAI)) == texts


def test_a_damaged_frame_between_two_good_ones_is_one_refused_piece() -> None:
    texts = frames_of(bytes(range(200)) * 2, 120)
    damaged = texts[1][:40] + ("1" if texts[1][40] != "1" else "2") + texts[1][41:]
    pieces = split_frames(texts[0] + damaged + texts[2])
    assert pieces == [texts[0], damaged, texts[2]]
    with pytest.raises(FrameError):
        decode_frame(pieces[1])


def test_letters_and_empty_text_are_left_to_the_frame_reader() -> None:
    assert split_frames("hello 6601") == ["hello 6601"]
    assert split_frames(" \n") == []


@settings(max_examples=300, deadline=None)
@given(messages, fragment_lens, st.integers(0, 4), st.data())
def test_joined_frames_come_apart_exactly(
    message: bytes, fragment_len: int, extra: int, data: st.DataObject
) -> None:
    texts = frames_of(message, fragment_len, extra)
    chosen = data.draw(st.lists(st.sampled_from(texts), min_size=1, max_size=6))
    joined = "".join(t + data.draw(separators) for t in chosen)
    assert split_frames(joined) == chosen


@settings(max_examples=300, deadline=None)
@given(messages, fragment_lens, st.data())
def test_a_truncated_frame_loses_only_itself(
    message: bytes, fragment_len: int, data: st.DataObject
) -> None:
    texts = frames_of(message, fragment_len, 2)
    chosen = data.draw(st.lists(st.sampled_from(texts), min_size=2, max_size=5))
    cut = data.draw(st.integers(0, len(chosen) - 1))
    keep = data.draw(st.integers(0, len(chosen[cut]) - 1))
    joined = [*chosen[:cut], chosen[cut][:keep], *chosen[cut + 1 :]]
    pieces = split_frames("".join(joined))
    assert "".join(pieces) == "".join(joined)  # nothing lost, nothing doubled
    intact = chosen[:cut] + chosen[cut + 1 :]
    readable = [p for p in pieces if _reads(p)]
    assert readable == intact


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789", max_size=3000),
        st.text(alphabet="6601 \n", max_size=3000),
        st.text(max_size=300),
    )
)
def test_hostile_text_never_raises_and_keeps_every_digit(text: str) -> None:
    pieces = split_frames(text)
    for piece in pieces:
        with contextlib.suppress(FrameError):
            decode_frame(piece)
    if text.strip() and "".join(text.split()).isdigit():
        assert "".join(pieces) == "".join(text.split())


def test_work_on_hostile_text_is_bounded_by_its_length(monkeypatch: pytest.MonkeyPatch) -> None:
    # A header that passes every check (one part of a message of one byte, so any fragment
    # length would do), followed by the prefix again and again: each may end the frame.
    header = make_parts(b"x", 3000).frame(1).encode()[:38]
    hostile = (header + "6601" * 5000) * 20
    tried: list[int] = []
    real = frame_split.decode_frame

    def counting(text: str) -> object:
        tried.append(len(text))
        return real(text)

    monkeypatch.setattr(frame_split, "decode_frame", counting)
    pieces = split_frames(hostile)
    assert "".join(pieces) == hostile
    assert sum(tried) <= frame_split._BUDGET_PER_DIGIT * len(hostile) + frame_split._BUDGET_FLOOR


def _reads(piece: str) -> bool:
    try:
        decode_frame(piece)
    except FrameError:
        return False
    return True
