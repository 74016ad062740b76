"""Red-team cases against redaction (issue 14, item 7): identifiers written the way real messages write
them are all found and replaced; near misses are replaced too and flagged for a person to review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook import identifiers as ids
from casebook.redaction import highlight_html, redact, summary

CORPUS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "hostile" / "redaction.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[c["attack"] for c in CORPUS])
def test_redaction_catches_the_variant(case: dict[str, Any]) -> None:
    text = case["text"]
    assert redact(text) == case["redacted"]
    assert [h.value for h in ids.scan(text) if not h.sure] == case.get("unsure", [])
    masked = redact(text, "mask")
    for hit in ids.scan(text):
        assert hit.value not in masked or hit.kind == "email"


def test_near_misses_are_marked_for_review_in_words() -> None:
    html = highlight_html("ID 11010519491231003X and 11010519491231002X", unsure="possible {name}: check it")
    assert html.count("cb-pii-unsure") == 1
    assert "[possible ID number: check it]" in html and "[ID number]" in html
    assert summary("ID 11010519491231003X") == {"email": 0, "id": 1, "phone": 0, "card": 0}


def test_the_publication_check_finds_the_same_variants() -> None:
    """``identifiers.find`` (used by ``casebook check`` so that no case publishes a person's number) reads
    separators, glued words and fullwidth digits too."""
    for text in (
        "ID11010519491231002X",
        "110105-19491231-002X",
        "Tel13812345678",
        "１３８１２３４５６７８",
        "138.1234.5678",
    ):
        assert list(ids.find(text)), text
    assert not list(ids.find("Article 1038, 2021-08-20, 1,200.50"))


def test_scanning_hostile_text_is_linear() -> None:
    """A megabyte of digits and separators (the worst case for the separator rules) scans in one pass: the
    number of hits is bounded by the text, and nothing backtracks without end (a timeout would show it)."""
    text = ("1 3 8 - 1 . 2 3 4 " * 60_000)[:1_000_000]
    hits = ids.scan(text)
    assert all(h.end <= len(text) for h in hits)
