"""The advocate's evidence log: files, pasted texts and call notes, each with its SHA-256, kept on disk.

A log is a folder ``<root>/<name>/`` holding ``log.json`` and ``files/``. The root is ``$CASEBOOK_EVIDENCE``,
else ``evidence`` in the user's data folder. Every write is atomic (a temporary file, then ``os.replace``),
and the log is written after the file it describes, so a killed kernel loses nothing already added.
Nothing is sent anywhere and nothing is logged: evidence stays in this folder until the advocate exports it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from . import limits
from .redaction import redact

APP_NAME = "data-rights-casebook"
LOG_FILE = "log.json"
FILES_DIR = "files"
FORMAT = "casebook-evidence-log"
VERSION = 1
#: What an item can be: an uploaded file, a pasted text (chat, call log, text message), a note of a call.
ITEM_KINDS = ("file", "text", "call")
MAX_FILE_BYTES = 50 * 2**20
#: What the advocate records about each item.
META = ("title", "source", "holder", "proves", "occurred")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
STORED = re.compile(r"files/[A-Za-z0-9][A-Za-z0-9._-]{0,120}")


class EvidenceError(ValueError):
    """A request the log refuses, with a message fit to show the advocate."""


@dataclass(frozen=True)
class Item:
    id: str  # E001, E002, ...
    kind: str  # one of ITEM_KINDS
    title: str
    source: str  # where it came from: "WeChat chat with the collector"
    holder: str  # who holds the original
    proves: str  # what it proves
    added: str  # UTC, ISO 8601
    file: str  # files/<id>-<name>, relative to the log folder
    sha256: str
    size: int
    media_type: str = ""
    occurred: str = ""  # when it happened, as the victim says (free text)
    original_name: str = ""
    redacted: str = ""  # files/<id>.redacted.txt for text items, once made
    redacted_sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Item:
        """An item from JSON, refusing anything malformed (an imported manifest is not trusted)."""
        if not isinstance(data, dict):
            raise EvidenceError("an item in the manifest is not an object")
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        missing = sorted(n for n in names - _OPTIONAL if n not in values)
        if missing:
            raise EvidenceError(f"an item in the manifest lacks {', '.join(missing)}")
        if not isinstance(values.get("size"), int) or any(
            not isinstance(v, str) for k, v in values.items() if k != "size"
        ):
            raise EvidenceError("an item in the manifest has a field of the wrong type")
        item = cls(**values)
        if item.kind not in ITEM_KINDS or not re.fullmatch(r"E[0-9]{3,6}", item.id):
            raise EvidenceError(f"item {item.id[:20]!r} has an unknown kind or id")
        for path in filter(None, (item.file, item.redacted)):
            if not STORED.fullmatch(path):
                raise EvidenceError(f"item {item.id} points outside the files folder: {path[:80]!r}")
        return item


_OPTIONAL = {"media_type", "occurred", "original_name", "redacted", "redacted_sha256"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_root() -> Path:
    """``$CASEBOOK_EVIDENCE``, else ``evidence`` in the user's data folder."""
    env = os.environ.get("CASEBOOK_EVIDENCE")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "evidence"


def visitor_root(learner: str, source: str, base: str | os.PathLike[str] | None = None) -> Path:
    """Where one visitor's evidence logs live. On a shared server each browser (or hub user) has its own
    folder, ``visitors/<their key>``, so no one sees another's evidence; this computer's one person keeps
    the folder itself (where earlier versions kept it)."""
    root = Path(base) if base is not None else default_root()
    if source == "local":
        return root
    if not _NAME.fullmatch(learner):
        raise ValueError(f"not a safe folder name: {learner!r}")
    return root / "visitors" / learner


def check_name(name: str) -> str:
    """A log name: 1 to 64 letters, digits, ``-`` or ``_`` (it becomes a folder name)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise EvidenceError(
            "A log name is 1 to 64 letters, digits, hyphens or underscores, starting with a letter or digit."
        )
    return name


def _flushed_temp(path: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``path``, flushed to disk; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``."""
    tmp = _flushed_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, which must not exist yet: evidence is never written over. The bytes go to
    a temporary file first (flushed to disk), then are linked in place in one step that fails if ``path``
    appeared meanwhile."""
    tmp = _flushed_temp(path, data)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            if path.read_bytes() == data:  # the same bytes are there already (a retried import)
                return
            raise EvidenceError(f"{path.name} exists already: evidence is never overwritten.") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def safe_file_name(name: str) -> str:
    """A file name reduced to ``[A-Za-z0-9._-]`` (at most 80 characters), never empty or hidden."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(str(name).replace("\\", "/")).name).strip("._")
    return base[-80:] or "file"


