"""Case views: a section's text, the case header, the timeline and the data-flow picture.

Each ``*_html`` function returns an HTML string (every value taken from the case is escaped, or is
the model's already-safe HTML); the widget functions wrap it in an ``ipywidgets.HTML``. Pictures are
inline SVG with ``role="img"``, a ``<title>`` and ``<desc>``, and a text alternative (a list or a table).
"""

from __future__ import annotations

import itertools
import unicodedata
from html import escape

import ipywidgets as ipw

from casebook.model import Case, Party
from casebook.registry import registry
from casebook.text import direction

from . import i18n, session
from .i18n import _
from .style import style_once

_ids = itertools.count(1)


def _uid(case: Case, what: str) -> str:
    return f"cb-{what}-{case.id}-{next(_ids)}"


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: str, width: int) -> list[str]:
    """Greedy wrap to ``width`` units (wide CJK characters count 2): break at spaces, else anywhere."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line, used = "", 0
        for ch in para:
            w = _width(ch)
            if used + w > width and line:
                cut = line.rfind(" ")
                if cut > 0 and not ch.isspace():
                    lines.append(line[:cut])
                    line = line[cut + 1 :]
                else:
                    lines.append(line.rstrip())
                    line = ""
                used = sum(_width(c) for c in line)
                if ch.isspace():
                    continue
            line += ch
            used += w
        lines.append(line.rstrip())
    return [ln for ln in lines if ln] or [""]


def _text(
    x: float,
    y: float,
    lines: list[str],
    *,
    rtl: bool,
    width: float,
    bold: bool = False,
    anchor: str = "start",
    line_height: int = 17,
) -> str:
    """An SVG <text> of several lines; right-to-left text is mirrored into place. Its direction is set on the
    element: ``text-anchor="start"`` then means the right end of the line, whatever the page's direction."""
    if rtl:
        x = width - x
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if i == 0 else line_height}">{escape(ln)}</tspan>' for i, ln in enumerate(lines)
    )
    direction = "rtl" if rtl else "ltr"
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" direction="{direction}"{weight}>{spans}</text>'


def content_lang(case: Case, lang: str | None) -> str:
    """The language the case's text is shown in: ``lang`` when given; else the interface language when the
    case has a translation into it, else English."""
    if lang:
        return lang
    ui = i18n.language()
    return ui if ui in case.languages else "en"


def _wrap_view(inner: str, lang: str, cls: str = "cb-view") -> str:
    return f'{style_once()}<div class="{cls}" lang="{escape(lang)}" dir="{direction(lang)}">{inner}</div>'


def _ui(tag: str, inner_html: str, attrs: str = "") -> str:
    """An element of interface text, marked with the interface language (it may differ from the case's)."""
    lang = i18n.language()
    return f'<{tag}{attrs} lang="{escape(lang)}" dir="{direction(lang)}">{inner_html}</{tag}>'


def _html(value: str, lang: str) -> ipw.HTML:
    """An HTML widget; right to left (class ``cb-rtl``) when ``lang`` is written so."""
    return i18n.rtl(ipw.HTML(value), lang)


# -- section ---------------------------------------------------------------------------------------
def section_html(case: Case, key: str, lang: str | None = None) -> str:
    lang = content_lang(case, lang)
    try:
        section = case.sections[key]
    except KeyError:
        known = ", ".join(case.sections)
        raise KeyError(f"{case.id} has no section {key!r} (sections: {known})") from None
    hid = _uid(case, f"section-{key}")
    heading = _ui("h2", escape(_(section.heading)), f' id="{hid}"')
    inner = f'<section class="cb-section" aria-labelledby="{hid}">{heading}{section.html}</section>'
    return _wrap_view(inner, lang)


def show(case: Case, key: str, lang: str | None = None) -> ipw.Widget:
    """The section ``key`` (``facts``, ``timeline``, ``legal-basis`` ...) of ``case`` as safe HTML
    (in a workshop, hidden until the trainer opens the section)."""
    section_html(case, key, lang)  # an unknown section is an error at once, locked or not
    return session.current().gate(
        f"{case.id}/{key}", lambda: _html(section_html(case, key, lang), content_lang(case, lang))
    )


# -- header ----------------------------------------------------------------------------------------
def notice_html() -> str:
    msg = _(
        "This workbook is for training. It is not legal advice: laws change and every case differs. "
        "Check the current law and refer people to a lawyer or legal aid."
    )
    head = escape(_("Not legal advice."))
    return _ui("aside", f"<strong>{head}</strong> {escape(msg)}", ' class="cb-notice" role="note"')


