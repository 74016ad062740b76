"""The evidence-log widget: add files, pasted texts and call notes; redact text; export and import a zip.

All logic is in :mod:`casebook.evidence`, :mod:`casebook.evidence_zip` and :mod:`casebook.redaction`; this
module only wires controls to it. Every control has a description and a tooltip; every message appears
in a ``role="status"`` region; personal data is marked with a ``<mark>`` and a word, never colour alone.
Nothing here prints, logs or sends evidence: it is written only to the log's folder on this computer.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as ipw

from casebook import limits, visitor
from casebook.evidence import EvidenceError, EvidenceLog, Item, atomic_write, now, visitor_root
from casebook.evidence_zip import VerificationError, export_zip, import_zip
from casebook.identifiers import scan
from casebook.redaction import highlight_html, near_misses, redact, summary

from . import feedback as fb
from .downloads import download_link
from .fields import STYLE, field_layout
from .fields import text_field as _text
from .i18n import _, ngettext, rtl
from .style import stylesheet

BOX = ipw.Layout(width="auto", max_width="40rem", height="8rem")

CSS = """
.cb-pii { background: #fff3b0; border-bottom: 2px dotted #1b1b1b; padding: 0 .1rem; }
.cb-pii-label { font-weight: bold; font-size: .8rem; }
.cb-pii-unsure { border-bottom-style: dashed; background: #ffe0cc; }
.cb-redaction-preview { white-space: pre-wrap; border: 1px solid #888; padding: .4rem .6rem; max-width: 40rem; }
.cb-evidence-table { border-collapse: collapse; font-size: .9rem; }
.cb-evidence-table th, .cb-evidence-table td { border: 1px solid #999; padding: .2rem .4rem; vertical-align: top; }
.cb-evidence-table code { word-break: break-all; font-size: .75rem; }
"""


def kind_names() -> dict[str, str]:
    """Translated names of the kinds of personal data (shown in the highlight, never colour alone)."""
    return {
        "phone": _("phone number"),
        "id": _("ID number"),
        "email": _("e-mail address"),
        "card": _("bank card number"),
    }


def unsure_label() -> str:
    """The translated label of a near miss, with ``{name}`` for the kind's name."""
    return _("possible {name}: check it")


def _area(description: str, tooltip: str, placeholder: str = "") -> ipw.Textarea:
    return ipw.Textarea(description=description, tooltip=tooltip, placeholder=placeholder, style=STYLE, layout=BOX)


def _button(description: str, tooltip: str, icon: str = "") -> ipw.Button:
    return ipw.Button(description=description, tooltip=tooltip, icon=icon, layout=ipw.Layout(width="auto"))


def _heading(text: str) -> ipw.HTML:
    return ipw.HTML(f"<h3>{escape(text)}</h3>")


def _ok(msg: str, extra_html: str = "") -> str:
    return fb.status_box(f'<p class="cb-verdict">{fb.icon(fb.ICON_RIGHT)} {escape(msg)}</p>{extra_html}')


def _problem(msg: str, details: list[str] | None = None) -> str:
    extra = "".join(f"<li>{escape(d)}</li>" for d in details or [])
    body = f'<p class="cb-verdict">{fb.icon(fb.ICON_WRONG)} {escape(msg)}</p>'
    return fb.status_box(body + (f"<ul>{extra}</ul>" if extra else ""))


def items_table(items: list[Item]) -> str:
    """The log as an escaped table, for the advocate to read."""
    if not items:
        return f"<p>{escape(_('The log is empty.'))}</p>"
    heads: tuple[str, ...] = (_("Item"), _("Kind"), _("Title"), _("Source"), _("Original held by"), _("What it proves"))
    heads += (_("Added (UTC)"), "SHA-256")
    kinds = {"file": _("File"), "text": _("Pasted text"), "call": _("Phone call")}
    rows = []
    for i in items:
        cells = (i.id, kinds.get(i.kind, i.kind), i.title, i.source, i.holder, i.proves, i.added)
        red = f" ({escape(_('redacted copy saved'))})" if i.redacted else ""
        rows.append(
            "<tr>"
            + "".join(f"<td>{escape(c)}</td>" for c in cells)
            + f"<td><code>{escape(i.sha256)}</code>{red}</td></tr>"
        )
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in heads)
    caption = escape(_("Evidence in this log"))
    return (
        f'<table class="cb-evidence-table"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


class EvidenceLogWidget(ipw.VBox):
    """The evidence log ``name``. Controls are attributes so tests and the self-test can drive them."""

    def __init__(self, name: str = "practice", root: Any = None) -> None:
        if root is None:  # this visitor's own folder: on a shared server, no one sees another's evidence
            v = visitor.current()
            root = visitor_root(v.learner, v.source)
        self.evidence = EvidenceLog(name, root)
        intro = _(
            "Everything you add is kept only on the computer that serves this page, in a folder of your own "
            "(shown below) that no other browser sees, with its SHA-256 fingerprint. Nothing is sent anywhere."
        )
        header = ipw.HTML(
            f"<style>{CSS}</style><h2>{escape(_('Evidence log'))}: {escape(self.evidence.name)}</h2>"
            f"<p>{escape(intro)}</p><p><code>{escape(str(self.evidence.folder))}</code></p>"
        )
        self.kind = ipw.ToggleButtons(
            options=[(_("File or screenshot"), "file"), (_("Pasted text"), "text"), (_("Phone call"), "call")],
            value="file",
            description=_("Kind of evidence"),
            tooltip=_("What you are adding"),
            tooltips=[
                _("Upload a screenshot or other file"),
                _("Paste a chat, call log or text message"),
                _("Write a note of a phone call"),
            ],
            style=STYLE,
        )
        self.upload = ipw.FileUpload(description=_("Choose file"), tooltip=_("Choose the file to add"), multiple=False)
        self.content = _area(
            _("Text or note"),
            _("The pasted text, or your note of the call"),
            _("Paste the chat here, or note who called, when, and what was said"),
        )
        self.title_field = _text(_("Title"), _("A short name for this item"), _("e.g. Screenshot of the threat"))
        self.source = _text(_("Source"), _("Where it came from"), _("e.g. WeChat chat with the collector"))
        self.holder = _text(_("Original held by"), _("Who keeps the original"), _("e.g. the victim's phone"))
        self.proves = _text(_("What it proves"), _("What this item shows"), _("e.g. the collector knew her ID number"))
        self.occurred = _text(_("When it happened"), _("The date and time, as the victim says"), _("e.g. 3 May, 21:40"))
        self.add_button = _button(_("Add to the log"), _("Save this item in the log"), "plus")
        self.add_status = ipw.HTML()
        self.table = ipw.HTML()

        self.redact_input = _area(_("Text to check"), _("Paste a text to find the personal data in it"))
        self.style = ipw.RadioButtons(
            options=[(_("Placeholders such as [PHONE 1]"), "label"), (_("Partly masked, such as 138****5678"), "mask")],
            value="label",
            description=_("Redaction style"),
            tooltip=_("How each piece of personal data is replaced in the redacted copy"),
            style=STYLE,
        )
        self.find_button = _button(
            _("Find personal data"), _("Highlight phone numbers, IDs, e-mails and card numbers"), "search"
        )
        self.preview = ipw.HTML()
        self.redacted = _area(_("Redacted copy"), _("The text with the personal data replaced"))
        self.redacted_link = ipw.HTML()
        self.item_choice = ipw.Dropdown(
            description=_("Log item"),
            tooltip=_("A pasted text or call note in the log"),
            style=STYLE,
            layout=field_layout(),
        )
        self.redact_item_button = _button(
            _("Save a redacted copy of this item"),
            _("Keep the original and store a redacted copy beside it"),
            "eye-slash",
        )

        self.export_button = _button(
            _("Export the log as a zip"), _("Files, manifest with hashes, and an index page"), "download"
        )
        self.export_status = ipw.HTML()
        self.import_upload = ipw.FileUpload(
            description=_("Choose zip"), tooltip=_("An exported evidence-log zip"), accept=".zip", multiple=False
        )
        self.import_name = _text(_("New log name"), _("The imported log is saved under this name"), "imported")
        self.import_button = _button(_("Verify and import"), _("Check every file's hash, then import"), "upload")
        self.import_status = ipw.HTML()

        self.add_button.on_click(lambda _b: self.add())
        self.find_button.on_click(lambda _b: self.find())
        self.redact_item_button.on_click(lambda _b: self.redact_item())
        self.export_button.on_click(lambda _b: self.export())
        self.import_button.on_click(lambda _b: self.import_())
        super().__init__(
            [
                header,
                _heading(_("Add evidence")),
                self.kind, self.upload, self.content, self.title_field, self.source, self.holder, self.proves,
                self.occurred, self.add_button, self.add_status,
                _heading(_("The log")),
                self.table,
                _heading(_("Redact a text")),
                self.redact_input, self.style, self.find_button, self.preview, self.redacted, self.redacted_link,
                self.item_choice, self.redact_item_button,
                _heading(_("Export and import")),
                self.export_button, self.export_status, self.import_upload, self.import_name, self.import_button,
                self.import_status,
            ]
        )  # fmt: skip
        self.add_class("cb-evidence")
        rtl(self)
        self.refresh()

    def __repr__(self) -> str:  # the notebook stores this text: never the evidence itself
        return f"<EvidenceLogWidget {self.evidence.name}>"

    def refresh(self) -> None:
        """Show the log as it is on disk (another tab on the same log may have added to it)."""
        self.evidence.reload()
        self.table.value = items_table(self.evidence.items)
        texts = [(f"{i.id} {i.title}", i.id) for i in self.evidence.items if i.kind != "file"]
        self.item_choice.options = texts
        self.item_choice.value = texts[-1][1] if texts else None

    def _meta(self) -> dict[str, str]:
        fields = ("title_field", "source", "holder", "proves", "occurred")
        return {f.removesuffix("_field"): getattr(self, f).value for f in fields}

    def add(self) -> Item | None:
        """Add what the form holds; clear the form on success."""
        try:
            if self.kind.value == "file":
                if not self.upload.value:
                    raise EvidenceError(_("Choose a file first."))
                up = self.upload.value[0]
                item = self.evidence.add_file(
                    up["name"], bytes(up["content"]), media_type=up.get("type", ""), **self._meta()
                )
                self.upload.value = ()
            elif self.kind.value == "text":
                item = self.evidence.add_text(self.content.value, **self._meta())
            else:
                item = self.evidence.add_call(self.content.value, **self._meta())
        except EvidenceError as exc:
            self.add_status.value = _problem(_(str(exc)))
            return None
        except OSError as exc:
            self.add_status.value = _problem(_("The log could not be saved: {error}").format(error=exc.strerror))
            return None
        for w in (self.content, self.title_field, self.source, self.holder, self.proves, self.occurred):
            w.value = ""
        self.add_status.value = _ok(_("Added {id}, SHA-256 {sha}.").format(id=item.id, sha=item.sha256))
        self.refresh()
        return item

    def find(self) -> None:
        """Highlight the personal data in the text to check and fill the redacted copy."""
        text = self.redact_input.value
        if len(text) > limits.MAX_TEXT_CHARS:  # bounded time: check a long export in parts
            self.preview.value = fb.message_html(
                _("The text is longer than {n} characters: check it in parts.").format(n=f"{limits.MAX_TEXT_CHARS:,}")
            )
            self.redacted.value = ""
            self.redacted_link.value = ""
            return
        hits = scan(text)  # once: the counts, the highlight and the copy all come from it
        counts = summary(text, hits)
        names = kind_names()
        found = ", ".join(f"{names[k]}: {n}" for k, n in counts.items() if n)
        msg = _("Found: {list}.").format(list=found) if found else _("No personal data found. Check by eye as well.")
        if unsure := near_misses(text, hits):
            msg += " " + ngettext(
                "{n} of them looks almost like one (a digit may be wrong): it is replaced too; check it by eye.",
                "{n} of them look almost like one (a digit may be wrong): they are replaced too; check them by eye.",
                unsure,
            ).format(n=unsure)
        self.preview.value = fb.message_html(msg) + highlight_html(text, names, unsure_label(), hits)
        self.redacted.value = redact(text, self.style.value, hits)
        data = self.redacted.value.encode("utf-8")
        self.redacted_link.value = download_link(
            data, "redacted.txt", "text/plain;charset=utf-8", _("Download the redacted copy (.txt)")
        )

    def redact_item(self) -> Item | None:
        """Save a redacted copy of the chosen log item and show it."""
        if not self.item_choice.value:
            self.preview.value = _problem(_("The log holds no pasted text or call note yet."))
            return None
        try:
            item = self.evidence.save_redacted(self.item_choice.value, self.style.value)
        except (EvidenceError, OSError) as exc:
            self.preview.value = _problem(_(str(exc)))
            return None
        self.redact_input.value = self.evidence.read(item).decode("utf-8")
        self.find()
        self.preview.value = _ok(_("Saved a redacted copy of {id}; the original is unchanged.").format(id=item.id)) + (
            highlight_html(self.redact_input.value, kind_names(), unsure_label())
        )
        self.refresh()
        return item

    def export(self) -> bytes | None:
        """Export the log: save the zip in the log's folder and offer it as a download."""
        try:
            data = export_zip(self.evidence)
            stamp = now().replace(":", "").replace("+0000", "Z")
            path = self.evidence.folder / "exports" / f"{self.evidence.name}-{stamp}.zip"
            atomic_write(path, data)
        except (EvidenceError, OSError) as exc:
            self.export_status.value = _problem(_(str(exc)))
            return None
        link = download_link(data, path.name, "application/zip", _("Download the zip"))
        n = len(self.evidence.items)
        msg = ngettext("Exported {n} item to {path}.", "Exported {n} items to {path}.", n).format(n=n, path=path)
        self.export_status.value = _ok(msg, link)
        return data

    def import_(self) -> EvidenceLog | None:
        """Verify the chosen zip against its manifest and import it under the new name."""
        if not self.import_upload.value:
            self.import_status.value = _problem(_("Choose a zip first."))
            return None
        data = bytes(self.import_upload.value[0]["content"])
        try:
            log, v = import_zip(data, self.import_name.value.strip() or "imported", self.evidence.root)
        except VerificationError as exc:
            v = exc.verification
            lines = [_("Changed since export: {path}").format(path=p) for p in v.changed]
            lines += [_("Missing from the zip: {path}").format(path=p) for p in v.missing]
            lines += [_("Added after export: {path}").format(path=p) for p in v.added]
            self.import_status.value = _problem(_("Not imported: the zip does not match its manifest."), lines)
            return None
        except (EvidenceError, OSError) as exc:
            self.import_status.value = _problem(_(str(exc)))
            return None
        self.import_status.value = _ok(
            _("All {n} files match their SHA-256. Imported as the log {name}.").format(
                n=len(log.files()), name=log.name
            )
        )
        self.import_upload.value = ()
        return log


def evidence_log(name: str = "practice") -> EvidenceLogWidget:
    """The evidence log ``name`` of this page's visitor (kept in ``$CASEBOOK_EVIDENCE`` or the user's data
    folder; on a shared server under ``visitors/<visitor>``)."""
    return EvidenceLogWidget(name)


def style_html() -> str:
    return stylesheet() + f"<style>{CSS}</style>"
