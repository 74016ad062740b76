"""Pure grading of quiz answers: a :class:`~casebook.model.QuizItem` and an answer in, a :class:`Result` out.

Answers are plain JSON values (they are stored as JSON by the attempts store):

============  ==========================================================================
type          answer
============  ==========================================================================
single        the chosen option key, ``"b"`` (or ``None``)
multiple      the chosen option keys, ``["a", "c"]``
match         row option key -> chosen right-hand label, ``{"a": "Criminal Law", ...}``
order         option keys in the learner's order, ``["b", "c", "a"]``
citation      ``{"verdict": "renumbered", "article": "a"}``
scenario      the choices made, in order, as ``[[step id, option key], ...]``
reflection    the learner's text
============  ==========================================================================

Scores: single 0/1; multiple (right picks - wrong picks) / #correct, floored at 0, out of 1;
match and order one point per row in the right place; citation one point for the verdict and
one for the article; scenario the share of choices that were the better ones, out of 1;
reflection is never graded (max score 0).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .model import VERDICTS, Cite, Option, QuizItem, Step

JSON = Any  # a JSON-serialisable value


@dataclass(frozen=True)
class OptionFeedback:
    """Feedback on one option, match row, order step or scenario choice."""

    key: str
    chosen: bool  # picked by the learner (single, multiple, citation, scenario) / row answered (match, order)
    right: bool  # this pick or row is right
    text_html: str  # the option's own safe HTML
    feedback_html: str  # the option's safe feedback HTML
    cites: tuple[Cite, ...] = ()
    given: str | None = None  # match: the label chosen; order: the learner's 1-based position
    expected: str | None = None  # match: the right label; order: the right position
    step: str | None = None  # scenario: the step the choice was made at


@dataclass(frozen=True)
class Result:
    item_key: str
    type: str
    answered: bool
    score: float
    max_score: float
    correct: bool
    feedback: tuple[OptionFeedback, ...] = ()
    graded: bool = True
    missed: tuple[str, ...] = ()  # multiple: correct option keys not chosen
    out_of_place: tuple[str, ...] = ()  # order: option keys not at their right position
    verdict: str | None = None  # citation: the verdict given
    verdict_correct: bool | None = None
    article_correct: bool | None = None
    path: tuple[str, ...] = ()  # scenario: the step ids visited, start first
    ended: bool = False  # scenario: the path reached an ending
    followed_better: bool | None = None  # scenario: every choice was a better one
    unmatched: tuple[str, ...] = ()  # match: rows left without an answer (the answer is incomplete: not graded)
    errors: tuple[str, ...] = field(default=())  # parts of the answer that did not fit the item (ignored)

    @property
    def partial(self) -> bool:
        return self.graded and not self.correct and self.score > 0

    def to_json(self) -> dict[str, JSON]:
        return asdict(self)


def _fb(o: Option, *, chosen: bool, right: bool, **extra: Any) -> OptionFeedback:
    return OptionFeedback(o.key, chosen, right, o.html, o.feedback_html, o.cites, **extra)


def _unanswered(item: QuizItem, max_score: float, **extra: Any) -> Result:
    return Result(item.key, item.type, False, 0.0, max_score, False, graded=item.graded, **extra)


def grade_single(item: QuizItem, answer: JSON) -> Result:
    keys = {o.key: o for o in item.options}
    if not isinstance(answer, str) or answer not in keys:
        errors = (f"unknown option {answer!r}",) if answer is not None else ()
        return _unanswered(item, 1.0, errors=errors)
    o = keys[answer]
    return Result(
        item.key, item.type, True, 1.0 if o.correct else 0.0, 1.0, o.correct, (_fb(o, chosen=True, right=o.correct),)
    )


def grade_multiple(item: QuizItem, answer: JSON) -> Result:
    picks = [a for a in answer if isinstance(a, str)] if isinstance(answer, list) else []
    known = {o.key for o in item.options}
    errors = tuple(f"unknown option {a!r}" for a in picks if a not in known)
    chosen = {a for a in picks if a in known}
    if not chosen:
        return _unanswered(item, 1.0, errors=errors)
    n_correct = len(item.correct_options) or 1
    right = sum(1 for o in item.options if o.key in chosen and o.correct)
    wrong = sum(1 for o in item.options if o.key in chosen and not o.correct)
    score = max(0.0, (right - wrong) / n_correct)
    fb = tuple(_fb(o, chosen=True, right=o.correct) for o in item.options if o.key in chosen)
    missed = tuple(o.key for o in item.correct_options if o.key not in chosen)
    exact = not missed and wrong == 0
    return Result(item.key, item.type, True, round(score, 4), 1.0, exact, fb, missed=missed, errors=errors)


def match_labels(item: QuizItem) -> tuple[str, ...]:
    """Every right-hand label a match row can take (answers and distractors), sorted, no repeats."""
    return tuple(sorted({o.answer for o in item.options if o.answer} | set(item.distractors)))


def grade_match(item: QuizItem, answer: JSON) -> Result:
    given: dict[str, str] = {}
    if isinstance(answer, dict):
        given = {k: v for k, v in answer.items() if isinstance(k, str) and isinstance(v, str) and v}
    known = {o.key for o in item.options}
    errors = tuple(f"unknown row {k!r}" for k in given if k not in known)
    rows = [o for o in item.options]
    if not any(o.key in given for o in rows):
        return _unanswered(item, float(len(rows)), errors=errors)
    missing = tuple(o.key for o in rows if o.key not in given)
    if missing:  # incomplete: not graded (no right match is told for a row not answered yet), counts as wrong
        return _unanswered(item, float(len(rows)), errors=errors, unmatched=missing)
    fb = tuple(
        _fb(o, chosen=o.key in given, right=given.get(o.key) == o.answer, given=given.get(o.key), expected=o.answer)
        for o in rows
    )
    score = float(sum(1 for f in fb if f.right))
    return Result(item.key, item.type, True, score, float(len(rows)), score == len(rows), fb, errors=errors)


def grade_order(item: QuizItem, answer: JSON) -> Result:
    keys = [o.key for o in item.options]
    if not isinstance(answer, list) or sorted(a for a in answer if isinstance(a, str)) != sorted(keys):
        errors = (f"not an order of {', '.join(keys)}",) if answer is not None else ()
        return _unanswered(item, float(len(keys)), errors=errors)
    by_key = {o.key: o for o in item.options}
    fb: list[OptionFeedback] = []
    for i, k in enumerate(answer, 1):
        o = by_key[k]
        fb.append(_fb(o, chosen=True, right=o.position == i, given=str(i), expected=str(o.position)))
    out = tuple(f.key for f in fb if not f.right)
    score = float(len(fb) - len(out))
    return Result(item.key, item.type, True, score, float(len(fb)), not out, tuple(fb), out_of_place=out)


def grade_citation(item: QuizItem, answer: JSON) -> Result:
    verdict = answer.get("verdict") if isinstance(answer, dict) else None
    article = answer.get("article") if isinstance(answer, dict) else None
    errors: list[str] = []
    if verdict is not None and verdict not in VERDICTS:
        errors.append(f"unknown verdict {verdict!r}")
        verdict = None
    keys = {o.key: o for o in item.options}
    if article is not None and article not in keys:
        errors.append(f"unknown option {article!r}")
        article = None
    if verdict is None and article is None:
        return _unanswered(item, 2.0, errors=tuple(errors))
    v_ok = verdict is not None and verdict == item.verdict
    o = keys.get(article) if isinstance(article, str) else None
    a_ok = bool(o and o.correct)
    fb = (_fb(o, chosen=True, right=a_ok),) if o else ()
    score = float(v_ok) + float(a_ok)
    return Result(
        item.key,
        item.type,
        True,
        score,
        2.0,
        v_ok and a_ok,
        fb,
        verdict=verdict,
        verdict_correct=v_ok,
        article_correct=a_ok,
        errors=tuple(errors),
    )


def scenario_step(item: QuizItem, step_id: str) -> Step | None:
    return next((s for s in item.steps if s.id == step_id), None)


def better_path(item: QuizItem) -> list[tuple[Step, Option | None]]:
    """The path that takes the first better (``[x]``) choice at every step, ending at an ending."""
    out: list[tuple[Step, Option | None]] = []
    step = item.steps[0] if item.steps else None
    seen: set[str] = set()
    while step is not None and step.id not in seen:
        seen.add(step.id)
        choice = next((o for o in step.options if o.correct), step.options[0] if step.options else None)
        out.append((step, choice))
        step = scenario_step(item, choice.goto) if choice and choice.goto else None
    return out


def grade_scenario(item: QuizItem, answer: JSON) -> Result:
    """Replay the choices from the first step; a choice that does not fit the current step ends the replay."""
    pairs = answer if isinstance(answer, list) else []
    if not item.steps:
        return _unanswered(item, 1.0)
    first = item.steps[0]
    step: Step | None = first
    path = [first.id]
    fb: list[OptionFeedback] = []
    errors: list[str] = []
    for pair in pairs:
        if step is None or step.ending:
            errors.append("choices after the end of the scenario")
            break
        if not (isinstance(pair, list | tuple) and len(pair) == 2 and pair[0] == step.id):
            errors.append(f"choice {pair!r} does not fit step {step.id!r}")
            break
        o = next((x for x in step.options if x.key == pair[1]), None)
        if o is None:
            errors.append(f"step {step.id!r} has no choice {pair[1]!r}")
            break
        fb.append(_fb(o, chosen=True, right=o.correct, step=step.id))
        step = scenario_step(item, o.goto or "")
        if step is None:
            errors.append(f"choice leads to unknown step {o.goto!r}")
            break
        path.append(step.id)
    if not fb:
        return _unanswered(item, 1.0, path=tuple(path), errors=tuple(errors))
    ended = step is not None and step.ending
    better = sum(1 for f in fb if f.right)
    followed = better == len(fb)
    score = better / len(fb) if ended else 0.0
    return Result(
        item.key,
        item.type,
        True,
        round(score, 4),
        1.0,
        ended and followed,
        tuple(fb),
        path=tuple(path),
        ended=ended,
        followed_better=followed,
        errors=tuple(errors),
    )


def grade_reflection(item: QuizItem, answer: JSON) -> Result:
    text = answer if isinstance(answer, str) else ""
    return Result(item.key, item.type, bool(text.strip()), 0.0, 0.0, False, graded=False)


GRADERS = {
    "single": grade_single,
    "multiple": grade_multiple,
    "match": grade_match,
    "order": grade_order,
    "citation": grade_citation,
    "scenario": grade_scenario,
    "reflection": grade_reflection,
}


def grade(item: QuizItem, answer: JSON) -> Result:
    """Grade ``answer`` to ``item``. Never raises for a malformed answer: it is graded as unanswered
    (or the parts that fit are graded) and the misfit is listed in :attr:`Result.errors`."""
    try:
        grader = GRADERS[item.type]
    except KeyError:
        raise ValueError(f"unknown quiz type {item.type!r}") from None
    return grader(item, answer)


def correct_answer(item: QuizItem) -> JSON:
    """The answer that scores full marks (a model answer's text is not an answer: reflection gives ``""``)."""
    if item.type == "single":
        return item.correct_options[0].key if item.correct_options else None
    if item.type == "multiple":
        return [o.key for o in item.correct_options]
    if item.type == "match":
        return {o.key: o.answer for o in item.options}
    if item.type == "order":
        return [o.key for o in sorted(item.options, key=lambda o: o.position or 0)]
    if item.type == "citation":
        return {"verdict": item.verdict, "article": item.correct_options[0].key if item.correct_options else None}
    if item.type == "scenario":
        return [[s.id, o.key] for s, o in better_path(item) if o is not None]
    return ""


def wrong_answer(item: QuizItem) -> JSON:
    """An answer that does not score full marks, for self-tests (``None`` when every answer is right:
    reflections, and items whose options are all correct)."""
    right = correct_answer(item)
    if item.type == "single":
        return next((o.key for o in item.options if not o.correct), None)
    if item.type == "multiple":
        wrong = [o.key for o in item.options if not o.correct]
        return wrong[:1] if wrong else (right[:-1] if isinstance(right, list) and len(right) > 1 else None)
    if item.type == "match" and isinstance(right, dict):
        labels = match_labels(item)
        shifted = {k: labels[(labels.index(v) + 1) % len(labels)] for k, v in right.items() if v in labels}
        return shifted if shifted != right else None
    if item.type == "order" and isinstance(right, list):
        return list(reversed(right)) if len(right) > 1 else None
    if item.type == "citation":
        verdict = next(v for v in ("in_force", "renumbered", "repealed", "wrong_article") if v != item.verdict)
        return {"verdict": verdict, "article": right["article"] if isinstance(right, dict) else None}
    if item.type == "scenario" and item.steps:
        first = item.steps[0]
        worse = next((o for o in first.options if not o.correct), None)
        if worse is None:
            return None
        path: list[list[str]] = [[first.id, worse.key]]
        step = scenario_step(item, worse.goto or "")
        seen = {first.id}
        while step is not None and step.options and step.id not in seen:
            seen.add(step.id)
            path.append([step.id, step.options[0].key])
            step = scenario_step(item, step.options[0].goto or "")
        return path
    return None
