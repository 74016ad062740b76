"""The one translation function for interface text: ``_(msgid)``.

Backed by stdlib :mod:`gettext` (domain ``casebook``, catalogs in ``widgets/locale/<lang>/LC_MESSAGES``,
built later with Babel). Missing catalogs fall back to the English msgid.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "casebook"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

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
    return _translation.ngettext(singular, plural, n)
