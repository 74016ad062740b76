"""Data Rights Casebook: the cases, the statute registry, and the code that reads and checks them.

>>> import casebook
>>> case = casebook.load("dealership-insider")
>>> case.sections["facts"].html  # safe HTML
"""

from .errors import CasebookError, Problem
from .loader import Report, case_paths, cases, check, load, load_path, load_text
from .model import SECTIONS, Article, Case, Cite, Option, QuizItem, Section, Step
from .registry import Registry, registry
from .review import review_items
from .text import LANGUAGES, Text, direction

__all__ = [
    "LANGUAGES",
    "SECTIONS",
    "Article",
    "Case",
    "CasebookError",
    "Cite",
    "Option",
    "Problem",
    "QuizItem",
    "Registry",
    "Report",
    "Section",
    "Step",
    "Text",
    "case_paths",
    "cases",
    "check",
    "direction",
    "load",
    "load_path",
    "load_text",
    "registry",
    "review_items",
]
__version__ = "0.1.0"
