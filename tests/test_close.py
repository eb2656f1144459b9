"""Closing keeps every edit the interface handed over: the writer's queue drains first."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from sammachip_tui.store.workspace import Change, Workspace, WorkspaceClosedError

VILLAGE = "52120505"


def _household(name: str) -> Change:
    return Change("household", VILLAGE, {"village_code": VILLAGE, "first_name": name})


def open_when_closing(workspace: Workspace, gate: threading.Event) -> None:
    """Let the writer go only once close() has begun: the old close() marked the workspace
    closed first, and every edit still queued then was refused."""
    deadline = time.monotonic() + 60
    while not workspace._closing and time.monotonic() < deadline:
        time.sleep(0.001)
    gate.set()


def test_close_journals_every_queued_edit(workspace: Workspace) -> None:
    data_dir = workspace.data_dir
    gate = threading.Event()
    # Hold the writer so that all 20 edits are still queued when close() is called.
    workspace.on_writer(lambda ws: gate.wait(60))
    futures = [workspace.submit([_household(f"คนที่{n}")]) for n in range(20)]
    assert not any(f.done() for f in futures)
    threading.Thread(target=open_when_closing, args=(workspace, gate)).start()
    workspace.close()
    assert all(f.done() and f.exception() is None for f in futures)
    with Workspace.open(data_dir) as ws:
        names = {r["first_name"] for r in ws.records(VILLAGE, "household")}
    assert names == {f"คนที่{n}" for n in range(20)}


def test_an_edit_after_close_is_refused_not_dropped(workspace: Workspace) -> None:
    workspace.close()
    with pytest.raises(WorkspaceClosedError):
        workspace.submit([_household("สาย")])
    with pytest.raises(WorkspaceClosedError):
        workspace.commit([_household("สาย")])


def test_close_is_idempotent_and_releases_the_lock(workspace: Workspace, tmp_path: Path) -> None:
    data_dir = workspace.data_dir
    workspace.commit([_household("แรก")])
    workspace.close()
    workspace.close()
    with Workspace.open(data_dir) as ws:
        assert len(ws.records(VILLAGE, "household")) == 1
