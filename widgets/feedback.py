"""Feedback HTML: built from the model's already-safe HTML; anything else interpolated is escaped.

Every feedback area is a ``<div role="status" aria-live="polite">``; right and wrong are told with
words and an icon, never colour alone; each cited article shows its label, gist and status.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

from casebook.grading import OptionFeedback, Result
from casebook.model import Cite
from casebook.registry import Registry, registry

from .i18n import _, language

ICON_RIGHT = "✔"
ICON_WRONG = "✘"
ICON_PARTIAL = "◑"
ICON_INFO = "ℹ"


def unwrap(html: str) -> str:
    """Feedback fields render as ``<dd>...</dd>`` (a field-list body): keep what is inside."""
    s = html.strip()
    if s.startswith("<dd>") and s.endswith("</dd>"):
        s = s[4:-5].strip()
    return s


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of a safe HTML fragment (for control labels, which ipywidgets shows as text)."""
    p = _Text()
    p.feed(html)
    p.close()
    return " ".join("".join(p.parts).split())


def icon(symbol: str) -> str:
    return f'<span class="cb-icon" aria-hidden="true">{symbol}</span>'


def tag(right: bool, yes: str | None = None, no: str | None = None) -> str:
    """``✔ Right`` / ``✘ Wrong`` (words and icon)."""
    if right:
        return f'<span class="cb-right">{icon(ICON_RIGHT)} {escape(yes or _("Right"))}</span>'
    return f'<span class="cb-wrong">{icon(ICON_WRONG)} {escape(no or _("Wrong"))}</span>'


def status_box(inner: str, extra_class: str = "") -> str:
    cls = f"cb-feedback {extra_class}".strip()
    return f'<div class="{cls}" role="status" aria-live="polite">{inner}</div>'


def fmt_score(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def verdict_line(result: Result) -> str:
    if not result.graded:
        return f'<p class="cb-verdict cb-right">{icon(ICON_RIGHT)} {escape(_("Saved"))}</p>'
    if not result.answered:
        return f'<p class="cb-verdict">{icon(ICON_INFO)} {escape(_("Choose an answer first."))}</p>'
    if result.correct:
        head = f'<span class="cb-right">{icon(ICON_RIGHT)} {escape(_("Correct"))}</span>'
    elif result.partial:
        head = f'<span class="cb-partial">{icon(ICON_PARTIAL)} {escape(_("Partly right"))}</span>'
    else:
        head = f'<span class="cb-wrong">{icon(ICON_WRONG)} {escape(_("Not quite"))}</span>'
    score = escape(_("Score: {score} of {max}").format(score=fmt_score(result.score), max=fmt_score(result.max_score)))
    return f'<p class="cb-verdict">{head} <span class="cb-score">{score}</span></p>'


def article_status(statute: str, reg: Registry | None = None, lang: str | None = None) -> str:
    """``in force``, or the registry's note for a renumbered or repealed article."""
    reg = reg or registry()
    art = reg.article(statute)
    if art.status == "in_force":
        return _("in force")
    if art.status == "renumbered":
        return reg.status_note(statute, lang or language())
    if art.status == "repealed":
        return reg.status_note(statute, lang or language())
    return _("status unconfirmed")


def laws_html(cites: Iterable[Cite], reg: Registry | None = None, lang: str | None = None) -> str:
    """A list of the cited articles: label, gist and status."""
    reg = reg or registry()
    lang = lang or language()
    items: list[str] = []
    seen: set[str] = set()
    for c in cites:
        if c.statute in seen:
            continue
        seen.add(c.statute)
        art = reg.articles.get(c.statute)
        if art is None:
            items.append(f"<li><code>{escape(c.statute)}</code></li>")
            continue
        status = article_status(c.statute, reg, lang)
        items.append(
            f'<li class="cb-law" data-statute="{escape(art.id)}"><cite>{escape(art.label(lang))}</cite>: '
            f'{escape(art.gist.get(lang))} <span class="cb-status">({escape(status)})</span></li>'
        )
    if not items:
        return ""
    return f'<ul class="cb-laws" aria-label="{escape(_("The law"))}">{"".join(items)}</ul>'


def option_line(f: OptionFeedback, right_word: str, wrong_word: str, reg: Registry | None = None) -> str:
    """One chosen option with a right/wrong tag, its feedback and the law it cites."""
    return (
        f"<li>{tag(f.right, right_word, wrong_word)}: <span class='cb-choice'>{f.text_html}</span>"
        f'<div class="cb-option-feedback">{unwrap(f.feedback_html)}</div>{laws_html(f.cites, reg)}</li>'
    )


def held_html() -> str:
    """What assessed mode shows after Check until the section is submitted."""
    msg = _("Answer saved. Feedback will appear when you submit the section.")
    return status_box(f'<p class="cb-verdict">{icon(ICON_INFO)} {escape(msg)}</p>')


def message_html(msg: str) -> str:
    return status_box(f'<p class="cb-verdict">{icon(ICON_INFO)} {escape(msg)}</p>')
