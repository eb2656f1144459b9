"""A folder of bundle files received in one go: a USB stick brought back from the field with
the bundles, frame texts, QR images or PDF sheets of several devices.

Every entry of the folder, sorted by name, gets one outcome with its reason: merged, already
here, held for a device nobody accepted yet, refused (why), or skipped (not a file of ours:
a folder inside, a link that loops, a pipe, a file too large, an image with no code). Frames
may be spread over several files (one PNG per code): they are gathered across the folder, and
a bundle merges at the file that completed it. Each bundle merges whole or not at all
(``receive_message``), so stopping between two files never leaves half a bundle; what is
still incomplete at the end is said, with the parts missing.

Shared by ``sammachip sync receive DIR`` and the receive screen's folder action: ``merge``
is how the caller merges one message (the screen runs it on the store's writer), ``stop``
is asked before each file, ``on_file`` is told after each one (the progress bar).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sammachip_tui.i18n import _, ngettext
from sammachip_tui.i18n.wording import kind_counts, os_error_text
from sammachip_tui.sync.bundle import CENTRAL, Received
from sammachip_tui.sync.devices import Status
from sammachip_tui.sync.envelope import BundleError
from sammachip_tui.sync.files import (
    IMAGE_SUFFIXES,
    SyncFileError,
    check_regular,
    read_sync_file,
    unreadable,
)
from sammachip_tui.sync.inbox import VIA_FILE, VIA_IMAGE
from sammachip_tui.sync.parts import Assembler

MERGED, ALREADY, HELD, REFUSED = "merged", "already", "held", "refused"
FRAMES = "frames"  # frames read, their bundle not complete yet at this file
SKIPPED = "skipped"  # not a file of ours, or one that cannot be read


@dataclass
class FileOutcome:
    path: Path
    outcome: str  # MERGED, ALREADY, HELD, REFUSED, FRAMES, SKIPPED
    text: str  # one line: what came of it, or why not
    received: list[Received] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # frames refused, per line
    frames: int = 0  # frames read from it


@dataclass
class FolderResult:
    files: list[FileOutcome] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)  # bundles missing parts, one line each
    hidden: int = 0  # names starting with a dot (a Mac's ._ copies): not read
    stopped: bool = False  # the officer stopped before the end
    total: int = 0  # entries to go through

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def refused(self) -> int:
        """Bundles refused, and bundles left incomplete."""
        return self.count(REFUSED) + len(self.incomplete)

    def summary(self) -> str:
        """The line said at the end."""
        parts = [
            _("merged {n}").format(n=self.count(MERGED)),
            _("already here {n}").format(n=self.count(ALREADY)),
            _("held {n}").format(n=self.count(HELD)),
            _("refused {n}").format(n=self.refused),
            _("not bundles {n}").format(n=self.count(SKIPPED)),
        ]
        head = ngettext("{done} of {total} file", "{done} of {total} files", self.total).format(
            done=len(self.files), total=self.total
        )
        line = head + ": " + ", ".join(parts)
        if self.stopped:
            line += " · " + _("stopped before the end")
        return line


def folder_entries(folder: Path) -> tuple[list[tuple[Path, str]], int]:
    """Every entry of ``folder`` sorted by name, each with "" or why it is not read (a folder
    inside, a link that loops or leads nowhere, a pipe or a device); and how many hidden
    names were left out. A loop is found by ``stat`` failing, never by following it."""
    entries: list[tuple[Path, str]] = []
    hidden = 0
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            hidden += 1
            continue
        try:
            mode = os.stat(entry).st_mode
        except OSError as exc:
            entries.append((entry, os_error_text(exc)))
            continue
        try:
            check_regular(mode)
        except SyncFileError as exc:
            entries.append((entry, exc.message))
            continue
        entries.append((entry, ""))
    return entries, hidden


def via_for(path: Path) -> str:
    """How a file's bundle came, for the inbox: images and PDF sheets, or a file."""
    return VIA_IMAGE if path.suffix.lower() in IMAGE_SUFFIXES | {".pdf"} else VIA_FILE


