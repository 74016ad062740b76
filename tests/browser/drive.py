"""Open Voilà pages and answer quiz widgets through the UI, as a learner would.

One helper per quiz type sets the controls (radio buttons, check boxes, drop-downs, Move up / Move down,
scenario choices, text areas); :func:`answer` dispatches on the item's type. Every locator is scoped to
one ``.cb-quiz`` and every wait is an ``expect``: no fixed sleeps.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

import casebook
from casebook.catalog import Entry, series
from casebook.grading import better_path, correct_answer, grade, match_labels, scenario_step, wrong_answer
from casebook.model import QuizItem
from widgets.citation import verdict_labels
from widgets.feedback import ICON_PARTIAL, ICON_RIGHT, ICON_WRONG, fmt_score, plain_text

from .servers import ROOT

NOTEBOOKS = ROOT / "notebooks"
LOAD_TIMEOUT = 120_000  # ms: a page whose pool kernel is not ready yet executes the notebook first
KERNEL_TIMEOUT = 20_000  # ms: one round trip to the kernel (a click and the feedback it sends back)

CORRECT = f"{ICON_RIGHT} Correct"
NOT_QUITE = f"{ICON_WRONG} Not quite"
PARTLY = f"{ICON_PARTIAL} Partly right"


@dataclass(frozen=True)
class Notebook:
    entry: Entry
    items: tuple[QuizItem, ...]  # the quiz items the page must show, in page order
    assessed: bool = False
    landmark: str | None = None  # a selector that is there once the page's widgets are drawn

    @property
    def path(self) -> str:
        return self.entry.path

    @property
    def url_path(self) -> str:
        return f"voila/render/{self.entry.path}"


# What a notebook's cells show, and the selector that is on the page once that widget is drawn.
LANDMARKS = {"widgets.progress(": ".cb-progress", "widgets.identity(": ".cb-identity"}


def _landmark(path: str) -> str | None:
    """The selector of the last widget we recognise in the notebook's code (drawn last, so drawn when it is)."""
    nb = json.loads((NOTEBOOKS / path).read_text("utf-8"))
    found = None
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            for call, selector in LANDMARKS.items():
                if call in src:
                    found = selector
    return found


def notebooks() -> list[Notebook]:
    """Every notebook of the series (trainee and trainer), with the quiz items casebook says it shows."""
    out: list[Notebook] = []
    for e in series(audience=None):
        if e.case:
            case = casebook.load(e.case)
            items = tuple(q for section in case.sections.values() for q in section.quizzes)
            out.append(Notebook(e, items, landmark=_landmark(e.path)))
        elif "review" in Path(e.path).stem:
            out.append(Notebook(e, tuple(casebook.review_items()), assessed=True, landmark=_landmark(e.path)))
        else:
            out.append(Notebook(e, (), landmark=_landmark(e.path)))
    return out


_SETTLED = """() => {
  const n = document.querySelectorAll('.jupyter-widgets').length;
  const now = performance.now();
  const s = window.__cbSettle || (window.__cbSettle = {n: -1, since: now});
  if (s.n !== n) { s.n = n; s.since = now; }
  return n > 0 && now - s.since > 750;
}"""


def open_notebook(page: Page, base_url: str, nb: Notebook) -> list[Locator]:
    """Open a notebook in Voilà, wait until it has executed and its widgets are drawn; return its quizzes."""
    page.goto(base_url + nb.url_path, timeout=LOAD_TIMEOUT)
    expect(page.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)
    if nb.landmark:
        expect(page.locator(nb.landmark).first).to_be_visible(timeout=LOAD_TIMEOUT)
    else:  # a notebook with no widget we know: wait until the number of widgets drawn stops changing
        page.wait_for_function(_SETTLED, timeout=LOAD_TIMEOUT, polling=100)
    quizzes = page.locator(".cb-quiz")
    expect(quizzes).to_have_count(len(nb.items), timeout=LOAD_TIMEOUT)
    return [quizzes.nth(i) for i in range(len(nb.items))]


def full_page_screenshot(page: Page, path: Path) -> None:
    """The whole page in one picture. Voilà's lab page scrolls inside ``#rendered_cells``, not the document,
    so ``full_page`` alone gives one screen: grow the viewport to the content first, then put it back."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight,"
        " (document.getElementById('rendered_cells') || document.body).scrollHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 40, 32_000))})
    try:
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(size)


# -- small pieces --------------------------------------------------------------------------------------------


def feedback(quiz: Locator) -> Locator:
    """The quiz's own ``role=status`` feedback region."""
    return quiz.locator('.cb-feedback[role="status"]')


