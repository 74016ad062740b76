"""A draft letter as HTML (a fragment for the notebook, or a whole page) and as a .docx file.

Every value is escaped in HTML; each cited article carries ``data-statute``. Arabic letters are
right-to-left: ``dir="rtl"`` in HTML, and bidi paragraphs, right-to-left runs and a right-to-left section
in .docx.
"""

from __future__ import annotations

import io
from html import escape
from typing import Any

from .complaint import Block, Letter

LETTER_CSS = (
    ".cb-letter{font-family:serif;line-height:1.5;max-width:42rem;border:1px solid #888;padding:1rem 1.5rem;"
    "background:#fff;color:#1b1b1b}.cb-letter h1{font-size:1.3rem}.cb-letter h2{font-size:1.05rem;margin:1rem 0 .3rem}"
    ".cb-letter .cb-draft{border:2px dashed #444;padding:.3rem .6rem;font-weight:bold}"
    ".cb-letter .cb-line{margin:.1rem 0}.cb-letter ul{margin:.2rem 0}"
)


def _blocks_html(blocks: tuple[Block, ...]) -> str:
    out: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            out.append(f"<ul>{''.join(items)}</ul>")
            items.clear()

    for b in blocks:
        text = escape(b.text)
        if b.kind == "law":
            items.append(f'<li class="cb-letter-law" data-statute="{escape(b.statute)}">{text}</li>')
            continue
        if b.kind == "item":
            items.append(f"<li>{text}</li>")
            continue
        flush()
        if b.kind == "title":
            out.append(f"<h1>{text}</h1>")
        elif b.kind == "heading":
            out.append(f"<h2>{text}</h2>")
        elif b.kind == "notice":
            out.append(f'<p class="cb-draft" role="note">{text}</p>')
        elif b.kind == "line":
            out.append(f'<p class="cb-line">{text}</p>')
        else:
            out.append(f"<p>{text}</p>")
    flush()
    return "".join(out)


def letter_html(letter: Letter, standalone: bool = False) -> str:
    """The letter as an ``<article>`` (``standalone=False``) or a self-contained HTML page."""
    attrs = f'lang="{escape(letter.lang)}" dir="{letter.dir}"'
    statutes = escape(" ".join(letter.statutes))
    body = f'<article class="cb-letter" {attrs} data-statutes="{statutes}">{_blocks_html(letter.blocks)}</article>'
    if not standalone:
        return body
    return (
        f'<!DOCTYPE html><html {attrs}><head><meta charset="utf-8"><title>{escape(letter.title)}</title>'
        f"<style>{LETTER_CSS}</style></head><body>{body}</body></html>"
    )


def _rtl(paragraph: Any) -> None:  # a python-docx Paragraph
    """Make a python-docx paragraph and its runs right-to-left."""
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    ppr.insert_element_before(
        bidi, "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:jc", "w:rPr"
    )
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        rpr.append(OxmlElement("w:rtl"))


def letter_docx(letter: Letter) -> bytes:
    """The letter as a .docx file (bytes). python-docx is imported here, when a letter is downloaded,
    not when the toolkit loads."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = letter.title
    doc.core_properties.language = letter.lang
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), "en-GB")
    lang_el.set(qn("w:eastAsia"), "zh-CN")
    lang_el.set(qn("w:bidi"), "ar-EG")
    normal.element.get_or_add_rPr().append(lang_el)
    rtl = letter.dir == "rtl"
    if rtl:
        sect = doc.sections[0]._sectPr
        later = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
        sect.insert_element_before(OxmlElement("w:bidi"), *later)
    for b in letter.blocks:
        if b.kind == "title":
            p = doc.add_heading(b.text, level=1)
        elif b.kind == "heading":
            p = doc.add_heading(b.text, level=2)
        elif b.kind in ("item", "law"):
            p = doc.add_paragraph(b.text, style="List Bullet")
        else:
            p = doc.add_paragraph(b.text)
            if b.kind == "notice":
                for run in p.runs:
                    run.bold = True
        if rtl:
            _rtl(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
