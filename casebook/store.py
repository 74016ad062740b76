"""The attempts store: every checked answer, one SQLite transaction each.

The file is ``$CASEBOOK_STORE`` or ``attempts.sqlite3`` in the per-user data folder. It is opened
in WAL mode with ``synchronous=FULL`` and a busy timeout, and every write retries on ``SQLITE_BUSY``
so that a workshop's kernels can share one file. A learner is an opaque key (``anon-`` and hex digits, a
workshop member's ``t-`` token, or a display name stored by an earlier version); who a learner is, by
name, lives in the visitors table (:mod:`casebook.visitor`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import secrets
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from . import limits
from .text import N_

APP_NAME = "data-rights-casebook"
SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 5000
RETRIES = 8
KINDS = ("check", "reveal")

_SCHEMA = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL,
    item TEXT NOT NULL,          -- case/item
    type TEXT NOT NULL,
    mode TEXT NOT NULL,          -- practice / assessed
    kind TEXT NOT NULL,          -- check / reveal
    answer TEXT NOT NULL,        -- JSON
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    correct INTEGER NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX attempts_learner_item ON attempts (learner, item, id);
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL,
    section TEXT NOT NULL,       -- case/section (or a key chosen by the notebook)
    created TEXT NOT NULL
);
CREATE INDEX submissions_learner_section ON submissions (learner, section);
"""

# Version 2: workshops. A workshop has a short join code and a trainer key (stored salted and hashed);
# members are the trainees who joined it (an opaque learner token and the nickname they chose);
# controls are what the trainer decided: which items are revealed and which sections are open.
_SCHEMA_V2 = """
CREATE TABLE workshops (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    key_salt TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE members (
    workshop TEXT NOT NULL REFERENCES workshops (code),
    learner TEXT NOT NULL,
    nickname TEXT NOT NULL,
    joined TEXT NOT NULL,
    PRIMARY KEY (workshop, learner)
);
CREATE TABLE controls (
    workshop TEXT NOT NULL REFERENCES workshops (code),
    kind TEXT NOT NULL,          -- reveal (an item key) / open (a section key)
    target TEXT NOT NULL,
    state INTEGER NOT NULL,
    changed TEXT NOT NULL,
    PRIMARY KEY (workshop, kind, target)
);
CREATE INDEX attempts_item_kind ON attempts (item, kind, learner, id);
"""

# Version 3: visitors. Each browser (or hub user, or this computer's one person) is a visitor with its own
# learner key, display name, language and workshop membership; members get a resume code; a workshop can
# be closed; an attempt says which workshop's statistics it counts toward (NULL: practice only); items can
# be closed to answers; the trainer's view settings are kept per workshop.
_SCHEMA_V3 = """
CREATE TABLE visitors (
    id TEXT PRIMARY KEY,         -- browser:<signed random id>, hub:<user> or local
    learner TEXT NOT NULL UNIQUE,-- the key this visitor's own answers are kept under
    name TEXT,                   -- display name (NULL: anonymous)
    language TEXT,
    workshop TEXT,               -- the workshop this visitor is in (NULL: none)
    member TEXT,                 -- their member key in it
    source TEXT NOT NULL,
    created TEXT NOT NULL,
    seen TEXT NOT NULL
);
ALTER TABLE members ADD COLUMN resume TEXT;
ALTER TABLE members ADD COLUMN visitor TEXT;
CREATE UNIQUE INDEX members_resume ON members (workshop, resume);
ALTER TABLE workshops ADD COLUMN closed TEXT;
ALTER TABLE attempts ADD COLUMN room TEXT;
CREATE INDEX attempts_room ON attempts (room, item, learner, id);
CREATE TABLE workshop_settings (
    workshop TEXT NOT NULL REFERENCES workshops (code),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (workshop, name)
);
"""
# Version 4: failed attempts at something guarded (a join code, a trainer key), so that guessing is slowed
# across every page and kernel of the server (see casebook.limits).
_SCHEMA_V4 = """
CREATE TABLE failures (
    scope TEXT NOT NULL,         -- join, key
    who TEXT NOT NULL,           -- the visitor, the workshop, or * for the whole server
    at REAL NOT NULL             -- seconds since the epoch
);
CREATE INDEX failures_scope ON failures (scope, who, at);
CREATE INDEX attempts_learner_created ON attempts (learner, created);
"""
MIGRATIONS = {1: _SCHEMA, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4}


