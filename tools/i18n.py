"""Extract user-visible strings and keep the Thai and English catalogs complete.

    python3 dev.py i18n            # update th.po/en.po from the source, compile .mo
    python3 dev.py i18n --check    # exit 1 if a string lacks a translation or .mo is stale

Strings are found by reading the source (``_()``, ``N_()``, ``both()``, ``ngettext()`` with
literal arguments). English msgstrs equal their msgids unless edited; Thai ones must be
written by hand in ``th.po``: new strings arrive there empty and ``--check`` fails until
they are filled.
"""

from __future__ import annotations

import ast
import gettext
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sammachip_tui"
LOCALE = SRC / "i18n" / "locale"
SINGLE = {"_", "N_", "both"}


def extract() -> dict[str | tuple[str, str], list[str]]:
    """msgid (or (singular, plural)) → places it appears."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = node.args
            place = f"{path.relative_to(ROOT)}:{node.lineno}"
            if node.func.id in SINGLE and args and _literal(args[0]) is not None:
                found.setdefault(_literal(args[0]), []).append(place)  # type: ignore[arg-type]
            elif node.func.id == "ngettext" and len(args) >= 2:
                one, many = _literal(args[0]), _literal(args[1])
                if one is not None and many is not None:
                    found.setdefault((one, many), []).append(place)
    return found


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "sammachip.po"


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain="sammachip")
    with path.open("rb") as f:
        return read_po(f, locale=language, domain="sammachip")


def missing(catalog: Catalog, found: dict) -> list[str]:
    problems = []
    for key in found:
        message = catalog.get(key if isinstance(key, str) else key[0])
        if message is None:
            problems.append(f"{catalog.locale}: not in catalog: {key!r}")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"{catalog.locale}: no translation: {key!r}")
    return problems


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> None:
    found = extract()
    for language in ("th", "en"):
        old = load(language)
        new = Catalog(locale=language, domain="sammachip", project="sammachip-tui", fuzzy=False)
        for key, places in found.items():
            msgid = key if isinstance(key, str) else key[0]
            previous = old.get(msgid) or old.obsolete.get(msgid)
            if previous is not None and previous.string:
                string = previous.string
            elif language == "en":
                string = key  # English: the msgid (or both plural forms) as is
            else:
                string = "" if isinstance(key, str) else ("",)
            new.add(
                key,
                string,
                locations=[(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in places],
            )
        # Strings no longer in the source stay as obsolete entries (#~), so a translation
        # comes back if the string does.
        for message in [*old, *old.obsolete.values()]:
            if message.id and message.id not in new and message.string:
                new.obsolete[message.id] = message
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, new, width=100, sort_output=True)
        path.with_suffix(".mo").write_bytes(compiled(load(language)))


def messages(mo: bytes) -> dict[object, object]:
    """What a compiled catalog translates: msgid → msgstr, without the header entry.

    The header names the Babel release that wrote it and the time; comparing bytes would turn
    CI red on every Babel release and every day, though no translation changed."""
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    table: dict[object, object] = translations._catalog  # type: ignore[attr-defined]
    return {k: v for k, v in table.items() if k != ""}


def check() -> list[str]:
    found = extract()
    problems = []
    for language in ("th", "en"):
        catalog = load(language)
        problems += missing(catalog, found)
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or messages(mo.read_bytes()) != messages(compiled(catalog)):
            problems.append(f"{language}: {mo.name} is not compiled from the .po (run dev.py i18n)")
    return problems


if __name__ == "__main__":
    if "--check" not in sys.argv:
        update()
    problems = check()
    print("\n".join(problems) or "catalogs complete")
    sys.exit(1 if problems else 0)
