"""``sammachip sync ...`` and ``sammachip devices ...``: every path of the QR sync, scripted.

sync send --to PEER [--size COLSxROWS] [--ecc L|M] (--out FILE | --frames FILE | --png DIR)
sync receive FILE|DIR...    bundle files, frame-text files (one frame per line), images, PDF sheets,
                            folders of them (a USB stick) in one go, with a summary
sync inbox [--device X] [--json]   the bundles received and sent, newest first
sync ack CODE               the receiver's 8-digit code (or its acknowledgement frame)
devices list [--json] | accept ID|FINGERPRINT | revoke ID|FINGERPRINT
conflicts list [--village CODE] [--json]   every conflict, under its village's heading

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

from sammachip_tui import cli_options, cli_service, clock
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
    send.add_argument("--villages",
                      help=_("the villages the device serves, set first (also a new device's "
                             "id, before it has sent anything)"))  # fmt: skip
    send.add_argument("--with-key", action="store_true",
                      help=_("carry this device's key even if the peer knows it"))  # fmt: skip
    out = send.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, help=_("one bundle file (for a USB stick)"))
    out.add_argument("--frames", type=Path, help=_("frame texts, one per line"))
    out.add_argument("--png", type=Path, help=_("a folder of QR images, labelled k/N (ECC M)"))
    out.add_argument("--pdf", type=Path, help=_("a sheet to print: A4 pages of codes (ECC M)"))
    receive = ssub.add_parser(
        "receive", help=_("merge bundle files, frame-text files, images or PDF sheets")
    )
    receive.add_argument(
        "files", nargs="+", type=Path,
        help=_("bundle files, frame-text files, images, PDF sheets or folders"),
    )  # fmt: skip
    inbox = ssub.add_parser("inbox", help=_("bundles received and sent, newest first"))
    inbox.add_argument("--device", help=_("only this device: its id or name"))
    cli_options.json_output(inbox)
    ack = ssub.add_parser("ack", help=_("the receiver's acknowledgement code: mark delivered"))
    ack.add_argument("code", help=_("the 8-digit code (or the frame text) the receiver shows"))

    conflicts = sub.add_parser("conflicts", help=_("fields two devices edited at once"))
    csub = cli_options.commands(conflicts, parser_class, "action")
    clist = csub.add_parser("list", help=_("every conflict, grouped by village"))
    clist.add_argument("--village", help=_("only this village (its 8-digit code)"))
    cli_options.json_output(clist)

    devices = sub.add_parser("devices", help=_("devices whose bundles this one accepts"))
    dsub = cli_options.commands(devices, parser_class, "action")
    dlist = dsub.add_parser("list", help=_("known devices and their status"))
    cli_options.json_output(dlist)
    accept = dsub.add_parser("accept", help=_("accept a device after comparing its fingerprint"))
    accept.add_argument("device", help=_("device id or fingerprint (a name is not enough)"))
    revoke = dsub.add_parser("revoke", help=_("refuse a device's bundles from now on"))
    revoke.add_argument("device", help=_("device id, fingerprint, or a name no other has"))
    cli_service.add_parsers(dsub)


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    """Run a sync or devices command; None when ``args`` is neither. A refused bundle raises
    BundleError, which cli.main prints (exit status 2)."""
    if args.command == "sync":
        actions = {"send": _send, "receive": _receive, "inbox": _inbox, "ack": _ack}
        return actions[args.action](ws, args)
    if args.command == "devices" and args.action in ("serve", "show"):
        return cli_service.dispatch(ws, args)
    if args.command == "conflicts":
        return _conflicts(ws, args)
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
    from sammachip_tui.store.service import served

    if served(ws, name.strip().upper()) is not None:  # a new device given its villages
        return name.strip().upper()
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

    cols, rows = parse_size(args.size)
    ecc = "M" if args.png or args.pdf else args.ecc
    given = args.size is not None  # checked even for --out, which does not use it
    layout = frame_layout(cols, rows, ecc, given) if given or not args.out else None
    if args.villages is not None:  # checked like devices serve; a new device by its id
        # The villages are a district-wide record that syncs: set only once the bundle can be
        # written (a folder that is not there must not leave a device given villages).
        _writable_target(args)
        peer = cli_service.set_service(ws, args.to, args.villages, new=True)
    else:
        peer = resolve_peer(ws, args.to)
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


def _writable_target(args: argparse.Namespace) -> None:
    """Raise CliError (nothing changed) when ``sync send``'s output cannot be written: its
    folder is not there or not writable, or the name is a folder (for ``--png``: the folder
    is a file, or its parent is not there)."""
    import errno
    import os

    target = Path(args.out or args.frames or args.pdf or args.png)
    folder = target if args.png else target.parent
    try:
        if args.png and folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        if not args.png and target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        parent = folder.parent if args.png and not folder.exists() else folder
        if not parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
        if not os.access(parent, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as exc:
        message = _("Cannot write {path}: {reason}")
        raise CliError(message.format(path=target, reason=os_error_text(exc))) from None


# Refusals shown for one file that holds frames; past these, a count.
REFUSALS_SHOWN = 20


def _receive(ws: Workspace, args: argparse.Namespace) -> int:
    """Exit 0 when every bundle found was taken (merged, already here, or held for a new
    device), 1 when none was found or one is incomplete or refused. A file that holds no
    frame is one line, whatever its size (a file named on the command line that cannot be
    read stops the command, exit 2). Folders: ``_receive_folders``."""
    from sammachip_tui.sync.bundle import receive_message
    from sammachip_tui.sync.envelope import BundleError
    from sammachip_tui.sync.files import read_sync_file, unreadable
    from sammachip_tui.sync.folder import via_for
    from sammachip_tui.sync.parts import Assembler

    if any(given.is_dir() for given in args.files):
        return _receive_folders(ws, args.files)
    assembler = Assembler()
    messages: list[tuple[Path, bytes]] = []
    problems = taken = 0
    for path in args.files:
        try:
            bundle, texts = read_sync_file(path)
        except Exception as exc:  # unreadable, not a regular file, a broken image or PDF
            line = _("Cannot read {path}: {reason}").format(path=path, reason=unreadable(exc))
            raise CliError(line) from None
        if bundle is not None:
            messages.append((path, bundle))
            continue
        frames = assembler.add_texts(texts)
        messages += [(path, message) for message in frames.messages]
        _say_refused(path, frames.read, frames.refused)
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
            got = receive_message(ws, message, via=via_for(source))
        except BundleError as exc:
            print(f"{source}: {exc.message}", file=sys.stderr)
            problems += 1
            continue
        _report(ws, got)
        taken += 1
    return 0 if taken and not problems else 1


def _receive_folders(ws: Workspace, given: list[Path]) -> int:
    """Folders (a USB stick) and files in one go, each file in name order: one line per file
    (merged, already here, held, refused and why, not a bundle and why), the full report and
    acknowledgement code of each bundle taken, the bundles left incomplete, and a summary.
    Exit 1 when a bundle was refused or left incomplete, or none was found."""
    from sammachip_tui.sync.bundle import receive_message
    from sammachip_tui.sync.folder import (
        REFUSED,
        SKIPPED,
        FileOutcome,
        FolderResult,
        folder_entries,
        receive_entries,
    )
    from sammachip_tui.sync.inbox import VIA_FOLDER

    entries: list[tuple[Path, str]] = []
    hidden = 0
    for path in given:
        if path.is_dir():
            found, skipped = folder_entries(path)
            entries += found
            hidden += skipped
        else:
            entries.append((path, ""))

    def said(_result: FolderResult, file: FileOutcome) -> None:
        if file.outcome == SKIPPED and file.refused:
            _say_refused(file.path, 0, file.refused)
        elif file.outcome in (SKIPPED, REFUSED):
            print(f"{file.path}: {file.text}", file=sys.stderr)
        else:
            print(f"{file.path}: {file.text}")
            if file.frames:
                _say_refused(file.path, file.frames, file.refused)
        for got in file.received:
            _report(ws, got)

    result = receive_entries(entries, lambda m: receive_message(ws, m, via=VIA_FOLDER),
                             on_file=said)  # fmt: skip
    result.hidden = hidden
    for line in result.incomplete:
        print(line, file=sys.stderr)
    print(result.summary())
    taken = sum(len(f.received) for f in result.files)
    return 0 if taken and not result.refused else 1


def _say_refused(path: Path, read: int, refused: list[tuple[int, str]]) -> None:
    """One line for a file with no frame in it; the reasons, line by line, for a file of
    frames some of which were refused."""
    if not read:
        if len(refused) == 1:
            line, reason = refused[0]
            print(f"{path}:{line}: {reason}" if line else f"{path}: {reason}", file=sys.stderr)
        else:
            print(_("{path}: no sammachip frame found").format(path=path), file=sys.stderr)
        return
    for line, reason in refused[:REFUSALS_SHOWN]:
        print(f"{path}:{line}: {reason}" if line else f"{path}: {reason}", file=sys.stderr)
    if len(refused) > REFUSALS_SHOWN:
        more = len(refused) - REFUSALS_SHOWN
        print(ngettext("{path}: {n} more frame refused", "{path}: {n} more frames refused",
                       more).format(path=path, n=more), file=sys.stderr)  # fmt: skip


def _report(ws: Workspace, got: Any) -> None:
    from sammachip_tui.sync.devices import Status, same_name_warning
    from sammachip_tui.sync.service import sender_text, village_lines

    who = sender_text(got.sender_name, got.sender, got.sender_role) + " · " + _(
        "fingerprint {fp}").format(fp=got.fingerprint)  # fmt: skip
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
        for line in village_lines(ws, got.by_village):
            print(f"  {line}")
    if got.generation < got.newest_generation:
        print(_("Note: {who} still seals with district key generation {gen}; this device has "
                "generation {newest}. If that device is trusted, give it the new passphrase "
                "(sammachip district rekey).").format(who=who, gen=got.generation,
                                                      newest=got.newest_generation))  # fmt: skip
    if got.made_for:  # relayed: only the bundle's addressee gives a code
        from sammachip_tui.sync.bundle import made_for_text
        from sammachip_tui.sync.inbox import device_names

        print(made_for_text(got.made_for, device_names(ws.data_dir)))
        return
    print(_("Acknowledgement code for the sender: {code}").format(code=got.ack))
    print(_("(or its QR text: {frame})").format(frame=got.ack_frame))


def _inbox(ws: Workspace, args: argparse.Namespace) -> int:
    """The inbox history, newest first; ``--device`` keeps one device's (exit 2 for a device
    neither the history nor the registry knows: a typo, not an empty history)."""
    from sammachip_tui.sync import inbox

    entries = inbox.history(ws.data_dir)
    names = inbox.device_names(ws.data_dir, reversed(entries))
    if args.device is not None:
        key = args.device.strip()
        entries = inbox.filtered(entries, key, names)
        known = key.upper() in names or key in names.values() or key == "central"
        if not entries and not known:
            raise CliError(_("No device {name} is known here; see: sammachip devices list"
                             ).format(name=key))  # fmt: skip
    if args.json:
        sys.stdout.write(orjson.dumps([inbox.as_json(e) for e in entries]).decode() + "\n")
        return 0
    if not entries:
        print(_("No bundle received or sent yet."))
        return 0
    for e in entries:
        arrow = "←" if e.direction == inbox.RECEIVED else "→"
        cells = [inbox.when(e), arrow, inbox.device_text(e, names), inbox.outcome_text(e),
                 inbox.via_text(e) or "—", inbox.held_text(e), e.ack or e.crc]  # fmt: skip
        print("\t".join(cells))
        if e.reason:
            print(f"\t{e.reason}")
    return 0


def _conflicts(ws: Workspace, args: argparse.Namespace) -> int:
    """Every conflict under its village's heading, as the conflicts screen shows them: the
    record, the field, each value (● the one shown now) with the device and the time."""
    from sammachip_tui.model.household_fields import column_label
    from sammachip_tui.model.thai import to_arabic_digits
    from sammachip_tui.store.conflict_groups import by_village, record_label, shown_value, versions
    from sammachip_tui.store.hlc import parse_stamp
    from sammachip_tui.sync.devices import DeviceRegistry, when_text

    village = to_arabic_digits(args.village.strip()) if args.village is not None else None
    if village is not None and village not in ws.villages():
        raise CliError(_("Village {code} is not in this workspace (see: sammachip villages "
                         "list).").format(code=village))  # fmt: skip
    names = {d.device_id: d.name for d in DeviceRegistry(ws.data_dir).devices.values()}
    names[ws.device.device_id] = ws.device.name
    groups = by_village(ws, village=village)
    rows = []
    for group in groups:
        if not args.json:
            print(group.heading)
        for conflict in group.conflicts:
            field = column_label(conflict.field) if conflict.kind == "household" else conflict.field
            label = record_label(ws, conflict)
            shown = []
            for v in versions(conflict):
                ms, _counter, device = parse_stamp(v.stamp)
                at = clock.local_time(ms).isoformat(timespec="seconds")
                shown.append({"value": v.value, "text": shown_value(conflict, v.value),
                              "shown": v.shown, "device": device,
                              "device_name": names.get(device, device), "at": at})  # fmt: skip
            rows.append({"village": group.village, "village_name": group.label,
                         "subdistrict": group.subdistrict, "kind": conflict.kind,
                         "record": conflict.record, "record_label": label,
                         "field": conflict.field, "versions": shown})  # fmt: skip
            if args.json:
                continue
            print(f"  {label} · {field}")
            for one in shown:
                mark = "●" if one["shown"] else "○"
                print(f"    {mark} {one['text']}\t{one['device_name']}\t{when_text(one['at'])}")
    if args.json:
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
    elif not groups:
        print(_("No conflicts: every device agrees."))
    return 0


def _ack(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.bundle import acknowledge

    peer = acknowledge(ws, args.code)
    print(_("Delivered: {peer} has that bundle; it will not be sent again.").format(peer=peer))
    return 0


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.service import services
    from sammachip_tui.sync.devices import DeviceRegistry

    devices = list(DeviceRegistry(ws.data_dir).devices.values())
    served = services(ws)  # the villages each is sent (none listed: every village)
    if args.json:
        rows = [
            {"id": d.device_id, "name": d.name, "role": d.role, "fingerprint": d.fingerprint,
             "status": d.status.value, "first_seen": d.first_seen,
             "villages": served.get(d.device_id)}
            for d in devices
        ]  # fmt: skip
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return 0
    print(_("This device: {name} ({id}) · fingerprint {fp}").format(
        name=ws.device.name, id=ws.device.device_id, fp=ws.device.fingerprint))  # fmt: skip
    for d in devices:
        villages = ",".join(served.get(d.device_id, ()))
        print(f"{d.device_id}\t{d.name}\t{d.role}\t{d.fingerprint}\t{d.status.value}\t"
              f"{d.first_seen_text()}" + (f"\t{villages}" if villages else ""))  # fmt: skip
    return 0


def _accept(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.bundle import accept_device

    accepted = accept_device(ws, args.device)
    print(_("Accepted {name}: id {id} · fingerprint {fp}.").format(
        name=accepted.name, id=accepted.device_id, fp=accepted.fingerprint))  # fmt: skip
    for got in accepted.results:
        _report(ws, got)
    for reason in accepted.refused:
        print(_("A waiting bundle did not merge: {reason}").format(reason=reason), file=sys.stderr)
    return 2 if accepted.refused else 0


def _revoke(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.sync.bundle import revoke_device

    known = revoke_device(ws, args.device)
    print(_("Revoked {name}: id {id} · fingerprint {fp}. Its bundles are refused from now on."
            ).format(name=known.name, id=known.device_id, fp=known.fingerprint))  # fmt: skip
    return 0
