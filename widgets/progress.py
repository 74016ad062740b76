"""A progress bar and score summary for a notebook's quiz items, kept up to date as answers are checked."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as ipw

from casebook.model import Case, QuizItem
from casebook.scores import Tally, learner_tally, section_key
from casebook.store import Store, default_store
from casebook.visitor import current_learner

from . import feedback as fb
from .i18n import _, rtl

__all__ = ["Progress", "Tally", "progress", "tally"]


def tally(items: Sequence[QuizItem], store: Store, learner: str, *, mode: str = "practice") -> Tally:
    """Items answered (a checked answer is stored) out of all items; the score of the last checked
    answers, graded again against the items as they are now. In assessed mode an item's score counts
    only once its section is submitted. (The same computation as a submitted section's message:
    :func:`casebook.scores.learner_tally`.)"""
    return learner_tally(store, learner, items, mode=mode)


class Progress(ipw.VBox):
    """``bar``: an IntProgress of items answered; ``summary``: an HTML status line; ``refresh()`` re-reads
    the store (called by the store after each answer checked in this kernel)."""

    def __init__(
        self,
        items: Sequence[QuizItem],
        *,
        store: Store | None = None,
        learner: str | None = None,
        mode: str = "practice",
    ) -> None:
        self.items = list(items)
        self.store = store if store is not None else default_store()
        self.learner = learner or current_learner(self.store)
        self.mode = mode
        self.bar = ipw.IntProgress(
            value=0,
            min=0,
            max=max(1, len(self.items)),
            description=_("Progress"),
            tooltip=_("Questions answered"),
            bar_style="info",
            style={"description_width": "initial"},
        )
        self.summary = ipw.HTML(fb.status_box(""))
        super().__init__([self.bar, self.summary])
        self.add_class("cb-progress")
        rtl(self)
        self._keys = {i.key for i in self.items} | {section_key(i) for i in self.items}
        self.store.subscribe(self._on_store)
        self.tally = self.refresh()

    def _on_store(self, learner: str, key: str) -> None:
        if learner == self.learner and key in self._keys:
            self.refresh()

    def refresh(self) -> Tally:
        t = tally(self.items, self.store, self.learner, mode=self.mode)
        self.tally = t
        self.bar.value = t.answered
        answered = _("{n} of {total} questions answered").format(n=t.answered, total=t.total)
        score = _("score {score} of {max}").format(score=fb.fmt_score(t.score), max=fb.fmt_score(t.max_score))
        line = _("{answered}; {score}.").format(answered=answered, score=score)
        self.summary.value = fb.status_box(f'<p class="cb-progress-text">{escape(line)}</p>')
        return t

    def close(self) -> None:
        self.store.unsubscribe(self._on_store)
        super().close()


def progress(
    items: Case | Sequence[QuizItem], *, store: Store | None = None, learner: str | None = None, mode: str = "practice"
) -> Progress:
    """A progress bar and score summary for ``items`` (a case's quiz items, or any list of items)."""
    seq = items.quizzes if isinstance(items, Case) else items
    return Progress(seq, store=store, learner=learner, mode=mode)
