"""What a workshop room costs the trainer's laptop: Voilà as `make workshop` serves it, the trainer's
dashboard open, and N trainees (separate browser contexts, each its own visitor) with the dealership case
open. Measured: the kernels the server holds and their memory (PSS, so shared libraries are counted once
per page, not once per kernel), against the idle server with its preheated pool in the same run; then,
once every page is left, how long until the kernels are back to the pool.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import psutil
from playwright.sync_api import expect, sync_playwright

from casebook import workshop
from casebook.store import Store
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.servers import start_voila

from .common import Result

CASE = "01-dealership-insider.ipynb"
LOAD = 180_000  # ms


def _kernels(pid: int) -> list[psutil.Process]:
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [p for p in children if "ipykernel_launcher" in " ".join(_cmdline(p))]


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return []


def _pss_mb(procs: list[psutil.Process]) -> float:
    total = 0
    for p in procs:
        try:
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total / 2**20


def _settle(pid: int, want: int | None, timeout: float) -> int:
    """Wait until the kernel count stops changing (or reaches ``want``); return it."""
    deadline = time.monotonic() + timeout
    last, stable = -1, 0
    while time.monotonic() < deadline:
        n = len(_kernels(pid))
        if want is not None and n == want:
            return n
        stable = stable + 1 if n == last else 0
        last = n
        if want is None and stable >= 5:
            return n
        time.sleep(1.0)
    return len(_kernels(pid))


def run(trainees: int = 30) -> list[Result]:
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make browser`")
    with tempfile.TemporaryDirectory(prefix="casebook-bench-room-") as tmp:
        server = start_voila(Path(tmp), timeout=120)
        try:
            pid = server.proc.pid
            pool = _settle(pid, None, 120)
            idle_mb = _pss_mb(_kernels(pid))
            store = Store(Path(tmp) / "voila-attempts.sqlite3")
            ws, key = workshop.create(store, "Capacity")
            store.close()
            t0 = time.monotonic()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                trainer = browser.new_context().new_page()
                trainer.goto(server.url + f"voila/render/trainer/dashboard.ipynb?workshop={ws.code}", timeout=LOAD)
                dash = trainer.locator(".cb-dashboard")
                expect(dash).to_be_visible(timeout=LOAD)
                dash.get_by_label("Trainer key").fill(key)
                dash.get_by_label("Trainer key").press("Enter")
                expect(dash.locator(".cb-room-item").first).to_be_visible(timeout=LOAD)
                pages = []
                for _i in range(trainees):
                    page = browser.new_context().new_page()
                    page.goto(server.url + "voila/render/" + CASE, timeout=LOAD)
                    expect(page.locator(".cb-quiz button").first).to_be_visible(timeout=LOAD)
                    pages.append(page)
                opened = time.monotonic() - t0
                time.sleep(5)  # the pool refills behind the last page
                kernels = _kernels(pid)
                busy_mb = _pss_mb(kernels)
                n_kernels = len(kernels)
                for page in [*pages, trainer]:  # each trainee leaves the page (as closing the tab does)
                    page.goto("about:blank")
                    page.context.close()
                t1 = time.monotonic()
                back = _settle(pid, pool, 120)
                freed = time.monotonic() - t1
                browser.close()
        finally:
            server.stop()
    per_page = (busy_mb - idle_mb) / (trainees + 1)
    return [
        Result(
            f"room of {trainees} + dashboard: kernels held",
            n_kernels,
            "kernels",
            notes=f"{pool} preheated when idle; {trainees + 1} pages opened one after another in {opened:.0f} s",
        ),
        Result(
            f"room of {trainees} + dashboard: kernel memory (PSS)",
            round(busy_mb),
            "MB",
            baseline=round(idle_mb) or None,
            baseline_name=f"idle server, {pool} preheated kernels",
            notes=f"about {per_page:.0f} MB per open page",
        ),
        Result(
            f"room of {trainees}: seconds until the kernels are back to the pool after every page is left",
            round(freed, 1),
            "s",
            target=60.0,
            notes=f"{back} kernels after",
        ),
    ]
