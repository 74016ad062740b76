"""The toolkit page in Voilà: paste a text with a phone number, see it marked; build a letter, see it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import casebook
from casebook import complaint as cp

from .servers import Server

REG = casebook.registry()

pytestmark = pytest.mark.browser

LOAD_TIMEOUT = 120_000  # ms: the page executes the notebook first
KERNEL_TIMEOUT = 20_000  # ms: one click and the kernel's answer


def test_toolkit_redacts_a_phone_number_and_builds_a_letter(page: Page, voila: Server) -> None:
    page.goto(voila.url + "voila/render/80-toolkit.ipynb", timeout=LOAD_TIMEOUT)
    evidence = page.locator(".cb-evidence")
    expect(evidence).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(page.locator(".cb-complaint")).to_be_visible(timeout=LOAD_TIMEOUT)

    area = evidence.get_by_label("Text to check")
    area.fill("The collector called from 138 1234 5678 and wrote to me.")
    area.blur()  # the value reaches the kernel when the area loses focus
    evidence.get_by_role("button", name="Find personal data").click()
    mark = evidence.locator('mark[data-kind="phone"]')
    expect(mark).to_be_visible(timeout=KERNEL_TIMEOUT)
    expect(mark).to_contain_text("[phone number]")
    expect(mark).to_contain_text("138 1234 5678")
    expect(evidence.get_by_label("Redacted copy")).to_have_value(
        "The collector called from [PHONE 1] and wrote to me.", timeout=KERNEL_TIMEOUT
    )

    builder = page.locator(".cb-complaint")
    builder.get_by_role("button", name="Build the letter").click()
    letter = builder.locator("article.cb-letter")
    expect(letter).to_be_visible(timeout=KERNEL_TIMEOUT)
    expect(letter.locator(".cb-draft").first).to_contain_text("not legal advice")
    expect(letter.locator("li[data-statute]").first).to_be_visible()
    expect(builder.locator('a[download$=".docx"]')).to_be_visible()
    expect(builder.locator(".cb-feedback[role=status]")).to_contain_text("Draft ready")
    assert not page.cb_errors  # type: ignore[attr-defined]


def test_a_15_mb_file_reaches_the_evidence_log(page: Page, voila: Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 14, item 6: Voilà's transport dropped messages over 10 MiB, so a 15 MB file vanished without a
    word; the workbook's server now carries files up to the log's own limit."""
    big = tmp_path / "call-recording.bin"
    big.write_bytes(bytes(range(256)) * (15 * 2**20 // 256))
    page.goto(voila.url + "voila/render/80-toolkit.ipynb", timeout=LOAD_TIMEOUT)
    evidence = page.locator(".cb-evidence")
    expect(evidence).to_be_visible(timeout=LOAD_TIMEOUT)
    with page.expect_file_chooser() as chooser:
        evidence.get_by_role("button", name="Choose file").first.click()
    chooser.value.set_files(str(big))
    expect(evidence.get_by_role("button", name="Choose file (1)")).to_be_visible(timeout=60_000)
    evidence.get_by_label("Title").fill("Call recording")
    evidence.get_by_label("Title").blur()
    evidence.get_by_role("button", name="Add to the log").click()
    expect(evidence).to_contain_text("E001", timeout=60_000)
    expect(evidence).to_contain_text("Call recording")


def test_a_letter_about_a_2025_act_cites_the_law_of_2025(page: Page, voila: Server) -> None:
    """Issue 15, item 8: given the date of the events, the letter cites the law in force that day (the
    Cybersecurity Law's Art. 44 for a 2025 act), not the heavier PSAPL Art. 56 of 2026."""
    page.goto(voila.url + "voila/render/80-toolkit.ipynb", timeout=LOAD_TIMEOUT)
    builder = page.locator(".cb-complaint")
    expect(builder).to_be_visible(timeout=LOAD_TIMEOUT)
    # ipywidgets' <select> options carry the labels; the labels come from the registry.
    builder.get_by_label("Situation").select_option(label=cp.situation_label("dealership", "en"))
    builder.get_by_label("Jurisdiction").select_option(label="China (mainland)")
    builder.get_by_label("Send to").select_option(label=REG.channels["cn.police-110"].name.get("en"))
    articles = builder.get_by_label("Articles to cite")
    new, old = REG.article("cn.psapl.56").label("en"), REG.article("cn.csl-2017.44").label("en")
    expect(articles.locator("option", has_text=new)).to_be_attached(timeout=KERNEL_TIMEOUT)
    date = builder.get_by_label("Date of the events")
    date.fill("2025-08-12")
    date.blur()
    expect(articles.locator("option", has_text=old)).to_be_attached(timeout=KERNEL_TIMEOUT)
    expect(articles.locator("option", has_text=new)).to_have_count(0)
    builder.get_by_role("button", name="Build the letter").click()
    letter = builder.locator("article.cb-letter")
    expect(letter).to_contain_text("12 August 2025", timeout=KERNEL_TIMEOUT)
    expect(letter.locator('li[data-statute="cn.csl-2017.44"]')).to_be_visible()
    expect(letter.locator('li[data-statute="cn.psapl.56"]')).to_have_count(0)
    assert not page.cb_errors  # type: ignore[attr-defined]
