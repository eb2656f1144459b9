"""What opening a data directory found wrong with it, in the officer's words.

A torn last write is normal (a kill, a pulled plug) and is mended silently at open. Damage is
not: a line in the middle of the journal that fails its checksum, a journal shorter than the
checkpoint says it was, a journal that is gone while the village files still hold data. The
workspace then refuses to open, changes nothing, and says what it found; ``sammachip repair``
(store/repair.py) salvages what is intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import _


class Damage(StrEnum):
    damaged = "damaged"  # bad lines with good lines after them
    shorter = "shorter"  # fewer bytes than the checkpoint says were written
    missing = "missing"  # no journal, but the checkpoint or the village files have data
    lost = "lost"  # the village files hold edits the journal does not
    unfinished_repair = "unfinished_repair"  # a repair was killed midway
    archive = "archive"  # lines of journal-archive/ a rebuild needed do not read


@dataclass(frozen=True)
class Finding:
    damage: Damage
    at: int = 0  # byte of the first bad line (damaged)
    bad_lines: int = 0
    good_after: int = 0  # intact lines after the damage
    size: int = 0  # bytes in the journal (shorter)
    expected: int = 0  # bytes the checkpoint says it had (shorter, missing)
    lost: int = 0  # edits in the village files that the journal lacks (lost)

    def describe(self) -> str:
        if self.damage is Damage.damaged:
            return _(
                "The journal (journal.jsonl) is damaged: {bad} line(s) fail their checksum, "
                "the first at byte {at}, and {good} intact entries follow."
            ).format(bad=self.bad_lines, at=self.at, good=self.good_after)
        if self.damage is Damage.shorter:
            return _(
                "The journal (journal.jsonl) is shorter than it was: {size} bytes, where "
                "{expected} had been saved. Entries were lost."
            ).format(size=self.size, expected=self.expected)
        if self.damage is Damage.archive:
            return _(
                "The journal archive (journal-archive) is damaged: {bad} line(s) do not read "
                "back, and the village files must be rebuilt from it."
            ).format(bad=self.bad_lines)
        if self.damage is Damage.unfinished_repair:
            return _("A repair of this data was interrupted before it finished.")
        if self.damage is Damage.missing:
            return _("The journal (journal.jsonl) is missing, but this device had saved data.")
        return _(
            "The village files hold {count} edit(s) that are not in the journal: the journal "
            "lost entries."
        ).format(count=self.lost)


class JournalDamagedError(UserError):
    """The data directory needs ``sammachip repair``; nothing was changed."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(
            finding.describe()
            + " "
            + _(
                "Nothing was changed. Run “sammachip repair” (in the app: press r on this "
                "message) to keep every intact entry and rebuild the rest from the village "
                "files; a copy of everything is kept first."
            )
        )
        self.finding = finding
