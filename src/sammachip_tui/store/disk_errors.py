"""What a failing disk means to an officer: a sentence in their language, not an errno.

The system's own text (``strerror``) is English and names an errno; a full SD card, a card
whose write-protect switch is on, or a data directory that is really a file each get words
the officer can act on. The command line prints these and exits with 2; the app shows them.
"""

from __future__ import annotations

import errno
from pathlib import Path

from sammachip_tui.errors import UserError
from sammachip_tui.i18n import N_, _
from sammachip_tui.i18n.wording import os_error_text

_REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only (a switch on the card, or a damaged card)"),
    errno.EIO: N_("the disk cannot be read or written (a damaged card?)"),
    errno.EACCES: N_("this user may not write in the data directory"),
    errno.EPERM: N_("this user may not write in the data directory"),
    errno.ENOTDIR: N_("a file stands where a folder should be"),
    errno.ENOENT: N_("the folder does not exist and cannot be made there"),
}


def os_reason(exc: BaseException) -> str:
    """Why a disk operation failed, in the officer's language."""
    if isinstance(exc, OSError) and exc.errno in _REASONS:
        return _(_REASONS[exc.errno])
    return os_error_text(exc)


class DataDirectoryError(UserError):
    """The data directory cannot be used (not a directory, cannot be created, read-only,
    full): nothing was changed."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def opening_error(exc: OSError, data_dir: Path) -> DataDirectoryError:
    """An OSError met while opening (or creating) the data directory: nothing was changed."""
    where = Path(exc.filename) if exc.filename else data_dir
    return DataDirectoryError(
        _("Cannot open the data directory {path}: {reason} ({file}). Nothing was changed.").format(
            path=data_dir, reason=os_reason(exc), file=where
        ),
        where,
    )


def disk_error(exc: OSError, data_dir: Path | None = None) -> DataDirectoryError:
    """An OSError met by a command on an open workspace (or, without ``data_dir``, by any
    command). What was journaled before it stays saved: each commit is fsynced whole or not
    at all; the step that failed is said with its file (or the data directory)."""
    where = Path(exc.filename) if exc.filename else data_dir
    if where is None:
        message = _("Stopped by a disk error: {reason}.").format(reason=os_reason(exc))
        return DataDirectoryError(message, Path())
    message = _(
        "Stopped by a disk error on {path}: {reason}. What was saved before it is kept; "
        "the step that failed was not done."
    )
    return DataDirectoryError(message.format(path=where, reason=os_reason(exc)), where)


def unflushed_warning(exc: OSError) -> str:
    """The village files were not written at close: every edit is in the journal all the
    same, and the next start rebuilds the files from it."""
    return _(
        "Saved in the journal, but the village files could not be updated ({reason}). They "
        "will be rebuilt from the journal at the next start."
    ).format(reason=os_reason(exc))


def check_data_directory(data_dir: Path) -> None:
    """Refuse a path that exists but is not a directory (``--data-dir /etc/passwd``) before
    anything tries to create files in it."""
    if data_dir.exists() and not data_dir.is_dir():
        message = _(
            "{path} is a file, not a folder: give a data directory with --data-dir (or "
            "SAMMACHIP_DATA_DIR). Nothing was changed."
        )
        raise DataDirectoryError(message.format(path=data_dir), data_dir)
