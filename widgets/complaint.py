"""The complaint-builder widget: choose a situation, a jurisdiction and a channel; get a draft letter.

The letter is built by :func:`casebook.complaint.build` (articles in force only, from the registry) and
rendered by :mod:`casebook.letter_render`. The preview is shown here; the .docx and .html are offered as
download links made in the kernel, and nothing is stored or sent.
"""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from casebook import complaint as cp
from casebook.evidence import EvidenceError, EvidenceLog, logs
from casebook.letter_render import LETTER_CSS, letter_docx, letter_html
from casebook.text import LANGUAGES

from . import feedback as fb
from .downloads import download_link
from .fields import STYLE, field_layout
from .fields import text_field as _text
from .i18n import _, language, ngettext, rtl

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def jurisdiction_names() -> dict[str, str]:
    return {"CN": _("China (mainland)"), "EG": _("Egypt"), "EU": _("European Union")}


def remedy_names() -> dict[str, str]:
    return {
        "stop": _("Stop the processing"),
        "delete": _("Delete the data"),
        "apologise": _("Apologise"),
        "compensate": _("Pay compensation"),
        "investigate": _("Investigate"),
    }


class ComplaintBuilder(ipw.VBox):
    """Controls are attributes (``situation``, ``jurisdiction``, ``channel``, ``letter_language``, ``act_date``,
    ``facts``, ``remedies``, ``deadline``, ``build_button``...) so that tests and the self-test can drive them."""

    def __init__(self, evidence_log: str = "") -> None:
        lang = language()
        self._letter: cp.Letter | None = None
        self.situation = ipw.Dropdown(
            options=[(cp.situation_label(t, lang), t) for t in cp.situations()],
            description=_("Situation"),
            tooltip=_("What happened to the victim (from the cases' tags)"),
            style=STYLE,
            layout=field_layout(),
        )
        names = jurisdiction_names()
        self.jurisdiction = ipw.Dropdown(
            options=[(names.get(j, j), j) for j in cp.jurisdictions()],
            description=_("Jurisdiction"),
            tooltip=_("Where the complaint is made"),
            style=STYLE,
            layout=field_layout(),
        )
        self.channel = ipw.Dropdown(
            description=_("Send to"),
            tooltip=_("The body that receives the complaint"),
            style=STYLE,
            layout=field_layout(),
        )
        self.letter_language = ipw.Dropdown(
            options=[(LANGUAGES[code], code) for code in cp.LETTER_LANGUAGES],
            value="en",
            description=_("Letter language"),
            tooltip=_("The language of the letter (Arabic is written right to left)"),
            style=STYLE,
            layout=field_layout(),
        )
        self.act_date = ipw.DatePicker(
            value=None,
            description=_("Date of the events"),
            tooltip=_("When the act complained of happened: the letter cites the law in force on that day"),
            style=STYLE,
        )
        self.articles = ipw.SelectMultiple(
            description=_("Articles to cite"),
            tooltip=_(
                "The law on the date of the events (today's if none is given); hold Ctrl or Shift to choose several"
            ),
            style=STYLE,
            layout=ipw.Layout(width="auto", max_width="40rem", height="10rem"),
        )
        self.complainant = _text(_("Complainant"), _("Leave blank for a placeholder"), _("[full name]"))
        self.respondent = _text(_("Respondent"), _("The business or person complained about"), _("[name and address]"))
        self.advocate = _text(_("Advocate"), _("Your name"), _("[name of the advocate]"))
        self.organisation = _text(_("Organisation"), _("Your consumer association, clinic or NGO"), _("[organisation]"))
        self.reply_to = _text(_("Reply to"), _("Where the reply should go"), _("[address, phone or e-mail]"))
        self.facts = ipw.Textarea(
            description=_("What happened"),
            tooltip=_("The facts in date order; leave a blank line between paragraphs"),
            placeholder=_("Who, what data, when, and the harm"),
            style=STYLE,
            layout=ipw.Layout(width="auto", max_width="40rem", height="8rem"),
        )
        self.evidence_log = ipw.Dropdown(
            options=[(_("(none)"), ""), *((n, n) for n in logs())],
            value=evidence_log if evidence_log in logs() else "",
            description=_("Evidence log"),
            tooltip=_("List the items of this evidence log in the letter"),
            style=STYLE,
            layout=field_layout(),
        )
        rn = remedy_names()
        self.remedies = {
            r: ipw.Checkbox(value=r in ("stop", "delete"), description=rn[r], tooltip=rn[r], indent=False)
            for r in cp.REMEDIES
        }
        self.deadline = ipw.DatePicker(
            value=cp.default_deadline(),
            description=_("Reply by"),
            tooltip=_("The date by which a reply is asked for (15 days by default)"),
            style=STYLE,
        )
        self.build_button = ipw.Button(
            description=_("Build the letter"), tooltip=_("Build the draft letter"), icon="file-text"
        )
        self.status = ipw.HTML()
        self.preview = ipw.HTML()
        self.downloads = ipw.HTML()
        self.jurisdiction.observe(lambda _c: self._channels(), "value")
        for w in (self.situation, self.jurisdiction, self.channel, self.letter_language, self.act_date):
            w.observe(lambda _c: self._articles(), "value")
        self.build_button.on_click(lambda _b: self.build())
        remedies_box = ipw.VBox(
            [ipw.HTML(f"<p><strong>{escape(_('Ask for'))}</strong></p>"), *self.remedies.values()],
            layout=ipw.Layout(margin="0 0 0 10.5rem"),
        )
        notice = _("A draft to be checked by the advocate before sending; not legal advice.")
        super().__init__(
            [
                ipw.HTML(f"<style>{LETTER_CSS}</style><h2>{escape(_('Complaint builder'))}</h2>"
                         f'<p class="cb-notice">{escape(notice)}</p>'),
                self.situation, self.jurisdiction, self.channel, self.letter_language, self.act_date,
                self.articles,
                self.complainant, self.respondent, self.advocate, self.organisation, self.reply_to,
                self.facts, self.evidence_log, remedies_box, self.deadline, self.build_button, self.status,
                self.preview, self.downloads,
            ]
        )  # fmt: skip
        self.add_class("cb-complaint")
        rtl(self)
        self._channels()

    def __repr__(self) -> str:
        return "<ComplaintBuilder>"

    def _channels(self) -> None:
        lang = language()
        chans = cp.channels_for(self.jurisdiction.value)
        self.channel.options = [(c.name.get(lang), c.id) for c in chans]
        self.channel.value = chans[0].id if chans else None
        self._articles()

    def _articles(self) -> None:
        if not (self.situation.value and self.jurisdiction.value and self.channel.value):
            self.articles.options = ()
            return
        lang = self.letter_language.value
        arts = cp.basis(self.situation.value, self.jurisdiction.value, self.channel.value, on=self.act_date.value)
        self.articles.options = [(a.label(lang), a.id) for a in arts]
        self.articles.value = tuple(a.id for a in arts)

    def build(self) -> cp.Letter | None:
        """Build the letter from the controls, show it and offer the .docx and .html downloads."""
        if not self.channel.value:
            self.status.value = fb.message_html(_("Choose a jurisdiction that has a channel."))
            return None
        items = []
        if self.evidence_log.value:
            try:
                items = EvidenceLog(self.evidence_log.value).items
            except (EvidenceError, OSError, ValueError):
                self.status.value = fb.message_html(_("The evidence log could not be read."))
                return None
        names = {
            "complainant": self.complainant.value,
            "respondent": self.respondent.value,
            "advocate": self.advocate.value,
            "organisation": self.organisation.value,
            "reply_to": self.reply_to.value,
        }
        letter = cp.build(
            self.situation.value,
            self.jurisdiction.value,
            self.channel.value,
            self.letter_language.value,
            facts=self.facts.value,
            names=names,
            evidence=items,
            remedies=[r for r, box in self.remedies.items() if box.value],
            deadline=self.deadline.value,
            articles=self.articles.value,
            act_date=self.act_date.value,
        )
        self._letter = letter
        n = len(letter.statutes)
        msg = ngettext(
            "Draft ready: {n} article in force cited. Check every line before sending.",
            "Draft ready: {n} articles in force cited. Check every line before sending.",
            n,
        ).format(n=n)
        if not letter.statutes:
            msg = _("Draft ready, but no article is cited: add the legal basis with a lawyer's help.")
        if letter.act_date is None:
            msg += " " + _(
                "No date of the events was given, so the letter cites the law in force today. If the events are"
                " older, give their date: the law at the time of the act applies."
            )
        self.status.value = fb.message_html(msg)
        self.preview.value = letter_html(letter)
        stem = f"complaint-{letter.channel.id.replace('.', '-')}-{letter.lang}"
        links = [
            download_link(letter_docx(letter), f"{stem}.docx", DOCX_MIME, _("Download the letter (.docx)")),
            download_link(
                letter_html(letter, standalone=True).encode("utf-8"),
                f"{stem}.html",
                "text/html;charset=utf-8",
                _("Download the letter (.html)"),
            ),
        ]
        self.downloads.value = f'<p class="cb-downloads">{" ".join(links)}</p>'
        return letter

    @property
    def letter(self) -> cp.Letter | None:
        return self._letter


def complaint_builder(evidence_log: str = "") -> ComplaintBuilder:
    """The complaint builder; ``evidence_log`` preselects a log whose items the letter lists."""
    return ComplaintBuilder(evidence_log)
