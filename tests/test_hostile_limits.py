"""Red-team cases against what one visitor may do (issue 14, items 5 and 10): a 9.5 MB reflection, 21
attempts a second, look-alike and reserved nicknames, join-code and trainer-key guessing, and the CLI's
words for a store it cannot write or a path it cannot use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from casebook import limits, workshop
from casebook.cli import main
from casebook.store import SaveError, Store, TooFast, TooLong
from casebook.workshop import WorkshopError


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "attempts.sqlite")


def test_a_reflection_of_9_5_mb_is_refused_and_nothing_is_stored(store: Store) -> None:
    with pytest.raises(TooLong) as err:
        store.record("amal", "case.q1", "reflection", "x" * 9_500_000)
    assert "at most 10,000 characters" in err.value.why and f"{limits.MAX_ANSWER_CHARS:,}" in err.value.why
    assert store.attempts("amal") == []
    store.record("amal", "case.q1", "reflection", "x" * limits.MAX_ANSWER_CHARS)  # the limit itself is fine
    with pytest.raises(TooLong):  # text hidden in a list or a mapping counts too
        store.record("amal", "case.q2", "order", {"a": ["y" * 6000, "z" * 6000]})


def test_21_attempts_a_second_from_one_learner_are_slowed_with_a_message(store: Store) -> None:
    for _ in range(limits.MAX_ATTEMPTS_PER_ITEM):  # one question checked over and over
        store.record("amal", "case.q1", "single", "a")
    with pytest.raises(TooFast) as err:
        store.record("amal", "case.q1", "single", "a")
    assert isinstance(err.value, SaveError) and "wait a few seconds" in err.value.why
    store.record("amal", "case.q2", "single", "a")  # another question is fine
    store.record("badr", "case.q1", "single", "a")  # and another learner is not slowed
    for k in range(limits.MAX_ATTEMPTS_PER_MINUTE - limits.MAX_ATTEMPTS_PER_ITEM - 1):  # many questions
        store.record("amal", f"case.many{k}", "single", "a")
    with pytest.raises(TooFast):
        store.record("amal", "case.other", "single", "a")
    assert len(store.attempts("amal")) == limits.MAX_ATTEMPTS_PER_MINUTE


def test_the_quiz_view_says_too_fast_in_words_and_keeps_what_was_saved(store: Store) -> None:
    import casebook
    import widgets
    from casebook.grading import correct_answer

    item = casebook.load("dealership-insider").quiz("dealer-processor")
    for k in range(limits.MAX_ATTEMPTS_PER_MINUTE):
        store.record("amal", f"x.{k}", "single", "a")
    w = widgets.quiz(item, store=store, learner="amal")
    w.set_answer(correct_answer(item))
    w.check_button.click()
    assert "Your answer was not saved" in w.feedback.value and "checking very fast" in w.feedback.value
    assert store.attempts("amal", item.key) == []
    store.attempts_limit = None  # (the window passing, without waiting ten seconds in a test)
    w.check_button.click()
    assert "Correct" in w.feedback.value and len(store.attempts("amal", item.key)) == 1


def test_look_alike_nicknames_are_one_name_and_mixed_alphabets_are_refused(store: Store) -> None:
    ws, _key = workshop.create(store, "Room")
    assert workshop.join(store, ws.code, "Alice", visitor="browser:1").nickname == "Alice"
    assert workshop.join(store, ws.code, "ＡＬＩＣＥ", visitor="browser:2").nickname == "ＡＬＩＣＥ (2)"
    with pytest.raises(WorkshopError, match="mixes letters of different alphabets"):
        workshop.join(store, ws.code, "\u0410lice", visitor="browser:3")  # Cyrillic А, Latin lice
    with pytest.raises(WorkshopError, match="none of them invisible"):
        workshop.join(store, ws.code, "Al\u200bice", visitor="browser:4")
    with pytest.raises(WorkshopError, match="invisible"):
        workshop.join(store, ws.code, "\u202eecila", visitor="browser:5")


@pytest.mark.parametrize("name", ["Trainee 1", "trainee 12", "TRAINEE #3", "Ｔｒａｉｎｅｅ １", "Alice (2)"])
def test_names_the_workshop_gives_cannot_be_taken(store: Store, name: str) -> None:
    ws, _key = workshop.create(store, "Room")
    with pytest.raises(WorkshopError, match="given by the workshop"):
        workshop.join(store, ws.code, name, visitor="browser:1")


def test_join_code_guessing_is_stopped_per_browser_and_per_server(store: Store) -> None:
    ws, _key = workshop.create(store, "Room")
    for k in range(limits.MAX_JOIN_FAILURES):
        with pytest.raises(WorkshopError, match="No workshop has this code"):
            workshop.join(store, f"ZZZZ{k:02d}", "Guess", visitor="browser:guesser")
    with pytest.raises(WorkshopError, match="Too many wrong codes were typed in this browser"):
        workshop.join(store, ws.code, "Guess", visitor="browser:guesser")  # even the right code, for a minute
    assert workshop.join(store, ws.code, "Amal", visitor="browser:amal").nickname == "Amal"  # others go on
    for k in range(limits.MAX_JOIN_FAILURES_SERVER):  # fresh cookies each time: the server-wide count
        store.fail("join", f"browser:new{k}", "*")
    with pytest.raises(WorkshopError, match="on this server"):
        workshop.join(store, ws.code, "Late", visitor="browser:late")


def test_trainer_key_guessing_is_stopped_before_any_key_is_computed(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ws, key = workshop.create(store, "Room")
    for _ in range(limits.MAX_KEY_FAILURES):
        assert not workshop.verify(store, ws.code, "wrong", "browser:x")
    computed: list[str] = []
    monkeypatch.setattr(workshop, "_hash", lambda k, salt: computed.append(k) or "")
    with pytest.raises(WorkshopError, match="Too many wrong keys"):
        workshop.verify(store, ws.code, key, "browser:x")
    assert computed == [], "a locked-out guess still cost a scrypt computation"
    monkeypatch.undo()
    assert workshop.verify(store, ws.code, key, "browser:trainer")  # the trainer's own browser is not locked
    for k in range(limits.MAX_KEY_FAILURES_WORKSHOP):
        store.fail("key", f"browser:k{k}", f"workshop:{ws.code}")
    with pytest.raises(WorkshopError, match="Too many wrong keys"):
        workshop.verify(store, ws.code, key, "browser:trainer")


def test_the_cli_says_in_words_that_a_store_cannot_be_written(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.sqlite"
    Store(path).close()

    def readonly(self, *a, **k):  # type: ignore[no-untyped-def]
        raise SaveError(sqlite3.OperationalError("attempt to write a readonly database"))

    monkeypatch.setattr(Store, "transaction", readonly)
    assert main(["workshop", "new", "Room", "--store", str(path)]) == 1
    err = capsys.readouterr().err
    assert "the attempts store was not changed: the answers file cannot be written (read-only)" in err
    assert "internal error" not in err


def test_the_cli_says_in_words_that_an_export_path_cannot_be_used(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.sqlite"
    ws, _key = workshop.create(Store(path), "Room")
    bad = tmp_path / "no" / "such" / "folder" / "out.csv"
    assert main(["workshop", "export", ws.code, "--store", str(path), "--csv", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write or read {bad}: No such file or directory" in err and "internal error" not in err


def test_a_damaged_store_is_named_by_the_cli_not_reported_as_a_bug(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "attempts.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    assert main(["workshop", "list", "--store", str(path)]) == 1
    err = capsys.readouterr().err
    assert "cannot be opened" in err and "internal error" not in err


def test_a_pasted_text_over_the_limit_is_refused_in_words_and_not_scanned(tmp_path: Path) -> None:
    from casebook.evidence import EvidenceError, EvidenceLog
    from widgets.evidence import EvidenceLogWidget

    log = EvidenceLog("practice", tmp_path)
    with pytest.raises(EvidenceError, match="longer than 500,000 characters"):
        log.add_text("1 3 8 " * 100_000)
    assert log.items == []
    w = EvidenceLogWidget("practice", tmp_path)
    w.redact_input.value = "1 3 8 " * 100_000
    w.find_button.click()
    assert "check it in parts" in w.preview.value and w.redacted.value == ""
