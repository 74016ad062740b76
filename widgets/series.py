"""Progress across the whole series, for the start notebook."""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from casebook.catalog import series
from casebook.loader import load
from casebook.store import Store, default_store
from casebook.visitor import current_learner

from . import feedback as fb
from .i18n import _, language, rtl
from .progress import tally


def series_html(store: Store | None = None, learner: str | None = None) -> str:
    store = store if store is not None else default_store()
    learner = learner or current_learner(store)
    rows = []
    for entry in series(lang=language()):
        if entry.case is None:
            continue
        t = tally(load(entry.case).quizzes, store, learner)
        pct = round(100 * t.answered / t.total) if t.total else 0
        rows.append(
            f"<tr><th scope='row'>{escape(entry.title)}</th>"
            f"<td><progress max='{t.total}' value='{t.answered}' aria-label='{escape(entry.title)}'></progress> "
            f"{t.answered} / {t.total} ({pct}%)</td>"
            f"<td>{fb.fmt_score(t.score)} / {fb.fmt_score(t.max_score)}</td></tr>"
        )
    head = (
        f"<tr><th scope='col'>{escape(_('Case'))}</th><th scope='col'>{escape(_('Answered'))}</th>"
        f"<th scope='col'>{escape(_('Score'))}</th></tr>"
    )
    caption = escape(_("Your progress across the series"))
    return f'<table class="cb-series-progress"><caption>{caption}</caption>{head}{"".join(rows)}</table>'


class SeriesProgress(ipw.VBox):
    """``table`` (HTML) and ``refresh_button``."""

    def __init__(self, store: Store | None = None, learner: str | None = None) -> None:
        self._store, self._learner = store, learner
        self.table = ipw.HTML()
        self.refresh_button = ipw.Button(
            description=_("Refresh"), tooltip=_("Read your progress again"), icon="refresh"
        )
        self.refresh_button.on_click(lambda _b: self.refresh())
        super().__init__([self.table, self.refresh_button])
        rtl(self)
        self.refresh()

    def refresh(self) -> None:
        self.table.value = series_html(self._store, self._learner)


def series_progress(store: Store | None = None, learner: str | None = None) -> SeriesProgress:
    return SeriesProgress(store, learner)
