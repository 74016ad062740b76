"""Quiz widgets driven without a browser: set values, click buttons, read the feedback and the store."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import ipywidgets as ipw
import pytest

import widgets
from casebook.model import Case
from casebook.store import Store


class _LiveMarkup(HTMLParser):
    """Collects what a browser would act on: script/img/iframe/object tags, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "img", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "xlink:href") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag}[{name}={value}]")


def live_markup(html: str) -> list[str]:
    p = _LiveMarkup()
    p.feed(html)
    p.close()
    return p.found


def html_values(w: ipw.Widget) -> list[str]:
    """Every HTML value under ``w`` (HTML widgets anywhere in the tree)."""
    out: list[str] = []
    if isinstance(w, ipw.HTML):
        out.append(w.value)
    for child in getattr(w, "children", ()):
        out += html_values(child)
    return out


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_single_practice(case: Case, store: Store) -> None:
    w = widgets.quiz(case.quiz("who-handles"), store=store, learner="amal")
    assert isinstance(w.choices, ipw.RadioButtons) and w.choices.description == "Answer"
    w.choices.value = "a"
    w.check_button.click()
    fb = w.feedback.value
    assert 'role="status"' in fb and 'aria-live="polite"' in fb
    assert "✘ Not quite" in text(fb) and "Score: 0 of 1" in text(fb)
    assert "He misused the data" in fb  # the chosen option's feedback
    assert "PIPL Art. 10" in fb and "No one may illegally collect" in fb and "(in force)" in fb
    w.retry_button.click()
    assert w.choices.value is None and "Not quite" not in w.feedback.value
    w.choices.value = "b"
    w.check_button.click()
    assert "✔ Correct" in text(w.feedback.value) and "Score: 1 of 1" in text(w.feedback.value)
    rows = store.attempts("amal", "widget-demo/who-handles")
    assert [(a.answer, a.score, a.correct, a.kind) for a in rows] == [
        ("a", 0.0, False, "check"),
        ("b", 1.0, True, "check"),
    ]


def test_unanswered_check_stores_nothing(case: Case, store: Store) -> None:
    w = widgets.quiz(case.quiz("who-handles"), store=store, learner="amal")
    w.check_button.click()
    assert "Choose an answer first." in w.feedback.value
    assert store.attempts("amal") == []


def test_show_answer(case: Case, store: Store) -> None:
    w = widgets.quiz(case.quiz("who-handles"), store=store, learner="amal")
    w.answer_button.click()
    assert "The answer" in w.feedback.value and "The dealership" in w.feedback.value
    assert store.latest("amal", "widget-demo/who-handles").kind == "reveal"
    again = widgets.quiz(case.quiz("who-handles"), store=store, learner="amal")
    assert again.revealed and "The dealership" in again.feedback.value


def test_multiple_partial_credit_shown(case: Case, store: Store) -> None:
    w = widgets.quiz(case.quiz("wrongs"), store=store, learner="amal")
    assert all(isinstance(c, ipw.Checkbox) and c.description for c in w.choices)
    w.choices[0].value = True
    w.check_button.click()
    t = text(w.feedback.value)
    assert "◑ Partly right" in t and "Score: 0.5 of 1" in t and "You missed 1 correct option." in t
    assert "✔ Right choice" in t
    w.choices[2].value = True
    w.check_button.click()
    t = text(w.feedback.value)
    assert "✘ Not quite" in t and "✘ Wrong choice" in t and "Score: 0 of 1" in t
    assert store.latest("amal", "widget-demo/wrongs").answer == ["a", "c"]


def test_match_rows(case: Case, store: Store) -> None:
    item = case.quiz("laws")
    w = widgets.quiz(item, store=store, learner="amal")
    assert [d.description for d in w.choices] == [o.text for o in item.options]
    assert all(isinstance(d, ipw.Dropdown) and d.tooltip for d in w.choices)
    assert "Road Traffic Safety Law" in [v for _l, v in w.choices[0].options]
    w.choices[0].value = "Personal Information Protection Law"
    w.choices[1].value = "Road Traffic Safety Law"
    w.check_button.click()
    # Two rows of three: not graded, nothing stored, and no row's right match is told.
    t = text(w.feedback.value)
    assert "Match every row first: 1 of 3 rows have no answer yet." in t
    assert "Right match" not in t and "Wrong match" not in t and "Public Security" not in t
    assert store.attempts("amal", item.key) == []
    w.choices[2].value = "Criminal Law"
    w.check_button.click()
    t = text(w.feedback.value)
    assert "Score: 1 of 3" in t and "✔ Right match" in t and "✘ Wrong match" in t and "no answer" not in t
    assert store.latest("amal", item.key).answer == {
        "a": "Personal Information Protection Law",
        "b": "Road Traffic Safety Law",
        "c": "Criminal Law",
    }


