"""The ``sammachip`` command: opens the TUI, or scripts the same data functions without it.

Errors go to stderr in the user's language with a non-zero exit status; never a traceback.
Textual is imported only when the TUI opens, so scripted commands start fast on a Pi.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sammachip_tui import cli_fresh_folder
from sammachip_tui.errors import CliError, UserError
from sammachip_tui.i18n import (
    _,
    argparse_words,
    both,
    language_from_environment,
    ngettext,
    set_language,
)
from sammachip_tui.i18n.wording import os_error_text

if TYPE_CHECKING:
    from sammachip_tui.store.workspace import Workspace

EXIT_OK, EXIT_ROWS_REJECTED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors, in the user's language
        self.print_usage(sys.stderr)
        raise CliError(_("Invalid command line: {reason}").format(reason=message))


def default_data_dir() -> Path:
    env = os.environ.get("SAMMACHIP_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("sammachip", appauthor=False))


def build_parser() -> argparse.ArgumentParser:
    argparse_words.install()  # usage:, options:, invalid choice: in the user's language
    # The commands' own modules: only when a command line is parsed in full (not on the way
    # to the screen, see _opens_the_app).
    from sammachip_tui import (
        cli_backup,
        cli_district,
        cli_encrypt,
        cli_forum,
        cli_groups,
        cli_groups_5k,
        cli_income,
        cli_journal,
        cli_mentoring,
        cli_network,
        cli_options,
        cli_plan,
        cli_repair,
        cli_sync,
    )

    parser = _Parser(prog="sammachip", description=_("Field tool for the Sammachip programme."))
    parser.add_argument("--data-dir", type=Path, help=_("workspace directory"))
    parser.add_argument("--demo", action="store_true", help=_("open a throw-away demo workspace"))
    parser.add_argument("--lang", choices=("th", "en"), help=_("interface language"))
    parser.add_argument(
        "--pin-file",
        type=Path,
        help=_("file whose first line is the PIN that opens this device's encrypted data "
               "(or SAMMACHIP_PIN)"),
    )  # fmt: skip
    sub = parser.add_subparsers(
        dest="command",
        parser_class=_Parser,
        metavar=_("COMMAND"),
        help=_("what to do (each one has --help); without one, the app opens"),
    )

    init = sub.add_parser("init", help=_("set up this device without the screen"))
    init.add_argument(
        "--device-name", required=True, help=_("a name for this device, e.g. the officer's name")
    )
    init.add_argument(
        "--role",
        required=True,
        choices=("field", "central"),
        help=_("field: an officer's device; central: the district office's store"),
    )
    init.add_argument("--district", required=True, help=_("4-digit district code, e.g. 5212"))
    init.add_argument(
        "--passphrase-file",
        required=True,
        type=Path,
        help=_("file whose first line is the district passphrase (- for standard input)"),
    )

    households = sub.add_parser("households", help=_("the household register"))
    hsub = cli_options.commands(households, _Parser, "action")
    imp = hsub.add_parser("import", help=_("import a household list (CSV)"))
    imp.add_argument("file", type=Path, help=_("the CSV file to read"))
    imp.add_argument(
        "--legal-basis",
        choices=("public_task", "consent"),
        default="public_task",
        help=_("PDPA basis recorded for rows without one"),
    )
    imp.add_argument(
        "--blank-clears",
        action="store_true",
        help=_("an empty cell clears what is stored (otherwise it leaves it as it is)"),
    )
    exp = hsub.add_parser("export", help=_("export households as CSV (UTF-8 with BOM)"))
    exp.add_argument("file", type=Path, help=_("the CSV file to write"))
    cli_options.village(exp, required=False)
    exp.add_argument("--unmasked", action="store_true", help=_("write full national IDs"))
    exp.add_argument("--english-headers", action="store_true", help=_("column names in English"))

    hlist = hsub.add_parser("list", help=_("list the households of a village"))
    cli_options.village(hlist)
    cli_options.json_output(hlist)
    hlist.add_argument("--unmasked", action="store_true", help=_("write full national IDs"))
    add = hsub.add_parser("add", help=_("add a household: FIELD=VALUE ..."))
    cli_options.village(add)
    add.add_argument("values", nargs="+", metavar="FIELD=VALUE", help=_("e.g. first_name=สมชาย"))
    hset = hsub.add_parser("set", help=_("change fields of a household: FIELD=VALUE ..."))
    cli_options.village(hset)
    hset.add_argument("--id", required=True, help=_("household id (see households list)"))
    hset.add_argument("values", nargs="+", metavar="FIELD=VALUE", help=_("e.g. income_month=5000"))
    cli_income.add_parsers(hsub)

    villages = sub.add_parser("villages", help=_("villages of this workspace"))
    vsub = cli_options.commands(villages, _Parser, "action")
    vlist = vsub.add_parser("list", help=_("list villages with their counts"))
    cli_options.json_output(vlist)
    cli_forum.add_village_parser(vsub)
    cli_forum.add_parsers(sub, _Parser)
    cli_sync.add_parsers(sub, _Parser)
    cli_groups.add_parsers(sub, _Parser)
    cli_groups_5k.add_parsers(sub, _Parser)
    cli_mentoring.add_parsers(sub, _Parser)
    cli_repair.add_parser(sub, _Parser)
    cli_journal.add_parsers(sub, _Parser)
    cli_encrypt.add_parsers(sub, _Parser)
    cli_backup.add_parsers(sub)
    cli_district.add_parsers(sub, _Parser)
    cli_network.add_parsers(sub, _Parser)
    cli_plan.add_parsers(sub, _Parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _choose_language(argv)
    args = None
    made: Path | None = None
    try:
        args = _opens_the_app(argv) or build_parser().parse_args(argv)
        if args.lang:
            set_language(args.lang)
        if not args.demo:
            made = cli_fresh_folder.first_missing(args.data_dir or default_data_dir())
        return _dispatch(args)
    except CliError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except UserError as exc:  # a bad value, frame or bundle: said in the user's language
        print(exc.message, file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a full or read-only disk met by any command: said, not a traceback
        if isinstance(exc, BrokenPipeError):
            return _broken_pipe()
        from sammachip_tui.store.disk_errors import disk_error

        print(disk_error(exc).message, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    finally:
        if made is not None and args is not None:  # a command that set nothing up there
            cli_fresh_folder.remove_if_unused(args.data_dir or default_data_dir(), made)


# The options that may come before the screen opens, and whether each takes a value.
APP_OPTIONS = {"--demo": False, "--data-dir": True, "--lang": True, "--pin-file": True}


def _opens_the_app(argv: list[str]) -> argparse.Namespace | None:
    """The plain ways of opening the screen (``sammachip``, ``--demo``, ``--data-dir DIR``…),
    read without building the parser of every command: that parser and the commands' modules
    cost a Pi a noticeable part of the start. Anything else (a command, ``--help``, a typo, an
    option without its value) returns None and goes through the full parser, with its messages.
    """
    found: dict[str, str | bool] = {}
    rest = iter(argv)
    for word in rest:
        takes_value = APP_OPTIONS.get(word)
        if takes_value is None or word in found:
            return None
        if not takes_value:
            found[word] = True
            continue
        value = next(rest, None)
        if value is None or value.startswith("-") or not value:
            return None
        found[word] = value
    if found.get("--lang", "th") not in ("th", "en"):
        return None
    data_dir, pin_file = found.get("--data-dir"), found.get("--pin-file")
    return argparse.Namespace(
        data_dir=Path(data_dir) if isinstance(data_dir, str) else None,
        demo=bool(found.get("--demo")),
        lang=found.get("--lang"),
        pin_file=Path(pin_file) if isinstance(pin_file, str) else None,
        command=None,
    )


def _broken_pipe() -> int:
    """Output piped into head: the reader has what it wanted."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 141


