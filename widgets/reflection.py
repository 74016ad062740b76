"""Reflection items: free text, saved, never graded; a model answer appears once saved."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as ipw

from casebook.grading import Result

from . import feedback as fb
from .base import QuizWidget
from .i18n import _
from .style import wide


class ReflectionQuiz(QuizWidget):
    """``text``: a Textarea; Check saves it (``check_button`` reads "Save")."""

    def check_caption(self) -> str:
        return _("Save")

    def build(self) -> list[ipw.Widget]:
        self.text = ipw.Textarea(
            value="",
            description=_("Your answer"),
            tooltip=_("Write your answer"),
            placeholder=_("Write your answer here"),
            rows=5,
            layout=wide(),
            style={"description_width": "initial"},
        )
        self.choices = self.text
        return [self.text]

    def answer(self) -> Any:
        return self.text.value

    def set_answer(self, answer: Any) -> None:
        self.text.value = answer if isinstance(answer, str) else ""

    def clear(self) -> None:
        self.text.value = ""

    def inputs(self) -> list[ipw.Widget]:
        return [self.text]

    def body_html(self, result: Result) -> str:
        mine = escape(self.text.value)
        return (
            f'<p>{escape(_("Your answer:"))}</p><div class="cb-reflection-text">{mine}</div>'
            f"<p><strong>{escape(_('A model answer:'))}</strong></p>"
            f'<div class="cb-model-answer">{fb.unwrap(self.item.model_answer_html)}</div>'
        )

    def answer_html(self) -> str:
        return f'<div class="cb-model-answer">{fb.unwrap(self.item.model_answer_html)}</div>'
