"""The interface in English, 中文 and العربية: the catalogs are complete and compiled, placeholders survive
translation, the language is chosen in the documented order, and Arabic pages run right to left."""

from __future__ import annotations

import gettext
import io
import json
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import casebook
import widgets
from casebook import store as store_module
from casebook import visitor
from widgets import i18n, session

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "widgets" / "locale"
CATALOGS = {"zh-Hans": "zh_Hans", "ar": "ar"}
MsgId = str | tuple[str, str]


# -- what the sources ask for ---------------------------------------------------------------------
def extracted() -> dict[MsgId, list[str]]:
    """Every msgid in widgets/ and casebook/, found by Babel with the project's babel.cfg -> where it is used."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[MsgId, list[str]] = {}
    for folder in ("widgets", "casebook"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map, options_map, strip_comment_tags=True
        ):
            key = message if isinstance(message, str) else (message[0], message[1])
            found.setdefault(key, []).append(f"{folder}/{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def msgids() -> dict[MsgId, list[str]]:
    return extracted()


def po(lang: str) -> Catalog:
    path = LOCALES / CATALOGS[lang] / "LC_MESSAGES" / "casebook.po"
    with path.open("rb") as f:
        return read_po(f, locale=CATALOGS[lang], domain="casebook")


def catalog_problems(catalog: Catalog, msgids: dict[MsgId, list[str]]) -> list[str]:
    """Each msgid the sources use that the catalog lacks, leaves empty or marks fuzzy."""
    problems = []
    for key, where in msgids.items():
        m = catalog.get(key if isinstance(key, str) else key[0])
        if m is None:
            problems.append(f"missing: {key!r} ({where[0]})")
            continue
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        if isinstance(key, tuple) and not m.pluralizable:
            problems.append(f"not a plural entry: {key!r}")
        if isinstance(key, tuple) and len(forms) != catalog.num_plurals:
            problems.append(f"{len(forms)} plural forms instead of {catalog.num_plurals}: {key!r}")
        if not all(s and s.strip() for s in forms):
            problems.append(f"untranslated: {key!r} ({where[0]})")
        if m.fuzzy:
            problems.append(f"fuzzy: {key!r}")
    return problems


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_the_extractor_finds_the_interface_text(msgids: dict[MsgId, list[str]]) -> None:
    assert len(msgids) > 250
    assert "Check" in msgids and "Show answer" in msgids
    assert "Figures as a table" in msgids, "a _() inside an f-string is found too"
    assert ("{n} step out of place:", "{n} steps out of place:") in msgids, "ngettext gives both forms"
    for _key, heading in casebook.SECTIONS:
        assert heading in msgids, f"section heading {heading!r} is not marked for the catalogs"


def test_section_headings_are_marked_in_step_with_the_casebook() -> None:
    assert tuple(heading for _key, heading in casebook.SECTIONS) == i18n.SECTION_HEADINGS


def test_the_template_is_up_to_date(msgids: dict[MsgId, list[str]]) -> None:
    with (LOCALES / "casebook.pot").open("rb") as f:
        pot = read_po(f)
    in_pot = {m.id if isinstance(m.id, str) else tuple(m.id) for m in pot if m.id}
    assert set(msgids) - in_pot == set(), "new interface text: run `make catalogs`"
    assert in_pot - set(msgids) == set(), "the template lists text no longer used: run `make catalogs`"


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_every_msgid_is_translated(lang: str, msgids: dict[MsgId, list[str]]) -> None:
    problems = catalog_problems(po(lang), msgids)
    assert problems == [], f"{lang}: run `make catalogs` and translate:\n" + "\n".join(problems)


def test_a_missing_empty_or_fuzzy_message_is_caught(msgids: dict[MsgId, list[str]]) -> None:
    cat = po("ar")
    cat.delete("Check")
    cat["Try again"].string = ""
    cat["Show answer"].flags.add("fuzzy")
    problems = catalog_problems(cat, msgids)
    assert any(p.startswith("missing: 'Check'") for p in problems)
    assert any(p.startswith("untranslated: 'Try again'") for p in problems)
    assert "fuzzy: 'Show answer'" in problems


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_placeholders_survive_translation(lang: str) -> None:
    bad = []
    for m in po(lang):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = set().union(*(fields(i) for i in ids))
        for s in forms:
            got = fields(s)
            # A singular must keep every placeholder; a plural form may spell the number out ("سؤالان").
            if got - wanted or (isinstance(m.id, str) and got != wanted):
                bad.append(f"{m.id!r}: {sorted(wanted)} -> {s!r}")
            s.format(**dict.fromkeys(got, "x"))  # and it formats
    assert bad == []


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_the_committed_mo_is_compiled_from_the_po(lang: str) -> None:
    folder = LOCALES / CATALOGS[lang] / "LC_MESSAGES"
    buf = io.BytesIO()
    write_mo(buf, po(lang))
    fresh = gettext.GNUTranslations(io.BytesIO(buf.getvalue()))
    with (folder / "casebook.mo").open("rb") as f:
        committed = gettext.GNUTranslations(f)
    # Compare meaning, not the generator's bytes: every message and its plural forms, and the plural rule.
    # The header entry ('') is metadata that each Babel release writes its own way (2.19 changed it).
    assert messages(committed) == messages(fresh), f"{folder}/casebook.mo is stale: run `make catalogs`"
    assert [committed.plural(n) for n in range(200)] == [fresh.plural(n) for n in range(200)]  # type: ignore[attr-defined]
    assert committed.info().get("content-type") == fresh.info().get("content-type")


def messages(t: gettext.GNUTranslations) -> dict[object, str]:
    """A compiled catalog's messages without its header entry."""
    return {k: v for k, v in t._catalog.items() if k != "" and k != ("", 0)}  # type: ignore[attr-defined]


