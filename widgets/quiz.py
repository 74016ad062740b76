"""``quiz(item)``: the right widget for any quiz type; ``section_quiz(items)``: several items with Submit section."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as ipw

from casebook.grading import grade
from casebook.model import Case, QuizItem
from casebook.registry import Registry
from casebook.store import Store, current_learner, default_store

from . import feedback as fb
from . import session
from .base import QuizWidget
from .choice import MultipleQuiz, SingleQuiz
from .citation import CitationQuiz
from .i18n import _, ngettext, rtl
from .match import MatchQuiz
from .order import OrderQuiz
from .reflection import ReflectionQuiz
from .scenario import ScenarioQuiz

WIDGETS: dict[str, type[QuizWidget]] = {
    "single": SingleQuiz,
    "multiple": MultipleQuiz,
    "match": MatchQuiz,
    "order": OrderQuiz,
    "citation": CitationQuiz,
    "scenario": ScenarioQuiz,
    "reflection": ReflectionQuiz,
}


def quiz(
    item: QuizItem,
    *,
    mode: str = "practice",
    store: Store | None = None,
    learner: str | None = None,
    section: str | None = None,
    reg: Registry | None = None,
) -> QuizWidget:
    """A quiz widget for ``item``. In practice mode feedback comes at once; in assessed mode it is held
    until the section is submitted (see :func:`section_quiz`). Answers go to ``store`` (default: the
    per-user store) under ``learner`` (default: this kernel's learner) and come back on a re-run."""
    try:
        cls = WIDGETS[item.type]
    except KeyError:
        raise ValueError(f"no widget for quiz type {item.type!r}") from None
    widget = cls(item, mode=mode, store=store, learner=learner, section=section, reg=reg)
    session.current().register(widget)
    return widget


class SectionQuiz(ipw.VBox):
    """Several quiz widgets and a Submit section button. ``quizzes``: the widgets; ``submit_button``;
    ``summary``: an HTML status region with the section's score once submitted."""

    def __init__(
        self,
        items: Sequence[QuizItem],
        *,
        mode: str = "assessed",
        store: Store | None = None,
        learner: str | None = None,
        key: str | None = None,
        reg: Registry | None = None,
    ) -> None:
        if not items:
            raise ValueError("a section quiz needs at least one item")
        self.store = store if store is not None else default_store()
        self.learner = learner or current_learner()
        self.key = key or f"{items[0].case_id}/{items[0].section}"
        self.mode = mode
        self.quizzes = [
            quiz(i, mode=mode, store=self.store, learner=self.learner, section=self.key, reg=reg) for i in items
        ]
        self.submit_button = ipw.Button(
            description=_("Submit section"),
            tooltip=_("Submit your answers for feedback"),
            button_style="primary",
            icon="paper-plane",
        )
        self.submit_button.on_click(lambda _b: self.submit())
        self.summary = ipw.HTML(fb.status_box(""))
        super().__init__([*self.quizzes, self.submit_button, self.summary])
        self.add_class("cb-section-quiz")
        rtl(self)
        self.submitted = self.store.submitted(self.learner, self.key)
        self.render()

    def submit(self) -> None:
        """Record the submission (one transaction) and release every item's feedback."""
        unanswered = [q for q in self.quizzes if q.result is None]
        if not self.submitted:
            self.store.submit(self.learner, self.key)
        self.submitted = True
        for q in self.quizzes:
            q.release()
        self.render(len(unanswered))

    @property
    def score(self) -> tuple[float, float]:
        graded = [q for q in self.quizzes if q.item.graded]
        got = sum(q.result.score for q in graded if q.result is not None)
        return got, sum(q.result.max_score if q.result else _max(q.item) for q in graded)

    def render(self, unanswered: int = 0) -> None:
        self.submit_button.disabled = self.submitted
        if not self.submitted:
            msg = _("Save an answer to each question, then submit the section.")
            self.summary.value = fb.message_html(msg)
            return
        got, total = self.score
        msg = _("Section submitted. Score: {score} of {max}.").format(score=fb.fmt_score(got), max=fb.fmt_score(total))
        extra = ""
        if unanswered:
            extra = " " + ngettext(
                "{n} question had no saved answer.", "{n} questions had no saved answer.", unanswered
            ).format(n=unanswered)
        self.summary.value = fb.status_box(f'<p class="cb-verdict">{fb.icon(fb.ICON_INFO)} {escape(msg + extra)}</p>')


def _max(item: QuizItem) -> float:
    return grade(item, None).max_score


def section_quiz(
    items: Sequence[QuizItem],
    *,
    mode: str = "assessed",
    store: Store | None = None,
    learner: str | None = None,
    key: str | None = None,
    reg: Registry | None = None,
) -> SectionQuiz:
    """The items of a section with a Submit section button (assessed mode by default)."""
    return SectionQuiz(items, mode=mode, store=store, learner=learner, key=key, reg=reg)


def quizzes(
    case: Case,
    key: str,
    *,
    mode: str = "practice",
    store: Store | None = None,
    learner: str | None = None,
) -> ipw.VBox:
    """The quizzes of one section of ``case``: at once in practice mode, with a Submit section button in
    assessed mode. This is the notebook's "quiz" cell."""
    items = case.sections[key].quizzes
    if mode == "assessed":
        return session.current().gate(f"{case.id}/{key}", section_quiz(items, mode=mode, store=store, learner=learner))
    box = ipw.VBox([quiz(i, mode=mode, store=store, learner=learner) for i in items])
    box.add_class("cb-section-quiz")
    rtl(box)
    return session.current().gate(f"{case.id}/{key}", box)
