"""The workbook as trainees use it: JupyterLab, Run All Cells, one quiz answered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

import casebook

from . import drive
from .conftest import SERVERS
from .servers import Server, start_lab

pytestmark = pytest.mark.browser

NOTEBOOK = "01-dealership-insider.ipynb"


@pytest.fixture(scope="module")
def lab(workdir: Path) -> Iterator[Server]:
    folder = workdir / "lab"
    folder.mkdir()
    server = start_lab(folder)
    SERVERS.append(server)
    try:
        yield server
    finally:
        server.stop()


def test_jupyterlab_runs_the_notebook_and_a_quiz_answers(page: Page, lab: Server) -> None:
    case = casebook.load("dealership-insider")
    items = [q for s in case.sections.values() for q in s.quizzes]
    page.goto(f"{lab.url}lab/tree/{NOTEBOOK}?token={lab.token}", timeout=drive.LOAD_TIMEOUT)
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook).to_be_visible(timeout=drive.LOAD_TIMEOUT)
    # The kernel: pick the default if JupyterLab asks.
    dialog = page.locator(".jp-Dialog")
    kernel_idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    expect(dialog.or_(kernel_idle).first).to_be_visible(timeout=drive.LOAD_TIMEOUT)
    if dialog.is_visible():
        dialog.get_by_role("button", name=re.compile(r"^Select")).click()
    expect(kernel_idle).to_be_visible(timeout=drive.LOAD_TIMEOUT)
    # Run > Run All Cells, from the menu.
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
    quizzes = notebook.locator(".cb-quiz")
    expect(quizzes).to_have_count(len(items), timeout=drive.LOAD_TIMEOUT)
    expect(kernel_idle).to_be_visible(timeout=drive.LOAD_TIMEOUT)
    assert notebook.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    assert "Traceback" not in notebook.inner_text()
    # One single-choice quiz: right answer, feedback with its verdict.
    q = next(i for i, item in enumerate(items) if item.type == "single")
    quiz, item = quizzes.nth(q), items[q]
    quiz.scroll_into_view_if_needed()
    drive.answer(quiz, item, drive.correct_answer(item))
    drive.expect_feedback(quiz, item, drive.correct_answer(item))
    assert page.cb_errors == []  # type: ignore[attr-defined]