def test_arabic_plural_forms_follow_the_number() -> None:
    with in_language("ar"):
        said = {n: i18n.ngettext("{n} trainee joined.", "{n} trainees joined.", n).format(n=n) for n in (1, 2, 3, 11)}
    assert said[1] == "انضم متدرِّب واحد." and said[2] == "انضم متدرِّبان."
    assert said[3] == "انضم 3 متدرِّبين." and said[11] == "انضم 11 متدرِّبًا."


def test_import_widgets_needs_no_babel() -> None:
    code = "import sys, widgets; widgets.set_language('ar'); print(widgets._('Check')); print('babel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.split() == ["تحقَّق", "False"]


# -- choosing the language ------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _english_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("CASEBOOK_LANG", raising=False)
    session.reset()
    yield
    session.reset()
    i18n.set_language("en")


class in_language:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __enter__(self) -> None:
        i18n.set_language(self.lang)

    def __exit__(self, *exc: object) -> None:
        i18n.set_language("en")


@pytest.mark.parametrize(
    ("tag", "lang"),
    [("ar", "ar"), ("ar-EG", "ar"), ("zh-Hans", "zh-Hans"), ("zh_CN", "zh-Hans"), ("zh", "zh-Hans"), ("EN", "en")],
)
def test_language_tags_are_normalised(tag: str, lang: str) -> None:
    assert i18n.normalize(tag) == lang


def test_unknown_tags_are_passed_over() -> None:
    assert i18n.normalize("fr") is None and i18n.normalize("") is None and i18n.normalize("zh-Hant") is None


def test_the_language_is_chosen_url_then_learner_then_env_then_english(monkeypatch: pytest.MonkeyPatch) -> None:
    assert i18n.choose() == "en"
    monkeypatch.setenv("CASEBOOK_LANG", "zh-Hans")
    assert i18n.choose() == "zh-Hans"
    visitor.set_language(store_module.default_store(), visitor.current().id, "ar")
    assert i18n.choose() == "ar", "the visitor's choice beats the environment"
    assert i18n.choose("zh-Hans") == "zh-Hans", "the URL beats the learner's choice"
    assert i18n.choose("klingon") == "ar", "an unknown ?lang= is passed over"


def test_page_sets_the_language_from_the_url() -> None:
    banner = widgets.page("lang=ar")
    assert widgets.language() == "ar" and i18n._("Check") == "تحقَّق"
    assert "cb-rtl" in banner._dom_classes and 'dir="rtl"' in banner.value
    assert "direction: rtl" in banner.value, "the page's outputs flow right to left"
    banner = widgets.page("lang=zh-Hans")
    assert widgets.language() == "zh-Hans" and banner.value == ""
    widgets.page("")
    assert widgets.language() == "en"


def test_page_keeps_the_workshop_parameters_beside_lang() -> None:
    out = widgets.page("workshop=NOPE23&lang=ar")
    assert widgets.language() == "ar"
    assert "NOPE23" in out.value and "No workshop" not in out.value and 'dir="rtl"' in out.value


def test_the_start_page_picker_is_kept_for_every_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_LANG", "zh-Hans")
    picker = widgets.language_picker()
    assert picker.dropdown.description == "Language · 语言 · اللغة"
    assert [v for _label, v in picker.dropdown.options] == ["en", "zh-Hans", "ar"]
    picker.dropdown.value = "ar"
    assert widgets.language() == "ar" and "العربية" in picker.status.value and 'dir="rtl"' in picker.status.value
    assert visitor.remembered_language() == "ar"
    i18n.set_language("en")  # another notebook, another kernel
    widgets.page("")
    assert widgets.language() == "ar", "the learner's choice beats $CASEBOOK_LANG"
    widgets.page("lang=zh-Hans")
    assert widgets.language() == "zh-Hans", "?lang= beats the learner's choice"


# -- what the learner sees ------------------------------------------------------------------------
def test_views_and_quizzes_follow_the_interface_language(store: widgets.Store) -> None:
    widgets.page("lang=ar")
    case = casebook.load("egypt-collection-threats", widgets.language())
    header = widgets.case_header(case)
    assert "cb-rtl" in header._dom_classes and 'lang="ar" dir="rtl"' in header.value
    assert "ليست استشارة قانونية." in header.value
    facts = widgets.show(case, "facts")
    assert "<h2" in facts.value and "الوقائع</h2>" in facts.value and "Facts</h2>" not in facts.value
    q = widgets.quiz(case.quizzes[0], store=store, learner="amal")
    assert "cb-rtl" in q._dom_classes and q.check_button.description == "تحقَّق"
    assert q.answer_button.description == "اعرض الإجابة"


def test_a_case_without_a_translation_keeps_its_own_direction() -> None:
    widgets.page("lang=ar")
    case = casebook.load("dealership-insider", widgets.language())  # no Arabic translation: English text
    facts = widgets.show(case, "facts")
    assert 'class="cb-view" lang="en" dir="ltr"' in facts.value and "cb-rtl" not in facts._dom_classes
    assert 'lang="ar" dir="rtl">الوقائع</h2>' in facts.value, "the heading is interface text, in Arabic"


def test_chinese_interface(store: widgets.Store) -> None:
    widgets.page("lang=zh-Hans")
    case = casebook.load("dealership-insider", widgets.language())
    assert "案情</h2>" in widgets.show(case, "facts").value
    q = widgets.quiz(case.quizzes[0], store=store, learner="lin")
    assert q.check_button.description == "检查答案" and "cb-rtl" not in q._dom_classes
    assert "不构成法律意见" in widgets.case_header(case).value


def test_case_notebooks_load_the_case_in_the_interface_language() -> None:
    for path in sorted((ROOT / "notebooks").glob("0[1-9]-*.ipynb")):
        nb = json.loads(path.read_text("utf-8"))
        sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        assert sources[0].rstrip().endswith("widgets.page()"), path.name
        loads = [s for s in sources if "casebook.load(" in s]
        assert loads and all("widgets.language())" in s for s in loads), path.name
    start = json.loads((ROOT / "notebooks" / "00-start-here.ipynb").read_text("utf-8"))
    assert any("widgets.language_picker()" in "".join(c["source"]) for c in start["cells"])


def test_the_language_belongs_to_the_visitor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two browsers on one server: one choosing Arabic does not turn the other's pages Arabic."""
    store = store_module.default_store()
    monkeypatch.setenv("HTTP_X_CASEBOOK_VISITOR", "browser-a")
    visitor.forget()
    widgets.language_picker().dropdown.value = "ar"
    monkeypatch.setenv("HTTP_X_CASEBOOK_VISITOR", "browser-b")
    visitor.forget()
    widgets.page("")
    assert widgets.language() == "en"
    monkeypatch.setenv("HTTP_X_CASEBOOK_VISITOR", "browser-a")
    visitor.forget()
    widgets.page("")
    assert widgets.language() == "ar"
    assert visitor.get(store, "browser:browser-b").language is None
