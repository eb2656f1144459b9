"""Frames that arrived joined, cut apart again.

A typing scanner sends a whole frame as keys and then Enter; scanned in a burst, several
frames can reach the field as one text (the Enter of one lost behind the keys of the next,
a scanner set to send no Enter, frames pasted in one go), and a frame list edited by hand
can hold two frames on a line. Every frame starts with "6601" and ends in the CRC32 of what
it holds, and its header says how long the message is and in how many parts: the length
of a fragment is then one of a narrow range, so only a few places can end the frame, and
the CRC picks the right one (a wrong cut passes it once in four billion).

What cannot be read (a damaged or truncated frame, digits before the first "6601") comes
back as one piece of its own, so the caller refuses it with its reason and takes every
intact frame around it. Never raises, and its work is linear in the text whatever it holds:
a hostile text of "6601" again and again gives up on the rest after a bounded number of
digits tried (``_BUDGET_PER_DIGIT``), as one piece.
"""

from __future__ import annotations

from sammachip_tui.sync.frames import (
    _BYTES_FOR,
    MAX_FRAME_DIGITS,
    MAX_MESSAGE,
    MAX_PARTS,
    OVERHEAD_BYTES,
    PREFIX,
    VERSION,
    FrameError,
    decode_frame,
    from_digits,
    normalise,
)

# The header (version, message CRC, seq, count, length: 12 bytes) lies in the first two
# groups of 17 digits after the prefix.
_HEADER_DIGITS = len(PREFIX) + 34
_MIN_FRAME_DIGITS = len(PREFIX) + 34 + 7  # 16 bytes of overhead and one of fragment
# A frame is tried at most this many lengths (a frame whose own digits hold "6601" a few
# times still is found; hostile text is not tried for ever), and all the frames tried in one
# text are at most this many digits for each digit of the text.
_TRIES_PER_START = 16
_BUDGET_PER_DIGIT = 8
# Room for a frame cut short in a burst of frames of the largest code: each of its tries
# may run to the end of a later frame.
_BUDGET_FLOOR = 2 * _TRIES_PER_START * MAX_FRAME_DIGITS


def split_frames(text: str) -> list[str]:
    """The frame texts in ``text``, in order: one for a single frame (or for what is not a
    frame at all, which ``decode_frame`` then refuses with its reason); none for blank text."""
    if not text.strip():
        return []
    try:
        digits = normalise(text)
    except FrameError:
        return [text]  # letters: refused as a whole, with the keyboard hint
    pieces: list[str] = []
    bad_from: int | None = None  # where the piece that cannot be read began
    budget = _BUDGET_PER_DIGIT * len(digits) + _BUDGET_FLOOR
    pos = 0
    while pos < len(digits):
        end, spent = _frame_end(digits, pos, budget)
        budget -= spent
        if end is None:
            if bad_from is None:
                bad_from = pos
            following = digits.find(PREFIX, pos + 1) if budget > 0 else -1
            pos = len(digits) if following < 0 else following
            continue
        if bad_from is not None:
            pieces.append(digits[bad_from:pos])
            bad_from = None
        pieces.append(digits[pos:end])
        pos = end
    if bad_from is not None:
        pieces.append(digits[bad_from:])
    return pieces


def _frame_end(digits: str, pos: int, budget: int) -> tuple[int | None, int]:
    """(where the frame that starts at ``pos`` ends, or None; the digits tried).

    A frame ends where the next one starts or where the text ends, or up to three digits
    before (what was left of a frame cut off within its "6601")."""
    fragment = _fragment_range(digits, pos)
    if fragment is None:
        return None, 0
    low, high = fragment
    spent = tries = 0
    last = min(len(digits), pos + MAX_FRAME_DIGITS)
    marker = digits.find(PREFIX, pos + _MIN_FRAME_DIGITS)
    while tries < _TRIES_PER_START and spent < budget:
        at = len(digits) if marker < 0 else marker
        for end in range(at, max(at - len(PREFIX), pos + _MIN_FRAME_DIGITS - 1), -1):
            size = _bytes_in(end - pos - len(PREFIX))
            if end > last or size is None or not low <= size - OVERHEAD_BYTES <= high:
                continue
            tries += 1
            spent += end - pos
            try:
                decode_frame(digits[pos:end])
            except FrameError:
                continue
            return end, spent
        if marker < 0 or marker - len(PREFIX) >= last:
            break
        marker = digits.find(PREFIX, marker + 1)
    return None, spent


def _fragment_range(digits: str, pos: int) -> tuple[int, int] | None:
    """The fragment lengths the header at ``pos`` allows (count = ⌈length / fragment⌉),
    or None when no frame starts there."""
    if not digits.startswith(PREFIX, pos) or len(digits) - pos < _MIN_FRAME_DIGITS:
        return None
    try:
        header = from_digits(digits[pos + len(PREFIX) : pos + _HEADER_DIGITS])
    except ValueError:
        return None
    count = int.from_bytes(header[7:9], "big")
    length = int.from_bytes(header[9:12], "big")
    if header[0] != VERSION or not 1 <= count <= min(length, MAX_PARTS) or length > MAX_MESSAGE:
        return None
    low = -(-length // count)
    high = -(-length // (count - 1)) - 1 if count > 1 else MAX_FRAME_DIGITS
    return low, high


def _bytes_in(digit_count: int) -> int | None:
    """How many bytes ``digit_count`` digits after the prefix hold, if a frame can have them."""
    full, rest = divmod(digit_count, 17)
    if rest and rest not in _BYTES_FOR:
        return None
    return full * 7 + (_BYTES_FOR[rest] if rest else 0)
