"""The content cache: a second load reads the cache; an edit to any content makes a new key; a cache
file that cannot be read is rebuilt; `off` disables it."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import casebook
from casebook import cache


def test_registry_and_cases_come_back_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_CACHE", str(tmp_path))
    built = []
    value = cache.cached("thing", lambda: built.append(1) or {"a": 1})
    again = cache.cached("thing", lambda: built.append(2) or {"a": 2})
    assert value == again == {"a": 1} and built == [1]
    assert [p.name for p in tmp_path.glob("thing-*.pickle")] == [f"thing-{cache.content_key()}.pickle"]


def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_CACHE", str(tmp_path))
    (tmp_path / f"thing-{cache.content_key()}.pickle").write_bytes(b"not a pickle")
    assert cache.cached("thing", lambda: 42) == 42
    with (tmp_path / f"thing-{cache.content_key()}.pickle").open("rb") as f:
        assert pickle.load(f) == 42


def test_off_disables_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_CACHE", "off")
    calls = []
    cache.cached("thing", lambda: calls.append(1))
    cache.cached("thing", lambda: calls.append(1))
    assert calls == [1, 1]


def test_the_key_changes_with_any_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "casebook"
    (fake / "cases").mkdir(parents=True)
    (fake / "cases" / "a.md").write_text("one")
    monkeypatch.setattr(cache, "PACKAGE_DIR", fake)
    cache.content_key.cache_clear()
    first = cache.content_key()
    (fake / "cases" / "a.md").write_text("two")
    cache.content_key.cache_clear()
    assert cache.content_key() != first
    cache.content_key.cache_clear()


def test_a_cached_case_equals_a_freshly_read_one() -> None:
    fresh = casebook.load_path(casebook.loader.CASES_DIR / "dealership-insider.md")
    assert casebook.load("dealership-insider") == fresh


def test_a_broken_case_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_CACHE", str(tmp_path))

    def broken() -> object:
        raise casebook.CasebookError(casebook.Problem("x.md", 1, "id", "bad"))

    with pytest.raises(casebook.CasebookError):
        cache.cached("case-x-en", broken)
    assert not list(tmp_path.glob("case-x-en-*"))
