"""Shared fixtures. Tests never touch the learner's real attempts store.

Also: the widget demo case (``case``), the same case with hostile text everywhere (``hostile_case``),
and a fresh attempts store per test (``store``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import casebook
from casebook.model import Case

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEMO = FIXTURES / "cases" / "widget-demo.md"

# Kernels started by nbval and the browser tests inherit this: never the learner's real store.
_SESSION_DIR = tempfile.mkdtemp(prefix="casebook-tests-")
os.environ["CASEBOOK_STORE"] = os.path.join(_SESSION_DIR, "attempts.sqlite3")
# ... nor the user's content cache ...
os.environ["CASEBOOK_CACHE"] = os.path.join(_SESSION_DIR, "cache")
# ... nor the advocate's real evidence logs.
os.environ["CASEBOOK_EVIDENCE"] = os.path.join(_SESSION_DIR, "evidence")


@pytest.fixture(scope="session")
def case() -> Case:
    return casebook.load_path(DEMO)


@pytest.fixture(autouse=True)
def _private_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own default store path and learner, never the real per-user folder."""
    monkeypatch.setenv("CASEBOOK_STORE", str(tmp_path / "attempts.sqlite3"))
    monkeypatch.setenv("CASEBOOK_EVIDENCE", str(tmp_path / "evidence"))
    monkeypatch.setenv("CASEBOOK_LEARNER", "Test Learner")
    monkeypatch.delenv("CASEBOOK_LANG", raising=False)  # English unless a test says otherwise
    monkeypatch.delenv("HTTP_X_CASEBOOK_VISITOR", raising=False)  # this computer's one person, unless a test
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)  # says it is a browser or a hub user
    import casebook.store
    import casebook.visitor

    monkeypatch.setattr(casebook.store, "_default", {})
    monkeypatch.setattr(casebook.visitor, "_current", None)
    monkeypatch.setattr(casebook.visitor, "_QUERY", None)


class _ReraiseInsteadOfShowing:
    """Stands in for IPython in ipywidgets' error handlers (``CallbackDispatcher.__call__`` for on_click /
    on_submit / on_msg, and ``Widget._handle_msg``). Outside IPython they log a warning and carry on, so a
    click whose handler raised would look like a click that did nothing. Called inside their ``except``
    block, a bare ``raise`` re-raises the handler's own exception into the test."""

    def showtraceback(self, *args: object, **kwargs: object) -> None:
        raise  # the exception being handled by the caller


@pytest.fixture(autouse=True)
def _callback_errors_fail_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test: an exception raised inside a widget callback fails the test where it happened."""
    import ipywidgets.widgets.widget as widget_module

    monkeypatch.setattr(widget_module, "get_ipython", _ReraiseInsteadOfShowing)


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The seed files (../shared/seeds or $CASEBOOK_SEEDS), for tests whose checks read them. Without them
    such a test is skipped with the reason, except in CI, which has them: there it fails."""
    from casebook.registry import seeds_dir, seeds_missing_note

    folder = seeds_dir()
    if folder is None:
        why = seeds_missing_note()
        if os.environ.get("CI"):
            pytest.fail(f"CI has the seed files beside the clone, yet: {why}", pytrace=False)
        pytest.skip(f"needs the seed files: {why}")
    return folder


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    from casebook.store import Store

    s = Store(tmp_path / "explicit-store.sqlite3")
    yield s
    s.close()


HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"


def hostile_text() -> str:
    """The demo case with hostile text added to every stem, option, match row, order step, feedback,
    scenario step and model answer."""
    import re

    out: list[str] = []
    fences = 0
    for line in DEMO.read_text("utf-8").splitlines():
        fences += line == "---"
        if fences < 2:
            out.append(line)
            continue
        if (re.match(r"^\s*(- \[[ x]\] |\d+\. |- (?!\[)\S)", line) and not line.startswith("  - Road")) or re.match(
            r"^\s*:(feedback|model-answer):", line
        ):
            line += " " + HOSTILE
        out.append(line)
        if re.match(r"^:{3,4} (quiz|step) ", line):
            out.append(HOSTILE)
            out.append("")
    return "\n".join(out) + "\n"


@pytest.fixture(scope="session")
def hostile_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "widget-demo.md"
    path.write_text(hostile_text(), "utf-8")
    return casebook.load_path(path)
