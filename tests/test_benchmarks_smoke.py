"""One short iteration of every benchmark, so that `make bench` cannot rot between runs. The numbers are
not judged here (a smoke run on a busy machine says nothing); that they are measured, positive and
reported is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks import __main__ as bench

ROOT = Path(__file__).resolve().parents[1]


def _check(results: list, report: Path) -> None:  # type: ignore[type-arg]
    assert results
    for r in results:
        assert r.value > 0, r.name
        if r.baseline is not None:
            assert r.baseline > 0 and r.ratio is not None, r.name
    text = report.read_text()
    assert "## Machine" in text and "## Results" in text
    for r in results:
        assert r.name in text


def test_benchmarks_without_a_browser(tmp_path: Path) -> None:
    suites = ("check", "import", "memory", "workshop")
    results = bench.run(suites, smoke=True)
    out = tmp_path / "benchmarks.md"
    bench.report.write(results, bench.machine(), out, smoke=True)
    _check(results, out)
    assert {r.name.split(",")[0].split(":")[0] for r in results} >= {
        "casebook check",
        "kernel memory after 01-dealership-insider.ipynb",
    }


@pytest.mark.browser
def test_benchmarks_in_the_browser(tmp_path: Path) -> None:
    # In its own process: playwright's sync API cannot start twice in one, and the browser tests' session
    # may hold it already.
    out = tmp_path / "benchmarks.md"
    run = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--smoke", "--only", "browser,room", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    text = out.read_text()
    for name in (
        "time to interactive, cold",
        "time to interactive, preheated",
        "click to feedback",
        "fill_delay",
        "kernels held",
    ):
        assert name in text
