"""Submit section (the final review and assessed sections): a confirmation first, a refusal when nothing
is saved, and the same score in the section's message and in the progress box."""

from __future__ import annotations

import re

import casebook
import widgets
from casebook.grading import correct_answer, grade, wrong_answer
from casebook.model import Case
from casebook.scores import REVIEW_SECTION, learner_tally, section_key, tally
from casebook.store import Store


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def shown(w) -> bool:  # type: ignore[no-untyped-def]
    return w.layout.display != "none"


def test_nothing_saved_is_refused(case: Case, store: Store) -> None:
    sec = widgets.section_quiz([case.quiz("laws"), case.quiz("psapl-42")], store=store, learner="amal")
    assert not shown(sec.confirm_box)
    sec.submit_button.click()
    assert "save at least one answer before you submit" in text(sec.summary.value)
    assert not sec.submitted and not store.submitted("amal", sec.key) and not shown(sec.confirm_box)
    assert not sec.submit_button.disabled
    assert sec.submit() is False and not store.submitted("amal", sec.key)


def test_submit_asks_first_and_cancel_changes_nothing(case: Case, store: Store) -> None:
    items = [case.quiz("laws"), case.quiz("psapl-42")]
    sec = widgets.section_quiz(items, store=store, learner="amal")
    cit = sec.quizzes[1]
    cit.verdict.value = "renumbered"
    cit.choices.value = "a"
    cit.check_button.click()
    sec.submit_button.click()
    msg = text(sec.summary.value)
    assert "1 of 2 questions have a saved answer." in msg and "cannot be changed" in msg
    assert shown(sec.confirm_box) and sec.submit_button.disabled
    assert sec.confirm_button.description == "Yes, submit" and sec.cancel_button.description == "Cancel"
    assert not store.submitted("amal", sec.key) and "Feedback will appear" in cit.feedback.value
    sec.cancel_button.click()
    assert not shown(sec.confirm_box) and not sec.submit_button.disabled and not sec.submitted
    assert "Save an answer to each question, then submit the section." in text(sec.summary.value)
    assert not cit.verdict.disabled
    sec.submit_button.click()
    sec.confirm_button.click()
    assert store.submitted("amal", "widget-demo/legal-basis") and sec.submitted
    assert not shown(sec.confirm_box) and sec.submit_button.disabled and cit.verdict.disabled
    assert "Section submitted. Score: 2 of 5. 1 question had no saved answer." in text(sec.summary.value)


def test_review_message_and_progress_box_agree(store: Store) -> None:
    items = casebook.review_items()
    assert {section_key(i) for i in items} == {REVIEW_SECTION}
    sec = widgets.section_quiz(items, mode="assessed", store=store, learner="amal", key="review")
    progress = widgets.progress(items, store=store, learner="amal", mode="assessed")
    first, second = [q for q in sec.quizzes if q.item.type != "scenario"][:2]  # one click each to save
    first.set_answer(correct_answer(first.item))
    first.check_button.click()
    second.set_answer(wrong_answer(second.item))
    second.check_button.click()
    assert progress.tally.score == 0, "nothing counts before the review is submitted"
    sec.submit_button.click()
    assert f"2 of {len(items)} questions have a saved answer." in text(sec.summary.value)
    first.set_answer(wrong_answer(first.item))  # changed after saving, not saved again
    sec.confirm_button.click()

    got = grade(first.item, correct_answer(first.item)).score + grade(second.item, wrong_answer(second.item)).score
    total = sum(grade(i, None).max_score for i in items if i.graded)
    assert first.answer() == correct_answer(first.item), "the saved answer is what was submitted and shown"
    msg = text(sec.summary.value)
    box = text(progress.summary.value)
    score = f"{got:g} of {total:g}"
    assert f"Section submitted. Score: {score}." in msg
    assert "questions had no saved answer" in msg
    assert f"score {score}." in box and f"2 of {len(items)} questions answered" in box
    assert sec.score == (progress.tally.score, progress.tally.max_score) == (got, total)

    again = widgets.section_quiz(items, mode="assessed", store=store, learner="amal", key="review")
    assert again.submitted and again.submit_button.disabled and not shown(again.confirm_box)
    assert f"Score: {score}." in text(again.summary.value)
    progress.close()


def test_tally_is_pure_and_counts_only_what_is_allowed(case: Case, store: Store) -> None:
    items = [case.quiz("who-handles"), case.quiz("explain"), case.quiz("laws")]
    answers = {items[0].key: correct_answer(items[0]), items[1].key: "my text"}
    t = tally(items, answers)
    assert (t.answered, t.total, t.score, t.correct) == (2, 3, 1.0, 1)
    assert t.max_score == 1 + 3, "a reflection has no score; an unanswered match still counts its rows"
    held = tally(items, answers, counts=lambda _i: False)
    assert (held.answered, held.score, held.max_score) == (2, 0.0, t.max_score)
    w = widgets.quiz(items[0], store=store, learner="amal")
    w.choices.value = correct_answer(items[0])
    w.check_button.click()
    assert learner_tally(store, "amal", items).score == 1.0
    assert learner_tally(store, "amal", items, mode="assessed").score == 0.0
