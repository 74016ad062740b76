"""A learner's score over some questions, from their saved answers: one computation for the progress box
and for the message a submitted section shows, so the two never disagree. Pure (no widgets)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .grading import JSON, grade
from .model import QuizItem
from .review import REVIEW_PREFIX
from .store import Store

#: The key the final review is submitted under (one Submit section for the whole review).
REVIEW_SECTION = "review"


@dataclass(frozen=True)
class Tally:
    answered: int  # questions with a saved (checked) answer, reflections included
    total: int  # questions
    score: float  # points of the saved answers that count (graded questions; assessed: submitted sections)
    max_score: float  # points of every graded question, answered or not
    correct: int  # saved answers that count and are fully right


def section_key(item: QuizItem) -> str:
    """The key ``item``'s section is submitted under: ``review`` for the final review's copies (the review
    is submitted as one section), otherwise ``<case>/<section>``."""
    if item.case_id.startswith(REVIEW_PREFIX):
        return REVIEW_SECTION
    return f"{item.case_id}/{item.section}"


def tally(
    items: Iterable[QuizItem],
    answers: Mapping[str, JSON],
    *,
    counts: Callable[[QuizItem], bool] | None = None,
    scored: Mapping[str, JSON] | None = None,
) -> Tally:
    """Score ``answers`` (item key -> the saved answer) to ``items``, each graded again against the item as
    it is now. ``counts(item)`` says whether an answered item's score counts yet (default: always).
    ``scored``: the answers that score, when they differ from the last ones (after Show answer, a learner's
    later checks are practice: the last check before it scores, or nothing)."""
    scored = answers if scored is None else scored
    items = list(items)
    answered = correct = 0
    score = max_score = 0.0
    for item in items:
        if item.key in answers:
            answered += 1
        if not item.graded:
            continue
        max_score += grade(item, None).max_score
        if item.key not in scored or (counts is not None and not counts(item)):
            continue
        r = grade(item, scored[item.key])
        score += r.score
        correct += int(r.correct)
    return Tally(answered, len(items), score, max_score, correct)


def learner_tally(store: Store, learner: str, items: Iterable[QuizItem], *, mode: str = "practice") -> Tally:
    """:func:`tally` of ``learner``'s last checked answers in ``store``, scored by the last check before they
    asked to see an answer. In assessed mode a score counts only once its section (:func:`section_key`) is
    submitted."""
    answers = {key: a.answer for key, a in store.latest_checks(learner).items()}
    scored = {key: a.answer for key, a in store.scored_checks(learner).items()}
    if mode != "assessed":
        return tally(items, answers, scored=scored)
    submitted: dict[str, bool] = {}

    def counts(item: QuizItem) -> bool:
        key = section_key(item)
        if key not in submitted:
            submitted[key] = store.submitted(learner, key)
        return submitted[key]

    return tally(items, answers, counts=counts, scored=scored)
