"""Kernels end with their page: a room holds many kernels (about 100 MB each), and a page that is left must
give its kernel back at once instead of waiting to be culled."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Browser

from . import drive
from .conftest import SERVERS, VIEWPORT
from .servers import ROOT, Server, start_voila

pytestmark = pytest.mark.browser

# voila/voila.py: one preheated kernel per notebook (Voilà skips hidden folders such as .ipynb_checkpoints).
POOL = sum(
    not any(part.startswith(".") for part in p.relative_to(ROOT).parts) for p in (ROOT / "notebooks").rglob("*.ipynb")
)
PAGES_LEFT = 20


def kernels(server: Server) -> int:
    """The kernels the server runs now (its child processes running ipykernel)."""
    out = 0
    for child in psutil.Process(server.proc.pid).children(recursive=True):
        try:
            out += "ipykernel" in " ".join(child.cmdline())
        except psutil.Error:  # it ended while we looked
            continue
    return out


def wait_for_kernels(server: Server, n: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        now = kernels(server)
        if now == n or time.monotonic() > deadline:
            return now
        time.sleep(0.5)


@pytest.fixture
def voila(tmp_path: Path) -> Iterator[Server]:
    """A server of its own: the session's server still holds the kernels of pages that earlier tests closed
    without leaving them (a closed browser context sends no beacon; those kernels wait to be culled)."""
    server = start_voila(tmp_path)
    SERVERS.append(server)
    try:
        yield server
    finally:
        server.stop()
        SERVERS.remove(server)


def test_pages_left_give_their_kernels_back(browser: Browser, voila: Server) -> None:
    assert wait_for_kernels(voila, POOL, 180) == POOL, "the preheated pool did not fill"
    start = next(nb for nb in drive.notebooks() if nb.path.startswith("00-"))
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        for _ in range(PAGES_LEFT):
            # Opened straight from a link, as a QR code or bookmark does (no landing page first).
            page.goto(voila.url + start.url_path, timeout=drive.LOAD_TIMEOUT)
            page.locator(start.landmark or ".jupyter-widgets").first.wait_for(timeout=drive.LOAD_TIMEOUT)
            page.goto("about:blank")
    finally:
        context.close()
    assert wait_for_kernels(voila, POOL, 60) == POOL, f"{kernels(voila)} kernels 60 s after {PAGES_LEFT} pages left"
    log = voila.log(tail=100_000)
    assert "403 POST /voila/api/shutdown" not in log, "a shutdown request was refused"
    assert log.count("Kernel shutdown") >= PAGES_LEFT