def _choose_language(argv: list[str]) -> None:
    """Language before parsing, so even argparse errors come out in it."""
    if "--lang" in argv:
        i = argv.index("--lang")
        if i + 1 < len(argv) and argv[i + 1] in ("th", "en"):
            set_language(argv[i + 1])
            return
    language = language_from_environment()
    if language is None:
        from sammachip_tui.store.settings import load_settings

        data_dir = _data_dir_from(argv)
        language = load_settings(data_dir).language if data_dir else "th"
    set_language(language if language in ("th", "en") else "th")


def _data_dir_from(argv: list[str]) -> Path | None:
    if "--data-dir" in argv:
        i = argv.index("--data-dir")
        return Path(argv[i + 1]) if i + 1 < len(argv) else None
    return None if "--demo" in argv else default_data_dir()


def _dispatch(args: argparse.Namespace) -> int:
    from sammachip_tui import cli_encrypt
    from sammachip_tui.store.disk_errors import check_data_directory

    data_dir = args.data_dir or default_data_dir()
    if not args.demo:
        check_data_directory(data_dir)
    if args.command is None:
        if not args.demo:  # a PIN given on the command line spares the unlock screen
            cli_encrypt.unlock_if_needed(data_dir, args.pin_file, required=False)
        # The language asked for reaches the screens too, not only these messages.
        language = args.lang or language_from_environment()
        return _run_tui(data_dir, demo=args.demo, language=language)
    if args.demo:
        raise CliError(_("--demo opens the app; it takes no command."))
    from sammachip_tui.cli_output import escaped_stdout

    with escaped_stdout():  # names printed as text, never as the terminal's commands
        return _command(args, data_dir)


