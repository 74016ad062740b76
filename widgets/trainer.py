"""The trainer's dashboard: the room's answers live, reveal and hide, pacing, an anonymous view for
projecting, and exports. It opens only with the workshop's trainer key."""

from __future__ import annotations

import base64
import threading
from html import escape
from urllib.parse import parse_qs

import ipywidgets as ipw

from casebook import report, workshop
from casebook.loader import cases
from casebook.model import SECTIONS, Case
from casebook.room import ItemStats
from casebook.store import Store, default_store

from . import feedback as fb
from . import i18n
from .i18n import _, ngettext, rtl
from .session import OPEN_BY_DEFAULT, query_string
from .style import wide

REFRESH_SECONDS = 1.0
REVIEW = "review"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)}%"


def stats_html(n: int, s: ItemStats, *, anonymous: bool, revealed: bool) -> str:
    """One question: counts, facility, the most chosen wrong answer and a bar per answer (numbers as text;
    the right answers marked with ✔ and the word, hidden in the anonymous view until revealed)."""
    show_right = not anonymous or revealed
    top = max((b.count for b in s.bars), default=0) or 1
    rows = []
    for b in s.bars:
        mark = (
            f'{fb.icon(fb.ICON_RIGHT)} <span class="cb-sr">{escape(_("right answer"))}</span>'
            if (b.correct and show_right)
            else ""
        )
        width = round(100 * b.count / top)
        rows.append(
            f"<tr><td>{mark} {escape(b.label)}</td>"
            f'<td class="cb-bar-cell"><span class="cb-bar" style="width:{width}%"></span></td>'
            f"<td>{b.count}</td></tr>"
        )
    facts = _("{a} of {m} answered · facility {f}").format(a=s.answered, m=s.members, f=_pct(s.facility))
    wrong = ""
    if s.top_wrong and show_right:
        wrong = f"<p>{escape(_('Most chosen wrong answer:'))} {escape(s.top_wrong)}</p>"
    table = (
        f'<table class="cb-room-bars"><caption class="cb-sr">{escape(_("Answers given"))}</caption>'
        f"<tr><th scope='col'>{escape(_('Answer'))}</th><th scope='col'>{escape(_('Share'))}</th>"
        f"<th scope='col'>{escape(_('Count'))}</th></tr>{''.join(rows)}</table>"
        if rows
        else ""
    )
    state = f" · {escape(_('revealed'))}" if revealed else ""
    return (
        f'<section class="cb-room-item"><h3>{n}. {escape(s.item.stem_text[:200])}</h3>'
        f"<p>{escape(facts)}{state}</p>{wrong}{table}</section>"
    )


STYLE = """<style>
.cb-room-bars{border-collapse:collapse;width:100%}.cb-room-bars td,.cb-room-bars th{padding:2px 6px;
text-align:start;vertical-align:middle}.cb-bar-cell{width:40%}.cb-bar{display:inline-block;height:0.9em;
background:#0b5394;min-width:2px}.cb-sr{position:absolute;left:-9999px}.cb-room-item{border-top:1px solid
#bbb;padding-top:0.4rem}
</style>"""