class StoreError(RuntimeError):
    pass


class SaveError(StoreError):
    """A write that did not happen; the message says why in plain words (the view adds: try again)."""

    def __init__(self, cause: BaseException | str) -> None:
        if isinstance(cause, str):  # a refusal of ours, already in words (see casebook.limits)
            super().__init__(cause)
            self.why = cause
            return
        msg = str(cause).lower()
        if "full" in msg:
            why = N_("the disk is full")
        elif "readonly" in msg or "read-only" in msg:
            why = N_("the answers file cannot be written (read-only)")
        elif "locked" in msg or "busy" in msg:
            why = N_("the answers file stayed busy")
        else:
            why = N_("the answers file refused it")
        super().__init__(f"{why} ({cause})")
        self.why = why


class TooFast(SaveError):
    """Refused: one learner stored too many attempts in a short time (see :mod:`casebook.limits`)."""

    def __init__(self) -> None:
        super().__init__(N_("you are checking very fast; wait a few seconds"))


class TooLong(SaveError):
    """Refused: an answer longer than :data:`casebook.limits.MAX_ANSWER_CHARS` characters."""

    def __init__(self) -> None:
        super().__init__(N_("the answer is too long (at most 10,000 characters); shorten it"))


def _chars(value: Any) -> int:
    """How many characters of text ``value`` (an answer: text, lists, mappings) holds."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_chars(k) + _chars(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(_chars(v) for v in value)
    return 0


@dataclass(frozen=True)
class Attempt:
    id: int
    learner: str
    item: str
    type: str
    mode: str
    kind: str
    answer: Any
    score: float
    max_score: float
    correct: bool
    created: str


def default_path() -> Path:
    """``$CASEBOOK_STORE``, else ``attempts.sqlite3`` in the user's data folder."""
    env = os.environ.get("CASEBOOK_STORE")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "attempts.sqlite3"


def anonymous_id() -> str:
    """A fresh anonymous learner id such as ``anon-3f9a0c``."""
    return "anon-" + secrets.token_hex(3)


def check_learner(name: str) -> str:
    """A display name, trimmed; 1 to 80 characters, no control characters."""
    name = " ".join(str(name).split())
    if not name or len(name) > 80 or any(unicodedata.category(c).startswith("C") for c in name):
        raise ValueError("a learner is a display name of 1 to 80 characters (or an anonymous id)")
    return name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


