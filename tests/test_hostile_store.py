"""Silent loss (issue 14, item 4): a write the disk refuses is said in plain words with a retry; a damaged
store is refused on open, in plain words, and left as it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import casebook
import widgets
from casebook.grading import correct_answer, wrong_answer
from casebook.store import SaveError, Store, StoreError

ITEM = ("dealership-insider", "dealer-processor")


def _quiz(store: Store):  # type: ignore[no-untyped-def]
    return widgets.quiz(casebook.load(ITEM[0]).quiz(ITEM[1]), store=store, learner="lin")


def test_a_full_disk_is_said_and_the_check_can_be_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "a.sqlite3")
    w = _quiz(store)
    w.set_answer(wrong_answer(w.item))
    w.check_button.click()
    assert "Not quite" in w.feedback.value or "✘" in w.feedback.value
    real = store.record

    def full(*a, **k):  # type: ignore[no-untyped-def]
        raise SaveError(sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(store, "record", full)
    w.set_answer(correct_answer(w.item))
    w.check_button.click()
    assert "Your answer was not saved: the disk is full" in w.feedback.value
    assert "Correct" not in w.feedback.value and "✘" not in w.feedback.value, "the old feedback is gone"
    assert len(store.attempts("lin")) == 1
    w.answer_button.click()
    assert "not saved" in w.feedback.value and not w.revealed, "an unrecorded reveal shows nothing"
    monkeypatch.setattr(store, "record", real)
    w.check_button.click()  # the retry
    assert "Correct" in w.feedback.value and len(store.attempts("lin")) == 2


def test_a_write_sqlite_refuses_becomes_a_plain_save_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "b.sqlite3")
    store._conn.execute("PRAGMA query_only = ON")  # the file refuses writes, as a read-only one would
    with pytest.raises(SaveError) as err:
        store.record("lin", "c/i", "single", "a")
    assert err.value.why.startswith("the answers file")
    store._conn.execute("PRAGMA query_only = OFF")
    assert store.record("lin", "c/i", "single", "a") > 0, "the store still works afterwards"


def test_a_damaged_store_is_refused_on_open_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    store = Store(path)
    store.attempts_limit = None  # a script writes faster than any person
    for n in range(300):
        store.record("lin", f"c/i{n}", "reflection", "x" * 200)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + b"\0" * 1000 + data[len(data) // 2 + 1000 :])
    damaged = path.read_bytes()
    with pytest.raises(StoreError, match=r"(?s)cannot be opened.*left as it is"):
        Store(path)
    assert path.read_bytes() == damaged, "nothing was written into the damaged file"


def test_garbage_is_not_an_answers_store(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(path)


def test_a_page_on_a_damaged_store_says_so_at_the_top(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "e.sqlite3"
    path.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("CASEBOOK_STORE", str(path))
    out = widgets.page("")
    assert "The answers store cannot be opened" in out.value and "nothing saved before is lost" in out.value
    assert path.read_bytes() == b"not a database" * 100
