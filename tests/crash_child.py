"""Child process for test_crash.py: saves edits as fast as it can and reports each one saved.

A line ``<i>`` on stdout means commit ``i`` returned, i.e. the app would show it as saved.
Shards are flushed right after every commit (flush_delay=0) so that kills also land in the
middle of shard rewrites, not only of journal appends.
"""

import sys
from pathlib import Path

from sammachip_tui.model.records import ForumList
from sammachip_tui.store import forum as fs
from sammachip_tui.store.workspace import Change, Workspace

VILLAGE = "52120505"


def main() -> None:
    data_dir, start = Path(sys.argv[1]), int(sys.argv[2])
    ws = Workspace.open(data_dir, flush_delay=0)
    counter = ws.record(VILLAGE, "village", VILLAGE)
    assert counter is not None
    forum_id = fs.forums(ws, VILLAGE)[0].id  # the demo forum: an item typed per commit too
    i = start
    while True:
        ws.commit(
            [
                Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": f"h{i}"}),
                Change("village", VILLAGE, {"name": f"n{i:08d}"}, record=VILLAGE),
                fs.add_item(ws, VILLAGE, forum_id, ForumList.need, f"i{i}"),
            ]
        )
        sys.stdout.write(f"{i}\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main()