def test_feedback_goes_when_the_answer_changes(case: Case, store: Store) -> None:
    """Feedback is about the answer that was checked; once the learner changes it, it no longer applies."""
    single = widgets.quiz(case.quiz("who-handles"), store=store, learner="amal")
    single.choices.value = "a"
    single.check_button.click()
    assert "Not quite" in text(single.feedback.value)
    single.choices.value = "b"
    assert "Not quite" not in text(single.feedback.value) and single.result is None
    single.choices.value = "a"  # back to the checked answer: nothing comes back until Check
    assert "Not quite" not in text(single.feedback.value)
    order = widgets.quiz(case.quiz("steps"), store=store, learner="amal")
    order.check_button.click()
    assert "out of place" in text(order.feedback.value)
    order.rows[0].down_button.click()
    assert "out of place" not in text(order.feedback.value)
    # Restored after a re-run, the feedback shows, and goes on the first change as well.
    again = widgets.quiz(case.quiz("who-handles"), store=store, learner="amal")
    assert "Not quite" in text(again.feedback.value)
    again.choices.value = "b"
    assert "Not quite" not in text(again.feedback.value)


def test_order_buttons(case: Case, store: Store) -> None:
    item = case.quiz("steps")
    w = widgets.quiz(item, store=store, learner="amal")
    assert w.order == ["a", "b", "c"]
    row = w.rows[0]
    assert row.up_button.description == "Move up" and row.up_button.disabled
    assert row.down_button.tooltip == "Move down: The customer complains to the dealership"
    w.rows[0].down_button.click()  # a b c -> b a c
    assert w.order == ["b", "a", "c"]
    assert w.rows[0].down_button.tooltip == "Move down: The customer buys and services a car"
    w.check_button.click()
    t = text(w.feedback.value)
    assert "2 steps out of place" in t and "✘ Out of place" in t and "you put it at 2" in t
    assert "The customer complains to the dealership" in t and "The technician sends WeChat messages" in t
    w.rows[2].up_button.click()  # b a c -> b c a
    w.check_button.click()
    assert "✔ Correct" in text(w.feedback.value) and "Every step is in its place." in text(w.feedback.value)
    assert store.latest("amal", item.key).answer == ["b", "c", "a"]


def test_citation_two_steps(case: Case, store: Store) -> None:
    item = case.quiz("psapl-42")
    w = widgets.quiz(item, store=store, learner="amal")
    assert "The source cites:" in w.stem.value and "PSAPL (2012) Art. 42(6)" in w.stem.value
    assert w.choices.layout.display == "none"  # the article comes after the verdict
    w.verdict.value = "in_force"
    assert w.choices.layout.display is None
    w.choices.value = "a"
    w.check_button.click()
    t = text(w.feedback.value)
    assert "✘ Status wrong" in t and "✔ Right article" in t and "Score: 1 of 2" in t
    w.verdict.value = "renumbered"
    w.check_button.click()
    t = text(w.feedback.value)
    assert "✔ Status right" in t and "✔ Correct" in t
    # the renumbered article's current number, from the registry
    assert "renumbered from 2026-01-01: now PSAPL Art. 50(6)" in t


def test_scenario_branches(case: Case, store: Store) -> None:
    item = case.quiz("first-call")
    w = widgets.quiz(item, store=store, learner="amal")
    assert w.step.id == "start" and w.check_button.description == "Choose"
    w.choices.value = "a"
    w.check_button.click()
    assert w.step.id == "evidence" and "He has the screenshots" in w.step_html.value
    assert "✔ Better choice" in text(w.feedback.value) and "You chose:" in w.history.value
    w.choices.value = "b"
    w.check_button.click()
    assert w.step.id == "lost" and w.choices.layout.display == "none"
    t = text(w.feedback.value)
    assert "1 of 2 choices were the better ones." in t and "Your path:" in t and "Ending:" in t
    assert "Waiting lets the trail go cold." in t and "Evidence first" in t and "Score: 0.5 of 1" in t
    assert [a.answer for a in store.attempts("amal", item.key)] == [
        [["start", "a"]],
        [["start", "a"], ["evidence", "b"]],
    ]
    w.retry_button.click()
    assert w.step.id == "start" and w.path == []
    w.answer_button.click()
    assert "Better choice:" in w.feedback.value and "Help him write to the dealership" in w.feedback.value


