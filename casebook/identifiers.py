"""Detectors for personal identifiers that must never appear in the casebook.

Case text is scanned with these before it can be published; the advocate's toolkit reuses them
to redact evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Arabic-Indic and Eastern Arabic-Indic digits are read as ASCII digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_SEP = r"[ \-]?"
PATTERNS: dict[str, re.Pattern[str]] = {
    "cn_mobile": re.compile(r"(?<![0-9])1[3-9][0-9](?:" + _SEP + r"[0-9]){8}(?![0-9])"),
    "cn_resident_id": re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])"),
    "eg_national_id": re.compile(r"(?<![0-9])[0-9]{14}(?![0-9])"),
}
LABELS = {
    "cn_mobile": "an 11-digit mainland mobile number",
    "cn_resident_id": "an 18-character resident ID number",
    "eg_national_id": "a 14-digit Egyptian national ID number",
}


@dataclass(frozen=True)
class Found:
    kind: str
    value: str
    start: int
    end: int


def find(text: str) -> Iterator[Found]:
    """Every identifier-like run in ``text`` (offsets refer to ``text`` itself)."""
    plain = text.translate(_DIGITS)
    for kind, pattern in PATTERNS.items():
        for m in pattern.finditer(plain):
            yield Found(kind, text[m.start() : m.end()], m.start(), m.end())


def normalise(value: str) -> str:
    """Digits only (ASCII), for comparing a found value with an allow-list."""
    return re.sub(r"[^0-9Xx]", "", value.translate(_DIGITS)).upper()
