"""Simulated trainees for the workshop load test and benchmark: processes that answer every question of
every case through the same store code as the trainee kernels, while a dashboard polls the room."""

from __future__ import annotations

import multiprocessing as mp
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import casebook
from casebook import report, workshop
from casebook.grading import correct_answer, grade, wrong_answer
from casebook.store import Store


def trainee(path: str, learner: str, seed: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    """Answer every item once (right or wrong at random); report (attempt ids, write latencies)."""
    rng = random.Random(seed)
    store = Store(path)
    store.attempts_limit = None  # a script answers faster than the per-person limit allows
    ids: list[int] = []
    times: list[float] = []
    for case in casebook.cases():
        for item in case.quizzes:
            answer = correct_answer(item) if (rng.random() < 0.6 or not item.graded) else wrong_answer(item)
            if not item.graded:
                answer = "A draft reflection."
            r = grade(item, answer)
            t0 = time.perf_counter()
            ids.append(
                store.record(
                    learner, item.key, item.type, answer, score=r.score, max_score=r.max_score, correct=r.correct
                )
            )
            times.append(time.perf_counter() - t0)
    store.close()
    out.put((learner, ids, times))


@dataclass
class LoadResult:
    trainees: int
    expected: int
    rows: int
    distinct_ids: int
    integrity: str
    write_p50: float
    write_p95: float
    refresh_p50: float
    refresh_p95: float
    refresh_max: float
    answer_to_dashboard_p95: float


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def run(path: Path, n: int, poll_seconds: float = 0.5) -> LoadResult:
    """Start ``n`` trainee processes at once; poll the dashboard statistics until they finish."""
    store = Store(path)
    ws, _key = workshop.create(store, f"load {n}")
    members = [workshop.join(store, ws.code, f"T{i}") for i in range(n)]
    items = sum(len(c.quizzes) for c in casebook.cases())
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [ctx.Process(target=trainee, args=(str(path), m.learner, i, out)) for i, m in enumerate(members)]
    first = casebook.cases()[0]
    refresh: list[float] = []
    lag: list[float] = []
    for p in procs:
        p.start()
    results = []
    seen_id = 0
    while len(results) < n:
        t0 = time.perf_counter()
        stats = report.case_stats(store, ws.code, first)  # what the dashboard draws each refresh
        newest = workshop.last_change(store, ws.code)[0]
        refresh.append(time.perf_counter() - t0)
        if newest > seen_id:
            # the newest attempt's age when the dashboard saw it: polling interval + refresh time
            row = store.query("SELECT created FROM attempts WHERE id = ?", (newest,))
            if row:
                from datetime import UTC, datetime

                made = datetime.fromisoformat(row[0][0])
                lag.append((datetime.now(UTC) - made).total_seconds())
            seen_id = newest
        assert stats is not None
        while not out.empty():
            results.append(out.get())
        if len(results) < n and not any(p.is_alive() for p in procs) and out.empty():
            raise RuntimeError(f"{n - len(results)} trainee process(es) died without reporting")
        time.sleep(poll_seconds)
    for p in procs:
        p.join(timeout=60)
    all_ids = [i for _l, ids, _t in results for i in ids]
    writes = [t for _l, _i, times in results for t in times]
    rows = store.query("SELECT COUNT(*) FROM attempts WHERE learner LIKE 't-%'")[0][0]
    integrity = store.integrity()
    store.close()
    return LoadResult(
        trainees=n,
        expected=n * items,
        rows=int(rows),
        distinct_ids=len(set(all_ids)),
        integrity=integrity,
        write_p50=statistics.median(writes),
        write_p95=_pct(writes, 0.95),
        refresh_p50=statistics.median(refresh),
        refresh_p95=_pct(refresh, 0.95),
        refresh_max=max(refresh),
        answer_to_dashboard_p95=_pct(lag, 0.95),
    )
