"""A workshop's results: a CSV of every attempt and a printable HTML report (statistics per question,
a summary per case). Pure functions over the store; nicknames can be left out.

The CSV is for reading in a spreadsheet: each row carries the question's text and the answer in words
(option texts, the order of the steps, the rows and what they were matched to, the text written, the
scenario's choices), with the codes kept in ``item`` and ``answer_codes``. Only checked answers of
graded questions are scored: reflections and "show answer" rows leave the score columns empty.

The report covers the questions the room answered; cases nobody answered are named in one line."""

from __future__ import annotations

import csv
import io
import json
from html import escape

from . import workshop
from .grading import JSON
from .loader import cases
from .model import Case, QuizItem
from .review import review_items
from .room import PLACEMENT, VERDICT_LABELS, ItemStats, clip, item_stats, order_text
from .store import Store, csv_safe

__all__ = ["answer_text", "case_stats", "export_csv", "report_html", "review_items"]

CSV_FIELDS = (
    "created",
    "nickname",
    "item",
    "question",
    "type",
    "kind",
    "answer",
    "answer_codes",
    "score",
    "max_score",
    "correct",
)
STEM_CHARS = 300  # the question's text in the report: cut at a word boundary past this


def _option_text(item: QuizItem, key: object) -> str:
    o = next((o for o in item.options if o.key == key), None)
    return " ".join(o.text.split()) if o is not None else f"[{key}]"


def answer_text(item: QuizItem, answer: JSON) -> str:
    """``answer`` to ``item`` in words, as a reader of the export would want it (no codes)."""
    t = item.type
    if answer is None:
        return ""
    if t == "single":
        return _option_text(item, answer)
    if t == "multiple":
        picks = answer if isinstance(answer, list) else [answer]
        known = [o.key for o in item.options if o.key in picks]
        return "; ".join(_option_text(item, k) for k in known + [p for p in picks if p not in known])
    if t == "order":
        return order_text(item, [str(k) for k in answer], n=10_000) if isinstance(answer, list) else str(answer)
    if t == "match":
        if not isinstance(answer, dict):
            return str(answer)
        given = {str(k): str(v) for k, v in answer.items()}
        rows = "; ".join(f"{' '.join(o.text.split())} → {given[o.key]}" for o in item.options if o.key in given)
        extra = "; ".join(f"[{k}] → {v}" for k, v in given.items() if k not in {o.key for o in item.options})
        return "; ".join(p for p in (rows, extra) if p)
    if t == "citation":
        if not isinstance(answer, dict):
            return str(answer)
        verdict = answer.get("verdict")
        parts = [VERDICT_LABELS.get(str(verdict), str(verdict))] if verdict else []
        if answer.get("article") is not None:
            parts.append(_option_text(item, answer.get("article")))
        return "; ".join(parts)
    if t == "scenario":
        if not isinstance(answer, list):
            return str(answer)
        texts = []
        for pair in answer:
            if not (isinstance(pair, list | tuple) and len(pair) == 2):
                texts.append(str(pair))
                continue
            step = next((s for s in item.steps if s.id == pair[0]), None)
            o = next((o for o in step.options if o.key == pair[1]), None) if step else None
            texts.append(" ".join(o.text.split()) if o is not None else f"[{pair[0]}: {pair[1]}]")
        return " → ".join(texts)
    return answer if isinstance(answer, str) else str(answer)  # reflection: the text written


def _items_by_key() -> dict[str, QuizItem]:
    out = {i.key: i for c in cases() for i in c.quizzes}
    out.update((i.key, i) for i in review_items())
    return out


def export_csv(store: Store, code: str, *, anonymous: bool = False) -> str:
    """Every attempt by the workshop's members, oldest first: the question and the answer in words, the
    codes beside them; score columns empty where nothing was scored (reflections, answers shown)."""
    names = {m.learner: m.nickname for m in workshop.members(store, code)}
    order = {learner: n for n, learner in enumerate(names, 1)}
    rows = store.query(
        "SELECT a.created, a.learner, a.item, a.type, a.kind, a.answer, a.score, a.max_score, a.correct "
        "FROM attempts a JOIN members m ON m.learner = a.learner AND m.workshop = ? ORDER BY a.id",
        (workshop.normalise_code(code),),
    )
    items = _items_by_key()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for created, learner, key, typ, kind, answer, score, max_score, correct in rows:
        who = f"Trainee {order[learner]}" if anonymous else names[learner]
        value = json.loads(answer)
        codes = json.dumps(value, ensure_ascii=False)
        item = items.get(key)
        question = " ".join(item.stem_text.split()) if item is not None else ""
        # a question no longer in the casebook: the codes are all there is
        fallback = value if isinstance(value, str) else codes
        text = answer_text(item, value) if item is not None else fallback
        scored = kind == "check" and typ != "reflection" and (item is None or item.graded)
        if not scored:
            score = max_score = correct = ""
        cells = (created, who, key, question, typ, kind, text, codes, score, max_score, correct)
        w.writerow([csv_safe(v) for v in cells])
    return buf.getvalue()


