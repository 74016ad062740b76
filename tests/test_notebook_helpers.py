"""What the notebooks call beyond quizzes: self-tests, the name picker, series progress, the chart,
the review mix, the catalog; and the notebooks themselves stay thin, executed and free of widget state."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import ipywidgets as ipw
import pytest

import casebook
import widgets
from casebook import grading, visitor
from casebook.catalog import series
from widgets import feedback as fb

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))


def test_selftest_passes_for_every_case_and_the_review() -> None:
    for case in casebook.cases():
        assert widgets.selftest(case) is None
    assert widgets.selftest(casebook.review_items()) is None


def test_selftest_fails_on_a_broken_answer_key(monkeypatch: pytest.MonkeyPatch) -> None:
    case = casebook.load("dealership-insider")
    real = grading.GRADERS["single"]

    def inverted(item: casebook.QuizItem, answer: object) -> grading.Result:
        r = real(item, answer)
        return dataclasses.replace(r, score=r.max_score - r.score, correct=not r.correct)

    monkeypatch.setitem(grading.GRADERS, "single", inverted)
    # The reason named is the broken key itself: the first wrong answer the self-test tries is graded correct.
    with pytest.raises(
        widgets.SelfTestError,
        match=r"^dealership-insider/dealer-processor \(single, [a-z-]+\): a wrong answer .* was graded correct$",
    ):
        widgets.selftest(case)


def test_selftest_names_an_exception_raised_by_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """A grader that raises inside Check's click handler: ipywidgets would log and swallow it; the self-test
    reports it as what it is."""

    def broken(item: casebook.QuizItem, answer: object) -> grading.Result:
        raise KeyError("no such option")

    monkeypatch.setitem(grading.GRADERS, "single", broken)
    with pytest.raises(widgets.SelfTestError, match=r"\(single, [a-z-]+\): Check raised KeyError: 'no such option'$"):
        widgets.selftest(casebook.load("dealership-insider"))


def test_selftest_fails_when_feedback_stops_saying_right_from_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fb, "ICON_WRONG", "?")
    monkeypatch.setattr(fb, "ICON_PARTIAL", "?")
    with pytest.raises(widgets.SelfTestError, match="did not get 'not quite' feedback"):
        widgets.selftest(casebook.load("dealership-insider"))


def test_selftest_start_passes() -> None:
    assert widgets.selftest_start() is None


def test_identity_picker_saves_a_name_for_every_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEBOOK_LEARNER")
    picker = widgets.identity()
    assert "anonymously, as anon-" in picker.status.value
    picker.name.value = "  Lin  "
    picker.use_button.click()
    assert "You are answering as: Lin" in picker.status.value
    assert 'role="status"' in picker.status.value
    key = visitor.current_learner()
    monkeypatch.setattr(visitor, "_current", None)  # another notebook, another kernel
    assert visitor.display_name() == "Lin" and visitor.current_learner() == key, "the name is a label"
    picker.anonymous_button.click()
    monkeypatch.setattr(visitor, "_current", None)
    assert visitor.display_name() is None and visitor.current_learner() == key, "progress stays"
    assert "anonymously, as anon-" in widgets.identity().status.value


def test_identity_picker_refuses_an_empty_or_control_character_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEBOOK_LEARNER")
    picker = widgets.identity()
    for bad in ("   ", "a\x00b", "x" * 81):
        picker.name.value = bad
        picker.use_button.click()
        assert "Please type a name" in picker.status.value
        assert visitor.display_name() is None


def test_series_progress_counts_checked_answers(store: widgets.Store) -> None:
    case = casebook.load("dealership-insider")
    w = widgets.quiz(case.quiz("dealer-processor"), store=store, learner="Amal")
    w.set_answer(grading.correct_answer(w.item))
    w.check_button.click()
    table = widgets.series_progress(store=store, learner="Amal").table.value
    for entry in series():
        if entry.case:
            assert entry.title in table
    assert f"1 / {len(case.quizzes)}" in table


def test_chart_draws_reported_figures_with_text_values() -> None:
    html = widgets.chart(casebook.load("after-a-leak")).value
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    for value in ("78.2%", "63.4%", "82.3%"):
        assert html.count(value) >= 2  # on the bar and in the table
    assert "do not add them up" in html
    assert widgets.chart(casebook.load("dealership-insider")).value == ""


def test_review_mixes_types_from_every_case_under_its_own_keys() -> None:
    items = casebook.review_items()
    assert {i.case_id.removeprefix("review:") for i in items} == {c.id for c in casebook.cases()}
    assert all(i.key.startswith("review:") for i in items)
    assert {"citation", "match", "scenario", "single", "multiple", "order"} <= {i.type for i in items}


def test_quizzes_helper_by_mode() -> None:
    case = casebook.load("dealership-insider")
    practice = widgets.quizzes(case, "what-went-wrong")
    assert isinstance(practice, ipw.VBox) and all(isinstance(q, widgets.QuizWidget) for q in practice.children)
    assessed = widgets.quizzes(case, "what-went-wrong", mode="assessed")
    assert isinstance(assessed, widgets.SectionQuiz)


def test_catalog_lists_the_series_in_teaching_order() -> None:
    entries = series()
    assert entries[0].path == "00-start-here.ipynb"
    assert entries[-1].path == "90-review.ipynb"
    cases = [e for e in entries if e.case]
    assert [e.case for e in cases] == [c.id for c in casebook.cases()]
    assert all(e.title and e.description for e in entries)


ALLOWED_CALLS = ("casebook.", "widgets.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_executed_and_stateless(path: Path) -> None:
    nb = json.loads(path.read_text("utf-8"))
    assert "widgets" not in nb["metadata"], "stored widget state: run `make notebooks`"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["execution_count"] is not None for c in code), "not executed: run `make notebooks`"
    for cell in code:
        src = "".join(cell["source"])
        tree = ast.parse(src)
        for node in ast.walk(tree):
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.For | ast.While | ast.If | ast.Lambda), (
                f"logic in a notebook cell: {src!r}"
            )
            if isinstance(node, ast.Import):
                assert {a.name for a in node.names} <= {"casebook", "widgets"}
            assert not isinstance(node, ast.ImportFrom)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            assert ast.unparse(call.func).startswith(ALLOWED_CALLS), f"{ast.unparse(call.func)} in {path.name}"
        assert len([ln for ln in src.splitlines() if ln.strip() and not ln.startswith("#")]) <= 4


def test_self_tests_are_skipped_on_a_voila_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grading, "GRADERS", {})  # any quiz driven now would fail
    monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
    assert widgets.selftest(casebook.load("dealership-insider")) is None
    assert widgets.selftest_start() is None
    assert widgets.selftest_dashboard() is None
    assert widgets.selftest_toolkit() is None


def test_selftest_dashboard_passes_outside_voila() -> None:
    assert widgets.selftest_dashboard() is None
