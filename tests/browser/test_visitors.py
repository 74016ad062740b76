"""Several people, one server, as a workshop room uses it: browser contexts are separate people.

- Two solo visitors: A names herself and picks Arabic; B, a fresh browser on the same server, is anonymous,
  in English, and sees none of A's progress; A's evidence item is not in B's evidence log.
- A trainee in a workshop: after joining on the start page she follows the header link to the landing page
  and opens a case from there: the page is still in the workshop (banner, locked section), her answer counts.
- The trainer, in the anonymous view: an answer after *Close answers* and after *Reveal answer* does not
  change the room's statistics; the anonymous view survives a reload.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

import casebook
from casebook import workshop
from casebook.grading import correct_answer, wrong_answer
from casebook.store import Store

from .drive import answer, button, feedback, try_again
from .servers import Server

pytestmark = pytest.mark.browser

LOAD = 120_000  # ms: a page executes its notebook first
LIVE = 5_000  # ms: the room polls every second


def _person(browser: Browser, width: int = 1280) -> Page:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    ctx.set_default_timeout(30_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.cb_errors = errors  # type: ignore[attr-defined]
    return page


def _open(page: Page, voila: Server, path: str, ready: str) -> None:
    page.goto(voila.url + "voila/render/" + path, timeout=LOAD)
    expect(page.locator(ready).first).to_be_visible(timeout=LOAD)


def _add_text_evidence(page: Page, title: str) -> None:
    log = page.locator(".cb-evidence")
    log.get_by_text("Pasted text", exact=True).click()
    log.get_by_label("Text or note").fill(f"{title}: made-up practice text")
    log.get_by_label("Title").fill(title)
    log.get_by_label("Title").blur()
    button(log, "Add to the log").click()
    expect(log).to_contain_text("E001", timeout=LIVE)


def test_two_solo_visitors_and_a_workshop_trainee_are_three_people(browser: Browser, voila: Server) -> None:
    store = Store(Path(voila.log_path).parent / "voila-attempts.sqlite3")
    ws, key = workshop.create(store, "Visitors")
    case = casebook.load("dealership-insider")
    item = case.sections["facts"].quizzes[0]
    a, b, c, trainer = _person(browser), _person(browser, 390), _person(browser), _person(browser)
    try:
        # A: a name and Arabic, on her own browser.
        _open(a, voila, "00-start-here.ipynb", ".cb-identity")
        ident = a.locator(".cb-identity")
        ident.get_by_label("Display name").fill("Lina")
        ident.get_by_label("Display name").press("Enter")
        expect(ident).to_contain_text("You are answering as: Lina", timeout=LIVE)
        a.locator(".cb-language select").select_option(label="العربية")
        # The kernel has saved the choice once its answer is on the page (the select shows it at once).
        expect(a.locator(".cb-language [lang=ar][dir=rtl]")).to_be_attached(timeout=LIVE)
        _open(a, voila, "01-dealership-insider.ipynb", ".cb-quiz")
        expect(a.locator(".cb-page[dir=rtl]").first).to_be_attached()  # her choice follows her
        _open(a, voila, "01-dealership-insider.ipynb?lang=en", ".cb-quiz")  # English, to drive it by its labels
        quiz = a.locator(".cb-quiz").first
        answer(quiz, item, correct_answer(item))
        expect(feedback(quiz)).to_contain_text("Correct", timeout=LIVE)

        # B, a fresh browser on the same server (a phone, 390 px): anonymous, English, nothing of A's.
        _open(b, voila, "00-start-here.ipynb", ".cb-identity")
        status = b.locator(".cb-identity .cb-verdict")
        expect(status).to_contain_text("anonymously, as anon-", timeout=LIVE)
        expect(status).not_to_contain_text("Lina")
        expect(b.locator(".cb-page[dir=rtl]")).to_have_count(0)
        _open(b, voila, "01-dealership-insider.ipynb", ".cb-quiz")
        expect(b.locator(".cb-progress-text").first).to_contain_text("0 of", timeout=LIVE)
        expect(b.locator(".cb-banner-workshop")).to_have_count(0)
        expect(feedback(b.locator(".cb-quiz").first)).not_to_contain_text("Correct")
        b.screenshot(path=str(Path(voila.log_path).parent / "visitor-b-390.png"), full_page=False)

        # Evidence: A's item is not in B's log.
        _open(a, voila, "80-toolkit.ipynb?lang=en", ".cb-evidence")
        _add_text_evidence(a, "Threat chat")
        _open(b, voila, "80-toolkit.ipynb", ".cb-evidence")
        expect(b.locator(".cb-evidence")).not_to_contain_text("Threat chat")
        expect(b.locator(".cb-evidence")).not_to_contain_text("E001")

        # C joins the workshop, then leaves the page by the header link and opens the case from the list.
        _open(c, voila, "00-start-here.ipynb", ".cb-join")
        join = c.locator(".cb-join")
        join.get_by_label("Workshop code").fill(ws.code)
        join.get_by_label("Nickname (optional)").fill("Amal")
        join.get_by_label("Nickname (optional)").blur()
        button(join, "Join").click()
        expect(join).to_contain_text("You joined the workshop as Amal", timeout=LIVE)
        expect(join).to_contain_text("resume code")
        c.locator("a.cb-home").first.click()
        c.locator("a", has_text="The technician who left with the customer file").first.click()
        expect(c.locator(".cb-banner-workshop")).to_contain_text("You are answering as Amal", timeout=LOAD)
        expect(c.locator(".cb-feedback", has_text="opens when your trainer is ready").first).to_be_visible()
        assert "workshop=" not in c.url and "learner=" not in c.url

        # The trainer, anonymous view: C's first answer counts; after close and reveal nothing changes.
        _open(trainer, voila, f"trainer/dashboard.ipynb?workshop={ws.code}", ".cb-dashboard")
        dash = trainer.locator(".cb-dashboard")
        dash.get_by_label("Trainer key").fill(key)
        dash.get_by_label("Trainer key").press("Enter")
        dash.get_by_label("Anonymous view (for projecting)").check()
        panel = dash.locator(".cb-room-item").first
        expect(dash).to_contain_text("1 trainee joined.", timeout=LIVE)
        expect(dash).not_to_contain_text("Amal")
        cq = c.locator(".cb-quiz").first
        answer(cq, item, wrong_answer(item))
        expect(panel).to_contain_text("1 of 1 answered · facility 0%", timeout=LIVE)
        button(dash, "Close answers").first.click()
        expect(panel).to_contain_text("Answers closed", timeout=LIVE)
        try_again(cq, item)
        answer(cq, item, correct_answer(item))
        expect(feedback(cq)).to_contain_text("does not count for the room", timeout=LIVE)
        button(dash, "Reveal answer").first.click()
        expect(panel).to_contain_text("Answer revealed", timeout=LIVE)
        expect(feedback(cq)).to_contain_text("The answer", timeout=LIVE)
        expect(panel).to_contain_text("facility 0%")

        trainer.reload()
        expect(dash).to_be_visible(timeout=LOAD)
        dash.get_by_label("Trainer key").fill(key)
        dash.get_by_label("Trainer key").press("Enter")
        expect(dash.get_by_label("Anonymous view (for projecting)")).to_be_checked(timeout=LIVE)
        expect(dash).not_to_contain_text("Amal")
        expect(dash.locator(".cb-room-item").first).to_contain_text("facility 0%", timeout=LIVE)

        # The solo visitors are in no workshop; their answers are not in the room.
        assert [m.nickname for m in workshop.members(store, ws.code)] == ["Amal"]
        for p in (a, b, c, trainer):
            assert not p.cb_errors, p.cb_errors  # type: ignore[attr-defined]
    finally:
        for p in (a, b, c, trainer):
            p.context.close()
        store.close()
