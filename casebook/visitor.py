"""Who is on this page: the visitor, and what belongs to them (name, language, answers, workshop).

A *visitor* is one browser on a shared server, one hub user, or the one person at this computer:

- In Voilà served with the workbook's configuration, the server gives each browser a random id kept in a
  signed cookie (Jupyter Server's anonymous users; :mod:`casebook.server`) and passes it to the page's
  kernel in a request header Voilà copies into the kernel's environment. A page cannot choose it: the
  header is overwritten by the server on every request and the cookie is signed with the server's secret.
- On JupyterHub the visitor is the hub user (``$JUPYTERHUB_USER``).
- Elsewhere (JupyterLab on one's own computer, nbval, a Voilà without the workbook's configuration) the
  visitor is this computer's user: ``local``.

Each visitor has a *learner* key: the opaque id their own answers are stored under. Inside a workshop
the visitor answers as the workshop *member* they became when joining (another opaque key), so that the
trainer's room sees only members and a trainee's solo practice stays apart. Names are only labels.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from .store import Store, anonymous_id, check_learner, default_path, default_store
from .text import N_

#: The request header through which the server tells a page's kernel who the visitor is (Voilà copies
#: it into the kernel's environment as ``HTTP_X_CASEBOOK_VISITOR``; see ``voila/voila.py``).
HEADER = "X-Casebook-Visitor"
ENV = "HTTP_" + HEADER.upper().replace("-", "_")
LOCAL = "local"
_ID = re.compile(r"^[A-Za-z0-9_.@-]{1,128}$")


class VisitorError(ValueError):
    """A value a visitor typed that cannot be kept (the message is for them)."""


@dataclass(frozen=True)
class Visitor:
    id: str
    learner: str  # their own answers' key
    name: str | None  # display name; None: anonymous
    language: str | None
    workshop: str | None  # the workshop this visitor is in, if any
    member: str | None  # their member key in that workshop
    source: str  # "browser", "hub" or "local"

    @property
    def anonymous(self) -> bool:
        return not self.name

    @property
    def answering_as(self) -> str:
        """The key answers go under: the workshop member inside a workshop, else the visitor's own."""
        return self.member if self.workshop and self.member else self.learner


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


_QUERY: str | None = None  # this kernel's query string, once known


def _request_env() -> None:
    """Learn the page's request once: in a preheated Voilà kernel, wait for it (Voilà then puts its
    headers in the environment; a second wait would never end); in a kernel Voilà started for the
    request, it is in the environment already; elsewhere (JupyterLab, nbval) there is none."""
    global _QUERY
    if _QUERY is not None:
        return
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import get_query_string

        _QUERY = get_query_string() or ""
    elif os.environ.get("VOILA_KERNEL_ID"):
        _QUERY = os.environ.get("QUERY_STRING", "")
    else:
        _QUERY = ""


def query_string() -> str:
    """The page's query string (Voilà); empty elsewhere (JupyterLab, nbval)."""
    _request_env()
    return _QUERY or ""


def current_id() -> tuple[str, str]:
    """``(visitor id, source)`` for this kernel's page."""
    _request_env()
    given = os.environ.get(ENV, "").strip()
    if given and _ID.match(given):
        return "browser:" + given, "browser"
    hub = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub:
        return "hub:" + hub, "hub"
    return LOCAL, "local"


def _legacy_learner() -> str | None:
    """The learner an earlier version kept in a file beside the store (one person per computer)."""
    env = os.environ.get("CASEBOOK_LEARNER")
    if env:
        return check_learner(env)
    try:
        return check_learner(default_path().with_suffix(".learner").read_text("utf-8").strip())
    except (OSError, ValueError):
        return None


def _legacy_language() -> str | None:
    try:
        return default_path().with_suffix(".language").read_text("utf-8").strip() or None
    except OSError:
        return None


_COLS = "id, learner, name, language, workshop, member, source"


