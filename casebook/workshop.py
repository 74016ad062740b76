"""Workshops: a short join code, a trainer key, the trainees who joined, and the trainer's controls.

Everything lives in the attempts store that every trainee kernel on the machine shares (SQLite, WAL).
A trainee is known only by an opaque token and the nickname they chose (or ``Trainee N``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from .store import Store, check_learner

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
CODE_LENGTH = 6
CONTROL_KINDS = ("reveal", "open")


class WorkshopError(ValueError):
    """A join code, key or nickname that cannot be used; the message is for the person who typed it."""


@dataclass(frozen=True)
class Workshop:
    code: str
    title: str
    created: str


@dataclass(frozen=True)
class Member:
    workshop: str
    learner: str  # opaque token, used as the learner in the attempts table
    nickname: str
    joined: str


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
    rows = store.query("SELECT code, title, created FROM workshops WHERE code = ?", (normalise_code(code),))
    return Workshop(*rows[0]) if rows else None


def all_workshops(store: Store) -> list[Workshop]:
    return [Workshop(*r) for r in store.query("SELECT code, title, created FROM workshops ORDER BY created")]


def verify(store: Store, code: str, key: str) -> bool:
    """Whether ``key`` is the trainer key of workshop ``code`` (constant-time comparison)."""
    rows = store.query("SELECT key_salt, key_hash FROM workshops WHERE code = ?", (normalise_code(code),))
    if not rows or not key:
        return False
    salt, digest = rows[0]
    return hmac.compare_digest(_hash(str(key), salt), digest)


def join(store: Store, code: str, nickname: str | None = None) -> Member:
    """Join workshop ``code`` under ``nickname`` (``None`` or empty: anonymously, as ``Trainee N``)."""
    ws = get(store, code)
    if ws is None:
        raise WorkshopError("No workshop has this code. Check it with your trainer.")
    if nickname and nickname.strip():
        try:
            name = check_learner(nickname)
        except ValueError:
            raise WorkshopError("A nickname has 1 to 80 characters.") from None
    else:
        name = ""
    learner = "t-" + secrets.token_hex(5)
    with store.transaction() as db:
        taken = {r[0] for r in db.execute("SELECT nickname FROM members WHERE workshop = ?", (ws.code,))}
        if not name:
            n = len(taken) + 1
            while f"Trainee {n}" in taken:
                n += 1
            name = f"Trainee {n}"
        base, n = name, 2
        while name in taken:
            name, n = f"{base} ({n})", n + 1
        joined = _now()
        db.execute(
            "INSERT INTO members (workshop, learner, nickname, joined) VALUES (?, ?, ?, ?)",
            (ws.code, learner, name, joined),
        )
    return Member(ws.code, learner, name, joined)


def member(store: Store, code: str, learner: str) -> Member | None:
    rows = store.query(
        "SELECT workshop, learner, nickname, joined FROM members WHERE workshop = ? AND learner = ?",
        (normalise_code(code), learner),
    )
    return Member(*rows[0]) if rows else None


def members(store: Store, code: str) -> list[Member]:
    rows = store.query(
        "SELECT workshop, learner, nickname, joined FROM members WHERE workshop = ? ORDER BY joined, nickname",
        (normalise_code(code),),
    )
    return [Member(*r) for r in rows]


def set_control(store: Store, code: str, kind: str, target: str, state: bool) -> None:
    """Reveal or hide an item (``reveal``), open or close a section (``open``), for the whole room."""
    if kind not in CONTROL_KINDS:
        raise ValueError(f"kind must be one of {CONTROL_KINDS}")
    with store.transaction() as db:
        db.execute(
            "INSERT INTO controls (workshop, kind, target, state, changed) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (workshop, kind, target) DO UPDATE SET state = excluded.state, changed = excluded.changed",
            (normalise_code(code), kind, target, int(bool(state)), _now()),
        )


def controls(store: Store, code: str) -> dict[str, frozenset[str]]:
    """``{"reveal": items revealed, "open": sections open}`` for workshop ``code``."""
    rows = store.query("SELECT kind, target FROM controls WHERE workshop = ? AND state = 1", (normalise_code(code),))
    out: dict[str, set[str]] = {k: set() for k in CONTROL_KINDS}
    for kind, target in rows:
        out.setdefault(kind, set()).add(target)
    return {k: frozenset(v) for k, v in out.items()}


def room_answers(store: Store, code: str) -> dict[str, dict[str, object]]:
    """item key -> {learner token: that member's last checked answer}, for the members of ``code``."""
    rows = store.query(
        "SELECT a.item, a.learner, a.answer FROM attempts a JOIN members m "
        "ON m.learner = a.learner AND m.workshop = ? "
        "WHERE a.kind = 'check' AND a.id = (SELECT MAX(b.id) FROM attempts b "
        "WHERE b.learner = a.learner AND b.item = a.item AND b.kind = 'check')",
        (normalise_code(code),),
    )
    out: dict[str, dict[str, object]] = {}
    for item, learner, answer in rows:
        out.setdefault(item, {})[learner] = json.loads(answer)
    return out


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
