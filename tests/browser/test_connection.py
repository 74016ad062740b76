"""Silent loss (issue 14, item 4): when a page's kernel dies, the page says so in plain words, in an alert
region, with a reload button; it does not leave a Check that does nothing."""

from __future__ import annotations

import psutil
import pytest
from playwright.sync_api import Page, expect

from .drive import notebooks, open_notebook
from .servers import Server

pytestmark = pytest.mark.browser


def _kernel_of(voila: Server, page: Page) -> psutil.Process:
    """The kernel process serving ``page``: its id is in the page's widget manager."""
    kid = page.evaluate("() => window.jupyterapp.widgetManager.kernel.id")
    for p in psutil.Process(voila.proc.pid).children(recursive=True):
        try:
            if any(kid in part for part in p.cmdline()):
                return p
        except psutil.NoSuchProcess:
            continue
    raise AssertionError(f"no kernel process for {kid}")


def test_a_dead_kernel_is_said_on_the_page(page: Page, voila: Server) -> None:
    nb = next(n for n in notebooks() if n.path.startswith("01-"))
    open_notebook(page, voila.url, nb)
    _kernel_of(voila, page).kill()
    alert = page.locator("#cb-connection-lost[role=alert]")
    expect(alert).to_contain_text("lost its connection", timeout=60_000)
    expect(alert).to_contain_text("The answers you saved are kept")
    expect(alert.get_by_role("button", name="Reload")).to_be_focused()
