"""A notebook's self-test: drive undisplayed copies of its quizzes and check their feedback.

Called from the last cell of every notebook (it prints nothing, so Voilà shows nothing). A broken
answer key, or feedback that no longer says right from wrong, raises and fails nbval.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import ipywidgets as ipw

from casebook.grading import JSON, Result, correct_answer, wrong_answer
from casebook.model import Case, QuizItem
from casebook.registry import registry
from casebook.store import Store

from .base import QuizWidget
from .feedback import ICON_RIGHT, ICON_WRONG
from .quiz import quiz

LEARNER = "selftest"


def served_by_voila() -> bool:
    """True in a kernel that Voilà started for a page: there the self-tests are skipped. They exist for
    nbval and for authors in JupyterLab; on a trainee's page their hidden widgets would only slow it."""
    return bool(os.environ.get("VOILA_KERNEL_ID") or os.environ.get("VOILA_PREHEAT") == "True")


class SelfTestError(AssertionError):
    """A quiz does not behave as its answer key says."""


def _fail(item: QuizItem, what: str) -> NoReturn:
    raise SelfTestError(f"{item.key} ({item.type}, {item.section}): {what}")


def press(button: ipw.Button, what: str) -> None:
    """Press ``button`` as a click from the page would, but let an exception in its handler reach the
    self-test as a :class:`SelfTestError` naming ``what`` was tested: ipywidgets would only log it, and
    the self-test would then fail later for a misleading reason (or not at all)."""
    for handler in list(button._click_handlers.callbacks):
        try:
            handler(button)
        except Exception as exc:
            raise SelfTestError(f"{what}: {button.description} raised {type(exc).__name__}: {exc}") from exc


def _click(w: QuizWidget, button: ipw.Button) -> None:
    press(button, f"{w.item.key} ({w.item.type}, {w.item.section})")


def _answer(w: QuizWidget, answer: JSON) -> Result:
    """Answer as a learner would: set the controls, click Check (a scenario: one click per step)."""
    if w.item.type == "scenario" and isinstance(answer, list):
        for _step, key in answer:
            w.choices.value = key
            _click(w, w.check_button)
    else:
        w.set_answer(answer)
        _click(w, w.check_button)
    if w.result is None:
        _fail(w.item, f"Check gave no result for {answer!r}")
    return w.result


def _check_item(item: QuizItem, store: Store) -> None:
    w = quiz(item, store=store, learner=LEARNER)
    wrong = wrong_answer(item)
    if wrong is not None:
        res = _answer(w, wrong)
        if res.correct:
            _fail(item, f"a wrong answer {wrong!r} was graded correct")
        if ICON_WRONG not in w.feedback.value and "cb-partial" not in w.feedback.value:
            _fail(item, "a wrong answer did not get 'not quite' feedback")
        w.retry()
    right = correct_answer(item) if item.graded else "A draft written by the self-test."
    res = _answer(w, right)
    if not item.graded:
        if not res.answered or ICON_RIGHT not in w.feedback.value:
            _fail(item, "a reflection was not saved")
        w.reveal()
        if "cb-answer" not in w.feedback.value:
            _fail(item, "Show answer did not show the model answer")
        return
    if not res.correct or res.score != res.max_score:
        _fail(item, f"the answer key's own answer {right!r} scored {res.score} of {res.max_score}")
    if ICON_RIGHT not in w.feedback.value:
        _fail(item, "the right answer did not get 'correct' feedback")
    reg = registry()
    cited = [c.statute for o in item.correct_options for c in o.cites]
    for sid in cited[:1]:
        if reg.article(sid).label() not in w.feedback.value:
            _fail(item, f"the feedback does not cite {sid}")
    w.close()


