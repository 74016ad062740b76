"""Workshop load at 10, 30 and 60 simulated trainees: every trainee answers every question at once
through the store code, while the dashboard's statistics are recomputed twice a second."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.workshop_load import run as load

from .common import Result


def run(sizes: tuple[int, ...] = (10, 30, 60)) -> list[Result]:
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="casebook-bench-", dir=Path.home()) as tmp:
            r = load(Path(tmp) / "room.sqlite3", n)
        assert r.rows == r.expected and r.integrity == "ok"
        target = 2.0 if n == 30 else None
        results += [
            Result(
                f"{n} trainees: answer to dashboard, p95",
                r.answer_to_dashboard_p95,
                "s",
                None,
                "",
                target,
                notes="the dashboard polls every 0.5 s here, every 1 s in the app",
            ),
            Result(
                f"{n} trainees: dashboard refresh, p50 / p95",
                r.refresh_p95,
                "s",
                None,
                "",
                None,
                notes=f"p50 {r.refresh_p50 * 1000:.0f} ms",
            ),
            Result(
                f"{n} trainees: write one attempt, p50 / p95",
                r.write_p95,
                "s",
                None,
                "",
                None,
                notes=f"p50 {r.write_p50 * 1000:.1f} ms; {r.rows} attempts, none lost, integrity ok",
            ),
        ]
    return results
