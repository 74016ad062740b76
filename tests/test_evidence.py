"""The evidence log: items persist with their hashes, the zip round-trips, and tampering is named."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import ipywidgets as ipw
import pytest

import widgets
from casebook import evidence_zip as ez
from casebook.evidence import EvidenceError, EvidenceLog, check_name, default_root, logs
from widgets.evidence import EvidenceLogWidget
from widgets.toolkit import upload

CHAT = "Collector: pay today or we call your mother on 13812345678.\nMe: who gave you my ID 11010519491231002X?"


@pytest.fixture
def log(tmp_path: Path) -> EvidenceLog:
    lg = EvidenceLog("case-1", tmp_path)
    lg.add_file("shot.png", b"\x89PNG\r\n fake", media_type="image/png", title="Threat", source="WeChat",
                holder="The victim's phone", proves="The threat", occurred="3 May")  # fmt: skip
    lg.add_text(CHAT, title="Chat", source="WeChat", holder="victim", proves="They hold her ID")
    lg.add_call("21:40, unknown number, said they would visit her work.", title="Call", holder="advocate's notes")
    return lg


def test_items_are_recorded_with_hash_time_and_metadata_and_survive_a_restart(log: EvidenceLog) -> None:
    again = EvidenceLog("case-1", log.root)  # a new kernel
    assert again.items == log.items
    assert [i.id for i in again.items] == ["E001", "E002", "E003"]
    assert [i.kind for i in again.items] == ["file", "text", "call"]
    for item in again.items:
        assert item.sha256 == hashlib.sha256(again.read(item)).hexdigest()
        assert datetime.fromisoformat(item.added).utcoffset().total_seconds() == 0
    assert again.items[0].holder == "The victim's phone" and again.items[0].occurred == "3 May"
    assert again.read(again.items[1]).decode() == CHAT
    assert not list(log.folder.rglob("*.tmp")), "a temporary file was left behind"
    assert json.loads((log.folder / "log.json").read_text())["format"] == "casebook-evidence-log"
    assert logs(log.root) == ["case-1"]
    assert log.verify() == []


def test_the_default_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOOK_EVIDENCE", str(tmp_path / "ev"))
    assert default_root() == tmp_path / "ev"
    assert EvidenceLog("x").folder == tmp_path / "ev" / "x"
    monkeypatch.delenv("CASEBOOK_EVIDENCE")
    assert default_root().name == "evidence" and "data-rights-casebook" in str(default_root())


@pytest.mark.parametrize("bad", ["", "../x", "a/b", ".hidden", "x" * 65, "a b", "..", "/abs"])
def test_log_names_cannot_leave_the_folder(bad: str) -> None:
    with pytest.raises(EvidenceError):
        check_name(bad)


def test_uploaded_names_are_sanitised_and_empty_text_refused(tmp_path: Path) -> None:
    lg = EvidenceLog("x", tmp_path)
    item = lg.add_file("../../etc/passwd", b"x")
    assert item.file == "files/E001-passwd" and (tmp_path / "x" / "files" / "E001-passwd").is_file()
    with pytest.raises(EvidenceError):
        lg.add_text("   ")
    with pytest.raises(EvidenceError):
        lg.save_redacted("E001")  # a file cannot be redacted here


def test_a_redacted_copy_is_stored_beside_the_unchanged_original(log: EvidenceLog) -> None:
    item = log.save_redacted("E002")
    assert log.read(item).decode() == CHAT
    red = log.read(item, redacted=True).decode()
    assert "13812345678" not in red and "[PHONE 1]" in red and "[ID 1]" in red
    assert item.redacted_sha256 == hashlib.sha256(red.encode()).hexdigest()
    assert EvidenceLog("case-1", log.root).get("E002").redacted == item.redacted


def test_a_changed_file_on_disk_is_noticed_and_blocks_export(log: EvidenceLog) -> None:
    log.path(log.items[0]).write_bytes(b"edited")
    assert log.verify() == ["E001: files/E001-shot.png has changed"]
    with pytest.raises(EvidenceError, match="do not match"):
        ez.export_zip(log)


# --- zip ---------------------------------------------------------------------------------------------


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return buf.getvalue()


def test_export_holds_files_manifest_and_a_safe_index(log: EvidenceLog) -> None:
    log.add_text("x", title="<script>alert(1)</script>", proves='"><img src=x onerror=alert(1)>')
    log.save_redacted("E002")
    files = entries(ez.export_zip(log))
    manifest = json.loads(files["manifest.json"])
    assert set(files) == {*log.files(), "manifest.json", "index.html"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    assert [i["id"] for i in manifest["items"]] == ["E001", "E002", "E003", "E004"]
    index = files["index.html"].decode()
    assert "<script" not in index and "<img" not in index and "&lt;script&gt;" in index
    assert "http" not in index.replace('http-equiv="Content-Security-Policy"', "")  # self-contained
    for item in log.items:
        assert item.sha256 in index and f'href="{item.file}"' in index


def test_round_trip(log: EvidenceLog) -> None:
    log.save_redacted("E002")
    data = ez.export_zip(log)
    v = ez.verify_zip(data)
    assert v.ok and v.log == "case-1" and len(v.items) == 3
    copy, _ = ez.import_zip(data, "copy", log.root)
    assert copy.items == log.items and copy.verify() == []
    for item in log.items:
        assert copy.read(item) == log.read(item)
    assert EvidenceLog("copy", log.root).items == log.items
    with pytest.raises(EvidenceError, match="already holds items"):
        ez.import_zip(data, "copy", log.root)


def test_a_modified_file_is_named(log: EvidenceLog) -> None:
    files = entries(ez.export_zip(log))
    files["files/E002-text.txt"] = files["files/E002-text.txt"].replace(b"mother", b"father")
    v = ez.verify_zip(rezip(files))
    assert v.changed == ["files/E002-text.txt"] and not v.missing and not v.added and not v.ok
    with pytest.raises(ez.VerificationError, match=r"changed since export: files/E002-text\.txt"):
        ez.import_zip(rezip(files), "copy", log.root)
    assert not (log.root / "copy").exists()


def test_a_byte_flipped_inside_the_archive_is_named(log: EvidenceLog) -> None:
    data = bytearray(ez.export_zip(log))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("files/E002-text.txt")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x01
    v = ez.verify_zip(bytes(data))
    assert v.changed == ["files/E002-text.txt"] and not v.ok


def test_a_deleted_and_an_added_file_are_named(log: EvidenceLog) -> None:
    files = entries(ez.export_zip(log))
    del files["files/E001-shot.png"]
    files["files/E099-extra.txt"] = b"slipped in"
    v = ez.verify_zip(rezip(files))
    assert v.missing == ["files/E001-shot.png"] and v.added == ["files/E099-extra.txt"] and not v.changed


def test_a_changed_index_is_named(log: EvidenceLog) -> None:
    files = entries(ez.export_zip(log))
    files["index.html"] += b"<!-- edited -->"
    assert ez.verify_zip(rezip(files)).changed == ["index.html"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.txt", "outside the folder"),
        ("files/../../evil.txt", "outside the folder"),
        ("/etc/passwd", "absolute"),
        ("C:/Windows/evil.txt", "absolute"),
        ("files\\..\\evil.txt", "absolute or Windows"),
    ],
)
def test_hostile_entries_are_refused_before_anything_is_written(
    log: EvidenceLog, tmp_path: Path, name: str, message: str
) -> None:
    files = entries(ez.export_zip(log))
    files[name] = b"pwned"
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(ez.UnsafeZipError, match=message):
        ez.import_zip(rezip(files), "copy", log.root)
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_symlinks_huge_entries_and_zip_bombs_are_refused(log: EvidenceLog, monkeypatch: pytest.MonkeyPatch) -> None:
    files = entries(ez.export_zip(log))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, b in files.items():
            zf.writestr(n, b)
        link = zipfile.ZipInfo("files/link")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(ez.UnsafeZipError, match="symbolic link"):
        ez.verify_zip(buf.getvalue())
    with pytest.raises(ez.UnsafeZipError, match="compressed suspiciously well"):
        ez.verify_zip(rezip({**files, "files/bomb": b"\0" * (3 * 2**20)}))
    monkeypatch.setattr(ez, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ez.UnsafeZipError, match="larger than"):
        ez.verify_zip(rezip({**files, "files/big": bytes(range(256)) * 8}))
    monkeypatch.setattr(ez, "MAX_ENTRIES", 3)
    with pytest.raises(ez.UnsafeZipError, match="entries"):
        ez.verify_zip(rezip(files))


def test_not_a_zip_or_not_an_export_is_refused_clearly(log: EvidenceLog) -> None:
    with pytest.raises(EvidenceError, match="not a zip"):
        ez.verify_zip(b"PK\x03\x04 garbage")
    with pytest.raises(EvidenceError, match=r"no manifest\.json"):
        ez.verify_zip(rezip({"a.txt": b"x"}))
    with pytest.raises(EvidenceError, match="not valid JSON"):
        ez.verify_zip(rezip({"manifest.json": b"{"}))
    files = entries(ez.export_zip(log))
    manifest = json.loads(files["manifest.json"])
    manifest["items"][0]["file"] = "../../outside"
    with pytest.raises(EvidenceError, match="outside the files folder"):
        ez.verify_zip(rezip({**files, "manifest.json": json.dumps(manifest).encode()}))


# --- the widget --------------------------------------------------------------------------------------


def test_widget_adds_redacts_exports_and_imports_without_a_browser(tmp_path: Path) -> None:
    w = EvidenceLogWidget("practice", tmp_path)
    assert repr(w) == "<EvidenceLogWidget practice>"
    w.kind.value = "file"
    w.add_button.click()
    assert "Choose a file first" in w.add_status.value and 'role="status"' in w.add_status.value
    w.upload.value = (upload("shot.png", b"\x89PNG", "image/png"),)
    w.title_field.value = "Screenshot"
    w.add_button.click()
    assert "Added E001" in w.add_status.value and w.upload.value == ()
    w.kind.value = "text"
    w.content.value = CHAT
    w.add_button.click()
    assert "E002" in w.table.value and "Screenshot" in w.table.value
    assert w.item_choice.value == "E002"
    w.redact_input.value = CHAT
    w.find_button.click()
    assert 'data-kind="phone"' in w.preview.value and "[phone number]" in w.preview.value
    assert "[PHONE 1]" in w.redacted.value and "13812345678" not in w.redacted.value
    assert w.redacted_link.value.startswith('<a class="cb-download" download="redacted.txt"')
    w.style.value = "mask"
    w.find_button.click()
    assert "138****5678" in w.redacted.value
    w.redact_item_button.click()
    assert "redacted copy" in w.table.value
    data = w.export()
    assert data and "Exported 2 items" in w.export_status.value and "application/zip" in w.export_status.value
    assert list((tmp_path / "practice" / "exports").glob("practice-*.zip"))
    files = entries(data)
    files["files/E002-text.txt"] = b"tampered"
    w.import_upload.value = (upload("log.zip", rezip(files), "application/zip"),)
    w.import_name.value = "copy"
    w.import_button.click()
    assert "Not imported" in w.import_status.value and "files/E002-text.txt" in w.import_status.value
    w.import_upload.value = (upload("log.zip", data, "application/zip"),)
    w.import_button.click()
    assert "Imported as the log copy" in w.import_status.value


def test_every_widget_control_is_labelled(tmp_path: Path) -> None:
    for root in (EvidenceLogWidget("x", tmp_path), widgets.complaint_builder()):
        stack = [root]
        while stack:
            w = stack.pop()
            stack += [c for c in getattr(w, "children", ()) if isinstance(c, ipw.Widget)]
            if isinstance(w, ipw.Box | ipw.HTML):
                continue
            assert getattr(w, "description", ""), f"{type(w).__name__} has no label"
            assert getattr(w, "tooltip", ""), f"{w.description} has no tooltip"


def test_selftest_toolkit_passes_and_returns_nothing() -> None:
    assert widgets.selftest_toolkit() is None
