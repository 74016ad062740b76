"""Finding, loading and checking cases: the functions behind ``casebook.load`` and ``casebook check``."""

from __future__ import annotations

import gc
import signal
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import cached
from .errors import CasebookError, Problem
from .model import Case, Option, QuizItem
from .registry import PACKAGE_DIR, Registry, display_path, load_registry, registry, seeds_missing_note

if TYPE_CHECKING:
    from .coverage import Coverage

# The parser, the checks and the translation machinery are imported when content is read, not when a
# case comes from the content cache (see casebook.cache).

CASES_DIR = PACKAGE_DIR / "cases"


def case_paths(folder: Path = CASES_DIR) -> list[Path]:
    """Every master case file: ``<slug>.md`` directly under ``folder`` (translations ``<slug>.<lang>.md``
    live beside them)."""
    return sorted(p for p in folder.glob("*.md") if p.stem.count(".") == 0)


def load_path(path: Path, reg: Registry | None = None, lang: str = "en") -> Case:
    """Parse and check one case file; raise :class:`CasebookError` with every problem found."""
    from .checks import check_parsed
    from .parse import parse_file

    reg = reg if reg is not None else registry()
    parsed = parse_file(path, reg, lang)
    check_parsed(parsed, reg)
    parsed.out.raise_if_any()
    assert parsed.case is not None
    return parsed.case


def load_text(text: str, path: str = "<text>", reg: Registry | None = None, lang: str = "en") -> Case:
    """Parse and check case text that is not (yet) a file, e.g. in an editor or a test."""
    from .checks import check_parsed
    from .parse import parse_text

    reg = reg if reg is not None else registry()
    parsed = parse_text(text, path, reg, lang)
    check_parsed(parsed, reg)
    parsed.out.raise_if_any()
    assert parsed.case is not None
    return parsed.case


@lru_cache(maxsize=64)
def load(slug: str, lang: str = "en") -> Case:
    """The case ``casebook/cases/<slug>.md``, validated, with sections rendered to safe HTML; in ``lang``
    when a translation ``<slug>.<lang>.md`` exists (else in English)."""
    path = CASES_DIR / f"{slug}.md"
    if not path.is_file():
        known = ", ".join(p.stem for p in case_paths()) or "none"
        raise CasebookError(Problem(display_path(path), 0, "case", f"no case {slug!r} (known: {known})"))
    return cached(f"case-{slug}-{lang}", lambda: _read_case(path, slug, lang))


def _read_case(path: Path, slug: str, lang: str) -> Case:
    from .translation import check_translation, merge, translation_paths

    master = load_path(path) if lang == "en" else load(slug, "en")
    tr = translation_paths(path).get(lang) if lang != "en" else None
    if tr is None:
        return master
    parsed = check_translation(master, tr, registry())
    parsed.out.raise_if_any()
    return merge(master, parsed.sections)


def cases(lang: str = "en") -> list[Case]:
    """All cases in teaching order."""
    return sorted((load(p.stem, lang) for p in case_paths()), key=lambda c: (c.order, c.id))


@dataclass
class Report:
    """The outcome of ``casebook check``."""

    cases: list[Case] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    registry: Registry | None = None
    text_cites: dict[str, set[str]] = field(default_factory=dict)  # case id -> ids cited in its text
    translations: list[str] = field(default_factory=list)  # "slug.lang" checked
    missing_translations: list[str] = field(default_factory=list)  # "slug.lang" declared, no file yet
    notes: list[str] = field(default_factory=list)  # checks that could not run, and why

    def coverage(self) -> Coverage:
        from .coverage import coverage

        assert self.registry is not None
        return coverage(self.cases, self.registry, self.text_cites)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        items = [q for c in self.cases for q in c.quizzes]
        by_type = Counter(q.type for q in items)
        cited = {cite.statute for c in self.cases for q in c.quizzes for o in _all_options(q) for cite in o.cites}
        cited |= {cite.statute for c in self.cases for q in c.quizzes for cite in q.cites}
        types = ", ".join(f"{t} {n}" for t, n in sorted(by_type.items()))
        n_art = len(self.registry.articles) if self.registry else 0
        return (
            f"ok: {len(self.cases)} case(s), {len(items)} quiz items ({types}), "
            f"{len(cited)} statutes cited in quizzes, {n_art} registry entries, "
            f"{len(self.translations)} translation(s) checked, {len(self.missing_translations)} not written yet"
        )


