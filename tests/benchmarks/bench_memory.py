"""Kernel memory after a notebook has rendered as Voilà serves it (all its cells run, widgets created; the
self-test cells skip themselves there) against a bare kernel that has imported ipywidgets. Resident
memory read from /proc; medians of several kernels."""

from __future__ import annotations

import json
import os
from pathlib import Path

from jupyter_client.manager import start_new_kernel

from .common import ROOT, Result

NOTEBOOKS = ROOT / "notebooks"


def _rss_after(code_cells: list[str]) -> float:
    # As Voilà serves a page: its kernels carry VOILA_KERNEL_ID, and the notebooks' self-tests skip there.
    env = {**os.environ, "VOILA_KERNEL_ID": "benchmark"}
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    try:
        for src in code_cells:
            reply = kc.execute_interactive(src, timeout=120, output_hook=lambda _m: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell failed: {src[:80]!r}: {reply['content'].get('evalue')}")
        kc.execute_interactive("import gc; gc.collect()", timeout=60, output_hook=lambda _m: None)
        pid = km.provisioner.process.pid  # type: ignore[union-attr]
        status = Path(f"/proc/{pid}/status").read_text()
        kb = next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmRSS"))
        return kb / 1024
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def notebook_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text("utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def run(
    notebooks: tuple[str, ...] = ("01-dealership-insider.ipynb", "04-after-a-leak.ipynb"), runs: int = 3
) -> list[Result]:
    base = sorted(_rss_after(["import ipywidgets"]) for _ in range(runs))[runs // 2]
    results = []
    for name in notebooks:
        cells = notebook_cells(NOTEBOOKS / name)
        samples = sorted(_rss_after(cells) for _ in range(runs))
        results.append(
            Result(
                f"kernel memory after {name}",
                samples[runs // 2],
                "MiB",
                base,
                "bare kernel with ipywidgets",
                1.25,
                samples=samples,
            )
        )
    return results
