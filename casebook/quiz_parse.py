"""Quiz blocks (``::: quiz <type> <id>`` ... ``:::``) read from the markdown-it syntax tree.

A block holds a stem (paragraphs), item fields (a field list: ``:cite:``, ``:verdict:`` ...),
options (a task list, ``- [x]`` marking the correct ones; an ordered list for ``order`` items;
a plain list for ``match`` rows) whose own field lists carry ``:feedback:``, ``:cite:`` and the
type's extra field, and, for scenarios, ``::: step <id>`` blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from markdown_it.tree import SyntaxTreeNode

from .errors import Collector
from .markdown import render_inline, render_tokens
from .model import QUIZ_TYPES, Cite, Option, QuizItem, Step, Verdict

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ITEM_FIELDS = {
    "single": {"cite", "cite-old"},
    "multiple": {"cite", "cite-old"},
    "match": {"cite", "cite-old", "distractors"},
    "order": {"cite", "cite-old"},
    "citation": {"cite", "cite-old", "quoted", "verdict", "seed"},
    "scenario": {"cite", "cite-old"},
    "reflection": {"cite", "cite-old", "model-answer"},
}
OPTION_FIELDS = {"feedback", "cite", "cite-old", "answer", "goto"}


def line_of(node: SyntaxTreeNode) -> int:
    """1-based line of a node (the nearest ancestor with a source map)."""
    cur: SyntaxTreeNode | None = node
    while cur is not None:
        if cur.map:
            return cur.map[0] + 1
        cur = cur.parent
    return 0


def plain(node: SyntaxTreeNode) -> str:
    """The source text of all inline content under ``node``, joined by spaces."""
    parts: list[str] = []
    for n in node.walk():
        if n.type == "inline":
            parts.append(n.content.strip())
    return " ".join(p for p in parts if p)


@dataclass
class Fields:
    """A field list read into name -> (plain text, html, line, node)."""

    values: dict[str, tuple[str, str, int, SyntaxTreeNode]] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        v = self.values.get(name)
        return v[0] if v else None

    def html(self, name: str) -> str:
        v = self.values.get(name)
        return v[1] if v else ""

    def line(self, name: str, default: int) -> int:
        v = self.values.get(name)
        return v[2] if v else default


def read_fields(node: SyntaxTreeNode, env: dict[str, Any], out: Collector, where: str, allowed: set[str]) -> Fields:
    fields = Fields()
    name: str | None = None
    for child in node.children:
        if child.type == "fieldlist_name":
            name = plain(child).strip().lower()
            continue
        if child.type != "fieldlist_body" or name is None:
            continue
        line = line_of(child)
        if name not in allowed:
            out.add(line, f"{where}.{name}", f"unknown field (expected one of: {', '.join(sorted(allowed))})")
        elif name in fields.values:
            out.add(line, f"{where}.{name}", "field given twice")
        else:
            body = [t for c in child.children for t in c.to_tokens()]
            fields.values[name] = (plain(child), render_tokens(body, env), line, child)
        name = None
    return fields


def parse_cites(fields: Fields, out: Collector, where: str) -> tuple[Cite, ...]:
    cites: list[Cite] = []
    for name, old in (("cite", False), ("cite-old", True)):
        raw = fields.text(name)
        if raw is None:
            continue
        ids = [x for x in re.split(r"[,\s]+", raw) if x]
        if not ids:
            out.add(fields.line(name, 0), f"{where}.{name}", "empty: give one or more statute ids")
        cites += [Cite(i, old) for i in ids]
    return tuple(cites)


def _checkbox(item: SyntaxTreeNode) -> bool | None:
    """True/False for a task-list item's box, None when the item has no box."""
    if not item.children or item.children[0].type != "paragraph":
        return None
    inline = item.children[0].children[0] if item.children[0].children else None
    if inline is None or not inline.children:
        return None
    first = inline.children[0]
    if first.type == "html_inline" and "task-list-item-checkbox" in first.content:
        return 'checked="checked"' in first.content
    return None


def _option_text(item: SyntaxTreeNode, env: dict[str, Any]) -> tuple[str, str]:
    para = item.children[0] if item.children and item.children[0].type == "paragraph" else None
    if para is None or not para.children:
        return "", ""
    inline = para.children[0]
    toks = [
        t
        for t in (inline.token.children if inline.token else None) or []
        if not (t.type == "html_inline" and "task-list-item-checkbox" in t.content)
    ]
    if toks and toks[0].type == "text":
        toks[0].content = toks[0].content.lstrip()
    return inline.content.replace("[x]", "", 1).replace("[ ]", "", 1).strip(), render_inline(toks, env)


