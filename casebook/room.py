"""What the room answered: per question, how many answered, the share correct (facility), the
distribution of answers as bars, and the most chosen wrong answer. Pure functions over the model."""

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


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    correct: bool


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


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


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
        verdicts: Counter[str] = Counter(a.get("verdict") for a in answers if isinstance(a, dict))
        bars = [Bar(label, verdicts[v], v == item.verdict) for v, label in VERDICT_LABELS.items()]
        articles: Counter[str] = Counter(a.get("article") for a in answers if isinstance(a, dict))
        bars += [Bar(_short(o.text), articles[o.key], o.correct) for o in item.options]
        wrong = [b for b in bars if not b.correct and b.count]
        return bars, max(wrong, key=lambda b: b.count).label if wrong else None
    if t in ("match", "order"):
        right: Counter[str] = Counter()
        for a in answers:
            r = grade(item, a)
            for f in r.feedback:
                if f.right:
                    right[f.key] += 1
        bars = [Bar(_short(o.text), right[o.key], True) for o in item.options]
        misses = {o.key: len(answers) - right[o.key] for o in item.options}
        worst = max(item.options, key=lambda o: misses[o.key], default=None)
        top = _short(worst.text) if worst is not None and misses[worst.key] else None
        return bars, top
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
