"""Progress: items answered / total and the score, from the store, updated as answers are checked."""

from __future__ import annotations

import ipywidgets as ipw

import widgets
from casebook.model import Case
from casebook.store import Store
from widgets.progress import tally


def test_progress_counts_and_updates(case: Case, store: Store) -> None:
    p = widgets.progress(case, store=store, learner="amal")
    assert isinstance(p.bar, ipw.IntProgress) and p.bar.description == "Progress"
    assert (p.bar.value, p.bar.max) == (0, 7)
    assert "0 of 7 questions answered; score 0 of 11." in p.summary.value
    assert 'role="status"' in p.summary.value
    q = widgets.quiz(case.quiz("who-handles"), store=store, learner="amal")
    q.choices.value = "b"
    q.check_button.click()
    assert p.bar.value == 1 and "1 of 7 questions answered; score 1 of 11." in p.summary.value
    m = widgets.quiz(case.quiz("wrongs"), store=store, learner="amal")
    m.choices[0].value = True
    m.check_button.click()
    assert p.tally.answered == 2 and p.tally.score == 1.5 and p.tally.correct == 1
    r = widgets.quiz(case.quiz("explain"), store=store, learner="amal")
    r.text.value = "text"
    r.check_button.click()
    assert p.tally.answered == 3 and p.tally.max_score == 11  # reflections count as answered, never scored
    other = widgets.quiz(case.quiz("steps"), store=store, learner="sami")
    other.check_button.click()
    assert p.tally.answered == 3  # another learner's answers do not count


def test_progress_survives_restart(case: Case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.sqlite3"
    with Store(path) as s:
        q = widgets.quiz(case.quiz("psapl-42"), store=s, learner="amal")
        q.verdict.value = "renumbered"
        q.choices.value = "b"
        q.check_button.click()
    with Store(path) as s:
        p = widgets.progress(case.quizzes, store=s, learner="amal")
        assert p.bar.value == 1 and p.tally.score == 1.0


def test_assessed_progress_scores_only_after_submit(case: Case, store: Store) -> None:
    items = [case.quiz("laws"), case.quiz("psapl-42")]
    p = widgets.progress(items, store=store, learner="amal", mode="assessed")
    sec = widgets.section_quiz(items, store=store, learner="amal")
    sec.quizzes[1].verdict.value = "renumbered"
    sec.quizzes[1].choices.value = "a"
    sec.quizzes[1].check_button.click()
    assert p.tally.answered == 1 and p.tally.score == 0
    sec.submit_button.click()
    sec.confirm_button.click()
    assert p.tally.score == 2.0 and "score 2 of 5" in p.summary.value
    assert tally(items, store, "amal").score == 2.0
    p.close()
    assert p._on_store not in store._listeners
