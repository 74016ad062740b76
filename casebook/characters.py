"""Characters that mislead a reader: invisible ones, direction overrides, and letters that only look Latin.

Used twice: ``casebook check`` flags them in content (a title with a right-to-left override reads
backwards; a zero-width space hides inside a statute id), and a workshop refuses a nickname that would
pass for another (``Аlice`` with a Cyrillic А is not a new trainee beside ``Alice``). The script of each
letter and its look-alikes come from Unicode's data through ``confusable_homoglyphs`` (UTS #39).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

#: Controls that change the direction text is shown in (embeddings, overrides, isolates). The marks
#: U+200E/U+200F/U+061C (LRM, RLM, ALM) are allowed: Arabic text uses them legitimately.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Characters that take no space: a reader cannot see them, a search cannot find past them.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad\u180e\u200c\u200d\u2061\u2062\u2063\u2064")
#: Scripts whose letters pass for one another; a word mixing two of them is suspect.
LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Suspect:
    offset: int
    kind: str  # direction, invisible, mixed
    message: str


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"


@lru_cache(maxsize=4096)
def _scripts(word: str) -> frozenset[str]:
    return frozenset(categories.unique_aliases(word)) & LOOKALIKE_SCRIPTS


def suspects(text: str) -> list[Suspect]:
    """Every misleading character in ``text``: direction controls, invisible characters, and words that mix
    Latin, Cyrillic or Greek letters (one report per word)."""
    found: list[Suspect] = []
    for i, ch in enumerate(text):
        if ch in BIDI_CONTROLS:
            found.append(
                Suspect(i, "direction", f"a direction control ({_name(ch)}) can make text read in another order")
            )
        elif ch in INVISIBLE:
            found.append(Suspect(i, "invisible", f"an invisible character ({_name(ch)})"))
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        scripts = _scripts(word)
        if len(scripts) > 1:
            odd = [c for c in word if categories.aliases_categories(c)[0] != "LATIN" and c.isalpha()]
            shown = ", ".join(_name(c) for c in dict.fromkeys(odd)) if "LATIN" in scripts else ""
            found.append(
                Suspect(
                    m.start(),
                    "mixed",
                    f"the word {word!r} mixes {' and '.join(sorted(scripts)).lower()} letters"
                    + (f" ({shown} looks Latin)" if shown else ""),
                )
            )
    return sorted(found, key=lambda s: s.offset)


def skeleton(name: str) -> str:
    """What ``name`` looks like, for telling whether two names would pass for each other: NFKC (fullwidth
    letters become plain), case folded, invisible and direction characters dropped, spaces collapsed, and
    every letter that only looks Latin replaced by the Latin letter it looks like."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if c not in INVISIBLE and c not in BIDI_CONTROLS)
    text = " ".join(text.split())
    out: list[str] = []
    for ch in text:
        if ch.isascii() or not ch.isalpha():
            out.append(ch)
            continue
        found = confusables.is_confusable(ch, greedy=False, preferred_aliases=["latin"])
        latin = [g["c"] for g in found[0]["homoglyphs"] if g["c"].isascii()] if found else []
        out.append(latin[0] if latin else ch)
    return "".join(out).casefold()


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1
