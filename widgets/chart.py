"""Figures a source reports (``figures`` in the front matter) drawn as a horizontal bar chart.

Each bar carries its value as text, so nothing is told by length or colour alone; a table follows as
the text alternative, and the source's caveats are printed under the chart.
"""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from casebook.model import Case
from casebook.text import direction

from . import session
from .i18n import _, rtl
from .views import _text, _uid, _wrap_view, content_lang, wrap

WIDTH, BAR_X, BAR_MAX, BAR_H = 640, 24, 470, 22


def _fmt(value: float, unit: str) -> str:
    return f"{value:g}%" if unit == "%" else f"{value:g}"


def chart_html(case: Case, lang: str | None = None) -> str:
    lang = content_lang(case, lang)
    fig = case.figures
    if fig is None:
        return ""
    rtl = direction(lang) == "rtl"
    top = 100.0 if fig.unit == "%" else max(v for _l, v in fig.items) or 1.0
    tid, did = _uid(case, "chart-title"), _uid(case, "chart-desc")
    title = fig.title.get(lang)
    desc = "; ".join(f"{label.get(lang)}: {_fmt(v, fig.unit)}" for label, v in fig.items)
    parts: list[str] = []
    y = 22
    for label, value in fig.items:
        lines = wrap(label.get(lang), 80)
        parts.append(_text(BAR_X, y, lines, rtl=rtl, width=WIDTH))
        y += 17 * len(lines) - 10
        w = BAR_MAX * value / top
        x = WIDTH - BAR_X - w if rtl else BAR_X
        parts.append(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{BAR_H}" fill="#0b5394"/>')
        parts.append(_text(BAR_X + w + 8, y + 16, [_fmt(value, fig.unit)], rtl=rtl, width=WIDTH, bold=True))
        y += BAR_H + 30
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{tid} {did}" '
        f'viewBox="0 0 {WIDTH} {y}" width="{WIDTH}" height="{y}">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>{"".join(parts)}</svg>'
    )
    rows = "".join(
        f"<tr><th scope='row'>{escape(label.get(lang))}</th><td>{escape(_fmt(v, fig.unit))}</td></tr>"
        for label, v in fig.items
    )
    table = (
        f'<details class="cb-text-alt"><summary>{escape(_("Figures as a table"))}</summary>'
        f"<table><tbody>{rows}</tbody></table></details>"
    )
    note = f'<p class="cb-chart-note">{escape(fig.note.get(lang))}</p>' if fig.note else ""
    source = escape(_("Source: {seed}").format(seed=fig.seed))
    inner = (
        f'<figure class="cb-figure cb-chart">{svg}<figcaption>{escape(title)}. {source}</figcaption>'
        f"{note}{table}</figure>"
    )
    return _wrap_view(inner, lang)


def chart(case: Case, lang: str | None = None) -> ipw.Widget:
    """The case's reported figures as a bar chart (empty when the case has none)."""
    return session.current().gate(
        f"{case.id}/facts", lambda: rtl(ipw.HTML(chart_html(case, lang)), content_lang(case, lang))
    )
