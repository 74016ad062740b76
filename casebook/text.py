"""Text that can carry several languages, and the languages the workbook knows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: Language tags used throughout the casebook (BCP 47).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "zh-Hans": "简体中文",
    "zh-Hant": "繁體中文",
    "ar": "العربية",
}
RTL_LANGUAGES = frozenset({"ar"})
DEFAULT_LANGUAGE = "en"


def direction(lang: str) -> str:
    """The writing direction of a language tag: ``"rtl"`` or ``"ltr"``."""
    return "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Text:
    """A piece of text in one or more languages. English is always present."""

    by_lang: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, value: str | Mapping[str, str]) -> Text:
        if isinstance(value, str):
            return cls({DEFAULT_LANGUAGE: value})
        return cls(dict(value))

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The text in ``lang``, falling back to English."""
        return self.by_lang.get(lang) or self.by_lang.get(DEFAULT_LANGUAGE, "")

    def has(self, lang: str) -> bool:
        return bool(self.by_lang.get(lang))

    @property
    def en(self) -> str:
        return self.get(DEFAULT_LANGUAGE)

    def __str__(self) -> str:
        return self.en


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here: casebook/ holds no interface, so a
    message meant for a person (an error a view shows) is marked here and translated by the view with
    ``_(str(exc))``. ``make catalogs`` extracts every ``N_("...")``."""
    return message