def selftest(source: Case | Iterable[QuizItem]) -> None:
    """Check every quiz of ``source`` in a throwaway store; raise :class:`SelfTestError` on the first that
    misbehaves. Returns nothing, so the cell shows nothing (nbval runs cells without history, where a
    trailing ``;`` does not silence a result)."""
    if served_by_voila():
        return
    items = list(source.quizzes if isinstance(source, Case) else source)
    with tempfile.TemporaryDirectory(prefix="casebook-selftest-") as tmp:
        store = Store(Path(tmp) / "selftest.sqlite3")
        store.attempts_limit = None  # the self-test answers faster than any person
        try:
            for item in items:
                _check_item(item, store)
        finally:
            store.close()


def selftest_start() -> None:
    """The start notebook's self-test: the name picker saves a name and an anonymous id, and the
    series progress lists every case notebook. Uses a throwaway store; prints nothing."""
    if served_by_voila():
        return
    from casebook.catalog import series

    from .learner import IdentityPicker
    from .series import series_html

    with tempfile.TemporaryDirectory(prefix="casebook-selftest-") as tmp:
        names = Store(Path(tmp) / "selftest.sqlite3")
        names.attempts_limit = None  # the self-test answers faster than any person
        try:
            picker = IdentityPicker(names)
            picker.name.value = "Self Test"
            press(picker.use_button, "the name picker")
            if "Self Test" not in picker.status.value:
                raise SelfTestError("the name picker did not take a display name")
            press(picker.anonymous_button, "the name picker")
            if "Self Test" in picker.status.value:
                raise SelfTestError("the name picker did not switch to an anonymous id")
        finally:
            names.close()
        store = Store(Path(tmp) / "progress.sqlite3")
        store.attempts_limit = None  # the self-test answers faster than any person
        table = series_html(store, "selftest")
        store.close()
        cases = [e for e in series() if e.case]
        missing = [e.title for e in cases if e.title not in table]
        if not cases or missing:
            raise SelfTestError(f"the series progress misses: {missing or 'every case'}")


def selftest_dashboard() -> None:
    """The dashboard notebook's self-test, in a throwaway store: a wrong key is refused, the right one
    opens the room, two trainees' answers are counted, an answer after Close answers is not, a reveal
    reaches the controls, and the projector view shows the join code and its QR code."""
    if served_by_voila():
        return
    from casebook import workshop
    from casebook.loader import load

    from .session import Session
    from .trainer import Dashboard

    with tempfile.TemporaryDirectory(prefix="casebook-selftest-") as tmp:
        store = Store(Path(tmp) / "room.sqlite3")
        store.attempts_limit = None  # the self-test answers faster than any person
        try:
            ws, key = workshop.create(store, "Self-test")
            d = Dashboard(store, query=f"workshop={ws.code}")
            d.key.value = key + "?"
            if d.login():
                raise SelfTestError("the dashboard opened with a wrong key")
            d.key.value = key
            if not d.login():
                raise SelfTestError("the dashboard did not open with the right key")
            item = load(d.case.value).quizzes[0]
            pages = []
            for name, right in (("A", True), ("B", False)):
                member = workshop.join(store, ws.code, name)
                room = Session()
                room.start(ws.code, member.learner, store)
                w = quiz(item, store=store, learner=member.learner)
                w.room = room
                w.set_answer(correct_answer(item) if right else wrong_answer(item))
                _click(w, w.check_button)
                pages.append(w)
            d.refresh()
            if "2 of 2 answered" not in d.item_panels[0].value:
                raise SelfTestError("the dashboard does not count the room's answers")
            d.close_toggles[0].value = True
            pages[1].set_answer(correct_answer(item))
            _click(pages[1], pages[1].check_button)
            d.refresh(force=True)
            if "facility 50%" not in d.item_panels[0].value:
                raise SelfTestError("an answer after Close answers changed the room's statistics")
            d.reveal_toggles[0].value = True
            if item.key not in workshop.controls(store, ws.code)["reveal"]:
                raise SelfTestError("Reveal did not reach the room")
            d.projector.value = True
            if "<svg" not in d.projector_head.value or ws.code not in d.projector_head.value:
                raise SelfTestError("the projector view has no join code or QR code")
            d.stop()
        finally:
            store.close()
