"""Workshops: a short join code, a trainer key, the trainees who joined, and the trainer's controls.

Everything lives in the attempts store that every trainee kernel on the machine shares (SQLite, WAL).
A trainee is known only by an opaque token and the nickname they chose (or ``Trainee N``). Membership
belongs to the visitor (the browser, :mod:`casebook.visitor`) that joined: every page that browser opens
is in the workshop until the trainee leaves it. A member's *resume code* lets them continue on another
device.

Per question the trainer moves the room through *open → closed → revealed* (revealing also closes).
Only attempts made while a question is open count toward the room's statistics, and of those only each
trainee's first complete one; later attempts are kept as practice (the attempt's ``room`` is empty).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from . import limits
from .characters import skeleton, suspects
from .store import Store, check_learner
from .text import N_

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
CODE_LENGTH = 6
RESUME_LENGTH = 8
CONTROL_KINDS = ("reveal", "open", "closed")  # reveal and closed: item keys; open: section keys


class WorkshopError(ValueError):
    """A join code, key or nickname that cannot be used; the message is for the person who typed it."""


@dataclass(frozen=True)
class Workshop:
    code: str
    title: str
    created: str
    closed: str | None = None  # when the trainer ended it

    @property
    def is_open(self) -> bool:
        return self.closed is None


@dataclass(frozen=True)
class Member:
    workshop: str
    learner: str  # opaque token, used as the learner in the attempts table
    nickname: str
    joined: str
    resume: str | None = None  # the code that continues this membership on another device

    @property
    def resume_display(self) -> str:
        r = self.resume or ""
        return f"{r[:4]}-{r[4:]}" if len(r) == RESUME_LENGTH else r


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _hash(key: str, salt: str) -> str:
    return hashlib.scrypt(key.encode("utf-8"), salt=bytes.fromhex(salt), n=2**14, r=8, p=1, dklen=32).hex()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def create(store: Store, title: str) -> tuple[Workshop, str]:
    """A new workshop and its trainer key (shown once; only a salted hash is kept)."""
    title = " ".join(str(title).split()) or "Workshop"
    key = secrets.token_urlsafe(12)
    salt = secrets.token_hex(16)
    digest = _hash(key, salt)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        with store.transaction() as db:
            if db.execute("SELECT 1 FROM workshops WHERE code = ?", (code,)).fetchone():
                continue
            created = _now()
            db.execute(
                "INSERT INTO workshops (code, title, key_salt, key_hash, created) VALUES (?, ?, ?, ?, ?)",
                (code, title[:120], salt, digest, created),
            )
        return Workshop(code, title[:120], created), key


def get(store: Store, code: str) -> Workshop | None:
    rows = store.query("SELECT code, title, created, closed FROM workshops WHERE code = ?", (normalise_code(code),))
    return Workshop(*rows[0]) if rows else None


def all_workshops(store: Store) -> list[Workshop]:
    return [Workshop(*r) for r in store.query("SELECT code, title, created, closed FROM workshops ORDER BY created")]


def close(store: Store, code: str, closed: bool = True) -> None:
    """End the workshop (no one can join, pages fall back to solo practice) or open it again."""
    with store.transaction() as db:
        db.execute("UPDATE workshops SET closed = ? WHERE code = ?", (_now() if closed else None, normalise_code(code)))


def verify(store: Store, code: str, key: str, who: str = "local") -> bool:
    """Whether ``key`` is the trainer key of workshop ``code`` (constant-time comparison). ``who`` (the
    browser) may type :data:`~casebook.limits.MAX_KEY_FAILURES` wrong keys, and all browsers together
    :data:`~casebook.limits.MAX_KEY_FAILURES_WORKSHOP` for one workshop, per window; beyond that
    :class:`WorkshopError` says to wait, before any key is computed."""
    code = normalise_code(code)
    window = limits.KEY_WINDOW_SECONDS
    if (
        store.failures("key", who, window) >= limits.MAX_KEY_FAILURES
        or store.failures("key", f"workshop:{code}", window) >= limits.MAX_KEY_FAILURES_WORKSHOP
    ):
        raise WorkshopError(N_("Too many wrong keys were typed. Wait five minutes, then try again."))
    rows = store.query("SELECT key_salt, key_hash FROM workshops WHERE code = ?", (code,))
    ok = bool(rows and key) and hmac.compare_digest(_hash(str(key), rows[0][0]), rows[0][1])
    if not ok:
        store.fail("key", who, f"workshop:{code}")
    return ok


def _guard_join(store: Store, who: str) -> None:
    """Refuse more code guesses from ``who`` (or from the whole server) than :mod:`casebook.limits` allows."""
    window = limits.JOIN_WINDOW_SECONDS
    if store.failures("join", who, window) >= limits.MAX_JOIN_FAILURES:
        raise WorkshopError(N_("Too many wrong codes were typed in this browser. Wait a minute, then try again."))
    if store.failures("join", "*", window) >= limits.MAX_JOIN_FAILURES_SERVER:
        raise WorkshopError(N_("Too many wrong codes were typed on this server. Wait a minute, then try again."))


_MEMBER_COLS = "workshop, learner, nickname, joined, resume"


def _new_resume(db: sqlite3.Connection) -> str:
    while True:
        r = "".join(secrets.choice(CODE_ALPHABET) for _ in range(RESUME_LENGTH))
        if not db.execute("SELECT 1 FROM members WHERE resume = ?", (r,)).fetchone():
            return r


def _open_workshop(store: Store, code: str, who: str = "local") -> Workshop:
    _guard_join(store, who)
    ws = get(store, code)
    if ws is None:
        store.fail("join", who, "*")
        raise WorkshopError(N_("No workshop has this code. Check it with your trainer."))
    if not ws.is_open:
        raise WorkshopError(N_("This workshop has ended. Your trainer can open a new one."))
    return ws


_RESERVED = re.compile(r"trainee\s*#?\s*[0-9]+|.*\([0-9]+\)")


def check_nickname(nickname: str) -> str:
    """A nickname a trainee may take: 1 to 80 visible characters, in one alphabet (no Latin word with a
    Cyrillic or Greek letter in it), and not a name the workshop gives (``Trainee 3``, ``Amal (2)``)."""
    try:
        name = check_learner(nickname)  # also refuses invisible and direction characters (Unicode "C")
    except ValueError:
        raise WorkshopError(N_("A nickname has 1 to 80 characters, none of them invisible.")) from None
    if any(found.kind == "mixed" for found in suspects(name)):
        raise WorkshopError(
            N_("This nickname mixes letters of different alphabets, so it could pass for another. Type it again.")
        )
    if _RESERVED.fullmatch(skeleton(name)):
        raise WorkshopError(N_("Names like “Trainee 3” or “Amal (2)” are given by the workshop. Choose another."))
    return name


def join(store: Store, code: str, nickname: str | None = None, visitor: str | None = None) -> Member:
    """Join workshop ``code`` under ``nickname`` (``None`` or empty: anonymously, as ``Trainee N``).

    With ``visitor`` (the browser joining), the membership is theirs: every page they open is in the
    workshop, and joining again from the same browser resumes the same member (with its answers)
    instead of creating a new one."""
    ws = _open_workshop(store, code, visitor or "local")
    name = check_nickname(nickname) if nickname and nickname.strip() else ""
    with store.transaction() as db:
        if visitor is not None:
            row = db.execute(
                f"SELECT {_MEMBER_COLS} FROM members WHERE workshop = ? AND visitor = ? ORDER BY joined DESC LIMIT 1",
                (ws.code, visitor),
            ).fetchone()
            if row is not None:
                db.execute("UPDATE visitors SET workshop = ?, member = ? WHERE id = ?", (ws.code, row[1], visitor))
                return Member(*row)
        learner = "t-" + secrets.token_hex(8)
        taken = {r[0] for r in db.execute("SELECT nickname FROM members WHERE workshop = ?", (ws.code,))}
        if not name:
            n = len(taken) + 1
            while f"Trainee {n}" in taken:
                n += 1
            name = f"Trainee {n}"
        # Names that would pass for one another (Alice, Аlice with a Cyrillic А, ＡＬＩＣＥ) are one name.
        looks = {skeleton(t) for t in taken}
        base, n = name, 2
        while skeleton(name) in looks:
            name, n = f"{base} ({n})", n + 1
        joined = _now()
        resume = _new_resume(db)
        db.execute(
            "INSERT INTO members (workshop, learner, nickname, joined, resume, visitor) VALUES (?, ?, ?, ?, ?, ?)",
            (ws.code, learner, name, joined, resume, visitor),
        )
        if visitor is not None:
            db.execute("UPDATE visitors SET workshop = ?, member = ? WHERE id = ?", (ws.code, learner, visitor))
    return Member(ws.code, learner, name, joined, resume)


def resume(store: Store, code: str, resume_code: str, visitor: str) -> Member:
    """Continue a membership on another device: ``visitor`` answers as the member whose resume code this is."""
    ws = _open_workshop(store, code, visitor)
    r = normalise_code(resume_code)
    rows = store.query(f"SELECT {_MEMBER_COLS} FROM members WHERE workshop = ? AND resume = ?", (ws.code, r))
    if len(r) != RESUME_LENGTH or not rows:
        store.fail("join", visitor, "*")
        raise WorkshopError(
            N_("This resume code does not match anyone in this workshop. Check it on your other device.")
        )
    m = Member(*rows[0])
    with store.transaction() as db:
        db.execute("UPDATE visitors SET workshop = ?, member = ? WHERE id = ?", (ws.code, m.learner, visitor))
    return m


def leave(store: Store, visitor: str) -> None:
    """This browser leaves its workshop; its pages are solo practice again (the answers given stay)."""
    with store.transaction() as db:
        db.execute("UPDATE visitors SET workshop = NULL, member = NULL WHERE id = ?", (visitor,))


def member(store: Store, code: str, learner: str) -> Member | None:
    rows = store.query(
        f"SELECT {_MEMBER_COLS} FROM members WHERE workshop = ? AND learner = ?",
        (normalise_code(code), learner),
    )
    return Member(*rows[0]) if rows else None


def members(store: Store, code: str) -> list[Member]:
    rows = store.query(
        f"SELECT {_MEMBER_COLS} FROM members WHERE workshop = ? ORDER BY joined, nickname",
        (normalise_code(code),),
    )
    return [Member(*r) for r in rows]


def set_control(store: Store, code: str, kind: str, target: str, state: bool) -> None:
    """For the whole room: reveal or hide an item's answer (``reveal``; revealing also closes answers),
    close or reopen an item to answers (``closed``), open or close a section (``open``)."""
    if kind not in CONTROL_KINDS:
        raise ValueError(f"kind must be one of {CONTROL_KINDS}")
    sql = (
        "INSERT INTO controls (workshop, kind, target, state, changed) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (workshop, kind, target) DO UPDATE SET state = excluded.state, changed = excluded.changed"
    )
    with store.transaction() as db:
        db.execute(sql, (normalise_code(code), kind, target, int(bool(state)), _now()))
        if kind == "reveal" and state:
            db.execute(sql, (normalise_code(code), "closed", target, 1, _now()))


def item_state(controls_: dict[str, frozenset[str]], item_key: str) -> str:
    """``"open"``, ``"closed"`` or ``"revealed"``: where the room is with this question."""
    if item_key in controls_.get("reveal", frozenset()):
        return "revealed"
    if item_key in controls_.get("closed", frozenset()):
        return "closed"
    return "open"


def accepting(store: Store, code: str, item_key: str) -> bool:
    """Whether an answer to ``item_key`` made now counts toward the room's statistics (read fresh)."""
    return item_state(controls(store, code), item_key) == "open"


