"""The calendar and the wall clock as the program reads them: one place, so tests can freeze it.

Dates and times reach what an officer sees (a consent date stamped on import, "saved
10:42:07", a forum held today) and what the tests compare. Every such reading goes through
``today()`` and ``now()`` here, never ``date.today()`` or ``time.strftime`` directly, so a
test suite (or a support session reproducing a report) can pin them:

* in process: ``freeze(datetime)`` (tests use an autouse fixture);
* across processes: ``SAMMACHIP_FROZEN_TIME=2026-11-22T09:30:00+07:00`` in the environment,
  read at import, which CLI subprocesses of the tests inherit.

The hybrid logical clock of the store (store/hlc.py) keeps reading the real time: its
stamps order edits across devices and must advance; no stamp is shown to a user as is.
"""

from __future__ import annotations

import datetime as dt
import os

FROZEN_ENV = "SAMMACHIP_FROZEN_TIME"

_frozen: dt.datetime | None = None


def _from_env() -> dt.datetime | None:
    text = os.environ.get(FROZEN_ENV, "").strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None  # a bad value must not stop the program; the real clock it is
    return moment if moment.tzinfo else moment.astimezone()


_frozen = _from_env()


def freeze(moment: dt.datetime | None) -> None:
    """Pin ``now()`` and ``today()`` to ``moment`` (None: the real clock again)."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        moment = moment.astimezone()
    _frozen = moment


def now() -> dt.datetime:
    """The local time, aware of its zone."""
    if _frozen is not None:
        return _frozen
    return dt.datetime.now().astimezone()


def today() -> dt.date:
    """The local date (a consent date, a forum's default date)."""
    return now().date()


def utc_now_iso() -> str:
    """Now in UTC to the second, as files that devices exchange record it."""
    return now().astimezone(dt.UTC).isoformat(timespec="seconds")


def clock_text() -> str:
    """HH:MM:SS of now, for "saved at" indicators."""
    return now().strftime("%H:%M:%S")


def local_time(epoch_ms: int) -> dt.datetime:
    """A moment stored as epoch milliseconds (a clock stamp), in the local zone."""
    return dt.datetime.fromtimestamp(epoch_ms / 1000, dt.UTC).astimezone()
