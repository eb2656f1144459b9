"""``sammachip report group``, ``report register`` and ``report plan``: the documents officers
file about occupation groups (the establishment record of one group; the CDD register of
all) and a village's action plan.

Both write a file, never standard output (a .docx or an .xlsx is no text for a terminal):
``--out`` where it is asked for, else a new file in the documents folder
(``reports/export_paths.py``), whose full path is printed. A folder that does not exist, a
read-only card or a full disk is said in words, with nothing written (exit 2); so is an
``--out`` name whose ending is no format of the document, or a path that is there and is no
regular file (a folder, a device): ``--out`` replaces a file, never anything else.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sammachip_tui import cli_options
from sammachip_tui.errors import CliError
from sammachip_tui.i18n import _
from sammachip_tui.i18n.wording import os_error_text

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

RECORD_FORMATS = ("docx", "md")
REGISTER_FORMATS = ("xlsx", "csv")
PLAN_FORMATS = ("docx", "xlsx")


def add_parsers(rsub: Any) -> None:
    """The two documents, under the ``report`` command (``cli_forum`` makes it)."""
    group = rsub.add_parser("group", help=_("a group's establishment record (Word or Markdown)"))
    group.add_argument("--group", required=True, help=_("group id (see groups list)"))
    group.add_argument(
        "--format", choices=RECORD_FORMATS,
        help=_("docx: Word (default, or from the --out name), or md: Markdown"),
    )  # fmt: skip
    _out(group)
    group.add_argument(
        "--thai-digits", action="store_true", help=_("write figures in Thai numerals (๑๒๓)")
    )
    register = rsub.add_parser(
        "register", help=_("the CDD register of occupation groups (Excel or CSV)")
    )
    cli_options.village(register, required=False)
    register.add_argument(
        "--format", choices=REGISTER_FORMATS,
        help=_("xlsx: Excel (default, or from the --out name), or csv"),
    )  # fmt: skip
    _out(register)
    plan = rsub.add_parser("plan", help=_("a village's action plan (Word or Excel)"))
    cli_options.village(plan)
    plan.add_argument("--year", help=_("fiscal year (B.E.); default: this one"))
    plan.add_argument(
        "--format", choices=PLAN_FORMATS,
        help=_("docx: Word (default, or from the --out name), or xlsx: Excel"),
    )  # fmt: skip
    _out(plan)


def _out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", type=Path, help=_("file to write; a new file in the documents folder if left out")
    )


def dispatch(ws: Workspace, args: argparse.Namespace) -> int | None:
    if args.command != "report" or args.action not in ("group", "register", "plan"):
        return None
    if args.action == "plan":
        return _plan(ws, args)
    return _group(ws, args) if args.action == "group" else _register(ws, args)


def _format(args: argparse.Namespace, formats: tuple[str, ...]) -> str:
    """``--format``, else the ``--out`` name's, else the first. An ``--out`` name ending in
    anything but the format written is refused: a Word file named .xyz (or .md) would open
    as nothing, or as garbage, in the office."""
    suffix = args.out.suffix.lower().lstrip(".") if args.out else ""
    fmt = str(args.format) if args.format else (suffix or formats[0])
    if (suffix and suffix != fmt) or fmt not in formats:
        names = " / ".join(f".{f}" for f in formats)
        raise CliError(_("{path}: the file name must end in {formats} (what this document "
                         "is written as).").format(path=args.out, formats=names))  # fmt: skip
    return fmt


def _target(args: argparse.Namespace, kind: str, village: str, fmt: str) -> Path:
    """Where to write: ``--out`` as typed (its folder must exist), else a new name in the
    documents folder (made when missing)."""
    from sammachip_tui import clock
    from sammachip_tui.reports.export_paths import default_name, documents_folder

    if args.out is not None:
        path = Path(args.out).expanduser()
        if path.is_dir():
            raise CliError(_("{path} is a folder; give a file name.").format(path=path))
        if path.exists() and not path.is_file():  # a device (/dev/full), a pipe: never replaced
            raise CliError(_("{path} is not a file; give the name of a file to write.").format(
                path=path))  # fmt: skip
        if not path.parent.is_dir():
            raise CliError(_("No folder {folder}: create it first, or write elsewhere.").format(
                folder=path.parent))  # fmt: skip
        return path.absolute()
    folder = documents_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    return folder / f"{default_name(kind, village, clock.today(), [f'.{fmt}'], folder)}.{fmt}"


def _cannot_write(path: Path, exc: OSError) -> CliError:
    return CliError(_("Cannot write {path}: {reason}").format(path=path, reason=os_error_text(exc)))


def _group(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui import clock
    from sammachip_tui.reports.group_record import group_record_bytes
    from sammachip_tui.store.group_view import group_lines, group_view
    from sammachip_tui.store.register import get_village

    line = next((g for g in group_lines(ws) if g.id == args.group), None)
    view = group_view(ws, line.village, line.id) if line is not None else None
    if line is None or view is None:
        raise CliError(_("No group {id} on this device (see: groups list).").format(id=args.group))
    fmt = _format(args, RECORD_FORMATS)
    path = _target(args, f"group-{line.id}", line.village, fmt)
    village = get_village(ws, line.village)
    data = group_record_bytes(view, fmt, clock.today(), thai_digits=args.thai_digits,
                              village_name=village.name if village else "")  # fmt: skip
    _write(path, data)
    return 0


def _register(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.reports.group_register import register_bytes, register_rows

    if args.village is not None and args.village not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=args.village))
    fmt = _format(args, REGISTER_FORMATS)
    path = _target(args, "register", args.village or "all", fmt)
    rows = register_rows(ws, args.village)
    _write(path, register_bytes(rows, fmt))
    return 0


def _plan(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.cli_plan import fiscal_year
    from sammachip_tui.reports.action_plan import plan_bytes
    from sammachip_tui.store.plans import plan_view
    from sammachip_tui.store.register import get_village

    if args.village not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=args.village))
    year = fiscal_year(args.year)
    fmt = _format(args, PLAN_FORMATS)
    path = _target(args, f"plan-{year}", args.village, fmt)
    village = get_village(ws, args.village)
    view = plan_view(ws, args.village, year)
    _write(path, plan_bytes(view, fmt, village.name if village else ""))
    return 0


def _write(path: Path, data: bytes) -> None:
    from sammachip_tui.store.fsutil import atomic_write

    try:
        atomic_write(path, data)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    print(_("Wrote {path}").format(path=path))
