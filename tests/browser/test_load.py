"""Pages that draw whole on a loaded laptop: a trainer's machine serving a room has both cores busy.

Under load, ipywidgets' front end can give up on a widget whose model it is still registering and show
"Error displaying widget: model not found" for good (the two-second wait in its ``get_model``; see
voila/share/voila/templates/casebook/static/widget-recovery.js). The workbook's template draws such
widgets again. These tests make the failure happen, on purpose and under real load, and check that no
trainee sees it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

from . import drive
from .conftest import VIEWPORT
from .servers import Server
from .test_voila import page_errors

pytestmark = pytest.mark.browser

PAGES = drive.notebooks()  # every page of the series: cases, start, toolkit, review, dashboard
HOG_SECONDS = 900  # a hog stops by itself after this, whatever happens to the test

# Holds up the page's main thread for a while when the kernel's widget states arrive, as a busy machine
# does while the browser registers a page's models: the two-second wait of the outputs drawn at start-up
# runs out during the hold.
HOLD_WHEN_STATES_ARRIVE = """
(() => {
  const Native = window.WebSocket, text = new TextDecoder();
  window.WebSocket = function (url, protocols) {
    const ws = protocols ? new Native(url, protocols) : new Native(url);
    if (url.includes('/channels')) {
      ws.addEventListener('message', (event) => {
        const data = typeof event.data === 'string' ? event.data : text.decode(event.data);
        if (data.includes('"update_states"')) {
          const start = performance.now();
          while (performance.now() - start < 3000) { /* the main thread is busy */ }
        }
      });
    }
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""


# One busy process: computes until its parent says stop (stdin closes) or HOG_SECONDS pass, whichever first.
_HOG = f"""
import sys, threading, time
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
until = time.monotonic() + {HOG_SECONDS}
while not stop.is_set() and time.monotonic() < until:
    sum(i * i for i in range(20_000))
"""


@contextmanager
def busy_cores(n: int | None = None) -> Iterator[None]:
    """Keep ``n`` processes (default: one per core) computing for as long as the block runs."""
    procs = [
        subprocess.Popen([sys.executable, "-c", _HOG], stdin=subprocess.PIPE) for _ in range(n or os.cpu_count() or 2)
    ]
    try:
        yield
    finally:
        for p in procs:
            assert p.stdin is not None
            p.stdin.close()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _assert_whole(page: Page, nb: drive.Notebook) -> None:
    expect(page.locator(".cb-quiz")).to_have_count(len(nb.items), timeout=drive.LOAD_TIMEOUT)
    expect(page.get_by_text("Error displaying widget")).to_have_count(0, timeout=drive.LOAD_TIMEOUT)
    assert page_errors(page) == []


@pytest.fixture
def held_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    context.add_init_script(HOLD_WHEN_STATES_ARRIVE)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def test_widgets_given_up_on_while_the_page_was_busy_are_drawn_again(held_page: Page, voila: Server) -> None:
    nb = next(n for n in PAGES if n.path.startswith("01-"))
    drive.open_notebook(held_page, voila.url, nb)
    _assert_whole(held_page, nb)
    # The hold made ipywidgets give up on some outputs (each one drawn again is marked), and what was drawn
    # again works: a recovered quiz answers a click.
    recovered = held_page.locator("[data-cb-recovered]")
    assert recovered.count() > 0, "the hold did not make any output fail: the test no longer tests the recovery"
    quiz = held_page.locator("[data-cb-recovered] .cb-quiz").first
    quiz.get_by_role("button", name="Try again").click()
    quiz.locator("button.mod-primary").click()  # Check (or Save, Choose: the primary button)
    expect(quiz.locator('[role="status"]')).to_contain_text("first", timeout=drive.KERNEL_TIMEOUT)


@pytest.mark.parametrize("nb", PAGES, ids=lambda nb: nb.path)
def test_every_page_draws_whole_with_both_cores_busy(page: Page, voila: Server, nb: drive.Notebook) -> None:
    with busy_cores():
        drive.open_notebook(page, voila.url, nb)
        _assert_whole(page, nb)
