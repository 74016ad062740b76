"""docs/benchmarks.md: the machine, every result against its baseline and target, a plot of the ratios,
and, for each target missed, why and what was tried (FINDINGS, kept with the code that measures)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .common import Result

# What we learned while profiling, keyed by the start of a result's name. Printed under the table.
FINDINGS = {
    "casebook check": (
        "Profiled with cProfile. Fixed: YAML through libyaml (20x faster than PyYAML's pure-Python composer); "
        "schemas validated by a compiled fastjsonschema validator, with jsonschema imported only to explain a "
        "failure; roles collected in one pass over the token stream; identifiers found with one regex pass per "
        "file. What remains is markdown-it-py's syntax tree (SyntaxTreeNode) and rendering each section, "
        "which the case model needs."
    ),
    "import widgets": (
        "Fixed: jsonschema's import pulled in rfc3987_syntax, which compiles a grammar at import (0.8 s); "
        "python-docx was imported by the complaint builder at start (0.25 s); the toolkit, dashboard and "
        "pickers now load on first use. Kernels read validated content from the content cache, so no "
        "parser, YAML or validator is imported to show a case."
    ),
    "kernel memory": (
        "Fixed by the same lazy imports and the content cache: from 1.42x to about 1.1x for a case notebook. "
        "Measured as Voilà serves a page, where the self-test cells skip themselves; in JupyterLab the toolkit "
        "notebook's self-test builds a .docx, which brings python-docx and lxml into that kernel (1.7x)."
    ),
    "time to interactive": (
        "Every page of ours takes about the same time, the start page as much as a case with 16 quizzes: the "
        "gap to the print-only baseline is mostly what any widget costs, not what the case costs. The "
        "one-widget notebook (a single ipywidgets.Button) measures that: ipywidgets' front end and the widget "
        "comms. Tried: the content cache (no parsing or validation in the kernel), lazy imports, self-tests "
        "skipped under Voilà, and preheated kernels (measured fill_delay, see below). Not tried yet: fewer "
        "widget models per quiz (each widget also has a layout and a style model), and drawing the sections "
        "further down only when scrolled to."
    ),
    "click to feedback": (
        "Timed inside the page, from the click to the feedback text (a MutationObserver), so the figure has "
        "no polling in it. A click runs grading and one SQLite transaction in the kernel and sends the "
        "feedback back over the widget comm; with 30 writers on 2 cores the kernel competes with them."
    ),
    "casebook check at scale": (
        "Per-case time grew with the number of cases because Python's cyclic garbage collector re-scanned "
        "every case already kept (36 ms per case at 100 cases, 55 at 400); check now collects every 25 "
        "files and freezes what it keeps (flat: 37 and 38 ms)."
    ),
    "fill_delay": (
        "Measured for 0, 1, 4 and 8 s: with 0 s the pool's refill competes with the page just served; with 4 "
        "or 8 s a second trainee opening the same notebook two seconds later waits for the refill. 1 s keeps "
        "both pages fast, so voila/voila.py sets 1 s."
    ),
}


def _fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "–"
    if unit == "s":
        return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"
    if unit == "MiB":
        return f"{x:.1f} MiB"
    return f"{x:.2f}{unit}"


def plot(results: list[Result], path: Path) -> bool:
    """Ratios against their targets as a bar chart (SVG); False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    rows = [r for r in results if r.ratio is not None]
    if not rows:
        return False
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(rows) + 1.2))
    names = [r.name for r in rows][::-1]
    ratios = [r.ratio for r in rows][::-1]
    targets = [r.target for r in rows][::-1]
    bars = ax.barh(names, ratios, color="#0b5394")
    for bar, ratio, target in zip(bars, ratios, targets, strict=True):
        ax.text(bar.get_width() + 0.02, bar.get_y() + bar.get_height() / 2, f"{ratio:.2f}x", va="center", fontsize=8)
        if target is not None:
            y = bar.get_y()
            ax.plot([target, target], [y - 0.1, y + bar.get_height() + 0.1], color="#c75000", linewidth=2)
    ax.axvline(1.0, color="#777", linewidth=0.8)
    ax.set_xlabel("ratio to the baseline measured in the same run (orange: target)")
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(path, format="svg")
    plt.close(fig)
    return True


def write(results: list[Result], machine: dict[str, str], path: Path, *, smoke: bool = False) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} by `make bench`"
        + (" (smoke run: one short iteration of each; not representative)" if smoke else "")
        + ". Every figure is a median of several runs, and every ratio is against a baseline measured in "
        "the same run on the same machine.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in machine.items()],
        "",
        "## Results",
        "",
        "| measurement | value | baseline | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        target = "–" if r.target is None else (f"≤ {r.target:g}x" if r.baseline else f"≤ {_fmt(r.target, r.unit)}")
        met = {None: "–", True: "yes", False: "**no**"}[r.met]
        base = f"{_fmt(r.baseline, r.unit)} ({r.baseline_name})" if r.baseline is not None else "–"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "–"
        note = f" — {r.notes}" if r.notes else ""
        lines.append(f"| {r.name}{note} | {_fmt(r.value, r.unit)} | {base} | {ratio} | {target} | {met} |")
    svg = path.with_suffix(".svg")
    if plot(results, svg):
        lines += ["", f"![Ratios against their baselines]({svg.name})"]
    missed = [r for r in results if r.met is False]
    lines += ["", "## Targets missed" if missed else "## Targets", ""]
    if missed:
        lines += [
            f"- **{r.name}**: {_fmt(r.ratio if r.baseline else r.value, 'x' if r.baseline else r.unit)}"
            f" against a target of {r.target:g}{'x' if r.baseline else ''}."
            for r in missed
        ]
    else:
        lines.append("Every target with a number was met in this run.")
    lines += ["", "## What was profiled and fixed", ""]
    lines += [f"- **{k}**: {v}" for k, v in FINDINGS.items()]
    path.write_text("\n".join(lines) + "\n", "utf-8")
