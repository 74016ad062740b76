"""Single choice (radio buttons) and multiple choice (check boxes, partial credit)."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as ipw

from casebook.grading import Result

from . import feedback as fb
from .base import QuizWidget
from .i18n import _, ngettext
from .style import wide


class SingleQuiz(QuizWidget):
    """``choices``: a RadioButtons (arrow keys move, Tab leaves) whose values are option keys."""

    def build(self) -> list[ipw.Widget]:
        self.choices = ipw.RadioButtons(
            options=[(self.option_label(o.html), o.key) for o in self.item.options],
            value=None,
            description=_("Answer"),
            tooltip=_("Choose one answer"),
            layout=wide(),
            style={"description_width": "initial"},
        )
        return [self.choices]

    def answer(self) -> Any:
        return self.choices.value

    def set_answer(self, answer: Any) -> None:
        keys = {o.key for o in self.item.options}
        self.choices.value = answer if answer in keys else None

    def clear(self) -> None:
        self.choices.value = None

    def inputs(self) -> list[ipw.Widget]:
        return [self.choices]

    def body_html(self, result: Result) -> str:
        return (
            "<ul>"
            + "".join(
                fb.option_line(f, _("Your answer is right"), _("Your answer is wrong"), self.reg)
                for f in result.feedback
            )
            + "</ul>"
        )

    def answer_html(self) -> str:
        return correct_options_html(self)


class MultipleQuiz(QuizWidget):
    """``choices``: one Checkbox per option (``choices[i].value = True`` ticks it)."""

    def build(self) -> list[ipw.Widget]:
        self.choices = [
            ipw.Checkbox(
                value=False,
                description=self.option_label(o.html),
                tooltip=self.option_label(o.html),
                indent=False,
                layout=wide(),
            )
            for o in self.item.options
        ]
        self.group_label = ipw.HTML(f"<p>{escape(_('Choose all that apply.'))}</p>")
        return [self.group_label, ipw.VBox(self.choices)]

    def answer(self) -> Any:
        return [o.key for o, box in zip(self.item.options, self.choices, strict=True) if box.value]

    def set_answer(self, answer: Any) -> None:
        picked = set(answer) if isinstance(answer, list) else set()
        for o, box in zip(self.item.options, self.choices, strict=True):
            box.value = o.key in picked

    def clear(self) -> None:
        for box in self.choices:
            box.value = False

    def inputs(self) -> list[ipw.Widget]:
        return list(self.choices)

    def body_html(self, result: Result) -> str:
        out = (
            "<ul>"
            + "".join(fb.option_line(f, _("Right choice"), _("Wrong choice"), self.reg) for f in result.feedback)
            + "</ul>"
        )
        if result.missed:
            n = len(result.missed)
            msg = ngettext("You missed {n} correct option.", "You missed {n} correct options.", n).format(n=n)
            out += f'<p class="cb-wrong">{fb.icon(fb.ICON_WRONG)} {escape(msg)}</p>'
        return out

    def answer_html(self) -> str:
        return correct_options_html(self)


def correct_options_html(w: QuizWidget) -> str:
    """The correct options with their feedback and the law they cite."""
    return (
        "<ul>"
        + "".join(
            f"<li>{o.html}<div>{fb.unwrap(o.feedback_html)}</div>{fb.laws_html(o.cites, w.reg)}</li>"
            for o in w.item.correct_options
        )
        + "</ul>"
    )
