"""Export an evidence log as a zip, and import one, verifying every file against its SHA-256.

The zip holds ``files/...`` (the evidence as added), ``manifest.json`` (the metadata of every item and the
SHA-256 of every other entry) and ``index.html`` (a self-contained listing for a reader without the
workbook). Import refuses hostile archives (paths that climb out or are absolute, links, huge or too many
entries) before reading anything, then names every file that was changed, is missing or was added.
The manifest itself carries no signature: keep the SHA-256 of the whole zip with the case file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any

from .evidence import MAX_FILE_BYTES, EvidenceError, EvidenceLog, Item, now, sha256, write_new

FORMAT = "casebook-evidence"
VERSION = 1
MANIFEST = "manifest.json"
INDEX = "index.html"
MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 500 * 2**20
MAX_RATIO = 200  # uncompressed / compressed, for entries over 1 MB: a zip bomb otherwise


class UnsafeZipError(EvidenceError):
    """The archive is refused without extracting anything."""


class VerificationError(EvidenceError):
    """The zip does not match its manifest; ``verification`` names every file concerned."""

    def __init__(self, verification: Verification) -> None:
        super().__init__("The zip does not match its manifest: " + "; ".join(verification.messages()))
        self.verification = verification


@dataclass
class Verification:
    """What an imported zip holds compared with its manifest."""

    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    log: str = ""
    exported: str = ""

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.added)

    def messages(self) -> list[str]:
        return (
            [f"changed since export: {p}" for p in self.changed]
            + [f"missing from the zip: {p}" for p in self.missing]
            + [f"added after export (not in the manifest): {p}" for p in self.added]
        )


INDEX_CSS = (
    "body{font-family:sans-serif;line-height:1.5;margin:1.5rem;color:#1b1b1b}"
    "table{border-collapse:collapse}th,td{border:1px solid #888;padding:.25rem .5rem;text-align:start;"
    "vertical-align:top}code{font-size:.8rem;word-break:break-all}"
)


def index_html(log: EvidenceLog, exported: str) -> str:
    """A self-contained page listing the log; every value is escaped."""
    rows = []
    for i in log.items:
        link = f'<a href="{escape(i.file)}">{escape(i.file)}</a>'
        red = f'<br><a href="{escape(i.redacted)}">{escape(i.redacted)}</a>' if i.redacted else ""
        rows.append(
            "<tr>"
            + "".join(
                f"<td>{escape(v)}</td>"
                for v in (i.id, i.kind, i.title, i.occurred, i.source, i.holder, i.proves, i.added)
            )
            + f"<td>{link}{red}</td><td><code>{escape(i.sha256)}</code></td></tr>"
        )
    heads = ("Item", "Kind", "Title", "When it happened", "Source", "Original held by", "What it proves", "Added (UTC)")
    head = "".join(f'<th scope="col">{h}</th>' for h in (*heads, "File", "SHA-256"))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>Evidence log {escape(log.name)}</title><style>{INDEX_CSS}</style></head><body>"
        f"<h1>Evidence log: {escape(log.name)}</h1>"
        f"<p>Exported {escape(exported)} (UTC) from the Data Rights Casebook. Each file's SHA-256 is listed "
        "here and in manifest.json; check it with <code>sha256sum</code> before relying on the file.</p>"
        f"<table><caption>{len(log.items)} items</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></body></html>"
    )


def export_zip(log: EvidenceLog) -> bytes:
    """The whole log as a zip (see the module docstring). Refuses a log whose files changed on disk."""
    problems = log.verify()
    if problems:
        raise EvidenceError("The log's files do not match their hashes: " + "; ".join(problems))
    exported = now()
    index = index_html(log, exported).encode("utf-8")
    files = {**log.files(), INDEX: sha256(index)}
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "log": log.name,
        "exported": exported,
        "items": [i.to_dict() for i in log.items],
        "files": files,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in log.files():
            zf.writestr(rel, log.folder.joinpath(rel).read_bytes())
        zf.writestr(INDEX, index)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return buf.getvalue()


def _refuse_unsafe(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's file entries, or :class:`UnsafeZipError` naming the first hostile one."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafeZipError(f"The zip has {len(infos)} entries; at most {MAX_ENTRIES} are accepted.")
    total, seen, out = 0, set(), []
    for info in infos:
        name = info.filename
        shown = repr(name[:100])
        parts = name.split("/")
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
            raise UnsafeZipError(f"Refused: the entry {shown} has an absolute or Windows path.")
        if ".." in parts or any(ord(c) < 32 for c in name):
            raise UnsafeZipError(f"Refused: the entry {shown} would be written outside the folder.")
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            raise UnsafeZipError(f"Refused: the entry {shown} is a symbolic link.")
        if info.is_dir():
            continue
        if name in seen:
            raise UnsafeZipError(f"Refused: the entry {shown} appears twice.")
        seen.add(name)
        if info.file_size > MAX_FILE_BYTES:
            raise UnsafeZipError(f"Refused: the entry {shown} is larger than {MAX_FILE_BYTES // 2**20} MB.")
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeZipError(f"Refused: the entry {shown} is compressed suspiciously well (a zip bomb?).")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise UnsafeZipError(f"Refused: the zip unpacks to more than {MAX_TOTAL_BYTES // 2**20} MB.")
        out.append(info)
    return out


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The entry's bytes, read no further than the size limit; ``None`` if the entry is damaged."""
    try:
        with zf.open(info) as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):  # a CRC error: the bytes were altered inside the zip
        return None
    if len(data) > MAX_FILE_BYTES:
        raise UnsafeZipError(f"Refused: the entry {info.filename[:100]!r} is larger than it says.")
    return data


