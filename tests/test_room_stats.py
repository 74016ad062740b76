"""The room's statistics per question (casebook.room): order and match bars count right placements, and
the most chosen wrong answer is the commonest whole wrong arrangement, told in words."""

from __future__ import annotations

import pytest

from casebook.grading import correct_answer
from casebook.model import Case
from casebook.room import ANSWER, PLACEMENT, clip, item_stats

PIPL = "Personal Information Protection Law"
CRIM = "Criminal Law"
PSAPL = "Public Security Administration Punishments Law"
ROAD = "Road Traffic Safety Law"


def test_order_bars_show_the_right_order_and_right_placements(case: Case) -> None:
    item = case.quiz("steps")  # right order: b (buys), c (messages), a (complains)
    assert correct_answer(item) == ["b", "c", "a"]
    answers = [
        ["b", "c", "a"],  # right
        ["a", "b", "c"],  # nothing in place
        ["a", "b", "c"],
        ["b", "a", "c"],  # only b in place
        ["b", "a"],  # incomplete: not graded, not counted
        None,
    ]
    s = item_stats(item, answers, members=6)
    assert (s.answered, s.correct) == (4, 1)
    assert [b.label for b in s.bars] == [
        "1. The customer buys and services a car",
        "2. The technician sends WeChat messages",
        "3. The customer complains to the dealership",
    ]
    assert [b.count for b in s.bars] == [2, 1, 1]
    assert all(b.correct and b.kind == PLACEMENT for b in s.bars)
    assert [b.key for b in s.bars] == ["b", "c", "a"]
    assert s.bars[0].row == "The customer buys and services a car"  # the row alone: no position in it
    # the commonest complete wrong order, not one row
    assert s.top_wrong == "The customer complains to the… → The customer buys and… → The technician sends WeChat…"


def test_order_without_wrong_answers_has_no_top_wrong(case: Case) -> None:
    item = case.quiz("steps")
    s = item_stats(item, [["b", "c", "a"], ["b", "a"]], members=2)
    assert s.top_wrong is None and s.answered == 1 and [b.count for b in s.bars] == [1, 1, 1]


def test_match_bars_name_the_right_answer_per_row(case: Case) -> None:
    item = case.quiz("laws")
    right = {"a": PIPL, "b": CRIM, "c": PSAPL}
    swapped = {"a": CRIM, "b": PIPL, "c": PSAPL}
    answers = [right, swapped, swapped, {"a": PIPL, "b": CRIM, "c": ROAD}, {"a": PIPL, "b": CRIM}]
    s = item_stats(item, answers, members=5)
    assert (s.answered, s.correct) == (4, 1), "the match with a row left empty is not graded"
    assert [b.label for b in s.bars] == [
        f"Illegally obtaining personal information → {PIPL}",
        f"Selling citizens' information in a serious… → {CRIM}",
        f"Spreading private matters → {PSAPL}",
    ]
    assert [b.count for b in s.bars] == [2, 2, 3]
    assert all(b.correct and b.kind == PLACEMENT for b in s.bars)
    assert [b.row for b in s.bars][2] == "Spreading private matters"
    assert s.top_wrong == (
        f"Illegally obtaining personal…: {CRIM}; Selling citizens' information…: {PIPL}; "
        f"Spreading private matters: {PSAPL}"
    )


@pytest.mark.parametrize("reverse", [False, True])
def test_ties_are_broken_the_same_whatever_the_answer_order(case: Case, reverse: bool) -> None:
    item = case.quiz("laws")
    one = {"a": PIPL, "b": CRIM, "c": ROAD}
    other = {"a": CRIM, "b": PIPL, "c": PSAPL}
    answers = [one, other] if not reverse else [other, one]
    assert item_stats(item, answers, members=2).top_wrong.startswith(f"Illegally obtaining personal…: {CRIM};")
    order = case.quiz("steps")
    answers2 = [["c", "b", "a"], ["a", "c", "b"]]
    if reverse:
        answers2.reverse()
    assert item_stats(order, answers2, members=2).top_wrong.startswith("The customer complains")


def test_choice_bars_are_answer_bars(case: Case) -> None:
    item = case.quiz("who-handles")
    wrong = next(o.key for o in item.options if not o.correct)
    s = item_stats(item, [wrong, wrong, correct_answer(item)], members=3)
    assert all(b.kind == ANSWER for b in s.bars) and sum(b.count for b in s.bars) == 3
    assert s.top_wrong == clip(next(o.text for o in item.options if o.key == wrong), 70)


def test_clip_cuts_at_a_word_boundary() -> None:
    assert clip("The quick brown fox jumps over the lazy dog", 20) == "The quick brown fox…"
    assert clip("short  text\n here", 70) == "short text here"
    assert clip("Supercalifragilistic", 8) == "Superca…"  # one word longer than the room: cut it
    assert clip("Ends with a comma, then more words", 19) == "Ends with a comma…"
