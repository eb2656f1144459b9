"""gettext for sammachip: Thai by default, English a key away.

Message ids are English. Both catalogs (``th`` and ``en``) are complete: a test extracts every
``_()``, ``N_()`` and ``ngettext()`` string from the source and fails if either catalog lacks it.
The language can change while the app runs, so ``_`` looks the catalog up on every call instead
of binding one at import time.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "sammachip"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"

_catalogs: dict[str, gettext.NullTranslations] = {}
_current = DEFAULT_LANGUAGE


def _catalog(language: str) -> gettext.NullTranslations:
    catalog = _catalogs.get(language)
    if catalog is None:
        catalog = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
        )
        _catalogs[language] = catalog
    return catalog


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` (``th`` or ``en``)."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {LANGUAGES}")
    _current = language


def current_language() -> str:
    return _current


def other_language() -> str:
    return "en" if _current == "th" else "th"


def language_from_environment() -> str | None:
    """``SAMMACHIP_LANG`` if it names a supported language, else None."""
    value = os.environ.get("SAMMACHIP_LANG", "").strip().lower()[:2]
    return value if value in LANGUAGES else None


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _catalog(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translated where shown)."""
    return message


def in_language(message: str, language: str) -> str:
    """``message`` in ``language``, whatever the current one (choices typed in either)."""
    return _catalog(language).gettext(message)


def both(message: str) -> str:
    """The message in Thai and in English, for output that must reach either reader.

    Used for errors printed before the user's language is known (a locked data directory,
    a broken installation): the officer and the district IT helper can both read it.
    """
    th = _catalog("th").gettext(message)
    en = _catalog("en").gettext(message)
    return th if th == en else f"{th} / {en}"
