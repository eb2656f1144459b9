"""A message cut into frames, and frames put back together into the message.

The sender makes parts 1..N (the fragments) and, for an animated loop, fountain mixes after
N. The receiver takes frame texts in any order, with duplicates, from several messages at
once, and hands back a message only when every fragment is known and the whole message
matches the CRC32 every frame carries. A frame that cannot be read is refused with a reason
and changes nothing.
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


def make_parts(message: bytes, fragment_len: int) -> Parts:
    if not message or len(message) > MAX_MESSAGE:
        raise ValueError(f"message of {len(message)} bytes cannot be framed")
    fragments = split(message, fragment_len)
    if len(fragments) > MAX_PARTS:
        raise ValueError(f"{len(fragments)} parts: too many")
    return Parts(zlib.crc32(message), len(message), tuple(fragments))


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
    done: dict[int, bytes] = field(default_factory=dict)
    current: int | None = None

    def add(self, text: str) -> bytes | None:
        """Take one frame text; the message once it is complete (once), else None.

        Raises FrameError for a frame that cannot be read or does not fit its message."""
        frame = decode_frame(text)
        self.current = frame.checksum
        if frame.checksum in self.done:
            return None
        decoder = self.decoders.get(frame.checksum)
        if decoder is None:
            decoder = FountainDecoder(frame.count, frame.checksum)
            self.decoders[frame.checksum] = decoder
            self.lengths[frame.checksum] = frame.length
            self.counts[frame.checksum] = frame.count
        elif decoder.count != frame.count or self.lengths[frame.checksum] != frame.length:
            raise FrameError(_("This frame does not belong with the others of its message."))
        if decoder.known and len(frame.data) != len(next(iter(decoder.known.values()))):
            raise FrameError(_("This frame does not belong with the others of its message."))
        decoder.add(frame.seq, frame.data)
        if not decoder.complete:
            return None
        message = b"".join(decoder.fragments())[: frame.length]
        del self.decoders[frame.checksum]
        if zlib.crc32(message) != frame.checksum:
            raise FrameError(_("The message does not check out; scan its frames again."))
        self.done[frame.checksum] = message
        return message

    def progress(self) -> Progress | None:
        """Where the message being scanned stands."""
        if self.current is None:
            return None
        if self.current in self.done:
            n = self.counts[self.current]
            return Progress(self.current, n, n, [])
        decoder = self.decoders[self.current]
        return Progress(
            self.current, decoder.count, len(decoder.known), [i + 1 for i in decoder.missing()]
        )
