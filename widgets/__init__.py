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
from .complaint import ComplaintBuilder, complaint_builder
from .dashboard import Dashboard, dashboard
from .evidence import EvidenceLogWidget, evidence_log
from .i18n import _, set_language
from .identity import IdentityPicker, identity
from .join import JoinWorkshop, join_workshop
from .progress import Progress, progress, tally
from .quiz import SectionQuiz, quiz, quizzes, section_quiz
from .selftest import SelfTestError, selftest, selftest_dashboard, selftest_start
from .series import SeriesProgress, series_progress
from .session import page
from .store import Store, anonymous_id, current_learner, default_store, set_learner
from .style import stylesheet
from .toolkit import selftest_toolkit
from .views import case_header, data_flow, show, timeline


def css() -> _ipw.HTML:
    """The workbook stylesheet as a widget (put it in a notebook's first cell)."""
    return _ipw.HTML(stylesheet())


__all__ = [
    "ComplaintBuilder",
    "Dashboard",
    "EvidenceLogWidget",
    "IdentityPicker",
    "JoinWorkshop",
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
    "complaint_builder",
    "css",
    "current_learner",
    "dashboard",
    "data_flow",
    "default_store",
    "evidence_log",
    "identity",
    "join_workshop",
    "page",
    "progress",
    "quiz",
    "quizzes",
    "section_quiz",
    "selftest",
    "selftest_dashboard",
    "selftest_start",
    "selftest_toolkit",
    "series_progress",
    "set_language",
    "set_learner",
    "show",
    "tally",
    "timeline",
]
