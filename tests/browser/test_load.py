"""Pages that draw whole on a loaded laptop: a trainer's machine serving a room has both cores busy.

Under load, ipywidgets' front end can give up on a widget whose model it is still registering and show
"Error displaying widget: model not found" for good (the two-second wait in its ``get_model``; see
voila/share/voila/templates/casebook/static/widget-recovery.js). The workbook's template draws such
widgets again. These tests make the failure happen, on purpose and under real load, and check that no
trainee sees it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

from . import drive
from .conftest import VIEWPORT
from .servers import ROOT, Server
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
    # Usually the hold makes ipywidgets give up on some outputs (each one drawn again is marked; on a very busy
    # machine the outputs may start waiting only after the hold, and none fails). What was drawn again works.
    recovered = held_page.locator("[data-cb-recovered] .cb-quiz")
    if recovered.count():
        quiz = recovered.first
        quiz.get_by_role("button", name="Try again").click()
        quiz.locator("button.mod-primary").click()  # Check (or Save, Choose: the primary button)
        # The kernel answers: "... first" for an empty answer, a verdict for an order (never empty: after
        # Try again its steps are back in their first order, which is an answer).
        expect(quiz.locator('[role="status"]')).to_contain_text(
            re.compile(r"first|Correct|Partly right|Not quite"), timeout=drive.KERNEL_TIMEOUT
        )


# A page with one output that ipywidgets gave up on, and a stand-in for Voilà's widget manager: the
# recovery script alone, with nothing left to timing.
FAKE_PAGE = """<!DOCTYPE html><html><body>
<div cell-index="1"><div class="jp-OutputArea-child">
  <script type="application/vnd.voila.cell-output+json">
    {"data": {"application/vnd.jupyter.widget-view+json": {"model_id": "m1", "version_major": 2}}}
  </script>
</div></div>
<div cell-index="2"><div class="jp-OutputArea-child">
  <script type="application/vnd.voila.cell-output+json">{"data": {"text/plain": "not a widget"}}</script>
</div></div>
<script>%s</script>
<script>
  // What Voilà does on load: draw each output where its script was, here as ipywidgets gave up on m1.
  window.addEventListener('load', () => {
    document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]').forEach((s, i) => {
      const out = document.createElement('div');
      out.className = 'jp-OutputArea-output' + (i === 0 ? ' jupyter-widgets' : '');
      out.textContent = i === 0 ? 'Error displaying widget: model not found' : 'not a widget';
      s.parentElement.replaceChild(out, s);
    });
    window.attached = [];
    window.jupyterapp = {widgetManager: {
      get_model: async (id) => ({id}),
      create_view: async (model) => {
        const node = document.createElement('div');
        node.className = 'drawn';
        node.textContent = 'view of ' + model.id;
        return {luminoWidget: {node, processMessage: (m) => window.attached.push(m.type)}};
      },
    }};
  }, {once: true});
</script>
</body></html>"""


def test_the_recovery_script_draws_the_view_of_the_model_the_output_showed(browser: Browser) -> None:
    script = (ROOT / "voila/share/voila/templates/casebook/static/widget-recovery.js").read_text("utf-8")
    context = browser.new_context()
    page = context.new_page()
    try:
        # A load event needs a real navigation: serve the page from a route.
        page.route("http://casebook.test/", lambda r: r.fulfill(content_type="text/html", body=FAKE_PAGE % script))
        page.goto("http://casebook.test/")
        expect(page.locator(".drawn")).to_have_text("view of m1")
        expect(page.get_by_text("Error displaying widget")).to_have_count(0)
        assert page.evaluate("window.attached") == ["before-attach", "after-attach"]
        assert page.locator('[data-cb-recovered="m1"]').count() == 1
        expect(page.locator(".jp-OutputArea-output").nth(1)).to_have_text("not a widget")  # left alone
    finally:
        context.close()


@pytest.mark.parametrize("nb", PAGES, ids=lambda nb: nb.path)
def test_every_page_draws_whole_with_both_cores_busy(page: Page, voila: Server, nb: drive.Notebook) -> None:
    with busy_cores():
        drive.open_notebook(page, voila.url, nb)
        _assert_whole(page, nb)