def _command(args: argparse.Namespace, data_dir: Path) -> int:
    from sammachip_tui import (
        cli_backup,
        cli_district,
        cli_encrypt,
        cli_forum,
        cli_groups,
        cli_groups_5k,
        cli_income,
        cli_journal,
        cli_mentoring,
        cli_network,
        cli_plan,
        cli_repair,
        cli_sync,
    )

    if args.command == "init":
        return _init(data_dir, args)
    if args.command == "restore":
        return cli_backup.restore(data_dir, args)
    if args.command in ("encrypt", "change-pin"):
        return cli_encrypt.run(data_dir, args)
    cli_encrypt.unlock_if_needed(data_dir, args.pin_file)
    if args.command == "repair":
        return cli_repair.run(data_dir)
    _warn_about_settings(data_dir)
    with _workspace(data_dir) as ws:
        if args.command == "backup":
            return cli_backup.backup(ws, args)
        if args.command == "households" and args.action == "import":
            return _import(ws, args)
        if args.command == "households" and args.action == "export":
            return _export(ws, args)
        if args.command == "households" and args.action == "list":
            return _list_households(ws, args)
        if args.command == "households" and args.action in ("add", "set"):
            return _edit_household(ws, args)
        if args.command == "villages" and args.action == "list":
            return _villages(ws, args)
        for commands in (cli_income, cli_forum, cli_sync, cli_groups, cli_groups_5k,
                         cli_mentoring, cli_district, cli_network, cli_plan,
                         cli_journal):  # fmt: skip
            done = commands.dispatch(ws, args)
            if done is not None:
                return done
    raise CliError(_("Unknown command."))


def _warn_about_settings(data_dir: Path) -> None:
    """A damaged settings.json means defaults (language, group sizes): said, then go on."""
    from sammachip_tui.store.settings import settings_problem

    problem = settings_problem(data_dir)
    if problem:
        print(problem, file=sys.stderr)


@contextlib.contextmanager
def opening_errors(data_dir: Path) -> Iterator[None]:
    """What opening a data directory can meet (``Workspace.open``, ``repair``), said as the
    command line says it."""
    from sammachip_tui.store.disk_errors import opening_error
    from sammachip_tui.store.lock import WorkspaceLockedError
    from sammachip_tui.store.workspace import NotSetUpError

    try:
        yield
    except WorkspaceLockedError as exc:
        raise CliError(_locked_message(exc), EXIT_LOCKED) from None
    except NotSetUpError:
        raise CliError(
            _("{path} has no device set up yet. Run: sammachip init --help").format(path=data_dir)
        ) from None
    except OSError as exc:  # a read-only card, a directory we may not enter or create
        raise opening_error(exc, data_dir) from None


@contextlib.contextmanager
def _workspace(data_dir: Path) -> Iterator[Workspace]:
    from sammachip_tui.store.disk_errors import disk_error
    from sammachip_tui.store.workspace import Workspace

    with opening_errors(data_dir):
        ws = Workspace.open(data_dir)
    try:
        yield ws
    except OSError as exc:  # a full disk while journaling: nothing of this step was saved
        if isinstance(exc, BrokenPipeError):
            raise
        raise disk_error(exc, data_dir) from None
    finally:
        ws.close()
        _warn_if_not_flushed(ws)


def _warn_if_not_flushed(ws: Workspace) -> None:
    """The village files could not be written at close (a full disk). Every edit is in the
    journal (fsynced before "Added" was printed), so it is a warning, not a failure."""
    if ws.flush_error is not None:
        from sammachip_tui.store.disk_errors import unflushed_warning

        print(unflushed_warning(ws.flush_error), file=sys.stderr)


def _locked_message(exc: object) -> str:
    owner = getattr(exc, "owner", "")
    data_dir = getattr(exc, "data_dir", "")
    return (
        both("Another sammachip is already using this data directory. Close it first.")
        + f"\n  {data_dir}"
        + (f" ({owner})" if owner else "")
    )


