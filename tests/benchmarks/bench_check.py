"""`casebook check` on many generated cases against markdown-it-py alone (the same parser and plugins)
parsing the same files; and whether the time per case stays flat from a few cases to many."""

from __future__ import annotations

import tempfile
from pathlib import Path

import casebook
from casebook.loader import CASES_DIR, case_paths, check
from casebook.markdown import parser

from .common import Result, median_of, timed


def generate(folder: Path, n: int) -> list[Path]:
    """``n`` valid cases: the real ones again and again under new ids."""
    masters = [p.read_text("utf-8") for p in case_paths(CASES_DIR)]
    ids = [p.stem for p in case_paths(CASES_DIR)]
    out = []
    for i in range(n):
        k = i % len(masters)
        path = folder / f"gen-{i:05d}.md"
        path.write_text(masters[k].replace(f"id: {ids[k]}\n", f"id: gen-{i:05d}\n", 1), "utf-8")
        out.append(path)
    return out


def run(sizes: tuple[int, ...] = (100, 1000), runs: int = 3) -> list[Result]:
    casebook.registry()
    md = parser()
    results: list[Result] = []
    per_case: dict[int, float] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
            files = generate(Path(tmp), n)
            texts = [f.read_text("utf-8") for f in files]
            check([Path(tmp)])  # warm caches (registry, compiled validators)

            def bare(texts: list[str] = texts) -> float:
                return timed(lambda: [md.parse(t) for t in texts])

            def full(folder: Path = Path(tmp), n: int = n) -> float:
                report_holder: list[int] = []
                t = timed(lambda: report_holder.append(len(check([folder]).cases)))
                assert report_holder == [n], "generated cases did not validate"
                return t

            # interleave the two so that a busy moment hits both
            b_samples, f_samples = [], []
            for _ in range(runs):
                b_samples.append(bare())
                f_samples.append(full())
            b = sorted(b_samples)[len(b_samples) // 2]
            f = sorted(f_samples)[len(f_samples) // 2]
            per_case[n] = f / n
            results.append(
                Result(f"casebook check, {n} cases", f, "s", b, "markdown-it-py parse alone", 2.0, samples=f_samples)
            )
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        growth = per_case[large] / per_case[small]
        results.append(
            Result(
                f"time per case, {large} vs {small} cases",
                growth,
                "x",
                None,
                "",
                1.25,
                notes="1.0 is perfectly linear growth",
            )
        )
    return results


__all__ = ["generate", "median_of", "run"]