def setting(store: Store, code: str, name: str, default: str = "") -> str:
    rows = store.query(
        "SELECT value FROM workshop_settings WHERE workshop = ? AND name = ?", (normalise_code(code), name)
    )
    return str(rows[0][0]) if rows else default


def set_setting(store: Store, code: str, name: str, value: str) -> None:
    """Keep a trainer's view setting (the anonymous view, the projected question) across reloads."""
    with store.transaction() as db:
        db.execute(
            "INSERT INTO workshop_settings (workshop, name, value) VALUES (?, ?, ?) "
            "ON CONFLICT (workshop, name) DO UPDATE SET value = excluded.value",
            (normalise_code(code), name, str(value)),
        )


def controls(store: Store, code: str) -> dict[str, frozenset[str]]:
    """``{"reveal": items revealed, "open": sections open}`` for workshop ``code``."""
    rows = store.query("SELECT kind, target FROM controls WHERE workshop = ? AND state = 1", (normalise_code(code),))
    out: dict[str, set[str]] = {k: set() for k in CONTROL_KINDS}
    for kind, target in rows:
        out.setdefault(kind, set()).add(target)
    return {k: frozenset(v) for k, v in out.items()}


def room_answers(store: Store, code: str) -> dict[str, dict[str, object]]:
    """item key -> {learner token: that member's first complete answer made while the question was open},
    for the members of ``code``. Attempts after the question closed or was revealed, and later attempts,
    are practice and not counted."""
    rows = store.query(
        "SELECT a.item, a.learner, a.answer FROM attempts a JOIN members m "
        "ON m.learner = a.learner AND m.workshop = a.room "
        "WHERE a.room = ? AND a.kind = 'check' AND a.id = (SELECT MIN(b.id) FROM attempts b "
        "WHERE b.learner = a.learner AND b.item = a.item AND b.kind = 'check' AND b.room = a.room)",
        (normalise_code(code),),
    )
    out: dict[str, dict[str, object]] = {}
    for item, learner, answer in rows:
        out.setdefault(item, {})[learner] = json.loads(answer)
    return out


