"""The workbook as trainers serve it: Voilà with our config and template (`make workshop`), driven in chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from casebook.catalog import series

from . import drive
from .drive import Notebook
from .servers import Server

pytestmark = pytest.mark.browser

NOTEBOOKS = drive.notebooks()
QUIZ_PAGES = [nb for nb in NOTEBOOKS if nb.items]
ids = lambda nb: nb.path  # noqa: E731

# -- accessibility -------------------------------------------------------------------------------------------
BLOCKING = ("serious", "critical")
# Third-party DOM we cannot change is excluded by the narrowest selector, each with its reason. (None needed
# so far: every serious or critical finding was in our own markup and has been fixed there.)
AXE_EXCLUDE: list[list[str]] = []
_axe = Axe()


def axe_violations(page: Page) -> list[str]:
    context = {"exclude": AXE_EXCLUDE} if AXE_EXCLUDE else None
    result = _axe.run(page, context=context)
    out = []
    for v in result.response["violations"]:
        if v["impact"] in BLOCKING:
            nodes = "; ".join(f"{n['target']} {n['html'][:120]}" for n in v["nodes"][:5])
            out.append(f"{v['id']} ({v['impact']}): {v['help']} -- {len(v['nodes'])} node(s): {nodes}")
    return out


def page_errors(page: Page) -> list[str]:
    """Error output a trainee would see: stderr outputs, Voilà's error page, a traceback, a failed cell."""
    found = []
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    if stderr.count():
        found += [f"stderr output: {t[:300]}" for t in stderr.all_inner_texts()]
    if page.locator(".voila-error").count():
        found.append(f"Voilà error page: {page.locator('.voila-error').inner_text()[:300]}")
    body = page.locator("body").inner_text()
    for marker in ("Traceback", "There was an error when executing cell", "Error displaying widget"):
        if marker in body:
            found.append(f"page text contains {marker!r}")
    return found


# -- 1. the landing page -------------------------------------------------------------------------------------
def test_landing_page_lists_the_series_in_teaching_order(page: Page, voila: Server, screenshots: Path) -> None:
    page.goto(voila.url)
    expect(page).to_have_title("Data Rights Casebook")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Rights Casebook")
    entries = series()
    assert entries, "casebook.catalog.series() lists no notebooks"
    items = page.locator("ol.cb-series > li")
    expect(items).to_have_count(len(entries))
    for i, e in enumerate(entries):
        li = items.nth(i)
        link = li.get_by_role("link")
        expect(link).to_have_text(e.title)
        expect(link).to_have_attribute("href", f"/voila/render/{e.path}")
        expect(li.locator("p")).to_have_text(e.description)
    trainer = series(audience="trainer")
    trainer_items = page.locator("ul.cb-series > li")
    expect(trainer_items).to_have_count(len(trainer))
    for i, e in enumerate(trainer):
        expect(trainer_items.nth(i).get_by_role("link")).to_have_text(e.title)
        expect(trainer_items.nth(i).get_by_role("link")).to_have_attribute("href", f"/voila/render/{e.path}")
    # Not Voilà's bare file browser.
    expect(page.locator(".list_item, .voila-tree, #notebook_list")).to_have_count(0)
    drive.full_page_screenshot(page, screenshots / "landing.png")
    # The links work: the first and the last open their notebook.
    for e in (entries[0], entries[-1]):
        page.goto(voila.url)
        page.get_by_role("link", name=e.title, exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(f"/voila/render/{e.path}") + "$"))
        expect(page.locator("#rendered_cells")).to_be_visible(timeout=drive.LOAD_TIMEOUT)
        expect(page.locator(".cb-banner .cb-home")).to_have_attribute("href", "/")


def test_landing_page_accessibility(page: Page, voila: Server) -> None:
    page.goto(voila.url)
    expect(page.locator("ol.cb-series")).to_be_visible()
    assert axe_violations(page) == []


# -- 2 and 6. every page renders cleanly, screenshot ---------------------------------------------------------
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_page_renders_without_errors(page: Page, voila: Server, nb: Notebook, screenshots: Path) -> None:
    quizzes = drive.open_notebook(page, voila.url, nb)
    assert len(quizzes) == len(nb.items)
    # Each quiz shows its own item's question, in casebook's order.
    for quiz, item in zip(quizzes, nb.items, strict=True):
        expect(quiz.locator(".cb-stem")).to_contain_text(drive.snippet(item.stem_html))
        expect(drive.feedback(quiz)).to_have_count(1)
    expect(page.locator("#loading")).to_have_count(0)
    assert page_errors(page) == []
    assert page.cb_errors == []  # type: ignore[attr-defined]
    drive.full_page_screenshot(page, screenshots / f"{Path(nb.path).stem}.png")


