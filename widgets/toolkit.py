"""The toolkit notebook's self-test: drive undisplayed copies of the evidence log and the complaint builder.

It works in a throwaway folder, prints nothing and returns ``None`` (nbval shows a returned value). A
detector, the zip check or a letter that misbehaves raises :class:`SelfTestError` and fails nbval.
"""

from __future__ import annotations

import io
import os
import tempfile
from datetime import UTC, date, datetime
from typing import Any

from docx import Document

from casebook.evidence_zip import verify_zip
from casebook.letter_render import letter_docx

from .complaint import ComplaintBuilder
from .evidence import EvidenceLogWidget
from .selftest import SelfTestError

SAMPLE = "The collector wrote from 13812345678 and named her ID 11010519491231002X; mail a.b@example.org."


def upload(name: str, content: bytes, mime: str = "") -> dict[str, Any]:
    """One entry of a ``FileUpload`` value, as the browser sends it."""
    stamp = datetime.now(UTC)
    return {"name": name, "type": mime, "size": len(content), "content": memoryview(content), "last_modified": stamp}


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise SelfTestError(f"toolkit: {what}")


def _evidence(root: str) -> str:
    w = EvidenceLogWidget("selftest", root)
    w.kind.value = "text"
    w.content.value = SAMPLE
    w.title_field.value = "Chat"
    w.proves.value = "The collector had her number and ID"
    w.add_button.click()
    _check(len(w.evidence.items) == 1 and "✔" in w.add_status.value, "a pasted text was not added")
    w.kind.value = "file"
    w.upload.value = (upload("shot.png", b"\x89PNG", "image/png"),)
    w.add_button.click()
    _check(len(w.evidence.items) == 2, "an uploaded file was not added")
    w.redact_input.value = SAMPLE
    w.find_button.click()
    for kind in ("phone", "id", "email"):
        _check(f'data-kind="{kind}"' in w.preview.value, f"the {kind} in the sample was not highlighted")
    _check("13812345678" not in w.redacted.value and "[PHONE 1]" in w.redacted.value, "the redacted copy leaks")
    w.redact_item_button.click()
    _check(bool(w.evidence.items[0].redacted), "no redacted copy was saved")
    data = w.export()
    _check(data is not None and verify_zip(data).ok, "the exported zip does not verify")
    w.import_upload.value = (upload("log.zip", data or b"", "application/zip"),)
    w.import_name.value = "selftest-copy"
    w.import_button.click()
    _check("✔" in w.import_status.value, "a verified zip was not imported")
    return w.evidence.name


def _complaint(log_name: str) -> None:
    b = ComplaintBuilder(log_name)
    for lang in ("en", "zh-Hans", "ar"):
        b.situation.value = "debt-collection"
        b.jurisdiction.value = "EG" if lang == "ar" else "CN"
        b.letter_language.value = lang
        b.facts.value = "Facts written by the self-test."
        b.deadline.value = date(2030, 1, 31)
        b.build_button.click()
        letter = b.letter
        _check(letter is not None and bool(letter.statutes), f"no letter, or no law cited ({lang})")
        assert letter is not None
        _check(f'dir="{letter.dir}"' in b.preview.value, f"the preview has no direction ({lang})")
        _check(".docx" in b.downloads.value and ".html" in b.downloads.value, "the downloads are missing")
        doc = Document(io.BytesIO(letter_docx(letter)))
        text = "\n".join(p.text for p in doc.paragraphs)
        _check(letter.articles[0].label(lang) in text, f"the .docx does not cite the law ({lang})")


def selftest_toolkit() -> None:
    """Drive hidden copies of the toolkit's widgets in a throwaway folder; raise on the first failure.
    Skipped on a page served by Voilà (see :func:`widgets.selftest.served_by_voila`)."""
    from .selftest import served_by_voila

    if served_by_voila():
        return
    with tempfile.TemporaryDirectory(prefix="casebook-selftest-") as tmp:
        old = os.environ.get("CASEBOOK_EVIDENCE")
        os.environ["CASEBOOK_EVIDENCE"] = tmp
        try:
            _complaint(_evidence(tmp))
        finally:
            if old is None:
                os.environ.pop("CASEBOOK_EVIDENCE", None)
            else:
                os.environ["CASEBOOK_EVIDENCE"] = old
