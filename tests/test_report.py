"""A workshop's exports: the CSV in words (codes kept beside them), the printable report of the questions
the room answered, and `casebook workshop export` writing both files when asked for neither."""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest

import casebook
from casebook import report, workshop
from casebook.cli import main
from casebook.grading import JSON, correct_answer, grade
from casebook.model import QuizItem
from casebook.store import Store, default_store

CASE = "dealership-insider"
# A store that records which workshop an attempt counts toward takes ``room``; an older one counts a
# member's attempts toward their workshop without it.
ROOM = "room" in inspect.signature(Store.record).parameters


def say(store: Store, code: str, learner: str, item: QuizItem, answer: JSON, kind: str = "check") -> None:
    """Store an answer of a member of workshop ``code`` as a quiz widget on their page does."""
    r = grade(item, answer)
    extra = {"room": code} if ROOM else {}
    store.record(
        learner,
        item.key,
        item.type,
        answer,
        score=r.score,
        max_score=r.max_score,
        correct=r.correct,
        kind=kind,
        **extra,  # type: ignore[arg-type]
    )


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def room():  # type: ignore[no-untyped-def]
    store = default_store()
    ws, _key = workshop.create(store, "Report day")
    return store, ws, casebook.load(CASE)


def test_csv_tells_questions_and_answers_in_words(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, case = room
    lin = workshop.join(store, ws.code, "Lin").learner
    single = case.quiz("dealer-processor")
    multiple = case.quiz("dealer-remedies")
    order = case.quiz("dealer-timeline-order")
    match = case.quiz("dealer-match-basis")
    reflection = case.quiz("dealer-ask-dealership")
    scenario = case.quiz("dealer-advocate-call")
    citation = case.quiz("dealer-cite-psapl")
    say(store, ws.code, lin, single, "a")
    say(store, ws.code, lin, multiple, ["d", "a"])
    say(store, ws.code, lin, order, correct_answer(order))
    say(store, ws.code, lin, match, correct_answer(match))
    say(store, ws.code, lin, reflection, "=HYPERLINK(1) Ask how the list left the shop.")
    say(store, ws.code, lin, scenario, [["start", "b"]])
    say(store, ws.code, lin, citation, {"verdict": "renumbered", "article": "a"})
    say(store, ws.code, lin, single, "a", kind="reveal")
    got = rows(report.export_csv(store, ws.code))
    assert list(got[0]) == list(report.CSV_FIELDS)
    by = {(r["item"], r["kind"]): r for r in got}

    r = by[(single.key, "check")]
    assert r["question"] == single.stem_text
    assert r["answer"] == single.options[0].text and r["answer_codes"] == '"a"'
    assert (r["score"], r["max_score"], r["correct"]) == ("0.0", "1.0", "0")

    r = by[(multiple.key, "check")]  # in the order the options are written
    assert r["answer"] == f"{multiple.options[0].text}; {multiple.options[3].text}"
    assert json.loads(r["answer_codes"]) == ["d", "a"]

    r = by[(order.key, "check")]
    texts = {o.key: o.text for o in order.options}
    assert r["answer"] == " → ".join(texts[k] for k in correct_answer(order))
    assert r["answer"].startswith("The owner buys the car") and r["score"] == "5.0"

    r = by[(match.key, "check")]
    first = match.options[0]
    assert r["answer"].startswith(f"{first.text} → {first.answer}; ") and r["answer"].count(" → ") == 4
    assert json.loads(r["answer_codes"])["a"] == first.answer

    r = by[(reflection.key, "check")]
    assert r["answer"] == "'=HYPERLINK(1) Ask how the list left the shop.", "a formula-like cell is escaped"
    assert (r["score"], r["max_score"], r["correct"]) == ("", "", ""), "a reflection is not scored 0"

    r = by[(scenario.key, "check")]
    assert r["answer"] == scenario.steps[0].options[1].text

    r = by[(citation.key, "check")]
    assert r["answer"] == f"Renumbered; {citation.options[0].text}"

    r = by[(single.key, "reveal")]
    assert (r["score"], r["max_score"], r["correct"]) == ("", "", ""), "showing the answer is not a score"


def test_report_covers_only_the_questions_asked(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, case = room
    a, b = (workshop.join(store, ws.code, n).learner for n in ("Lin", "Amal"))
    order = case.quiz("dealer-timeline-order")
    single = case.quiz("dealer-processor")
    say(store, ws.code, a, order, correct_answer(order))
    say(store, ws.code, b, order, list(reversed(correct_answer(order))))
    say(store, ws.code, b, single, "b")
    html = report.report_html(store, ws.code)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert case.title.en in text and single.stem_text in text and order.stem_text in text
    assert case.quiz("dealer-remedies").stem_text not in text, "a question nobody answered is left out"
    others = [c.title.en for c in casebook.cases() if c.id != CASE]
    line = next(ln for ln in html.split("<p>") if ln.startswith("Not used in this workshop"))
    assert all(unescape(line).count(t) == 1 for t in [*others, "Final review"])
    assert html.count("<h2>") == 2, "the summary and the one case used"
    assert "2 / 2" in html and "50%" in html
    assert "Right arrangement" in html and "1. The owner buys the car" in unescape(html)
    cells = re.findall(r"<tr><td>([^<]*)</td><td>\d+ / \d+", html)
    assert [unescape(c) for c in cells] == [order.stem_text, single.stem_text], "whole, in the case's order"


def test_report_cuts_long_questions_at_a_word(room, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store, ws, case = room
    lin = workshop.join(store, ws.code, "Lin").learner
    item = case.quiz("dealer-processor")  # "Who is the personal-information processor answerable for ..."
    say(store, ws.code, lin, item, "b")
    monkeypatch.setattr(report, "STEM_CHARS", 40)
    cells = re.findall(r"<tr><td>([^<]*)</td><td>\d+ / \d+", report.report_html(store, ws.code))
    assert cells == ["Who is the personal-information…"]
    assert item.stem_text.startswith(cells[0][:-1] + " ")


def test_report_of_an_unused_workshop_says_so(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _case = room
    html = report.report_html(store, ws.code)
    assert "Nobody has answered a question yet." in html and "<table>" not in html


def test_cli_export_without_paths_writes_both(room, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    store, ws, case = room
    lin = workshop.join(store, ws.code, "Lin").learner
    say(store, ws.code, lin, case.quiz("dealer-processor"), "b")
    monkeypatch.chdir(tmp_path)
    assert main(["workshop", "export", ws.code.lower()]) == 0  # $CASEBOOK_STORE, as the fixture set it
    out = capsys.readouterr().out
    csv_file, html_file = tmp_path / f"workshop-{ws.code}.csv", tmp_path / f"workshop-{ws.code}.html"
    assert str(csv_file) in out and str(html_file) in out
    assert rows(csv_file.read_text("utf-8"))[0]["nickname"] == "Lin"
    assert "Workshop report: Report day" in html_file.read_text("utf-8")

    only = tmp_path / "only.csv"
    csv_file.unlink()
    html_file.unlink()
    assert main(["workshop", "export", ws.code, "--csv", str(only), "--anonymous"]) == 0
    assert rows(only.read_text("utf-8"))[0]["nickname"] == "Trainee 1"
    assert not html_file.exists() and not csv_file.exists()

    assert main(["workshop", "export", "NOPE00"]) == 1
    assert "no workshop" in capsys.readouterr().err
