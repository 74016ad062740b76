"""`casebook notebook <slug>` writes the same thin notebook that is committed for each case."""

from __future__ import annotations

import json
from pathlib import Path

import casebook
from casebook.notebook import case_notebook, write_case_notebook

ROOT = Path(__file__).resolve().parent.parent


def _sources(nb: dict) -> list[str]:  # type: ignore[type-arg]
    return ["".join(c["source"]) for c in nb["cells"]]


def test_committed_case_notebooks_are_what_the_writer_writes() -> None:
    for case in casebook.cases():
        committed = json.loads((ROOT / "notebooks" / f"{case.order:02d}-{case.id}.ipynb").read_text("utf-8"))
        fresh = json.loads(json.dumps(case_notebook(case)))
        assert _sources(committed) == _sources(fresh), case.id
        assert committed["metadata"]["casebook"] == {"order": case.order, "case": case.id}


def test_writer_names_the_file_by_teaching_order(tmp_path: Path) -> None:
    path = write_case_notebook(casebook.load("after-a-leak"), tmp_path)
    assert path.name == "04-after-a-leak.ipynb"
    assert "widgets.chart(case)" in path.read_text()
