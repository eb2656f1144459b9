"""Options many commands share, each defined once with its help text.

Every option and argument of ``sammachip`` has a help text in Thai and English (a test walks
the whole parser); the ones that recur (``--village``, ``--json``, ``--forum``, a command
list, the proposer's sizes) are written here so that they read the same in every command.
"""

from __future__ import annotations

import argparse
from typing import Any

from sammachip_tui.i18n import _


def village(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--village", required=required, help=_("village code, 8 digits (see: villages list)")
    )


def forum(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--forum", required=True, help=_("forum id (see forums list)"))


def json_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON for other programs"))


def commands(
    parser: argparse.ArgumentParser, parser_class: type[argparse.ArgumentParser], dest: str
) -> Any:
    """The sub-commands of ``parser``; each says its own purpose in the list."""
    return parser.add_subparsers(
        dest=dest,
        required=True,
        parser_class=parser_class,
        metavar=_("COMMAND"),
        help=_("what to do (each one has --help)"),
    )


def grouping(parser: argparse.ArgumentParser) -> None:
    """How the proposer pools households: ``propose`` and the lessons that re-propose."""
    parser.add_argument(
        "--scope",
        choices=("village", "subdistrict"),
        default="village",
        help=_("propose across the whole subdistrict"),
    )
    parser.add_argument(
        "--include-unsure", action="store_true", help=_('count households that said "not sure"')
    )
    parser.add_argument(
        "--by-type",
        action="store_true",
        help=_("pool occupations short alone by occupation type (fish and frogs: fishery)"),
    )
    parser.add_argument("--min", type=int, help=_("smallest group (default: the setting, 5)"))
    parser.add_argument("--max", type=int, help=_("largest group (default: the setting, 30)"))