# -- 5. accessibility of every page --------------------------------------------------------------------------
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=ids)
def test_page_accessibility(page: Page, voila: Server, nb: Notebook) -> None:
    drive.open_notebook(page, voila.url, nb)
    assert axe_violations(page) == []


# -- 3. every quiz answered wrong, then right ----------------------------------------------------------------
@pytest.mark.parametrize("nb", [nb for nb in QUIZ_PAGES if not nb.assessed], ids=ids)
def test_every_quiz_wrong_then_right(page: Page, voila: Server, nb: Notebook) -> None:
    quizzes = drive.open_notebook(page, voila.url, nb)
    for quiz, item in zip(quizzes, nb.items, strict=True):
        quiz.scroll_into_view_if_needed()
        fb = drive.feedback(quiz)
        if item.type == "reflection":
            drive.button(quiz, "Save").click()  # nothing written yet
            expect(fb).to_contain_text("Write an answer first.", timeout=drive.KERNEL_TIMEOUT)
            text = "1. Who could open the customer file? 2. Who audited it? 3. When did you notice the leak?"
            drive.answer(quiz, item, text)
            drive.expect_feedback(quiz, item, text)
            expect(fb.locator(".cb-model-answer")).to_be_visible()
            drive.button(quiz, "Show answer").click()
            expect(fb.locator(".cb-answer")).to_contain_text("The answer", timeout=drive.KERNEL_TIMEOUT)
            expect(fb.locator(".cb-answer .cb-model-answer")).to_be_visible()
            continue
        wrong = drive.wrong_answer(item)
        if wrong is None:  # every option is right: the only wrong move is to check with no answer
            drive.button(quiz, "Check").click()
            expect(fb).to_contain_text("Choose an answer first.", timeout=drive.KERNEL_TIMEOUT)
        else:
            drive.answer(quiz, item, wrong)
            drive.expect_feedback(quiz, item, wrong)
            expect(fb).not_to_contain_text(drive.CORRECT)
            drive.try_again(quiz, item)
        right = drive.correct_answer(item)
        drive.answer(quiz, item, right)
        drive.expect_feedback(quiz, item, right)
        for label in drive.cited_labels(item):
            expect(fb).to_contain_text(label)
        drive.button(quiz, "Show answer").click()
        expect(fb.locator(".cb-answer")).to_be_visible(timeout=drive.KERNEL_TIMEOUT)
    # The progress summary counts every item as answered, with full marks.
    n = len(nb.items)
    total = drive.fmt_score(sum(drive.grade(i, drive.correct_answer(i)).max_score for i in nb.items))
    expect(page.locator(".cb-progress")).to_contain_text(
        f"{n} of {n} questions answered; score {total} of {total}.", timeout=drive.KERNEL_TIMEOUT
    )
    assert page_errors(page) == []
    assert page.cb_errors == []  # type: ignore[attr-defined]
    # With every piece of feedback open, the page still has no serious accessibility problem.
    assert axe_violations(page) == []


@pytest.mark.parametrize("nb", [nb for nb in QUIZ_PAGES if nb.assessed], ids=ids)
def test_review_holds_feedback_until_submitted(page: Page, voila: Server, nb: Notebook) -> None:
    """Assessed mode: every item saved wrong and right (feedback held each time); the even items end on the
    right answer, the odd ones on the wrong one; Submit section releases the feedback for each."""
    quizzes = drive.open_notebook(page, voila.url, nb)
    final = []
    for i, (quiz, item) in enumerate(zip(quizzes, nb.items, strict=True)):
        quiz.scroll_into_view_if_needed()
        expect(drive.button(quiz, "Show answer")).to_be_disabled()
        right, wrong = drive.correct_answer(item), drive.wrong_answer(item)
        assert wrong is not None, f"{item.key}: the review needs items that can be answered wrong"
        first, last = (wrong, right) if i % 2 == 0 else (right, wrong)
        drive.answer(quiz, item, first, assessed=True)
        drive.expect_held(quiz)
        drive.try_again(quiz, item)
        drive.answer(quiz, item, last, assessed=True)
        drive.expect_held(quiz)
        final.append(last)
    summary = page.locator(".cb-section-quiz > .widget-html .cb-feedback").last
    expect(summary).to_contain_text("Save an answer to each question, then submit the section.")
    drive.button(page, "Submit section").click()
    expect(summary).to_contain_text("cannot be changed", timeout=drive.KERNEL_TIMEOUT)
    drive.button(page, "Yes, submit").click()
    got = sum(drive.grade(item, a).score for item, a in zip(nb.items, final, strict=True))
    total = sum(drive.grade(item, a).max_score for item, a in zip(nb.items, final, strict=True))
    expect(summary).to_contain_text(
        f"Section submitted. Score: {drive.fmt_score(got)} of {drive.fmt_score(total)}.", timeout=drive.KERNEL_TIMEOUT
    )
    expect(drive.button(page, "Submit section")).to_be_disabled()
    for quiz, item, a in zip(quizzes, nb.items, final, strict=True):
        drive.expect_feedback(quiz, item, a)
        if item.type != "scenario":  # a scenario at its ending has no Save answer button at all
            expect(drive.button(quiz, "Save answer")).to_be_disabled()
        expect(drive.button(quiz, "Try again")).to_be_disabled()
        drive.button(quiz, "Show answer").click()
        expect(drive.feedback(quiz).locator(".cb-answer")).to_be_visible(timeout=drive.KERNEL_TIMEOUT)
    assert page_errors(page) == []
    assert page.cb_errors == []  # type: ignore[attr-defined]
    assert axe_violations(page) == []


