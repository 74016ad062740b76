"""What the room answered: per question, how many answered, the share correct (facility), the
distribution of answers as bars, and the most chosen wrong answer. Pure functions over the model.

Bars come in two kinds. ``answer`` bars (single, multiple, citation, scenario) count the trainees who
gave that answer, and ``correct`` marks the right ones. ``placement`` bars (order, match) are one per
row of the right arrangement, labelled with where the row belongs (order: ``"2. <row>"``, match:
``"<row> → <right label>"``), and count the trainees who put that row in its right place: every one
of them is ``correct``, and its label gives the answer away (``row`` is the row alone, for a view
that hides the answers)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape

from .grading import JSON, better_path, grade
from .model import QuizItem

VERDICT_LABELS = {
    "in_force": "In force",
    "renumbered": "Renumbered",
    "repealed": "Repealed",
    "wrong_article": "Wrong article",
}


ANSWER = "answer"
PLACEMENT = "placement"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    correct: bool
    kind: str = ANSWER  # ANSWER: how many gave this answer; PLACEMENT: how many put this row in its right place
    row: str = ""  # PLACEMENT: the row's own text, without where it belongs (shows no answer)
    key: str = ""  # PLACEMENT: the row's option key (its place in the item as written)


@dataclass(frozen=True)
class ItemStats:
    item: QuizItem
    answered: int
    members: int
    correct: int
    bars: tuple[Bar, ...]
    top_wrong: str | None

    @property
    def facility(self) -> float | None:
        """Share of those who answered that got it fully right (``None`` before anyone answers or when
        the item is not graded)."""
        if not self.answered or not self.item.graded:
            return None
        return self.correct / self.answered


def clip(text: str, n: int) -> str:
    """``text`` on one line, at most ``n`` characters: cut at a word boundary with an ellipsis (mid-word
    only when the first word alone is longer than ``n``)."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    if text[n - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def _short(text: str, n: int = 70) -> str:
    return clip(text, n)


def _most_common(counts: Counter[tuple[str | None, ...]]) -> tuple[str | None, ...] | None:
    """The most frequent key; ties go to the smallest key, so the result never depends on answer order."""
    if not counts:
        return None
    return min(counts, key=lambda k: (-counts[k], tuple("" if x is None else x for x in k)))


def order_text(item: QuizItem, keys: Iterable[str], n: int = 30) -> str:
    """An order of ``item``'s steps as short texts: ``"A → C → B"``."""
    by_key = {o.key: o for o in item.options}
    return " → ".join(_short(by_key[k].text, n) if k in by_key else str(k) for k in keys)


def match_text(item: QuizItem, given: dict[str, str], n: int = 30) -> str:
    """A match answer as short texts, rows as written: ``"row: chosen; row: chosen"``."""
    return "; ".join(f"{_short(o.text, n)}: {given[o.key]}" for o in item.options if o.key in given)


def _bars(item: QuizItem, answers: list[JSON]) -> tuple[list[Bar], str | None]:
    t = item.type
    if t in ("single", "multiple"):
        counts: Counter[str] = Counter()
        for a in answers:
            picks = [a] if t == "single" else (a if isinstance(a, list) else [])
            counts.update(str(k) for k in picks)
        bars = [Bar(_short(o.text), counts[o.key], o.correct) for o in item.options]
        wrong = [b for b in bars if not b.correct and b.count]
        return bars, max(wrong, key=lambda b: b.count).label if wrong else None
    if t == "citation":
        verdicts: Counter[str] = Counter(
            v for a in answers if isinstance(a, dict) and isinstance(v := a.get("verdict"), str)
        )
        bars = [Bar(label, verdicts[v], v == item.verdict) for v, label in VERDICT_LABELS.items()]
        articles: Counter[str] = Counter(
            v for a in answers if isinstance(a, dict) and isinstance(v := a.get("article"), str)
        )
        bars += [Bar(_short(o.text), articles[o.key], o.correct) for o in item.options]
        wrong = [b for b in bars if not b.correct and b.count]
        return bars, max(wrong, key=lambda b: b.count).label if wrong else None
    if t == "order":
        by_position = sorted(item.options, key=lambda o: (o.position or 0, o.key))
        placed: Counter[str] = Counter()
        wrong_orders: Counter[tuple[str | None, ...]] = Counter()
        for a in answers:
            r = grade(item, a)
            if not r.answered:
                continue
            placed.update(f.key for f in r.feedback if f.right)
            if not r.correct:
                wrong_orders[tuple(a)] += 1
        bars = [
            Bar(f"{o.position}. {_short(o.text)}", placed[o.key], True, PLACEMENT, _short(o.text), o.key)
            for o in by_position
        ]
        worst = _most_common(wrong_orders)
        return bars, order_text(item, [str(k) for k in worst]) if worst else None
    if t == "match":
        matched: Counter[str] = Counter()
        wrong_matches: Counter[tuple[str | None, ...]] = Counter()
        for a in answers:
            r = grade(item, a)
            if not r.answered:  # a row left without an answer: not graded, not counted
                continue
            matched.update(f.key for f in r.feedback if f.right)
            if not r.correct:
                wrong_matches[tuple(f.given for f in r.feedback)] += 1
        bars = [
            Bar(f"{_short(o.text, 45)} → {o.answer}", matched[o.key], True, PLACEMENT, _short(o.text, 45), o.key)
            for o in item.options
        ]
        worst = _most_common(wrong_matches)
        if worst is None:
            return bars, None
        return bars, match_text(item, {o.key: g for o, g in zip(item.options, worst, strict=True) if g is not None})
    if t == "scenario":
        endings: Counter[str] = Counter()
        first_wrong: Counter[str] = Counter()
        for a in answers:
            r = grade(item, a)
            if r.ended and r.path:
                endings[r.path[-1]] += 1
            weaker = next((f for f in r.feedback if not f.right), None)
            if weaker is not None:
                first_wrong[f"{weaker.key}@{weaker.step or ''}"] += 1
        better_end = _better_ending(item)
        bars = [
            Bar(_short(plain_ending(s.html)) or s.id, endings[s.id], s.id == better_end) for s in item.steps if s.ending
        ]
        top = None
        if first_wrong:
            key, _n = first_wrong.most_common(1)[0]
            okey, step = key.split("@", 1)
            st = next((s for s in item.steps if s.id == step), None)
            opt = next((o for o in st.options if o.key == okey), None) if st else None
            top = _short(opt.text) if opt else None
        return bars, top
    return [], None


def _better_ending(item: QuizItem) -> str | None:
    path = better_path(item)
    return path[-1][0].id if path else None


def plain_ending(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html)).strip()


def item_stats(item: QuizItem, answers: Iterable[JSON], members: int) -> ItemStats:
    given = list(answers)
    results = [grade(item, a) for a in given]
    answered = [r for r in results if r.answered]
    bars, top = _bars(item, [a for a, r in zip(given, results, strict=True) if r.answered])
    return ItemStats(item, len(answered), members, sum(1 for r in answered if r.correct), tuple(bars), top)