def received_line(got: Received) -> str:
    """What one bundle did, in one line for a list of files."""
    who = f"{got.sender_name} ({got.sender})"
    if got.status is Status.pending:
        return _("held: {who} is a new device, compare its fingerprint {fp}").format(
            who=who, fp=got.fingerprint
        )
    if got.already:
        return _("already received from {who}").format(who=who)
    if got.made_for:  # a relay: only the addressee gives a code (sync/bundle.py)
        to = _("the central store") if got.made_for == CENTRAL else got.made_for
        return _("merged from {who}: new {new}; updated {updated}; conflicts {n}; no code: "
                 "made for {to}, the sender must still send it there").format(
            who=who, new=kind_counts(got.new), updated=kind_counts(got.updated),
            n=got.conflicts, to=to,
        )  # fmt: skip
    return _("merged from {who}: new {new}; updated {updated}; conflicts {n}; code {code}").format(
        who=who, new=kind_counts(got.new), updated=kind_counts(got.updated),
        n=got.conflicts, code=got.ack,
    )  # fmt: skip


def _outcome_of(got: Received) -> str:
    if got.status is Status.pending:
        return HELD
    return ALREADY if got.already else MERGED


def receive_entries(
    entries: list[tuple[Path, str]],
    merge: Callable[[bytes], Received],
    *,
    stop: Callable[[], bool] = lambda: False,
    on_file: Callable[[FolderResult, FileOutcome], None] | None = None,
    result: FolderResult | None = None,
) -> FolderResult:
    """Go through ``entries`` (``folder_entries``), merging each bundle found with ``merge``.

    A bundle refused is a REFUSED outcome with its reason; any other error of ``merge`` (a
    full disk, the store closing) stops the walk and is raised: every file before it is
    merged whole and recorded, nothing of the one it stopped at."""
    result = result or FolderResult()
    result.total = len(entries)
    assembler = Assembler()
    for path, why_not in entries:
        if stop():
            result.stopped = True
            break
        outcome = _one(path, why_not, assembler, merge)
        result.files.append(outcome)
        if on_file is not None:
            on_file(result, outcome)
    if not result.stopped:
        for decoder in assembler.decoders.values():
            missing = [str(i + 1) for i in decoder.missing()]
            shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
            result.incomplete.append(
                _("Incomplete bundle {crc:08x}: {known} of {count} parts, missing {missing}")
                .format(crc=decoder.checksum, known=len(decoder.known), count=decoder.count,
                        missing=shown)
            )  # fmt: skip
    return result


def _one(
    path: Path, why_not: str, assembler: Assembler, merge: Callable[[bytes], Received]
) -> FileOutcome:
    if why_not:
        return FileOutcome(path, SKIPPED, why_not)
    try:
        bundle, texts = read_sync_file(path)
    except Exception as exc:  # unreadable, too large, a broken image or PDF
        return FileOutcome(path, SKIPPED, _("Cannot read it: {reason}").format(
            reason=unreadable(exc)))  # fmt: skip
    if bundle is not None:
        messages, taken = [bundle], None
    else:
        taken = assembler.add_texts(texts)
        messages = taken.messages
        if not taken.read:
            reason = taken.refused[0][1] if len(taken.refused) == 1 else ""
            return FileOutcome(path, SKIPPED, reason or _("no sammachip frame found"),
                               refused=taken.refused)  # fmt: skip
    out = FileOutcome(path, FRAMES, "", refused=taken.refused if taken else [],
                      frames=taken.read if taken else 0)  # fmt: skip
    lines: list[str] = []
    for message in messages:
        try:
            got = merge(message)
        except BundleError as exc:
            out.outcome = REFUSED
            lines.append(exc.message)
            continue
        out.received.append(got)
        if out.outcome != REFUSED:
            out.outcome = _outcome_of(got)
        lines.append(received_line(got))
    if not messages:
        progress = assembler.progress()
        known = progress.known if progress else 0
        count = progress.count if progress else 0
        lines.append(_("{n} frames read ({known} of {count} parts so far)").format(
            n=out.frames, known=known, count=count))  # fmt: skip
    out.text = "; ".join(lines)
    return out