def parse_options(lst: SyntaxTreeNode, qtype: str, env: dict[str, Any], out: Collector, where: str) -> list[Option]:
    options: list[Option] = []
    ordered = lst.type == "ordered_list"
    for i, item in enumerate(c for c in lst.children if c.type == "list_item"):
        key = chr(ord("a") + i) if i < 26 else f"o{i}"
        owhere = f"{where}.options[{i + 1}]"
        line = line_of(item)
        text, html = _option_text(item, env)
        if not text:
            out.add(line, owhere, "option has no text")
        box = _checkbox(item)
        needs_box = qtype in ("single", "multiple", "citation", "scenario")
        if needs_box and box is None:
            out.add(line, owhere, "options must be a task list: start each with '- [ ]' or '- [x]'")
        if qtype == "order" and not ordered:
            out.add(line, owhere, "order items list their steps as a numbered list (1. 2. 3.)")
        field_nodes = [c for c in item.children[1:] if c.type == "field_list"]
        fields = Fields()
        for fl in field_nodes:
            got = read_fields(fl, env, out, owhere, OPTION_FIELDS)
            fields.values.update(got.values)
        position = None
        if ordered:
            info = item.nester_tokens.opening.info if item.nester_tokens else ""
            position = int(info) if info.isdigit() else None
        options.append(
            Option(
                key=key,
                text=text,
                html=html,
                feedback_html=fields.html("feedback"),
                line=line,
                correct=bool(box),
                cites=parse_cites(fields, out, owhere),
                answer=fields.text("answer"),
                position=position,
                goto=fields.text("goto"),
            )
        )
        if fields.text("feedback") is None or not fields.text("feedback"):
            out.add(line, f"{owhere}.feedback", "option has no feedback")
    return options


def parse_quiz(
    node: SyntaxTreeNode, case_id: str, section: str, env: dict[str, Any], out: Collector
) -> QuizItem | None:
    line = line_of(node)
    head = node.info.strip().split()
    qtype = head[1] if len(head) > 1 else ""
    qid = head[2] if len(head) > 2 else ""
    where = f"quiz {qid or '?'}"
    if len(head) != 3:
        out.add(line, "quiz", "a quiz block starts '::: quiz <type> <id>'")
    if qtype not in QUIZ_TYPES:
        out.add(line, f"{where}.type", f"unknown quiz type {qtype!r} (expected one of: {', '.join(QUIZ_TYPES)})")
        return None
    if not SLUG.match(qid):
        out.add(line, f"{where}.id", f"quiz id {qid!r} must be lowercase words joined by hyphens")
    stem_nodes: list[SyntaxTreeNode] = []
    fields = Fields()
    options: list[Option] = []
    steps: list[Step] = []
    lists_seen = 0
    for child in node.children:
        if child.type == "field_list":
            fields.values.update(read_fields(child, env, out, where, ITEM_FIELDS[qtype]).values)
        elif child.type in ("bullet_list", "ordered_list") and qtype not in ("scenario", "reflection"):
            lists_seen += 1
            if lists_seen > 1:
                out.add(line_of(child), f"{where}.options", "a quiz has one list of options")
                continue
            options = parse_options(child, qtype, env, out, where)
        elif child.type == "container_step":
            if qtype != "scenario":
                out.add(line_of(child), f"{where}.step", "steps belong in scenario items only")
                continue
            steps.append(_parse_step(child, env, out, where))
        elif child.type.startswith("container_"):
            out.add(line_of(child), where, f"a {child.type.removeprefix('container_')} block cannot stand in a quiz")
        else:
            stem_nodes.append(child)
    stem_tokens = [t for n in stem_nodes for t in n.to_tokens()]
    distractors: tuple[str, ...] = ()
    if "distractors" in fields.values:
        body = fields.values["distractors"][3]
        distractors = tuple(plain(li) for li in body.walk() if li.type == "list_item")
    return QuizItem(
        case_id=case_id,
        id=qid,
        type=qtype,
        section=section,
        stem_html=render_tokens(stem_tokens, env),
        stem_text=" ".join(plain(n) for n in stem_nodes),
        line=line,
        options=tuple(options),
        cites=parse_cites(fields, out, where),
        model_answer_html=fields.html("model-answer"),
        quoted=fields.text("quoted"),
        verdict=cast("Verdict | None", fields.text("verdict")),  # its value is checked by checks.py
        seed=fields.text("seed"),
        steps=tuple(steps),
        distractors=distractors,
    )


def _parse_step(node: SyntaxTreeNode, env: dict[str, Any], out: Collector, where: str) -> Step:
    head = node.info.strip().split()
    sid = head[1] if len(head) > 1 else ""
    swhere = f"{where}.step {sid or '?'}"
    if len(head) != 2 or not SLUG.match(sid):
        out.add(line_of(node), swhere, "a step starts '::: step <id>' with a lowercase id")
    text_nodes: list[SyntaxTreeNode] = []
    options: list[Option] = []
    for child in node.children:
        if child.type in ("bullet_list", "ordered_list"):
            options = parse_options(child, "scenario", env, out, swhere)
        else:
            text_nodes.append(child)
    html = render_tokens([t for n in text_nodes for t in n.to_tokens()], env)
    return Step(id=sid, html=html, line=line_of(node), options=tuple(options))
