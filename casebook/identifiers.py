"""Detectors for personal identifiers that must never appear in the casebook.

Case text is scanned with these before it can be published; the advocate's toolkit reuses them
to redact evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

# Matched in the text's ``plain`` form (fullwidth and Arabic-Indic digits read as ASCII, invisible characters
# and odd spaces as a space), glued to words or not, with one separator (space, hyphen, dot) between digits.
_SEP = r"[ \-.]?"
PATTERNS: dict[str, re.Pattern[str]] = {
    "cn_mobile": re.compile(r"(?<![0-9])1[3-9][0-9](?:" + _SEP + r"[0-9]){8}(?![0-9])"),
    "cn_resident_id": re.compile(r"(?<![0-9])[0-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx](?![0-9Xx])"),
    "eg_national_id": re.compile(r"(?<![0-9])[0-9](?:" + _SEP + r"[0-9]){13}(?![0-9])"),
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
    normal = plain(text)
    for kind, pattern in PATTERNS.items():
        for m in pattern.finditer(normal):
            yield Found(kind, text[m.start() : m.end()], m.start(), m.end())


def normalise(value: str) -> str:
    """Digits only (ASCII), for comparing a found value with an allow-list."""
    return re.sub(r"[^0-9Xx]", "", plain(value)).upper()


# --- Validating detectors, used to redact evidence -------------------------------------------------
#
# ``find`` above is deliberately loose (anything shaped like an identifier stops a case from being
# published). ``scan`` below is strict: a resident ID must carry a valid check character and birth
# date, a card number must pass the Luhn check, so that redaction marks what really is personal data.

# Text is matched in a normalised copy in which every character maps to exactly one character, so offsets
# into the copy are offsets into the original: fullwidth forms (common in Chinese text: ０-９, ＠, ．, －)
# become ASCII, Arabic-Indic digits become ASCII digits, the ideographic space, no-break and thin spaces
# become a space, the many dashes become a hyphen, and invisible characters that people (or spam filters)
# put between digits (zero-width space and joiners, word joiner, soft hyphen, BOM) become a space too.
_PLAIN = {
    **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},  # fullwidth ASCII
    **{ord(k): ord(v) for k, v in zip("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789", strict=True)},
    **dict.fromkeys(map(ord, "\u3000\u00a0\u2007\u2009\u202f\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), ord(" ")),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"), ord("-")),
    ord("\ufe6b"): ord("@"),  # small commercial at
}


def plain(text: str) -> str:
    """``text`` normalised for matching, one character for one character (see above)."""
    return text.translate(_PLAIN)


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

# Numbers may be glued to words (``Tel13812345678``, ``ID110105...``): only a digit before or after ends a
# match. Between digits, up to three separators (space, hyphen, dot, in any of the forms ``plain`` folds).
_NUM = r"(?<![0-9])"
_END = r"(?![0-9])"
_S = r"[ \-.]{0,3}"
_D = r"(?:" + _S + r"[0-9])"
# A dot, or the halfwidth ideographic full stop IDNA reads as one (the ideographic full stop 。 is left out: it
# ends most Chinese sentences, and an address before it would swallow the next sentence).
_DOT = r"[.\uff61]"
#: For each kind, its rules: (detail, candidate pattern); ``_check`` then checks each candidate.
_SCAN: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "email": (
        (
            "email",
            re.compile(
                r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@(?:[A-Za-z0-9\-]{1,63}\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
            ),
        ),
        # Internationalised addresses (用户@例子.中国): any letters and digits, a domain with at least one
        # non-ASCII label (checked in ``_check``).
        (
            "email_intl",
            re.compile(r"(?<![\w.%+\-])[\w.%+\-]{1,64}@(?:[^\W_][\w\-]{0,62}" + _DOT + r")+[^\W\d_]{2,24}(?![\w\-])"),
        ),
    ),
    "id": (
        ("cn_resident_id", re.compile(_NUM + r"[0-9]" + _D + r"{16}" + _S + r"[0-9Xx]" + r"(?![0-9Xx])")),
        ("cn_resident_id_15", re.compile(_NUM + r"[0-9]" + _D + r"{14}" + _END)),
        ("eg_national_id", re.compile(_NUM + r"[23]" + _D + r"{13}" + _END)),
    ),
    "phone": (
        # Mainland mobile: 1[3-9]x + 8 digits, optionally after +86 / 0086 / (+86), the first three digits
        # optionally in brackets: (138)12345678.
        (
            "cn_mobile",
            re.compile(
                _NUM
                + r"(?:(?:\+|00)86"
                + _S
                + r"|\(\+?86\)"
                + _S
                + r")?(?:\(1[3-9][0-9]\)|1[3-9][0-9])"
                + _D
                + r"{8}"
                + _END
            ),
        ),
        # Egyptian mobile: 01[0125] + 8 digits, or +20 / 0020 (optionally "(0)") then 1[0125] + 8 digits; the
        # first three digits optionally in brackets: (010)12345678.
        (
            "eg_mobile",
            re.compile(
                _NUM + r"(?:(?:(?:\+|00)20" + _S + r"(?:\(0\)" + _S + r")?|0)1[0125]|\(01[0125]\))" + _D + r"{8}" + _END
            ),
        ),
    ),
    # (Not followed by an X: 17 digits and an X are an ID number, right or wrong.)
    "card": (("bank_card", re.compile(_NUM + r"[0-9]" + _D + r"{12,18}" + r"(?![0-9Xx])")),),
}


@dataclass(frozen=True)
class Hit:
    """A piece of personal data in a text: ``kind`` is one of :data:`KINDS`, ``detail`` says which rule.

    ``sure`` is False for a near miss that a person should look at: an ID number whose region and birth date
    are real but whose check character is wrong (a typo, or a number copied wrongly), a card number written
    in groups of four that fails the Luhn check. Redaction replaces near misses too.
    """

    kind: str
    detail: str
    value: str
    start: int
    end: int
    sure: bool = True


def digits(value: str) -> str:
    """The ASCII digits (and a trailing X) of ``value``, whatever digits it was written in."""
    return re.sub(r"[^0-9X]", "", plain(value).upper())


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
    return _cn_id(digits(value)) is True


def _cn_id(s: str) -> bool | None:
    """For the compact form ``s``: True, a valid ID; False, a near miss (18 characters, a real region and birth
    date, a wrong check character); None, not an ID."""
    if len(s) == 18 and s[:17].isdigit():
        if int(s[:2]) not in CN_REGIONS or int(s[6:10]) < 1900:
            return None
        if not _date_ok(int(s[6:10]), int(s[10:12]), int(s[12:14])):
            return None
        return cn_id_check_char(s[:17]) == s[17]
    if len(s) == 15 and s.isdigit():
        ok = int(s[:2]) in CN_REGIONS and _date_ok(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
        return True if ok else None
    return None


def valid_eg_national_id(value: str) -> bool:
    """14 digits: century (2 = 1900s, 3 = 2000s), a real birth date YYMMDD not in the future, and a
    governorate code from :data:`EG_GOVERNORATES`. The check digit is not verified (see above)."""
    return _eg_id(digits(value))


def _eg_id(s: str) -> bool:
    if len(s) != 14 or not s.isdigit() or s[0] not in "23" or int(s[7:9]) not in EG_GOVERNORATES:
        return False
    year = (1900 if s[0] == "2" else 2000) + int(s[1:3])
    return _date_ok(year, int(s[3:5]), int(s[5:7]))


def luhn_ok(value: str) -> bool:
    """The Luhn check used by bank card numbers (13 to 19 digits)."""
    return _luhn(digits(value))


def _luhn(s: str) -> bool:
    if not 13 <= len(s) <= 19 or not s.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


_GROUPS = re.compile(r"[0-9]+")


def _card_groups_ok(sizes: list[int]) -> bool:
    """A card number (the sizes of its digit groups) is written in one run, or in groups of three to six
    digits (4-4-4-4, 4-6-5, 6-6-4, 6222-021234-567894...), the last group of one digit or more."""
    return len(sizes) == 1 or (all(3 <= n <= 6 for n in sizes[:-1]) and 1 <= sizes[-1] <= 6)


# What a candidate holds besides its digits (and X), removed to get its compact form.
_COMPACT = dict.fromkeys(map(ord, " -.()+"))


def _check(detail: str, value: str) -> bool | None:
    """For a candidate ``value`` (already :func:`plain`): True, personal data; False, a near miss to look at
    (see :class:`Hit`); None, not personal data."""
    if detail in ("cn_resident_id", "cn_resident_id_15"):
        return _cn_id(value.translate(_COMPACT).upper())
    if detail == "eg_national_id":
        return True if _eg_id(value.translate(_COMPACT)) else None
    if detail == "bank_card":
        sizes = [len(g) for g in _GROUPS.findall(value)]
        if not _card_groups_ok(sizes):
            return None
        if _luhn(value.translate(_COMPACT)):
            return True
        return False if sizes == [4, 4, 4, 4] else None
    if detail == "email_intl":
        # An internationalised domain ("例子.中国", "bücher.de"), not an ASCII address glued to the text after
        # it ("example.com谢谢", which the ASCII rule finds): a top-level domain is ASCII or has no ASCII letter.
        labels = re.split(_DOT, value.rpartition("@")[2])
        tld = labels[-1]
        glued = not tld.isascii() and any(c.isascii() for c in tld)
        return True if not all(label.isascii() for label in labels) and not glued else None
    return True  # phones and ASCII e-mail addresses: the pattern is the check


def scan(text: str) -> list[Hit]:
    """Every piece of personal data in ``text`` that passes its check, and the near misses, in order and
    without overlaps (where two overlap, the one that starts first wins; at the same start a sure hit wins
    over a near miss, then the kind earlier in :data:`KINDS`). The text is matched in its :func:`plain` form,
    so fullwidth and Arabic-Indic digits, fullwidth ``＠``, dotted, bracketed, glued and zero-width-separated
    numbers all count."""
    normal = plain(text)
    candidates: list[tuple[int, bool, int, int, str, str]] = []
    for rank, kind in enumerate(KINDS):
        for detail, pattern in _SCAN[kind]:
            pos = 0
            while m := pattern.search(normal, pos):
                start, end = m.start(), m.end()  # every pattern ends on a digit, an X or a letter
                verdict = _check(detail, m.group())
                if verdict is None:
                    # A candidate that fails its check may hide a valid one after a separator: try again there.
                    pos = start + 1
                    continue
                candidates.append((start, not verdict, rank, -end, kind, detail))
                pos = end
    hits: list[Hit] = []
    reached = 0  # candidates come in order of their start: one overlaps a hit taken if it starts before this
    for start, unsure, _rank, neg_end, kind, detail in sorted(candidates):
        if start < reached:
            continue
        reached = -neg_end
        hits.append(Hit(kind, detail, text[start:reached], start, reached, sure=not unsure))
    return hits
