"""Words for the program's internal names, said the officer's way.

Record kinds (``attendance``, ``household``), errno texts (``[Errno 2] No such file or
directory``) and Python's ``'quoted'`` values leaked into the Thai output of the send and receive
screens and of the command line. Every place that shows them goes through these three functions,
so a kind or an error is named the same way everywhere and always in the current language.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping

from sammachip_tui.i18n import N_, _

KIND_LABELS = {
    "village": N_("villages"),
    "household": N_("households"),
    "forum": N_("forums"),
    "item": N_("forum items"),
    "attendance": N_("attendance"),
    "group": N_("groups"),
    "member": N_("group members"),
    "proposal": N_("proposals"),
    "occupation": N_("occupations"),
    "lesson": N_("lessons to the proposer"),
    "livelihood": N_("livelihoods"),
    "service": N_("devices' villages"),
}

_OS_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("this user may not open it"),
    errno.EPERM: N_("this user may not open it"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a file stands where a folder should be"),
    errno.EEXIST: N_("it already exists"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only (a switch on the card, or a damaged card)"),
    errno.EIO: N_("the disk cannot be read or written (a damaged card?)"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("the path loops on itself (symbolic links)"),
    errno.ENODEV: N_("the device is not there (a card taken out?)"),
    errno.ENXIO: N_("the device is not there (a card taken out?)"),
    errno.EBUSY: N_("another program is using it"),
    errno.EMFILE: N_("too many files are open; close the app and try again"),
}


def kind_label(kind: str) -> str:
    """A record kind (``attendance``) as the officer calls it; an unknown kind as it is."""
    label = KIND_LABELS.get(kind)
    return _(label) if label else kind


def kind_counts(counts: Mapping[str, int]) -> str:
    """``{"attendance": 137, "forum": 2}`` as ``attendance 137, forums 2`` in the current
    language, in the order of KIND_LABELS (villages first, as the officer thinks of them);
    ``0`` when there is nothing."""
    order = list(KIND_LABELS)
    ranked = sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order
                                                    else len(order), kv[0]))  # fmt: skip
    return ", ".join(f"{kind_label(kind)} {n:,}" for kind, n in ranked) or "0"


def os_error_text(exc: BaseException) -> str:
    """Why reading or writing a file failed, in the current language: never ``[Errno 2] ...``.

    The system's English text is replaced by our words for its errno; a text the program gave
    the error itself (``not a regular file``, already translated) is kept. An errno without words
    of ours keeps the system's text, without the ``[Errno n]`` prefix and the file name, which
    the message around it already says. A file that is not UTF-8 text says so."""
    if isinstance(exc, UnicodeDecodeError):
        return _("not a text file (UTF-8)")
    if isinstance(exc, OSError):
        reason = _OS_REASONS.get(exc.errno or 0)
        given = exc.strerror and exc.strerror != os.strerror(exc.errno or 0)
        if reason and not given:
            return _(reason)
        if exc.strerror:
            return exc.strerror
    return str(exc)


def quoted(value: object) -> str:
    """A value the user typed, shown as typed between “ ” (not Python's ``'abcบาท'``);
    characters that would not show (a tab, a control code) are written as escapes."""
    text = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(value)
    )
    return f"“{text}”"


_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""What a terminal would act on instead of showing (an escape sequence clears the screen, a
bell rings, a carriage return overwrites the line), the direction overrides that make a name
read as another, and lone surrogates (which cannot be written out as UTF-8 at all)."""


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with its control characters written as escapes (``\\x1b``, ``\\u202e``), for
    a name printed on a terminal or in a one-line list (``lines``: line breaks and tabs kept,
    for what is printed whole). A village name merged from an older version's bundle can
    hold one; printed raw it would clear the officer's screen or hide the lines before it.
    Thai marks and every other printable character pass unchanged."""
    if _UNSHOWABLE.search(text) is None:
        return text
    return _UNSHOWABLE.sub(_kept_lines if lines else _escaped, text)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _kept_lines(found: re.Match[str]) -> str:
    return found.group() if found.group() in "\n\t" else _escaped(found)
