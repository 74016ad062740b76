"""Order items: rows with keyboard-operable Move up / Move down buttons."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as ipw

from casebook.grading import Result
from casebook.model import Option

from . import feedback as fb
from .base import QuizWidget
from .i18n import _, ngettext
from .style import wide


class OrderRow(ipw.HBox):
    """One place in the list: its text and two buttons. The buttons stay put; the steps move through them."""

    def __init__(self) -> None:
        self.label = ipw.HTML(layout=ipw.Layout(flex="1 1 auto", max_width="36rem"))
        self.up_button = ipw.Button(description=_("Move up"), icon="arrow-up", layout=ipw.Layout(width="auto"))
        self.down_button = ipw.Button(description=_("Move down"), icon="arrow-down", layout=ipw.Layout(width="auto"))
        super().__init__([self.label, self.up_button, self.down_button])


class OrderQuiz(QuizWidget):
    """``order``: the option keys in the learner's current order; ``rows[i].up_button.click()`` moves row i up."""

    def build(self) -> list[ipw.Widget]:
        self.by_key: dict[str, Option] = {o.key: o for o in self.item.options}
        self.order: list[str] = [o.key for o in self.item.options]
        self.rows = [OrderRow() for _o in self.item.options]
        for i, row in enumerate(self.rows):
            row.up_button.on_click(lambda _b, i=i: self.move(i, -1))
            row.down_button.on_click(lambda _b, i=i: self.move(i, +1))
        self.list_label = ipw.HTML(f"<p>{escape(_('Use Move up and Move down to put the steps in order.'))}</p>")
        self.draw()
        return [self.list_label, ipw.VBox(self.rows, layout=wide())]

    def move(self, index: int, delta: int) -> None:
        """Move the step at ``index`` one place up (-1) or down (+1)."""
        j = index + delta
        if self.mode == "assessed" and self.submitted:
            return
        if 0 <= index < len(self.order) and 0 <= j < len(self.order):
            self.order[index], self.order[j] = self.order[j], self.order[index]
            self.draw()
            self.answer_changed()

    def draw(self) -> None:
        for i, (row, key) in enumerate(zip(self.rows, self.order, strict=True)):
            o = self.by_key[key]
            text = self.option_label(o.html)
            row.label.value = f'<div class="cb-quiz-html"><strong>{i + 1}.</strong> {o.html}</div>'
            row.up_button.tooltip = _("Move up: {step}").format(step=text)
            row.down_button.tooltip = _("Move down: {step}").format(step=text)
            locked = self.mode == "assessed" and self.submitted
            row.up_button.disabled = locked or i == 0
            row.down_button.disabled = locked or i == len(self.order) - 1

    def answer(self) -> Any:
        return list(self.order)

    def set_answer(self, answer: Any) -> None:
        if isinstance(answer, list) and sorted(answer) == sorted(self.by_key):
            self.order = list(answer)
            self.draw()

    def clear(self) -> None:
        self.order = [o.key for o in self.item.options]
        self.draw()

    def inputs(self) -> list[ipw.Widget]:
        return [b for r in self.rows for b in (r.up_button, r.down_button)]

    def release(self) -> None:
        super().release()
        self.draw()

    def body_html(self, result: Result) -> str:
        if not result.out_of_place:
            return f"<p>{fb.tag(True, _('Every step is in its place.'))}</p>"
        items = []
        for f in result.feedback:
            if f.right:
                continue
            items.append(
                f"<li>{fb.tag(False, no=_('Out of place'))}: <span class='cb-choice'>{f.text_html}</span> "
                f"({escape(_('you put it at {given}').format(given=f.given))})"
                f'<div class="cb-option-feedback">{fb.unwrap(f.feedback_html)}</div>{fb.laws_html(f.cites, self.reg)}'
                "</li>"
            )
        n = len(result.out_of_place)
        head = ngettext("{n} step out of place:", "{n} steps out of place:", n).format(n=n)
        return f"<p>{escape(head)}</p><ul>{''.join(items)}</ul>"

    def answer_html(self) -> str:
        steps = sorted(self.item.options, key=lambda o: o.position or 0)
        return "<ol>" + "".join(f"<li>{o.html}</li>" for o in steps) + "</ol>"