# -- 4. one quiz with the keyboard alone ---------------------------------------------------------------------
def _focused(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName, type: e.type || '', text: (e.innerText || '').trim(),
                           quiz: String([...document.querySelectorAll('.cb-quiz')].indexOf(e.closest('.cb-quiz'))),
                           value: e.value || '', checked: String(!!e.checked)}; }"""
    )


def _tab_until(page: Page, want, key: str = "Tab", limit: int = 200) -> dict[str, str]:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        page.keyboard.press(key)
        f = _focused(page)
        if want(f):
            return f
    raise AssertionError(f"{key} never reached the control; focus is on {f}")


def test_single_choice_quiz_with_the_keyboard_alone(page: Page, voila: Server) -> None:
    nb = next(n for n in NOTEBOOKS if n.items and not n.assessed and any(i.type == "single" for i in n.items))
    quizzes = drive.open_notebook(page, voila.url, nb)
    q = next(i for i, item in enumerate(nb.items) if item.type == "single")
    item, quiz = nb.items[q], quizzes[q]
    keys = [o.key for o in item.options]
    right = keys.index(drive.correct_answer(item))
    wrong = keys.index(drive.wrong_answer(item))
    in_quiz = lambda f: f["quiz"] == str(q)  # noqa: E731

    def choose(index: int) -> None:
        # Tab into the quiz's radio buttons, then move with the arrow keys (a named group) or Tab (ungrouped).
        f = _tab_until(page, lambda f: in_quiz(f) and f["type"] == "radio")
        for _ in range(len(keys) * 2):
            if f["value"] == str(index):
                break
            page.keyboard.press("ArrowDown" if int(f["value"]) < index else "ArrowUp")
            f = _focused(page)
            if f["value"] != str(index) and f["type"] == "radio" and f["checked"] == "false":
                break  # arrows do not move: these radios are not one group; walk them with Tab
        while f["value"] != str(index):
            page.keyboard.press("Tab")
            f = _focused(page)
            assert in_quiz(f) and f["type"] == "radio", f"Tab left the radio buttons: {f}"
        if f["checked"] != "true":
            page.keyboard.press("Space")
        expect(quiz.locator('input[type="radio"]').nth(index)).to_be_checked()
        # ipywidgets sends at most one unacknowledged update per widget and holds the rest, while Check is
        # another widget: a keypress milliseconds after the last arrow could reach the kernel before the
        # choice does. A person is never that quick; give the last update its round trip.
        page.wait_for_timeout(400)
        _tab_until(
            page,
            lambda f: in_quiz(f) and f["tag"] == "BUTTON" and re.search(r"(^|\W)Check$", f["text"].strip()) is not None,
        )
        page.keyboard.press("Enter")

    page.locator("body").focus()
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    choose(wrong)
    expect(drive.feedback(quiz)).to_contain_text(drive.NOT_QUITE, timeout=drive.KERNEL_TIMEOUT)
    # Back up to the radio buttons (Shift+Tab) and choose the right answer.
    _tab_until(page, lambda f: in_quiz(f) and f["type"] == "radio", key="Shift+Tab")
    page.keyboard.press("Shift+Tab")  # leave the group backwards so that choose() tabs into it afresh
    choose(right)
    expect(drive.feedback(quiz)).to_contain_text(drive.CORRECT, timeout=drive.KERNEL_TIMEOUT)
