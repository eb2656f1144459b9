"""No cyclic garbage collection while the app starts, one collection once it has.

Starting the app creates a few hundred thousand objects (Textual, the store, pydantic's
validators), nearly all of which live as long as the app; Python's collector walks them
again and again as they pile up (175 collections, one of them a full one, in a demo start),
a fifth of the start on a slow machine. The command line holds collection off from just
before the app is imported until the villages are listed (or a moment after the first frame,
whatever the opening is waiting for), then collects once and lets the collector run as
usual. Objects are still freed when nothing refers to them; only cycles wait, a megabyte or
so. Nothing here happens unless ``hold`` was called: tests and scripts keep the default.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Collect what the start left behind and collect as usual again (once; later calls,
    and calls without a ``hold``, do nothing)."""
    global _held
    if _held:
        _held = False
        gc.collect()
        gc.enable()
