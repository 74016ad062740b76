"""`python -m tests.benchmarks [--smoke] [--only check,import,memory,workshop,browser,room] [--out FILE]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import report
from .common import ROOT, Result, machine

SUITES = ("check", "import", "memory", "workshop", "browser", "room")


def run(suites: tuple[str, ...], smoke: bool) -> list[Result]:
    results: list[Result] = []
    if "check" in suites:
        from . import bench_check

        results += bench_check.run((5, 20) if smoke else (100, 1000), runs=1 if smoke else 3)
    if "import" in suites:
        from . import bench_import

        results += bench_import.run(1 if smoke else 7)
    if "memory" in suites:
        from . import bench_memory

        notebooks = (
            ("01-dealership-insider.ipynb",)
            if smoke
            else tuple(p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb")))
        )
        results += bench_memory.run(notebooks, runs=1 if smoke else 3)
    if "workshop" in suites:
        from . import bench_workshop

        results += bench_workshop.run((5,) if smoke else (10, 30, 60))
    if "browser" in suites:
        from . import bench_browser

        notebooks = (
            ["01-dealership-insider.ipynb"] if smoke else [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
        )
        results += bench_browser.run_tti(notebooks, runs=1 if smoke else 3, settle=5.0 if smoke else 30.0)
        results += bench_browser.run_latency(clicks=2 if smoke else 30, trainees=3 if smoke else 30)
        results += bench_browser.run_fill_delay(
            (1.0,) if smoke else (0.0, 1.0, 4.0, 8.0), settle=5.0 if smoke else 20.0
        )
    if "room" in suites:
        from . import bench_room

        results += bench_room.run(3 if smoke else 30)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks")
    ap.add_argument("--smoke", action="store_true", help="one short iteration of each (for `make test`)")
    ap.add_argument("--only", default=",".join(SUITES), help=f"comma-separated subset of {', '.join(SUITES)}")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="the report to write")
    args = ap.parse_args(argv)
    suites = tuple(s for s in args.only.split(",") if s)
    unknown = set(suites) - set(SUITES)
    if unknown:
        ap.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    results = run(suites, args.smoke)
    report.write(results, machine(), Path(args.out), smoke=args.smoke)
    for r in results:
        ratio = f"  {r.ratio:.2f}x" if r.ratio is not None else ""
        print(f"{'MISSED ' if r.met is False else ''}{r.name}: {r.value:.4g} {r.unit}{ratio}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
