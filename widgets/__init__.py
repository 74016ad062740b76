"""Quiz widgets, case views and learner progress for the Data Rights Casebook notebooks.

>>> import casebook, widgets
>>> case = casebook.load("dealership-insider")
>>> widgets.case_header(case)
>>> widgets.quiz(case.quiz("who-handles"))
"""

from __future__ import annotations

import ipywidgets as _ipw

from casebook.store import Store, anonymous_id, default_store
from casebook.visitor import current_learner

from .base import QuizWidget
from .chart import chart
from .i18n import _, language, set_language
from .progress import Progress, progress, tally
from .quiz import SectionQuiz, quiz, quizzes, section_quiz
from .selftest import SelfTestError, selftest
from .session import page
from .style import stylesheet
from .views import case_header, data_flow, show, timeline

# Loaded on first use, so a case notebook's kernel does not carry the toolkit (python-docx, zip, lxml),
# the trainer's dashboard or the start page's pickers (PEP 562).
_LAZY = {
    "ComplaintBuilder": "complaint",
    "complaint_builder": "complaint",
    "EvidenceLogWidget": "evidence",
    "evidence_log": "evidence",
    "selftest_toolkit": "toolkit",
    "Dashboard": "trainer",
    "dashboard": "trainer",
    "JoinWorkshop": "join",
    "join_workshop": "join",
    "IdentityPicker": "learner",
    "identity": "learner",
    "LanguagePicker": "learner",
    "language_picker": "learner",
    "SeriesProgress": "series",
    "series_progress": "series",
    "selftest_dashboard": "selftest",
    "selftest_start": "selftest",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'widgets' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def css() -> _ipw.HTML:
    """The workbook stylesheet as a widget (put it in a notebook's first cell)."""
    return _ipw.HTML(stylesheet())


__all__ = [
    "ComplaintBuilder",
    "Dashboard",
    "EvidenceLogWidget",
    "IdentityPicker",
    "JoinWorkshop",
    "LanguagePicker",
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
    "language",
    "language_picker",
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
    "show",
    "tally",
    "timeline",
]
