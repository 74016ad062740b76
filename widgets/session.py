"""This page's session: who is answering and in which workshop, read from a Voilà URL
(``?workshop=CODE&learner=TOKEN``), and the room's controls applied live to this page.

Outside a workshop (JupyterLab, or Voilà without those parameters) nothing changes: the learner is the
one chosen in the start notebook and every section is open. Inside a workshop, a background thread
reads the trainer's controls from the shared store every second: a section stays hidden until the
trainer opens it, and an answer the trainer reveals appears in every trainee's quiz without a reload.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import ipywidgets as ipw

from casebook import workshop
from casebook.store import Store, default_store, set_learner

from . import feedback as fb
from . import i18n
from .i18n import _
from .style import style_once

if TYPE_CHECKING:
    from .base import QuizWidget

POLL_SECONDS = 1.0
OPEN_BY_DEFAULT = ("facts",)  # the first section of each case is open when a workshop starts


_QUERY: str | None = None  # this kernel's query string, once known


def query_string() -> str:
    """The page's query string: in a preheated Voilà kernel, waiting for the request (only once: Voilà
    delivers the request to a kernel once, and a second wait would never end); in a kernel Voilà started
    for the request, from its environment; elsewhere (JupyterLab, nbval) empty."""
    global _QUERY
    if _QUERY is None:
        if os.environ.get("VOILA_PREHEAT") == "True":
            from voila.utils import get_query_string

            _QUERY = get_query_string() or ""
        elif os.environ.get("VOILA_KERNEL_ID"):
            _QUERY = os.environ.get("QUERY_STRING", "")
        else:
            _QUERY = ""
    return _QUERY


@dataclass
class Session:
    workshop: str | None = None
    title: str = ""
    learner: str | None = None
    nickname: str | None = None
    store: Store | None = None
    opened: frozenset[str] = frozenset()
    revealed: frozenset[str] = frozenset()
    gates: dict[str, list[tuple[ipw.Widget, ipw.HTML]]] = field(default_factory=dict)
    quizzes: list[QuizWidget] = field(default_factory=list)
    _thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def active(self) -> bool:
        return self.workshop is not None

    # -- joining from a URL -----------------------------------------------------------------
    def start(self, code: str, learner: str, store: Store | None = None) -> bool:
        """Enter workshop ``code`` as member ``learner``; False (and nothing changes) if they don't match."""
        store = store if store is not None else default_store()
        member = workshop.member(store, code, learner)
        ws = workshop.get(store, code)
        if member is None or ws is None:
            return False
        self.workshop, self.title, self.learner, self.nickname = ws.code, ws.title, learner, member.nickname
        self.store = store
        set_learner(learner, remember=False)
        self.poll()
        return True

    # -- what the page registers ------------------------------------------------------------
    def is_open(self, section_key: str) -> bool:
        return not self.active or section_key in self.opened or section_key.split("/")[-1] in OPEN_BY_DEFAULT

    def gate(self, section_key: str, widget: ipw.Widget) -> ipw.Widget:
        """``widget`` as is outside a workshop; inside one, hidden behind a note until the section opens."""
        if not self.active:
            return widget
        note = ipw.HTML()
        box = ipw.VBox([note, widget])
        with self._lock:
            self.gates.setdefault(section_key, []).append((widget, note))
        self._apply_gate(section_key, widget, note)
        self._ensure_polling()
        return box

    def register(self, quiz: QuizWidget) -> None:
        """Put ``quiz`` under the room's controls: only a quiz answering into the room's store and as this
        page's trainee belongs to the room (a self-test's hidden copies use a throwaway store)."""
        if not self.active or quiz.store is not self.store or quiz.learner != self.learner:
            return
        quiz.reveal_locked = True
        with self._lock:
            self.quizzes.append(quiz)
        quiz.set_room_reveal(quiz.item.key in self.revealed)
        self._ensure_polling()

    # -- applying the room's controls --------------------------------------------------------
    def _apply_gate(self, key: str, widget: ipw.Widget, note: ipw.HTML) -> None:
        if self.is_open(key):
            widget.layout.display = None
            note.value = ""
        else:
            widget.layout.display = "none"
            msg = _("This section opens when your trainer is ready.")
            note.value = fb.status_box(f'<p class="cb-verdict">{fb.icon("🔒")} {escape(msg)}</p>')

    def poll(self) -> bool:
        """Read the controls once and apply what changed; True when something changed."""
        if not self.active or self.store is None or self.workshop is None:
            return False
        c = workshop.controls(self.store, self.workshop)
        opened, revealed = c["open"], c["reveal"]
        if opened == self.opened and revealed == self.revealed:
            return False
        with self._lock:
            self.opened, self.revealed = opened, revealed
            for key, entries in self.gates.items():
                for widget, note in entries:
                    self._apply_gate(key, widget, note)
            for q in self.quizzes:
                if q.room_revealed != (q.item.key in revealed):
                    q.set_room_reveal(q.item.key in revealed)
        return True

    def _ensure_polling(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="casebook-room", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                self.poll()
            except Exception:  # a busy or vanished store must not kill the page; try again next second
                continue

    def stop(self) -> None:
        self._stop.set()


_session = Session()


def current() -> Session:
    return _session


def reset() -> Session:
    """A fresh session (tests; a page that leaves its workshop)."""
    global _session, _QUERY
    _QUERY = None
    _session.stop()
    _session = Session()
    return _session


def banner_html(s: Session) -> str:
    if not s.active:
        return ""
    line = _("Workshop “{title}” ({code}). You are answering as {name}.").format(
        title=s.title, code=s.workshop, name=s.nickname
    )
    return f'<div class="cb-banner-workshop" role="note">{escape(line)}</div>'


#: In a right-to-left language, the page's outputs flow right to left (notebook prose stays as written).
RTL_PAGE_STYLE = "<style>.jp-OutputArea-output { direction: rtl; text-align: right; }</style>"


def page_html(inner: str, lang: str) -> str:
    """``inner`` in a block marked with the interface language and its direction (and, right to left, the
    style that turns the page's outputs around)."""
    sheet = style_once()  # the workbook's widget stylesheet, once per kernel (JupyterLab and Voilà alike)
    if i18n.direction(lang) != "rtl" and not inner:
        return sheet
    style = RTL_PAGE_STYLE if i18n.direction(lang) == "rtl" else ""
    return f'{sheet}{style}<div class="cb-page" lang="{escape(lang)}" dir="{i18n.direction(lang)}">{inner}</div>'


def page(query: str | None = None) -> ipw.HTML:
    """The first cell of every notebook: sets the interface language (``?lang=`` in a Voilà URL, else the
    learner's choice, else ``$CASEBOOK_LANG``, else English), joins the workshop named in the URL, if any,
    and returns a banner saying so (empty outside a workshop)."""
    s = current()
    params = parse_qs(query_string() if query is None else query)
    lang = i18n.choose(params.get("lang", [""])[0])
    i18n.set_language(lang)
    code, learner = params.get("workshop", [""])[0], params.get("learner", [""])[0]
    if code and learner and not s.active and not s.start(code, learner):
        msg = _("This link does not match a workshop on this computer. Join again from the start page.")
        return i18n.rtl(ipw.HTML(page_html(fb.message_html(msg), lang)))
    return i18n.rtl(ipw.HTML(page_html(banner_html(s), lang)))
