"""Match items: one Dropdown per row, each labelled by its row's text."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as ipw

from casebook.grading import Result, match_labels

from . import feedback as fb
from .base import QuizWidget
from .i18n import _
from .style import wide


class MatchQuiz(QuizWidget):
    """``choices``: one Dropdown per row (same order as ``item.options``); value ``""`` means no answer."""

    def build(self) -> list[ipw.Widget]:
        blank = _("— choose —")
        labels = [(blank, ""), *((label, label) for label in match_labels(self.item))]
        self.choices = []
        for o in self.item.options:
            text = self.option_label(o.html)
            self.choices.append(
                ipw.Dropdown(
                    options=labels,
                    value="",
                    description=text,
                    tooltip=text,
                    layout=wide(),
                    style={"description_width": "initial"},
                )
            )
        return [ipw.VBox(self.choices)]

    def incomplete_message(self, result: Result) -> str | None:
        if not result.unmatched:
            return None
        return _("Match every row first: {n} of {total} rows have no answer yet.").format(
            n=len(result.unmatched), total=len(self.item.options)
        )

    def answer(self) -> Any:
        return {o.key: d.value for o, d in zip(self.item.options, self.choices, strict=True) if d.value}

    def set_answer(self, answer: Any) -> None:
        given = answer if isinstance(answer, dict) else {}
        known = set(match_labels(self.item))
        for o, d in zip(self.item.options, self.choices, strict=True):
            value = given.get(o.key, "")
            d.value = value if value in known else ""

    def clear(self) -> None:
        for d in self.choices:
            d.value = ""

    def inputs(self) -> list[ipw.Widget]:
        return list(self.choices)

    def body_html(self, result: Result) -> str:
        rows = []
        for f in result.feedback:
            given = escape(f.given) if f.given else escape(_("no answer"))
            rows.append(
                f"<li><span class='cb-choice'>{f.text_html}</span> → <strong>{given}</strong>: "
                f"{fb.tag(f.right, _('Right match'), _('Wrong match'))}"
                f'<div class="cb-option-feedback">{fb.unwrap(f.feedback_html)}</div>{fb.laws_html(f.cites, self.reg)}'
                "</li>"
            )
        return "<ul>" + "".join(rows) + "</ul>"

    def answer_html(self) -> str:
        rows = "".join(f"<li>{o.html} → <strong>{escape(o.answer or '')}</strong></li>" for o in self.item.options)
        return f"<ul>{rows}</ul>"
