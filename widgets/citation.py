"""Citation items: first the status of the provision a source cites, then the article that applies today."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as ipw

from casebook.grading import Result

from . import feedback as fb
from .base import QuizWidget
from .i18n import _, language
from .style import wide


def verdict_labels() -> dict[str, str]:
    return {
        "in_force": _("In force: cited correctly"),
        "renumbered": _("Renumbered: the rule now has another number"),
        "repealed": _("Repealed: no longer in force"),
        "wrong_article": _("Wrong article: the source cites the wrong provision"),
    }


class CitationQuiz(QuizWidget):
    """``verdict``: RadioButtons of the four verdicts; ``choices``: RadioButtons of candidate current articles
    (shown once a verdict is chosen)."""

    def stem_html(self) -> str:
        quoted = ""
        if self.item.quoted and self.item.quoted in self.reg.articles:
            label = self.reg.article(self.item.quoted).label(language())
            quoted = f'<p class="cb-quoted">{escape(_("The source cites:"))} <cite>{escape(label)}</cite></p>'
        return self.item.stem_html + quoted

    def build(self) -> list[ipw.Widget]:
        self.verdict = ipw.RadioButtons(
            options=[(label, key) for key, label in verdict_labels().items()],
            value=None,
            description=_("1. Status"),
            tooltip=_("First: what is the status of the cited provision?"),
            layout=wide(),
            style={"description_width": "initial"},
        )
        self.choices = ipw.RadioButtons(
            options=[(self.option_label(o.html), o.key) for o in self.item.options],
            value=None,
            description=_("2. Article today"),
            tooltip=_("Then: which article applies today?"),
            layout=wide(),
            style={"description_width": "initial"},
        )
        self.choices.layout.display = "none"
        self.verdict.observe(self._on_verdict, names="value")
        return [self.verdict, self.choices]

    def _on_verdict(self, change: dict[str, Any]) -> None:
        self.choices.layout.display = None if change["new"] else "none"

    def answer(self) -> Any:
        if self.verdict.value is None and self.choices.value is None:
            return None
        return {"verdict": self.verdict.value, "article": self.choices.value}

    def set_answer(self, answer: Any) -> None:
        a = answer if isinstance(answer, dict) else {}
        self.verdict.value = a.get("verdict") if a.get("verdict") in verdict_labels() else None
        keys = {o.key for o in self.item.options}
        self.choices.value = a.get("article") if a.get("article") in keys else None

    def clear(self) -> None:
        self.verdict.value = None
        self.choices.value = None

    def inputs(self) -> list[ipw.Widget]:
        return [self.verdict, self.choices]

    def _quoted_status(self) -> str:
        q = self.item.quoted
        if not q or q not in self.reg.articles:
            return ""
        art = self.reg.article(q)
        return (
            f'<p class="cb-law"><cite>{escape(art.label(language()))}</cite>: '
            f'<span class="cb-status">{escape(fb.article_status(q, self.reg))}</span></p>'
        )

    def body_html(self, result: Result) -> str:
        labels = verdict_labels()
        given = labels.get(result.verdict or "", _("no answer"))
        if result.verdict_correct:
            part1 = f"<p>{fb.tag(True, _('Status right'))}: {escape(given)}</p>{self._quoted_status()}"
        else:
            part1 = (
                f"<p>{fb.tag(False, no=_('Status wrong'))}: {escape(given)}. "
                f"{escape(_('Look up the cited provision in the registry: was it renumbered or repealed?'))}</p>"
            )
        if result.feedback:
            part2 = (
                "<ul>"
                + "".join(fb.option_line(f, _("Right article"), _("Wrong article"), self.reg) for f in result.feedback)
                + "</ul>"
            )
        else:
            part2 = f"<p>{fb.tag(False, no=_('No article chosen'))}</p>"
        return part1 + part2

    def answer_html(self) -> str:
        verdict = verdict_labels().get(self.item.verdict or "", "")
        arts = "".join(
            f"<li>{o.html}<div>{fb.unwrap(o.feedback_html)}</div>{fb.laws_html(o.cites, self.reg)}</li>"
            for o in self.item.correct_options
        )
        return f"<p>{escape(verdict)}</p>{self._quoted_status()}<ul>{arts}</ul>"