def snippet(html: str, n: int = 60) -> str:
    """The start of a fragment's text, to recognise it on the page."""
    text = plain_text(html)
    return text[:n].rsplit(" ", 1)[0] if len(text) > n else text


def check_caption(item: QuizItem, assessed: bool) -> str:
    if assessed and item.graded:
        return "Save answer"
    return {"scenario": "Choose", "reflection": "Save"}.get(item.type, "Check")


def button(scope: Locator | Page, name: str) -> Locator:
    """A button by its caption. ipywidgets puts an icon ``<i class="fa ...">`` before the caption, whose glyph
    (a private-use character) and a space start the accessible name, so the match is on the end."""
    return scope.get_by_role("button", name=re.compile(rf"(^|\W)\s*{re.escape(name)}\s*$"))


def press_check(quiz: Locator, item: QuizItem, assessed: bool) -> None:
    button(quiz, check_caption(item, assessed)).click()


def verdict_for(item: QuizItem, answer: Any) -> str:
    """The verdict line the feedback must show for ``answer``."""
    r = grade(item, answer)
    if not r.graded:
        return f"{ICON_RIGHT} Saved"
    if r.correct:
        return CORRECT
    return PARTLY if r.partial else NOT_QUITE


def score_text(item: QuizItem, answer: Any) -> str:
    r = grade(item, answer)
    return f"Score: {fmt_score(r.score)} of {fmt_score(r.max_score)}"


# -- one helper per quiz type ----------------------------------------------------------------------------------


def choose_radio(group: Locator, index: int) -> None:
    radio = group.locator('input[type="radio"]').nth(index)
    radio.click()
    expect(radio).to_be_checked()


def set_single(quiz: Locator, item: QuizItem, answer: str) -> None:
    index = [o.key for o in item.options].index(answer)
    choose_radio(quiz.locator(".widget-radio"), index)


def set_multiple(quiz: Locator, item: QuizItem, answer: list[str]) -> None:
    boxes = quiz.locator('input[type="checkbox"]')
    expect(boxes).to_have_count(len(item.options))
    for i, o in enumerate(item.options):
        box = boxes.nth(i)
        if (o.key in answer) != box.is_checked():
            box.click()
        expect(box).to_be_checked(checked=o.key in answer)


def set_match(quiz: Locator, item: QuizItem, answer: dict[str, str]) -> None:
    selects = quiz.locator("select")
    expect(selects).to_have_count(len(item.options))
    assert set(answer.values()) <= set(match_labels(item))
    for i, o in enumerate(item.options):
        value = answer.get(o.key, "— choose —")
        selects.nth(i).select_option(value=value)
        expect(selects.nth(i)).to_have_value(value)


def _order_on_page(quiz: Locator, item: QuizItem) -> list[str]:
    """The option keys in the order the rows show them now."""
    by_text = {plain_text(o.html): o.key for o in item.options}
    rows = quiz.locator(".widget-vbox .widget-hbox .cb-quiz-html")
    out = []
    for text in rows.all_inner_texts():
        body = " ".join(re.sub(r"^\s*\d+\.\s*", "", text).split())
        out.append(by_text[body])
    return out


def set_order(quiz: Locator, item: QuizItem, answer: list[str]) -> None:
    """Bubble the rows into ``answer`` with Move up, waiting for each move to be drawn."""
    rows = quiz.locator(".widget-vbox .widget-hbox:has(.cb-quiz-html)")
    expect(rows).to_have_count(len(item.options))
    labels = rows.locator(".cb-quiz-html")
    text = {o.key: plain_text(o.html) for o in item.options}
    current = _order_on_page(quiz, item)
    for target_pos, key in enumerate(answer):
        pos = current.index(key)
        while pos > target_pos:
            button(rows.nth(pos), "Move up").click()
            current[pos - 1], current[pos] = current[pos], current[pos - 1]
            expect(labels.nth(pos - 1)).to_have_text(f"{pos}. {text[key]}", use_inner_text=True)
            pos -= 1
    # Every row, not only the one just moved: the row moved down is drawn by a later update from the kernel.
    for i, key in enumerate(answer):
        expect(labels.nth(i)).to_have_text(f"{i + 1}. {text[key]}", use_inner_text=True, timeout=KERNEL_TIMEOUT)
    assert _order_on_page(quiz, item) == answer