#: The largest manifest read (a log of 2000 items needs well under 2 MB).
MAX_MANIFEST_BYTES = 8 * 2**20


def _manifest(raw: bytes | None) -> dict[str, Any]:
    if raw is not None and len(raw) > MAX_MANIFEST_BYTES:
        raise EvidenceError(
            f"manifest.json is larger than {MAX_MANIFEST_BYTES // 2**20} MB: not an export of this workbook."
        )
    try:
        doc = json.loads((raw or b"").decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EvidenceError("manifest.json is damaged: it is not valid JSON.") from None
    except RecursionError:  # JSON nested thousands deep
        raise EvidenceError("manifest.json is nested too deeply: it is not an export of this workbook.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise EvidenceError("This zip is not an evidence-log export (manifest.json has another format).")
    if doc.get("version") != VERSION:
        raise EvidenceError(f"This export has version {doc.get('version')!r}; this workbook reads version {VERSION}.")
    if not isinstance(doc.get("files"), dict) or not isinstance(doc.get("items"), list):
        raise EvidenceError("manifest.json lacks its list of files or items.")
    return doc


def _digest(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """The entry's SHA-256, read in chunks (never the whole entry in memory); ``None`` if it is damaged."""
    h = hashlib.sha256()
    size = 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(2**20):
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise UnsafeZipError(f"Refused: the entry {info.filename[:100]!r} is larger than it says.")
                h.update(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        return None
    return h.hexdigest()


@contextlib.contextmanager
def _opened(data: bytes) -> Iterator[tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo], Verification]]:
    """The zip, its entries, and its verification against its manifest (each file hashed in chunks)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise EvidenceError("This is not a zip file (or it is damaged).") from None
    with zf:
        infos = {i.filename: i for i in _refuse_unsafe(zf)}
        if MANIFEST not in infos:
            raise EvidenceError("This zip has no manifest.json, so it is not an evidence-log export.")
        if infos[MANIFEST].file_size > MAX_MANIFEST_BYTES:
            raise EvidenceError(f"manifest.json is larger than {MAX_MANIFEST_BYTES // 2**20} MB.")
        doc = _manifest(_read(zf, infos[MANIFEST]))
        items = [Item.from_dict(d) for d in doc["items"]]
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise EvidenceError(f"manifest.json lists the item {twice[0]} twice: it was altered.")
        listed: dict[str, str] = {str(k): str(v) for k, v in doc["files"].items()}
        for item in items:  # the items' own hashes must agree with the list of files
            for rel, digest in ((item.file, item.sha256), (item.redacted, item.redacted_sha256)):
                if rel and listed.get(rel) != digest:
                    raise EvidenceError(f"manifest.json disagrees with itself about {rel}.")
        v = Verification(items=items, log=str(doc.get("log", "")), exported=str(doc.get("exported", "")))
        for rel, digest in sorted(listed.items()):
            if rel not in infos:
                v.missing.append(rel)
            elif _digest(zf, infos[rel]) != digest:
                v.changed.append(rel)
        v.added = sorted(n for n in infos if n not in listed and n != MANIFEST)
        yield zf, infos, v


def verify_zip(data: bytes) -> Verification:
    """Check a zip against its manifest, reading each file in chunks."""
    with _opened(bytes(data)) as (_zf, _infos, v):
        return v


def import_zip(data: bytes, name: str, root: str | os.PathLike[str] | None = None) -> tuple[EvidenceLog, Verification]:
    """Import a verified export as a new log ``name``. Refuses (with every problem named) if any file was
    changed, is missing or was added, and never writes over a log that already holds items."""
    with _opened(bytes(data)) as (zf, infos, v):
        if not v.ok:
            raise VerificationError(v)
        log = EvidenceLog(name, root)
        with log._locked():
            if log.items:
                raise EvidenceError(f"The log {name!r} already holds items; import into a new log name.")
            for item in v.items:  # one file in memory at a time, checked again as it is written
                for rel, digest in ((item.file, item.sha256), (item.redacted, item.redacted_sha256)):
                    if not rel:
                        continue
                    body = _read(zf, infos[rel])
                    if body is None or sha256(body) != digest:
                        raise EvidenceError(f"{rel} changed while it was imported.")
                    write_new(log.folder / rel, body)
                    del body
            log.items = list(v.items)
            log.save()
    return log, v
