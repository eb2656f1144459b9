"""Fountain parts after the plain ones, as BC-UR does it (BCR-2020-005).

A message of N fragments is sent as parts 1..N, each one fragment (a printed sheet needs
only those), then parts N+1, N+2, ... each the XOR of a pseudo-random subset of fragments.
An animated loop that misses frames still completes sooner from the mixes than by waiting
for the missed plain parts to come round again (reference/qr-transfer.md: at 30% loss, a
median of 2.4×N frames instead of 3.9×N).

The subset of part ``seq`` depends only on (seq, message CRC32): Xoshiro256** seeded with
SHA-256 of both, a degree drawn with probability 1/k (Vose's alias method), then the first
``degree`` indexes of a Fisher–Yates shuffle. Sender and receiver compute the same subsets;
nothing about them travels in the frame.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

MASK64 = (1 << 64) - 1


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (64 - k))) & MASK64


class Xoshiro256:
    """xoshiro256** 1.0 (Blackman and Vigna), seeded from SHA-256 of the seed bytes."""

    def __init__(self, seed: bytes) -> None:
        digest = hashlib.sha256(seed).digest()
        self.s = [int.from_bytes(digest[i * 8 : i * 8 + 8], "big") for i in range(4)]

    def next(self) -> int:
        s = self.s
        result = (_rotl((s[1] * 5) & MASK64, 7) * 9) & MASK64
        t = (s[1] << 17) & MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def next_double(self) -> float:
        return self.next() / (MASK64 + 1)

    def next_int(self, low: int, high: int) -> int:
        return int(self.next_double() * (high - low + 1)) + low


class _AliasSampler:
    """Vose's alias method over fixed weights."""

    def __init__(self, weights: list[float]) -> None:
        n = len(weights)
        total = sum(weights)
        p = [w * n / total for w in weights]
        small = [i for i in reversed(range(n)) if p[i] < 1]
        large = [i for i in reversed(range(n)) if p[i] >= 1]
        self.probs = [0.0] * n
        self.aliases = [0] * n
        while small and large:
            a, g = small.pop(), large.pop()
            self.probs[a] = p[a]
            self.aliases[a] = g
            p[g] += p[a] - 1
            (small if p[g] < 1 else large).append(g)
        for i in large + small:
            self.probs[i] = 1.0

    def next(self, rng: Xoshiro256) -> int:
        r1, r2 = rng.next_double(), rng.next_double()
        i = int(len(self.probs) * r1)
        return i if r2 < self.probs[i] else self.aliases[i]


@lru_cache(maxsize=8)
def _degree_sampler(count: int) -> _AliasSampler:
    return _AliasSampler([1.0 / k for k in range(1, count + 1)])


def choose_fragments(seq: int, count: int, checksum: int) -> frozenset[int]:
    """The 0-based fragment indexes XORed into part ``seq`` (1-based) of ``count``."""
    if seq <= count:
        return frozenset({seq - 1})
    rng = Xoshiro256(seq.to_bytes(4, "big") + checksum.to_bytes(4, "big"))
    degree = _degree_sampler(count).next(rng) + 1
    remaining = list(range(count))
    chosen: list[int] = []
    while len(chosen) < degree:
        chosen.append(remaining.pop(rng.next_int(0, len(remaining) - 1)))
    return frozenset(chosen)


def xor(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).to_bytes(len(a), "big")


def split(message: bytes, fragment_len: int) -> list[bytes]:
    """Equal fragments; the last one padded with zeros (the frame carries the true length)."""
    count = max(1, -(-len(message) // fragment_len))
    padded = message.ljust(count * fragment_len, b"\0")
    return [padded[i * fragment_len : (i + 1) * fragment_len] for i in range(count)]


def part_data(fragments: list[bytes], seq: int, checksum: int) -> bytes:
    """What part ``seq`` carries: one fragment, or the XOR of several."""
    indexes = sorted(choose_fragments(seq, len(fragments), checksum))
    data = fragments[indexes[0]]
    for i in indexes[1:]:
        data = xor(data, fragments[i])
    return data


class FountainDecoder:
    """Collects parts of one message in any order, with duplicates, plain or mixed, and says
    when every fragment is known."""

    def __init__(self, count: int, checksum: int) -> None:
        self.count = count
        self.checksum = checksum
        self.known: dict[int, bytes] = {}
        self._mixed: dict[frozenset[int], bytes] = {}
        self.seen: set[int] = set()

    @property
    def complete(self) -> bool:
        return len(self.known) == self.count

    def missing(self) -> list[int]:
        """0-based indexes of the fragments not known yet."""
        return [i for i in range(self.count) if i not in self.known]

    def add(self, seq: int, data: bytes) -> bool:
        """Take part ``seq``; False if it was seen before (nothing new)."""
        if seq in self.seen:
            return False
        self.seen.add(seq)
        self._reduce(set(choose_fragments(seq, self.count, self.checksum)), data)
        return True

    def _reduce(self, indexes: set[int], data: bytes) -> None:
        for i in [i for i in indexes if i in self.known]:
            indexes.discard(i)
            data = xor(data, self.known[i])
        if not indexes:
            return
        if len(indexes) > 1:
            self._mixed[frozenset(indexes)] = data
            return
        (index,) = indexes
        self.known[index] = data
        # A new fragment may reduce mixed parts to single fragments, and those others.
        waiting = list(self._mixed.items())
        self._mixed.clear()
        for mixed, mixed_data in waiting:
            self._reduce(set(mixed), mixed_data)

    def fragments(self) -> list[bytes]:
        return [self.known[i] for i in range(self.count)]
