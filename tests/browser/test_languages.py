"""The workbook in 中文 and العربية, served by Voilà: ``?lang=`` in the URL sets the interface language, Arabic
pages run right to left (checked with the computed ``direction``), and Chinese pages show Chinese text."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from . import drive
from .servers import Server

pytestmark = pytest.mark.browser

LOAD_TIMEOUT = drive.LOAD_TIMEOUT
KERNEL_TIMEOUT = drive.KERNEL_TIMEOUT


def open_page(page: Page, voila: Server, path: str, lang: str) -> None:
    page.goto(f"{voila.url}voila/render/{path}?lang={lang}", timeout=LOAD_TIMEOUT)
    expect(page.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(page.locator(".cb-progress").first).to_be_visible(timeout=LOAD_TIMEOUT)  # drawn last


def direction(el: Locator) -> str:
    return str(el.evaluate("el => getComputedStyle(el).direction"))


def test_arabic_page_runs_right_to_left(page: Page, voila: Server, screenshots: Path) -> None:
    open_page(page, voila, "03-egypt-collection-threats.ipynb", "ar")
    header = page.locator(".cb-header").first
    expect(header).to_be_visible()
    assert direction(header) == "rtl"
    assert header.evaluate("el => el.closest('.cb-view').getAttribute('lang')") == "ar"
    expect(header.locator(".cb-notice")).to_contain_text("ليست استشارة قانونية.")

    facts = page.locator(".cb-section").first
    assert direction(facts) == "rtl"
    expect(facts.locator("h2")).to_have_text("الوقائع")
    expect(page.locator(".cb-section h2", has_text="السند القانوني")).to_have_count(1)

    quiz = page.locator(".cb-quiz").first
    assert direction(quiz) == "rtl"
    assert direction(page.locator(".cb-progress").first) == "rtl"
    assert direction(page.locator(".cb-page").first) == "rtl"

    # The button row is mirrored: Check (first in the row) is at the right, Show answer at the left.
    check = drive.button(quiz, "تحقَّق")
    show = drive.button(quiz, "اعرض الإجابة")
    expect(check).to_be_visible()
    cb, sb = check.bounding_box(), show.bounding_box()
    assert cb and sb and cb["x"] > sb["x"], (cb, sb)

    # Order rows: the step's text at the right, its Move up / Move down buttons at its left.
    order = page.locator(".cb-quiz").nth(1)
    row = order.locator(".widget-hbox:has(.cb-quiz-html)").first
    text_box = row.locator(".cb-quiz-html").bounding_box()
    up_box = drive.button(row, "إلى أعلى").bounding_box()
    assert text_box and up_box and text_box["x"] > up_box["x"], (text_box, up_box)

    # Answer the first question (choose all that apply) with one of its three right options: the feedback
    # says so in Arabic, with the dual form for the two options missed.
    quiz.scroll_into_view_if_needed()
    box = quiz.locator('input[type="checkbox"]').first
    box.click()
    expect(box).to_be_checked()
    check.click()
    fb = drive.feedback(quiz)
    expect(fb).to_contain_text("صحيحة جزئيًا", timeout=KERNEL_TIMEOUT)
    expect(fb).to_contain_text("الدرجة:")
    expect(fb).to_contain_text("فاتك خياران صحيحان.")
    assert direction(fb) == "rtl"
    assert "Not quite" not in fb.inner_text() and "Score" not in fb.inner_text()

    page.locator(".cb-header").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "lang-ar-top.png"), animations="disabled")
    quiz.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "lang-ar-quiz.png"), animations="disabled")
    order.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "lang-ar-order.png"), animations="disabled")
    for name, selector in (("timeline", ".cb-timeline"), ("progress", ".cb-progress"), ("sources", ".cb-header")):
        el = page.locator(selector).first
        el.scroll_into_view_if_needed()
        el.screenshot(path=str(screenshots / f"lang-ar-{name}.png"), animations="disabled")
    drive.full_page_screenshot(page, screenshots / "lang-ar-full.png")
    assert page.cb_errors == []  # type: ignore[attr-defined]


def test_chinese_page_shows_chinese_interface(page: Page, voila: Server, screenshots: Path) -> None:
    open_page(page, voila, "01-dealership-insider.ipynb", "zh-Hans")
    header = page.locator(".cb-header").first
    assert direction(header) == "ltr"
    assert header.evaluate("el => el.closest('.cb-view').getAttribute('lang')") == "zh-Hans"
    expect(header.locator(".cb-notice")).to_contain_text("不构成法律意见。")
    headings = page.locator(".cb-section h2")
    expect(headings.first).to_have_text("案情")
    for heading in ("时间线", "法律依据", "取证步骤", "救济途径与投诉渠道", "讨论"):
        expect(page.locator(".cb-section h2", has_text=heading)).to_have_count(1)
    quiz = page.locator(".cb-quiz").first
    assert direction(quiz) == "ltr"
    for caption in ("检查答案", "重新作答", "显示答案"):
        expect(drive.button(quiz, caption)).to_be_visible()
    expect(drive.button(page, "提交本节")).to_have_count(0)  # practice mode: no submit button
    expect(page.locator(".cb-progress").first).to_contain_text("已答")
    quiz.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "lang-zh-quiz.png"), animations="disabled")
    page.locator(".cb-header").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "lang-zh-top.png"), animations="disabled")
    assert page.cb_errors == []  # type: ignore[attr-defined]


# A piece of interface text each kind of page shows, looked up in the catalogs: the test reads what the
# interface should say in that language rather than hard-coding it.
PAGE_TEXT = {
    "00-start-here.ipynb": "Display name",
    "80-toolkit.ipynb": "Find personal data",
    "trainer/dashboard.ipynb": "Trainer key",
}


def _translated(msgid: str, lang: str) -> str:
    import gettext

    from widgets.i18n import DOMAIN, LOCALE_DIR

    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang.replace("-", "_")]).gettext(msgid)


@pytest.mark.parametrize("lang", ["zh-Hans", "ar"])
@pytest.mark.parametrize("nb", drive.notebooks(), ids=lambda n: n.path)
def test_every_notebook_works_in_each_language(page: Page, voila: Server, nb: drive.Notebook, lang: str) -> None:
    page.goto(f"{voila.url}{nb.url_path}?lang={lang}", timeout=LOAD_TIMEOUT)
    expect(page.locator("#rendered_cells")).to_be_visible(timeout=LOAD_TIMEOUT)
    msgid = PAGE_TEXT.get(nb.path, "Save answer" if nb.assessed else "Check")
    expect(page.locator("#rendered_cells")).to_contain_text(_translated(msgid, lang), timeout=LOAD_TIMEOUT)
    assert _translated(msgid, lang) != msgid, f"no {lang} translation of {msgid!r}"
    expect(page.locator(".cb-quiz")).to_have_count(len(nb.items), timeout=LOAD_TIMEOUT)
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    assert "Traceback" not in page.locator("#rendered_cells").inner_text()
    assert not page.cb_errors  # type: ignore[attr-defined]
    if lang == "ar":
        assert direction(page.locator(".cb-page").first) == "rtl"
        if nb.items:
            assert direction(page.locator(".cb-quiz").first) == "rtl"