class Store:
    """An attempts store on one SQLite file. Safe to share between processes; one per process is enough."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._listeners: list[Callable[[str, str], None]] = []
        #: Attempts one learner may store a minute (:mod:`casebook.limits`; with at most ten a question in ten
        #: seconds); None for a load simulation, whose scripted trainees answer faster than any person.
        self.attempts_limit: int | None = limits.MAX_ATTEMPTS_PER_MINUTE
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._check_sound()
            self._retry(lambda: self._conn.execute("PRAGMA journal_mode = WAL"))
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"The answers store {self.path} cannot be opened ({exc}). It was left as it is, so nothing in it "
                "is lost: copy it somewhere safe, then move it away (or set CASEBOOK_STORE to a new file) to go on."
            ) from exc

    def _check_sound(self) -> None:
        """Refuse a damaged file on open (``PRAGMA quick_check``) instead of writing on into it."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        result = self._retry(lambda: self._conn.execute("PRAGMA quick_check(1)").fetchone())
        if result is None or str(result[0]) != "ok":
            raise sqlite3.DatabaseError(f"the file is damaged: {result[0] if result else 'no answer'}")

    # -- plumbing ---------------------------------------------------------------------------
    def _retry(self, fn: Callable[[], Any]) -> Any:
        for n in range(RETRIES):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or n == RETRIES - 1:
                    raise
                time.sleep(min(1.0, 0.02 * 2**n) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (BEGIN IMMEDIATE ... COMMIT). A write the file refuses (a full disk, a
        read-only or vanished file) raises :class:`SaveError` in plain words; nothing half-written stays."""
        with self._lock:
            try:
                self._retry(lambda: self._conn.execute("BEGIN IMMEDIATE"))
            except sqlite3.Error as exc:
                raise SaveError(exc) from exc
            try:
                yield self._conn
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise SaveError(exc) from exc
                raise
            try:
                self._retry(lambda: self._conn.execute("COMMIT"))
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise SaveError(exc) from exc

    def _migrate(self) -> None:
        with self._write() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path} was written by a newer casebook (schema {version}); update the casebook")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for stmt in MIGRATIONS[step].split(";"):
                    if stmt.strip():
                        db.execute(stmt)
                db.execute(f"PRAGMA user_version = {step}")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def subscribe(self, callback: Callable[[str, str], None]) -> None:
        """Call ``callback(learner, item_or_section_key)`` after each write from this process."""
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[str, str], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _notify(self, learner: str, key: str) -> None:
        for cb in list(self._listeners):
            cb(learner, key)

    # -- failed guesses (join codes, trainer keys) --------------------------------------------
    def failures(self, scope: str, who: str, seconds: float) -> int:
        """How many failures of ``scope`` by ``who`` the last ``seconds`` saw."""
        rows = self.query(
            "SELECT COUNT(*) FROM failures WHERE scope = ? AND who = ? AND at > ?", (scope, who, time.time() - seconds)
        )
        return int(rows[0][0])

    def fail(self, scope: str, *whos: str) -> None:
        """Note one failure of ``scope`` for each of ``whos``; failures older than a day are forgotten."""
        now = time.time()
        with self._write() as db:
            db.executemany("INSERT INTO failures (scope, who, at) VALUES (?, ?, ?)", [(scope, w, now) for w in whos])
            db.execute("DELETE FROM failures WHERE at < ?", (now - 86400,))

    # -- for the modules built on the store (workshops) --------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, retried while another process holds the lock."""
        with self._write() as db:
            yield db

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read (retried while the database is busy)."""
        with self._lock:
            return list(self._retry(lambda: self._conn.execute(sql, args).fetchall()))

    # -- writes -----------------------------------------------------------------------------
    def record(
        self,
        learner: str,
        item: str,
        type: str,
        answer: Any,
        *,
        score: float = 0.0,
        max_score: float = 0.0,
        correct: bool = False,
        mode: str = "practice",
        kind: str = "check",
        room: str | None = None,
    ) -> int:
        """Store one attempt in one transaction; return its id once committed. ``room``: the workshop whose
        statistics the attempt counts toward (``None``: practice, counted nowhere)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if _chars(answer) > limits.MAX_ANSWER_CHARS:
            raise TooLong
        payload = json.dumps(answer, ensure_ascii=False, sort_keys=True)
        row = (
            learner,
            item,
            type,
            mode,
            kind,
            payload,
            float(score),
            float(max_score),
            int(bool(correct)),
            _now(),
            room,
        )
        now = datetime.now(UTC)
        recently = (now - timedelta(seconds=limits.ATTEMPTS_WINDOW_SECONDS)).isoformat(timespec="microseconds")
        minute = (now - timedelta(seconds=60)).isoformat(timespec="microseconds")
        with self._write() as db:
            if self.attempts_limit is not None:
                on_item = db.execute(
                    "SELECT COUNT(*) FROM attempts WHERE learner = ? AND item = ? AND created > ?",
                    (learner, item, recently),
                ).fetchone()[0]
                in_minute = db.execute(
                    "SELECT COUNT(*) FROM attempts WHERE learner = ? AND created > ?", (learner, minute)
                ).fetchone()[0]
                if on_item >= limits.MAX_ATTEMPTS_PER_ITEM or in_minute >= self.attempts_limit:
                    raise TooFast
            cur = db.execute(
                "INSERT INTO attempts (learner, item, type, mode, kind, answer, score, max_score, correct,"
                " created, room) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            attempt_id = int(cur.lastrowid or 0)
        self._notify(learner, item)
        return attempt_id

    def submit(self, learner: str, section: str) -> int:
        """Record that ``learner`` submitted ``section`` (assessed mode)."""
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO submissions (learner, section, created) VALUES (?, ?, ?)", (learner, section, _now())
            )
            sub_id = int(cur.lastrowid or 0)
        self._notify(learner, section)
        return sub_id

    # -- reads ------------------------------------------------------------------------------
    def _rows(self, sql: str, args: tuple[Any, ...]) -> list[Attempt]:
        with self._lock:
            rows = self._retry(lambda: self._conn.execute(sql, args).fetchall())
        return [
            Attempt(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], r[8], bool(r[9]), r[10]) for r in rows
        ]

    _COLS = "id, learner, item, type, mode, kind, answer, score, max_score, correct, created"

    def attempts(self, learner: str, item: str | None = None) -> list[Attempt]:
        """A learner's attempts (at one item, or all), oldest first."""
        if item is None:
            return self._rows(f"SELECT {self._COLS} FROM attempts WHERE learner = ? ORDER BY id", (learner,))
        return self._rows(
            f"SELECT {self._COLS} FROM attempts WHERE learner = ? AND item = ? ORDER BY id", (learner, item)
        )

    def latest(self, learner: str, item: str, kind: str | None = None) -> Attempt | None:
        """The learner's last attempt at ``item`` (of ``kind`` when given)."""
        sql = f"SELECT {self._COLS} FROM attempts WHERE learner = ? AND item = ?"
        args: tuple[Any, ...] = (learner, item)
        if kind is not None:
            sql += " AND kind = ?"
            args += (kind,)
        rows = self._rows(sql + " ORDER BY id DESC LIMIT 1", args)
        return rows[0] if rows else None

    def latest_checks(self, learner: str) -> dict[str, Attempt]:
        """item key -> the learner's last checked attempt at it."""
        rows = self._rows(
            f"SELECT {self._COLS} FROM attempts WHERE id IN (SELECT MAX(id) FROM attempts "
            "WHERE learner = ? AND kind = 'check' GROUP BY item) ORDER BY id",
            (learner,),
        )
        return {a.item: a for a in rows}

    def scored_checks(self, learner: str) -> dict[str, Attempt]:
        """item key -> the checked attempt that scores: the last one made before the learner first asked to
        see the answer (after Show answer, checks are practice and change no score)."""
        rows = self._rows(
            f"SELECT {self._COLS} FROM attempts WHERE id IN (SELECT MAX(a.id) FROM attempts a "
            "WHERE a.learner = ? AND a.kind = 'check' AND a.id < COALESCE((SELECT MIN(r.id) FROM attempts r "
            "WHERE r.learner = a.learner AND r.item = a.item AND r.kind = 'reveal'), 9223372036854775807) "
            "GROUP BY a.item) ORDER BY id",
            (learner,),
        )
        return {a.item: a for a in rows}

    def submitted(self, learner: str, section: str) -> bool:
        with self._lock:
            row = self._retry(
                lambda: self._conn.execute(
                    "SELECT 1 FROM submissions WHERE learner = ? AND section = ? LIMIT 1", (learner, section)
                ).fetchone()
            )
        return row is not None

    def submissions(self, learner: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._retry(
                lambda: self._conn.execute(
                    "SELECT id, section, created FROM submissions WHERE learner = ? ORDER BY id", (learner,)
                ).fetchall()
            )
        return [{"id": r[0], "section": r[1], "created": r[2]} for r in rows]

    def learners(self) -> list[str]:
        with self._lock:
            rows = self._retry(
                lambda: self._conn.execute("SELECT DISTINCT learner FROM attempts ORDER BY learner").fetchall()
            )
        return [r[0] for r in rows]

    def integrity(self) -> str:
        """``PRAGMA integrity_check``: ``"ok"`` when the file is sound."""
        with self._lock:
            return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    # -- export -----------------------------------------------------------------------------
    def export_json(self, learner: str, path: str | os.PathLike[str] | None = None) -> str:
        """The learner's record (attempts and submissions) as JSON; written to ``path`` when given."""
        doc = {
            "learner": learner,
            "exported": _now(),
            "schema_version": SCHEMA_VERSION,
            "attempts": [asdict(a) for a in self.attempts(learner)],
            "submissions": self.submissions(learner),
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    CSV_FIELDS = ("id", "created", "learner", "item", "type", "mode", "kind", "answer", "score", "max_score", "correct")

    def export_csv(self, learner: str, path: str | os.PathLike[str] | None = None) -> str:
        """The learner's attempts as CSV (answers as JSON; cells that a spreadsheet would run as a
        formula are prefixed with ``'``); written to ``path`` when given."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.CSV_FIELDS)
        for a in self.attempts(learner):
            d = asdict(a)
            d["answer"] = json.dumps(a.answer, ensure_ascii=False)
            d["correct"] = int(a.correct)
            w.writerow([csv_safe(d[f]) for f in self.CSV_FIELDS])
        text = buf.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8", newline="")
        return text


def csv_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (a leading = + - @ is escaped with ')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


_default: dict[Path, Store] = {}


def default_store() -> Store:
    """The store at :func:`default_path`, opened once per process."""
    path = default_path()
    if path not in _default:
        _default[path] = Store(path)
    return _default[path]