def get(store: Store, visitor_id: str) -> Visitor | None:
    rows = store.query(f"SELECT {_COLS} FROM visitors WHERE id = ?", (visitor_id,))
    return Visitor(*rows[0]) if rows else None


def ensure(store: Store, visitor_id: str, source: str) -> Visitor:
    """The visitor ``visitor_id``, created on their first page (with a fresh anonymous learner key)."""
    found = get(store, visitor_id)
    if found is not None:
        return found
    learner, name, language = anonymous_id(), None, None
    if source == "local":  # the one person at this computer keeps what an earlier version stored
        legacy = _legacy_learner()
        if legacy:
            learner = legacy
            name = None if legacy.startswith("anon-") else legacy
        language = _legacy_language()
    with store.transaction() as db:
        while db.execute("SELECT 1 FROM visitors WHERE learner = ?", (learner,)).fetchone():
            learner = anonymous_id()
        now = _now()
        db.execute(
            "INSERT OR IGNORE INTO visitors (id, learner, name, language, workshop, member, source, created, seen)"
            " VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?)",
            (visitor_id, learner, name, language, source, now, now),
        )
    found = get(store, visitor_id)
    assert found is not None
    return found


def _update(store: Store, visitor_id: str, **fields: str | None) -> Visitor:
    sets = ", ".join(f"{k} = ?" for k in fields)
    with store.transaction() as db:
        db.execute(f"UPDATE visitors SET {sets}, seen = ? WHERE id = ?", (*fields.values(), _now(), visitor_id))
    found = get(store, visitor_id)
    assert found is not None
    return found


def set_name(store: Store, visitor_id: str, name: str | None) -> Visitor:
    """Answer under display name ``name`` (``None``: anonymously). The learner key does not change, so
    progress stays; another visitor's name or progress is never touched."""
    if name is not None:
        try:
            name = check_learner(name)
        except ValueError:
            raise VisitorError(N_("Please type a name of 1 to 80 characters.")) from None
    return _update(store, visitor_id, name=name)


def set_language(store: Store, visitor_id: str, lang: str) -> Visitor:
    tag = str(lang).strip()
    if not tag or len(tag) > 35 or not all(c.isalnum() or c == "-" for c in tag):
        raise ValueError(f"not a language tag: {lang!r}")
    return _update(store, visitor_id, language=tag)


def set_workshop(store: Store, visitor_id: str, code: str | None, member: str | None) -> Visitor:
    """Put this visitor in workshop ``code`` as ``member`` (``None``, ``None``: out of any workshop)."""
    return _update(store, visitor_id, workshop=code, member=member)


# -- this kernel's visitor -------------------------------------------------------------------------
_current: tuple[str, str] | None = None


def current(store: Store | None = None) -> Visitor:
    """This page's visitor, read from the store each time (another page of theirs may have changed it)."""
    global _current
    if _current is None:
        _current = current_id()
    return ensure(store if store is not None else default_store(), *_current)


def forget() -> None:
    """Read the visitor and the request from the environment again (tests)."""
    global _current, _QUERY
    _current = _QUERY = None


def current_learner(store: Store | None = None) -> str:
    """The key this page's answers go under: the workshop member inside a workshop, else the visitor's
    own key (``$CASEBOOK_LEARNER`` overrides it for this computer's one person: notebook builds, tests)."""
    v = current(store)
    if v.workshop and v.member:
        return v.member
    env = os.environ.get("CASEBOOK_LEARNER")
    if env and v.source == "local":
        return check_learner(env)
    return v.learner


def display_name(store: Store | None = None) -> str | None:
    """The name this page's visitor answers under (the nickname inside a workshop); None: anonymous."""
    v = current(store)
    if v.workshop and v.member:
        from . import workshop

        m = workshop.member(store if store is not None else default_store(), v.workshop, v.member)
        return m.nickname if m else None
    return v.name


def remembered_language(store: Store | None = None) -> str | None:
    """The interface language this visitor chose, if any."""
    return current(store).language
