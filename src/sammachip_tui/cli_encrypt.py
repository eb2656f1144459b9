"""Encryption at rest on the command line: the PIN from ``--pin-file`` or ``SAMMACHIP_PIN``
(``SAMMACHIP_PIN_FILE``), ``sammachip encrypt`` and ``sammachip change-pin``."""

from __future__ import annotations

import argparse
from pathlib import Path

from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _


def add_parsers(sub: argparse._SubParsersAction, parser_class: type) -> None:
    sub.add_parser(
        "encrypt",
        help=_("encrypt this device's data at rest with the PIN of --pin-file"),
    )
    change = sub.add_parser("change-pin", help=_("change the PIN that opens this device's data"))
    change.add_argument(
        "--new-pin-file",
        type=Path,
        required=True,
        help=_("file whose first line is the new PIN (- for standard input)"),
    )


def pin_given(pin_file: Path | None) -> str | None:
    """The PIN from ``--pin-file``, else from the environment, else None."""
    from sammachip_tui.store import at_rest

    if pin_file is not None:
        return at_rest.read_pin_file(pin_file)
    return at_rest.pin_from_environment()


def unlock_if_needed(data_dir: Path, pin_file: Path | None, *, required: bool = True) -> None:
    """Unlock an encrypted data directory with the PIN given; without one, LockedError
    (``required``) or nothing (the app asks on its unlock screen)."""
    from sammachip_tui.store import at_rest

    if not at_rest.is_encrypted(data_dir) or at_rest.is_unlocked(data_dir):
        return
    pin = pin_given(pin_file)
    if pin is None:
        if required:
            raise at_rest.LockedError(data_dir)
        return
    at_rest.unlock(data_dir, pin)


def run(data_dir: Path, args: argparse.Namespace) -> int:
    from sammachip_tui.store import at_rest
    from sammachip_tui.store.device import load_device
    from sammachip_tui.store.encrypt import change_pin, encrypt

    if args.command == "encrypt":
        pin = pin_given(args.pin_file)
        if pin is None:
            raise CliError(_("Give the new PIN or passphrase with --pin-file FILE."))
        if at_rest.is_encrypted(data_dir):  # finishing an interrupted run: the same PIN
            at_rest.unlock(data_dir, pin)
        if load_device(data_dir) is None and not at_rest.is_encrypted(data_dir):
            raise CliError(
                _("{path} has no device set up yet. Run: sammachip init --help").format(
                    path=data_dir
                )
            )
        report = encrypt(data_dir, pin)
        print(
            _("Encrypted: {files} file(s), {lines} journal line(s). From now on the PIN is "
              "asked at start.").format(files=report.files, lines=report.journal_lines)
        )  # fmt: skip
        return 0
    old = pin_given(args.pin_file)
    if old is None:
        raise at_rest.LockedError(data_dir)
    from sammachip_tui.store.at_rest import read_pin_file

    change_pin(data_dir, old, read_pin_file(args.new_pin_file))
    print(_("PIN changed."))
    return 0