@dataclass(frozen=True)
class Activity:
    """What one member did in a set of questions: for the trainer's "who is done / who is stuck" list."""

    member: Member
    answered: int  # questions with a checked answer (counted or practice)
    total: int
    last: str | None  # time of their last attempt (or of joining)
    wrong_streak: int  # wrong checks in a row at their latest question

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered >= self.total


STUCK_MINUTES = 3
STUCK_WRONG = 2


def activity(store: Store, code: str, item_keys: list[str]) -> list[Activity]:
    """Each member's progress through ``item_keys`` (all their checks, counted or not)."""
    keys = set(item_keys)
    out = []
    for m in members(store, code):
        rows = store.query(
            "SELECT item, correct, created FROM attempts WHERE learner = ? AND kind = 'check' ORDER BY id",
            (m.learner,),
        )
        mine = [r for r in rows if r[0] in keys]
        answered = len({r[0] for r in mine})
        streak = 0
        if mine:
            last_item = mine[-1][0]
            for item, correct, _created in reversed(mine):
                if item != last_item or correct:
                    break
                streak += 1
        last = mine[-1][2] if mine else m.joined
        out.append(Activity(m, answered, len(keys), last, streak))
    return out


def is_stuck(a: Activity, now: datetime | None = None) -> bool:
    """Not done, and either no answer for :data:`STUCK_MINUTES` minutes or :data:`STUCK_WRONG` wrong checks
    in a row at the same question."""
    if a.done:
        return False
    if a.wrong_streak >= STUCK_WRONG:
        return True
    if a.last is None:
        return False
    now = now or datetime.now(UTC)
    return (now - datetime.fromisoformat(a.last)).total_seconds() > 60 * STUCK_MINUTES


def last_change(store: Store, code: str) -> tuple[int, int, str]:
    """A cheap fingerprint of the room: the newest attempt id, the member count and the last control."""
    rows = store.query(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM attempts), "
        "(SELECT COUNT(*) FROM members WHERE workshop = ?), "
        "(SELECT COALESCE(MAX(changed), '') FROM controls WHERE workshop = ?)",
        (normalise_code(code), normalise_code(code)),
    )
    a, m, c = rows[0]
    return int(a), int(m), str(c)
