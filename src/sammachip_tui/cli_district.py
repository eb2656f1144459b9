"""``sammachip district ...``: the district key's generations, rotated and re-enrolled.

district status [--json]                                   generations held, current, check code
district rotate --passphrase-file FILE                     central store: issue generation g+1
district rekey --passphrase-file FILE --check CODE [--generation N]   a device takes it
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _

if TYPE_CHECKING:
    from sammachip_tui.store.district_keys import Keyring
    from sammachip_tui.store.workspace import Workspace


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    district = sub.add_parser("district", help=_("the district key: status, rotate, rekey"))
    dsub = cli_options.commands(district, parser_class, "action")
    status = dsub.add_parser("status", help=_("district key generations this device holds"))
    cli_options.json_output(status)
    passphrase_help = _("file whose first line is the district passphrase (- for standard input)")
    rotate = dsub.add_parser(
        "rotate", help=_("central store: issue a new district key from a new passphrase")
    )
    rotate.add_argument("--passphrase-file", required=True, type=Path, help=passphrase_help)
    rekey = dsub.add_parser("rekey", help=_("take the new district key the district office issued"))
    rekey.add_argument("--passphrase-file", required=True, type=Path, help=passphrase_help)
    rekey.add_argument("--check", required=True,
                       help=_("the 8-digit check code the district office read out"))  # fmt: skip
    rekey.add_argument(
        "--generation", type=int, help=_("the generation the district office named (or found)")
    )


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    """Run a district command; None when ``args`` is not one."""
    if args.command != "district":
        return None
    return {"status": _status, "rotate": _rotate, "rekey": _rekey}[args.action](ws, args)


def _keyring(ws: Workspace) -> Keyring:
    from sammachip_tui.store.district_keys import DistrictKeyError, load_keyring

    try:
        return load_keyring(ws.data_dir, ws.device)
    except DistrictKeyError as exc:
        raise CliError(exc.message) from None


def _status(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.district_keys import check_code

    ring = _keyring(ws)
    if args.json:
        rows = [
            {"generation": g, "check": check_code(key), "added": ring.added.get(g, ""),
             "current": g == ring.current}
            for g, key in sorted(ring.keys.items())
        ]  # fmt: skip
        doc = {"district": ring.district, "current": ring.current, "generations": rows}
        sys.stdout.write(orjson.dumps(doc).decode() + "\n")
        return 0
    print(
        _("District {district}: sealing with district key generation {gen} (check code "
          "{check})").format(district=ring.district, gen=ring.current,
                             check=check_code(ring.current_key))
    )  # fmt: skip
    print(_("Generations held (bundles made with any of them open here): {held}").format(
        held=ring.held_text()))  # fmt: skip
    return 0


def _passphrase(path: Path) -> str:
    from sammachip_tui.cli import _read_passphrase  # late: cli imports this module

    return _read_passphrase(path)


def _rotate(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.district_keys import DistrictKeyError, rotate

    passphrase = _passphrase(args.passphrase_file)
    try:
        change = rotate(ws.data_dir, ws.device, passphrase)
    except DistrictKeyError as exc:
        raise CliError(exc.message) from None
    print(_("New district key: generation {gen}, check code {check}").format(
        gen=change.generation, check=change.check))  # fmt: skip
    print(
        _("Bundles from this store are sealed with it from now on; older bundles still open "
          "here. Give each field device you trust the new passphrase and read it the check "
          "code; there, run: sammachip district rekey --passphrase-file FILE --generation "
          "{gen} --check CODE. Revoked devices are not given it.").format(gen=change.generation)
    )  # fmt: skip
    return 0


def _rekey(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.district_keys import DistrictKeyError, load_keyring, rekey

    passphrase = _passphrase(args.passphrase_file)
    try:
        change = rekey(ws.data_dir, ws.device, passphrase, args.check, args.generation)
    except DistrictKeyError as exc:
        raise CliError(exc.message) from None
    if change.already:
        message = _("This device already holds district key generation {gen} (check code "
                    "{check}): nothing changed.")  # fmt: skip
        print(message.format(gen=change.generation, check=change.check))
        return 0
    current = load_keyring(ws.data_dir, ws.device).current
    print(_("District key generation {gen} taken (check code {check}).").format(
        gen=change.generation, check=change.check))  # fmt: skip
    if current == change.generation:
        print(_("Bundles from this device are sealed with it from now on."))
    else:
        print(_("Bundles made with it open here; this device still seals with generation "
                "{current}, the newest it holds.").format(current=current))  # fmt: skip
    return 0
