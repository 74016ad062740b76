"""Red-team cases against the evidence log (issue 14, items 1, 5 and 10): two pages on one log, in one
process or in several, never overwrite or renumber evidence; hostile exports are refused in words, and a big
one is imported one file at a time."""

from __future__ import annotations

import json
import multiprocessing as mp
import tracemalloc
from pathlib import Path

import pytest

from casebook.evidence import EvidenceError, EvidenceLog, write_new
from casebook.evidence_zip import export_zip, import_zip
from tests.test_evidence import entries, rezip


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


# --- item 10 (and item 5, import memory): hostile exports --------------------------------------------


def test_a_manifest_nested_100000_deep_is_refused_in_words(tmp_path: Path) -> None:
    src = EvidenceLog("src", tmp_path)
    src.add_text("chat", title="Chat")
    files = entries(export_zip(src))
    files["manifest.json"] = b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(EvidenceError, match="nested too deeply"):
        import_zip(rezip(files), "copy", tmp_path)
    assert not (tmp_path / "copy" / "files").exists()


def test_duplicate_item_ids_in_a_manifest_are_refused(tmp_path: Path) -> None:
    src = EvidenceLog("src", tmp_path)
    src.add_text("chat", title="Chat")
    files = entries(export_zip(src))
    manifest = json.loads(files["manifest.json"])
    manifest["items"].append(dict(manifest["items"][0], title="Same id, another title"))
    files["manifest.json"] = json.dumps(manifest).encode()
    with pytest.raises(EvidenceError, match="lists the item E001 twice"):
        import_zip(rezip(files), "copy", tmp_path)


def test_importing_480_one_megabyte_entries_holds_one_entry_in_memory_at_a_time(tmp_path: Path) -> None:
    """The red team's 534 KB zip of 480 one-MB entries peaked the kernel at 614 MB: every file was read into
    memory before any was written. Now each is hashed in chunks, then read and written one at a time."""
    src = EvidenceLog("src", tmp_path)
    for k in range(480):
        src.add_file(f"scan{k}.bin", bytes([k % 251]) * 2**20, title=f"scan {k}")
    data = export_zip(src)
    assert len(data) < 8 * 2**20
    tracemalloc.start()
    try:
        log, v = import_zip(data, "copy", tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert v.ok and len(log.items) == 480 and log.verify() == []
    assert peak < 48 * 2**20, f"import peaked at {peak // 2**20} MiB of Python memory"
