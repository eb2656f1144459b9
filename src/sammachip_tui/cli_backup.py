"""``sammachip backup DIR`` and ``sammachip restore DIR|FILE``: a replaced device brought back.

The work is in sync/backup.py; here are the options, the passphrase and what is printed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import os_error_text

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

PASSPHRASE_ENV = "SAMMACHIP_PASSPHRASE"


def add_parsers(sub: Any) -> None:
    backup = sub.add_parser(
        "backup", help=_("write everything this device holds to a folder (a USB stick)")
    )
    backup.add_argument("folder", type=Path, help=_("the folder to write the backup file in"))
    restore = sub.add_parser("restore", help=_("bring a replaced device back from its backup"))
    restore.add_argument("source", type=Path, help=_("the backup file, or the folder holding it"))
    restore.add_argument(
        "--passphrase-file",
        type=Path,
        help=_("file whose first line is the district passphrase (- for standard input; "
               "or set SAMMACHIP_PASSPHRASE)"),
    )  # fmt: skip
    restore.add_argument(
        "--replace",
        action="store_true",
        help=_("the data directory already holds a device: set it aside and restore anyway"),
    )


def backup(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.backup import write_backup

    try:
        info = write_backup(ws, args.folder)
    except OSError as exc:
        raise CliError(
            _("Cannot write the backup in {path}: {reason}. Nothing was written there that "
              "restore would take.").format(path=args.folder, reason=os_error_text(exc))
        ) from None  # fmt: skip
    print(_("Backup written: {path}").format(path=info.path))
    print(_("{ops} operations, {households} households, {size} bytes, encrypted with the "
            "district key.").format(ops=info.ops, households=info.households,
                                    size=info.size))  # fmt: skip
    print(_("Keep it safe: with the district passphrase it restores this device (sammachip "
            "restore)."))  # fmt: skip
    return 0


def restore(data_dir: Path, args: argparse.Namespace) -> int:
    from sammachip_tui.cli_encrypt import pin_given
    from sammachip_tui.sync.backup import restore_backup
    from sammachip_tui.sync.devices import when_text

    passphrase = _passphrase(args.passphrase_file)
    pin = pin_given(args.pin_file)
    try:
        done = restore_backup(data_dir, args.source, passphrase, replace=args.replace, pin=pin)
    except OSError as exc:
        raise CliError(_("Cannot restore into {path}: {reason}").format(
            path=data_dir, reason=os_error_text(exc))) from None  # fmt: skip
    info = done.info
    made = when_text(info.created)
    print(_("Restored {name} ({id}) from {path} (made {created}).").format(
        name=info.name, id=info.device_id, path=info.path, created=made))  # fmt: skip
    print(_("{ops} operations, {households} households in {dir}.").format(
        ops=info.ops, households=done.households, dir=done.data_dir))  # fmt: skip
    for peer, n in done.unacknowledged.items():
        print(_("{n} operations not yet acknowledged by {peer}: they will be sent again.").format(
            n=n, peer=peer))  # fmt: skip
    if done.set_aside is not None:
        kept = _("What {dir} held before is kept in {aside}; {n} of its operations were merged.")
        print(kept.format(dir=done.data_dir, aside=done.set_aside, n=done.merged_from_aside))
        if done.aside_problem:
            print(_("Its records could not be merged ({reason}); it is kept as it was.").format(
                reason=done.aside_problem), file=sys.stderr)  # fmt: skip
    if done.set_aside is None:
        print(_("Do not use the old device again: two devices with one identity would hand "
                "out the same numbers. Edits made on it after the backup are not here."),
              file=sys.stderr)  # fmt: skip
    else:
        print(_("Do not use the old device again: two devices with one identity would hand "
                "out the same numbers."), file=sys.stderr)  # fmt: skip
    if pin is not None:
        print(_("Encrypted at rest with the PIN given: it is asked at every start."))
    elif info.encrypted:
        print(_("The device was encrypted at rest; this one is not. Encrypt it now: sammachip "
                "--pin-file FILE encrypt (or restore again with --pin-file)."),
              file=sys.stderr)  # fmt: skip
    return 0


def _passphrase(path: Path | None) -> str:
    """From the file, else the environment, else asked (never echoed) on a terminal."""
    if path is not None:
        from sammachip_tui.cli import _read_passphrase

        return _read_passphrase(path)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if sys.stdin.isatty():
        return getpass.getpass(_("District passphrase: "))
    raise CliError(_("Give the district passphrase: --passphrase-file FILE, or set "
                     "SAMMACHIP_PASSPHRASE."))  # fmt: skip
