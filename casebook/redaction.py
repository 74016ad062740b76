"""Redaction of text evidence: highlight personal data, and make a redacted copy.

The detectors are :func:`casebook.identifiers.scan`; near misses (an ID number with a wrong check character,
a card number in groups of four that fails the Luhn check) are replaced too, and marked for review.

A redacted copy replaces each hit consistently: the same number is always ``[PHONE 1]`` in one text, a
different one ``[PHONE 2]`` (``style="label"``), or it keeps a few characters so the victim can still
recognise it (``style="mask"``: ``138****5678``).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .identifiers import KINDS, Hit, digits, scan

#: The placeholder word for each kind in a redacted copy (the same in every language, so copies compare).
PLACEHOLDERS = {"phone": "PHONE", "id": "ID", "email": "EMAIL", "card": "CARD"}
#: Default English names for highlighting; the widgets pass translated ones.
NAMES = {"phone": "phone number", "id": "ID number", "email": "e-mail address", "card": "bank card number"}
STYLES = ("label", "mask")


def _key(hit: Hit) -> str:
    """What makes two hits the same datum: the digits (phones without their country prefix), or the address."""
    if hit.kind == "email":
        return hit.value.lower()
    n = digits(hit.value)
    if hit.kind == "phone":
        n = n.removeprefix("00").removeprefix("86").removeprefix("20") if len(n) > 11 else n
        n = n.removeprefix("0") if hit.detail == "eg_mobile" else n
    return n


def _mask(hit: Hit) -> str:
    """Keep a few characters, star the rest: ``138****5678``, ``l***@example.org``, ``**** 1111``."""
    if hit.kind == "email":
        local, _, domain = hit.value.partition("@")
        return f"{local[:1]}***@{domain}"
    n = _key(hit) if hit.kind == "phone" else digits(hit.value)
    if hit.kind == "phone":
        return n[:3] + "*" * (len(n) - 7) + n[-4:]
    if hit.kind == "id":
        return n[:2] + "*" * (len(n) - 6) + n[-4:]
    return "*" * (len(n) - 4) + n[-4:]


def replacements(hits: list[Hit], style: str = "label") -> list[str]:
    """The replacement for each hit, consistent within one text."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    numbers: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = dict.fromkeys(KINDS, 0)
    out: list[str] = []
    for hit in hits:
        if style == "mask":
            out.append(_mask(hit))
            continue
        key = (hit.kind, _key(hit))
        if key not in numbers:
            counts[hit.kind] += 1
            numbers[key] = counts[hit.kind]
        out.append(f"[{PLACEHOLDERS[hit.kind]} {numbers[key]}]")
    return out


def redact(text: str, style: str = "label", hits: list[Hit] | None = None) -> str:
    """``text`` with every hit of :func:`scan` replaced (see :func:`replacements`); ``hits``: the text's scan,
    when the caller has it already (a widget showing a highlight, counts and a copy scans once)."""
    hits = scan(text) if hits is None else hits
    parts: list[str] = []
    pos = 0
    for hit, rep in zip(hits, replacements(hits, style), strict=True):
        parts += [text[pos : hit.start], rep]
        pos = hit.end
    parts.append(text[pos:])
    return "".join(parts)


#: Default English label of a near miss (see :class:`casebook.identifiers.Hit`); the widgets pass a translation.
UNSURE = "possible {name}: check it"


def highlight_html(
    text: str, names: Mapping[str, str] | None = None, unsure: str = UNSURE, hits: list[Hit] | None = None
) -> str:
    """``text`` as escaped HTML, each hit in a ``<mark>`` that also says in words what it is; a near miss says
    it is only possible (``unsure``, with ``{name}``) and carries the class ``cb-pii-unsure``."""
    names = {**NAMES, **(names or {})}
    parts: list[str] = []
    pos = 0
    for hit in scan(text) if hits is None else hits:
        label = escape(names[hit.kind] if hit.sure else unsure.format(name=names[hit.kind]))
        extra = "" if hit.sure else " cb-pii-unsure"
        parts.append(escape(text[pos : hit.start]))
        parts.append(
            f'<mark class="cb-pii cb-pii-{hit.kind}{extra}" data-kind="{hit.kind}">'
            f'<span class="cb-pii-label">[{label}]</span> {escape(hit.value)}</mark>'
        )
        pos = hit.end
    parts.append(escape(text[pos:]))
    return f'<div class="cb-redaction-preview">{"".join(parts)}</div>'


def summary(text: str, hits: list[Hit] | None = None) -> dict[str, int]:
    """How many hits of each kind ``text`` holds (near misses included)."""
    counts = dict.fromkeys(KINDS, 0)
    for hit in scan(text) if hits is None else hits:
        counts[hit.kind] += 1
    return counts


def near_misses(text: str, hits: list[Hit] | None = None) -> int:
    """How many hits in ``text`` are near misses that a person should check."""
    return sum(not hit.sure for hit in (scan(text) if hits is None else hits))
