"""What a trainee waits for, in headless chromium against Voilà as `make workshop` serves it:

- time to interactive (navigation until the first quiz can be used) of every notebook, cold (no
  preheated kernel) and preheated, against a print-only notebook on the same server;
- click-to-feedback latency (Check until the feedback shows), alone and while 30 simulated trainees
  write their answers to the same store;
- the preheated pool's ``fill_delay``: a page loaded right after another, for several delays.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

import casebook
from casebook.grading import correct_answer
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.servers import Server, start_voila

from .common import ROOT, Result, percentile

PRINT_ONLY = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "source": ["print('ready')"],
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["ready\n"]}],
        }
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}
ONE_WIDGET = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "source": ["import ipywidgets\n", "ipywidgets.Button(description='ready')"],
            "outputs": [],
        }
    ],
    "metadata": PRINT_ONLY["metadata"],
    "nbformat": 4,
    "nbformat_minor": 5,
}
# What "interactive" means on each kind of page.
READY = {
    "print-only.ipynb": "text=ready",
    "one-widget.ipynb": "button:has-text('ready')",
    "00-start-here.ipynb": ".cb-identity button",
    "80-toolkit.ipynb": ".cb-evidence button",
}
QUIZ_READY = ".cb-quiz button"


def _root(tmp: Path) -> Path:
    """A folder served by Voilà: the notebooks (linked, not copied) and the print-only baseline."""
    root = tmp / "root"
    root.mkdir()
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        (root / nb.name).symlink_to(nb)
    (root / "print-only.ipynb").write_text(json.dumps(PRINT_ONLY), "utf-8")
    (root / "one-widget.ipynb").write_text(json.dumps(ONE_WIDGET), "utf-8")  # to tell ipywidgets' own cost
    return root


@contextmanager
def _browser() -> Iterator[Page]:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser`")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def tti(page: Page, server: Server, name: str, timeout: float = 120.0) -> float:
    """Seconds from navigation until the page's first control can be used."""
    start = time.perf_counter()
    page.goto(f"{server.url}voila/render/{name}", wait_until="commit", timeout=timeout * 1000)
    page.locator(READY.get(name, QUIZ_READY)).first.wait_for(state="visible", timeout=timeout * 1000)
    return time.perf_counter() - start


def _wait_pool(seconds: float) -> None:
    time.sleep(seconds)