def set_citation(quiz: Locator, item: QuizItem, answer: dict[str, str | None]) -> None:
    groups = quiz.locator(".widget-radio")
    verdicts = list(verdict_labels())
    if answer.get("verdict"):
        choose_radio(groups.nth(0), verdicts.index(answer["verdict"]))
    if answer.get("article"):
        expect(groups.nth(1)).to_be_visible()  # the article question appears once a status is chosen
        choose_radio(groups.nth(1), [o.key for o in item.options].index(answer["article"]))


def play_scenario(quiz: Locator, item: QuizItem, path: list[list[str]], assessed: bool) -> None:
    """Make each choice of ``path`` in turn (Choose after each), waiting for the next step to appear."""
    step_box = quiz.locator(".cb-step")
    for step_id, key in path:
        step = scenario_step(item, step_id)
        assert step is not None
        expect(step_box).to_contain_text(snippet(step.html))
        choose_radio(quiz.locator(".widget-radio"), [o.key for o in step.options].index(key))
        press_check(quiz, item, assessed)
        nxt = scenario_step(item, next(o.goto for o in step.options if o.key == key) or "")
        assert nxt is not None
        expect(step_box).to_contain_text(snippet(nxt.html), timeout=KERNEL_TIMEOUT)


def set_reflection(quiz: Locator, text: str) -> None:
    area = quiz.locator("textarea")
    area.fill(text)
    expect(area).to_have_value(text)


def answer(quiz: Locator, item: QuizItem, value: Any, *, assessed: bool = False) -> None:
    """Enter ``value`` (a casebook answer, as :func:`casebook.grading.correct_answer` gives it) and press
    Check / Save / Save answer (a scenario presses Choose at every step)."""
    if item.type == "single":
        set_single(quiz, item, value)
    elif item.type == "multiple":
        set_multiple(quiz, item, value)
    elif item.type == "match":
        set_match(quiz, item, value)
    elif item.type == "order":
        set_order(quiz, item, value)
    elif item.type == "citation":
        set_citation(quiz, item, value)
    elif item.type == "scenario":
        play_scenario(quiz, item, value, assessed)
        return
    elif item.type == "reflection":
        set_reflection(quiz, value)
    else:
        raise AssertionError(f"no driver for quiz type {item.type!r}")
    press_check(quiz, item, assessed)


def try_again(quiz: Locator, item: QuizItem) -> None:
    """Press Try again and wait until the answer and its feedback are gone."""
    button(quiz, "Try again").click()
    expect(feedback(quiz)).to_have_text("", timeout=KERNEL_TIMEOUT)
    if item.type == "scenario":
        expect(quiz.locator(".cb-step")).to_contain_text(snippet(item.steps[0].html), timeout=KERNEL_TIMEOUT)
    elif item.type == "order":
        first = plain_text(item.options[0].html)
        expect(quiz.locator(".widget-vbox .widget-hbox .cb-quiz-html").first).to_have_text(
            f"1. {first}", use_inner_text=True, timeout=KERNEL_TIMEOUT
        )


def expect_feedback(quiz: Locator, item: QuizItem, value: Any) -> None:
    """The feedback region shows the verdict (icon and words) and the score for ``value``."""
    region = feedback(quiz)
    expect(region).to_contain_text(verdict_for(item, value), timeout=KERNEL_TIMEOUT)
    if item.graded:
        expect(region).to_contain_text(score_text(item, value))


def expect_held(quiz: Locator) -> None:
    expect(feedback(quiz)).to_contain_text(
        "Answer saved. Feedback will appear when you submit the section.", timeout=KERNEL_TIMEOUT
    )
    for icon in (ICON_RIGHT, ICON_WRONG, ICON_PARTIAL):
        expect(feedback(quiz)).not_to_contain_text(icon)


def cited_labels(item: QuizItem) -> list[str]:
    """Labels of the articles the right answer's feedback cites (the first is enough to look for)."""
    from casebook.registry import registry

    reg = registry()
    ids = [c.statute for o in item.correct_options for c in o.cites] or [c.statute for c in item.cites]
    return [reg.article(i).label() for i in ids[:1] if i in reg.articles]


__all__ = [
    "CORRECT",
    "NOT_QUITE",
    "PARTLY",
    "Notebook",
    "answer",
    "better_path",
    "button",
    "correct_answer",
    "expect_feedback",
    "expect_held",
    "feedback",
    "fmt_score",
    "grade",
    "notebooks",
    "open_notebook",
    "try_again",
    "wrong_answer",
]
