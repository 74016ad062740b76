"""Who is answering: a display name the learner chooses, or an anonymous id. Nothing more is asked."""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from casebook import visitor
from casebook.store import Store, default_store

from . import feedback as fb
from . import i18n
from .i18n import _, rtl
from .style import wide


class IdentityPicker(ipw.VBox):
    """``name`` (Text), ``use_button``, ``anonymous_button``; ``status`` says who is answering."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store if store is not None else default_store()
        self.name = ipw.Text(
            description=_("Display name"),
            placeholder=_("A first name or a nickname"),
            tooltip=_("The name shown with your answers; leave it out to stay anonymous"),
            style={"description_width": "initial"},
            layout=wide("32rem"),
            continuous_update=False,  # the value arrives on Enter or when the field loses focus
        )
        self.use_button = ipw.Button(description=_("Use this name"), tooltip=_("Use this name"), icon="user")
        self.anonymous_button = ipw.Button(
            description=_("Stay anonymous"), tooltip=_("Answer under an anonymous id"), icon="user-secret"
        )
        self.use_button.on_click(lambda _b: self.use_name())
        self.anonymous_button.on_click(lambda _b: self.stay_anonymous())
        self.name.observe(lambda change: change["new"].strip() and self.use_name(), "value")
        note = ipw.HTML(
            "<p>"
            + escape(
                _(
                    "Your answers are kept only on the computer that serves this page, under this name or id, "
                    "for this browser alone. No other personal data is asked for or stored."
                )
            )
            + "</p>"
        )
        self.status = ipw.HTML()
        super().__init__([note, self.name, ipw.HBox([self.use_button, self.anonymous_button]), self.status])
        self.add_class("cb-identity")
        rtl(self)
        self._show(visitor.current(self.store))

    def _show(self, v: visitor.Visitor, message: str = "") -> None:
        who = _("anonymously, as {id}").format(id=v.learner) if v.anonymous else v.name or ""
        line = _("You are answering as: {who}").format(who=who)
        extra = f"<p>{escape(message)}</p>" if message else ""
        self.status.value = fb.status_box(f'<p class="cb-verdict">{fb.icon(fb.ICON_INFO)} {escape(line)}</p>{extra}')

    def use_name(self) -> str:
        """Answer under the typed name, on this browser only (the answers so far stay yours)."""
        v = visitor.current(self.store)
        try:
            v = visitor.set_name(self.store, v.id, self.name.value)
        except visitor.VisitorError:
            self.status.value = fb.message_html(_("Please type a name of 1 to 80 characters."))
            return v.learner
        self._show(v, _("Saved. The other notebooks will use this name."))
        return v.learner

    def stay_anonymous(self) -> str:
        v = visitor.set_name(self.store, visitor.current(self.store).id, None)
        self.name.value = ""
        self._show(v, _("Saved. The other notebooks will use this id."))
        return v.learner


def identity(store: Store | None = None) -> IdentityPicker:
    """The name-or-anonymous picker of the start notebook."""
    return IdentityPicker(store)


#: The picker's label, in every interface language (whoever reads it must find it).
LANGUAGE_LABEL = " · ".join(("Language", "语言", "اللغة"))


class LanguagePicker(ipw.VBox):
    """``dropdown`` (the interface languages, each named in itself) and ``status``. The choice is kept in the
    attempts store for this visitor (this browser) only: every notebook they open is in it (unless its URL
    says ``?lang=``)."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store if store is not None else default_store()
        self.dropdown = ipw.Dropdown(
            options=[(name, tag) for tag, name in i18n.LANGUAGES.items()],
            value=i18n.language() if i18n.language() in i18n.LANGUAGES else i18n.DEFAULT,
            description=LANGUAGE_LABEL,
            tooltip=LANGUAGE_LABEL,
            style={"description_width": "initial"},
            layout=ipw.Layout(width="auto", max_width="24rem"),
        )
        self.status = ipw.HTML()
        self.dropdown.observe(lambda change: self.choose(change["new"]), "value")
        super().__init__([self.dropdown, self.status])
        self.add_class("cb-language")
        rtl(self)

    def choose(self, lang: str) -> str:
        """Use ``lang`` for interface text from now on, here and in every notebook opened after."""
        lang = i18n.normalize(lang) or i18n.DEFAULT
        visitor.set_language(self.store, visitor.current(self.store).id, lang)
        i18n.set_language(lang)
        name = i18n.LANGUAGES[lang]
        msg = _("Saved: the notebooks will open in {language}. Reload this page to see it in {language} too.")
        box = fb.message_html(msg.format(language=name))
        self.status.value = f'<div lang="{escape(lang)}" dir="{i18n.direction(lang)}">{box}</div>'
        return lang


def language_picker(store: Store | None = None) -> LanguagePicker:
    """The start page's language choice (English, 中文, العربية)."""
    return LanguagePicker(store)
