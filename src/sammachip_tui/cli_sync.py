"""``sammachip sync ...`` and ``sammachip devices ...``: every path of the QR sync, scripted.

sync send --to PEER [--size COLSxROWS] [--ecc L|M] (--out FILE | --frames FILE | --png DIR)
sync receive FILE...        bundle files, frame-text files (one frame per line), images
sync ack CODE               the receiver's 8-digit code (or its acknowledgement frame)
devices list [--json] | accept ID|FINGERPRINT | revoke ID|FINGERPRINT

A device is named by its id or fingerprint; a name only when exactly one known device has it
(names are not unique, and anyone can take one: sync/devices.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from sammachip_tui import cli_options, clock
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _, ngettext
from sammachip_tui.i18n.wording import kind_counts, os_error_text

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace
    from sammachip_tui.sync import qr

UI_ROWS = 1  # the send screen keeps the footer; "part k of N" sits beside the code


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    sync = sub.add_parser("sync", help=_("move data between devices as QR frames or files"))
    ssub = cli_options.commands(sync, parser_class, "action")
    send = ssub.add_parser("send", help=_("the bundle a peer has not acknowledged yet"))
    send.add_argument("--to", required=True,
                      help=_("central, or a known device: its id or fingerprint"))  # fmt: skip
    send.add_argument("--size", help=_("terminal size the frames are for, e.g. 80x24"))
    send.add_argument(
        "--ecc",
        choices=("L", "M"),
        default="L",
        help=_("QR error correction: L holds more, M survives more damage (default L)"),
    )
    send.add_argument("--with-key", action="store_true",
                      help=_("carry this device's key even if the peer knows it"))  # fmt: skip
    out = send.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, help=_("one bundle file (for a USB stick)"))
    out.add_argument("--frames", type=Path, help=_("frame texts, one per line"))
    out.add_argument("--png", type=Path, help=_("a folder of QR images, labelled k/N (ECC M)"))
    out.add_argument("--pdf", type=Path, help=_("a sheet to print: A4 pages of codes (ECC M)"))
    receive = ssub.add_parser("receive", help=_("merge bundle files, frame-text files or images"))
    receive.add_argument(
        "files", nargs="+", type=Path, help=_("bundle files, frame-text files, images or folders")
    )
    ack = ssub.add_parser("ack", help=_("the receiver's acknowledgement code: mark delivered"))
    ack.add_argument("code", help=_("the 8-digit code (or the frame text) the receiver shows"))

    devices = sub.add_parser("devices", help=_("devices whose bundles this one accepts"))
    dsub = cli_options.commands(devices, parser_class, "action")
    dlist = dsub.add_parser("list", help=_("known devices and their status"))
    cli_options.json_output(dlist)
    accept = dsub.add_parser("accept", help=_("accept a device after comparing its fingerprint"))
    accept.add_argument("device", help=_("device id or fingerprint (a name is not enough)"))
    revoke = dsub.add_parser("revoke", help=_("refuse a device's bundles from now on"))
    revoke.add_argument("device", help=_("device id, fingerprint, or a name no other has"))


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    """Run a sync or devices command; None when ``args`` is neither. A refused bundle raises
    BundleError, which cli.main prints (exit status 2)."""
    if args.command == "sync":
        return {"send": _send, "receive": _receive, "ack": _ack}[args.action](ws, args)
    if args.command == "devices":
        return {"list": _list, "accept": _accept, "revoke": _revoke}[args.action](ws, args)
    return None


def parse_size(text: str | None) -> tuple[int, int]:
    if text is None:
        size = shutil.get_terminal_size((80, 24))
        return size.columns, size.lines
    cols, sep, rows = text.lower().partition("x")
    if not sep or not cols.isdigit() or not rows.isdigit():
        raise CliError(_("--size must be COLUMNSxROWS (e.g. 80x24)."))
    return int(cols), int(rows)


def frame_layout(cols: int, rows: int, ecc: str, given: bool) -> qr.Layout:
    """The code frames are cut for on a ``cols``×``rows`` terminal; a size too small for any
    frame is refused before anything is built or written (a smaller code holds no frame)."""
    from sammachip_tui.sync import qr

    layout = qr.layout_for(cols, rows - UI_ROWS, ecc)
    if layout is not None:
        return layout
    min_cols, min_rows = qr.smallest_cells()
    need = f"{min_cols}x{min_rows + UI_ROWS}"
    if given:
        message = _("--size {size} is too small to hold a QR frame: at least {need} (e.g. 80x24).")
    else:
        message = _("This terminal ({size}) is too small to hold a QR frame (at least {need}): "
                    "give a size, e.g. --size 80x24.")  # fmt: skip
    raise CliError(message.format(size=f"{cols}x{rows}", need=need))


def resolve_peer(ws: Workspace, name: str) -> str:
    from sammachip_tui.sync.bundle import CENTRAL
    from sammachip_tui.sync.devices import DeviceLookupError, DeviceRegistry

    if name == CENTRAL:
        return CENTRAL
    try:
        return DeviceRegistry(ws.data_dir).resolve(name).device_id
    except DeviceLookupError as exc:
        if exc.candidates:  # several devices answer to it: the message lists them
            raise
    raise CliError(
        _("No device {name} is known here; use central, or see: sammachip devices list").format(
            name=name
        )
    )


def _send(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.fsutil import atomic_write
    from sammachip_tui.sync import qr
    from sammachip_tui.sync.bundle import build_bundle
    from sammachip_tui.sync.parts import make_parts

    peer = resolve_peer(ws, args.to)
    cols, rows = parse_size(args.size)
    ecc = "M" if args.png or args.pdf else args.ecc
    given = args.size is not None  # checked even for --out, which does not use it
    layout = frame_layout(cols, rows, ecc, given) if given or not args.out else None
    outgoing = build_bundle(ws, peer, with_key=args.with_key)
    if outgoing is None:
        print(_("Nothing to send: {peer} has acknowledged everything.").format(peer=args.to))
        return 0
    kinds = kind_counts(outgoing.by_kind)
    try:
        if args.out:
            atomic_write(args.out, outgoing.message)
            where = str(args.out)
        else:
            assert layout is not None  # checked above, before anything was built
            parts = make_parts(outgoing.message, layout.fragment_len)
            label = (f"sammachip {outgoing.checksum:08x} "
                     f"{','.join(outgoing.villages)} {clock.today().isoformat()}")  # fmt: skip
            if args.frames:
                atomic_write(args.frames, ("\n".join(parts.texts()) + "\n").encode("ascii"))
                where = str(args.frames)
            elif args.pdf:
                pages = qr.write_pdf(parts.texts(), args.pdf, label, ecc)
                where = f"{args.pdf} ({pages} A4)"
            else:
                stem = f"{outgoing.checksum:08x}-{clock.today().isoformat()}"
                paths = qr.write_pngs(parts.texts(), args.png, stem, ecc)
                where = f"{args.png} ({len(paths)} PNG)"
            print(
                ngettext("{n} frame", "{n} frames", parts.count).format(n=parts.count)
                + f" · QR v{layout.version}-{layout.ecc} · {cols}x{rows}"
            )
    except OSError as exc:
        target = args.out or args.frames or args.png or args.pdf
        message = _("Cannot write {path}: {reason}")
        raise CliError(message.format(path=target, reason=os_error_text(exc))) from None
    print(
        _("Bundle {crc:08x}: {n} operations ({kinds}), {size} bytes → {where}").format(
            crc=outgoing.checksum,
            n=outgoing.ops,
            kinds=kinds,
            size=len(outgoing.message),
            where=where,
        )
    )
    print(_("When the receiver shows its 8-digit code: sammachip sync ack CODE"))
    return 0


def _receive(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.bundle import receive_message
    from sammachip_tui.sync.envelope import BundleError
    from sammachip_tui.sync.files import files_in, read_sync_file
    from sammachip_tui.sync.frames import FrameError
    from sammachip_tui.sync.parts import Assembler

    assembler = Assembler()
    messages: list[tuple[str, bytes]] = []
    problems = 0
    for path in (file for given in args.files for file in files_in(given)):
        try:
            bundle, texts = read_sync_file(path)
        except OSError as exc:
            raise CliError(_("Cannot read {path}: {reason}").format(
                path=path, reason=os_error_text(exc))) from None  # fmt: skip
        except Exception as exc:  # an image format Pillow cannot open
            raise CliError(
                _("Cannot read {path}: {reason}").format(path=path, reason=exc)
            ) from None
        if bundle is not None:
            messages.append((str(path), bundle))
        if bundle is None and not texts:
            print(_("{path}: no sammachip frame found").format(path=path), file=sys.stderr)
            problems += 1
        for line, text in texts:
            try:
                message = assembler.add(text)
            except FrameError as exc:
                where = f"{path}:{line}" if line else str(path)
                print(f"{where}: {exc.message}", file=sys.stderr)
                problems += 1
                continue
            if message is not None:
                messages.append((str(path), message))
    for decoder in assembler.decoders.values():
        missing = [i + 1 for i in decoder.missing()]
        print(
            _("Incomplete bundle {crc:08x}: {known} of {count} parts, missing {missing}").format(
                crc=decoder.checksum, known=len(decoder.known), count=decoder.count,
                missing=", ".join(map(str, missing[:20])) + (" …" if len(missing) > 20 else ""),
            ),
            file=sys.stderr,
        )  # fmt: skip
        problems += 1
    for source, message in messages:
        try:
            got = receive_message(ws, message)
        except BundleError as exc:
            print(f"{source}: {exc.message}", file=sys.stderr)
            problems += 1
            continue
        _report(got)
    return 1 if problems else 0


def _report(got: Any) -> None:
    from sammachip_tui.sync.devices import Status, same_name_warning

    who = f"{got.sender_name} ({got.sender}, {got.fingerprint})"
    if got.status is Status.pending:
        print(_("Held: {who} is a new device. Compare its fingerprint on its screen, then: "
                "sammachip devices accept {id}").format(who=who, id=got.sender))  # fmt: skip
        if got.same_name:
            print(same_name_warning(got.sender_name, got.same_name), file=sys.stderr)
        return
    if got.already:
        print(_("Already received from {who}: nothing changed.").format(who=who))
    else:
        new, updated = kind_counts(got.new), kind_counts(got.updated)
        print(_("Merged from {who}: new {new}; updated {updated}; conflicts {conflicts}").format(
            who=who, new=new, updated=updated, conflicts=got.conflicts))  # fmt: skip
    if got.generation < got.newest_generation:
        print(_("Note: {who} still seals with district key generation {gen}; this device has "
                "generation {newest}. If that device is trusted, give it the new passphrase "
                "(sammachip district rekey).").format(who=who, gen=got.generation,
                                                      newest=got.newest_generation))  # fmt: skip
    print(_("Acknowledgement code for the sender: {code}").format(code=got.ack))
    print(_("(or its QR text: {frame})").format(frame=got.ack_frame))


def _ack(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.bundle import acknowledge

    peer = acknowledge(ws, args.code)
    print(_("Delivered: {peer} has that bundle; it will not be sent again.").format(peer=peer))
    return 0


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.devices import DeviceRegistry

    devices = list(DeviceRegistry(ws.data_dir).devices.values())
    if args.json:
        rows = [
            {"id": d.device_id, "name": d.name, "role": d.role, "fingerprint": d.fingerprint,
             "status": d.status.value, "first_seen": d.first_seen}
            for d in devices
        ]  # fmt: skip
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    print(_("This device: {name} ({id}) · fingerprint {fp}").format(
        name=ws.device.name, id=ws.device.device_id, fp=ws.device.fingerprint))  # fmt: skip
    for d in devices:
        print(f"{d.device_id}\t{d.name}\t{d.role}\t{d.fingerprint}\t{d.status.value}\t"
              f"{d.first_seen_text()}")  # fmt: skip
    return 0


def _accept(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.bundle import accept_device

    accepted = accept_device(ws, args.device)
    print(_("Accepted {name}: id {id} · fingerprint {fp}.").format(
        name=accepted.name, id=accepted.device_id, fp=accepted.fingerprint))  # fmt: skip
    for got in accepted.results:
        _report(got)
    for reason in accepted.refused:
        print(_("A waiting bundle did not merge: {reason}").format(reason=reason), file=sys.stderr)
    return 2 if accepted.refused else 0


def _revoke(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.bundle import revoke_device

    known = revoke_device(ws, args.device)
    print(_("Revoked {name}: id {id} · fingerprint {fp}. Its bundles are refused from now on."
            ).format(name=known.name, id=known.device_id, fp=known.fingerprint))  # fmt: skip
    return 0
