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
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider, User

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


class VisitorIdentityProvider(PasswordIdentityProvider):
    """Jupyter Server's identity provider, which also tells the page's kernel who the visitor is."""

    async def _get_user(self, handler: Any) -> User | None:
        user = await super()._get_user(handler)
        headers = handler.request.headers
        if HEADER in headers:
            del headers[HEADER]  # only the server says who the visitor is
        if user is not None:
            headers[HEADER] = visitor_id(user)
        return user


def visitor_id(user: User) -> str:
    """The visitor id of a Jupyter Server user: its username (a random UUID for anonymous users)."""
    return "".join(ch for ch in str(user.username) if ch.isalnum() or ch in "_.@-")[:128] or "unknown"
