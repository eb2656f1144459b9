"""A message cut into frames, and frames put back together into the message.

The sender makes parts 1..N (the fragments) and, for an animated loop, fountain mixes after
N. The receiver takes frame texts in any order, with duplicates, from several messages at
once, and hands back a message only when every fragment is known and the whole message
matches the CRC32 every frame carries. A frame that cannot be read is refused with a reason
and changes nothing.

Bounded: a message is at most ``MAX_MESSAGE`` bytes in ``MAX_PARTS`` parts (frames.py), its
decoder holds at most two fragments' worth per part, and at most ``MAX_OPEN`` messages are
put together at once (a frame of yet another is refused until one of them completes).
Completed messages are remembered by their CRC only.

A sender whose window changes size cuts the same message into frames of another size (same
CRC and length, another count): the receiver goes on in the new cut, keeping every byte the
frames read so far gave, and says so (``note``), rather than refusing every new frame.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from sammachip_tui.i18n import _
from sammachip_tui.sync.fountain import FountainDecoder, part_data, split
from sammachip_tui.sync.frames import (
    MAX_MESSAGE,
    MAX_PARTS,
    Frame,
    FrameError,
    decode_frame,
)


@dataclass(frozen=True)
class Parts:
    """The frames of one message; ``frame(seq)`` for any seq ≥ 1 (fountain mixes above N)."""

    checksum: int
    length: int
    fragments: tuple[bytes, ...]

    @property
    def count(self) -> int:
        return len(self.fragments)

    def frame(self, seq: int) -> Frame:
        data = part_data(list(self.fragments), seq, self.checksum)
        return Frame(self.checksum, seq, self.count, self.length, data)

    def texts(self, extra: int = 0) -> Iterator[str]:
        """Frame texts 1..N, then ``extra`` fountain mixes."""
        for seq in range(1, self.count + extra + 1):
            yield self.frame(seq).encode()


MAX_OPEN = 8


class TooLargeForFrames(FrameError):
    """A bundle past what frames carry (frames.MAX_MESSAGE / MAX_PARTS): send it as a file."""


def make_parts(message: bytes, fragment_len: int) -> Parts:
    if not message or fragment_len < 1:
        raise ValueError(f"message of {len(message)} bytes cannot be framed")
    if len(message) > MAX_MESSAGE or -(-len(message) // fragment_len) > MAX_PARTS:
        raise TooLargeForFrames(
            _("This bundle ({kb} KB) is too large to send as QR frames (at most {max} KB in "
              "{parts} frames): send it as a bundle file instead (sammachip sync send --out "
              "FILE).").format(kb=-(-len(message) // 1024), max=MAX_MESSAGE // 1024,
                               parts=MAX_PARTS)
        )  # fmt: skip
    return Parts(zlib.crc32(message), len(message), tuple(split(message, fragment_len)))


@dataclass
class Progress:
    checksum: int
    count: int
    known: int
    missing: list[int]  # 1-based part numbers still missing


@dataclass
class Assembler:
    """Frames in, whole messages out."""

    decoders: dict[int, FountainDecoder] = field(default_factory=dict)
    lengths: dict[int, int] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)
    fragment_lens: dict[int, int] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)
    current: int | None = None
    notes: dict[int, str] = field(default_factory=dict)  # a new cut, said until it completes

    @property
    def note(self) -> str:
        """What changed for the message being read beyond its frames (the sender re-cut it),
        for the officer; kept until that message is complete."""
        return "" if self.current is None else self.notes.get(self.current, "")

    def add(self, text: str) -> bytes | None:
        """Take one frame text; the message once it is complete (once), else None.

        Raises FrameError for a frame that cannot be read or does not fit its message."""
        frame = decode_frame(text)
        if frame.checksum in self.done:
            self.current = frame.checksum
            return None
        decoder = self.decoders.get(frame.checksum)
        if decoder is not None and self.lengths[frame.checksum] != frame.length:
            raise FrameError(_("This frame does not belong with the others of its message."))
        if decoder is not None and (
            decoder.count != frame.count or self.fragment_lens[frame.checksum] != len(frame.data)
        ):
            decoder = self._recut(frame, decoder)
        if decoder is None:
            if len(self.decoders) >= MAX_OPEN:
                raise FrameError(
                    _(
                        "Frames of {n} other bundles are still incomplete: finish scanning one "
                        "of them first, or start receiving again."
                    ).format(n=len(self.decoders))
                )
            decoder = FountainDecoder(frame.count, frame.checksum)
            self.decoders[frame.checksum] = decoder
            self.lengths[frame.checksum] = frame.length
            self.counts[frame.checksum] = frame.count
            self.fragment_lens[frame.checksum] = len(frame.data)
        self.current = frame.checksum
        decoder.add(frame.seq, frame.data)
        if not decoder.complete:
            return None
        message = b"".join(decoder.fragments())[: frame.length]
        del self.decoders[frame.checksum]
        del self.fragment_lens[frame.checksum]
        self.notes.pop(frame.checksum, None)
        if zlib.crc32(message) != frame.checksum:
            raise FrameError(_("The message does not check out; scan its frames again."))
        self.done.add(frame.checksum)
        return message

    def _recut(self, frame: Frame, old: FountainDecoder) -> FountainDecoder:
        """The same message (its CRC and length) cut into frames of another size: the sender's
        window changed size, or its error correction. Its parts start again in the new cut,
        and every new fragment whose bytes the old plain parts (or mixes already solved) gave
        is known at once, so the frames read so far still count."""
        checksum, length = frame.checksum, frame.length
        old_len, new_len = self.fragment_lens[checksum], len(frame.data)
        data, have = bytearray(old.count * old_len), bytearray(old.count * old_len)
        for index, fragment in old.known.items():
            data[index * old_len : (index + 1) * old_len] = fragment
            have[index * old_len : (index + 1) * old_len] = b"\1" * old_len
        decoder = FountainDecoder(frame.count, checksum)
        for index in range(frame.count):
            start, end = index * new_len, min((index + 1) * new_len, length)
            if 0 not in have[start:end]:
                decoder.add(index + 1, bytes(data[start:end]).ljust(new_len, b"\0"))
        self.decoders[checksum] = decoder
        self.counts[checksum] = frame.count
        self.fragment_lens[checksum] = new_len
        self.notes[checksum] = _(
            "The sender changed the size of its frames: the same bundle now comes in {n} parts, "
            "{k} of them known from the frames read so far."
        ).format(n=frame.count, k=len(decoder.known))
        return decoder

    def progress(self) -> Progress | None:
        """Where the message being scanned stands."""
        if self.current is None:
            return None
        if self.current in self.done:
            n = self.counts[self.current]
            return Progress(self.current, n, n, [])
        decoder = self.decoders.get(self.current)
        if decoder is None:  # its frames made a message that did not check out
            return None
        return Progress(
            self.current, decoder.count, len(decoder.known), [i + 1 for i in decoder.missing()]
        )
