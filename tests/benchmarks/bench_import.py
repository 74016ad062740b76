"""Import cost: `import widgets` (everything a notebook needs) against `import ipywidgets`, each in a
fresh interpreter, medians of several runs."""

from __future__ import annotations

import subprocess
import sys

from .common import Result, median_of, timed


def _import_time(module: str) -> float:
    return timed(lambda: subprocess.run([sys.executable, "-c", f"import {module}"], check=True))


def run(runs: int = 7) -> list[Result]:
    base, _ = median_of(lambda: _import_time("ipywidgets"), runs)
    ours, samples = median_of(lambda: _import_time("widgets"), runs)
    empty, _ = median_of(lambda: _import_time("sys"), runs)
    return [
        Result(
            "import widgets (interpreter start included)",
            ours,
            "s",
            base,
            "import ipywidgets",
            None,
            notes=f"a bare interpreter starts in {empty:.3f} s",
            samples=samples,
        ),
    ]