def header_html(case: Case, lang: str | None = None) -> str:
    lang = content_lang(case, lang)
    seeds = registry().seeds
    sources = []
    for s in case.sources:
        seed = seeds.get(s.seed)
        kind = f" ({escape(seed.kind)})" if seed else ""
        sources.append(f"<li><bdi><code>{escape(s.seed)}</code>{kind}</bdi>: {escape(s.supports.get(lang))}</li>")
    reported = _("Reported: {place}, {date}").format(
        place=case.reported_place.get(lang), date=case.reported_date.get(lang)
    )
    sources_head = escape(_("Sources"))
    inner = (
        f'<header class="cb-header"><h1>{escape(case.title.get(lang))}</h1>'
        f'<p class="cb-summary">{escape(case.summary.get(lang))}</p>'
        f"{_ui('p', escape(reported))}"
        f'{_ui("p", f"<strong>{sources_head}</strong>")}<ul class="cb-sources">{"".join(sources)}</ul>'
        f"{notice_html()}</header>"
    )
    return _wrap_view(inner, lang)


def case_header(case: Case, lang: str | None = None) -> ipw.HTML:
    """Title, summary, where and when it was reported, the sources, and the not-legal-advice notice."""
    return _html(header_html(case, lang), content_lang(case, lang))


# -- timeline --------------------------------------------------------------------------------------
def timeline_html(case: Case, lang: str | None = None) -> str:
    lang = content_lang(case, lang)
    rtl = direction(lang) == "rtl"
    width = 640
    tid, did = _uid(case, "timeline-title"), _uid(case, "timeline-desc")
    title = _("Timeline of the case: {title}").format(title=case.title.get(lang))
    desc = "; ".join(f"{e.when.get(lang)}: {e.event.get(lang)}" for e in case.timeline)
    parts: list[str] = []
    y = 24
    first_y = y
    for e in case.timeline:
        when = wrap(e.when.get(lang), 70)
        event = wrap(e.event.get(lang), 76)
        cx = width - 24 if rtl else 24
        parts.append(f'<circle cx="{cx}" cy="{y - 5}" r="6" fill="#1b1b1b"/>')
        parts.append(_text(44, y, when, rtl=rtl, width=width, bold=True))
        parts.append(_text(44, y + 17 * len(when), event, rtl=rtl, width=width))
        y += 17 * (len(when) + len(event)) + 18
    height = y
    lx = width - 24 if rtl else 24
    line = f'<line x1="{lx}" y1="{first_y - 5}" x2="{lx}" y2="{max(first_y, y - 40)}" stroke="#555" stroke-width="2"/>'
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>'
        f"{line}{''.join(parts)}</svg>"
    )
    items = "".join(
        f"<li><strong>{escape(e.when.get(lang))}</strong>: {escape(e.event.get(lang))}</li>" for e in case.timeline
    )
    text_alt = (
        f'<details class="cb-text-alt"><summary>{escape(_("Timeline as a list"))}</summary>'
        f'<ol class="cb-timeline-list">{items}</ol></details>'
    )
    inner = f'<figure class="cb-figure cb-timeline">{svg}<figcaption>{escape(title)}</figcaption>{text_alt}</figure>'
    return _wrap_view(inner, lang)


def timeline(case: Case, lang: str | None = None) -> ipw.Widget:
    """The front-matter timeline drawn as a picture, with an ordered list as its text alternative."""
    return session.current().gate(
        f"{case.id}/timeline", lambda: _html(timeline_html(case, lang), content_lang(case, lang))
    )


# -- data flows ------------------------------------------------------------------------------------
def party_name(p: Party, lang: str | None = None) -> str:
    lang = lang or i18n.language()
    role = p.role.get(lang)
    return f"{p.pseudonym.get(lang)} ({role})" if p.pseudonym else role


def lawful_label(value: str) -> str:
    return {
        "yes": "✔ " + _("lawful"),
        "no": "✘ " + _("UNLAWFUL"),
        "disputed": "? " + _("disputed"),
        "unknown": "? " + _("lawfulness unknown"),
    }.get(value, value)


DASHES = {
    "yes": "",
    "no": ' stroke-dasharray="10 6"',
    "disputed": ' stroke-dasharray="3 5"',
    "unknown": ' stroke-dasharray="3 5"',
}


def _flow_data(case: Case, ids: tuple[str, ...], lang: str) -> str:
    labels = []
    for d in ids:
        try:
            labels.append(case.datum(d).label.get(lang))
        except StopIteration:
            labels.append(d)
    return ", ".join(labels)