class Dashboard(ipw.VBox):
    """Login (``code``, ``key``, ``open_button``, ``status``), then the live view: ``case`` (Dropdown),
    ``anonymous`` (Checkbox), ``section_toggles``, ``item_panels`` (HTML per question) with
    ``reveal_toggles``, ``members``, ``export_csv_button`` / ``export_report_button`` and ``downloads``."""

    def __init__(self, store: Store | None = None, query: str | None = None) -> None:
        self.store = store if store is not None else default_store()
        params = parse_qs(query_string() if query is None else query)
        i18n.set_language(i18n.choose(params.get("lang", [""])[0]))  # the dashboard is its page's first widget
        self.code = ipw.Text(
            value=params.get("workshop", [""])[0],
            description=_("Workshop code"),
            style={"description_width": "initial"},
        )
        self.key = ipw.Password(description=_("Trainer key"), style={"description_width": "initial"})
        self.open_button = ipw.Button(description=_("Open dashboard"), tooltip=_("Open the dashboard"), icon="unlock")
        self.open_button.on_click(lambda _b: self.login())
        self.status = ipw.HTML(fb.status_box(""))
        self.workshop_code: str | None = None
        self.main = ipw.VBox()
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._fingerprint: tuple[object, ...] | None = None
        self._updating = False  # True while refresh() sets toggles: those changes are not the trainer's
        self.item_panels: list[ipw.HTML] = []
        self.reveal_toggles: list[ipw.ToggleButton] = []
        self.section_toggles: dict[str, ipw.ToggleButton] = {}
        login = ipw.VBox([self.code, self.key, self.open_button])
        super().__init__([ipw.HTML(STYLE), login, self.status, self.main])
        self.add_class("cb-dashboard")
        rtl(self)
        self.login_box = login

    # -- access -------------------------------------------------------------------------------
    def login(self) -> bool:
        code = workshop.normalise_code(self.code.value)
        if not workshop.verify(self.store, code, self.key.value):
            self.status.value = fb.message_html(_("That code and key do not match a workshop on this computer."))
            return False
        self.key.value = ""
        self.workshop_code = code
        self._build()
        self.login_box.layout.display = "none"
        threading.Thread(target=self._loop, name="casebook-dashboard", daemon=True).start()
        return True

    # -- the live view --------------------------------------------------------------------------
    def _build(self) -> None:
        assert self.workshop_code is not None
        ws = workshop.get(self.store, self.workshop_code)
        assert ws is not None
        self.cases: list[Case] = cases()
        options = [(c.title.en, c.id) for c in self.cases] + [(_("Final review"), REVIEW)]
        self.case = ipw.Dropdown(options=options, description=_("Case"), style={"description_width": "initial"})
        self.anonymous = ipw.Checkbox(value=False, description=_("Anonymous view (for projecting)"), indent=False)
        self.case.observe(lambda _c: self._select_case(), "value")
        self.anonymous.observe(lambda _c: self.refresh(force=True), "value")
        self.export_csv_button = ipw.Button(description=_("Export CSV"), tooltip=_("All attempts as CSV"), icon="table")
        self.export_report_button = ipw.Button(
            description=_("Printable report"), tooltip=_("Statistics per question, as HTML"), icon="print"
        )
        self.export_csv_button.on_click(lambda _b: self.export_csv())
        self.export_report_button.on_click(lambda _b: self.export_report())
        self.downloads = ipw.HTML()
        self.header = ipw.HTML()
        self.members = ipw.HTML()
        self.sections_box = ipw.HBox(layout=ipw.Layout(flex_flow="row wrap"))
        self.items_box = ipw.VBox(layout=wide("60rem"))
        self.status.value = fb.status_box(
            f'<p class="cb-verdict">{fb.icon(fb.ICON_RIGHT)} {escape(_("Dashboard open."))}</p>'
        )
        self.header.value = (
            f"<h2>{escape(ws.title)}</h2><p>"
            + escape(_("Trainees join on the start page with the code {code}.").format(code=ws.code))
            + "</p>"
        )
        self.main.children = [
            self.header,
            ipw.HBox([self.case, self.anonymous]),
            self.sections_box,
            self.members,
            self.items_box,
            ipw.HBox([self.export_csv_button, self.export_report_button]),
            self.downloads,
        ]
        self._select_case()

    def _current_case(self) -> Case | None:
        return next((c for c in self.cases if c.id == self.case.value), None)

    def _select_case(self) -> None:
        case = self._current_case()
        self.section_toggles: dict[str, ipw.ToggleButton] = {}
        if case is not None:
            for key, heading in SECTIONS:
                t = ipw.ToggleButton(description=heading, tooltip=_("Open this section for the room"), icon="lock")
                if key in OPEN_BY_DEFAULT:
                    t.value, t.disabled = True, True
                t.observe(lambda ch, k=f"{case.id}/{key}": self._set_open(k, ch["new"]), "value")
                self.section_toggles[f"{case.id}/{key}"] = t
        self.sections_box.children = list(self.section_toggles.values())
        items = case.quizzes if case is not None else report.review_items()
        self.item_panels = [ipw.HTML() for _i in items]
        self.reveal_toggles = []
        rows = []
        for item, panel in zip(items, self.item_panels, strict=True):
            t = ipw.ToggleButton(
                description=_("Reveal answer"), tooltip=_("Show the answer on trainee pages"), icon="eye"
            )
            t.observe(lambda ch, k=item.key: self._set_reveal(k, ch["new"]), "value")
            self.reveal_toggles.append(t)
            rows.append(ipw.VBox([panel, t]))
        self.items_box.children = rows
        self.refresh(force=True)

    def _set_open(self, key: str, on: bool) -> None:
        if self._updating or self.workshop_code is None:
            return
        workshop.set_control(self.store, self.workshop_code, "open", key, on)
        self.refresh(force=True)

    def _set_reveal(self, key: str, on: bool) -> None:
        if self._updating or self.workshop_code is None:
            return
        workshop.set_control(self.store, self.workshop_code, "reveal", key, on)
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> bool:
        """Re-read the room (only when something changed, unless ``force``); True when redrawn."""
        code = self.workshop_code
        if code is None:
            return False
        with self._lock:
            fp = (workshop.last_change(self.store, code), self.case.value, self.anonymous.value)
            if not force and fp == self._fingerprint:
                return False
            self._fingerprint = fp
            self._updating = True
            try:
                self._redraw(code)
            finally:
                self._updating = False
        return True

    def _redraw(self, code: str) -> None:
        c = workshop.controls(self.store, code)
        stats = report.case_stats(self.store, code, self._current_case())
        for n, (s, panel, toggle) in enumerate(zip(stats, self.item_panels, self.reveal_toggles, strict=True), 1):
            revealed = s.item.key in c["reveal"]
            html = stats_html(n, s, anonymous=self.anonymous.value, revealed=revealed)
            if panel.value != html:
                panel.value = html
            if toggle.value != revealed:
                toggle.value = revealed
            toggle.icon = "eye-slash" if revealed else "eye"
            toggle.description = _("Hide answer") if revealed else _("Reveal answer")
        for key, t in self.section_toggles.items():
            if not t.disabled and t.value != (key in c["open"]):
                t.value = key in c["open"]
            t.icon = "unlock" if t.value else "lock"
        people = workshop.members(self.store, code)
        n = len(people)
        if self.anonymous.value:
            joined = ngettext("{n} trainee joined.", "{n} trainees joined.", n).format(n=n)
            self.members.value = "<p>" + escape(joined) + "</p>"
        else:
            names = ", ".join(escape(m.nickname) for m in people) or "–"
            joined = ngettext("{n} trainee joined:", "{n} trainees joined:", n).format(n=n)
            self.members.value = "<p>" + escape(joined) + f" {names}</p>"

    def _loop(self) -> None:
        while not self._stop.wait(REFRESH_SECONDS):
            try:
                self.refresh()
            except Exception:  # a busy store: try again next second
                continue

    def stop(self) -> None:
        self._stop.set()

    # -- exports --------------------------------------------------------------------------------
    def _download(self, name: str, mime: str, text: str, label: str) -> None:
        data = base64.b64encode(text.encode("utf-8")).decode("ascii")
        self.downloads.value = (
            f'<p><a download="{escape(name)}" href="data:{mime};charset=utf-8;base64,{data}">{escape(label)}</a></p>'
        )

    def export_csv(self) -> str:
        assert self.workshop_code is not None
        text = report.export_csv(self.store, self.workshop_code, anonymous=self.anonymous.value)
        self._download(f"workshop-{self.workshop_code}.csv", "text/csv", text, _("Download the CSV"))
        return text

    def export_report(self) -> str:
        assert self.workshop_code is not None
        text = report.report_html(self.store, self.workshop_code)
        self._download(f"workshop-{self.workshop_code}.html", "text/html", text, _("Download the report"))
        return text


def dashboard(store: Store | None = None) -> Dashboard:
    """The trainer's dashboard (asks for the workshop code and trainer key first)."""
    return Dashboard(store)
