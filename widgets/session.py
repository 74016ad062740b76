"""This page's session: whether its visitor is in a workshop, and the room's controls applied live.

Membership belongs to the visitor (this browser; :mod:`casebook.visitor`), not to a URL: once a trainee
joined on the start page, every page their browser opens is in the workshop until they leave it, whatever
link they followed. A ``?workshop=CODE`` in a URL only checks: a wrong or ended code, or one this browser
has not joined, is said in plain words at the top of the page.

Outside a workshop every section is open. Inside one, a background thread reads the trainer's controls
from the shared store every second: a section stays hidden until the trainer opens it, and an answer the
trainer reveals appears in every trainee's quiz without a reload.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import ipywidgets as ipw

from casebook import visitor, workshop
from casebook.store import Store, StoreError, default_store

from . import feedback as fb
from . import i18n
from .i18n import _
from .style import style_once

if TYPE_CHECKING:
    from .base import QuizWidget

POLL_SECONDS = 1.0
OPEN_BY_DEFAULT = ("facts",)  # the first section of each case is open when a workshop starts


def query_string() -> str:
    """The page's query string (Voilà: after the request reached a preheated kernel); empty elsewhere."""
    return visitor.query_string()


@dataclass
class _Gate:
    """A section behind the room's lock: how to build it, the box it goes in, the note shown until then."""

    build: Callable[[], ipw.Widget]
    box: ipw.VBox
    note: ipw.HTML
    widget: ipw.Widget | None = None


@dataclass
class Session:
    workshop: str | None = None
    title: str = ""
    learner: str | None = None
    nickname: str | None = None
    store: Store | None = None
    opened: frozenset[str] = frozenset()
    revealed: frozenset[str] = frozenset()
    gates: dict[str, list[_Gate]] = field(default_factory=dict)
    quizzes: list[QuizWidget] = field(default_factory=list)
    _thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def active(self) -> bool:
        return self.workshop is not None

    # -- entering the visitor's workshop ---------------------------------------------------
    def start(self, code: str, learner: str, store: Store | None = None) -> bool:
        """Enter workshop ``code`` as member ``learner``; False (and nothing changes) if they don't match
        or the workshop has ended."""
        store = store if store is not None else default_store()
        member = workshop.member(store, code, learner)
        ws = workshop.get(store, code)
        if member is None or ws is None or not ws.is_open:
            return False
        self.workshop, self.title, self.learner, self.nickname = ws.code, ws.title, learner, member.nickname
        self.store = store
        self.poll()
        return True

    def leave(self) -> None:
        """Out of the workshop on this page: sections open, answers go to the visitor's own key."""
        self.stop()
        with self._lock:
            for entries in self.gates.values():
                for gate in entries:
                    self._open_gate(gate)
            for q in self.quizzes:
                q.reveal_locked = False
                q.room = None
            self.workshop = self.learner = self.nickname = None
            self.quizzes.clear()

    def room_for(self, item_key: str) -> str | None:
        """The workshop an answer to ``item_key`` made now counts for (read fresh), else None (practice)."""
        if not self.active or self.store is None or self.workshop is None:
            return None
        return self.workshop if workshop.accepting(self.store, self.workshop, item_key) else None

    # -- what the page registers ------------------------------------------------------------
    def is_open(self, section_key: str) -> bool:
        return not self.active or section_key in self.opened or section_key.split("/")[-1] in OPEN_BY_DEFAULT

    def gate(self, section_key: str, build: Callable[[], ipw.Widget]) -> ipw.Widget:
        """``build()`` at once outside a workshop; inside one, only a note until the trainer opens the section.
        A locked section is not built, so nothing of it (text, quizzes, answers) is sent to the page: a page
        cannot show what it never received."""
        if not self.active:
            return build()
        note = ipw.HTML()
        box = ipw.VBox([note])
        gate = _Gate(build, box, note)
        with self._lock:
            self.gates.setdefault(section_key, []).append(gate)
        self._apply_gate(section_key, gate)
        self._ensure_polling()
        return box

    def register(self, quiz: QuizWidget) -> None:
        """Put ``quiz`` under the room's controls: only a quiz answering into the room's store and as this
        page's trainee belongs to the room (a self-test's hidden copies use a throwaway store)."""
        if not self.active or quiz.store is not self.store or quiz.learner != self.learner:
            return
        quiz.reveal_locked = True
        quiz.room = self
        with self._lock:
            self.quizzes.append(quiz)
        quiz.set_room_reveal(quiz.item.key in self.revealed)
        self._ensure_polling()

    # -- applying the room's controls --------------------------------------------------------
    @staticmethod
    def _open_gate(gate: _Gate) -> None:
        """Build the section (the first time) and show it."""
        if gate.widget is None:
            gate.widget = gate.build()
        gate.widget.layout.display = None
        gate.note.value = ""
        if len(gate.box.children) == 1:
            gate.box.children = [gate.note, gate.widget]

    def _apply_gate(self, key: str, gate: _Gate) -> None:
        if self.is_open(key):
            self._open_gate(gate)
        else:
            if gate.widget is not None:  # closed again: what was opened is already on the page; hide it
                gate.widget.layout.display = "none"
            msg = _("This section opens when your trainer is ready.")
            gate.note.value = fb.status_box(f'<p class="cb-verdict">{fb.icon("🔒")} {escape(msg)}</p>')

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
                for gate in entries:
                    self._apply_gate(key, gate)
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
    global _session
    visitor.forget()
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


