"""What every benchmark reports: a measurement, the baseline measured in the same run, the ratio and
the target; medians of several runs; and a description of the machine."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"


@dataclass
class Result:
    name: str  # what was measured
    value: float
    unit: str
    baseline: float | None = None  # the same measurement of the baseline, in the same run
    baseline_name: str = ""
    target: float | None = None  # the ratio (or, without a baseline, the value) not to exceed
    notes: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        measured = self.ratio if self.baseline else self.value
        return measured is not None and measured <= self.target


def median_of(fn: Callable[[], float], runs: int) -> tuple[float, list[float]]:
    samples = [fn() for _ in range(runs)]
    return statistics.median(samples), samples


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def machine() -> dict[str, str]:
    info = {
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "cpus": str(os.cpu_count()),
    }
    try:
        mem = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
        info["memory"] = f"{int(mem.split()[1]) // 1024 // 1024} GiB"
        model = next(ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name"))
        info["cpu"] = model.split(":", 1)[1].strip()
    except (OSError, StopIteration):
        pass
    chromium = shutil.which("chromium")
    if chromium:
        out = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30)
        info["chromium"] = out.stdout.strip()
    return info