def data_flow_html(case: Case, lang: str | None = None) -> str:
    lang = content_lang(case, lang)
    rtl = direction(lang) == "rtl"
    width = 660
    box_w, gap_l, gap_r = 180, 196, 464
    tid, did, mid = _uid(case, "flow-title"), _uid(case, "flow-desc"), _uid(case, "arrow")
    title = _("Who passed which personal data to whom: {title}").format(title=case.title.get(lang))
    names = {p.id: party_name(p, lang) for p in case.parties}
    rows_desc: list[str] = []
    parts: list[str] = []
    y = 10
    for f in case.data_flows:
        src, dst = names.get(f.source, f.source), names.get(f.target, f.target)
        data = _flow_data(case, f.data, lang)
        lawful = lawful_label(f.lawful)
        rows_desc.append(f"{src} → {dst}: {data} ({f.how.get(lang)}; {lawful})")
        src_l, dst_l = wrap(src, 22), wrap(dst, 22)
        data_l = wrap(data, 40)
        how_l = wrap(f.how.get(lang), 40)
        top_h = 17 * len(data_l) + 6
        row_h = max(17 * max(len(src_l), len(dst_l)) + 20, top_h + 17 * (len(how_l) + 1) + 24)
        mid_y = y + top_h + 8
        bx1, bx2 = (width - 10 - box_w, 10) if rtl else (10, width - 10 - box_w)
        ax1, ax2 = (width - gap_l, width - gap_r) if rtl else (gap_l, gap_r)
        box_y = mid_y - (17 * max(len(src_l), len(dst_l)) + 12) / 2
        box_h = 17 * max(len(src_l), len(dst_l)) + 12
        for bx, lines in ((bx1, src_l), (bx2, dst_l)):
            parts.append(
                f'<rect x="{bx}" y="{box_y:g}" width="{box_w}" height="{box_h}" rx="6" fill="#fff" '
                'stroke="#1b1b1b" stroke-width="1.5"/>'
            )
            tx = bx + box_w / 2
            parts.append(_text(tx if not rtl else width - tx, box_y + 18, lines, rtl=rtl, width=width, anchor="middle"))
        parts.append(
            f'<line x1="{ax1}" y1="{mid_y}" x2="{ax2}" y2="{mid_y}" stroke="#1b1b1b" stroke-width="2"'
            f'{DASHES.get(f.lawful, "")} marker-end="url(#{mid})"/>'
        )
        cx = (gap_l + gap_r) / 2
        parts.append(_text(cx, y + 14, data_l, rtl=rtl, width=width, anchor="middle"))
        parts.append(_text(cx, mid_y + 20, [lawful], rtl=rtl, width=width, anchor="middle", bold=True))
        parts.append(_text(cx, mid_y + 37, how_l, rtl=rtl, width=width, anchor="middle"))
        y += row_h + 14
    height = max(y, 40)
    if not case.data_flows:
        parts.append(_text(20, 24, [_("No data flows recorded.")], rtl=rtl, width=width))
    marker = (
        f'<defs><marker id="{mid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b"/></marker></defs>'
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape("; ".join(rows_desc))}</desc>'
        f"{marker}{''.join(parts)}</svg>"
    )
    head = "".join(
        f'<th scope="col">{escape(h)}</th>' for h in (_("From"), _("To"), _("Personal data"), _("How"), _("Lawful?"))
    )
    body = "".join(
        f"<tr><td>{escape(names.get(f.source, f.source))}</td><td>{escape(names.get(f.target, f.target))}</td>"
        f"<td>{escape(_flow_data(case, f.data, lang))}</td><td>{escape(f.how.get(lang))}</td>"
        f"<td>{escape(lawful_label(f.lawful))}</td></tr>"
        for f in case.data_flows
    )
    key = _("Solid line: lawful. Dashed line: unlawful. Dotted line: disputed or unknown.")
    table = (
        f'<details class="cb-text-alt"><summary>{escape(_("Data flows as a table"))}</summary>'
        f'<table class="cb-table"><caption>{escape(title)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></details>"
    )
    inner = (
        f'<figure class="cb-figure cb-data-flow">{svg}<figcaption>{escape(title)}. {escape(key)}</figcaption>'
        f"{table}</figure>"
    )
    return _wrap_view(inner, lang)


def data_flow(case: Case, lang: str | None = None) -> ipw.Widget:
    """Who passed which personal data to whom, as a picture (unlawful flows dashed and labelled) with a table."""
    return session.current().gate(
        f"{case.id}/what-went-wrong", lambda: _html(data_flow_html(case, lang), content_lang(case, lang))
    )
