"""casebook.grading: every quiz type, partial credit, malformed answers, JSON round trips."""

from __future__ import annotations

import json

import pytest

from casebook.grading import better_path, correct_answer, grade, match_labels
from casebook.model import Case


def test_single(case: Case) -> None:
    item = case.quiz("who-handles")
    right = grade(item, "b")
    assert (right.score, right.max_score, right.correct) == (1.0, 1.0, True)
    assert right.feedback[0].key == "b" and "decides the purpose" in right.feedback[0].feedback_html
    assert [c.statute for c in right.feedback[0].cites] == ["cn.pipl.10", "cn.pipl.69"]
    wrong = grade(item, "a")
    assert (wrong.score, wrong.correct, wrong.feedback[0].right) == (0.0, False, False)
    assert not grade(item, None).answered
    assert grade(item, "zz").errors == ("unknown option 'zz'",)


@pytest.mark.parametrize(
    ("picks", "score", "correct"),
    [
        (["a", "b"], 1.0, True),
        (["a"], 0.5, False),
        (["a", "c"], 0.0, False),  # (1 right - 1 wrong) / 2
        (["c"], 0.0, False),  # floored at 0
        (["a", "b", "c"], 0.5, False),
    ],
)
def test_multiple_partial_credit(case: Case, picks: list[str], score: float, correct: bool) -> None:
    r = grade(case.quiz("wrongs"), picks)
    assert (r.score, r.max_score, r.correct) == (score, 1.0, correct)
    assert {f.key for f in r.feedback} == set(picks)


def test_multiple_lists_missed_options(case: Case) -> None:
    r = grade(case.quiz("wrongs"), ["a"])
    assert r.missed == ("b",) and r.partial


def test_match_per_row(case: Case) -> None:
    item = case.quiz("laws")
    assert "Road Traffic Safety Law" in match_labels(item)
    full = grade(item, correct_answer(item))
    assert (full.score, full.max_score, full.correct) == (3.0, 3.0, True)
    wrong = {"a": "Personal Information Protection Law", "b": "Road Traffic Safety Law", "c": "Criminal Law"}
    part = grade(item, wrong)
    assert (part.score, part.correct) == (1.0, False)
    rows = {f.key: (f.right, f.given, f.expected) for f in part.feedback}
    assert rows["a"] == (True, "Personal Information Protection Law", "Personal Information Protection Law")
    assert rows["b"] == (False, "Road Traffic Safety Law", "Criminal Law")
    assert rows["c"] == (False, "Criminal Law", "Public Security Administration Punishments Law")
    assert not grade(item, {}).answered


def test_an_incomplete_match_is_not_graded_and_tells_no_row(case: Case) -> None:
    """One row of three: not an answer to grade (it counts as wrong in the room), and no feedback names the
    right match of a row the learner has not answered."""
    item = case.quiz("laws")
    one = grade(item, {"a": "Personal Information Protection Law"})
    assert not one.answered and not one.correct and one.score == 0.0
    assert one.unmatched == ("b", "c") and one.feedback == ()


def test_order_out_of_place(case: Case) -> None:
    item = case.quiz("steps")  # displayed a (3), b (1), c (2)
    assert correct_answer(item) == ["b", "c", "a"]
    r = grade(item, ["b", "a", "c"])
    assert r.out_of_place == ("a", "c") and (r.score, r.max_score) == (1.0, 3.0)
    assert grade(item, ["b", "c", "a"]).correct
    shown = grade(item, ["a", "b", "c"])
    assert shown.out_of_place == ("a", "b", "c") and shown.score == 0
    assert not grade(item, ["a", "b"]).answered  # not a full order


def test_citation_has_two_parts(case: Case) -> None:
    item = case.quiz("psapl-42")
    both = grade(item, {"verdict": "renumbered", "article": "a"})
    assert (both.score, both.max_score, both.correct) == (2.0, 2.0, True)
    verdict_only = grade(item, {"verdict": "renumbered", "article": "b"})
    assert (verdict_only.verdict_correct, verdict_only.article_correct, verdict_only.score) == (True, False, 1.0)
    article_only = grade(item, {"verdict": "in_force", "article": "a"})
    assert (article_only.verdict_correct, article_only.article_correct, article_only.score) == (False, True, 1.0)
    assert grade(item, {"verdict": "bogus", "article": None}).errors == ("unknown verdict 'bogus'",)


def test_scenario_path(case: Case) -> None:
    item = case.quiz("first-call")
    best = grade(item, [["start", "a"], ["evidence", "a"]])
    assert best.path == ("start", "evidence", "good-end") and best.ended and best.followed_better
    assert (best.score, best.correct) == (1.0, True)
    lost = grade(item, [["start", "a"], ["evidence", "b"]])
    assert lost.path[-1] == "lost" and lost.ended and not lost.followed_better and lost.score == 0.5
    early = grade(item, [["start", "b"]])
    assert early.ended and early.score == 0.0 and not early.correct
    midway = grade(item, [["start", "a"]])
    assert not midway.ended and midway.score == 0.0 and midway.path == ("start", "evidence")
    bad = grade(item, [["evidence", "a"]])
    assert not bad.answered and bad.errors
    assert [s.id for s, _o in better_path(item)] == ["start", "evidence", "good-end"]


def test_reflection_is_not_graded(case: Case) -> None:
    r = grade(case.quiz("explain"), "He can ask the dealership.")
    assert r.answered and not r.graded and r.max_score == 0 and not r.correct


def test_correct_answers_score_full_and_results_are_json(case: Case) -> None:
    for item in case.quizzes:
        answer = correct_answer(item)
        assert json.loads(json.dumps(answer)) == answer
        r = grade(item, json.loads(json.dumps(answer)))
        if item.graded:
            assert r.correct and r.score == r.max_score, item.key
        assert json.loads(json.dumps(r.to_json()))["item_key"] == item.key


def test_unknown_type_is_an_error(case: Case) -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="unknown quiz type"):
        grade(replace(case.quiz("who-handles"), type="essay"), "a")
