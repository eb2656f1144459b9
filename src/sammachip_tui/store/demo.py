"""The demo workspace: a throw-away data directory seeded with the sample village.

``sammachip --demo`` asks no set-up questions: the device is "demo", the district is the
sample's (Hang Chat, Lampang), the district key is the public demo key, and the packaged copy
of ``village-200.csv`` is imported exactly as an officer would import it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sammachip_tui.store.device import DEMO_DISTRICT_KEY
from sammachip_tui.store.household_import import import_households
from sammachip_tui.store.lock import DirectoryLock
from sammachip_tui.store.workspace import Workspace

DEMO_DISTRICT = "5212"
DEMO_VILLAGE = "52120505"


def demo_csv() -> Path:
    return Path(str(resources.files("sammachip_tui.data.demo").joinpath("village-200.csv")))


def create_demo_workspace(
    data_dir: Path, *, flush_delay: float = 2.0, lock: DirectoryLock | None = None
) -> Workspace:
    ws = Workspace.init(
        data_dir,
        name="demo",
        role="field",
        district=DEMO_DISTRICT,
        passphrase=None,
        district_key=DEMO_DISTRICT_KEY,
        flush_delay=flush_delay,
        lock=lock,
    )
    import_households(ws, demo_csv())
    return ws
