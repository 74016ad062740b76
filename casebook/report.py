"""A workshop's results: a CSV of every attempt and a printable HTML report (statistics per question,
a summary per case). Pure functions over the store; nicknames can be left out."""

from __future__ import annotations

import csv
import io
import json
from html import escape

from . import workshop
from .loader import cases
from .model import Case
from .review import review_items

__all__ = ["case_stats", "export_csv", "report_html", "review_items"]
from .room import ItemStats, item_stats
from .store import Store, csv_safe

CSV_FIELDS = ("created", "nickname", "item", "type", "kind", "answer", "score", "max_score", "correct")


def export_csv(store: Store, code: str, *, anonymous: bool = False) -> str:
    """Every attempt by the workshop's members, oldest first (answers as JSON)."""
    names = {m.learner: m.nickname for m in workshop.members(store, code)}
    order = {learner: n for n, learner in enumerate(names, 1)}
    rows = store.query(
        "SELECT a.created, a.learner, a.item, a.type, a.kind, a.answer, a.score, a.max_score, a.correct "
        "FROM attempts a JOIN members m ON m.learner = a.learner AND m.workshop = ? ORDER BY a.id",
        (workshop.normalise_code(code),),
    )
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for created, learner, item, typ, kind, answer, score, max_score, correct in rows:
        who = f"Trainee {order[learner]}" if anonymous else names[learner]
        answer_text = json.dumps(json.loads(answer), ensure_ascii=False)
        w.writerow([csv_safe(v) for v in (created, who, item, typ, kind, answer_text, score, max_score, correct)])
    return buf.getvalue()


def case_stats(store: Store, code: str, case: Case | None) -> list[ItemStats]:
    """Statistics for each question of ``case`` (``None``: the review) among the workshop's members."""
    answers = workshop.room_answers(store, code)
    n = len(workshop.members(store, code))
    items = case.quizzes if case is not None else tuple(review_items())
    return [item_stats(i, answers.get(i.key, {}).values(), n) for i in items]


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)}%"


def report_html(store: Store, code: str) -> str:
    """A self-contained, printable HTML report of a workshop."""
    ws = workshop.get(store, code)
    if ws is None:
        raise ValueError(f"no workshop {code!r}")
    n = len(workshop.members(store, code))
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Workshop report: {escape(ws.title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.5}"
        "table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem}th,td{border:1px solid #999;"
        "padding:0.3rem 0.5rem;text-align:left;vertical-align:top}@media print{h2{break-before:page}}</style>",
        "</head><body>",
        f"<h1>Workshop report: {escape(ws.title)}</h1>",
        f"<p>Code {escape(ws.code)}, created {escape(ws.created[:16].replace('T', ' '))} UTC; {n} trainee(s). "
        "Training material, not legal advice. Trainees appear by nickname only in the CSV export, not here.</p>",
    ]
    sections: list[tuple[str, list[ItemStats]]] = [(c.title.en, case_stats(store, code, c)) for c in cases()]
    sections.append(("Final review", case_stats(store, code, None)))
    parts.append(
        "<h2>Summary per case</h2><table><tr><th scope='col'>Case</th><th scope='col'>Questions</th>"
        "<th scope='col'>Answers</th><th scope='col'>Mean facility</th></tr>"
    )
    for title, stats in sections:
        fac = [s.facility for s in stats if s.facility is not None]
        mean = sum(fac) / len(fac) if fac else None
        parts.append(
            f"<tr><td>{escape(title)}</td><td>{len(stats)}</td><td>{sum(s.answered for s in stats)}</td>"
            f"<td>{_pct(mean)}</td></tr>"
        )
    parts.append("</table>")
    for title, stats in sections:
        parts.append(
            f"<h2>{escape(title)}</h2><table><tr><th scope='col'>Question</th><th scope='col'>Answered"
            "</th><th scope='col'>Facility</th><th scope='col'>Answers</th>"
            "<th scope='col'>Most chosen wrong answer</th></tr>"
        )
        for s in stats:
            bars = "<br>".join(f"{'✔ ' if b.correct else ''}{escape(b.label)}: {b.count}" for b in s.bars)
            parts.append(
                f"<tr><td>{escape(s.item.stem_text[:160])}</td><td>{s.answered} / {s.members}</td>"
                f"<td>{_pct(s.facility)}</td><td>{bars}</td><td>{escape(s.top_wrong or '–')}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
