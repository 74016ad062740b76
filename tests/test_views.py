"""Case views: section text, header, timeline and data-flow pictures, their text alternatives, escaping."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

import ipywidgets as ipw
import pytest

import widgets
import widgets.style as style_mod
from casebook.model import Case, Event, Flow, Party
from casebook.text import Text
from widgets.views import data_flow_html, header_html, section_html, timeline_html, wrap

EVIL = "<script>alert(1)</script><img src=x onerror=alert(1)>"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    t = Tags()
    t.feed(html)
    t.close()
    return t


def test_show_section_with_lang_and_excerpt(case: Case) -> None:
    w = widgets.show(case, "facts")
    assert isinstance(w, ipw.HTML)
    t = parse(w.value)
    view = next(a for tag, a in t.tags if tag == "div" and "cb-view" in (a.get("class") or ""))
    assert view["lang"] == "en" and view["dir"] == "ltr"
    quote = next(a for tag, a in t.tags if tag == "blockquote")
    assert quote["lang"] == "zh-Hans" and quote["dir"] == "ltr"
    assert "Facts" in t.text and any("市民王先生" in x for x in t.text)
    assert 'class="cb-excerpt"' in w.value
    assert parse(section_html(case, "facts", "ar")).tags[0][1]["dir"] in ("rtl", None)
    with pytest.raises(KeyError, match="no section"):
        widgets.show(case, "nowhere")


def test_style_is_injected_once() -> None:
    style_mod.reset()
    first = style_mod.style_once()
    assert first.startswith("<style>") and ".cb-feedback" in first
    assert style_mod.style_once() == ""
    assert widgets.css().value.startswith("<style>")


def test_case_header(case: Case) -> None:
    html = widgets.case_header(case).value
    t = parse(html)
    assert ("h1", {}) in t.tags and "Widget demo: the technician who kept the customer list" in t.text
    assert "000_836e0499389bad4a.txt" in html and "news report" in html
    assert 'role="note"' in html and "Not legal advice." in html
    assert "Reported: Guilin, 2024" in html
    assert "演示" in header_html(case, "zh-Hans")


def test_timeline_picture_with_text_alternative(case: Case) -> None:
    html = widgets.timeline(case).value
    t = parse(html)
    svg = next(a for tag, a in t.tags if tag == "svg")
    assert svg["role"] == "img"
    labelled = (svg["aria-labelledby"] or "").split()
    ids = {a.get("id") for tag, a in t.tags if tag in ("title", "desc")}
    assert set(labelled) == ids and len(ids) == 2
    assert sum(1 for tag, _a in t.tags if tag == "circle") == len(case.timeline)
    assert '<ol class="cb-timeline-list">' in html
    assert sum(1 for tag, _a in t.tags if tag == "li") == len(case.timeline)
    assert "The technician adds the customer on WeChat and offers cheap servicing." in html
    assert html.count("<title") == 1
    # ids are unique per drawing, so two timelines in one page do not clash
    assert parse(timeline_html(case)).tags != t.tags


def test_data_flow_marks_unlawful_with_dash_and_words(case: Case) -> None:
    html = widgets.data_flow(case).value
    t = parse(html)
    lines = [a for tag, a in t.tags if tag == "line"]
    assert len(lines) == len(case.data_flows) == 2
    lawful, unlawful = lines
    assert "stroke-dasharray" not in lawful and unlawful["stroke-dasharray"]
    assert "✘ UNLAWFUL" in html and "✔ lawful" in html and "Dashed line: unlawful." in html
    table_cells = [x for x in t.text if x.strip()]
    assert "Mr Wang (Customer)" in table_cells and "Former technician" in table_cells
    assert "Phone number / WeChat contact, Servicing history" in table_cells
    assert any(tag == "th" and a.get("scope") == "col" for tag, a in t.tags)
    assert any(tag == "caption" for tag, _a in t.tags)
    svg = next(a for tag, a in t.tags if tag == "svg")
    assert svg["role"] == "img" and svg["aria-labelledby"]


def test_rtl_drawing_is_mirrored(case: Case) -> None:
    html = data_flow_html(case, "ar")
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    drawn = timeline_html(case, "ar")
    assert 'text-anchor="start" direction="rtl"' in drawn and 'direction="ltr"' not in drawn
    assert 'text-anchor="start" direction="ltr"' in timeline_html(case, "en")


def test_views_escape_front_matter(case: Case) -> None:
    evil = Text.of(EVIL)
    bad = replace(
        case,
        title=evil,
        summary=evil,
        parties=(*case.parties, Party("mallory", evil, "person", evil)),
        data_flows=(*case.data_flows, Flow("mallory", "customer", ("phone",), evil, "no")),
        timeline=(Event(evil, evil),),
    )
    for html in (header_html(bad), timeline_html(bad), data_flow_html(bad)):
        tags = {tag for tag, _a in parse(html).tags}
        assert "script" not in tags and "img" not in tags
        assert "&lt;script&gt;" in html


def test_wrap_counts_wide_characters() -> None:
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("个人信息保护法第十条", 8) == ["个人信息", "保护法第", "十条"]
    assert wrap("", 10) == [""]
