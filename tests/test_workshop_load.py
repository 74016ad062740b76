"""Thirty simulated trainees answer every question at once while the dashboard polls: nothing lost or
duplicated, the store intact, and the dashboard's refresh well under two seconds."""

from __future__ import annotations

from pathlib import Path

import casebook
from tests.workshop_load import run


def test_thirty_trainees_at_once(tmp_path: Path) -> None:
    result = run(tmp_path / "room.sqlite3", 30)
    items = sum(len(c.quizzes) for c in casebook.cases())
    assert result.expected == 30 * items
    assert result.rows == result.expected, "attempts lost or duplicated"
    assert result.distinct_ids == result.expected, "two trainees were told the same attempt id"
    assert result.integrity == "ok"
    assert result.refresh_max < 2.0, f"dashboard refresh took {result.refresh_max:.2f} s"
    assert result.answer_to_dashboard_p95 < 2.0, (
        f"answers reached the dashboard after {result.answer_to_dashboard_p95:.2f} s"
    )