def test_reflection_saved_not_graded(case: Case, store: Store) -> None:
    item = case.quiz("explain")
    w = widgets.quiz(item, store=store, learner="amal")
    assert isinstance(w.text, ipw.Textarea) and w.text.description and w.check_button.description == "Save"
    w.check_button.click()
    assert "Write an answer first." in w.feedback.value
    w.text.value = "He can ask <b>how</b> his data left."
    w.check_button.click()
    fb = w.feedback.value
    assert "✔ Saved" in text(fb) and "Score" not in fb
    assert "He can ask &lt;b&gt;how&lt;/b&gt; his data left." in fb  # the learner's text is escaped
    assert "claim compensation for harm" in fb  # the model answer
    a = store.latest("amal", item.key)
    assert a.answer == "He can ask <b>how</b> his data left." and a.max_score == 0


def test_every_control_is_labelled(case: Case, store: Store) -> None:
    for item in case.quizzes:
        w = widgets.quiz(item, store=store, learner="amal")
        for b in (w.check_button, w.retry_button, w.answer_button):
            assert b.description and b.tooltip
        stack: list[ipw.Widget] = [w]
        while stack:
            x = stack.pop()
            stack += list(getattr(x, "children", ()))
            if isinstance(x, ipw.Button | ipw.RadioButtons | ipw.Checkbox | ipw.Dropdown | ipw.Textarea):
                assert x.description, (item.key, x)


