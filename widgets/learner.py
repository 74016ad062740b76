"""Who is answering: a display name the learner chooses, or an anonymous id. Nothing more is asked."""

from __future__ import annotations

from html import escape

import ipywidgets as ipw

from . import feedback as fb
from .i18n import _
from .store import anonymous_id, check_learner, current_learner, set_learner

WIDE = ipw.Layout(width="auto", max_width="32rem")


class IdentityPicker(ipw.VBox):
    """``name`` (Text), ``use_button``, ``anonymous_button``; ``status`` says who is answering."""

    def __init__(self) -> None:
        self.name = ipw.Text(
            description=_("Display name"),
            placeholder=_("A first name or a nickname"),
            tooltip=_("The name shown with your answers; leave it out to stay anonymous"),
            style={"description_width": "initial"},
            layout=WIDE,
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
                    "Your answers are kept only on this computer, under this name or id. "
                    "No other personal data is asked for or stored."
                )
            )
            + "</p>"
        )
        self.status = ipw.HTML()
        super().__init__([note, self.name, ipw.HBox([self.use_button, self.anonymous_button]), self.status])
        self.add_class("cb-identity")
        self._show(current_learner())

    def _show(self, learner: str, message: str = "") -> None:
        who = _("anonymously, as {id}").format(id=learner) if learner.startswith("anon-") else learner
        line = _("You are answering as: {who}").format(who=who)
        extra = f"<p>{escape(message)}</p>" if message else ""
        self.status.value = fb.status_box(f'<p class="cb-verdict">{fb.icon(fb.ICON_INFO)} {escape(line)}</p>{extra}')

    def use_name(self) -> str:
        try:
            learner = set_learner(check_learner(self.name.value))
        except ValueError:
            self.status.value = fb.message_html(_("Please type a name of 1 to 80 characters."))
            return current_learner()
        self._show(learner, _("Saved. The other notebooks will use this name."))
        return learner

    def stay_anonymous(self) -> str:
        current = current_learner()
        learner = current if current.startswith("anon-") else set_learner(anonymous_id())
        self.name.value = ""
        self._show(learner, _("Saved. The other notebooks will use this id."))
        return learner


def identity() -> IdentityPicker:
    """The name-or-anonymous picker of the start notebook."""
    return IdentityPicker()
