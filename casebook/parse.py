"""Read one case file: YAML front matter, the fixed sections, excerpts and quiz blocks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from . import schemas, yamlsrc
from .characters import line_of as line_of_offset
from .errors import CasebookError, Collector
from .markdown import parser, render_tokens
from .model import (
    HEADING_TO_KEY,
    SECTIONS,
    Case,
    Datum,
    Event,
    Excerpt,
    Figures,
    Flow,
    Party,
    QuizItem,
    Section,
    Source,
)
from .quiz_parse import line_of, parse_quiz, plain
from .registry import Registry, display_path, flag_characters, read_text
from .text import Text


class Parsed:
    """A case as read, before the semantic checks: the model (when the front matter was valid),
    the roles written in its text, and the problems found so far."""

    def __init__(self, path: str) -> None:
        self.out = Collector(path)
        self.case: Case | None = None
        self.front: yamlsrc.Located | None = None
        self.roles: list[tuple[str, str, int]] = []  # (role name, value, line)
        self.source = ""
        self.sections: dict[str, Section] = {}  # also kept when the front matter is invalid


def _t(v: Any) -> Text:
    return Text.of(v)


def _build_case(data: dict[str, Any], path: str, sections: dict[str, Section]) -> Case:
    return Case(
        id=data["id"],
        path=path,
        order=data["order"],
        title=_t(data["title"]),
        summary=_t(data["summary"]),
        languages=tuple(data["languages"]),
        jurisdictions=tuple(data["jurisdictions"]),
        sources=tuple(Source(s["seed"], _t(s["supports"])) for s in data["sources"]),
        reported_place=_t(data["reported"]["place"]),
        reported_date=_t(data["reported"]["date"]),
        parties=tuple(
            Party(p["id"], _t(p["role"]), p["kind"], _t(p["pseudonym"]) if "pseudonym" in p else None)
            for p in data["parties"]
        ),
        personal_data=tuple(Datum(d["id"], d["type"], d["of"], _t(d["label"])) for d in data["personal_data"]),
        data_flows=tuple(
            Flow(f["from"], f["to"], tuple(f["data"]), _t(f["how"]), f["lawful"]) for f in data["data_flows"]
        ),
        timeline=tuple(Event(_t(e["when"]), _t(e["event"]), e.get("date"), e.get("seed")) for e in data["timeline"]),
        tags=tuple(data["tags"]),
        sections=sections,
        figures=_figures(data.get("figures")),
    )


def _figures(value: dict[str, Any] | None) -> Figures | None:
    if not value:
        return None
    items = tuple((_t(i["label"]), float(i["value"])) for i in value["items"])
    note = _t(value["note"]) if "note" in value else None
    return Figures(_t(value["title"]), value["unit"], value["seed"], items, note)


def _collect_roles(tokens: list[Token], parsed: Parsed) -> None:
    """Every role written in the body, with its line: one pass over the flat token stream."""
    line = 0
    for tok in tokens:
        if tok.map:
            line = tok.map[0] + 1
        if tok.type == "inline" and tok.children:
            for child in tok.children:
                if child.type == "myst_role":
                    parsed.roles.append((child.meta.get("name", ""), child.content.strip(), line))


#: How deep Markdown may nest (emphasis in a link in a list in a quiz...); real cases stay under ten.
MAX_NESTING = 32
# A long run of emphasis or bracket markers: the parser's time and memory grow fast with it, and nothing a
# case says needs it. Refused, with its line, before the text is parsed.
_MARKER_RUN = re.compile(r"[*_~\[\]]{64,}")


def _refuse_unreadable(text: str, out: Collector) -> bool:
    """Report runs of Markdown markers too long to parse in bounded time (see :data:`_MARKER_RUN`)."""
    m = _MARKER_RUN.search(text)
    if m is None:
        return False
    out.add(
        line_of_offset(text, m.start()),
        "text",
        f"a run of {len(m.group())} Markdown markers (* _ ~ [ ]); write at most 63 in a row",
    )
    return True


def nesting(tokens: list[Token]) -> tuple[int, int]:
    """The deepest nesting of ``tokens`` (block and inline), and the 1-based line where it is reached."""
    deepest, where = 0, 1
    depth = 0
    for tok in tokens:
        depth += tok.nesting if tok.nesting > 0 else 0
        line = tok.map[0] + 1 if tok.map else where
        if depth > deepest:
            deepest, where = depth, line
        inner = depth
        for child in tok.children or ():
            inner += child.nesting
            if inner > deepest:
                deepest, where = inner, line
        depth += tok.nesting if tok.nesting < 0 else 0
    return deepest, where


def parse_text(text: str, path: str, registry: Registry | None, lang: str = "en", kind: str = "case") -> Parsed:
    """Parse ``text`` (the content of ``path``); never raises for bad content. ``kind`` is ``case`` (a
    master file) or ``translation`` (a ``<slug>.<lang>.md`` file: its own front matter, the same body)."""
    parsed = Parsed(path)
    parsed.source = text
    out = parsed.out
    slug = Path(path).stem
    if _refuse_unreadable(text, out):
        return parsed
    flag_characters(text, out)
    try:
        tokens = parser().parse(text)
    except RecursionError:
        out.add(0, "file", "Markdown nested too deeply to read")
        return parsed
    depth, line = nesting(tokens)
    if depth > MAX_NESTING:
        out.add(line, "text", f"Markdown nested {depth} levels deep here; at most {MAX_NESTING} can be read")
        return parsed
    if not tokens or tokens[0].type != "front_matter":
        out.add(1, "front matter", "a case file starts with YAML front matter between '---' lines")
        return parsed
    fm = tokens[0]
    try:
        parsed.front = yamlsrc.load(fm.content, path, first_line=2, field="front matter")
    except CasebookError as exc:
        out.problems += exc.problems
    front_ok = parsed.front is not None and schemas.validate(kind, parsed.front, out)
    data: dict[str, Any] = parsed.front.data if front_ok and parsed.front else {}
    if kind == "translation":
        data = {"id": slug.split(".")[0]}
        lang = parsed.front.data.get("language", lang) if front_ok and parsed.front else lang
    elif front_ok and data["id"] != slug:
        out.add(
            parsed.front.line_of(["id"]) if parsed.front else 2,
            "id",
            f"id {data['id']!r} does not match the file name {slug!r}",
        )

    env: dict[str, Any] = {"registry": registry, "lang": lang}
    case_id = data.get("id", slug)
    sections: dict[str, Section] = {}
    _collect_roles(tokens, parsed)
    root = SyntaxTreeNode(tokens)
    current: dict[str, Any] | None = None
    skipping = False  # after a problem already reported for the text that follows

    def close() -> None:
        if current is None:
            return
        body = current["nodes"]
        quizzes: list[QuizItem] = current["quizzes"]
        if not current["seen"]:
            out.add(current["line"], f"section {current['heading']}", "section is empty")
        sections[current["key"]] = Section(
            key=current["key"],
            heading=current["heading"],
            line=current["line"],
            html=render_tokens([t for n in body for t in n.to_tokens()], env),
            excerpts=tuple(current["excerpts"]),
            quizzes=tuple(quizzes),
        )

    for node in root.children:
        if node.type == "front_matter":
            continue
        if node.type == "heading" and node.tag == "h2":
            close()
            heading = plain(node)
            key = HEADING_TO_KEY.get(heading)
            line = line_of(node)
            if key is None:
                expected = ", ".join(h for _, h in SECTIONS)
                out.add(line, "section", f"unknown section heading {heading!r} (expected: {expected})")
                current = None
                skipping = True
                continue
            skipping = False
            if key in sections:
                out.add(line, f"section {heading}", "section appears twice")
            current = {
                "key": key,
                "heading": heading,
                "line": line,
                "nodes": [],
                "quizzes": [],
                "excerpts": [],
                "seen": False,
            }
            continue
        if node.type == "heading" and node.tag == "h1":
            out.add(line_of(node), "section", "no level-1 headings: the title comes from the front matter")
            continue
        if current is None:
            if not skipping:
                out.add(line_of(node), "section", "text before the first section heading ('## Facts')")
                skipping = True
            continue
        current["seen"] = True
        if node.type == "container_quiz":
            item = parse_quiz(node, case_id, current["key"], env, out)
            if item is not None:
                current["quizzes"].append(item)
            continue
        if node.type == "container_excerpt":
            head = node.info.strip().split()
            current["excerpts"].append(
                Excerpt(
                    lang=head[1] if len(head) > 1 else "",
                    seed=head[2] if len(head) > 2 else "",
                    text=plain(node),
                    line=line_of(node),
                )
            )
        elif node.type == "container_step":
            out.add(
                line_of(node),
                "step",
                "a step block belongs inside a scenario quiz (open the scenario with "
                "more colons than its steps: ':::: quiz scenario <id>' ... '::::')",
            )
            continue
        current["nodes"].append(node)
    close()

    order = [k for k, _ in SECTIONS]
    present = [k for k in order if k in sections]
    for key, heading in SECTIONS:
        if key not in sections:
            out.add(len(text.splitlines()), f"section {heading}", "required section is missing")
    written = sorted(sections.values(), key=lambda s: s.line)
    if [s.key for s in written] != present:
        out.add(
            written[0].line if written else 1,
            "section",
            "sections must follow the order: " + ", ".join(h for _, h in SECTIONS),
        )
    parsed.sections = {k: sections[k] for k in order if k in sections}
    if front_ok and kind == "case":
        parsed.case = _build_case(data, path, {k: sections[k] for k in order if k in sections})
    return parsed


def parse_file(path: Path, registry: Registry | None, lang: str = "en", kind: str = "case") -> Parsed:
    shown = display_path(path)
    try:
        text = read_text(path)
    except CasebookError as exc:
        parsed = Parsed(shown)
        parsed.out.problems += exc.problems
        return parsed
    return parse_text(text, shown, registry, lang, kind)