def _init(data_dir: Path, args: argparse.Namespace) -> int:
    from sammachip_tui import cli_encrypt
    from sammachip_tui.store.device import SetupError
    from sammachip_tui.store.lock import WorkspaceLockedError
    from sammachip_tui.store.workspace import Workspace

    passphrase = _read_passphrase(args.passphrase_file)
    pin = cli_encrypt.pin_given(args.pin_file)
    try:
        if pin is not None:  # encrypted from the first byte: nothing is ever in clear
            from sammachip_tui.store.device import validate_setup
            from sammachip_tui.store.encrypt import encrypt

            validate_setup(args.device_name, args.role, args.district, passphrase)
            if (data_dir / "device.json").exists():
                raise FileExistsError(str(data_dir))
            encrypt(data_dir, pin)
        ws = Workspace.init(
            data_dir,
            name=args.device_name,
            role=args.role,
            district=args.district,
            passphrase=passphrase,
        )
    except SetupError as exc:
        raise CliError(_(exc.message)) from None
    except WorkspaceLockedError as exc:
        raise CliError(_locked_message(exc), EXIT_LOCKED) from None
    except FileExistsError:
        raise CliError(_("{path} is already set up.").format(path=data_dir)) from None
    except OSError as exc:
        from sammachip_tui.store.disk_errors import opening_error

        raise opening_error(exc, data_dir) from None
    with contextlib.closing(ws):
        print(
            _("Device {name} ({id}) set up in {path}").format(
                name=ws.device.name, id=ws.device.device_id, path=data_dir
            )
        )
        print(_("Fingerprint: {fingerprint}").format(fingerprint=ws.device.fingerprint))
    _warn_if_not_flushed(ws)
    return EXIT_OK


def _read_passphrase(path: Path) -> str:
    """The first line of ``path`` (- for standard input), without a byte-order mark."""
    try:
        if str(path) == "-":
            text = sys.stdin.readline()
        else:
            if not path.is_file():
                raise IsADirectoryError(errno.EISDIR, _("not a regular file"))
            with path.open("rb") as f:  # one line: bounded (``/dev/zero`` never ends)
                text = f.read(64 * 1024).decode("utf-8-sig")
    except OSError as exc:
        raise CliError(
            _("Cannot read {path}: {reason}").format(path=path, reason=os_error_text(exc))
        ) from None
    except UnicodeDecodeError:
        raise CliError(
            _("{path} is not a text file (UTF-8): its first line should be the passphrase.")
            .format(path=path)
        ) from None  # fmt: skip
    lines = text.lstrip("\ufeff").splitlines()
    return lines[0] if lines else ""