class EvidenceLog:
    """One evidence log on disk. ``items`` lists what has been added, oldest first."""

    def __init__(self, name: str, root: str | os.PathLike[str] | None = None) -> None:
        self.name = check_name(name)
        self.root = Path(root) if root is not None else default_root()
        self.folder = self.root / self.name
        self.items: list[Item] = []
        self.reload()

    def reload(self) -> list[Item]:
        """Read the log from disk again: another page (another tab, another kernel) may have added to it."""
        log = self.folder / LOG_FILE
        if log.is_file():
            data = json.loads(log.read_text("utf-8"))
            self.items = [Item.from_dict(d) for d in data.get("items", [])]
        else:
            self.items = []
        return self.items

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Every change to the log goes through here: an exclusive lock on the log's folder (held across
        processes, so two pages on one log take turns), the log read again under it, then the change."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                self.reload()
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def __repr__(self) -> str:  # never shows evidence
        return f"<EvidenceLog {self.name} items={len(self.items)}>"

    def _next_id(self) -> str:
        """The next free id: after every item, and after any file left by an add that stopped before the
        log was saved (that file is kept, never reused)."""
        used = [int(i.id[1:]) for i in self.items]
        files = self.folder / FILES_DIR
        if files.is_dir():
            used += [int(m.group(1)) for p in files.iterdir() if (m := re.match(r"E(\d+)[-.]", p.name))]
        return f"E{max(used, default=0) + 1:03d}"

    def save(self) -> None:
        doc = {"format": FORMAT, "version": VERSION, "name": self.name, "items": [i.to_dict() for i in self.items]}
        atomic_write(self.folder / LOG_FILE, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))

    def path(self, item: Item, redacted: bool = False) -> Path:
        return self.folder / (item.redacted if redacted else item.file)

    def get(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise EvidenceError(f"The log has no item {item_id}.")

    def _add(self, kind: str, stored: str, content: bytes, **meta: str) -> Item:
        if len(content) > MAX_FILE_BYTES:
            raise EvidenceError(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB; keep it elsewhere and note it.")
        unknown = set(meta) - {*META, "media_type", "original_name"}
        if unknown:
            raise TypeError(f"unknown evidence fields: {', '.join(sorted(unknown))}")
        for key in ("source", "holder", "proves", "occurred"):
            meta[key] = " ".join(str(meta.get(key, "")).split())
        title = " ".join(str(meta.pop("title", "")).split())
        with self._locked():
            item_id = self._next_id()
            item = Item(
                id=item_id,
                kind=kind,
                title=title or item_id,
                added=now(),
                file=f"{FILES_DIR}/{item_id}-{stored}",
                sha256=sha256(content),
                size=len(content),
                **meta,
            )
            write_new(self.folder / item.file, content)
            self.items.append(item)
            self.save()
        return item

    def add_file(self, name: str, content: bytes, *, media_type: str = "", **meta: str) -> Item:
        """A screenshot or other file (``meta``: title, source, holder, proves, occurred)."""
        stored = safe_file_name(name)
        return self._add("file", stored, bytes(content), media_type=media_type, original_name=str(name), **meta)

    def add_text(self, text: str, **meta: str) -> Item:
        """A pasted chat, call log or text message, stored as UTF-8 text."""
        if not text.strip():
            raise EvidenceError("Paste the text first.")
        if len(text) > limits.MAX_TEXT_CHARS:
            raise EvidenceError(
                f"The text is longer than {limits.MAX_TEXT_CHARS:,} characters; add it as a file instead."
            )
        return self._add("text", "text.txt", text.encode("utf-8"), media_type="text/plain; charset=utf-8", **meta)

    def add_call(self, note: str, **meta: str) -> Item:
        """A note of a phone call: who called, when, what was said."""
        if not note.strip():
            raise EvidenceError("Write a note of the call first.")
        if len(note) > limits.MAX_TEXT_CHARS:
            raise EvidenceError(f"The note is longer than {limits.MAX_TEXT_CHARS:,} characters; shorten it.")
        return self._add("call", "call-note.txt", note.encode("utf-8"), media_type="text/plain; charset=utf-8", **meta)

    def read(self, item: Item, redacted: bool = False) -> bytes:
        return self.path(item, redacted).read_bytes()

    def save_redacted(self, item_id: str, style: str = "label") -> Item:
        """Store a redacted copy of a text or call item beside the original (which is never changed)."""
        with self._locked():
            item = self.get(item_id)
            if item.kind == "file":
                raise EvidenceError("Only pasted texts and call notes can be redacted here.")
            copy = redact(self.read(item).decode("utf-8"), style).encode("utf-8")
            path = f"{FILES_DIR}/{item.id}.redacted.txt"
            if item.redacted:  # a copy exists already: it stays; a new one would be the same text
                return item
            write_new(self.folder / path, copy)
            new = replace(item, redacted=path, redacted_sha256=sha256(copy))
            self.items = [new if i.id == item.id else i for i in self.items]
            self.save()
        return new

    def verify(self) -> list[str]:
        """Files on disk that no longer match their recorded SHA-256 (or are gone), by item id."""
        problems: list[str] = []
        for item in self.items:
            for rel, digest in ((item.file, item.sha256), (item.redacted, item.redacted_sha256)):
                if not rel:
                    continue
                p = self.folder / rel
                if not p.is_file():
                    problems.append(f"{item.id}: {rel} is missing")
                elif sha256(p.read_bytes()) != digest:
                    problems.append(f"{item.id}: {rel} has changed")
        return problems

    def files(self) -> dict[str, str]:
        """Every stored file of the log, relative path to SHA-256."""
        out: dict[str, str] = {}
        for item in self.items:
            out[item.file] = item.sha256
            if item.redacted:
                out[item.redacted] = item.redacted_sha256
        return out


def logs(root: str | os.PathLike[str] | None = None) -> list[str]:
    """The names of the logs under ``root`` that hold a ``log.json``."""
    base = Path(root) if root is not None else default_root()
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / LOG_FILE).is_file() and _NAME.fullmatch(p.name))
