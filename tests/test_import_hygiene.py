"""The data layers never load Textual or Rich (DESIGN.md section 2)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "sammachip_tui.model.records",
    "sammachip_tui.model.areas",
    "sammachip_tui.model.taxonomy",
    "sammachip_tui.model.household_columns",
    "sammachip_tui.store.workspace",
    "sammachip_tui.store.register",
    "sammachip_tui.store.household_import",
    "sammachip_tui.store.demo",
    "sammachip_tui.sync",
    "sammachip_tui.reports.household_export",
    "sammachip_tui.reports.forum_record",
    "sammachip_tui.store.forum",
    "sammachip_tui.cli_forum",
    "sammachip_tui.cli_sync",
    "sammachip_tui.sync.bundle",
    "sammachip_tui.sync.qr",
    "sammachip_tui.sync.parts",
    "sammachip_tui.sync.camera",
    "sammachip_tui.sync.files",
    "sammachip_tui.cli",
    "sammachip_tui.grouping.matcher",
    "sammachip_tui.grouping.proposer",
    "sammachip_tui.store.proposals",
    "sammachip_tui.cli_groups",
    "sammachip_tui.store.network_layout",
    "sammachip_tui.cli_network",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_loads_without_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_app_draws_before_the_store_loads() -> None:
    """The first frame does not wait for the store: TinyDB, pydantic and the workspace load
    on the thread that opens it (a shared screen module once pulled them in, and the first
    frame came 100 ms later)."""
    code = (
        "import sys, sammachip_tui.app, sammachip_tui.screens.home\n"
        "heavy = ('tinydb', 'pydantic', 'sammachip_tui.store.workspace')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
