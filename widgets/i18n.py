"""The one translation function for interface text: ``_(msgid)``.

Backed by stdlib :mod:`gettext` (domain ``casebook``, compiled catalogs in
``widgets/locale/<lang>/LC_MESSAGES/casebook.mo``, built with ``make catalogs``). Missing catalogs or
messages fall back to the English msgid. Babel is needed only to build the catalogs, never at runtime.

The interface language is chosen by :func:`choose`: ``?lang=`` in a Voilà URL, else the learner's choice
on the start page (kept beside the attempts store), else ``$CASEBOOK_LANG``, else English.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from casebook.text import direction as _direction

if TYPE_CHECKING:
    import ipywidgets as ipw

    W = TypeVar("W", bound=ipw.DOMWidget)

DOMAIN = "casebook"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: The interface languages (each has a catalog), with their names in their own language.
LANGUAGES: dict[str, str] = {"en": "English", "zh-Hans": "中文（简体）", "ar": "العربية"}
DEFAULT = "en"
RTL_CLASS = "cb-rtl"

_language = "en"
_translation: gettext.NullTranslations = gettext.NullTranslations()


def _gettext_name(lang: str) -> str:
    """BCP 47 (``zh-Hans``) to gettext's locale name (``zh_Hans``)."""
    return lang.replace("-", "_")


def set_language(lang: str) -> None:
    """Use ``lang`` (a BCP 47 tag such as ``ar`` or ``zh-Hans``) for interface text from now on."""
    global _language, _translation
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_gettext_name(lang), "en"], fallback=True)
    _language = lang


def language() -> str:
    """The interface language in use."""
    return _language


def _(msgid: str) -> str:
    """Translate ``msgid`` into the interface language."""
    return _translation.gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n``, by the plural rules of the interface language."""
    return _translation.ngettext(singular, plural, n)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalogs without translating it now (translate it with ``_()`` when shown)."""
    return msgid


#: The section headings of a case (``casebook.SECTIONS``), marked for the catalogs; views show ``_(heading)``.
SECTION_HEADINGS = (
    N_("Facts"),
    N_("Timeline"),
    N_("What went wrong"),
    N_("Legal basis"),
    N_("Evidence steps"),
    N_("Remedies and channels"),
    N_("Source check"),
    N_("Discussion"),
)

_ALIASES = {"zh": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-hans": "zh-Hans", "zh-hans-cn": "zh-Hans"}


def normalize(tag: str | None) -> str | None:
    """An interface language for a tag such as ``ar``, ``ar-EG``, ``zh-Hans``, ``zh_CN`` or ``EN``; ``None``
    when the workbook has no catalog for it."""
    t = (tag or "").strip().replace("_", "-").lower()
    if not t:
        return None
    if t in _ALIASES:
        return _ALIASES[t]
    base = t.split("-")[0]
    if base in ("en", "ar"):
        return base
    return None


def choose(url_lang: str | None = None) -> str:
    """The interface language: ``url_lang`` (``?lang=``), else the learner's saved choice, else
    ``$CASEBOOK_LANG``, else English. Tags the workbook has no catalog for are passed over. The saved
    choice is this visitor's (this browser's), never another's on the same server."""
    from casebook.visitor import remembered_language

    for tag in (url_lang, remembered_language(), os.environ.get("CASEBOOK_LANG")):
        lang = normalize(tag)
        if lang:
            return lang
    return DEFAULT


def direction(lang: str | None = None) -> str:
    """``"rtl"`` or ``"ltr"``: the writing direction of ``lang`` (default: the interface language)."""
    return _direction(lang or _language)


def rtl(widget: W, lang: str | None = None) -> W:
    """``widget`` with the ``cb-rtl`` class (right to left, mirrored rows) when the language is written so."""
    if direction(lang) == "rtl":
        widget.add_class(RTL_CLASS)
    return widget


def bidi(text_html: str) -> str:
    """Isolate a run (an article label, a number, a file name) so it keeps its own order in either direction."""
    return f"<bdi>{text_html}</bdi>"
