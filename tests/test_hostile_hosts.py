"""The server's host check (issue 14, item 2), without a server: which Host headers pass."""

from __future__ import annotations

import pytest

from casebook import server


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8866", "localhost:8866", "[::1]:8866", "127.3.4.5", "localhost.", "LOCALHOST:1"]
)
def test_loopback_hosts_pass(host: str) -> None:
    assert server.host_allowed(host)


@pytest.mark.parametrize(
    "host",
    ["rebind.attacker.test", "rebind.attacker.test:8866", "", "127.0.0.1.attacker.test", "localhost.attacker.test",
     "[::1].evil", "0x7f000001.evil", " :8866"],
)  # fmt: skip
def test_rebinding_hosts_are_refused(host: str) -> None:
    assert not server.host_allowed(host)


def test_the_machines_own_name_and_listed_names_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    assert server.host_allowed(f"{socket.gethostname()}:8866")
    assert not server.host_allowed("workshop.example.org")
    monkeypatch.setenv("CASEBOOK_HOSTS", " workshop.example.org , other.example ")
    assert server.host_allowed("Workshop.Example.org:8866") and server.host_allowed("other.example")


# --- issue 14, item 5: pages per browser ---------------------------------------------------------------


def test_one_browser_opening_pages_in_a_loop_is_refused_after_the_limit() -> None:
    from casebook import limits
    from casebook.server import PageCounter

    pages = PageCounter()
    assert all(pages.allow("browser:a", now=100.0 + k) for k in range(limits.MAX_PAGES_PER_WINDOW))
    assert not pages.allow("browser:a", now=100.0 + limits.MAX_PAGES_PER_WINDOW), "the 13th page in a minute"
    assert pages.allow("browser:b", now=112.0), "another browser is not slowed"
    assert pages.allow("browser:a", now=100.0 + limits.PAGES_WINDOW_SECONDS + 0.5), "a minute later it may again"


def test_the_identity_provider_answers_429_for_a_page_past_the_limit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading
    from types import SimpleNamespace

    from jupyter_server.auth.identity import PasswordIdentityProvider, User
    from tornado import httputil, web

    from casebook import server

    async def anonymous(self, handler):  # type: ignore[no-untyped-def]
        return User("visitor-1")

    monkeypatch.setattr(PasswordIdentityProvider, "_get_user", anonymous)
    monkeypatch.setattr(server, "PAGES", server.PageCounter(limit=2, window=60))

    class VoilaHandler:  # what Voilà's notebook handler is called
        def __init__(self) -> None:
            self.request = SimpleNamespace(method="GET", host="127.0.0.1:8866", headers=httputil.HTTPHeaders())

    provider = server.VisitorIdentityProvider()

    def get_user() -> object:
        # In a thread of its own: a browser test run before this one leaves an event loop in this thread.
        out: list[object] = []
        t = threading.Thread(target=lambda: out.append(_outcome(provider._get_user(VoilaHandler()))))
        t.start()
        t.join(30)
        return out[0]

    assert isinstance(get_user(), User) and isinstance(get_user(), User)
    refused = get_user()
    assert isinstance(refused, web.HTTPError), "the third page in a minute was served"
    assert refused.status_code == 429 and "Too many pages" in (refused.log_message or "")


def _outcome(coro) -> object:  # type: ignore[no-untyped-def]
    """The coroutine's result, or the exception it raised, run on a new event loop."""
    import asyncio

    try:
        return asyncio.run(coro)
    except Exception as exc:  # the test inspects it
        return exc