def case_stats(store: Store, code: str, case: Case | None) -> list[ItemStats]:
    """Statistics for each question of ``case`` (``None``: the review) among the workshop's members."""
    answers = workshop.room_answers(store, code)
    n = len(workshop.members(store, code))
    items = case.quizzes if case is not None else tuple(review_items())
    return [item_stats(i, answers.get(i.key, {}).values(), n) for i in items]


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)}%"


def _bars_html(s: ItemStats) -> str:
    if not s.item.graded:
        return f"{s.answered} written"
    lines = []
    for b in s.bars:
        if b.kind == PLACEMENT:
            lines.append(f"{escape(b.label)}: {b.count} right")
        else:
            lines.append(f"{'✔ ' if b.correct else ''}{escape(b.label)}: {b.count}")
    head = ""
    if any(b.kind == PLACEMENT for b in s.bars):
        head = "<em>Right arrangement; how many put each row in its place:</em><br>"
    return head + "<br>".join(lines)


def report_html(store: Store, code: str) -> str:
    """A self-contained, printable HTML report of a workshop: the questions the room answered, case by
    case; the cases nobody answered named in one line."""
    ws = workshop.get(store, code)
    if ws is None:
        raise ValueError(f"no workshop {code!r}")
    n = len(workshop.members(store, code))
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Workshop report: {escape(ws.title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45}"
        "table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.2rem}th,td{border:1px solid #999;"
        "padding:0.25rem 0.45rem;text-align:left;vertical-align:top}h2{margin-top:1.2rem}"
        "@media print{body{margin:0;font-size:10pt}tr{break-inside:avoid}h2{break-after:avoid}}</style>",
        "</head><body>",
        f"<h1>Workshop report: {escape(ws.title)}</h1>",
        f"<p>Code {escape(ws.code)}, created {escape(ws.created[:16].replace('T', ' '))} UTC; {n} trainee(s). "
        "Training material, not legal advice. Trainees appear by nickname only in the CSV export, not here. "
        "Facility: the share of those who answered who got the question fully right.</p>",
    ]
    sections: list[tuple[str, list[ItemStats]]] = [(c.title.en, case_stats(store, code, c)) for c in cases()]
    sections.append(("Final review", case_stats(store, code, None)))
    used = [(title, [s for s in stats if s.answered]) for title, stats in sections]
    used = [(title, stats) for title, stats in used if stats]
    unused = [title for title, stats in sections if not any(s.answered for s in stats)]
    if not used:
        parts.append("<p>Nobody has answered a question yet.</p></body></html>")
        return "".join(parts)
    parts.append(
        "<h2>Summary per case</h2><table><tr><th scope='col'>Case</th><th scope='col'>Questions answered</th>"
        "<th scope='col'>Answers</th><th scope='col'>Mean facility</th></tr>"
    )
    for title, stats in used:
        fac = [s.facility for s in stats if s.facility is not None]
        mean = sum(fac) / len(fac) if fac else None
        parts.append(
            f"<tr><td>{escape(title)}</td><td>{len(stats)}</td><td>{sum(s.answered for s in stats)}</td>"
            f"<td>{_pct(mean)}</td></tr>"
        )
    parts.append("</table>")
    if unused:
        parts.append(f"<p>Not used in this workshop (nobody answered): {escape('; '.join(unused))}.</p>")
    for title, stats in used:
        parts.append(
            f"<h2>{escape(title)}</h2><table><tr><th scope='col'>Question</th><th scope='col'>Answered"
            "</th><th scope='col'>Facility</th><th scope='col'>Answers</th>"
            "<th scope='col'>Most chosen wrong answer</th></tr>"
        )
        for s in stats:
            parts.append(
                f"<tr><td>{escape(clip(s.item.stem_text, STEM_CHARS))}</td><td>{s.answered} / {s.members}</td>"
                f"<td>{_pct(s.facility)}</td><td>{_bars_html(s)}</td><td>{escape(s.top_wrong or '–')}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
