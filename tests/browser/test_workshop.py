"""A workshop in one browser: two trainees join on the start page and open the dealership case from
their links; the trainer opens the dashboard with the key. A trainee answers and the dashboard's count
changes; the trainer reveals an answer and the other trainee's page shows it; the trainer opens a
section and it unlocks on the trainee's page. No page is reloaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

import casebook
from casebook import workshop
from casebook.grading import correct_answer
from casebook.store import Store

from .drive import answer, button, feedback
from .servers import Server

pytestmark = pytest.mark.browser

LOAD = 120_000  # ms: a page executes its notebook first
LIVE = 5_000  # ms: the room polls every second; two seconds is the promise, five the test's margin


def _store(voila: Server) -> Store:
    return Store(Path(voila.log_path).parent / "voila-attempts.sqlite3")


def _trainee(browser: Browser, voila: Server, code: str, nickname: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    page.goto(voila.url + "voila/render/00-start-here.ipynb", timeout=LOAD)
    join = page.locator(".cb-join")
    expect(join).to_be_visible(timeout=LOAD)
    join.get_by_label("Workshop code").fill(code)
    join.get_by_label("Nickname (optional)").fill(nickname)
    join.get_by_label("Nickname (optional)").blur()
    button(join, "Join").click()
    expect(join).to_contain_text(f"You joined the workshop as {nickname}", timeout=LIVE)
    link = join.locator("a", has_text="The technician who left with the customer file")
    href = link.get_attribute("href")
    assert href and "learner=" not in href, "membership is the browser's: links carry no token"
    link.evaluate("a => a.removeAttribute('target')")
    link.click()
    expect(page.locator(".cb-banner-workshop")).to_contain_text(f"You are answering as {nickname}", timeout=LOAD)
    return page


def test_trainer_sees_the_room_reveals_and_paces(browser: Browser, voila: Server) -> None:
    store = _store(voila)
    ws, key = workshop.create(store, "Browser workshop")
    case = casebook.load("dealership-insider")
    item = case.sections["facts"].quizzes[0]
    lin = _trainee(browser, voila, ws.code, "Lin")
    amal = _trainee(browser, voila, ws.code, "Amal")

    trainer = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB").new_page()
    trainer.goto(voila.url + f"voila/render/trainer/dashboard.ipynb?workshop={ws.code}", timeout=LOAD)
    dash = trainer.locator(".cb-dashboard")
    expect(dash).to_be_visible(timeout=LOAD)
    dash.get_by_label("Trainer key").fill("not the key")
    button(dash, "Open dashboard").click()  # the field's value arrives as it loses focus, then the click
    expect(dash).to_contain_text("do not match", timeout=LIVE)
    dash.get_by_label("Trainer key").fill(key)
    dash.get_by_label("Trainer key").press("Enter")  # Enter opens it too
    panel = dash.locator(".cb-room-item").first
    expect(panel).to_contain_text("0 of 2 answered", timeout=LIVE)
    expect(dash).to_contain_text("Lin, Amal")

    # A trainee answers: the dashboard's count changes without a reload.
    quiz = lin.locator(".cb-quiz").first
    answer(quiz, item, correct_answer(item))
    expect(feedback(quiz)).to_contain_text("Correct", timeout=LIVE)
    expect(panel).to_contain_text("1 of 2 answered · facility 100%", timeout=LIVE)

    # The trainer reveals it: the other trainee's page shows the answer without a reload.
    other = amal.locator(".cb-quiz").first
    expect(feedback(other)).not_to_contain_text("The answer")
    button(dash, "Reveal answer").first.click()  # the first toggle belongs to the first question
    expect(feedback(other)).to_contain_text("The answer", timeout=LIVE)

    # Pacing: "What went wrong" is locked until the trainer opens it.
    locked = amal.get_by_text("Two things went wrong")
    expect(locked).to_be_hidden()
    expect(amal.locator(".cb-feedback", has_text="opens when your trainer is ready").first).to_be_visible()
    button(dash, "What went wrong").click()
    expect(locked).to_be_visible(timeout=LIVE)

    # The anonymous view hides the nicknames.
    dash.get_by_label("Anonymous view (for projecting)").check()
    expect(dash).not_to_contain_text("Lin, Amal", timeout=LIVE)
    for p in (lin, amal, trainer):
        assert not getattr(p, "cb_errors", [])
        p.context.close()
    store.close()
