"""The room's controls as a trainer uses them: open → close answers → reveal per question, statistics from
each trainee's first complete answer while the question is open, who is done and who is stuck, the
reflections, the projector view, view settings that survive a reload, Enter in the key field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import casebook
import widgets
from casebook import visitor, workshop
from casebook.grading import correct_answer, wrong_answer
from casebook.store import default_store
from widgets import session

CASE = "dealership-insider"


@pytest.fixture
def room():  # type: ignore[no-untyped-def]
    store = default_store()
    ws, key = workshop.create(store, "Room controls")
    yield store, ws, key
    session.reset()


def _page(store, code: str, nickname: str, item):  # type: ignore[no-untyped-def]
    """A trainee's quiz on their own page in the workshop."""
    m = workshop.join(store, code, nickname)
    s = session.Session()
    assert s.start(code, m.learner, store)
    w = widgets.quiz(item, store=store, learner=m.learner)
    s.register(w)
    s.stop()
    return m, w


def _check(w, right: bool) -> None:  # type: ignore[no-untyped-def]
    w.set_answer(correct_answer(w.item) if right else wrong_answer(w.item))
    w.check_button.click()


def _open_dashboard(store, ws, key):  # type: ignore[no-untyped-def]
    d = widgets.Dashboard(store, query=f"workshop={ws.code}")
    d.key.value = key  # Enter in the key field: the value arrives, the dashboard opens
    assert d.workshop_code == ws.code and d.main.children
    return d


