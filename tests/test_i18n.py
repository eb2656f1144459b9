"""Both catalogs complete, compiled, and switchable at run time."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sammachip_tui.i18n import _, both, ngettext, set_language

TOOL = Path(__file__).resolve().parents[1] / "tools" / "i18n.py"


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", TOOL)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_every_string_is_translated_in_both_catalogs_and_compiled() -> None:
    tool = _tool()
    assert len(tool.extract()) > 100
    assert tool.check() == []


def test_language_switches_at_run_time() -> None:
    set_language("th")
    assert _("Villages") == "หมู่บ้าน"
    set_language("en")
    assert _("Villages") == "Villages"
    assert (
        ngettext("Imported {n} household", "Imported {n} households", 2)
        == "Imported {n} households"
    )
    assert both("Quit") == "ออก / Quit"


def test_the_compiled_check_ignores_the_header_but_not_a_translation() -> None:
    """A Babel release (or the day) changes the .mo header; only a changed translation may
    make the check fail."""
    from babel.messages.catalog import Catalog

    tool = _tool()
    one = Catalog(locale="th", domain="sammachip", project="a", version="1")
    one.add("Villages", "หมู่บ้าน")
    other = Catalog(locale="th", domain="sammachip", project="b", version="2",
                    creation_date=one.creation_date.replace(year=1999))  # fmt: skip
    other.add("Villages", "หมู่บ้าน")
    assert tool.compiled(one) != tool.compiled(other)
    assert tool.messages(tool.compiled(one)) == tool.messages(tool.compiled(other))
    other["Villages"].string = "หมู่"
    assert tool.messages(tool.compiled(one)) != tool.messages(tool.compiled(other))
