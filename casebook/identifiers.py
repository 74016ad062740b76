"""Detectors for personal identifiers that must never appear in the casebook.

Case text is scanned with these before it can be published; the advocate's toolkit reuses them
to redact evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

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


# --- Validating detectors, used to redact evidence -------------------------------------------------
#
# ``find`` above is deliberately loose (anything shaped like an identifier stops a case from being
# published). ``scan`` below is strict: a resident ID must carry a valid check character and birth
# date, a card number must pass the Luhn check, so that redaction marks what really is personal data.

# Fullwidth digits (common in Chinese text) are read as ASCII too; every mapping is one character to one
# character, so offsets into the translated text are offsets into the original.
_WIDE = str.maketrans("０１２３４５６７８９", "0123456789")

#: Kinds of personal data ``scan`` reports; where two start at the same place, the first kind wins.
KINDS = ("email", "id", "phone", "card")

#: Mainland province-level codes (GB/T 2260), the Hong Kong, Macao and Taiwan residence-permit codes
#: (81-83) and 91 (foreigners' permanent residence ID card, 2023 format).
CN_REGIONS = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66), 71, 81, 82, 83, 91]
)

#: Egyptian governorate codes in the national ID (digits 8-9). Taken from secondary sources (the Civil
#: Status Organisation does not publish the list): 01-04 city governorates, 11-19 Lower Egypt, 21-29
#: Upper Egypt, 31-35 frontier governorates, 88 born abroad. UNSURE: whether 29 (Luxor) and 35 (South
#: Sinai) appear on older cards, and whether other codes exist; the check digit (digit 14) is not
#: verified because its algorithm is not published.
EG_GOVERNORATES = frozenset([1, 2, 3, 4, *range(11, 20), *range(21, 30), *range(31, 36), 88])

_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"

_NUM = r"(?<![0-9A-Za-z+])"
_END = r"(?![0-9A-Za-z])"
#: For each kind, its rules: (detail, candidate pattern); ``_valid`` then checks each candidate.
_SCAN: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "email": (
        (
            "email",
            re.compile(
                r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@(?:[A-Za-z0-9\-]{1,63}\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
            ),
        ),
    ),
    "id": (
        ("cn_resident_id", re.compile(_NUM + r"[0-9]{17}[0-9Xx]" + _END)),
        ("cn_resident_id_15", re.compile(_NUM + r"[0-9]{15}" + _END)),
        ("eg_national_id", re.compile(_NUM + r"[23][0-9]{13}" + _END)),
    ),
    "phone": (
        # Mainland mobile: 1[3-9]x + 8 digits, optionally after +86 / 0086; single spaces or hyphens between.
        ("cn_mobile", re.compile(_NUM + r"(?:(?:\+|00)86[ \-]?)?1[3-9][0-9](?:[ \-]?[0-9]){8}" + _END)),
        # Egyptian mobile: 01[0125] + 8 digits, or +20 / 0020 (optionally "(0)") then 1[0125] + 8 digits.
        (
            "eg_mobile",
            re.compile(_NUM + r"(?:(?:\+|00)20[ \-]?(?:\(0\)[ \-]?)?|0)1[0125](?:[ \-]?[0-9]){8}" + _END),
        ),
    ),
    "card": (("bank_card", re.compile(_NUM + r"[0-9](?:[ \-]?[0-9]){12,18}" + _END)),),
}


@dataclass(frozen=True)
class Hit:
    """A piece of personal data in a text: ``kind`` is one of :data:`KINDS`, ``detail`` says which rule."""

    kind: str
    detail: str
    value: str
    start: int
    end: int


def digits(value: str) -> str:
    """The ASCII digits (and a trailing X) of ``value``, whatever digits it was written in."""
    return re.sub(r"[^0-9X]", "", value.translate(_DIGITS).translate(_WIDE).upper())


def _date_ok(year: int, month: int, day: int, today: date | None = None) -> bool:
    try:
        d = date(year, month, day)
    except ValueError:
        return False
    return d <= (today or date.today())


def cn_id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of an 18-character resident ID."""
    total = sum(int(c) * w for c, w in zip(first17, _CN_ID_WEIGHTS, strict=True))
    return _CN_ID_CHECK[total % 11]


def valid_cn_resident_id(value: str) -> bool:
    """18 characters: a known region, a real birth date (1900 on, not in the future), a valid check character;
    or an old 15-digit number (a region and a real 19YY birth date; it has no check digit)."""
    s = digits(value)
    if len(s) == 18 and s[:17].isdigit():
        return (
            int(s[:2]) in CN_REGIONS
            and int(s[6:10]) >= 1900
            and _date_ok(int(s[6:10]), int(s[10:12]), int(s[12:14]))
            and cn_id_check_char(s[:17]) == s[17]
        )
    if len(s) == 15 and s.isdigit():
        return int(s[:2]) in CN_REGIONS and _date_ok(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    return False


def valid_eg_national_id(value: str) -> bool:
    """14 digits: century (2 = 1900s, 3 = 2000s), a real birth date YYMMDD not in the future, and a
    governorate code from :data:`EG_GOVERNORATES`. The check digit is not verified (see above)."""
    s = digits(value)
    if len(s) != 14 or not s.isdigit() or s[0] not in "23":
        return False
    year = (1900 if s[0] == "2" else 2000) + int(s[1:3])
    return _date_ok(year, int(s[3:5]), int(s[5:7])) and int(s[7:9]) in EG_GOVERNORATES


def luhn_ok(value: str) -> bool:
    """The Luhn check used by bank card numbers (13 to 19 digits)."""
    s = digits(value)
    if not 13 <= len(s) <= 19 or not s.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _card_groups_ok(value: str) -> bool:
    """A card number is written in one run, in groups of four (the last may be shorter), or 4-6-5 / 4-6-4."""
    sizes = [len(g) for g in re.split(r"[ \-]", value)]
    if len(sizes) == 1 or sizes in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(n == 4 for n in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _valid(detail: str, value: str) -> bool:
    if detail in ("cn_resident_id", "cn_resident_id_15"):
        return valid_cn_resident_id(value)
    if detail == "eg_national_id":
        return valid_eg_national_id(value)
    if detail == "bank_card":
        return luhn_ok(value) and _card_groups_ok(value)
    return True  # phones and e-mail addresses: the pattern is the check


def scan(text: str) -> list[Hit]:
    """Every piece of personal data in ``text`` that passes its check, in order and without overlaps (where
    two overlap, the one that starts first wins; at the same start, the kind earlier in :data:`KINDS`).
    Arabic-Indic and fullwidth digits count."""
    plain = text.translate(_DIGITS).translate(_WIDE)
    candidates: list[tuple[int, int, int, str, str]] = []
    for rank, kind in enumerate(KINDS):
        for detail, pattern in _SCAN[kind]:
            pos = 0
            while m := pattern.search(plain, pos):
                # A candidate that fails its check may hide a valid one after a separator: try again there.
                if _valid(detail, m.group()):
                    candidates.append((m.start(), rank, -m.end(), kind, detail))
                    pos = m.end()
                else:
                    pos = m.start() + 1
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for start, _rank, neg_end, kind, detail in sorted(candidates):
        end = -neg_end
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        hits.append(Hit(kind, detail, text[start:end], start, end))
    return sorted(hits, key=lambda h: h.start)
