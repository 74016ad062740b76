"""One short iteration of every benchmark, so that `make bench` cannot rot between runs. The numbers are
not judged here (a smoke run on a busy machine says nothing); that they are measured, positive and
reported is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks import __main__ as bench


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
    results = bench.run(("browser",), smoke=True)
    out = tmp_path / "benchmarks.md"
    bench.report.write(results, bench.machine(), out, smoke=True)
    _check(results, out)
    names = " ".join(r.name for r in results)
    assert "time to interactive, cold" in names and "time to interactive, preheated" in names
    assert "click to feedback" in names and "fill_delay" in names
