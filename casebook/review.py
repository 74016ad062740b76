"""The final review: a mix of items from every case, answered afresh."""

from __future__ import annotations

from dataclasses import replace

from .loader import cases
from .model import QuizItem

REVIEW_PREFIX = "review:"
GRADED_TYPES = ("citation", "match", "scenario", "single", "multiple", "order")


def review_items(per_case: int = 3) -> list[QuizItem]:
    """Up to ``per_case`` items of different types from each case, in teaching order; the preferred types
    rotate from case to case so the review mixes every graded type. The copies are keyed
    ``review:<case>/<item>`` so review answers neither restore nor overwrite the case notebooks'."""
    picked: list[QuizItem] = []
    for n, case in enumerate(cases()):
        prefs = GRADED_TYPES[n % len(GRADED_TYPES) :] + GRADED_TYPES[: n % len(GRADED_TYPES)]
        chosen: list[QuizItem] = []
        for t in prefs:
            first = next((item for item in case.quizzes if item.type == t), None)
            if first is not None and len(chosen) < per_case:
                chosen.append(first)
        chosen.sort(key=case.quizzes.index)
        picked += [replace(item, case_id=REVIEW_PREFIX + item.case_id, section="review") for item in chosen]
    return picked