def _all_options(q: QuizItem) -> Iterator[Option]:
    yield from q.options
    for s in q.steps:
        yield from s.options


def _check_translation_file(path: Path, reg: Registry, report: Report) -> None:
    from .checks import check_parsed
    from .parse import parse_file
    from .translation import check_translation

    master_path = path.with_name(path.stem.split(".")[0] + ".md")
    shown = display_path(path)
    if not master_path.is_file():
        report.problems.append(Problem(shown, 1, "translation_of", f"no master case {display_path(master_path)}"))
        return
    master = parse_file(master_path, reg)
    check_parsed(master, reg)
    if master.case is None or master.out.problems:
        report.problems += master.out.problems
        return
    report.problems += check_translation(master.case, path, reg).out.problems
    report.translations.append(path.stem)


def check(paths: list[Path] | None = None) -> Report:
    """Validate the registries and the given case files (all cases when ``paths`` is empty). Always reads
    and checks everything: never the content cache."""
    report = Report()
    try:
        reg = load_registry()
    except CasebookError as exc:
        report.problems += exc.problems
        return report
    report.registry = reg
    note = seeds_missing_note()
    if note:
        report.notes.append(note)
    files: list[Path] = []
    for p in paths or [CASES_DIR]:
        if p.is_dir():
            files += case_paths(p)
        else:
            files.append(p)
    seen: dict[str, str] = {}
    # Python's cyclic collector would re-scan every case kept so far at each full collection, making a large
    # check grow faster than linearly (measured: 36 ms per case at 100 cases, 55 at 400). Collect the
    # parse trees' garbage every few files instead, and freeze what is kept so it is not scanned again.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        _check_files(files, reg, report, seen)
    finally:
        gc.unfreeze()
        if gc_was_on:
            gc.enable()
    report.problems.sort()
    report.cases.sort(key=lambda c: (c.order, c.id))
    return report


def _check_files(files: list[Path], reg: Registry, report: Report, seen: dict[str, str]) -> None:
    """Check each file in turn; a file that is bad beyond its content (too slow, too deep, unreadable) is
    one problem, and the files after it are still checked."""
    for n, f in enumerate(files, 1):
        if n % 25 == 0:
            gc.collect()
            gc.freeze()
        try:
            with _time_budget(MAX_SECONDS_PER_FILE):
                _check_one(f, reg, report, seen)
        except CasebookError as exc:
            report.problems += exc.problems
        except _TooSlow:
            report.problems.append(
                Problem(display_path(f), 0, "file", f"took more than {MAX_SECONDS_PER_FILE} s to check; simplify it")
            )
        except (RecursionError, MemoryError, ValueError, OSError) as exc:  # one bad file never stops the rest
            report.problems.append(
                Problem(display_path(f), 0, "file", f"could not be checked ({type(exc).__name__}: {exc})"[:300])
            )


#: Time allowed to check one case file (with its translations); a real case takes well under a second.
MAX_SECONDS_PER_FILE = 30


class _TooSlow(Exception):
    pass


@contextmanager
def _time_budget(seconds: int) -> Iterator[None]:
    """Raise :class:`_TooSlow` in the block after ``seconds`` (a timer signal; only in the main thread of a
    process, where ``casebook check`` runs; elsewhere the block simply runs)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(_sig: int, _frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check_one(f: Path, reg: Registry, report: Report, seen: dict[str, str]) -> None:
    from .checks import check_parsed
    from .parse import parse_file
    from .translation import check_translation, translation_paths

    if "." in f.stem:  # a translation named on the command line: check it against its master
        _check_translation_file(f, reg, report)
        return
    parsed = parse_file(f, reg)
    check_parsed(parsed, reg)
    report.problems += parsed.out.problems
    case = parsed.case
    if case is not None and not parsed.out.problems:
        if case.id in seen:
            report.problems.append(Problem(case.path, 2, "id", f"duplicate case id (also {seen[case.id]})"))
            return
        seen[case.id] = case.path
        report.cases.append(case)
        report.text_cites[case.id] = {v for name, v, _ in parsed.roles if name in ("cite", "cite-old")}
        found = translation_paths(f)
        for lang in case.languages:
            if lang != "en" and lang not in found:
                report.missing_translations.append(f"{case.id}.{lang}")
        for lang, tr in found.items():
            tparsed = check_translation(case, tr, reg)
            report.problems += tparsed.out.problems
            report.translations.append(f"{case.id}.{lang}")
