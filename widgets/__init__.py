"""Quiz widgets, case views and learner progress for the Data Rights Casebook notebooks.

>>> import casebook, widgets
>>> case = casebook.load("dealership-insider")
>>> widgets.case_header(case)
>>> widgets.quiz(case.quiz("who-handles"))
"""

from __future__ import annotations

import ipywidgets as _ipw

from .base import QuizWidget
from .chart import chart
from .i18n import _, set_language
from .identity import IdentityPicker, identity
from .progress import Progress, progress, tally
from .quiz import SectionQuiz, quiz, quizzes, section_quiz
from .selftest import SelfTestError, selftest, selftest_start
from .series import SeriesProgress, series_progress
from .store import Store, anonymous_id, current_learner, default_store, set_learner
from .style import stylesheet
from .views import case_header, data_flow, show, timeline


def css() -> _ipw.HTML:
    """The workbook stylesheet as a widget (put it in a notebook's first cell)."""
    return _ipw.HTML(stylesheet())


__all__ = [
    "IdentityPicker",
    "Progress",
    "QuizWidget",
    "SectionQuiz",
    "SelfTestError",
    "SeriesProgress",
    "Store",
    "_",
    "anonymous_id",
    "case_header",
    "chart",
    "css",
    "current_learner",
    "data_flow",
    "default_store",
    "identity",
    "progress",
    "quiz",
    "quizzes",
    "section_quiz",
    "selftest",
    "selftest_start",
    "series_progress",
    "set_language",
    "set_learner",
    "show",
    "tally",
    "timeline",
]
