"""The attempts store: schema, durability (SIGKILL mid-write), concurrent writers, export, learners."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from casebook import store as store_mod
from casebook import visitor
from casebook.store import SCHEMA_VERSION, Store, StoreError, anonymous_id, check_learner, default_path

ROOT = Path(__file__).resolve().parents[1]


def test_schema_and_pragmas(store: Store) -> None:
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"attempts", "submissions"} <= tables
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == store_mod.BUSY_TIMEOUT_MS
    db.close()


def test_reopening_keeps_data_and_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    with Store(path) as s:
        first = s.record("amal", "c/q", "single", "b", score=1, max_score=1, correct=True)
    with Store(path) as s:
        a = s.latest("amal", "c/q")
        assert a is not None and (a.id, a.answer, a.correct) == (first, "b", True)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer casebook"):
        Store(path)


def test_record_latest_and_kinds(store: Store) -> None:
    store.record("amal", "c/q", "multiple", ["a"], score=0.5, max_score=1)
    store.record("amal", "c/q", "multiple", ["a", "b"], score=1, max_score=1, correct=True)
    store.record("amal", "c/q", "multiple", ["a", "b"], kind="reveal")
    store.record("sami", "c/q", "multiple", ["c"])
    assert store.latest("amal", "c/q").kind == "reveal"
    assert store.latest("amal", "c/q", kind="check").answer == ["a", "b"]
    assert store.latest_checks("amal")["c/q"].score == 1.0
    assert [a.answer for a in store.attempts("amal")] == [["a"], ["a", "b"], ["a", "b"]]
    assert store.learners() == ["amal", "sami"]
    with pytest.raises(ValueError):
        store.record("amal", "c/q", "single", "a", kind="peek")


def test_submissions(store: Store) -> None:
    assert not store.submitted("amal", "c/legal-basis")
    store.submit("amal", "c/legal-basis")
    assert store.submitted("amal", "c/legal-basis") and not store.submitted("sami", "c/legal-basis")
    assert [s["section"] for s in store.submissions("amal")] == ["c/legal-basis"]


def test_export_csv_and_json(store: Store, tmp_path: Path) -> None:
    store.record("amal", "c/q1", "single", "b", score=1, max_score=1, correct=True)
    store.record("amal", "c/r", "reflection", '=HYPERLINK("http://x")  and 你好')
    store.record("sami", "c/q1", "single", "a")
    store.submit("amal", "c/facts")
    rows = list(csv.DictReader(io.StringIO(store.export_csv("amal", tmp_path / "amal.csv"))))
    assert [r["item"] for r in rows] == ["c/q1", "c/r"] and {r["learner"] for r in rows} == {"amal"}
    assert rows[0]["answer"] == '"b"' and rows[0]["correct"] == "1" and float(rows[0]["score"]) == 1.0
    assert json.loads(rows[1]["answer"]).startswith("=HYPERLINK")  # JSON-quoted: never a bare formula
    assert (tmp_path / "amal.csv").read_text("utf-8").count("\n") == 3
    doc = json.loads(store.export_json("amal", tmp_path / "amal.json"))
    assert doc["learner"] == "amal" and doc["schema_version"] == SCHEMA_VERSION
    assert [a["answer"] for a in doc["attempts"]] == ["b", '=HYPERLINK("http://x")  and 你好']
    assert doc["submissions"][0]["section"] == "c/facts"
    assert json.loads((tmp_path / "amal.json").read_text("utf-8")) == doc


def test_csv_cells_cannot_become_formulas() -> None:
    assert store_mod.csv_safe("=1+1") == "'=1+1" and store_mod.csv_safe("@x") == "'@x"
    assert store_mod.csv_safe("plain") == "plain" and store_mod.csv_safe(1.5) == 1.5


def test_learner_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    anon = anonymous_id()
    assert anon.startswith("anon-") and len(anon) == 11 and int(anon[5:], 16) >= 0
    assert check_learner("  Amal   Hassan ") == "Amal Hassan"
    for bad in ("", "x" * 81, "bell\x07name"):
        with pytest.raises(ValueError):
            check_learner(bad)
    monkeypatch.delenv("CASEBOOK_LEARNER")
    first = visitor.current_learner()
    assert first.startswith("anon-")
    monkeypatch.setattr(visitor, "_current", None)  # a kernel restart: the anonymous id is kept
    assert visitor.current_learner() == first


def test_an_earlier_versions_learner_is_kept_for_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEBOOK_LEARNER")
    store_mod.default_path().parent.mkdir(parents=True, exist_ok=True)
    store_mod.default_path().with_suffix(".learner").write_text("Amal\n", "utf-8")
    store_mod.default_path().with_suffix(".language").write_text("ar\n", "utf-8")
    v = visitor.current()
    assert (v.id, v.learner, v.name, v.language) == ("local", "Amal", "Amal", "ar"), "progress kept on upgrade"


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CASEBOOK_STORE", str(tmp_path / "x.sqlite3"))
    assert default_path() == tmp_path / "x.sqlite3"
    assert store_mod.default_store() is store_mod.default_store()
    monkeypatch.delenv("CASEBOOK_STORE")
    p = default_path()
    assert "data-rights-casebook" in str(p) and p.name == "attempts.sqlite3"


CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from casebook.store import Store
    s = Store({path!r})
    s.attempts_limit = None  # a script writes faster than any person
    i = 0
    while True:
        i += 1
        aid = s.record("child", "c/q%d" % (i % 7), "reflection", "answer %d " % i + "x" * 2000)
        print(aid, flush=True)
""")


