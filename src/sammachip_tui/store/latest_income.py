"""The household figures every reader sees: the latest income reading by date, on every device.

A household's ``income_month`` / ``expense_month`` are written with each reading that is the
latest one where it is typed (store/income.py). After a merge they can disagree with the
readings: a May visit typed on one device after a June one was typed on another carries the
later stamp, so the household's field shows May's figure, although June's reading is there
too. The figures officers read must not depend on which device typed last, so the workspace
reads every household through ``overlay``: a figure that came from a reading is that of the
latest reading holding one, by date, then by when it was made (its stamp: on one device the
one typed last, as ``reading_changes`` decides locally). A figure no reading holds (older
workspaces, a 1.3 device's edit) is shown as stored.

Plain dicts only (no models, no store): the workspace calls this on every household read, and
opening the app must not load the validation library for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIGURES = ("income_month", "expense_month")


@dataclass
class Figure:
    """One figure of one household as its readings give it."""

    latest: Any  # the latest reading's value
    order: tuple[str, str, str]  # that reading's place (reading_order)
    held: set[Any] = field(default_factory=set)  # every value a reading holds


Latest = dict[str, dict[str, Figure]]  # household id → figure name → Figure


def reading_order(reading: dict[str, Any]) -> tuple[str, str, str]:
    """The one order of readings, oldest first, the same on every device: date (ISO, so it
    sorts), then the stamp the date was written with (on one device: the one typed last),
    then the id."""
    stamp = reading.get("_s", {}).get("date", "")
    return (str(reading.get("date") or ""), str(stamp), str(reading.get("id", "")))


def latest_figures(readings: list[dict[str, Any]]) -> Latest:
    """Each household's figures by its readings."""
    latest: Latest = {}
    for reading in readings:
        home = reading.get("household_id")
        if reading.get("deleted") or not isinstance(home, str):
            continue
        order = reading_order(reading)
        for name in FIGURES:
            value = reading.get(name)
            if value is None or value == -1:  # -1: "not known", as 1.x payloads say it
                continue
            known = latest.setdefault(home, {}).get(name)
            if known is None:
                known = latest[home][name] = Figure(value, order)
            elif order >= known.order:
                known.latest, known.order = value, order
            known.held.add(value)
    return latest


def overlay(record: dict[str, Any], latest: Latest) -> dict[str, Any]:
    """``record`` (a household) with each figure that came from a reading replaced by the
    latest reading's. A figure no reading holds (set before readings were kept, or by a 1.3
    device since) is newer news than they are, or the only news: it stays. The same dict when
    nothing changes (stored records are shared with readers: never changed in place)."""
    figures = latest.get(record.get("id", ""))
    if not figures:
        return record
    shown = {
        name: figure.latest for name, figure in figures.items()
        if record.get(name) in figure.held and record.get(name) != figure.latest
    }  # fmt: skip
    return {**record, **shown} if shown else record


def settled_by_readings(record: dict[str, Any], name: str, latest: Latest) -> bool:
    """A household figure whose concurrent versions the readings settle: two devices each
    wrote the figure of their latest reading, and the readings say which is latest, so there
    is nothing for an officer to choose."""
    figure = latest.get(record.get("id", ""), {}).get(name)
    if figure is None:
        return False
    versions = [record.get(name), *record.get("_c", {}).get(name, {}).values()]
    return all(v in figure.held for v in versions)
