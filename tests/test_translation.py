"""Translations mirror the master: a faithful one merges into the case; a mismatched one is refused,
naming the file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import casebook
from casebook.translation import check_translation, merge, translation_paths

FIX = Path(__file__).resolve().parent / "fixtures" / "translations"
MASTER = FIX / "bilingual.md"
GOOD = (FIX / "bilingual.zh-Hans.md").read_text("utf-8")


def _problems(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    (tmp_path / "bilingual.md").write_text(MASTER.read_text("utf-8"), "utf-8")
    tr = tmp_path / "bilingual.zh-Hans.md"
    tr.write_text(text, "utf-8")
    master = casebook.load_path(tmp_path / "bilingual.md")
    parsed = check_translation(master, tr, casebook.registry())
    return [(p.line, p.field, p.message) for p in parsed.out.problems]


def test_a_faithful_translation_merges() -> None:
    master = casebook.load_path(MASTER)
    assert translation_paths(MASTER) == {"zh-Hans": FIX / "bilingual.zh-Hans.md"}
    parsed = check_translation(master, FIX / "bilingual.zh-Hans.md", casebook.registry())
    assert parsed.out.problems == []
    case = merge(master, parsed.sections)
    q = case.quiz("minimal-q")
    assert "谁是个人信息处理者" in q.stem_html and q.options[0].correct and "商店" in q.options[0].html
    assert q.options[0].cites == master.quiz("minimal-q").options[0].cites, "citations come from the master"
    assert "《个人信息保护法》第10条" in case.sections["legal-basis"].html, "roles render in the translation's language"
    assert case.title.en == master.title.en


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("- [x] 商店。", "- [ ] 商店。"), (40, "quiz minimal-q.options[1]", "is marked [ ]; the master marks it [x]")),
        (
            ("- [ ] 没有人。\n  :feedback: 总有人是处理者。\n", ""),
            (40, "quiz minimal-q.options", "has 1 options; the master has 2"),
        ),
        (
            ("::: quiz single minimal-q", "::: quiz single other-q"),
            (37, "quiz other-q", "is 'single other-q'; the master has 'single minimal-q' here"),
        ),
        (("language: zh-Hans", "language: ar"), (4, "language", "says 'ar', but the file name says 'zh-Hans'")),
        (
            ("  :feedback: 是它收集了这些信息。\n", "  :feedback: 是它收集了这些信息。\n  :cite: cn.pipl.69\n"),
            (
                40,
                "quiz minimal-q.options[1].cite",
                "citations differ from the master's (omit them or copy them unchanged)",
            ),
        ),
        (
            ("## Source check", "## 来源核查"),
            (
                31,
                "section",
                "unknown section heading '来源核查' (expected: Facts, Timeline, What went wrong, Legal basis, "
                "Evidence steps, Remedies and channels, Source check, Discussion)",
            ),
        ),
        (
            ("一家商店保存了顾客的手机号码。", "号码是13912345678。"),
            (
                9,
                "privacy",
                "looks like an 11-digit mainland mobile number ('13912345678'); remove it, or list it under "
                "public_identifiers with the reason it is public",
            ),
        ),
    ],
)
def test_a_mismatched_translation_is_refused(tmp_path: Path, change: tuple[str, str], expected: tuple) -> None:  # type: ignore[type-arg]
    old, new = change
    assert old in GOOD
    problems = _problems(tmp_path, GOOD.replace(old, new, 1))
    assert expected in problems, problems


def test_casebook_load_uses_the_translation_when_there_is_one() -> None:
    en = casebook.load("dealership-insider")
    assert casebook.load("dealership-insider", "fr") is en or casebook.load("dealership-insider", "fr").id == en.id