def test_sigkill_mid_write_loses_nothing_committed(tmp_path: Path) -> None:
    """A writer killed with SIGKILL mid-loop: the file is sound and every id it reported is there."""
    path = tmp_path / "kill.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reported: list[int] = []
    assert child.stdout is not None
    deadline = time.monotonic() + 60
    while len(reported) < 150 and time.monotonic() < deadline:
        line = child.stdout.readline()
        assert line, child.stderr.read() if child.stderr else "child ended"
        reported.append(int(line))
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    # Read what is left through the same buffered reader: it may already hold lines read ahead from the pipe
    # (communicate() would read the pipe underneath it and lose them).
    rest = child.stdout.read()
    if child.stderr is not None:
        child.stderr.close()
    reported += [int(x) for x in rest.split()]
    assert child.returncode == -signal.SIGKILL
    assert len(reported) >= 150
    with Store(path) as s:
        assert s.integrity() == "ok"
        ids = {a.id for a in s.attempts("child")}
    assert set(reported) <= ids
    assert len(ids) - len(reported) <= 1  # at most the one committed before it could be printed


WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from casebook.store import Store
    s = Store({path!r})
    s.attempts_limit = None  # a script writes faster than any person
    for i in range({n}):
        s.record({who!r}, "c/q%d" % (i % 5), "single", "a", score=1, max_score=1, correct=True)
    print("done", flush=True)
""")


def test_many_writers_share_one_file(tmp_path: Path) -> None:
    """Eight kernels writing at once (a workshop): no SQLITE_BUSY escapes and no attempt is lost."""
    path = tmp_path / "shared.sqlite3"
    Store(path).close()
    n = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.format(root=str(ROOT), path=str(path), n=n, who=f"trainee-{k}")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(8)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "done", err
    with Store(path) as s:
        assert s.integrity() == "ok"
        assert sorted(s.learners()) == [f"trainee-{k}" for k in range(8)]
        assert all(len(s.attempts(f"trainee-{k}")) == n for k in range(8))


def test_busy_is_retried(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}

    def flaky() -> str:
        calls["n"] += 1
        if calls["n"] < 3:
            raise sqlite3.OperationalError("database is locked")
        return "ok"

    monkeypatch.setattr(store_mod.time, "sleep", lambda _s: None)
    assert store._retry(flaky) == "ok" and calls["n"] == 3
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        store._retry(lambda: store._conn.execute("SELECT * FROM nowhere"))
