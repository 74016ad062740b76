"""Case translations: ``<slug>.<lang>.md`` files that mirror the English master's body and carry only
text. The master keeps the structure (answer keys, citations, order, branching); a translation must
match it item for item, and is merged into it to give the case in that language."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .checks import _check_identifiers, _check_roles
from .errors import Collector
from .model import Case, Option, QuizItem, Section
from .parse import Parsed, parse_file
from .registry import Registry

TRANSLATABLE = ("zh-Hans", "zh-Hant", "ar")


def translation_paths(master_path: Path) -> dict[str, Path]:
    """``{lang: path}`` of the translation files beside a master case file."""
    out: dict[str, Path] = {}
    for p in sorted(master_path.parent.glob(f"{master_path.stem}.*.md")):
        lang = p.name[len(master_path.stem) + 1 : -3]
        out[lang] = p
    return out


def _same_cites(a: Option, b: Option) -> bool:
    return not b.cites or a.cites == b.cites


def _compare_options(out: Collector, where: str, mo: tuple[Option, ...], to: tuple[Option, ...], qtype: str) -> None:
    if len(mo) != len(to):
        line = to[0].line if to else 0
        out.add(line, f"{where}.options", f"has {len(to)} options; the master has {len(mo)}")
        return
    for n, (m, t) in enumerate(zip(mo, to, strict=True), 1):
        ow = f"{where}.options[{n}]"
        if qtype in ("single", "multiple", "citation", "scenario") and m.correct != t.correct:
            out.add(
                t.line,
                ow,
                f"is marked {'[x]' if t.correct else '[ ]'}; the master marks it {'[x]' if m.correct else '[ ]'}",
            )
        if qtype == "order" and m.position != t.position:
            out.add(t.line, ow, f"is numbered {t.position}; the master numbers it {m.position}")
        if qtype == "scenario" and t.goto and t.goto != m.goto:
            out.add(t.line, f"{ow}.goto", f"goes to {t.goto!r}; the master goes to {m.goto!r}")
        if qtype == "match" and not t.answer:
            out.add(t.line, f"{ow}.answer", "match row needs its translated :answer:")
        if not _same_cites(m, t):
            out.add(t.line, f"{ow}.cite", "citations differ from the master's (omit them or copy them unchanged)")


def _compare_item(out: Collector, m: QuizItem, t: QuizItem) -> None:
    where = f"quiz {t.id}"
    if (m.type, m.id) != (t.type, t.id):
        out.add(t.line, where, f"is '{t.type} {t.id}'; the master has '{m.type} {m.id}' here")
        return
    for name in ("verdict", "quoted", "seed"):
        if getattr(t, name) and getattr(t, name) != getattr(m, name):
            out.add(t.line, f"{where}.{name}", f"differs from the master ({getattr(m, name)!r})")
    if t.cites and t.cites != m.cites:
        out.add(t.line, f"{where}.cite", "citations differ from the master's (omit them or copy them unchanged)")
    if m.type == "reflection" and not t.model_answer_html:
        out.add(t.line, f"{where}.model-answer", "the translated :model-answer: is missing")
    if m.type == "match":
        labels = {o.answer for o in m.options}
        tlabels = {o.answer for o in t.options}
        if len(labels) != len(tlabels):
            out.add(
                t.line,
                f"{where}.answer",
                "answers that are the same in the master must be the same here, and different ones different",
            )
    if m.type == "scenario":
        if [s.id for s in m.steps] != [s.id for s in t.steps]:
            out.add(
                t.line, f"{where}.steps", f"steps {[s.id for s in t.steps]}; the master has {[s.id for s in m.steps]}"
            )
            return
        for ms, ts in zip(m.steps, t.steps, strict=True):
            _compare_options(out, f"{where}.step {ts.id}", ms.options, ts.options, "scenario")
    else:
        _compare_options(out, where, m.options, t.options, m.type)


def check_translation(master: Case, path: Path, reg: Registry) -> Parsed:
    """Parse ``path`` and add every way it differs from ``master`` to its problems."""
    parsed = parse_file(path, reg, kind="translation")
    out = parsed.out
    _check_identifiers(parsed)
    _check_roles(parsed, reg)
    front = parsed.front.data if parsed.front is not None and isinstance(parsed.front.data, dict) else {}
    lang = path.name[len(master.id) + 1 : -3]
    if front.get("translation_of") not in (None, master.id):
        out.add(
            parsed.front.line_of(["translation_of"]) if parsed.front else 2,
            "translation_of",
            f"names {front.get('translation_of')!r}, but the file belongs to {master.id!r}",
        )
    if front.get("language") not in (None, lang):
        out.add(
            parsed.front.line_of(["language"]) if parsed.front else 2,
            "language",
            f"says {front.get('language')!r}, but the file name says {lang!r}",
        )
    if lang not in master.languages or lang == "en":
        out.add(1, "language", f"{lang!r} is not among the master's languages {list(master.languages)}")
    for key, ms in master.sections.items():
        ts = parsed.sections.get(key)
        if ts is None:
            continue  # reported by the parser as a missing section
        if len(ms.quizzes) != len(ts.quizzes):
            out.add(
                ts.line, f"section {ts.heading}", f"has {len(ts.quizzes)} quiz items; the master has {len(ms.quizzes)}"
            )
        for m, t in zip(ms.quizzes, ts.quizzes, strict=False):
            _compare_item(out, m, t)
        mex = [(e.lang, e.seed, e.text) for e in ms.excerpts]
        tex = [(e.lang, e.seed, e.text) for e in ts.excerpts]
        if mex != tex:
            out.add(ts.line, f"section {ts.heading}.excerpt", "excerpts must be copied exactly as in the master")
    return parsed


def _merge_options(mo: tuple[Option, ...], to: tuple[Option, ...]) -> tuple[Option, ...]:
    return tuple(
        replace(m, text=t.text, html=t.html, feedback_html=t.feedback_html, answer=t.answer if m.answer else None)
        for m, t in zip(mo, to, strict=True)
    )


def _merge_item(m: QuizItem, t: QuizItem) -> QuizItem:
    steps = tuple(
        replace(ms, html=ts.html, options=_merge_options(ms.options, ts.options))
        for ms, ts in zip(m.steps, t.steps, strict=True)
    )
    return replace(
        m,
        stem_html=t.stem_html,
        stem_text=t.stem_text,
        model_answer_html=t.model_answer_html or m.model_answer_html,
        options=_merge_options(m.options, t.options),
        steps=steps,
        distractors=t.distractors or m.distractors,
    )


def merge(master: Case, translated: dict[str, Section]) -> Case:
    """The master's structure with the translation's text (a checked translation)."""
    sections = {}
    for key, ms in master.sections.items():
        ts = translated[key]
        quizzes = tuple(_merge_item(m, t) for m, t in zip(ms.quizzes, ts.quizzes, strict=True))
        sections[key] = replace(ms, html=ts.html, excerpts=ts.excerpts, quizzes=quizzes)
    return replace(master, sections=sections)
