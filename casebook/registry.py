"""The statute registry, the channels registry and the manifest of source incidents."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .errors import CasebookError, Collector, Problem
from .model import Article, Channel, Checked, Law
from .text import Text

PACKAGE_DIR = Path(__file__).resolve().parent
STATUTES_DIR = PACKAGE_DIR / "statutes"
CHANNELS_FILE = PACKAGE_DIR / "channels.yaml"
SOURCES_FILE = PACKAGE_DIR / "sources.yaml"


# How a statute's status reads in each language (content, so kept with the registry, not the interface).
STATUS_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "renumbered": "renumbered from {date}: now {label}",
        "repealed": "repealed from {date}",
        "see": "; see {labels}",
        "list_sep": ", ",
        "unconfirmed": "status unconfirmed",
        "in_force": "in force",
    },
    "zh-Hans": {
        "renumbered": "{date}起条文序号调整，现为{label}",
        "repealed": "{date}起废止",
        "see": "；参见{labels}",
        "list_sep": "、",
        "unconfirmed": "效力未经核实",
        "in_force": "现行有效",
    },
    "zh-Hant": {
        "renumbered": "{date}起條文序號調整，現為{label}",
        "repealed": "{date}起廢止",
        "see": "；參見{labels}",
        "list_sep": "、",
        "unconfirmed": "效力未經核實",
        "in_force": "現行有效",
    },
    "ar": {
        "renumbered": "أُعيد ترقيمها اعتبارًا من {date}: أصبحت {label}",
        "repealed": "أُلغيت اعتبارًا من {date}",
        "see": "؛ انظر {labels}",
        "list_sep": "، ",
        "unconfirmed": "حالتها غير مؤكدة",
        "in_force": "سارية",
    },
}


def seeds_candidate() -> Path:
    """Where the seed files are looked for: $CASEBOOK_SEEDS, else ../shared/seeds beside the repository."""
    env = os.environ.get("CASEBOOK_SEEDS")
    return Path(env) if env else PACKAGE_DIR.parent.parent / "shared" / "seeds"


def seeds_dir() -> Path | None:
    """The seed folder, or None when it is not there (a clone without ../shared, an installed package)."""
    cand = seeds_candidate()
    return cand if cand.is_dir() else None


def seeds_missing_note() -> str | None:
    """What `casebook check` says when the checks that read the seed files could not run, and why."""
    if seeds_dir() is not None:
        return None
    return (
        f"the seed checks did not run (excerpts word for word, figures, seed files present): no seed folder "
        f"at {display_path(seeds_candidate())}; set CASEBOOK_SEEDS to the folder that holds the seed files"
    )


def display_path(path: Path) -> str:
    """A path relative to the working directory when possible, for messages."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


#: The largest content file read (a case is about 50 KB today): anything bigger is refused unread.
MAX_CONTENT_BYTES = 1 * 2**20