def enter(params: dict[str, list[str]], store: Store | None = None) -> str:
    """Put this page in its visitor's workshop, if they are in one that is still open; return the HTML to
    show at the top of the page (the workshop banner, or a plain-words notice)."""
    store = store if store is not None else default_store()
    s = current()
    v = visitor.current(store)
    notes: list[str] = []
    if v.workshop and v.member and not s.active:
        ws = workshop.get(store, v.workshop)
        if ws is None or not ws.is_open or not s.start(v.workshop, v.member, store):
            workshop.leave(store, v.id)
            notes.append(
                fb.message_html(
                    _(
                        "The workshop {code} has ended. Your answers are kept; you are practising on your own now."
                    ).format(code=v.workshop)
                )
            )
    asked = workshop.normalise_code(params.get("workshop", [""])[0])
    if asked and asked != s.workshop:
        ws = workshop.get(store, asked)
        if ws is None:
            msg = _("No workshop has the code {code}. Check it with your trainer; until then you practise on your own.")
        elif not ws.is_open:
            msg = _("The workshop {code} has ended. You practise on your own.")
        else:
            msg = _(
                "You have not joined the workshop {code} in this browser yet: join it on the start page, "
                "then every page you open counts for it."
            )
        notes.append(fb.message_html(msg.format(code=asked)))
    return "".join(notes) + banner_html(s)


def page(query: str | None = None, store: Store | None = None, *, trainer: bool = False) -> ipw.HTML:
    """The first cell of every notebook: sets the interface language (``?lang=`` in a Voilà URL, else this
    visitor's choice, else ``$CASEBOOK_LANG``, else English), enters the visitor's workshop, if any, and
    returns a banner saying so (or a notice when a link names a workshop this browser is not in). A
    ``trainer`` page (the dashboard) is in no workshop: its ``?workshop=`` names the room it shows."""
    params = parse_qs(query_string() if query is None else query)
    try:
        lang = i18n.choose(params.get("lang", [""])[0])
        i18n.set_language(lang)
        inner = "" if trainer else enter(params, store)
    except StoreError as exc:  # said at the top of the page in plain words, not as a cell's traceback
        lang = i18n.normalize(params.get("lang", [""])[0]) or i18n.DEFAULT
        i18n.set_language(lang)
        msg = _(
            "The answers store cannot be opened, so this page cannot save answers. Tell your trainer; "
            "nothing saved before is lost. Details: {detail}"
        )
        inner = fb.message_html(msg.format(detail=str(exc)))
    return i18n.rtl(ipw.HTML(page_html(inner, lang)))
