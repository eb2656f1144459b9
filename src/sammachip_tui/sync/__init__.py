"""QR sync: bundles, frames, transports (issue 4). Textual-free.

The merge core it builds on (op log, hybrid logical clocks, idempotent and commutative apply,
conflict detection) lives in ``store/oplog.py`` and ``store/hlc.py``, because every local
edit goes through it too.
"""
