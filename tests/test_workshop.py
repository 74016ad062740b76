"""Workshops: codes and keys, joining, the trainer's controls reaching trainee pages, the dashboard,
exports, the command line, and the store's migration from schema 1."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import casebook
import widgets
from casebook import report, visitor, workshop
from casebook.grading import correct_answer, wrong_answer
from casebook.store import SCHEMA_VERSION, Store, default_store
from widgets import session

CASE = "dealership-insider"


@pytest.fixture
def room():  # type: ignore[no-untyped-def]
    store = default_store()  # the store every kernel of this machine shares ($CASEBOOK_STORE, per test)
    ws, key = workshop.create(store, "Clinic day 1")
    yield store, ws, key
    session.reset()


def test_code_and_key(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    assert len(ws.code) == 6 and set(ws.code) <= set(workshop.CODE_ALPHABET)
    assert workshop.verify(store, ws.code.lower(), key)
    assert not workshop.verify(store, ws.code, key + "x") and not workshop.verify(store, ws.code, "")
    assert not workshop.verify(store, "NOPE00", key)
    assert key.encode() not in Path(store.path).read_bytes(), "the trainer key is stored in clear"


def test_join_with_nickname_or_anonymously(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _key = room
    a = workshop.join(store, ws.code, "Lin")
    b = workshop.join(store, f" {ws.code.lower()} ", "Lin")
    c = workshop.join(store, ws.code, "")
    assert (a.nickname, b.nickname, c.nickname) == ("Lin", "Lin (2)", "Trainee 3")
    assert len({a.learner, b.learner, c.learner}) == 3 and all(m.learner.startswith("t-") for m in (a, b, c))
    with pytest.raises(workshop.WorkshopError, match="No workshop has this code"):
        workshop.join(store, "ZZZZZZ", "Lin")
    with pytest.raises(workshop.WorkshopError, match="1 to 80"):
        workshop.join(store, ws.code, "x" * 81)


def test_trainee_page_follows_the_trainer(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _key = room
    case = casebook.load(CASE)
    m = workshop.join(store, ws.code, "Amal", visitor=visitor.current(store).id)
    banner = widgets.page("")  # any page of this browser: the membership is the browser's, not the link's
    assert "Clinic day 1" in banner.value and "Amal" in banner.value
    facts = widgets.show(case, "facts")
    legal = widgets.show(case, "legal-basis")
    quizzes = widgets.quizzes(case, "legal-basis")
    first = widgets.quizzes(case, "facts")
    assert facts.children[1].layout.display is None, "the first section is open from the start"
    assert len(legal.children) == 1 and "opens when your trainer" in legal.children[0].value
    assert len(quizzes.children) == 1, "a locked section's quizzes are not even built"
    q = first.children[1].children[0]
    assert q.answer_button.disabled and q.learner == m.learner
    q.reveal()
    assert "Your trainer will reveal the answer" in q.feedback.value

    workshop.set_control(store, ws.code, "open", f"{CASE}/legal-basis", True)
    workshop.set_control(store, ws.code, "reveal", q.item.key, True)
    assert session.current().poll()
    assert legal.children[1].layout.display is None and legal.children[0].value == ""
    assert quizzes.children[1].layout.display is None and quizzes.children[1].children[0].learner == m.learner
    assert q.room_revealed and "cb-answer" in q.feedback.value and not q.answer_button.disabled

    workshop.set_control(store, ws.code, "reveal", q.item.key, False)
    session.current().poll()
    assert not q.room_revealed and "cb-answer" not in q.feedback.value


def test_live_updates_reach_the_page_within_two_seconds(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _key = room
    m = workshop.join(store, ws.code, None)
    assert session.current().start(ws.code, m.learner, store)
    legal = widgets.show(casebook.load(CASE), "legal-basis")
    workshop.set_control(store, ws.code, "open", f"{CASE}/legal-basis", True)
    deadline = time.monotonic() + 2.0
    while len(legal.children) == 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert legal.children[1].layout.display is None


def test_a_link_naming_a_workshop_says_why_it_does_not_apply(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _key = room
    other = workshop.join(store, ws.code, "Lin")  # someone else's member token, pasted into a link
    out = widgets.page(f"workshop={ws.code}&learner={other.learner}")
    assert "You have not joined the workshop" in out.value and not session.current().active
    assert "No workshop has the code ZZZZZZ" in widgets.page("workshop=ZZZZZZ").value
    assert not session.current().active
    workshop.close(store, ws.code)
    assert f"The workshop {ws.code} has ended" in widgets.page(f"workshop={ws.code}").value
    assert widgets.page("").value == ""


def test_a_workshop_that_ends_sends_its_trainees_back_to_practice(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _key = room
    v = visitor.current(store)
    m = workshop.join(store, ws.code, "Amal", visitor=v.id)
    assert visitor.current_learner(store) == m.learner
    workshop.close(store, ws.code)
    out = widgets.page("")
    assert "has ended" in out.value and "Your answers are kept" in out.value
    assert not session.current().active and visitor.current_learner(store) != m.learner
    with pytest.raises(workshop.WorkshopError, match="has ended"):
        workshop.join(store, ws.code, "Amal", visitor=v.id)


def test_join_widget(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _key = room
    w = widgets.join_workshop(store)
    w.code.value = "wrong1"
    w.join_button.click()
    assert "No workshop has this code" in w.status.value and w.links.value == ""
    w.code.value = ws.code
    w.nickname.value = "Sara"
    w.join_button.click()
    assert "You joined the workshop as Sara" in w.status.value
    assert "01-dealership-insider.ipynb" in w.links.value and "learner=" not in w.links.value
    assert session.current().active and session.current().nickname == "Sara"
    member = workshop.members(store, ws.code)[0]
    assert member.resume_display in w.status.value and len(member.resume or "") == workshop.RESUME_LENGTH
    assert w.form.layout.display == "none" and w.leave_button.layout.display is None
    # The same browser joining again (a reload, a second tab) is the same trainee, not "Sara (2)".
    again = widgets.join_workshop(store)
    assert "You joined the workshop as Sara" in again.status.value
    assert [m.nickname for m in workshop.members(store, ws.code)] == ["Sara"]
    w.leave_button.click()
    assert not session.current().active and "You left the workshop" in w.status.value
    assert visitor.current(store).workshop is None and w.form.layout.display is None
    w.code.value, w.nickname.value = ws.code, "Sara"
    w.join_button.click()
    assert [m.nickname for m in workshop.members(store, ws.code)] == ["Sara"], "rejoining resumes"


def _answer(store: Store, learner: str, item: casebook.QuizItem, right: bool, code: str | None = None) -> None:
    """``learner`` checks an answer to ``item``, on a page in workshop ``code`` when given."""
    w = widgets.quiz(item, store=store, learner=learner)
    if code is not None:
        s = session.Session()
        if s.start(code, learner, store):
            w.room = s
    w.set_answer(correct_answer(item) if right else wrong_answer(item))
    w.check_button.click()


def test_dashboard_needs_the_key_and_shows_the_room(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    case = casebook.load(CASE)
    item = case.quiz("dealer-processor")
    d = widgets.Dashboard(store, query=f"workshop={ws.code}")
    assert d.code.value == ws.code
    d.key.value = "guess"
    d.open_button.click()
    assert "do not match" in d.status.value and d.main.children == ()
    d.key.value = key
    d.open_button.click()
    assert d.main.children and d.key.value == ""
    try:
        a, b, c = (workshop.join(store, ws.code, n) for n in ("Lin", "Amal", None))
        _answer(store, a.learner, item, True, ws.code)
        _answer(store, b.learner, item, False, ws.code)
        _answer(store, c.learner, item, False, ws.code)
        _answer(store, b.learner, item, True, ws.code)  # a second attempt: practice, the first one counts
        _answer(store, "someone-else", item, True, ws.code)  # not a member: not counted
        assert d.refresh()
        panel = d.item_panels[[q.key for q in case.quizzes].index(item.key)].value
        assert "3 of 3 answered · facility 33%" in panel
        assert "Most chosen wrong answer: The technician, because he is the one who used the number." in panel
        assert "✔" in panel and "Lin, Amal, Trainee 3" in d.members.value
        d.anonymous.value = True
        panel = d.item_panels[[q.key for q in case.quizzes].index(item.key)].value
        assert "✔" not in panel and "Most chosen wrong" not in panel and "Lin" not in d.members.value

        toggle = d.reveal_toggles[[q.key for q in case.quizzes].index(item.key)]
        toggle.value = True
        assert item.key in workshop.controls(store, ws.code)["reveal"]
        d.section_toggles[f"{CASE}/legal-basis"].value = True
        assert f"{CASE}/legal-basis" in workshop.controls(store, ws.code)["open"]
        assert d.section_toggles[f"{CASE}/facts"].disabled

        csv_text = d.export_csv()
        assert csv_text.count("\n") == 5 and "Trainee 1" in csv_text and "someone-else" not in csv_text
        d.anonymous.value = False
        assert "Lin" in d.export_csv()
        html = d.export_report()
        assert "Workshop report: Clinic day 1" in html and "33%" in html and "download=" in d.downloads.value
        d.case.value = "review"
        assert len(d.item_panels) == len(casebook.review_items())
    finally:
        d.stop()


def test_report_escapes_hostile_titles(room) -> None:  # type: ignore[no-untyped-def]
    store, _ws, _key = room
    ws, _k = workshop.create(store, "<script>alert(1)</script>")
    assert "<script>" not in report.report_html(store, ws.code)


def test_store_migrates_from_schema_1(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    from casebook.store import _SCHEMA

    db.executescript(_SCHEMA)
    db.execute(
        "INSERT INTO attempts (learner, item, type, mode, kind, answer, score, max_score, correct, created) "
        "VALUES ('Lin', 'c/i', 'single', 'practice', 'check', '\"a\"', 1, 1, 1, '2026-01-01')"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = Store(path)
    assert store.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION == 4
    assert store.latest("Lin", "c/i").answer == "a"
    ws, _key = workshop.create(store, "after migration")
    assert workshop.get(store, ws.code) is not None
    store.close()


def test_cli_workshop_new_list_export(tmp_path: Path) -> None:
    store = str(tmp_path / "cli.sqlite3")
    run = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "workshop", "new", "CLI day", "--store", store],
        capture_output=True,
        text=True,
        check=True,
    )
    code = next(ln.split()[-1] for ln in run.stdout.splitlines() if ln.startswith("Join code"))
    key = next(ln.split()[-1] for ln in run.stdout.splitlines() if ln.startswith("Trainer key"))
    s = Store(store)
    assert workshop.verify(s, code, key)
    workshop.join(s, code, "Lin")
    s.close()
    listed = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "workshop", "list", "--store", store],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert code in listed and "1 trainee(s)" in listed and "CLI day" in listed
    out_csv, out_html = tmp_path / "w.csv", tmp_path / "w.html"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "casebook.cli",
            "workshop",
            "export",
            code,
            "--store",
            store,
            "--csv",
            str(out_csv),
            "--html",
            str(out_html),
        ],
        check=True,
        capture_output=True,
    )
    assert out_csv.read_text().startswith("created,nickname,item") and "CLI day" in out_html.read_text()
    bad = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "workshop", "export", "NOPE00", "--store", store],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "no workshop" in bad.stderr and "Traceback" not in bad.stderr


def test_self_test_copies_do_not_join_the_room(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _key = room
    workshop.join(store, ws.code, "Lin", visitor=visitor.current(store).id)
    widgets.page("")
    assert session.current().active
    widgets.selftest(casebook.load(CASE))  # raised SelfTestError when its quizzes were locked like the room's
    assert session.current().quizzes == []


def test_the_query_string_is_asked_of_voila_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    calls = []
    fake = types.ModuleType("voila.utils")
    fake.get_query_string = lambda: calls.append(1) or "lang=ar&workshop=ABC234"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "voila.utils", fake)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("QUERY_STRING", "inherited-from-the-server")  # never trusted in a preheated kernel
    session.reset()
    try:
        assert session.query_string() == "lang=ar&workshop=ABC234"
        assert session.query_string() == "lang=ar&workshop=ABC234"  # page(), then the dashboard
        assert calls == [1], "a second wait for the request would never end in a preheated kernel"
    finally:
        session.reset()
