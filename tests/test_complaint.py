"""The complaint builder: the basis is derived from the cases, only articles in force are cited, every letter
reads back from its .docx, Arabic is right to left, and the widget works without a browser."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import casebook
import widgets
from casebook import complaint as cp
from casebook.evidence import EvidenceLog
from casebook.letter_render import letter_docx, letter_html

REG = casebook.registry()
CHANNELS = sorted(REG.channels)


def docx_text(data: bytes) -> tuple[Document, str]:
    doc = Document(io.BytesIO(data))
    return doc, "\n".join(p.text for p in doc.paragraphs)


def test_situations_come_from_the_case_tags_without_teaching_tags() -> None:
    sits = cp.situations()
    tags = {t for c in casebook.cases() for t in c.tags}
    assert set(sits) <= tags
    assert "debt-collection" in sits and "dealership" in sits
    assert not {"cn", "eg", "eu", "survey", "citations", "gdpr-comparison"} & set(sits)
    for tag, case_ids in sits.items():
        assert all(tag in casebook.load(c).tags for c in case_ids)


@pytest.mark.parametrize("jur", ["CN", "EG"])
def test_the_derived_basis_is_current_in_force_and_cited_by_the_tagged_cases(jur: str) -> None:
    for tag in cp.situations():
        cited = set().union(*(cp.case_citations(c) for c in casebook.cases() if tag in c.tags))
        current = {REG.current(i).id for i in cited}
        for art in cp.derived_basis(tag, jur):
            assert art.in_force and art.law.jurisdiction == jur
            assert art.id in current


def test_a_renumbered_citation_is_followed_to_its_current_article() -> None:
    cited = set().union(*(cp.case_citations(c) for c in casebook.cases()))
    old = sorted(i for i in cited if REG.article(i).status == "renumbered")
    assert old, "the cases cite no renumbered article any more: pick another test"
    for sid in old:
        new = REG.current(sid)
        tags = [t for c in casebook.cases() if sid in cp.case_citations(c) for t in c.tags if t in cp.situations()]
        for tag in tags:
            basis = [a.id for a in cp.derived_basis(tag, new.law.jurisdiction)]
            assert sid not in basis
            assert new.id in basis or not new.in_force


def test_the_channel_basis_comes_first_and_unconfirmed_articles_are_dropped() -> None:
    arts = cp.basis("debt-collection", "EG", "eg.fra")
    assert arts[0].id == "eg.cfl.5"
    assert "eg.fra278-2025.0" not in [a.id for a in arts]  # unconfirmed in the registry
    with pytest.raises(ValueError, match="is in CN"):
        cp.basis("debt-collection", "EG", "cn.court")


@pytest.mark.parametrize("lang", cp.LETTER_LANGUAGES)
@pytest.mark.parametrize("channel_id", CHANNELS)
def test_every_letter_cites_only_articles_in_force_and_reads_back_from_docx(channel_id: str, lang: str) -> None:
    channel = REG.channels[channel_id]
    sits = list(cp.situations())
    for tag in sits:
        letter = cp.build(tag, channel.jurisdiction, channel_id, lang)
        assert letter.statutes == tuple(a.id for a in letter.articles)
        for sid in letter.statutes:
            assert REG.article(sid).in_force and REG.current(sid).id == sid
        html = letter_html(letter)
        assert re.findall(r'<li class="cb-letter-law" data-statute="([^"]+)"', html) == list(letter.statutes)
    own = [t for t in sits if any(channel.jurisdiction in casebook.load(c).jurisdictions for c in cp.situations()[t])]
    letter = cp.build(own[0], channel.jurisdiction, channel_id, lang, remedies=cp.REMEDIES, facts="One.\n\nTwo.")
    _doc, text = docx_text(letter_docx(letter))
    t = cp.template(lang)
    assert text.count(t["draft_notice"]) == 2
    for art in letter.articles:
        assert f"{art.label(lang)}: {art.gist.get(lang)}" in text
    for r in cp.REMEDIES:
        assert t["remedy"][r] in text
    assert "One." in text and "Two." in text
    assert channel.name.get(lang) in text
    page = letter_html(letter, standalone=True)
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}" dir="{letter.dir}">' in page
    assert "http" not in page and t["draft_notice"] in page


def test_arabic_letters_are_right_to_left_in_html_and_docx() -> None:
    ar = cp.build("debt-collection", "EG", "eg.public-prosecution", "ar")
    en = cp.build("debt-collection", "EG", "eg.public-prosecution", "en")
    assert ar.dir == "rtl" and 'dir="rtl"' in letter_html(ar) and 'dir="ltr"' in letter_html(en)
    doc, _ = docx_text(letter_docx(ar))
    for p in doc.paragraphs:
        assert p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None, p.text
        assert all(r._r.rPr.find(qn("w:rtl")) is not None for r in p.runs)
    assert doc.sections[0]._sectPr.find(qn("w:bidi")) is not None
    doc_en, _ = docx_text(letter_docx(en))
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in doc_en.paragraphs)


def test_placeholders_names_deadline_evidence_and_escaping(tmp_path: Path) -> None:
    log = EvidenceLog("l", tmp_path)
    item = log.add_text("chat", title="Chat <b>", holder="victim", proves="the threat")
    today = date(2026, 3, 1)
    blank = cp.build("dealership", "CN", "cn.samr-12315", today=today)
    assert blank.deadline == today + timedelta(days=15) == cp.default_deadline(today)
    text = blank.text()
    assert "[full name of the complainant]" in text and "[name of the advocate]" in text
    assert "Please reply in writing by 16 March 2026." in text
    assert cp.template("en")["evidence_empty"] in text and cp.template("en")["facts_empty"] in text
    full = cp.build(
        "dealership",
        "CN",
        "cn.samr-12315",
        "zh-Hans",
        facts="<script>alert(1)</script>",
        names={"complainant": "Ms. L", "respondent": "A dealership"},
        evidence=[item],
        remedies=["delete", "stop"],
        today=today,
        deadline=date(2026, 4, 2),
    )
    assert full.remedies == ("stop", "delete")
    text = full.text()
    assert "投诉人（个人信息被侵害的人）：Ms. L" in text and "请于2026年4月2日前书面答复。" in text
    assert item.sha256 in text and "E001 Chat <b>" in text
    html = letter_html(full)
    assert "<script>" not in html and "&lt;script&gt;" in html and "Chat &lt;b&gt;" in html
    with pytest.raises(ValueError, match="unknown remedies"):
        cp.build("dealership", "CN", "cn.samr-12315", remedies=["jail"])


def test_an_unconfirmed_channel_gets_a_warning() -> None:
    letter = cp.build("debt-collection", "EG", "eg.pdpc")
    assert cp.template("en")["channel_unconfirmed"] in letter.text()


def test_letter_templates_have_the_same_keys() -> None:
    keys = {lang: set(cp.template(lang)) for lang in cp.LETTER_LANGUAGES}
    assert keys["en"] == keys["zh-Hans"] == keys["ar"]
    for lang in cp.LETTER_LANGUAGES:
        assert set(cp.template(lang)["remedy"]) == set(cp.REMEDIES)


def test_widget_builds_a_letter_without_a_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_EVIDENCE", str(tmp_path))
    EvidenceLog("practice", tmp_path).add_text("chat 13812345678", title="Chat", proves="the calls")
    b = widgets.complaint_builder("practice")
    assert b.evidence_log.value == "practice"
    b.jurisdiction.value = "EG"
    assert {v for _, v in b.channel.options} == {c.id for c in cp.channels_for("EG")}
    b.jurisdiction.value = "CN"
    b.situation.value = "debt-collection"
    b.channel.value = "cn.court"
    assert set(b.articles.value) == {a.id for a in cp.basis("debt-collection", "CN", "cn.court")}
    b.articles.value = b.articles.value[:2]
    b.letter_language.value = "ar"
    b.articles.value = b.articles.value[:2]
    b.facts.value = "Calls every night."
    b.complainant.value = "Ms. W"
    b.remedies["compensate"].value = True
    b.deadline.value = date(2030, 1, 31)
    b.build_button.click()
    letter = b.letter
    assert letter is not None and len(letter.statutes) == 2 and letter.lang == "ar"
    assert 'dir="rtl"' in b.preview.value and "Ms. W" in b.preview.value and "Calls every night." in b.preview.value
    assert "E001 Chat" in b.preview.value
    assert cp.template("ar")["remedy"]["compensate"] in b.preview.value
    assert "2030" in b.preview.value
    assert "wordprocessingml" in b.downloads.value and "text/html" in b.downloads.value
    assert 'role="status"' in b.status.value and "2 articles in force" in b.status.value


def test_a_letter_about_an_older_act_cites_the_law_at_the_time_of_the_act() -> None:
    """Issue 15 item 8: a letter about a 2025 act must not cite the heavier PSAPL Art. 56 of 2026, nor today's
    numbers; it cites the Cybersecurity Law's Art. 44 as it stood, and says which day's law it is."""
    today = {a.id for a in cp.basis("dealership", "CN", "cn.police-110")}
    assert "cn.psapl.56" in today and "cn.csl.46" in today and "cn.csl-2017.44" not in today
    before = {a.id for a in cp.basis("dealership", "CN", "cn.police-110", on=date(2025, 8, 12))}
    assert "cn.psapl.56" not in before and "cn.csl.46" not in before
    assert {"cn.csl-2017.44", "cn.csl-2017.64"} <= before
    assert "cn.psapl-2012.42.i6" in before and "cn.psapl.50.i6" not in before
    for art in (REG.article(i) for i in before):
        assert art.applied_on("2025-08-12"), art.id
    letter = cp.build("dealership", "CN", "cn.police-110", "en", act_date=date(2025, 8, 12))
    assert "cn.psapl.56" not in letter.statutes and "cn.csl-2017.44" in letter.statutes
    assert "12 August 2025" in letter.text() and "in force at that time" in letter.text()
    for lang in cp.LETTER_LANGUAGES:
        text = cp.build("dealership", "CN", "cn.police-110", lang, act_date=date(2025, 8, 12)).text()
        assert "2025" in text
    now = cp.build("dealership", "CN", "cn.police-110", "en")
    assert now.act_date is None and "in force on the date of this letter" in now.text()


def test_the_law_on_a_day_follows_renumbering_and_repeal_both_ways() -> None:
    assert [a.id for a in REG.on("cn.civil.1165", "2019-05-01")] == ["cn.tort.6"]
    assert [a.id for a in REG.on("cn.tort.6", "2024-05-01")] == ["cn.civil.1165"]
    assert REG.on("cn.psapl.56", "2025-12-31") == ()
    assert [a.id for a in REG.on("cn.psapl.56", "2026-01-01")] == ["cn.psapl.56"]
    assert [a.id for a in REG.on("cn.pipl.69", "2021-10-31")] == []  # before the PIPL applied
    assert not any(a.applied_on("2017-01-01") for a in REG.lineage("eu.gdpr.82"))  # applies from 2018-05-25
    assert all(a.applied_on("2018-05-25") for a in REG.lineage("eu.gdpr.82"))


def test_the_widget_asks_for_the_date_of_the_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_EVIDENCE", str(tmp_path))
    b = widgets.complaint_builder()
    b.jurisdiction.value = "CN"
    b.situation.value = "dealership"
    b.channel.value = "cn.police-110"
    assert "cn.psapl.56" in b.articles.value
    b.build_button.click()
    assert "law in force today" in b.status.value
    b.act_date.value = date(2025, 8, 12)
    assert "cn.psapl.56" not in b.articles.value and "cn.csl-2017.44" in b.articles.value
    b.build_button.click()
    assert b.letter is not None and b.letter.act_date == date(2025, 8, 12)
    assert "cn.csl-2017.44" in b.letter.statutes and "law in force today" not in b.status.value
    assert "12 August 2025" in b.preview.value
