"""Scenario items: a branching story. Each choice shows the next step; an ending sums up the path."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as ipw

from casebook.grading import Result, better_path, grade
from casebook.model import Step

from . import feedback as fb
from .base import QuizWidget
from .i18n import _
from .style import wide


class ScenarioQuiz(QuizWidget):
    """``path``: the choices made so far, ``[[step id, option key], ...]``; ``step``: the current step;
    ``step_html``: its text; ``choices``: RadioButtons of its choices; ``check_button`` takes the chosen one."""

    clears_feedback_on_change = False  # each Choose moves on to the next step: its feedback stays

    def check_caption(self) -> str:
        return _("Choose")

    def stem_html(self) -> str:
        return self.item.stem_html

    def build(self) -> list[ipw.Widget]:
        self.path: list[list[str]] = []
        self.step: Step = self.item.steps[0]
        self.history = ipw.HTML(layout=wide())
        self.step_html = ipw.HTML(layout=wide())
        self.choices = ipw.RadioButtons(
            options=[],
            value=None,
            description=_("Your choice"),
            tooltip=_("Choose what to do"),
            layout=wide(),
            style={"description_width": "initial"},
        )
        self.show_step()
        return [self.history, self.step_html, self.choices]

    def show_step(self) -> None:
        """Draw the steps taken so far and the current step with its choices."""
        done = []
        step = self.item.steps[0]
        for sid, key in self.path:
            step = self.item.step(sid)
            o = next((x for x in step.options if x.key == key), None)
            chosen = f"<p><em>{escape(_('You chose:'))}</em> {o.html}</p>" if o else ""
            done.append(f"<li>{step.html}{chosen}</li>")
        self.history.value = f'<ol class="cb-quiz-html cb-path">{"".join(done)}</ol>' if done else ""
        self.step_html.value = f'<div class="cb-quiz-html cb-step">{self.step.html}</div>'
        self.choices.options = [(self.option_label(o.html), o.key) for o in self.step.options]
        self.choices.value = None
        self.choices.layout.display = "none" if self.step.ending else None
        self.check_button.layout.display = "none" if self.step.ending else None

    def answer(self) -> Any:
        pending = [[self.step.id, self.choices.value]] if self.choices.value and not self.step.ending else []
        return [list(p) for p in self.path] + pending

    def after_check(self, result: Result) -> None:
        self._replay(self.answer())

    def _replay(self, answer: Any) -> None:
        r = grade(self.item, answer)
        self.path = [list(p) for p in (answer or [])][: max(0, len(r.path) - 1)]
        self.step = self.item.step(r.path[-1]) if r.path else self.item.steps[0]
        self.show_step()

    def set_answer(self, answer: Any) -> None:
        self._replay(answer if isinstance(answer, list) else [])

    def clear(self) -> None:
        self._replay([])

    def check(self) -> Result:
        if self.step.ending:
            return self.result or grade(self.item, self.path)
        if self.choices.value is None:
            self.feedback.value = fb.message_html(_("Choose an answer first."))
            return grade(self.item, None)
        return super().check()

    def inputs(self) -> list[ipw.Widget]:
        return [self.choices]

    def result_html(self, result: Result) -> str:
        if not result.ended:
            last = result.feedback[-1] if result.feedback else None
            line = fb.option_line(last, _("Better choice"), _("Weaker choice"), self.reg) if last else ""
            return f"<ul>{line}</ul><p>{escape(_('The story goes on above.'))}</p>"
        return fb.verdict_line(result) + self.body_html(result)

    def body_html(self, result: Result) -> str:
        lines = "".join(fb.option_line(f, _("Better choice"), _("Weaker choice"), self.reg) for f in result.feedback)
        if result.followed_better:
            summary = fb.tag(True, _("You took the better choice at every step."))
        else:
            n = sum(1 for f in result.feedback if f.right)
            msg = _("{n} of {m} choices were the better ones.").format(n=n, m=len(result.feedback))
            summary = fb.tag(False, no=msg)
        ending = self.item.step(result.path[-1]).html if result.path else ""
        return (
            f"<p>{summary}</p><p>{escape(_('Your path:'))}</p><ol>{lines}</ol>"
            f'<div class="cb-ending"><p><strong>{escape(_("Ending:"))}</strong></p>{ending}</div>'
        )

    def answer_html(self) -> str:
        steps = []
        for step, o in better_path(self.item):
            choice = f"<p><em>{escape(_('Better choice:'))}</em> {o.html}</p>" if o else ""
            steps.append(f"<li>{step.html}{choice}</li>")
        return f"<ol>{''.join(steps)}</ol>"
