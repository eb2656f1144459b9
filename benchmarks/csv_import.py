"""Reading a household list row by row (store/csv_rows) against Python's csv reader.

    .venv/bin/python benchmarks/csv_import.py

The strict reader keeps a damaged row to itself; this shows what that costs on a sound file
(the sample repeated to 10,000 rows) and that damage does not make it slower than linear: a
stray quote on every row, and one 10 MB row. Figures only (tests never assert times).
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sammachip_tui.store.csv_rows import read_rows
from sammachip_tui.store.demo import demo_csv


def _best_of(fn: Callable[[], object], rounds: int = 5) -> float:
    samples = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def _ours(text: str) -> int:
    _header, rows = read_rows(text)
    return sum(1 for _ in rows)


def _python_csv(text: str) -> int:
    """Rows csv.reader hands back before it gives up (it stops at a 128 KiB field)."""
    rows = 0
    try:
        for _ in csv.reader(io.StringIO(text)):
            rows += 1
    except csv.Error:
        pass
    return rows - 1


def measure() -> dict[str, dict[str, float]]:
    lines = demo_csv().read_text("utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    sound = "\r\n".join([header, *(body * 50)]) + "\r\n"
    quoted = "\r\n".join([header, *(f'"{row}' for row in body * 50)]) + "\r\n"
    huge = header + "\r\n" + body[0] + "ก" * 10_000_000 + "\r\n" + "\r\n".join(body) + "\r\n"
    results: dict[str, dict[str, float]] = {}
    for name, text in (("sound", sound), ("stray quote on every row", quoted), ("10 MB row", huge)):
        results[name] = {
            "mib": len(text.encode("utf-8")) / 2**20,
            "rows": _ours(text),
            "csv_rows": _python_csv(text),
            "ours_s": _best_of(lambda t=text: _ours(t)),  # type: ignore[misc]
            "csv_s": _best_of(lambda t=text: _python_csv(t)),  # type: ignore[misc]
        }
    return results


def main() -> None:
    print("Reading a household list: store/csv_rows against csv.reader (median of 5)")
    results = measure()
    per_mib = results["sound"]["ours_s"] / results["sound"]["mib"]
    for name, r in results.items():
        print(
            f"  {name:25} {r['mib']:5.1f} MiB: ours {r['ours_s'] * 1000:6.1f} ms"
            f" ({r['ours_s'] / r['mib'] / per_mib:.1f}× the sound file per MiB),"
            f" {r['rows']:5.0f} rows;"
            f" csv.reader {r['csv_s'] * 1000:6.1f} ms = {r['ours_s'] / r['csv_s']:.1f}×,"
            f" {r['csv_rows']:5.0f} rows"
        )


if __name__ == "__main__":
    main()