def run_tti(notebooks: list[str], runs: int = 3, settle: float = 20.0) -> list[Result]:
    results: list[Result] = []
    for mode, extra in (("cold", ["--VoilaConfiguration.preheat_kernel=False"]), ("preheated", [])):
        with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
            server = start_voila(Path(tmp), root=_root(Path(tmp)), extra_args=extra)
            try:
                with _browser() as page:
                    times: dict[str, list[float]] = {}
                    last_used: dict[str, float] = {}
                    if mode == "preheated":
                        _wait_pool(settle)  # every notebook's pool filled at start-up
                    for _ in range(runs):
                        for name in ["print-only.ipynb", "one-widget.ipynb", *notebooks]:
                            if mode == "preheated" and name in last_used:
                                # this notebook's pool was used: give it time to refill (fill_delay + a run)
                                _wait_pool(max(0.0, last_used[name] + settle - time.monotonic()))
                            times.setdefault(name, []).append(tti(page, server, name))
                            last_used[name] = time.monotonic()
                            page.goto("about:blank")
                    base = sorted(times["print-only.ipynb"])[runs // 2]
                    for name in ["one-widget.ipynb", *notebooks]:
                        t = sorted(times[name])[runs // 2]
                        results.append(
                            Result(
                                f"time to interactive, {mode}: {name}",
                                t,
                                "s",
                                base,
                                f"print-only notebook, {mode}",
                                1.2,
                                samples=times[name],
                            )
                        )
            finally:
                server.stop()
    return results


CLICK_AND_WAIT = """async ([stem, want]) => {
  const quiz = [...document.querySelectorAll('.cb-quiz')].find(q => q.textContent.includes(stem));
  const check = [...quiz.querySelectorAll('button')].find(b => b.textContent.trim().endsWith('Check'));
  return await new Promise(resolve => {
    const start = performance.now();
    const seen = new MutationObserver(() => {
      // ipywidgets replaces an HTML widget's content on each update: look the region up again each time
      const now = quiz.querySelector('[role="status"]');
      if (now && now.textContent.includes(want)) { seen.disconnect(); resolve(performance.now() - start); }
    });
    seen.observe(quiz, {childList: true, subtree: true, characterData: true});
    // Graded before the choice reached the kernel (ipywidgets holds rapid updates): give up, do not hang.
    setTimeout(() => { seen.disconnect(); resolve(-1); }, 10000);
    check.click();
  });
}"""


def _feedback_latency(page: Page, server: Server, clicks: int) -> list[float]:
    """Answer the first single-choice quiz of the dealership case and time, inside the page, from the click on
    Check until its feedback region says Correct (a MutationObserver: no polling in the measurement)."""
    case = casebook.load("dealership-insider")
    item = next(q for q in case.quizzes if q.type == "single")
    index = [o.key for o in item.options].index(correct_answer(item))
    page.goto(f"{server.url}voila/render/01-dealership-insider.ipynb", timeout=240_000)  # a busy machine
    stem = item.stem_text[:40]
    quiz = page.locator(".cb-quiz", has_text=stem).first
    quiz.locator("button", has_text="Check").wait_for(state="visible", timeout=120_000)
    status = quiz.locator('[role="status"]').first
    out = []
    for _ in range(clicks):
        quiz.locator('input[type="radio"]').nth(index).check()
        page.wait_for_timeout(300)  # the choice reaches the kernel first (ipywidgets holds rapid updates)
        took = page.evaluate(CLICK_AND_WAIT, [stem, "Correct"])
        if took >= 0:
            out.append(took / 1000)
        quiz.locator("button", has_text="Try again").click()
        expect(status).not_to_contain_text("Correct", timeout=30_000)
    if not out:
        raise RuntimeError("no click reached its feedback")
    return out


def run_latency(clicks: int = 20, trainees: int = 30) -> list[Result]:
    from casebook import workshop
    from casebook.store import Store
    from tests.workshop_load import trainee

    results = []
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        server = start_voila(Path(tmp))
        store_path = Path(tmp) / "voila-attempts.sqlite3"
        try:
            from .bench_room import _settle

            _settle(server.proc.pid, None, 180)  # the preheated pool first: clicks are measured, not start-up
            with _browser() as page:
                alone = _feedback_latency(page, server, clicks)
                results.append(
                    Result(
                        "click to feedback, p95, alone",
                        percentile(alone, 0.95),
                        "s",
                        None,
                        "",
                        0.1,
                        notes=f"median {sorted(alone)[len(alone) // 2] * 1000:.0f} ms",
                        samples=alone,
                    )
                )
                store = Store(store_path)
                ws, _key = workshop.create(store, "bench")
                members = [workshop.join(store, ws.code, None) for _ in range(trainees)]
                ctx = mp.get_context("fork")
                q: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
                procs = [
                    ctx.Process(target=trainee, args=(str(store_path), m.learner, i, q)) for i, m in enumerate(members)
                ]
                for p in procs:
                    p.start()
                loaded = _feedback_latency(page, server, clicks)
                for p in procs:
                    p.join(timeout=120)
                results.append(
                    Result(
                        f"click to feedback, p95, {trainees} trainees writing",
                        percentile(loaded, 0.95),
                        "s",
                        None,
                        "",
                        0.1,
                        notes=f"median {sorted(loaded)[len(loaded) // 2] * 1000:.0f} ms",
                        samples=loaded,
                    )
                )
        finally:
            server.stop()
    return results


def run_fill_delay(
    delays: tuple[float, ...] = (0.0, 1.0, 4.0, 8.0), gap: float = 2.0, settle: float = 20.0
) -> list[Result]:
    """For each fill_delay: one page from the pool, then a second page of the same notebook ``gap``
    seconds later (a second trainee), both timed; the pool refill competes with one or the other."""
    results = []
    name = "01-dealership-insider.ipynb"
    for delay in delays:
        with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
            server = start_voila(Path(tmp), extra_args=[f"--VoilaKernelManager.fill_delay={delay}"])
            try:
                with _browser() as page:
                    _wait_pool(settle)
                    first = tti(page, server, name)
                    page.goto("about:blank")
                    time.sleep(gap)
                    second = tti(page, server, name)
            finally:
                server.stop()
        results.append(
            Result(
                f"fill_delay {delay:g} s: first page / second page {gap:g} s later",
                first,
                "s",
                None,
                "",
                None,
                notes=f"second page {second:.2f} s",
            )
        )
    return results
