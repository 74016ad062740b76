"""Red-team cases against the evidence log (issue 14, item 1): two pages on one log, in one process or
in several, never overwrite or renumber evidence."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from casebook.evidence import EvidenceError, EvidenceLog, write_new
from casebook.evidence_zip import export_zip, import_zip


def test_two_pages_on_one_log_never_overwrite_evidence(tmp_path: Path) -> None:
    tab1, tab2 = EvidenceLog("practice", tmp_path), EvidenceLog("practice", tmp_path)  # opened before either adds
    a = tab1.add_text("threat chat", title="Threat chat")
    b = tab2.add_text("call note", title="Call note")
    assert (a.id, b.id) == ("E001", "E002"), "the second page renumbered over the first"
    reloaded = EvidenceLog("practice", tmp_path)
    assert [i.title for i in reloaded.items] == ["Threat chat", "Call note"]
    assert reloaded.read(reloaded.get("E001")) == b"threat chat" and reloaded.verify() == []
    assert export_zip(reloaded)  # exports: every file matches its hash
    tab1.reload()
    assert [i.id for i in tab1.items] == ["E001", "E002"], "a page sees what the other added"


def _add_many(root: str, who: str, n: int) -> None:
    log = EvidenceLog("shared", root)
    for k in range(n):
        log.add_text(f"{who} {k}", title=f"{who}-{k}")


def test_several_kernels_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_add_many, args=(str(tmp_path), w, 15)) for w in ("tab1", "tab2", "tab3")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    log = EvidenceLog("shared", tmp_path)
    assert len(log.items) == 45 and len({i.id for i in log.items}) == 45
    assert sorted(i.title for i in log.items) == sorted(f"{w}-{k}" for w in ("tab1", "tab2", "tab3") for k in range(15))
    assert log.verify() == []


def test_evidence_is_never_written_over(tmp_path: Path) -> None:
    target = tmp_path / "files" / "E001-text.txt"
    write_new(target, b"original")
    write_new(target, b"original")  # the same bytes again (a retried import): accepted
    with pytest.raises(EvidenceError, match="never overwritten"):
        write_new(target, b"something else")
    assert target.read_bytes() == b"original"


def test_an_add_that_stopped_half_way_leaves_its_file_and_the_next_id_moves_on(tmp_path: Path) -> None:
    log = EvidenceLog("practice", tmp_path)
    log.add_text("first", title="First")
    write_new(log.folder / "files" / "E002-text.txt", b"orphan of a killed kernel")  # file written, log not saved
    item = EvidenceLog("practice", tmp_path).add_text("second", title="Second")
    assert item.id == "E003" and (log.folder / "files" / "E002-text.txt").read_bytes() == b"orphan of a killed kernel"


def test_importing_twice_into_one_name_is_refused_without_touching_it(tmp_path: Path) -> None:
    src = EvidenceLog("src", tmp_path)
    src.add_text("chat", title="Chat")
    data = export_zip(src)
    import_zip(data, "copy", tmp_path)
    with pytest.raises(EvidenceError, match="already holds items"):
        import_zip(data, "copy", tmp_path)
    assert EvidenceLog("copy", tmp_path).verify() == []