def read_text(path: Path) -> str:
    """Read a content file as UTF-8, turning any failure into a :class:`CasebookError`. Only a regular file
    of at most :data:`MAX_CONTENT_BYTES` is read: a device (``/dev/zero``), a FIFO or a folder is refused
    without reading (or waiting on) it, whatever a symlink made it look like."""
    shown = display_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise CasebookError(Problem(shown, 0, "file", f"cannot be read: {exc.strerror}")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CasebookError(Problem(shown, 0, "file", "is not a regular file (a device, a FIFO or a folder)"))
        if info.st_size > MAX_CONTENT_BYTES:
            raise CasebookError(
                Problem(
                    shown,
                    0,
                    "file",
                    f"is {info.st_size // 1024} KB; a content file may be at most {MAX_CONTENT_BYTES // 1024} KB",
                )
            )
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read(MAX_CONTENT_BYTES + 1)
    except OSError as exc:
        raise CasebookError(Problem(shown, 0, "file", f"cannot be read: {exc.strerror}")) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_CONTENT_BYTES:  # it grew while being read
        raise CasebookError(Problem(shown, 0, "file", f"is larger than {MAX_CONTENT_BYTES // 1024} KB"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CasebookError(Problem(shown, line, "file", f"not UTF-8 (byte {exc.start})")) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CasebookError(Problem(shown, line, "file", "contains a NUL character"))
    return text.removeprefix("\ufeff")


def flag_characters(text: str, out: Collector) -> None:
    """Report every misleading character in a content file (see :mod:`casebook.characters`)."""
    from .characters import line_of, suspects

    for found in suspects(text):
        out.add(line_of(text, found.offset), "text", found.message)


def _text(value: Any) -> Text:
    return Text.of(value)


def _checked(value: dict[str, str]) -> Checked:
    return Checked(where=value["where"], when=value["when"])


@dataclass(frozen=True)
class Seed:
    file: str
    sha256: str
    language: str
    kind: str
    about: str
    cites: tuple[tuple[str, str], ...] = ()


@dataclass
class Registry:
    """Everything a case can cite or point to. Read once, shared by all cases."""

    laws: dict[str, Law] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    seeds: dict[str, Seed] = field(default_factory=dict)

    def article(self, statute_id: str) -> Article:
        try:
            return self.articles[statute_id]
        except KeyError:
            raise KeyError(f"unknown statute id {statute_id!r}") from None

    def current(self, statute_id: str) -> Article:
        """Follow ``renumbered_to`` links to the article in force today."""
        art = self.article(statute_id)
        seen = {art.id}
        while art.status == "renumbered" and art.renumbered_to:
            art = self.article(art.renumbered_to)
            if art.id in seen:
                break
            seen.add(art.id)
        return art

    @cached_property
    def _links(self) -> dict[str, set[str]]:
        """Each article's neighbours in time (``renumbered_to`` and ``replaced_by``, both ways), built once:
        the complaint builder asks for them on every change of its controls."""
        links: dict[str, set[str]] = {}
        for art in self.articles.values():
            for nxt in (art.renumbered_to, *art.replaced_by):
                if nxt and nxt in self.articles:
                    links.setdefault(art.id, set()).add(nxt)
                    links.setdefault(nxt, set()).add(art.id)
        return links

    def lineage(self, statute_id: str) -> tuple[Article, ...]:
        """The article and every text that came before or after it (``renumbered_to`` and ``replaced_by``
        links, both ways), in registry order."""
        links = self._links
        seen, todo = {statute_id}, [statute_id]
        while todo:
            for nxt in links.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return tuple(a for i, a in self.articles.items() if i in seen)

    def on(self, statute_id: str, day: str) -> tuple[Article, ...]:
        """The texts of ``statute_id``'s lineage that were the law on ``day`` (ISO date): for an act done
        then, what to cite (Administrative Penalty Law Art. 37 and the like: the law at the time of the act).
        Empty when the rule did not exist yet."""
        self.article(statute_id)
        return tuple(a for a in self.lineage(statute_id) if a.applied_on(day))

    def status_note(self, statute_id: str, lang: str = "en") -> str:
        """E.g. ``renumbered from 2026-01-01: now CSL Art. 46`` or ``repealed from 2021-01-01; see ...``,
        in ``lang`` (English when the language has no wording here)."""
        words = STATUS_WORDS.get(lang, STATUS_WORDS["en"])
        art = self.article(statute_id)
        if art.status == "renumbered":
            return words["renumbered"].format(date=art.until, label=self.current(statute_id).label(lang))
        if art.status == "repealed":
            repl = words["list_sep"].join(self.article(r).label(lang) for r in art.replaced_by if r in self.articles)
            out = words["repealed"].format(date=art.until)
            return out + (words["see"].format(labels=repl) if repl else "")
        if art.status == "unconfirmed":
            return words["unconfirmed"]
        return words["in_force"]


def _load_statute_file(path: Path, reg: Registry, out: Collector, where: dict[str, str]) -> None:
    from . import schemas, yamlsrc

    text = read_text(path)
    flag_characters(text, out)
    doc = yamlsrc.load(text, out.path)
    if not schemas.validate("statutes", doc, out):
        return
    data = doc.data
    if not _dates_and_statuses_agree(doc, out):
        return
    lw = data["law"]
    law = Law(
        id=lw["id"],
        jurisdiction=lw["jurisdiction"],
        kind=lw["kind"],
        name=_text(lw["name"]),
        short=_text(lw["short"]),
        status=lw["status"],
        checked=_checked(lw["checked"]),
        adopted=lw.get("adopted"),
        in_force=lw.get("in_force"),
        applies_from=lw.get("applies_from"),
        status_note=_text(lw["status_note"]) if "status_note" in lw else None,
        replaced_by=lw.get("replaced_by"),
    )
    if law.id in reg.laws:
        out.add(doc.line_of(["law", "id"]), "law.id", f"duplicate law id {law.id!r} (also in {where[law.id]})")
        return
    reg.laws[law.id] = law
    where[law.id] = out.path
    for i, a in enumerate(data["articles"]):
        line = doc.line_of(["articles", i, "id"])
        if not a["id"].startswith(law.id + "."):
            out.add(line, f"articles[{i}].id", f"{a['id']!r} does not start with the law id {law.id!r}")
            continue
        if a["id"] in reg.articles:
            out.add(line, f"articles[{i}].id", f"duplicate statute id {a['id']!r} (also in {where[a['id']]})")
            continue
        where[a["id"]] = f"{out.path}:{line}"
        reg.articles[a["id"]] = Article(
            id=a["id"],
            law=law,
            article=a["article"],
            gist=_text(a["gist"]),
            status=a["status"],
            checked=_checked(a["checked"]),
            paragraph=a.get("paragraph"),
            item=a.get("item"),
            since=a.get("since"),
            until=a.get("until"),
            renumbered_to=a.get("renumbered_to"),
            replaced_by=tuple(a.get("replaced_by", ())),
            note=_text(a["note"]) if "note" in a else None,
            path=out.path,
            line=line,
        )


def _date(doc: Any, path: list[str | int], out: Collector) -> date | None:
    """The date written at ``path`` (None when absent); a date that does not exist is reported."""
    from . import yamlsrc

    node: Any = doc.data
    for key in path:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            node = None
    if node is None:
        return None
    try:
        return date.fromisoformat(node)
    except ValueError:
        out.add(doc.line_of(path), yamlsrc.dotted(path), f"{node!r} is not a date that exists (YYYY-MM-DD)")
        return None


def _dates_and_statuses_agree(doc: Any, out: Collector, today: date | None = None) -> bool:
    """Dates that exist, in an order that can be, and statuses that agree with them and with their law: an
    article in force has no end date in the past and is not part of a repealed law; an article repealed or
    renumbered is so from a date that has come; nothing was checked in the future."""
    from . import yamlsrc

    today = today or date.today()
    before = len(out.problems)
    law = doc.data["law"]
    adopted, in_force = _date(doc, ["law", "adopted"], out), _date(doc, ["law", "in_force"], out)
    if adopted and in_force and in_force < adopted:
        out.add(
            doc.line_of(["law", "in_force"]), "law.in_force", f"in force ({in_force}) before it was adopted ({adopted})"
        )
    applies = _date(doc, ["law", "applies_from"], out)
    if applies and in_force and applies < in_force:
        out.add(
            doc.line_of(["law", "applies_from"]),
            "law.applies_from",
            f"applies ({applies}) before it is in force ({in_force})",
        )
    places: list[list[str | int]] = [["law", "checked", "when"]]
    for i, a in enumerate(doc.data["articles"]):
        places.append(["articles", i, "checked", "when"])
        since, until = (
            _date(doc, ["articles", i, "since"], out),
            _date(doc, ["articles", i, "until"], out),
        )
        field = f"articles[{i}]"
        line = doc.line_of(["articles", i, "status"])
        if since and until and until <= since:
            out.add(
                doc.line_of(["articles", i, "until"]), f"{field}.until", f"ends ({until}) before it starts ({since})"
            )
        if a["status"] == "in_force" and until and until <= today:
            out.add(
                line,
                f"{field}.status",
                f"in force, but its text ended on {until}: say how (renumbered or repealed), or remove until",
            )
        if a["status"] in ("renumbered", "repealed") and until and until > today:
            out.add(line, f"{field}.status", f"{a['status']} only from {until}: until then it is in force")
        if a["status"] == "in_force" and law["status"] == "repealed":
            out.add(line, f"{field}.status", "in force, but its law is repealed (law.status)")
    for place in places:
        when = _date(doc, place, out)
        if when and when > today:
            out.add(doc.line_of(place), yamlsrc.dotted(place), f"checked on {when}, a day that has not come")
    return len(out.problems) == before


def _check_links(reg: Registry, out_for: dict[str, Collector]) -> None:
    for art in reg.articles.values():
        out = out_for[art.path]
        for target in ([art.renumbered_to] if art.renumbered_to else []) + list(art.replaced_by):
            if target not in reg.articles:
                out.add(art.line, f"{art.id}", f"points to unknown statute id {target!r}")
        if art.renumbered_to in reg.articles and reg.current(art.id).status == "renumbered":
            out.add(art.line, art.id, "renumbering chain does not end at an article")


def _load_channels(reg: Registry, out: Collector) -> None:
    from . import schemas, yamlsrc

    text = read_text(CHANNELS_FILE)
    flag_characters(text, out)
    doc = yamlsrc.load(text, out.path)
    if not schemas.validate("channels", doc, out):
        return
    for i, c in enumerate(doc.data["channels"]):
        line = doc.line_of(["channels", i, "id"])
        if c["id"] in reg.channels:
            out.add(line, f"channels[{i}].id", f"duplicate channel id {c['id']!r}")
            continue
        for b in c.get("basis", []):
            if b not in reg.articles:
                out.add(doc.line_of(["channels", i, "basis"]), f"channels[{i}].basis", f"unknown statute id {b!r}")
        reg.channels[c["id"]] = Channel(
            id=c["id"],
            jurisdiction=c["jurisdiction"],
            name=_text(c["name"]),
            contact=_text(c["contact"]),
            handles=_text(c["handles"]),
            checked=_checked(c["checked"]),
            basis=tuple(c.get("basis", [])),
            status=c.get("status", "operating"),
            note=_text(c["note"]) if "note" in c else None,
        )


def _load_sources(reg: Registry, out: Collector) -> None:
    from . import schemas, yamlsrc

    text = read_text(SOURCES_FILE)
    flag_characters(text, out)
    doc = yamlsrc.load(text, out.path)
    if not schemas.validate("sources", doc, out):
        return
    folder = seeds_dir()
    for i, s in enumerate(doc.data["seeds"]):
        line = doc.line_of(["seeds", i, "file"])
        seed = Seed(
            file=s["file"],
            sha256=s["sha256"],
            language=s["language"],
            kind=s["kind"],
            about=s["about"],
            cites=tuple((c["as_written"], c["statute"]) for c in s["cites"]),
        )
        reg.seeds[seed.file] = seed
        for j, c in enumerate(s["cites"]):
            if c["statute"] not in reg.articles:
                out.add(
                    doc.line_of(["seeds", i, "cites", j, "statute"]),
                    f"seeds[{i}].cites[{j}].statute",
                    f"unknown statute id {c['statute']!r}",
                )
        if folder is not None:
            f = folder / seed.file
            if not f.is_file():
                out.add(line, f"seeds[{i}].file", f"seed file {seed.file} does not exist in {folder}")
            elif hashlib.sha256(f.read_bytes()).hexdigest() != seed.sha256:
                out.add(line, f"seeds[{i}].sha256", f"seed file {seed.file} has changed since it was recorded")


def load_registry(statute_files: Iterable[Path] | None = None) -> Registry:
    """Read and check every registry file; raise :class:`CasebookError` listing all problems."""
    reg = Registry()
    collectors: dict[str, Collector] = {}
    where: dict[str, str] = {}
    problems: list[Problem] = []
    files = sorted(statute_files) if statute_files is not None else sorted(STATUTES_DIR.glob("*.yaml"))
    for path in files:
        out = collectors.setdefault(display_path(path), Collector(display_path(path)))
        try:
            _load_statute_file(path, reg, out, where)
        except CasebookError as exc:
            problems += exc.problems
    _check_links(reg, collectors)
    for loader, path in ((_load_channels, CHANNELS_FILE), (_load_sources, SOURCES_FILE)):
        out = collectors.setdefault(display_path(path), Collector(display_path(path)))
        try:
            loader(reg, out)
        except CasebookError as exc:
            problems += exc.problems
    for out in collectors.values():
        problems += out.problems
    if problems:
        raise CasebookError(problems)
    return reg


@cache
def registry() -> Registry:
    """The registry shipped with the package (read once per process, from the content cache when the
    package has not changed since it was last read)."""
    from .cache import cached

    return cached("registry", load_registry)
