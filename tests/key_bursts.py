"""Keys as a terminal delivers them: one by one (paced), or many at once (a burst).

A USB scanner, a paste into a terminal without bracketed paste, or a fast typist on a slow
Pi hands the App many keys before it has handled the first. ``pilot.press`` always waits
after each key, so it cannot show what goes wrong in a burst; this posts every key to the
App first and only then lets it run. Printable keys go by their character (``pilot.press``
drops Thai combining marks), named keys (``backspace``, ``left``, ``enter``) by name.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.pilot import Pilot


def key_event(key: str) -> events.Key:
    return events.Key(key, key if len(key) == 1 else None)


async def send_keys(pilot: Pilot, keys: Iterable[str], *, burst: bool) -> None:
    """Every key of ``keys`` to the App, all queued before any runs when ``burst``."""
    for key in keys:
        pilot.app.post_message(key_event(key))
        if not burst:
            await pilot.pause()
    await pilot.pause()
    await pilot.pause()
