"""``quiz(item)``: the right widget for any quiz type; ``section_quiz(items)``: several items with Submit section."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as ipw

from casebook.model import Case, QuizItem
from casebook.registry import Registry
from casebook.scores import Tally, learner_tally, section_key
from casebook.store import Store, default_store
from casebook.visitor import current_learner

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
    """Several quiz widgets and a Submit section button. ``quizzes``: the widgets; ``submit_button`` asks
    for confirmation: ``confirm_button`` (Yes, submit) and ``cancel_button`` appear in ``confirm_box``;
    ``summary``: an HTML status region (what submitting means, then the section's score once submitted).
    The score is :func:`casebook.scores.learner_tally` of the saved answers, as in the progress box."""

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
        self.learner = learner or current_learner(self.store)
        self.key = key or section_key(items[0])
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
        self.submit_button.on_click(lambda _b: self.ask_to_submit())
        self.confirm_button = ipw.Button(
            description=_("Yes, submit"),
            tooltip=_("Submit the section now: the answers cannot be changed afterwards"),
            button_style="primary",
            icon="check",
        )
        self.cancel_button = ipw.Button(
            description=_("Cancel"), tooltip=_("Go back to your answers without submitting"), icon="times"
        )
        self.confirm_button.on_click(lambda _b: self.submit())
        self.cancel_button.on_click(lambda _b: self.cancel())
        self.confirm_box = ipw.HBox([self.confirm_button, self.cancel_button])
        self.summary = ipw.HTML(fb.status_box(""))
        super().__init__([*self.quizzes, self.submit_button, self.confirm_box, self.summary])
        self.add_class("cb-section-quiz")
        rtl(self)
        self.submitted = self.store.submitted(self.learner, self.key)
        self.confirming = False
        self.render()

    @property
    def items(self) -> list[QuizItem]:
        return [q.item for q in self.quizzes]

    def tally(self) -> Tally:
        """The saved answers of this section and their score (counted once the section is submitted)."""
        return learner_tally(self.store, self.learner, self.items, mode=self.mode)

    def ask_to_submit(self) -> None:
        """The first click on Submit section: say how many questions have a saved answer and that nothing
        can be changed afterwards, and show Yes, submit / Cancel. Nothing saved: refuse."""
        if self.submitted:
            return
        t = self.tally()
        if not t.answered:
            self.confirming = False
            self.render()
            self.summary.value = fb.message_html(
                _("No answer is saved yet: save at least one answer before you submit the section.")
            )
            return
        self.confirming = True
        self.render()

    def cancel(self) -> None:
        self.confirming = False
        self.render()

    def submit(self) -> bool:
        """Record the submission (one transaction), put back each question's saved answer and release
        its feedback. Refused (False) when no answer is saved."""
        if self.submitted:
            return True
        if not self.tally().answered:
            self.ask_to_submit()
            return False
        self.store.submit(self.learner, self.key)
        self.submitted = True
        self.confirming = False
        for q in self.quizzes:
            q.restore()  # the saved answer, not one changed since without saving, is what was submitted
            q.release()
        self.render()
        return True

    @property
    def score(self) -> tuple[float, float]:
        t = self.tally()
        return t.score, t.max_score

    def render(self) -> None:
        self.submit_button.disabled = self.submitted or self.confirming
        self.confirm_box.layout.display = None if self.confirming and not self.submitted else "none"
        t = self.tally()
        if not self.submitted:
            if not self.confirming:
                msg = _("Save an answer to each question, then submit the section.")
                self.summary.value = fb.message_html(msg)
                return
            saved = ngettext(
                "{n} of {total} question has a saved answer.",
                "{n} of {total} questions have a saved answer.",
                t.total,
            ).format(n=t.answered, total=t.total)
            warn = _("Once you submit, your answers cannot be changed. Submit the section?")
            self.summary.value = fb.message_html(f"{saved} {warn}")
            return
        msg = _("Section submitted. Score: {score} of {max}.").format(
            score=fb.fmt_score(t.score), max=fb.fmt_score(t.max_score)
        )
        unanswered = t.total - t.answered
        extra = ""
        if unanswered:
            extra = " " + ngettext(
                "{n} question had no saved answer.", "{n} questions had no saved answer.", unanswered
            ).format(n=unanswered)
        self.summary.value = fb.status_box(f'<p class="cb-verdict">{fb.icon(fb.ICON_INFO)} {escape(msg + extra)}</p>')


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
        return session.current().gate(
            f"{case.id}/{key}", lambda: section_quiz(items, mode=mode, store=store, learner=learner)
        )

    def build() -> ipw.VBox:
        box = ipw.VBox([quiz(i, mode=mode, store=store, learner=learner) for i in items])
        box.add_class("cb-section-quiz")
        return rtl(box)

    return session.current().gate(f"{case.id}/{key}", build)
