"""Joining a workshop from the start notebook: the trainer's code and a nickname (or none)."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs, quote, urlencode

import ipywidgets as ipw

from casebook import visitor, workshop
from casebook.catalog import series
from casebook.store import Store, default_store

from . import feedback as fb
from . import session
from .i18n import _, bidi, language, rtl
from .style import wide


def links_html() -> str:
    """Links to every notebook of the series. Membership belongs to this browser, so the links carry no
    token: whichever way a page is opened, it is in the workshop until the trainee leaves it."""
    lang = language()
    suffix = "?" + urlencode({"lang": lang}) if lang != visitor.remembered_language() and lang != "en" else ""
    items = "".join(
        f'<li><a href="{escape(quote(e.path) + suffix)}">{bidi(escape(e.title))}</a></li>' for e in series(lang=lang)
    )
    head = escape(_("Your answers now count for the workshop in every notebook you open in this browser:"))
    return f'<p>{head}</p><ol class="cb-workshop-links">{items}</ol>'


class JoinWorkshop(ipw.VBox):
    """``code``, ``nickname``, ``resume_code`` (Text), ``join_button``; ``status`` (a live region) and
    ``links`` after joining; ``leave_button`` to leave the workshop on this browser."""

    def __init__(self, store: Store | None = None, code: str = "") -> None:
        self._store = store
        self.code = ipw.Text(
            value=code,
            description=_("Workshop code"),
            placeholder="ABC234",
            tooltip=_("The code your trainer shows"),
            style={"description_width": "initial"},
            layout=wide("32rem"),
        )
        self.nickname = ipw.Text(
            description=_("Nickname (optional)"),
            placeholder=_("Leave empty to stay anonymous"),
            tooltip=_("The name the trainer sees; leave it empty to stay anonymous"),
            style={"description_width": "initial"},
            layout=wide("32rem"),
        )
        self.resume_code = ipw.Text(
            description=_("Resume code (optional)"),
            placeholder="ABCD-2345",
            tooltip=_("Joined on another device? Type the resume code it showed to continue with your answers"),
            style={"description_width": "initial"},
            layout=wide("32rem"),
        )
        self.join_button = ipw.Button(description=_("Join"), tooltip=_("Join the workshop"), icon="sign-in")
        self.join_button.on_click(lambda _b: self.join())
        self.leave_button = ipw.Button(
            description=_("Leave the workshop"), tooltip=_("Leave the workshop on this browser"), icon="sign-out"
        )
        self.leave_button.on_click(lambda _b: self.leave())
        self.leave_button.layout.display = "none"
        self.status = ipw.HTML()
        self.links = ipw.HTML()
        intro = ipw.HTML(
            "<p>"
            + escape(
                _(
                    "In a workshop? Type the code your trainer shows. A nickname is optional: without one you "
                    "join anonymously. Nothing else about you is stored."
                )
            )
            + "</p>"
        )
        self.form = ipw.VBox([self.code, self.nickname, self.resume_code, self.join_button])
        super().__init__([intro, self.form, self.status, self.links, self.leave_button])
        self.add_class("cb-join")
        rtl(self)
        s = session.current()
        if s.active and s.workshop and s.learner:
            m = workshop.member(self.store, s.workshop, s.learner)
            if m is not None:
                self._joined(m)

    @property
    def store(self) -> Store:
        return self._store if self._store is not None else default_store()

    def _joined(self, m: workshop.Member) -> None:
        msg = _("You joined the workshop as {name}.").format(name=m.nickname)
        resume = _(
            "To continue on another device, join there with the same code and this resume code: {resume}"
        ).format(resume=m.resume_display)
        self.status.value = fb.status_box(
            f'<p class="cb-verdict">{fb.icon(fb.ICON_RIGHT)} {escape(msg)}</p><p class="cb-resume">{escape(resume)}</p>'
        )
        self.links.value = links_html()
        self.form.layout.display = "none"
        self.leave_button.layout.display = None

    def join(self) -> workshop.Member | None:
        store = self.store
        v = visitor.current(store)
        if not workshop.normalise_code(self.code.value):
            self.status.value = fb.message_html(_("Type the workshop code your trainer shows first."))
            return None
        try:
            if self.resume_code.value.strip():
                member = workshop.resume(store, self.code.value, self.resume_code.value, v.id)
            else:
                member = workshop.join(store, self.code.value, self.nickname.value, visitor=v.id)
        except workshop.WorkshopError as exc:
            self.status.value = fb.message_html(_(str(exc)))
            return None
        s = session.current()
        if s.active:
            s.leave()
        s.start(member.workshop, member.learner, store)
        self._joined(member)
        return member

    def leave(self) -> None:
        """Leave the workshop on this browser: pages opened from now on are solo practice."""
        store = self.store
        workshop.leave(store, visitor.current(store).id)
        session.current().leave()
        self.form.layout.display = None
        self.leave_button.layout.display = "none"
        self.links.value = ""
        msg = _(
            "You left the workshop. What you answered in it stays with the workshop; pages you open now show "
            "your own practice answers."
        )
        self.status.value = fb.message_html(msg)


def join_workshop(store: Store | None = None) -> JoinWorkshop:
    """The start page's join form; a ``?join=CODE`` in the page's URL (the trainer's QR code) fills in the code."""
    params = parse_qs(session.query_string())
    return JoinWorkshop(store, code=workshop.normalise_code(params.get("join", [""])[0]))