def test_rerun_restores_answer_and_feedback(case: Case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.sqlite3"
    s1 = Store(path)
    answers = {"who-handles": ("choices", "b"), "psapl-42": ("verdict", "renumbered")}
    for item_id, (attr, value) in answers.items():
        w = widgets.quiz(case.quiz(item_id), store=s1, learner="amal")
        getattr(w, attr).value = value
        if item_id == "psapl-42":
            w.choices.value = "a"
        w.check_button.click()
    o = widgets.quiz(case.quiz("steps"), store=s1, learner="amal")
    o.rows[0].down_button.click()
    o.check_button.click()
    s1.close()  # as if the kernel had been restarted
    s2 = Store(path)
    w = widgets.quiz(case.quiz("who-handles"), store=s2, learner="amal")
    assert w.choices.value == "b" and "✔ Correct" in text(w.feedback.value)
    c = widgets.quiz(case.quiz("psapl-42"), store=s2, learner="amal")
    assert (c.verdict.value, c.choices.value) == ("renumbered", "a") and "✔ Correct" in text(c.feedback.value)
    o2 = widgets.quiz(case.quiz("steps"), store=s2, learner="amal")
    assert o2.order == ["b", "a", "c"] and "out of place" in text(o2.feedback.value)
    other = widgets.quiz(case.quiz("who-handles"), store=s2, learner="someone else")
    assert other.choices.value is None and other.result is None


def test_scenario_and_reflection_restore(case: Case, store: Store) -> None:
    w = widgets.quiz(case.quiz("first-call"), store=store, learner="amal")
    w.choices.value = "a"
    w.check_button.click()
    r = widgets.quiz(case.quiz("explain"), store=store, learner="amal")
    r.text.value = "My answer"
    r.check_button.click()
    w2 = widgets.quiz(case.quiz("first-call"), store=store, learner="amal")
    assert w2.step.id == "evidence" and w2.path == [["start", "a"]]
    r2 = widgets.quiz(case.quiz("explain"), store=store, learner="amal")
    assert r2.text.value == "My answer" and "My answer" in r2.feedback.value


def test_assessed_mode_holds_feedback_until_submit(case: Case, store: Store) -> None:
    items = [case.quiz("laws"), case.quiz("psapl-42")]
    sec = widgets.section_quiz(items, store=store, learner="amal")
    match, cit = sec.quizzes
    assert match.check_button.description == "Save answer" and match.answer_button.disabled
    match.choices[0].value = "Personal Information Protection Law"
    match.choices[1].value = "Road Traffic Safety Law"
    match.choices[2].value = "Criminal Law"
    match.check_button.click()
    assert "Feedback will appear when you submit the section." in match.feedback.value
    assert "Score" not in match.feedback.value and "Right match" not in match.feedback.value
    assert store.latest("amal", items[0].key).score == 1.0  # stored at once
    cit.verdict.value = "renumbered"
    cit.choices.value = "a"
    cit.check_button.click()
    assert "Status right" not in cit.feedback.value
    sec.submit_button.click()
    sec.confirm_button.click()  # Submit section asks first
    assert "✔ Right match" in text(match.feedback.value) and "✔ Correct" in text(cit.feedback.value)
    assert "Section submitted. Score: 3 of 5." in text(sec.summary.value)
    assert sec.submit_button.disabled and match.choices[0].disabled and cit.verdict.disabled
    assert not match.answer_button.disabled
    assert store.submitted("amal", "widget-demo/legal-basis")
    again = widgets.section_quiz(items, store=store, learner="amal")
    assert again.submitted and "✔ Correct" in text(again.quizzes[1].feedback.value)
    assert again.quizzes[1].verdict.disabled


def test_assessed_show_answer_waits(case: Case, store: Store) -> None:
    w = widgets.quiz(case.quiz("who-handles"), mode="assessed", store=store, learner="amal")
    w.reveal()
    assert "after you submit the section" in w.feedback.value and not w.revealed
    with pytest.raises(ValueError):
        widgets.quiz(case.quiz("who-handles"), mode="exam", store=store)


def test_default_store_and_learner(case: Case) -> None:
    w = widgets.quiz(case.quiz("who-handles"))
    w.choices.value = "b"
    w.check_button.click()
    assert w.learner == "Test Learner"
    assert w.store.latest("Test Learner", "widget-demo/who-handles").answer == "b"


def test_hostile_text_is_inert_everywhere(hostile_case: Case, store: Store) -> None:
    """Stems, options, feedback, steps and model answers carrying script, an onerror image and a
    javascript: link: after every action, no HTML value holds live markup or the link."""
    for item in hostile_case.quizzes:
        w = widgets.quiz(item, store=store, learner="<script>alert(1)</script>")
        values = html_values(w)
        answer = w.correct_answer()
        if item.type == "single":
            w.choices.value = answer
        elif item.type == "multiple":
            for o, box in zip(item.options, w.choices, strict=True):
                box.value = o.key in answer
        elif item.type == "match":
            for o, d in zip(item.options, w.choices, strict=True):
                d.value = answer[o.key]
        elif item.type == "citation":
            w.verdict.value, w.choices.value = answer["verdict"], answer["article"]
        elif item.type == "scenario":
            w.choices.value = answer[0][1]
        elif item.type == "reflection":
            w.text.value = "<script>alert(1)</script><img src=x onerror=alert(1)>"
        w.check_button.click()
        values += html_values(w)
        w.answer_button.click()
        values += html_values(w)
        joined = "\n".join(values)
        assert "&lt;script&gt;" in joined or item.type == "order", item.key  # shown as text, not run
        assert live_markup(joined) == [], item.key
        assert "[x](javascript:alert(1))" in joined, item.key  # the link was dropped: its source shows as text


def test_language_switch_goes_through_gettext(case: Case, store: Store, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A catalog in widgets/locale is used for interface text; a missing one falls back to English."""

    from widgets import i18n

    po_dir = tmp_path / "fr" / "LC_MESSAGES"
    po_dir.mkdir(parents=True)
    _write_mo(po_dir / "casebook.mo", {"Check": "Vérifier", "Try again": "Réessayer"})
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    try:
        i18n.set_language("fr")
        w = widgets.quiz(case.quiz("who-handles"), store=store, learner="amal")
        assert w.check_button.description == "Vérifier" and w.retry_button.description == "Réessayer"
        assert w.answer_button.description == "Show answer"  # not in the catalog: English
        i18n.set_language("ar")  # no catalog at all
        assert i18n._("Check") == "Check" and i18n.language() == "ar"
    finally:
        i18n.set_language("en")
    assert i18n._("Check") == "Check" and i18n.language() == "en"


def _write_mo(path, messages: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """A minimal GNU .mo file (what Babel's compile step writes)."""
    import struct

    messages = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(messages)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(messages[k].encode() + b"\0" for k in keys)
    n = len(keys)
    start = 7 * 4 + 16 * n
    koffsets: list[int] = []
    voffsets: list[int] = []
    off = 0
    for k in keys:
        koffsets += [len(k.encode()), start + off]
        off += len(k.encode()) + 1
    off2 = 0
    for k in keys:
        v = messages[k].encode()
        voffsets += [len(v), start + len(ids) + off2]
        off2 += len(v) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    path.write_bytes(header + struct.pack(f"{2 * n}i", *koffsets) + struct.pack(f"{2 * n}i", *voffsets) + ids + strs)
