"""Print every benchmark, each against a baseline measured in the same run.

    python3 dev.py bench

Figures only; nothing here passes or fails (tests never assert times). The district store's
(issue 16) are here too: the figures, the dashboard, the district reports and a device's
bundle; not the million-operation journal (``journal_years.py``: generating it takes a
minute or so), run on its own.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ack_addressee
import action_plan
import backup
import dashboard
import device_bundle
import district_figures
import district_reports
import edits
import forum
import group_network
import group_open
import group_register
import groups
import inbox
import income_readings
import integrity
import mentoring_view
import proposal_quality
import startup
import sync
import text_checks


def main() -> None:
    print(f"sammachip-tui benchmarks · Python {platform.python_version()} · {platform.machine()}")
    print()
    s = startup.measure()
    bare = s["bare"]
    print("Start-up (80×24 pty, median of 5; goals: villages listed ≤ 1.5×, peak memory ≤ 1.75×)")
    print(f"  bare Textual app, one label: first frame  {bare['first_frame_ms']:6.0f} ms")
    for name, what in (("sammachip", "--demo (200 households imported)"),
                       ("open", "--data-dir (a workspace of 200 households)")):  # fmt: skip
        app = s[name]
        print(f"  sammachip {what}")
        print(
            f"    first drawn screen  {app['first_frame_ms']:6.0f} ms"
            f"   = {app['first_frame_ms'] / bare['first_frame_ms']:.2f}× (goal ≤ 2×)"
        )
        print(
            f"    villages listed     {app['ready_ms']:6.0f} ms"
            f"   = {app['ready_ms'] / bare['first_frame_ms']:.2f}×"
        )
    print("Peak memory (max RSS)")
    print(f"  bare Textual app, one label   {bare['peak_rss_mib']:7.1f} MiB")
    for name in ("sammachip", "open"):
        app = s[name]
        label = "sammachip --demo" if name == "sammachip" else "sammachip --data-dir"
        print(
            f"  {label:28}  {app['peak_rss_mib']:7.1f} MiB"
            f"   = {app['peak_rss_mib'] / bare['peak_rss_mib']:.2f}×"
        )
    print()
    e = edits.saved_edit()
    print("One saved edit, village of 300 households (median of 300)")
    print(f"  fsync'd append of the same {e['line_bytes']} bytes  {e['append_ms']:7.3f} ms")
    print(
        f"  sammachip commit (journal + apply)  {e['edit_ms']:7.3f} ms"
        f"   = {e['edit_ms'] / e['append_ms']:.2f}× (goal ≤ 2×)"
    )
    print(
        f"  shard rewrite, off the typing path  {e['flush_ms']:7.3f} ms"
        f"   ({e['shard_kib']:.0f} KiB, atomic)"
    )
    t = edits.tinydb_default()
    print("The same edit through TinyDB's default JSONStorage, one file of 20,000 households")
    print(
        f"  TinyDB JSONStorage ({t['file_mib']:.1f} MiB file)  {t['edit_ms']:7.1f} ms"
        f"   = {t['edit_ms'] / e['edit_ms']:.0f}× the sammachip edit"
    )
    print()
    frame_ms = 1000 / 60
    k = forum.typing()
    empty, full = k["empty"], k["500 items"]
    print(f"Forum screen: a Thai key press until the frame that shows it (100×30 pty, "
          f"{full['keys']} keys per forum)")  # fmt: skip
    print(
        f"  empty forum          median {empty['median_ms']:5.1f} ms"
        f"   p90 {empty['p90_ms']:5.1f} ms"
    )
    print(
        f"  forum of 500 items   median {full['median_ms']:5.1f} ms   p90 {full['p90_ms']:5.1f} ms"
        f"   = {full['median_ms'] / empty['median_ms']:.2f}× (goal ≤ 1.5×,"
        f" and under one 60 Hz frame, {frame_ms:.1f} ms)"
    )
    c = forum.item_commit()
    print("Committing a forum item (Enter), forum of 500 items (median of 300)")
    print(f"  fsync'd append of the same {c['line_bytes']} bytes  {c['append_ms']:7.3f} ms")
    print(
        f"  add_item + commit (validate, journal, apply)  {c['commit_ms']:7.3f} ms"
        f"   = {c['commit_ms'] / c['append_ms']:.2f}× (goal ≤ 2×)"
    )
    print()
    v = sync.village_bundle()
    print("QR sync: the whole of village-200.csv (reference/qr-transfer.md: 75 and 20 frames)")
    print(f"  bundle {v['bytes']} bytes = {v['bytes'] / 200:.1f} bytes per household")
    for size, goal in (("80x24", 60), ("120x40", 15)):
        frames, version = v[f"frames_{size}"]  # type: ignore[misc]
        print(f"  {size}: {frames} frames of QR {version} (goal ≤ {goal})")
    print(f"  build every frame (seal, cut, encode, QR matrix): {v['build_all_frames_s']:.2f} s"
          " (goal < 1 s)")  # fmt: skip
    frames, version = v["delta_frames_80x24"]  # type: ignore[misc]
    print(f"  forum delta, {v['delta_ops']} operations (40 items, 10 households edited):"
          f" {v['delta_bytes']} bytes, {frames} frames at 80x24 (goal ≤ 6)")  # fmt: skip
    m = sync.central_merge()
    print(f"Central store: merging {m['bundles']} bundles of 200 households")
    print(f"  first time {m['first_s']:.2f} s (goal < 10 s); again {m['second_s']:.2f} s"
          f" = {m['second_s'] / m['first_s']:.2f} of the first (goal ≤ 0.2)")  # fmt: skip
    print()
    o = integrity.open_with_checks()
    print(f"Opening after a season: {o['entries']:,} journal entries, {o['journal_mib']:.1f} MiB")
    print(f"  read the journal's bytes                   {o['read_ms']:7.1f} ms")
    share = o["scan_ms"] / o["open_ms"]
    print(f"  check every line (checksums, batches)      {o['scan_ms']:7.1f} ms"
          f"   = {share:.0%} of the whole open, {o['open_ms']:.0f} ms")  # fmt: skip
    c = integrity.merge_checks()
    print(f"Receiving {c['ops']:,} households: every operation validated before the journal")
    print(f"  validation {c['check_s']:.2f} s of the merge's {c['merge_s']:.2f} s"
          f" = {c['check_s'] / c['merge_s']:.0%}")  # fmt: skip
    print()
    g = groups.measure()
    print("Group proposals for every village of a district, against reading its households")
    small = g[10_000]["propose"]["seconds"]  # type: ignore[index]
    for households, r in g.items():
        read, prop = r["read"], r["propose"]
        print(f"  {households:,} households, {r['villages']} villages:"
              f" read {read['seconds']:.2f} s, propose {prop['seconds']:.2f} s"
              f" = {prop['seconds'] / read['seconds']:.1f}× the read,"
              f" {prop['seconds'] / small:.1f}× the 10,000 case")  # fmt: skip
        print(f"    peak RSS: read {read['peak_rss_mib']:.0f} MiB,"
              f" propose {prop['peak_rss_mib']:.0f} MiB;"
              f" knowledge base and word list loaded once in {prop['matcher_s']:.2f} s"
              f" (+{prop['matcher_mib']:.0f} MiB)")  # fmt: skip
    print("  goals: 10,000 in under 1 s; 100,000 no more than 12× the 10,000 case;"
          " loading < 0.3 s; the proposer's extra peak memory ≤ 30 MiB")  # fmt: skip
    print()
    group_open.report()
    print()
    group_register.report(group_register.measure())
    print()
    action_plan.report(action_plan.measure())
    print()
    group_network.report()
    mentoring_view.report()
    income_readings.report()
    print()
    district_figures.report()
    print()
    dashboard.report()
    print()
    district_reports.report(district_reports.measure())
    print()
    device_bundle.report(device_bundle.measure())
    print()
    proposal_quality.report()
    print()
    backup.report()
    print()
    inbox.report()
    print()
    ack_addressee.report()
    text_checks.report()


if __name__ == "__main__":
    main()
