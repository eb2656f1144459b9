"""Hybrid logical clocks: an order of edits that survives a clock that jumps back.

A Raspberry Pi has no real-time clock; after a power cut its time may start in 1970 or
lag until NTP (which it rarely has in the field). A stamp is (wall ms, counter, device id),
always greater than every stamp this device issued or received before, so "later" means
"made knowing the other" whatever the wall clock said.

Stamps are fixed-width strings so that comparing two stamps is comparing two strings:
11 hex digits of milliseconds (good until the year 2527), 4 hex digits of counter, then the
8-character device id.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

MS_DIGITS = 11
COUNTER_DIGITS = 4
MAX_COUNTER = 16**COUNTER_DIGITS - 1
STAMP = re.compile(rf"[0-9a-f]{{{MS_DIGITS + COUNTER_DIGITS}}}[0-9A-Z]{{8}}")
# The clock's 11 hex digits of milliseconds end in 2527; a stamp near the end would make the
# next local stamps overflow into a 12th digit and sort wrongly. No honest clock is there.
MAX_STAMP_MS = 16**MS_DIGITS - 1 - 2**32


def is_stamp(stamp: object) -> bool:
    """A well-formed stamp that an honest clock can reach (store/op_checks.py says why not)."""
    return (
        isinstance(stamp, str)
        and STAMP.fullmatch(stamp) is not None
        and int(stamp[:MS_DIGITS], 16) <= MAX_STAMP_MS
    )


def make_stamp(ms: int, counter: int, device: str) -> str:
    return f"{ms:0{MS_DIGITS}x}{counter:0{COUNTER_DIGITS}x}{device}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    ms = int(stamp[:MS_DIGITS], 16)
    counter = int(stamp[MS_DIGITS : MS_DIGITS + COUNTER_DIGITS], 16)
    return ms, counter, stamp[MS_DIGITS + COUNTER_DIGITS :]


class HybridClock:
    """Issues stamps for one device; thread-safe."""

    def __init__(self, device: str, now_ms: Callable[[], int] | None = None) -> None:
        self.device = device
        self._now_ms = now_ms or (lambda: time.time_ns() // 1_000_000)
        self._ms = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> str:
        """A new stamp, greater than any issued or observed so far."""
        with self._lock:
            wall = self._now_ms()
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._counter += 1
                if self._counter > MAX_COUNTER:  # 65,536 stamps in one ms: borrow the next ms
                    self._ms, self._counter = self._ms + 1, 0
            return make_stamp(self._ms, self._counter, self.device)

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen in the journal or in a received operation."""
        ms, counter, _device = parse_stamp(stamp)
        with self._lock:
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter
