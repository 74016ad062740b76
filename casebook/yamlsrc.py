"""YAML loading that remembers where each value was written.

Values are plain Python data (dates stay strings, so the JSON Schema sees what the author
wrote); :class:`Located` maps a path such as ``("parties", 1, "role")`` back to a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import CasebookError, Problem

# libyaml's parser when PyYAML was built with it (about twenty times faster), else the pure-Python one.
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # the base is chosen at run time (libyaml when present)
    """A safe loader without implicit timestamps: dates are validated as text by the schema."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Path = Sequence[str | int]


@dataclass
class Located:
    """Parsed YAML plus its node tree, shifted by ``first_line`` (1-based line of the YAML's first line)."""

    data: Any
    node: yaml.Node | None
    first_line: int

    def line_of(self, path: Path) -> int:
        """The line where ``path`` is written, or the nearest enclosing value's line."""
        node = self.node
        if node is None:
            return self.first_line
        best = node.start_mark.line
        for key in path:
            child = _child(node, key)
            if child is None:
                break
            node = child
            best = node.start_mark.line
        return best + self.first_line


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                return v
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def load(text: str, path: str, first_line: int = 1, field: str = "yaml") -> Located:
    """Parse ``text`` as one YAML document; any YAML error becomes a :class:`CasebookError`."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # the reader rejects non-printable characters here
        node = loader.get_single_node()
        if node is not None:
            _refuse_what_would_mislead(node, path, first_line, field)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        problem = exc.problem or str(exc)
        raise CasebookError(Problem(path, line, field, f"not valid YAML: {problem}")) from None
    except yaml.YAMLError as exc:
        raise CasebookError(Problem(path, first_line, field, f"not valid YAML: {exc}")) from None
    except RecursionError:
        raise CasebookError(Problem(path, first_line, field, "YAML nested too deeply")) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Located(data, node, first_line)


#: The longest integer a content file may hold (Python refuses to read more than 4300 digits).
MAX_INT_DIGITS = 18
_INT_TAG = "tag:yaml.org,2002:int"


def _refuse_what_would_mislead(root: yaml.Node, path: str, first_line: int, field: str) -> None:
    """Problems that plain YAML loading hides: a key written twice (the last silently wins: a statute
    ``status: repealed`` then ``status: in_force``), anchors and aliases (not used in casebook files; they
    also let a few lines expand into millions of values), and integers too long to be real."""
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    seen: set[int] = set()

    def add(node: yaml.Node, where: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(path, node.start_mark.line + first_line, dotted(where) or field, message))

    while stack:  # iterative: a deeply nested document cannot exhaust the stack here
        node, where = stack.pop()
        if id(node) in seen:
            add(node, where, "YAML anchors and aliases (&, *) are not allowed in casebook files")
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _INT_TAG and len(node.value.lstrip("+-0").replace("_", "")) > MAX_INT_DIGITS:
                add(node, where, f"a number of {len(node.value)} digits is too long")
        elif isinstance(node, yaml.MappingNode):
            lines: dict[str, int] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + first_line
                    if name in lines:
                        add(key, (*where, name), f"written twice (also line {lines[name]}); the last one would win")
                    lines.setdefault(name, line)
                stack += [(value, (*where, name)), (key, where)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(child, (*where, i)) for i, child in enumerate(node.value)]
    if problems:
        raise CasebookError(problems)


def dotted(path: Path) -> str:
    """``("parties", 1, "role")`` -> ``parties[1].role``."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out
