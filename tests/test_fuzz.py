"""A short, fixed-seed run of tools/fuzz.py: what CI keeps of the million-input proof.

Every category of hostile input (frames, bundles, files, payloads signed by an accepted
device but altered) must end in a refusal with a message or in a merge, never a crash, and
a refused input must leave the journal as it was. The full run is
``.venv/bin/python tools/fuzz.py --inputs 1000000`` (README, "Hostile input").
"""

from __future__ import annotations

import importlib.util
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sammachip_tui.i18n import set_language

TOOL = Path(__file__).resolve().parents[1] / "tools" / "fuzz.py"


def _load() -> Any:
    spec = importlib.util.spec_from_file_location("sammachip_fuzz", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load()


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    previous = signal.signal(signal.SIGALRM, fuzz._alarm)
    made = fuzz.Fuzzer(seed=11, root=tmp_path_factory.mktemp("fuzz"))
    yield made
    made.stage.close()
    signal.signal(signal.SIGALRM, previous)


def _findings(tally: Any) -> list[str]:
    crashes = [f"{n} × {kind}: {exc} at {where}: {tally.crash_examples[(kind, exc, where)]}"
               for (kind, exc, where), n in tally.crashes.items()]  # fmt: skip
    writes = [f"{n} × {kind}: journal written, then refused ({message})"
              for (kind, message), n in tally.journaled.items()]  # fmt: skip
    return crashes + writes


@pytest.mark.parametrize(("category", "inputs"),
                         [("frames", 6000), ("bundles", 1500), ("files", 500)])  # fmt: skip
def test_hostile_input_is_refused_without_a_crash_or_a_journal_write(
    fuzzer: Any, category: str, inputs: int
) -> None:
    set_language("en")
    tally = fuzzer.run(category, inputs)
    assert tally.inputs == inputs
    assert _findings(tally) == []
    assert tally.outcomes["refused"] > inputs // 3  # it did reach the checks


def test_payloads_signed_by_an_accepted_device_but_altered_never_crash_or_journal(
    fuzzer: Any,
) -> None:
    set_language("en")
    tally = fuzzer.run("signed", 1200)
    assert tally.outcomes["merged"] + tally.outcomes["already"] > 0  # some still merge
    assert _findings(tally) == []
