"""Fixtures for the browser tests: one Voilà server per session (as `make workshop` runs it), Debian's
chromium driven by playwright, and a fresh page per test. A failing test shows the server's log."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from .servers import ROOT, Server, start_voila

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Offline: only the loopback servers resolve, so CDN links (font icons) fail at once instead of waiting
    # for a DNS time-out. The pages must work without them.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SCREENSHOTS = ROOT / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}

# Servers started in this session, so that a failing test can show their logs.
SERVERS: list[Server] = []


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="casebook-browser-") as tmp:
        yield Path(tmp)


@pytest.fixture(scope="session")
def voila(workdir: Path) -> Iterator[Server]:
    """Voilà as `make workshop` starts it, on a free loopback port, with a throwaway attempts store."""
    folder = workdir / "voila"
    folder.mkdir()
    server = start_voila(folder)
    SERVERS.append(server)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}: install it with `make browser` "
            "(or `sudo apt-get install chromium`). These tests are never skipped.",
            pytrace=False,
        )
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: str) -> Iterator[Browser]:
    b = playwright_instance.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context and page; uncaught page errors are collected in ``page.cb_errors``."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(30_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.cb_errors = errors  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """On failure, append the log of every server this session started to the report."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and SERVERS:
        for server in SERVERS:
            report.sections.append((f"{server.name} log ({server.log_path})", server.log()))
