"""Child process for test_crash.py: saves edits as fast as it can and reports each one saved.

A line ``<i>`` on stdout means commit ``i`` returned, i.e. the app would show it as saved.
Shards are flushed right after every commit (flush_delay=0) so that kills also land in the
middle of shard rewrites, not only of journal appends.
"""

import sys
from pathlib import Path

from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"


def main() -> None:
    data_dir, start = Path(sys.argv[1]), int(sys.argv[2])
    ws = Workspace.open(data_dir, flush_delay=0)
    counter = ws.record(VILLAGE, "village", VILLAGE)
    assert counter is not None
    i = start
    while True:
        ws.commit(
            [
                Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": f"h{i}"}),
                Change("village", VILLAGE, {"name": f"n{i:08d}"}, record=VILLAGE),
            ]
        )
        sys.stdout.write(f"{i}\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main()
