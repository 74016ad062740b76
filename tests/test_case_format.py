"""The case format: the real casebook validates, and each broken fixture gives its exact error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import casebook
from casebook.checks import check_parsed
from casebook.parse import parse_file
from casebook.registry import STATUTES_DIR, load_registry

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "fixtures" / "broken"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.md"
TEST_STATUTES = ROOT / "tests" / "fixtures" / "statutes"

# fixture -> every problem it must produce, exactly: (line, field, message)
EXPECTED: dict[str, list[tuple[int, str, str]]] = {
    "no-front-matter": [(1, "front matter", "a case file starts with YAML front matter between '---' lines")],
    "bad-yaml": [(6, "front matter", "not valid YAML: did not find expected ',' or ']'")],
    "missing-field": [(2, "title", "required field is missing")],
    "wrong-type": [(4, "order", "'first' is not of type 'integer'")],
    "unknown-field": [
        (
            37,
            "colour",
            "unknown field (allowed here: data_flows, figures, id, jurisdictions, languages, order, "
            "parties, personal_data, public_identifiers, reported, schema_version, sources, summary, tags, "
            "timeline, title)",
        )
    ],
    "bad-language": [
        (
            5,
            "title",
            "unknown language tag(s) 'fr': a text is a string or a mapping of en, zh-Hans, "
            "zh-Hant, ar to strings (quote text that contains a comma or a colon)",
        )
    ],
    "schema-version": [(2, "schema_version", "unsupported schema version 7 (supported: 1)")],
    "id-mismatch": [(3, "id", "id 'minimal' does not match the file name 'id-mismatch'")],
    "unknown-party": [(25, "personal_data[0].of", "unknown party 'neighbour'")],
    "unknown-statute": [
        (72, "quiz minimal-q.options[1].cite", "unknown statute id 'cn.pipl.999' (not in casebook/statutes/)")
    ],
    "renumbered-unmarked": [
        (
            72,
            "quiz minimal-q.options[1].cite",
            "cn.psapl-2012.42.i6 is renumbered from 2026-01-01: now PSAPL Art. 50(6); cite the "
            "current article or mark this one as historic (:cite-old: / {cite-old})",
        )
    ],
    "old-marker-on-current": [
        (
            72,
            "quiz minimal-q.options[1].cite-old",
            "cn.civil.1038 is in force, not renumbered or repealed; use :cite: / {cite}",
        )
    ],
    "unconfirmed-correct": [
        (72, "quiz minimal-q.options[1].cite", "cn.testlaw.1 is unconfirmed and cannot support a correct answer")
    ],
    "single-two-correct": [
        (69, "quiz minimal-q.options", "single-choice item needs exactly one correct option ('- [x]'), found 2")
    ],
    "order-incomplete": [
        (
            69,
            "quiz minimal-order.options",
            "order item needs a complete order: number the steps 1 to 2, each once (found 2, 2)",
        )
    ],
    "option-no-feedback": [(75, "quiz minimal-q.options[2].feedback", "option has no feedback")],
    "option-no-cite": [
        (75, "quiz minimal-q.options[2].cite", "option feedback must cite the registry (:cite: or :cite-old:)")
    ],
    "unknown-seed": [(10, "sources[0].seed", "seed file 999_0000000000000000.txt is not in casebook/sources.yaml")],
    "phone-number": [
        (
            41,
            "privacy",
            "looks like an 11-digit mainland mobile number ('13912345678'); remove it, or "
            "list it under public_identifiers with the reason it is public",
        )
    ],
    "resident-id": [
        (
            41,
            "privacy",
            "looks like an 18-character resident ID number ('11010519491231002X'); remove "
            "it, or list it under public_identifiers with the reason it is public",
        )
    ],
    "egyptian-id": [
        (
            41,
            "privacy",
            "looks like a 14-digit Egyptian national ID number ('٢٩٠٠١٠١٠١٢٣٤٥٦'); remove "
            "it, or list it under public_identifiers with the reason it is public",
        )
    ],
    "unknown-section": [
        (
            63,
            "section",
            "unknown section heading 'Sources' (expected: Facts, Timeline, What went wrong, Legal basis, "
            "Evidence steps, Remedies and channels, Source check, Discussion)",
        ),
        (78, "section Source check", "required section is missing"),
    ],
    "duplicate-quiz-id": [(80, "quiz minimal-q.id", "duplicate quiz id in this case")],
    "unknown-quiz-type": [
        (
            69,
            "quiz minimal-q.type",
            "unknown quiz type 'essay' (expected one of: single, multiple, "
            "match, order, citation, scenario, reflection)",
        )
    ],
    "unknown-channel": [(61, "text.channel", "unknown channel id 'cn.nowhere' (not in casebook/channels.yaml)")],
    "excerpt-not-in-seed": [(43, "excerpt", "excerpt is not found word for word in 000_836e0499389bad4a.txt")],
    "scenario-bad-goto": [(79, "quiz minimal-s.step start.options[2].goto", "unknown step 'nowhere'")],
    "citation-verdict": [
        (
            69,
            "quiz minimal-c.verdict",
            "verdict 'in_force' contradicts the registry: "
            "cn.psapl-2012.42.i6 is renumbered from 2026-01-01: now PSAPL Art. 50(6)",
        )
    ],
    "match-no-answer": [(76, "quiz minimal-m.options[2].answer", "match row needs an :answer:")],
    "unknown-role": [(53, "text.law", "unknown role {law} (expected cite, cite-old or channel)")],
    "step-outside-scenario": [
        (
            59,
            "step",
            "a step block belongs inside a scenario quiz (open the scenario with more "
            "colons than its steps: ':::: quiz scenario <id>' ... '::::')",
        )
    ],
    "not-utf8": [(41, "file", "not UTF-8 (byte 685)")],
}


@pytest.fixture(scope="module")
def registry_with_test_law() -> casebook.Registry:
    return load_registry([*STATUTES_DIR.glob("*.yaml"), *TEST_STATUTES.glob("*.yaml")])


def test_every_fixture_has_an_expectation() -> None:
    assert {p.stem for p in BROKEN.glob("*.md")} == set(EXPECTED)


# Broken fixtures whose error only a check that reads the seed files can find.
NEEDS_SEEDS = {"excerpt-not-in-seed"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture_gives_its_exact_error(
    name: str, registry_with_test_law: casebook.Registry, request: pytest.FixtureRequest
) -> None:
    if name in NEEDS_SEEDS:
        request.getfixturevalue("seeds")
    parsed = parse_file(BROKEN / f"{name}.md", registry_with_test_law)
    check_parsed(parsed, registry_with_test_law)
    got = [(p.line, p.field, p.message) for p in parsed.out.problems]
    assert got == EXPECTED[name]
    assert all(p.path.endswith(f"{name}.md") for p in parsed.out.problems)


def test_minimal_fixture_is_valid() -> None:
    case = casebook.load_path(MINIMAL)
    assert case.id == "minimal"
    assert [q.id for q in case.quizzes] == ["minimal-q"]


def test_real_casebook_validates() -> None:
    report = casebook.check()
    assert report.problems == []
    assert report.cases, "the casebook has no cases"
    assert report.summary().startswith("ok: ")


def test_dealership_case_is_complete() -> None:
    case = casebook.load("dealership-insider")
    assert [s.heading for s in case.sections.values()] == [h for _, h in casebook.SECTIONS]
    assert len(case.quizzes) >= 10
    assert len({q.type for q in case.quizzes}) >= 5
    cited = {c.statute for q in case.quizzes for o in q.options for c in o.cites}
    for needed in (
        "cn.pipl.10",
        "cn.pipl.69",
        "cn.civil.1038",
        "cn.crim.253-1.p2",
        "cn.piinterp-2017.5.p1.i8",
        "cn.psapl-2012.42.i6",
        "cn.psapl.50.i6",
        "cn.psapl.56",
        "cn.apl.37",
    ):
        assert needed in cited, needed
    body = " ".join(s.html for s in case.sections.values())
    assert 'data-statute="cn.civil.111"' in body


def test_cli_check_prints_every_problem_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "two-problems.md"
    text = (BROKEN / "single-two-correct.md").read_text().replace("id: single-two-correct", "id: two-problems")
    bad.write_text(text.replace("A shop kept a customer's number.", "Call 13912345678."))
    run = subprocess.run([sys.executable, "-m", "casebook.cli", "check", str(bad)], capture_output=True, text=True)
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        ":41: privacy: looks like an 11-digit mainland mobile number ('13912345678'); remove "
        "it, or list it under public_identifiers with the reason it is public"
    )
    assert lines[1].endswith(
        ":69: quiz minimal-q.options: single-choice item needs exactly one correct option ('- [x]'), found 2"
    )
    assert "Traceback" not in run.stderr


def test_cli_check_summary_on_success() -> None:
    run = subprocess.run([sys.executable, "-m", "casebook.cli", "check"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout
    assert run.stdout.startswith("ok: ") and "quiz items (" in run.stdout


def test_cli_list_in_teaching_order() -> None:
    run = subprocess.run([sys.executable, "-m", "casebook.cli", "list"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0
    assert "dealership-insider" in run.stdout
    orders = [int(line.split()[0]) for line in run.stdout.splitlines()]
    assert orders == sorted(orders)


def test_load_unknown_case_names_it() -> None:
    with pytest.raises(casebook.CasebookError) as exc:
        casebook.load("no-such-case")
    assert "no case 'no-such-case'" in str(exc.value)


def test_hostile_text_renders_inert() -> None:
    hostile = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
        "[ok](https://example.org) ![i](javascript:alert(4))"
    )
    text = MINIMAL.read_text().replace("A shop kept a customer's number.", hostile)
    case = casebook.load_text(text, "minimal.md")
    html = case.sections["facts"].html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert 'href="javascript' not in html and 'src="javascript' not in html
    assert 'href="https://example.org" rel="noopener noreferrer nofollow" target="_blank"' in html


def test_check_says_when_the_seed_checks_did_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from casebook.cli import main

    monkeypatch.setenv("CASEBOOK_SEEDS", str(tmp_path / "no-such-folder"))
    assert main(["check", str(MINIMAL)]) == 0
    err = capsys.readouterr().err
    assert "note: the seed checks did not run (excerpts word for word" in err and "no-such-folder" in err
    assert main(["check", "--require-seeds", str(MINIMAL)]) == 1
    assert "--require-seeds" in capsys.readouterr().err


def test_with_the_seeds_every_check_runs(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casebook.cli import main

    assert main(["check", "--require-seeds"]) == 0
    out = capsys.readouterr()
    assert "note:" not in out.err and out.out.startswith("ok: ")
