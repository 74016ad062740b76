"""Whatever the bytes, reading content gives a case or a CasebookError, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casebook
from casebook.registry import STATUTES_DIR, load_registry

MINIMAL = (Path(__file__).resolve().parent / "fixtures" / "minimal.md").read_text()
BODY = MINIMAL.split("---\n", 2)[2]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)),
    max_leaves=25,
)
markup = st.sampled_from(
    [
        "---\n",
        ":::",
        "::: quiz single q\n",
        ":::: quiz scenario s\n",
        "::: step a\n",
        "- [x] ",
        "- [ ] ",
        "1. ",
        ":cite: ",
        ":feedback: ",
        ":goto: ",
        "{cite}`",
        "`",
        "## Facts\n",
        "## Discussion\n",
        "\n",
        "  ",
        "\x00",
        "\ufeff",
        "[a](javascript:x)",
    ]
)


def _outcome(text: str) -> None:
    try:
        case = casebook.load_text(text, "fuzz.md")
    except casebook.CasebookError as exc:
        assert exc.problems and all(p.path == "fuzz.md" and p.line >= 0 for p in exc.problems)
    else:
        assert isinstance(case, casebook.Case)


@FAST
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _outcome(text)


@FAST
@given(st.lists(st.one_of(markup, st.text(max_size=20)), max_size=40))
def test_arbitrary_markup(parts: list[str]) -> None:
    _outcome("".join(parts))


@FAST
@given(yaml_values)
def test_arbitrary_yaml_front_matter(value: object) -> None:
    _outcome("---\n" + yaml.safe_dump(value, allow_unicode=True) + "---\n" + BODY)


@FAST
@given(st.data())
def test_mutated_minimal_case(data: st.DataObject) -> None:
    lines = MINIMAL.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "replace"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        else:
            lines[i] = data.draw(st.text(max_size=30)) + "\n"
        if not lines:
            break
    _outcome("".join(lines))


@settings(max_examples=60, deadline=None)
@given(yaml_values)
def test_arbitrary_statute_file(value: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cn-fuzz.yaml"
        path.write_text(yaml.safe_dump(value, allow_unicode=True))
        try:
            reg = load_registry([*STATUTES_DIR.glob("*.yaml"), path])
        except casebook.CasebookError as exc:
            assert exc.problems
        else:
            assert reg.articles
