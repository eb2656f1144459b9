"""The tests' frozen day holds for fixtures of any scope: a module-scoped fixture (built once,
before the per-test freeze) once saw the real day, so the group documents' members joined on
whatever day the suite ran."""

from __future__ import annotations

import datetime as dt

import pytest

from sammachip_tui import clock


@pytest.fixture(scope="module")
def day_of_a_module_fixture() -> dt.date:
    return clock.today()


def test_a_module_fixture_sees_the_frozen_day(day_of_a_module_fixture: dt.date) -> None:
    assert day_of_a_module_fixture == dt.date(2026, 11, 22)
