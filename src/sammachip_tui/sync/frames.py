"""QR frames as digits: the "6601" format of reference/qr-transfer.md §3.

    text  = "6601" + NUM(body ‖ CRC32(body))          QR numeric mode; 7 bytes → 17 digits
    body  = ver u8=1 | msgCRC32 u32 | seq u16 | count u16 | msgLen u24 | fragment

Digits are the densest text that any scanner types correctly whatever the keyboard layout
(no Shift, no case), and every QR reader supports numeric mode. The frame CRC catches a
typing scanner's dropped or swapped keys, which QR's own error correction cannot see. The
message CRC32 names the message (frames of two messages never mix) and seeds the fountain.

A USB scanner typing into a Thai keyboard layout produces จๅ/-ภถุึคต for 0-9; those map back.

The fragment is XORed with a keystream of (message CRC, seq) on the wire. Runs of zero bytes
(a zero-padded last fragment, or two equal regions XORed in a fountain mix) would otherwise
make all-zero QR data blocks, which the qrcode library cannot encode (glog(0)).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _

PREFIX = "6601"
VERSION = 1
HEADER_BYTES = 12  # ver, message CRC, seq, count, message length
OVERHEAD_BYTES = HEADER_BYTES + 4  # and the frame CRC
# What a frame may declare. The largest bundle sammachip sends as frames is a district's
# household register: a village of 200 households is about 6.3 KB (village-200.csv), so
# 1 MiB is some 165 villages, past the largest district, and past what anyone scans (9,200
# frames at 80x24). A larger bundle travels as a file. Fragments of the smallest code the
# send screen draws are 59 bytes or more (v4-L), so 1 MiB is at most 17,772 parts; the
# header's own limits (16 MiB, 65,535 parts) are far past anything sent.
MAX_MESSAGE = 1 << 20
MAX_PARTS = 18_000
# The most digits a QR code holds (version 40-L, numeric mode), and a typed frame's room for
# the line ends and spaces a scanner adds.
MAX_FRAME_DIGITS = 7089
MAX_FRAME_TEXT = 2 * MAX_FRAME_DIGITS

# Digits of a final group of 1..7 bytes (the largest value of k bytes needs this many).
_DIGITS_FOR = {k: len(str((1 << (8 * k)) - 1)) for k in range(1, 8)}
_BYTES_FOR = {d: k for k, d in _DIGITS_FOR.items()}

# What a US-layout scanner's digit keys type when the computer's layout is Thai (Kedmanee).
THAI_LAYOUT_DIGITS = str.maketrans("จๅ/-ภถุึคต", "0123456789")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class FrameError(UserError):
    """A frame that cannot be used; ``message`` says why."""


def to_digits(data: bytes) -> str:
    out = []
    for i in range(0, len(data), 7):
        chunk = data[i : i + 7]
        out.append(str(int.from_bytes(chunk, "big")).zfill(_DIGITS_FOR[len(chunk)]))
    return "".join(out)


def from_digits(text: str) -> bytes:
    full, rest = divmod(len(text), 17)
    if rest and rest not in _BYTES_FOR:
        raise ValueError("digit count does not end a byte group")
    out = bytearray()
    for i in range(full + (1 if rest else 0)):
        group = text[i * 17 : i * 17 + 17]
        size = 7 if len(group) == 17 else _BYTES_FOR[len(group)]
        value = int(group)
        if value >= 1 << (8 * size):
            raise ValueError("digit group out of range")
        out += value.to_bytes(size, "big")
    return bytes(out)


def digit_capacity_bytes(digits: int) -> int:
    """How many bytes a QR holding ``digits`` numeric characters carries after the prefix."""
    usable = digits - len(PREFIX)
    full, rest = divmod(usable, 17)
    tail = max((k for k, d in _DIGITS_FOR.items() if d <= rest), default=0)
    return full * 7 + tail


@dataclass(frozen=True)
class Frame:
    checksum: int  # CRC32 of the whole message: its name
    seq: int  # 1-based; above ``count`` a fountain mix
    count: int  # fragments in the message
    length: int  # message bytes
    data: bytes  # a fragment, or a mix of fragments

    def encode(self) -> str:
        body = (
            bytes([VERSION])
            + self.checksum.to_bytes(4, "big")
            + self.seq.to_bytes(2, "big")
            + self.count.to_bytes(2, "big")
            + self.length.to_bytes(3, "big")
            + _whiten(self.data, self.checksum, self.seq)
        )
        return PREFIX + to_digits(body + zlib.crc32(body).to_bytes(4, "big"))


def _whiten(data: bytes, checksum: int, seq: int) -> bytes:
    stream = hashlib.shake_128(checksum.to_bytes(4, "big") + seq.to_bytes(2, "big"))
    mask = stream.digest(len(data))
    return (int.from_bytes(data, "big") ^ int.from_bytes(mask, "big")).to_bytes(len(data), "big")


def normalise(text: str) -> str:
    """What a scanner typed, as digits: line ends and spaces dropped, Thai-layout keys and
    Thai digits mapped back. Raises FrameError when letters remain (a keyboard in the wrong
    layout for the scanner, or not a frame at all)."""
    cleaned = re.sub(r"\s+", "", text).translate(THAI_LAYOUT_DIGITS).translate(THAI_DIGITS)
    if not cleaned.isascii() or not cleaned.isdigit():
        raise FrameError(
            _(
                "Not a sammachip frame: it holds letters. If a scanner typed it, switch the "
                "keyboard to English (or Thai) and scan again."
            )
        )
    return cleaned


def decode_frame(text: str) -> Frame:
    if len(text) > MAX_FRAME_TEXT:
        raise FrameError(_("This is longer than any QR code holds: not a sammachip frame."))
    digits = normalise(text)
    if len(digits) > MAX_FRAME_DIGITS:
        raise FrameError(_("This is longer than any QR code holds: not a sammachip frame."))
    if not digits.startswith(PREFIX):
        raise FrameError(_("Not a sammachip frame (it does not start with 6601)."))
    try:
        raw = from_digits(digits[len(PREFIX) :])
    except ValueError:
        raise FrameError(
            _("The frame is damaged (digits missing or extra); scan it again.")
        ) from None
    if len(raw) < OVERHEAD_BYTES + 1:
        raise FrameError(_("The frame is too short; scan it again."))
    body, crc = raw[:-4], raw[-4:]
    if zlib.crc32(body).to_bytes(4, "big") != crc:
        raise FrameError(_("The frame is damaged (check digits differ); scan it again."))
    if body[0] != VERSION:
        raise FrameError(_("The frame comes from another version of sammachip."))
    frame = Frame(
        checksum=int.from_bytes(body[1:5], "big"),
        seq=int.from_bytes(body[5:7], "big"),
        count=int.from_bytes(body[7:9], "big"),
        length=int.from_bytes(body[9:12], "big"),
        data=_whiten(body[12:], int.from_bytes(body[1:5], "big"), int.from_bytes(body[5:7], "big")),
    )
    # Fragments are all of one size, the last padded: the count follows from the length.
    if frame.seq < 1 or frame.length < 1 or frame.count != -(-frame.length // len(frame.data)):
        raise FrameError(_("The frame is damaged (its numbering does not add up)."))
    if frame.length > MAX_MESSAGE or frame.count > MAX_PARTS:
        raise FrameError(
            _("The frame declares a bundle larger than sammachip sends as QR frames: refused.")
        )
    return frame
