"""Red-team cases against ``casebook check`` (issue 14, items 8 and 9): hostile case files are refused with
their file and line, in bounded time and memory, and the check goes on past them; registry files that would
mislead (a key written twice, a day that does not exist, a status its dates contradict, invisible or
look-alike characters) are refused instead of read."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
import yaml

from casebook import loader
from casebook.characters import skeleton, suspects
from casebook.cli import main
from casebook.errors import CasebookError
from casebook.registry import MAX_CONTENT_BYTES, STATUTES_DIR, display_path, load_registry

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "hostile" / "content"
EXPECTED: dict[str, list[str]] = yaml.safe_load((CONTENT / "expected.yaml").read_text("utf-8"))
MINIMAL = (HERE / "fixtures" / "minimal.md").read_text("utf-8")
FACT = "A shop kept a customer's number."


def case(tmp_path: Path, slug: str, fact: str = FACT, **front: str) -> Path:
    text = MINIMAL.replace("id: minimal", f"id: {slug}").replace(FACT, fact)
    for key, value in front.items():  # replace a front-matter field
        text = "\n".join(f"{key}: {value}" if ln.startswith(f"{key}: ") else ln for ln in text.split("\n"))
    path = tmp_path / f"{slug}.md"
    path.write_text(text, "utf-8")
    return path


def problems(*paths: Path) -> list[str]:
    return [str(p) for p in loader.check(list(paths)).problems]


# --- item 9: the registry ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_misleading_registry_file_is_refused(name: str) -> None:
    with pytest.raises(CasebookError) as err:
        load_registry([*STATUTES_DIR.glob("*.yaml"), CONTENT / name])
    mine = [f"{p.line}: {p.field}: {p.message}" for p in err.value.problems if p.path.endswith(name)]
    assert mine == EXPECTED[name]
    assert all(p.path.endswith(name) for p in err.value.problems), "only the hostile file has problems"


def test_every_file_in_the_corpus_has_its_expectation() -> None:
    assert sorted(p.name for p in CONTENT.glob("*.yaml") if p.name != "expected.yaml") == sorted(EXPECTED)


def test_the_real_registry_and_cases_have_no_misleading_character() -> None:
    for path in [*STATUTES_DIR.parent.rglob("*.md"), *STATUTES_DIR.parent.rglob("*.yaml")]:
        assert suspects(path.read_text("utf-8")) == [], path


def test_look_alike_names_have_one_skeleton() -> None:
    assert skeleton("\u0410lice") == skeleton("Alice") == skeleton("ＡＬＩＣＥ") == skeleton("Al\u200bice ")
    assert skeleton("Amal") != skeleton("Alice")
    assert skeleton("أمل") == "أمل" and skeleton("小明") == "小明"  # other scripts are left as they are


def test_invisible_and_direction_characters_in_a_case_are_flagged_with_their_line(tmp_path: Path) -> None:
    path = case(tmp_path, "hidden", fact="The shop kept the \u202enumber\u202c of a \u0441ustomer.")
    found = problems(path)
    assert any(":41: text: a direction control (U+202E RIGHT-TO-LEFT OVERRIDE)" in p for p in found)
    assert any(":41: text: the word '\u0441ustomer' mixes cyrillic and latin letters" in p for p in found)


# --- item 8: bounded, and past a bad file ------------------------------------------------------------


def test_600_nested_emphasis_markers_are_a_problem_at_their_line_not_a_crash(tmp_path: Path) -> None:
    path = case(tmp_path, "stars", fact="*" * 600 + "x" + "*" * 600)
    assert main(["check", str(path)]) == 1
    assert problems(path) == [
        f"{display_path(path)}:41: text: a run of 600 Markdown markers (* _ ~ [ ]); write at most 63 in a row"
    ]


def test_50000_markers_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = case(tmp_path, "stars", fact="*" * 50_000 + "x" + "*" * 50_000)
    tracemalloc.start()
    try:
        found = problems(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [
        f"{display_path(path)}:41: text: a run of 50000 Markdown markers (* _ ~ [ ]); write at most 63 in a row"
    ]
    assert peak < 64 * 2**20, f"peak {peak // 2**20} MiB: the text was parsed"


def test_markdown_nested_deeper_than_the_limit_is_a_problem_at_its_line(tmp_path: Path) -> None:
    deep = "".join("*a _b " for _ in range(40)) + "x" + "".join("_ *" for _ in range(40))
    found = problems(case(tmp_path, "deep", fact=deep))
    assert len(found) == 1 and ":41: text: Markdown nested 41 levels deep here; at most 32 can be read" in found[0]


def test_a_5000_digit_number_is_a_problem_not_an_internal_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = case(tmp_path, "huge", order="9" * 5000)
    assert main(["check", str(path)]) == 1
    assert f"{display_path(path)}:4: order: a number of 5000 digits is too long" in capsys.readouterr().out


def test_a_device_a_fifo_and_an_oversized_file_are_refused_unread(tmp_path: Path) -> None:
    zero = tmp_path / "zero.md"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    big = case(tmp_path, "big", fact="x" * (MAX_CONTENT_BYTES + 1))
    found = problems(zero, fifo, big)
    assert found == [
        f"{display_path(big)}:0: file: is {big.stat().st_size // 1024} KB; a content file may be at most 1024 KB",
        f"{display_path(fifo)}:0: file: is not a regular file (a device, a FIFO or a folder)",
        f"{display_path(zero)}:0: file: is not a regular file (a device, a FIFO or a folder)",
    ]


def test_one_bad_file_does_not_stop_the_folder_check(tmp_path: Path) -> None:
    case(tmp_path, "aaa", fact="*" * 600)
    (tmp_path / "bbb.md").symlink_to("/dev/zero")
    case(tmp_path, "ccc")
    report = loader.check([tmp_path])
    assert [c.id for c in report.cases] == ["ccc"], "the good file after two bad ones is still checked"
    assert len(report.problems) == 2


def test_a_file_that_takes_too_long_is_one_problem_and_the_rest_go_on(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    slow, fine = case(tmp_path, "slow"), case(tmp_path, "fine")
    real = loader._check_one

    def check_one(f: Path, *args: object) -> None:
        if f == slow:
            while True:  # a parser that never ends
                pass
        real(f, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_check_one", check_one)
    monkeypatch.setattr(loader, "MAX_SECONDS_PER_FILE", 1)
    report = loader.check([slow, fine])
    assert [str(p) for p in report.problems] == [
        f"{display_path(slow)}:0: file: took more than 1 s to check; simplify it"
    ]
    assert [c.id for c in report.cases] == ["fine"]
