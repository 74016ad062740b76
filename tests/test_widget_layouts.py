"""Quiz widgets that hide one of their controls must not hide anything else.

ipywidgets ``Layout`` objects are widgets: two controls given the same ``Layout`` instance share it, so
hiding one hides both. The browser tests found a scenario's ending hiding every stem and feedback on the
page this way (they all used one shared ``WIDE`` layout; now every widget gets its own)."""

from __future__ import annotations

from casebook.grading import correct_answer
from widgets.quiz import quiz


def _visible_children(w) -> list:  # type: ignore[no-untyped-def]
    return [c for c in (w.stem, w.feedback) if c.layout.display != "none"]


def test_hidden_controls_have_their_own_layout(case, store) -> None:  # type: ignore[no-untyped-def]
    by_type = {i.type: i for i in case.quizzes}
    scenario = quiz(by_type["scenario"], store=store, learner="t")
    citation = quiz(by_type["citation"], store=store, learner="t")
    single = quiz(by_type["single"], store=store, learner="t")
    layouts = [w.layout for q in (scenario, citation, single) for w in (q.stem, q.feedback, q.choices)]
    assert len({id(x) for x in layouts}) == len(layouts), "two controls share one layout"
    # The citation hides its article question until a status is chosen; a scenario hides its choices at
    # an ending. Neither may hide another widget.
    for _step, key in correct_answer(scenario.item):
        scenario.choices.value = key
        scenario.check_button.click()
    assert scenario.step.ending and scenario.choices.layout.display == "none"
    assert citation.choices.layout.display == "none"
    for w in (scenario, citation, single):
        assert len(_visible_children(w)) == 2, f"{w!r} lost its stem or feedback"
    assert single.choices.layout.display is None