def _import(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.records import LegalBasis
    from sammachip_tui.store.household_import import ImportFileError, import_households

    try:
        report = import_households(
            ws,
            args.file,
            legal_basis=LegalBasis(args.legal_basis),
            blank_clears=args.blank_clears,
        )
    except ImportFileError as exc:
        raise CliError(str(exc)) from None
    for error in report.errors:
        print(
            _("line {line}: {reason}").format(line=error.line, reason=error.message),
            file=sys.stderr,
        )
    if report.ignored_columns:
        print(
            _("Columns not used: {names}").format(names=", ".join(report.ignored_columns)),
            file=sys.stderr,
        )
    for code in report.villages_created:
        print(_("New village {code}").format(code=code))
    print(
        ngettext("Imported {n} household", "Imported {n} households", report.imported).format(
            n=report.imported
        )
        + " "
        + _("({created} new, {updated} updated, {unchanged} unchanged, {bad} rejected)").format(
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            bad=len(report.errors),
        )
    )
    return EXIT_ROWS_REJECTED if report.errors else EXIT_OK


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.reports.household_export import export_households

    if args.village:
        _require_village(ws, args.village)
    try:
        n = export_households(
            ws,
            args.file,
            village=args.village,
            unmasked=args.unmasked,
            english=args.english_headers,
        )
    except OSError as exc:
        raise CliError(
            _("Cannot write {path}: {reason}").format(path=args.file, reason=os_error_text(exc))
        ) from None
    print(
        ngettext("Exported {n} household to {path}", "Exported {n} households to {path}", n).format(
            n=n, path=args.file
        )
    )
    return EXIT_OK


def _list_households(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.thai import mask_national_id
    from sammachip_tui.store.register import households

    _require_village(ws, args.village)
    items = households(ws, args.village)
    rows = []
    for h in items:
        row = h.model_dump(mode="json")
        if not args.unmasked:
            row["national_id"] = mask_national_id(h.national_id)
        row["sammachip"] = h.sammachip
        rows.append(row)
    if args.json:
        import orjson

        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return EXIT_OK
    from sammachip_tui.i18n.wording import visible

    for r in rows:
        print(visible(f"{r['id']}") + "\t" + "\t".join(visible(str(v)) for v in (
            r["house_no"], f"{r['title']}{r['first_name']} {r['last_name']}",
            r["occupation_main"], r["national_id"])))  # fmt: skip
    return EXIT_OK


def _edit_household(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.model.household_fields import FieldError
    from sammachip_tui.model.income_records import ReadingSource
    from sammachip_tui.store.register import (
        FORM_FIELDS,
        household_changes,
        new_household,
        new_household_changes,
    )

    _require_village(ws, args.village)
    texts: dict[str, str] = {}
    for item in args.values:
        name, sep, value = item.partition("=")
        if not sep or name not in FORM_FIELDS:
            message = _("Not FIELD=VALUE with a known field: {item} (fields: {fields})")
            raise CliError(message.format(item=item, fields=", ".join(FORM_FIELDS)))
        texts[name] = value
    source = ReadingSource.command  # income and expenses: a reading dated today
    try:
        if args.action == "add":
            new_household(args.village, texts)  # what is wrong, said before the store is read
            ops = ws.commit_built(lambda w: new_household_changes(w, args.village, texts, source))
        else:
            if ws.record(args.village, "household", args.id) is None:
                raise CliError(_("No household {id} in village {code}.").format(
                    id=args.id, code=args.village))  # fmt: skip
            ops = ws.commit_built(
                lambda w: household_changes(w, args.village, args.id, texts, source)
            )
    except FieldError as exc:
        raise CliError(exc.message) from None
    if args.action == "add":
        print(_("Added household {id}").format(id=ops[0].record))
    else:
        changed = {n for op in ops if op.kind == "household" for n in op.values}
        changed |= {
            n
            for op in ops
            if op.kind == "income"
            for n in op.values
            if n in ("income_month", "expense_month") and op.values[n] is not None
        }
        n = len(changed)
        print(ngettext("Changed {n} field", "Changed {n} fields", n).format(n=n))
    return EXIT_OK


def _require_village(ws: Workspace, code: str) -> None:
    if code not in ws.villages():
        raise CliError(_("No village {code} in this workspace.").format(code=code))


def _villages(ws: Workspace, args: argparse.Namespace) -> int:
    from sammachip_tui.store.register import summaries, village_label

    rows = summaries(ws)
    if args.json:
        import orjson

        sys.stdout.write(orjson.dumps([r.__dict__ for r in rows]).decode() + "\n")
        return EXIT_OK
    for r in rows:
        print(
            f"{r.code}  {village_label(r.code, r.name)}  {r.place}  "
            + _("{households} households, {volunteers} volunteers, {sammachip} sammachip").format(
                households=r.households, volunteers=r.volunteers, sammachip=r.sammachip
            )
        )
    return EXIT_OK


def _run_tui(data_dir: Path, *, demo: bool, language: str | None = None) -> int:
    """Lock here, so that a second instance fails with a plain message before the screen is
    taken over; the app opens (or, for the demo, seeds) the workspace once it has drawn."""
    from sammachip_tui.store.disk_errors import opening_error
    from sammachip_tui.store.fsutil import private_dir
    from sammachip_tui.store.lock import DirectoryLock, WorkspaceLockedError

    temp: str | None = None
    if demo:
        temp = tempfile.mkdtemp(prefix="sammachip-demo-")
        data_dir = Path(temp)
    try:
        lock = DirectoryLock(data_dir)
        try:
            private_dir(data_dir)
            lock.acquire()
        except WorkspaceLockedError as exc:
            raise CliError(_locked_message(exc), EXIT_LOCKED) from None
        except OSError as exc:
            raise opening_error(exc, data_dir) from None
        from sammachip_tui import startup_gc

        startup_gc.hold()  # until the villages are listed (the app releases it)
        from sammachip_tui.app import SammachipApp

        app = SammachipApp(data_dir=data_dir, workspace=None, lock=lock, demo=demo,
                           language=language)  # fmt: skip
        try:
            app.run()
        finally:
            app.close_workspace()
        if app.workspace is not None:
            _warn_if_not_flushed(app.workspace)
        return app.return_code or 0
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
