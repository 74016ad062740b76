"""What the workbook adds to the Jupyter server that serves it: a visitor id per browser, given to the
page's kernel by the server (never by the page).

Jupyter Server already tells browsers apart when no one logs in: each browser gets a random anonymous
user (a UUID) kept in a cookie signed with the server's secret. :class:`VisitorIdentityProvider` keeps
that, and on every request writes the user's id into the ``X-Casebook-Visitor`` request header, replacing
whatever the browser sent under that name. Voilà copies the header into the kernel's environment
(``VoilaConfiguration.http_header_envs``), where :mod:`casebook.visitor` reads it. A page cannot claim
another visitor: it would need another browser's signed cookie.

With a token or a password (``make workshop TOKEN=...``), Jupyter Server authenticates first and the
anonymous user still tells browsers apart. On JupyterHub, the hub's user is the visitor instead
(``$JUPYTERHUB_USER`` in the single-user server).

The cookie secret is kept in a file beside the attempts store (mode 0600), so a browser keeps its
identity, progress and evidence log across a server restart.

**Host check (DNS rebinding).** Voilà answers any ``Host`` header, so a web page the trainer visits could
point a name of its own at 127.0.0.1 and drive the workbook from the trainer's browser. The identity
provider runs for every page, API call and kernel websocket, before anything else: it refuses (403) a
request whose ``Host`` is not this machine's (loopback, the machine's names and addresses) or listed in
``$CASEBOOK_HOSTS`` (comma-separated, for a name the room uses, e.g. behind a proxy).
"""

from __future__ import annotations

import collections
import ipaddress
import os
import re
import secrets
import socket
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider, User
from tornado import web

from . import limits
from .store import default_path
from .visitor import HEADER

SECRET_BYTES = 32


def secret_path() -> Path:
    return default_path().with_name("cookie_secret")


def cookie_secret(path: Path | None = None) -> bytes:
    """The server's cookie secret: read from ``path``, or created there (random, readable by its owner only)."""
    path = path or secret_path()
    try:
        data = path.read_bytes().strip()
        if len(data) >= 2 * SECRET_BYTES:
            return data
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    data = secrets.token_hex(SECRET_BYTES).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data + b"\n")
    return data


LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


@lru_cache(maxsize=1)
def machine_hosts() -> frozenset[str]:
    """This machine's own names and addresses (asked of the operating system, no network needed)."""
    names: set[str] = set(LOOPBACK_NAMES)
    host = socket.gethostname()
    names |= {host.lower(), f"{host.lower()}.local"}
    try:
        names.add(socket.getfqdn().lower())
        for info in socket.getaddrinfo(host, None):
            names.add(str(info[4][0]).lower())
    except OSError:
        pass
    try:  # the address other machines on the room's network reach this one by (a UDP connect sends nothing)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            names.add(s.getsockname()[0])
    except OSError:
        pass
    return frozenset(names)


def allowed_hosts() -> frozenset[str]:
    extra = {h.strip().lower() for h in os.environ.get("CASEBOOK_HOSTS", "").split(",") if h.strip()}
    return machine_hosts() | extra


def host_allowed(host_header: str, allowed: frozenset[str] | None = None) -> bool:
    """Whether a request's ``Host`` header names this machine (port ignored; loopback addresses always)."""
    m = re.match(r"^\[?([^\]]*?)\]?(:\d+)?$", host_header.strip().lower())
    host = m.group(1) if m else ""
    if not host:
        return False
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        pass
    return host.rstrip(".") in (allowed if allowed is not None else allowed_hosts())


class VisitorIdentityProvider(PasswordIdentityProvider):
    """Jupyter Server's identity provider, which also refuses a foreign ``Host`` and tells the page's kernel
    who the visitor is."""

    async def _get_user(self, handler: Any) -> User | None:
        if not host_allowed(handler.request.host):
            self.log.warning(
                "Refused a request for Host %r: not this machine (DNS rebinding?). Add it to CASEBOOK_HOSTS if "
                "the room reaches the workbook by that name.",
                handler.request.host,
            )
            handler.current_user = handler._jupyter_current_user = None  # as Jupyter Server's own host check
            raise web.HTTPError(403, "Unknown host")
        user = await super()._get_user(handler)
        headers = handler.request.headers
        if HEADER in headers:
            del headers[HEADER]  # only the server says who the visitor is
        if user is not None:
            headers[HEADER] = visitor_id(user)
            if is_page_request(handler) and not PAGES.allow(headers[HEADER]):
                self.log.warning("Refused a page for visitor %s: too many pages in a minute", headers[HEADER][:12])
                raise web.HTTPError(429, "Too many pages opened from this browser in a minute: wait, then reload.")
        return user


class PageCounter:
    """How many workbook pages each visitor opened lately (in this server process): each page starts a
    kernel, so one browser (or one script with one cookie) opening pages in a loop would fill the memory
    of the machine the whole room shares. See :data:`casebook.limits.MAX_PAGES_PER_WINDOW`."""

    def __init__(self, limit: int = limits.MAX_PAGES_PER_WINDOW, window: float = limits.PAGES_WINDOW_SECONDS) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, collections.deque[float]] = {}

    def allow(self, visitor: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        if len(self._seen) > 10_000:  # forget visitors idle for a window (bounded memory)
            self._seen = {k: q for k, q in self._seen.items() if q and q[-1] > now - self.window}
        times = self._seen.setdefault(visitor, collections.deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        return True


PAGES = PageCounter()


def is_page_request(handler: Any) -> bool:
    """Whether the request renders a notebook page (and so starts a kernel): Voilà's notebook handler."""
    return handler.request.method == "GET" and type(handler).__name__ == "VoilaHandler"


def visitor_id(user: User) -> str:
    """The visitor id of a Jupyter Server user: its username (a random UUID for anonymous users)."""
    return "".join(ch for ch in str(user.username) if ch.isalnum() or ch in "_.@-")[:128] or "unknown"