def test_enter_in_the_key_field_opens_the_dashboard(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    d = widgets.Dashboard(store, query=f"workshop={ws.code}")
    d.key.value = "wrong"
    assert d.workshop_code is None and "do not match" in d.status.value
    d.key.value = key
    try:
        assert d.workshop_code == ws.code and d.key.value == "" and d.login_box.layout.display == "none"
    finally:
        d.stop()


def test_close_and_reveal_freeze_the_statistics(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    item = casebook.load(CASE).quiz("dealer-processor")
    (_a, wa), (_b, wb), (_c, wc) = (_page(store, ws.code, n, item) for n in ("Lin", "Amal", "Omar"))
    d = _open_dashboard(store, ws, key)
    n = [q.key for q in d._items()].index(item.key)
    try:
        _check(wa, True)
        _check(wb, False)
        _check(wb, True)  # a second try: practice, her first complete answer is the one that counts
        d.refresh(force=True)
        assert "2 of 3 answered · facility 50%" in d.item_panels[n].value
        assert "Answers open" in d.item_panels[n].value

        d.close_toggles[n].value = True
        assert workshop.item_state(workshop.controls(store, ws.code), item.key) == "closed"
        assert "Answers closed" in d.item_panels[n].value and d.close_toggles[n].description == "Reopen answers"
        _check(wc, True)  # after close: kept as practice, said on the trainee's page
        assert "does not count for the room" in wc.feedback.value
        d.refresh(force=True)
        assert "2 of 3 answered · facility 50%" in d.item_panels[n].value

        d.reveal_toggles[n].value = True
        assert d.close_toggles[n].disabled, "a revealed question stays closed until the answer is hidden again"
        for w in (wa, wb, wc):
            w.retry_button.click()
            _check(w, True)
        d.refresh(force=True)
        assert "2 of 3 answered · facility 50%" in d.item_panels[n].value, "Reveal spoiled the statistics"
        assert "Answer revealed" in d.item_panels[n].value

        csv_text = d.export_csv()
        assert csv_text.count("\n") == 1 + 3 + 1 + 3, "practice attempts are still exported, none lost"
    finally:
        d.stop()


def test_who_is_done_and_who_is_stuck(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    case = casebook.load(CASE)
    keys = [q.key for q in case.quizzes]
    done = workshop.join(store, ws.code, "Lin")
    stuck = workshop.join(store, ws.code, "Amal")
    idle = workshop.join(store, ws.code, "Omar")
    for q in case.quizzes:
        store.record(done.learner, q.key, q.type, correct_answer(q), correct=True, room=ws.code)
    q = case.quizzes[0]
    for _i in range(workshop.STUCK_WRONG):
        store.record(stuck.learner, q.key, q.type, wrong_answer(q), correct=False, room=ws.code)
    acts = {a.member.nickname: a for a in workshop.activity(store, ws.code, keys)}
    assert acts["Lin"].done and not workshop.is_stuck(acts["Lin"])
    assert workshop.is_stuck(acts["Amal"]) and acts["Amal"].wrong_streak == workshop.STUCK_WRONG
    assert not workshop.is_stuck(acts["Omar"]), "just joined"
    later = datetime.now(UTC) + timedelta(minutes=workshop.STUCK_MINUTES + 1)
    assert workshop.is_stuck(acts["Omar"], later), "no answer for minutes"
    assert idle.nickname == "Omar"

    d = _open_dashboard(store, ws, key)
    try:
        assert "Done (1): Lin" in d.who.value and "Stuck (1): Amal" in d.who.value
        d.anonymous.value = True
        assert "Lin" not in d.who.value and "Done: 1" in d.who.value
    finally:
        d.stop()


def test_reflections_reach_the_trainer_without_names_on_the_projector(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    case = casebook.load(CASE)
    refl = next(q for q in case.quizzes if q.type == "reflection")
    m, w = _page(store, ws.code, "Lin", refl)
    w.set_answer("Ask the dealer which log shows who exported the file.")
    w.check_button.click()
    d = _open_dashboard(store, ws, key)
    n = [q.key for q in d._items()].index(refl.key)
    try:
        panel = d.item_panels[n].value
        assert "which log shows who exported" in panel and "<strong>Lin</strong>" in panel
        d.projector.value = True
        d.show_question(n)
        shown = d.projector_item.value
        assert "which log shows who exported" in shown and "Lin" not in shown
        assert "<strong>Lin</strong>" not in d.item_panels[n].value, "the hidden room view sends no names either"
        assert f"Question {n + 1} of {len(d._items())}" in shown
    finally:
        d.stop()
    assert m.nickname == "Lin"


def test_projector_view_and_settings_survive_a_reload(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    d = _open_dashboard(store, ws, key)
    try:
        d.anonymous.value = True
        d.projector.value = True
        d.next_button.click()
        assert d.shown == 1 and d.room_view.layout.display == "none" and d.projector_box.layout.display is None
        head = d.projector_head.value
        assert ws.code in head and "<svg" in head and f"00-start-here.ipynb?join={ws.code}" in head
        assert 'aria-label="QR code of the join link"' in head
        d.prev_button.click()
        assert d.shown == 0 and d.prev_button.disabled
        d.next_button.click()
        d.case.value = "review"
        assert d.shown == 0, "another case starts at its first question"
        d.next_button.click()
    finally:
        d.stop()
    again = _open_dashboard(store, ws, key)  # the trainer reloads the page
    try:
        assert again.anonymous.value and again.projector.value and again.case.value == "review"
        assert again.shown == 1
    finally:
        again.stop()


def test_the_start_page_fills_in_the_code_from_the_qr_link(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, _key = room
    visitor.forget()
    visitor._QUERY = f"join={ws.code.lower()}"  # the page's request: the trainer's QR code
    w = widgets.join_workshop(store)
    assert w.code.value == ws.code


def test_sections_open_and_close_again(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    workshop.join(store, ws.code, "Lin", visitor=visitor.current(store).id)
    widgets.page("")
    legal = widgets.show(casebook.load(CASE), "legal-basis")
    d = _open_dashboard(store, ws, key)
    try:
        assert len(legal.children) == 1
        toggle = d.section_toggles[f"{CASE}/legal-basis"]
        toggle.value = True
        assert session.current().poll() and legal.children[1].layout.display is None
        toggle.value = False
        assert session.current().poll() and legal.children[1].layout.display == "none"
    finally:
        d.stop()


def test_after_show_answer_alone_checks_are_practice() -> None:
    """Alone: Show answer, then Try again and Check right: the feedback says so and the score stays."""
    store = default_store()
    case = casebook.load(CASE)
    item = case.quiz("dealer-processor")
    w = widgets.quiz(item, store=store, learner="solo")
    _check(w, False)
    w.answer_button.click()
    w.retry_button.click()
    _check(w, True)
    assert "does not change your score" in w.feedback.value
    p = widgets.progress([item], store=store, learner="solo")
    assert "1 of 1 questions answered; score 0 of 1." in p.summary.value
    from casebook.scores import learner_tally

    t = learner_tally(store, "solo", [item])
    assert (t.answered, t.score, t.correct) == (1, 0.0, 0)
    again = widgets.quiz(item, store=store, learner="solo")  # a reload
    assert "does not change your score" in again.feedback.value
    fresh = widgets.quiz(case.quiz("dealer-processor"), store=store, learner="other")
    _check(fresh, True)
    assert "does not change your score" not in fresh.feedback.value
    assert learner_tally(store, "other", [item]).correct == 1


def test_cli_ends_and_reopens_a_workshop(room, capsys) -> None:  # type: ignore[no-untyped-def]
    from casebook.cli import main

    store, ws, _key = room
    assert main(["workshop", "end", ws.code, "--store", str(store.path)]) == 0
    assert "ended" in capsys.readouterr().out and not workshop.get(store, ws.code).is_open
    assert main(["workshop", "list", "--store", str(store.path)]) == 0
    assert "(ended)" in capsys.readouterr().out
    with pytest.raises(workshop.WorkshopError, match="has ended"):
        workshop.join(store, ws.code, "Late")
    assert main(["workshop", "reopen", ws.code, "--store", str(store.path)]) == 0
    assert workshop.get(store, ws.code).is_open
    assert main(["workshop", "end", "NOPE00", "--store", str(store.path)]) == 1


def test_the_dashboard_page_is_in_no_workshop_and_says_no_trainee_notice(room) -> None:  # type: ignore[no-untyped-def]
    _store, ws, _key = room
    assert widgets.page(f"workshop={ws.code}", trainer=True).value == ""
    assert not session.current().active
    assert "You have not joined" in widgets.page(f"workshop={ws.code}").value


def test_join_links_keep_a_language_the_link_asked_for(room) -> None:  # type: ignore[no-untyped-def]
    from widgets.join import links_html

    assert "lang=" not in links_html()
    widgets.page("lang=ar")
    assert "01-dealership-insider.ipynb?lang=ar" in links_html()


def test_projector_qr_code_scales_and_names_a_local_only_address(room) -> None:  # type: ignore[no-untyped-def]
    store, ws, key = room
    d = widgets.Dashboard(store, query=f"workshop={ws.code}&token=abc")
    d.key.value = key
    try:
        d.projector.value = True
        head = d.projector_head.value
        assert "viewBox=" in head and "<svg width=" not in head, "a fixed-size SVG is cropped by the CSS"
        assert f"join={ws.code}&amp;token=abc" in head and "works only on this laptop" in head
        assert "cb-projecting" in d._dom_classes and d.header.layout.display == "none"
    finally:
        d.stop()


def test_a_locked_section_is_never_sent_to_the_page(room) -> None:  # type: ignore[no-untyped-def]
    """Issue 14, item 3: a page (devtools, a crafted comm message) cannot show what it never received."""
    import ipywidgets as ipw

    store, ws, _key = room
    case = casebook.load(CASE)
    workshop.join(store, ws.code, "Lin", visitor=visitor.current(store).id)
    widgets.page("")
    before = set(ipw.Widget.widgets)
    widgets.show(case, "legal-basis")
    widgets.quizzes(case, "legal-basis")
    widgets.data_flow(case)
    sent = " ".join(str(w.get_state()) for k, w in ipw.Widget.widgets.items() if k not in before)
    secret = case.sections["legal-basis"].quizzes[0]
    assert casebook.load(CASE).sections["legal-basis"].html[60:120] not in sent
    assert secret.stem_text[:40] not in sent and "opens when your trainer" in sent
    workshop.set_control(store, ws.code, "open", f"{CASE}/legal-basis", True)
    assert session.current().poll()
    sent = " ".join(str(w.get_state()) for k, w in ipw.Widget.widgets.items() if k not in before)
    assert secret.stem_text[:40] in sent, "opened: now it is built and sent"


def test_a_submitted_review_answer_is_frozen_in_the_model() -> None:
    """Issue 14, item 3: after Submit section, a crafted update of a disabled control and Save change nothing."""
    store = default_store()
    items = list(casebook.review_items())[:2]
    sq = widgets.section_quiz(items, store=store, learner="rev", key="review")
    first = sq.quizzes[0]
    first.set_answer(correct_answer(first.item))
    first.check_button.click()
    sq.submit_button.click()
    sq.confirm_button.click()
    assert first.submitted
    n = len(store.attempts("rev"))
    first.set_answer(wrong_answer(first.item))  # what a page could send to a disabled control
    first.check()
    assert len(store.attempts("rev")) == n and first.answer() == correct_answer(first.item)


def test_in_a_workshop_a_check_does_not_hand_out_the_answer_key(room) -> None:  # type: ignore[no-untyped-def]
    """Issue 14, item 3: tick every box and Check, or Save a reflection: before the trainer reveals, only the
    verdict reaches the page, not which options are right or the model answer."""
    store, ws, _key = room
    case = casebook.load(CASE)
    multi = next(q for q in case.quizzes if q.type == "multiple")
    refl = next(q for q in case.quizzes if q.type == "reflection")
    _m, w = _page(store, ws.code, "Lin", multi)
    w.set_answer([o.key for o in multi.options])
    w.check_button.click()
    assert "Partly right" in w.feedback.value or "Not quite" in w.feedback.value
    assert "come when your trainer reveals it" in w.feedback.value
    details = w.body_html(w.result)  # what practising alone shows: each option marked right or wrong
    assert details and details not in w.feedback.value
    solo = widgets.quiz(multi, store=store, learner="solo")
    solo.set_answer([o.key for o in multi.options])
    solo.check_button.click()
    assert details in solo.feedback.value
    _m2, r = _page(store, ws.code, "Amal", refl)
    r.set_answer("My own thoughts on the case.")
    r.check_button.click()
    assert "Saved" in r.feedback.value and "A model answer" not in r.feedback.value
    workshop.set_control(store, ws.code, "reveal", refl.key, True)
    r.set_room_reveal(True)
    assert "cb-model-answer" in r.feedback.value
