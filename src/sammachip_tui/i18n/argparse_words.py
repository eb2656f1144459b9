"""argparse's own words (``usage:``, ``options:``, ``invalid choice``) in the officer's language.

argparse translates through gettext's global domain (``messages``), which sammachip ships no
catalog for, so under ``--lang th`` its words stayed English. Its strings are listed here so that
``tools/i18n.py`` extracts them into the app's catalogs, and ``install()`` points argparse's
``_``/``ngettext`` at the app's catalog. The list follows Python 3.11's argparse; a msgid of a
later Python that is not listed comes out in English, never broken. Messages only a programmer
meets (a bad ``add_argument`` call) are left out.
"""

from __future__ import annotations

import argparse

from sammachip_tui.i18n import N_, _, ngettext

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


def _plural_words(n: int) -> str:  # listed for extraction; argparse asks for it itself
    return ngettext("expected %s argument", "expected %s arguments", n)


def install() -> None:
    """Make argparse look its words up in the app's catalog, in the current language (looked
    up on every call, so a ``--lang`` read after the parser was built still counts)."""
    setattr(argparse, "_", _)  # noqa: B010 - argparse binds gettext's functions as globals
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
