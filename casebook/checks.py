"""Semantic checks of a parsed case against the registries: references, answer keys,
citations, excerpts and personal identifiers. Every problem names its file, line and field."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter

from . import identifiers
from .model import VERDICTS, Case, Cite, Option, QuizItem
from .parse import Parsed
from .registry import Registry, seeds_dir

MAX_EXCERPT_CHARS = 160


def check_parsed(parsed: Parsed, reg: Registry) -> None:
    """Add every problem found in ``parsed`` to ``parsed.out``."""
    _check_identifiers(parsed)
    _check_roles(parsed, reg)
    case = parsed.case
    if case is None:
        return
    _check_front_refs(parsed, case, reg)
    ids: Counter[str] = Counter()
    for item in case.quizzes:
        ids[item.id] += 1
        if ids[item.id] == 2:
            parsed.out.add(item.line, f"quiz {item.id}.id", "duplicate quiz id in this case")
        _check_quiz(parsed, item, reg, case)
    for section in case.sections.values():
        for ex in section.excerpts:
            _check_excerpt(parsed, ex.lang, ex.seed, ex.text, ex.line, case)


def _front_line(parsed: Parsed, path: list[str | int]) -> int:
    return parsed.front.line_of(path) if parsed.front else 1


def _check_front_refs(parsed: Parsed, case: Case, reg: Registry) -> None:
    out = parsed.out
    parties = Counter(p.id for p in case.parties)
    for i, p in enumerate(case.parties):
        if parties[p.id] > 1:
            out.add(_front_line(parsed, ["parties", i, "id"]), f"parties[{i}].id", f"duplicate party id {p.id!r}")
    data = Counter(d.id for d in case.personal_data)
    for i, d in enumerate(case.personal_data):
        if data[d.id] > 1:
            out.add(
                _front_line(parsed, ["personal_data", i, "id"]), f"personal_data[{i}].id", f"duplicate data id {d.id!r}"
            )
        if d.of not in parties:
            out.add(
                _front_line(parsed, ["personal_data", i, "of"]), f"personal_data[{i}].of", f"unknown party {d.of!r}"
            )
    for i, f in enumerate(case.data_flows):
        for end, value in (("from", f.source), ("to", f.target)):
            if value not in parties:
                out.add(
                    _front_line(parsed, ["data_flows", i, end]), f"data_flows[{i}].{end}", f"unknown party {value!r}"
                )
        for j, datum_id in enumerate(f.data):
            if datum_id not in data:
                out.add(
                    _front_line(parsed, ["data_flows", i, "data", j]),
                    f"data_flows[{i}].data[{j}]",
                    f"unknown personal data id {datum_id!r}",
                )
    seeds = {s.seed for s in case.sources}
    folder = seeds_dir()
    for i, s in enumerate(case.sources):
        line = _front_line(parsed, ["sources", i, "seed"])
        if s.seed not in reg.seeds:
            out.add(line, f"sources[{i}].seed", f"seed file {s.seed} is not in casebook/sources.yaml")
        elif folder is not None and not (folder / s.seed).is_file():
            out.add(line, f"sources[{i}].seed", f"seed file {s.seed} does not exist in {folder}")
    if case.figures is not None:
        _check_figures(parsed, case)
    for i, e in enumerate(case.timeline):
        if e.seed and e.seed not in seeds:
            out.add(
                _front_line(parsed, ["timeline", i, "seed"]),
                f"timeline[{i}].seed",
                f"{e.seed} is not among this case's sources",
            )


def _check_figures(parsed: Parsed, case: Case) -> None:
    fig = case.figures
    assert fig is not None
    if fig.seed not in {s.seed for s in case.sources}:
        parsed.out.add(
            _front_line(parsed, ["figures", "seed"]), "figures.seed", f"{fig.seed} is not among this case's sources"
        )
        return
    folder = seeds_dir()
    source = (
        (folder / fig.seed).read_text("utf-8", errors="replace") if folder and (folder / fig.seed).is_file() else None
    )
    for i, (_label, value) in enumerate(fig.items):
        line = _front_line(parsed, ["figures", "items", i, "value"])
        if fig.unit == "%" and value > 100:
            parsed.out.add(line, f"figures.items[{i}].value", f"{value:g}% is more than 100%")
        if source is not None and f"{value:g}" not in source:
            parsed.out.add(line, f"figures.items[{i}].value", f"{value:g} is not found in {fig.seed}")


def _check_cite(parsed: Parsed, cite: Cite, line: int, where: str, reg: Registry, *, correct: bool = False) -> None:
    out = parsed.out
    field = f"{where}.{'cite-old' if cite.old else 'cite'}"
    art = reg.articles.get(cite.statute)
    if art is None:
        out.add(line, field, f"unknown statute id {cite.statute!r} (not in casebook/statutes/)")
        return
    if not cite.old and art.status in ("renumbered", "repealed"):
        out.add(
            line,
            field,
            f"{cite.statute} is {reg.status_note(cite.statute)}; cite the current article "
            "or mark this one as historic (:cite-old: / {cite-old})",
        )
    if cite.old and art.status not in ("renumbered", "repealed"):
        out.add(
            line,
            field,
            f"{cite.statute} is {art.status.replace('_', ' ')}, not renumbered or repealed; use :cite: / {{cite}}",
        )
    if correct and art.status == "unconfirmed":
        out.add(line, field, f"{cite.statute} is unconfirmed and cannot support a correct answer")


def _check_roles(parsed: Parsed, reg: Registry) -> None:
    for name, value, line in parsed.roles:
        if name in ("cite", "cite-old"):
            _check_cite(parsed, Cite(value, name == "cite-old"), line, "text", reg)
        elif name == "channel":
            if value not in reg.channels:
                parsed.out.add(line, "text.channel", f"unknown channel id {value!r} (not in casebook/channels.yaml)")
        else:
            parsed.out.add(line, f"text.{name}", f"unknown role {{{name}}} (expected cite, cite-old or channel)")


def _check_options_common(
    parsed: Parsed, item: QuizItem, options: tuple[Option, ...], reg: Registry, where: str, need_cite: bool = True
) -> None:
    for n, o in enumerate(options, 1):
        owhere = f"{where}.options[{n}]"
        if need_cite and not o.cites:
            parsed.out.add(o.line, f"{owhere}.cite", "option feedback must cite the registry (:cite: or :cite-old:)")
        for c in o.cites:
            _check_cite(parsed, c, o.line, owhere, reg, correct=o.correct)


def _check_quiz(parsed: Parsed, item: QuizItem, reg: Registry, case: Case) -> None:
    out = parsed.out
    where = f"quiz {item.id}"
    if not item.stem_text.strip() and item.type != "scenario":
        out.add(item.line, f"{where}.stem", "quiz has no question")
    for c in item.cites:
        _check_cite(parsed, c, item.line, where, reg)
    t = item.type
    opts = item.options
    if t in ("single", "multiple", "match", "order", "citation") and len(opts) < 2:
        out.add(item.line, f"{where}.options", "needs at least two options")
    if t == "single" and len(item.correct_options) != 1 and opts:
        out.add(
            item.line,
            f"{where}.options",
            f"single-choice item needs exactly one correct option ('- [x]'), found {len(item.correct_options)}",
        )
    if t == "multiple" and opts and not item.correct_options:
        out.add(item.line, f"{where}.options", "multiple-choice item needs at least one correct option ('- [x]')")
    if t == "order" and opts:
        positions = [o.position for o in opts]
        if sorted(p or 0 for p in positions) != list(range(1, len(opts) + 1)):
            out.add(
                item.line,
                f"{where}.options",
                f"order item needs a complete order: number the steps 1 to {len(opts)}, each once "
                f"(found {', '.join(str(p) for p in positions)})",
            )
        elif positions == list(range(1, len(opts) + 1)):
            out.add(
                item.line,
                f"{where}.options",
                "list the steps in a shuffled order: as written they are "
                "already in the correct order, so the learner would have nothing to do",
            )
    if t == "match":
        for n, o in enumerate(opts, 1):
            if not o.answer:
                out.add(o.line, f"{where}.options[{n}].answer", "match row needs an :answer:")
        if len({o.answer for o in opts} | set(item.distractors)) < 2:
            out.add(item.line, f"{where}.options", "match item needs at least two different answers")
    if t == "citation":
        _check_citation_item(parsed, item, reg, case, where)
    if t == "scenario":
        _check_scenario(parsed, item, reg, where)
    if t == "reflection" and not item.model_answer_html:
        out.add(item.line, f"{where}.model-answer", "reflection item needs a :model-answer:")
    if t in ("single", "multiple", "match", "order", "citation"):
        _check_options_common(parsed, item, opts, reg, where)


def _check_citation_item(parsed: Parsed, item: QuizItem, reg: Registry, case: Case, where: str) -> None:
    out = parsed.out
    if len(item.correct_options) != 1 and item.options:
        out.add(item.line, f"{where}.options", "citation item needs exactly one correct current article ('- [x]')")
    if item.verdict not in VERDICTS:
        out.add(item.line, f"{where}.verdict", f"verdict must be one of: {', '.join(VERDICTS)}")
    if not item.quoted:
        out.add(item.line, f"{where}.quoted", "citation item needs :quoted: (the statute id the source cited)")
    elif item.quoted not in reg.articles:
        out.add(item.line, f"{where}.quoted", f"unknown statute id {item.quoted!r}")
    elif item.verdict in VERDICTS:
        status = reg.article(item.quoted).status
        expected = {"renumbered": {"renumbered"}, "repealed": {"repealed"}}.get(status, {"in_force", "wrong_article"})
        if item.verdict not in expected:
            out.add(
                item.line,
                f"{where}.verdict",
                f"verdict {item.verdict!r} contradicts the registry: {item.quoted} is {reg.status_note(item.quoted)}",
            )
    if item.seed and item.seed not in {s.seed for s in case.sources}:
        out.add(item.line, f"{where}.seed", f"{item.seed} is not among this case's sources")
    for o in item.correct_options:
        for c in o.cites:
            art = reg.articles.get(c.statute)
            if art is not None and not art.in_force:
                out.add(o.line, f"{where}.cite", f"the correct article must be in force; {c.statute} is not")


def _check_scenario(parsed: Parsed, item: QuizItem, reg: Registry, where: str) -> None:
    out = parsed.out
    if not item.steps:
        out.add(item.line, f"{where}.steps", "scenario needs '::: step <id>' blocks")
        return
    ids = Counter(s.id for s in item.steps)
    for s in item.steps:
        if ids[s.id] > 1:
            out.add(s.line, f"{where}.step {s.id}", "duplicate step id")
        swhere = f"{where}.step {s.id}"
        for n, o in enumerate(s.options, 1):
            if not o.goto:
                out.add(o.line, f"{swhere}.options[{n}].goto", "scenario choice needs :goto: <step id>")
            elif o.goto not in ids:
                out.add(o.line, f"{swhere}.options[{n}].goto", f"unknown step {o.goto!r}")
        _check_options_common(parsed, item, s.options, reg, swhere)
    if not any(s.ending for s in item.steps):
        out.add(item.line, f"{where}.steps", "scenario needs at least one ending (a step without choices)")
    # every step reachable from the first, and no loops (each path must end)
    graph: dict[str, list[str]] = {
        s.id: [o.goto for o in s.options if o.goto is not None and o.goto in ids] for s in item.steps
    }
    seen: set[str] = set()
    stack = [item.steps[0].id]
    while stack:
        sid = stack.pop()
        if sid not in seen:
            seen.add(sid)
            stack += graph.get(sid, [])
    for s in item.steps:
        if s.id not in seen:
            out.add(s.line, f"{where}.step {s.id}", "step cannot be reached from the first step")
    state: dict[str, int] = {}

    def has_cycle(sid: str) -> bool:
        state[sid] = 1
        for nxt in graph.get(sid, []):
            if state.get(nxt) == 1 or (state.get(nxt) is None and has_cycle(nxt)):
                return True
        state[sid] = 2
        return False

    if has_cycle(item.steps[0].id):
        out.add(item.line, f"{where}.steps", "choices loop back: every path through a scenario must end")


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\"'“”‘’「」『』«»]+", "", text)


def _check_excerpt(parsed: Parsed, lang: str, seed: str, text: str, line: int, case: Case) -> None:
    out = parsed.out
    if lang not in case.languages and lang not in ("zh-Hans", "zh-Hant", "ar", "en"):
        out.add(line, "excerpt.lang", f"unknown language tag {lang!r}")
    if seed not in {s.seed for s in case.sources}:
        out.add(line, "excerpt.seed", f"excerpt names {seed or 'no seed'}; it must name one of this case's sources")
        return
    if len(text) > MAX_EXCERPT_CHARS:
        out.add(
            line,
            "excerpt",
            f"excerpt is {len(text)} characters; quote at most {MAX_EXCERPT_CHARS} and say the rest in your own words",
        )
    folder = seeds_dir()
    if folder is not None and (folder / seed).is_file():
        source = (folder / seed).read_text("utf-8", errors="replace")
        if _squash(text) not in _squash(source):
            out.add(line, "excerpt", f"excerpt is not found word for word in {seed}")


def _check_identifiers(parsed: Parsed) -> None:
    allowed = set()
    if parsed.front and isinstance(parsed.front.data, dict):
        for entry in parsed.front.data.get("public_identifiers") or []:
            if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                allowed.add(identifiers.normalise(entry["value"]))
    text = parsed.source
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for found in sorted(identifiers.find(text), key=lambda f: f.start):
        if identifiers.normalise(found.value) not in allowed:
            parsed.out.add(
                bisect.bisect_right(starts, found.start),
                "privacy",
                f"looks like {identifiers.LABELS[found.kind]} ({found.value!r}); remove "
                "it, or list it under public_identifiers with the reason it is public",
            )
