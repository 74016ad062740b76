"""Joining a workshop from the start notebook: the trainer's code and a nickname (or none)."""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

import ipywidgets as ipw

from casebook import workshop
from casebook.catalog import series
from casebook.store import Store, default_store

from . import feedback as fb
from . import session
from .i18n import _, language, rtl
from .style import wide


def links_html(code: str, learner: str) -> str:
    """Links to every notebook of the series that carry the workshop and the trainee's token (and the
    interface language, when it is not English)."""
    params = {"workshop": code, "learner": learner}
    if language() != "en":
        params["lang"] = language()
    query = urlencode(params)
    items = "".join(
        f'<li><a href="{escape(quote(e.path))}?{escape(query)}">{escape(e.title)}</a></li>' for e in series()
    )
    head = escape(_("Open the notebooks from these links, so your answers count for the workshop:"))
    return f'<p>{head}</p><ol class="cb-workshop-links">{items}</ol>'


class JoinWorkshop(ipw.VBox):
    """``code``, ``nickname`` (Text), ``join_button``; ``status`` (a live region) and ``links`` after joining."""

    def __init__(self, store: Store | None = None) -> None:
        self._store = store
        self.code = ipw.Text(
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
        self.join_button = ipw.Button(description=_("Join"), tooltip=_("Join the workshop"), icon="sign-in")
        self.join_button.on_click(lambda _b: self.join())
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
        super().__init__([intro, self.code, self.nickname, self.join_button, self.status, self.links])
        self.add_class("cb-join")
        rtl(self)
        s = session.current()
        if s.active and s.workshop and s.learner:
            self._joined(s.workshop, s.learner, s.nickname or "")

    def _joined(self, code: str, learner: str, nickname: str) -> None:
        msg = _("You joined the workshop as {name}.").format(name=nickname)
        self.status.value = fb.status_box(f'<p class="cb-verdict">{fb.icon(fb.ICON_RIGHT)} {escape(msg)}</p>')
        self.links.value = links_html(code, learner)

    def join(self) -> workshop.Member | None:
        store = self._store if self._store is not None else default_store()
        try:
            member = workshop.join(store, self.code.value, self.nickname.value)
        except workshop.WorkshopError as exc:
            self.status.value = fb.message_html(_(str(exc)))
            return None
        session.current().start(member.workshop, member.learner, store)
        self._joined(member.workshop, member.learner, member.nickname)
        return member


def join_workshop(store: Store | None = None) -> JoinWorkshop:
    return JoinWorkshop(store)
