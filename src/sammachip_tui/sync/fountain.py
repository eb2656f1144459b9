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

The receiver's work is linear in what it received, whatever a frame declares: the degree
table is built once per message; a mix's fragments are found without a list of all N
(``mix_fragments``, at most ``MAX_MIX_DEGREE`` of them: a mix of more is set aside, which
at 30% loss costs no extra frames for 20 to 600 parts, measured); and a fragment, once
known, is XORed only into the mixes waiting for it (a peeling decoder), never into all.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
from functools import lru_cache

MASK64 = (1 << 64) - 1
# Mixes of more fragments than this are set aside by the receiver. Peeling uses a mix only
# once all but one of its fragments are known, which for a mix of many is rare: at 30% loss,
# capping the degree at 64 needed no more frames than no cap for 20, 75, 200 and 600 parts.
MAX_MIX_DEGREE = 64


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


def mix_fragments(
    seq: int, count: int, checksum: int, sampler: _AliasSampler, max_degree: int = MAX_MIX_DEGREE
) -> frozenset[int] | None:
    """``choose_fragments`` for a mix (``seq`` > ``count``) in time of its degree squared,
    not of ``count``; None when its degree is over ``max_degree``. ``sampler`` is
    ``_degree_sampler(count)``, kept by the caller."""
    rng = Xoshiro256(seq.to_bytes(4, "big") + checksum.to_bytes(4, "big"))
    degree = sampler.next(rng) + 1
    if degree > max_degree:
        return None
    taken: list[int] = []  # sorted: what the list-popping shuffle removed so far
    for remaining in range(count, count - degree, -1):
        index = rng.next_int(0, remaining - 1)  # the index-th fragment not yet taken
        for t in taken:
            if t > index:
                break
            index += 1
        bisect.insort(taken, index)
    return frozenset(taken)


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
    when every fragment is known. Holds at most ``count`` fragments and ``count`` mixes."""

    def __init__(self, count: int, checksum: int) -> None:
        self.count = count
        self.checksum = checksum
        self.known: dict[int, bytes] = {}
        self.seen: set[int] = set()
        self._mixes: dict[int, tuple[set[int], bytes]] = {}  # seq → fragments not known, XOR
        self._waiting: defaultdict[int, list[int]] = defaultdict(list)  # fragment → mix seqs
        self._sampler: _AliasSampler | None = None

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
        if seq <= self.count:
            self._learn(seq - 1, data)
            return True
        if self._sampler is None:
            self._sampler = _degree_sampler(self.count)
        chosen = mix_fragments(seq, self.count, self.checksum, self._sampler)
        if chosen is None:
            return True
        unknown = set()
        for i in chosen:
            if i in self.known:
                data = xor(data, self.known[i])
            else:
                unknown.add(i)
        if len(unknown) == 1:
            self._learn(unknown.pop(), data)
        elif unknown and len(self._mixes) < self.count:
            self._mixes[seq] = (unknown, data)
            for i in unknown:
                self._waiting[i].append(seq)
        return True

    def _learn(self, index: int, data: bytes) -> None:
        """A fragment known, and every mix it leaves with one unknown fragment, in turn."""
        queue = [(index, data)]
        while queue:
            index, data = queue.pop()
            if index in self.known:
                continue
            self.known[index] = data
            for seq in self._waiting.pop(index, ()):
                mix = self._mixes.pop(seq, None)
                if mix is None:
                    continue
                unknown, mixed = mix
                unknown.discard(index)
                mixed = xor(mixed, data)
                if len(unknown) == 1:
                    queue.append((unknown.pop(), mixed))
                elif unknown:
                    self._mixes[seq] = (unknown, mixed)

    def fragments(self) -> list[bytes]:
        return [self.known[i] for i in range(self.count)]
