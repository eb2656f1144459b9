"""``sammachip devices serve|show``: which villages each device serves (issue 16).

devices serve DEVICE (--villages CODES | --all | --add CODES --remove CODES) [--new]
devices show [DEVICE] [--json]

Set at the central store; the record syncs, so a field device shows what it serves. A device
the store has not met yet (a new or replaced one) is named by the id on its screen with
``--new``; ``sync send --to ID --villages CODES`` sets and sends in one go (cli_sync.py).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options
from sammachip_tui.i18n import _

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace


def add_parsers(dsub: Any) -> None:
    """Under ``devices``."""
    serve = dsub.add_parser("serve", help=_("set the villages a device is sent (central store)"))
    serve.add_argument("device", help=_("device id, fingerprint, or a name no other has"))
    which = serve.add_mutually_exclusive_group()
    which.add_argument("--villages", help=_("village codes, separated by commas"))
    which.add_argument("--all", action="store_true",
                       help=_("every village (no limit: what it was sent before)"))  # fmt: skip
    serve.add_argument("--add", default="", help=_("village codes to add"))
    serve.add_argument("--remove", default="", help=_("village codes to take away"))
    serve.add_argument("--new", action="store_true",
                       help=_("a device not met yet: the id shown on its screen"))  # fmt: skip
    show = dsub.add_parser("show", help=_("the villages a device serves (this one by default)"))
    show.add_argument("device", nargs="?", help=_("device id, fingerprint or name"))
    cli_options.json_output(show)


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "devices" or args.action not in ("serve", "show"):
        return None
    return _serve(ws, args) if args.action == "serve" else _show(ws, args)


def set_service(
    ws: Workspace,
    key: str,
    villages: str | None = None,
    *,
    add: str = "",
    remove: str = "",
    every: bool = False,
    new: bool = False,
) -> str:
    """Check and commit a device's villages; returns its id. Raises a UserError (nothing
    changed) for an unknown device or village. Shared by ``serve`` and ``sync send``."""
    from sammachip_tui.errors import CliError
    from sammachip_tui.store.service import parse_villages, serve_change
    from sammachip_tui.sync.service import at_central_store, device_to_serve

    at_central_store(ws)
    if villages is None and not (add or remove or every):
        raise CliError(_("Say which villages: --villages, --add, --remove or --all."))
    device_id = device_to_serve(ws, key, new=new)
    chosen = None if villages is None else parse_villages(villages)
    ws.commit_built(
        lambda w: [
            serve_change(
                w,
                device_id,
                chosen,
                add=parse_villages(add),
                remove=parse_villages(remove),
                every=every,
            )
        ]
    )
    return device_id


def _serve(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.service import service_text

    device_id = set_service(ws, args.device, args.villages, add=args.add, remove=args.remove,
                            every=args.all, new=args.new)  # fmt: skip
    print(
        _("Device {id} serves: {villages}").format(
            id=device_id, villages=service_text(ws, device_id)
        )
    )
    from sammachip_tui.store.service import served

    if served(ws, device_id) is None:
        print(_("Its bundles hold every village of the district, as before villages were set."))
    else:
        print(_("Its bundles hold these villages and the district's own records."))
    return 0


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.service import served, service_text, services
    from sammachip_tui.sync.devices import DeviceLookupError, DeviceRegistry

    registry = DeviceRegistry(ws.data_dir)
    if args.device:
        try:
            device_id = registry.resolve(args.device).device_id
        except DeviceLookupError:
            device_id = args.device.strip().upper()
            if served(ws, device_id) is None:
                raise
        ids = [device_id]
    else:
        ids = [ws.device.device_id, *sorted(services(ws).keys() - {ws.device.device_id})]
    if args.json:
        rows = [{"id": d, "villages": served(ws, d)} for d in ids]
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    for device_id in ids:
        known = registry.get(device_id)
        if device_id == ws.device.device_id and ws.device.role.value == "central":
            print(_("This device, {name} ({id}), is the district's central store: it holds "
                    "every village.").format(name=ws.device.name, id=device_id))  # fmt: skip
            continue
        if device_id == ws.device.device_id:
            name = _("this device: {name}").format(name=ws.device.name)
        else:
            name = known.name if known is not None else _("a device not met yet")
        print(_("{name} ({id}) serves: {villages}").format(
            name=name, id=device_id, villages=service_text(ws, device_id)))  # fmt: skip
    return 0
