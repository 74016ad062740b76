"""The trainer's dashboard: the room's answers live; per question *open → close answers → reveal*; sections
opened and closed again; who is done and who is stuck; reflections; an anonymous view and a projector view
(one question at a time, the join code big, a QR code of the join link, the live chart), both kept across
a reload; and exports. It opens only with the workshop's trainer key (Enter in the key field opens it)."""

from __future__ import annotations

import base64
import os
import threading
import time
from html import escape
from typing import Any
from urllib.parse import parse_qs, quote

import ipywidgets as ipw
import segno

from casebook import report, visitor, workshop
from casebook.loader import cases
from casebook.model import SECTIONS, Case, QuizItem
from casebook.room import PLACEMENT, ItemStats, clip
from casebook.store import Store, default_store
from casebook.text import N_

from . import feedback as fb
from . import i18n
from .i18n import _, ngettext, rtl
from .session import OPEN_BY_DEFAULT, query_string
from .style import wide

REFRESH_SECONDS = 1.0
REVIEW = "review"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)}%"


def _bar_rows(s: ItemStats, show_right: bool) -> list[str]:
    whole = s.answered or 1  # a bar's length is its share of those who answered
    rows = []
    bars = list(s.bars)
    if not show_right:  # placement bars come in the right order: hidden, they are listed alphabetically
        bars.sort(key=lambda b: (b.kind != PLACEMENT, b.row.casefold() if b.kind == PLACEMENT else ""))
    for b in bars:
        if b.kind == PLACEMENT:  # one row of the right arrangement; the count is how many put it in place
            mark, label = "", (b.label if show_right else b.row)
        else:
            right = b.correct and show_right
            mark = f'{fb.icon(fb.ICON_RIGHT)} <span class="cb-sr">{escape(_("right answer"))}</span>' if right else ""
            label = b.label
        share = min(100, round(100 * b.count / whole))
        rows.append(
            f"<tr><td>{mark} {escape(label)}</td>"
            f'<td class="cb-bar-cell"><span class="cb-bar" style="width:{share}%"></span></td>'
            f"<td>{b.count} ({share}%)</td></tr>"
        )
    return rows


STATE_TEXT = {
    "open": N_("Answers open"),
    "closed": N_("Answers closed"),
    "revealed": N_("Answer revealed"),
}


def stats_html(
    n: int,
    s: ItemStats,
    *,
    anonymous: bool,
    revealed: bool,
    state: str = "open",
    reflections: list[tuple[str, str]] | None = None,
) -> str:
    """One question: where the room is with it (open, closed, revealed), counts, facility, the most chosen
    wrong answer and a bar per answer (numbers as text; the right answers marked with ✔ and the word,
    hidden in the anonymous view until revealed). Order and match questions show one bar per row: how
    many put it in its right place. Reflections list what was written (without names when anonymous)."""
    show_right = not anonymous or revealed
    rows = _bar_rows(s, show_right)
    facts = _("{a} of {m} answered · facility {f}").format(a=s.answered, m=s.members, f=_pct(s.facility))
    wrong = ""
    if s.top_wrong and show_right:
        wrong = f"<p>{escape(_('Most chosen wrong answer:'))} {escape(s.top_wrong)}</p>"
    placement = any(b.kind == PLACEMENT for b in s.bars)
    head = _("Put in the right place") if placement else _("Share")
    table = (
        f'<table class="cb-room-bars"><caption class="cb-sr">{escape(_("Answers given"))}</caption>'
        f"<tr><th scope='col'>{escape(_('Answer'))}</th><th scope='col'>{escape(head)}</th>"
        f"<th scope='col'>{escape(_('Count'))}</th></tr>{''.join(rows)}</table>"
        if rows
        else ""
    )
    texts = ""
    if reflections:
        items = []
        for who, text in reflections:
            name = "" if anonymous else f"<strong>{escape(who)}</strong>: "
            items.append(f'<li>{name}<span dir="auto">{escape(text)}</span></li>')
        label = escape(_("What trainees wrote"))
        texts = f'<ul class="cb-reflections" aria-label="{label}">{"".join(items)}</ul>'
    where = escape(_(STATE_TEXT.get(state, STATE_TEXT["open"])))
    return (
        f'<section class="cb-room-item"><h3>{n}. {escape(clip(s.item.stem_text, 300))}</h3>'
        f'<p><span class="cb-room-state cb-room-state-{escape(state)}">{where}</span> · {escape(facts)}</p>'
        f"{wrong}{table}{texts}</section>"
    )


STYLE = """<style>
.cb-room-bars{border-collapse:collapse;width:100%}.cb-room-bars td,.cb-room-bars th{padding:2px 6px;
text-align:start;vertical-align:middle}.cb-bar-cell{width:40%}.cb-bar{display:inline-block;height:0.9em;
background:#0b5394;min-width:2px}.cb-sr{position:absolute;left:-9999px}.cb-room-item{border-top:1px solid
#bbb;padding-top:0.4rem}.cb-room-state{font-weight:600}
.cb-projector{font-size:1.6rem;line-height:1.4}.cb-projector h3{font-size:2rem}.cb-projector .cb-room-bars{
font-size:1.5rem}.cb-projector .cb-bar{height:1.2em}.cb-projector .cb-join-code{font-size:5rem;font-weight:700;
letter-spacing:0.2em;margin:0}.cb-projector .cb-qr svg{width:20rem;height:20rem;display:block}
.cb-projector-head{display:flex;flex-wrap:wrap;gap:2rem;align-items:center}.cb-who li{margin:0.1rem 0}
.cb-dashboard.cb-projecting{max-width:none}
</style>"""


LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def join_url(code: str, token: str = "") -> str:
    """The start page's address with the join code, under the host name the trainer's browser used for this
    dashboard (open the dashboard by the laptop's network address and the link works for the room), with the
    server's token when the dashboard was opened with one."""
    host = os.environ.get("SERVER_NAME") or "127.0.0.1"
    port = os.environ.get("SERVER_PORT") or ""
    base = os.environ.get("VOILA_BASE_URL") or os.environ.get("VOILA_SERVER_URL") or "/"
    origin = f"http://{host}:{port}" if port else f"http://{host}"
    query = f"join={quote(code)}" + (f"&token={quote(token)}" if token else "")
    return f"{origin}{base.rstrip('/')}/voila/render/00-start-here.ipynb?{query}"


def qr_svg(url: str, title: str) -> str:
    """A QR code of ``url`` as inline SVG (made here by segno: nothing is fetched)."""
    return segno.make(url, error="m").svg_inline(
        scale=8, border=4, title=title, dark="#000", light="#fff", omitsize=True
    )


def who_html(acts: list[workshop.Activity], *, anonymous: bool) -> str:
    """Who is done and who is stuck on the selected case (counts only in the anonymous view)."""
    done = [a for a in acts if a.done]
    stuck = [a for a in acts if workshop.is_stuck(a)]
    working = [a for a in acts if not a.done and a not in stuck]
    rule = _("Stuck: no answer for {m} minutes, or {w} wrong checks in a row on one question.").format(
        m=workshop.STUCK_MINUTES, w=workshop.STUCK_WRONG
    )

    def group(label: str, people: list[workshop.Activity]) -> str:
        if anonymous:
            return f"<li>{escape(label)}: {len(people)}</li>"
        names = ", ".join(f"{escape(a.member.nickname)} ({a.answered}/{a.total})" for a in people) or "–"
        return f"<li>{escape(label)} ({len(people)}): {names}</li>"

    return (
        f'<ul class="cb-who" aria-label="{escape(_("Who is done and who is stuck"))}">'
        + group(_("Done"), done)
        + group(_("Working"), working)
        + group(_("Stuck"), stuck)
        + f"</ul><p class='cb-note'>{escape(rule)}</p>"
    )


class Dashboard(ipw.VBox):
    """Login (``code``, ``key``, ``open_button``, ``status``), then the live view: ``case`` (Dropdown),
    ``anonymous`` and ``projector`` (Checkboxes, kept per workshop), ``section_toggles``, ``item_panels``
    (HTML per question) with ``close_toggles`` and ``reveal_toggles``, ``members`` and ``who`` (done /
    stuck), ``export_csv_button`` / ``export_report_button`` and ``downloads``; in the projector view
    ``projector_box`` with ``prev_button`` / ``next_button`` and the question ``shown``."""

    def __init__(self, store: Store | None = None, query: str | None = None) -> None:
        self.store = store if store is not None else default_store()
        params = parse_qs(query_string() if query is None else query)
        i18n.set_language(i18n.choose(params.get("lang", [""])[0]))  # the dashboard is its page's first widget
        self.token = params.get("token", [""])[0]  # the server's token, if the trainer's link had one
        self.code = ipw.Text(
            value=params.get("workshop", [""])[0],
            description=_("Workshop code"),
            style={"description_width": "initial"},
        )
        # Enter (or leaving the field) sends the key: it opens the dashboard like the button.
        self.key = ipw.Password(
            description=_("Trainer key"), style={"description_width": "initial"}, continuous_update=False
        )
        self.key.observe(lambda ch: ch["new"] and self.workshop_code is None and self.login(), "value")
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
        self.close_toggles: list[ipw.ToggleButton] = []
        self.section_toggles: dict[str, ipw.ToggleButton] = {}
        self.shown = 0
        login = ipw.VBox([self.code, self.key, self.open_button])
        super().__init__([ipw.HTML(STYLE), login, self.status, self.main])
        self.add_class("cb-dashboard")
        rtl(self)
        self.login_box = login

    # -- access -------------------------------------------------------------------------------
    def login(self) -> bool:
        if self.workshop_code is not None:
            return True
        code = workshop.normalise_code(self.code.value)
        if not code:
            self.status.value = fb.message_html(_("Type the workshop code first."))
            return False
        try:
            ok = workshop.verify(self.store, code, self.key.value, visitor.current(self.store).id)
        except workshop.WorkshopError as exc:  # too many wrong keys: wait
            self.status.value = fb.message_html(_(str(exc)))
            return False
        if not ok:
            self.status.value = fb.message_html(_("That code and key do not match a workshop on this computer."))
            return False
        self.workshop_code = code
        self.key.value = ""
        self._build()
        self.login_box.layout.display = "none"
        self.case.focus()  # the keyboard goes on from the first control of the live view
        threading.Thread(target=self._loop, name="casebook-dashboard", daemon=True).start()
        return True

    # -- the live view --------------------------------------------------------------------------
    def _build(self) -> None:
        assert self.workshop_code is not None
        code = self.workshop_code
        ws = workshop.get(self.store, code)
        assert ws is not None
        self.cases: list[Case] = cases()
        options = [(c.title.en, c.id) for c in self.cases] + [(_("Final review"), REVIEW)]
        chosen = workshop.setting(self.store, code, "case", options[0][1])
        self.case = ipw.Dropdown(
            options=options,
            value=chosen if chosen in [v for _l, v in options] else options[0][1],
            description=_("Case"),
            style={"description_width": "initial"},
        )
        self.anonymous = ipw.Checkbox(
            value=workshop.setting(self.store, code, "anonymous") == "1",
            description=_("Anonymous view (for projecting)"),
            indent=False,
        )
        self.projector = ipw.Checkbox(
            value=workshop.setting(self.store, code, "projector") == "1",
            description=_("Projector view: one question at a time"),
            indent=False,
        )
        try:
            self.shown = int(workshop.setting(self.store, code, "shown", "0"))
        except ValueError:
            self.shown = 0
        self.case.observe(lambda _c: self._select_case(remember=True), "value")
        self.anonymous.observe(lambda ch: self._remember("anonymous", ch["new"]), "value")
        self.projector.observe(lambda ch: self._remember("projector", ch["new"]), "value")
        self.export_csv_button = ipw.Button(description=_("Export CSV"), tooltip=_("All attempts as CSV"), icon="table")
        self.export_report_button = ipw.Button(
            description=_("Printable report"), tooltip=_("Statistics per question, as HTML"), icon="print"
        )
        self.export_csv_button.on_click(lambda _b: self.export_csv())
        self.export_report_button.on_click(lambda _b: self.export_report())
        self.downloads = ipw.HTML()
        self.header = ipw.HTML()
        self.members = ipw.HTML()
        self.who = ipw.HTML()
        self.sections_box = ipw.HBox(layout=ipw.Layout(flex_flow="row wrap"))
        self.items_box = ipw.VBox(layout=wide("60rem"))
        self.prev_button = ipw.Button(
            description=_("Previous question"), tooltip=_("Previous question"), icon="arrow-left"
        )
        self.next_button = ipw.Button(description=_("Next question"), tooltip=_("Next question"), icon="arrow-right")
        self.prev_button.on_click(lambda _b: self.show_question(self.shown - 1))
        self.next_button.on_click(lambda _b: self.show_question(self.shown + 1))
        self.projector_head = ipw.HTML()
        self.projector_item = ipw.HTML(layout=wide("60rem"))
        self.projector_controls = ipw.HBox()
        self.projector_box = ipw.VBox(
            [
                self.projector_head,
                ipw.HBox([self.prev_button, self.next_button]),
                self.projector_item,
                self.projector_controls,
            ]
        )
        self.projector_box.add_class("cb-projector")
        self.status.value = fb.status_box(
            f'<p class="cb-verdict">{fb.icon(fb.ICON_RIGHT)} {escape(_("Dashboard open."))}</p>'
        )
        rule = _(
            "Statistics count each trainee's first complete answer given while the question is open. "
            "Answers after you close a question or reveal its answer are kept as practice and not counted."
        )
        self.header.value = (
            f"<h2>{escape(ws.title)}</h2><p>"
            + escape(_("Trainees join on the start page with the code {code}.").format(code=ws.code))
            + f"</p><p>{escape(rule)}</p>"
        )
        self.room_view = ipw.VBox([self.sections_box, self.members, self.who, self.items_box])
        self.main.children = [
            self.header,
            ipw.HBox([self.case, self.anonymous, self.projector], layout=ipw.Layout(flex_flow="row wrap")),
            self.room_view,
            self.projector_box,
            ipw.HBox([self.export_csv_button, self.export_report_button]),
            self.downloads,
        ]
        self._select_case()

    def _remember(self, name: str, on: bool) -> None:
        if self.workshop_code is not None:
            workshop.set_setting(self.store, self.workshop_code, name, "1" if on else "0")
        self.refresh(force=True)

    def _current_case(self) -> Case | None:
        return next((c for c in self.cases if c.id == self.case.value), None)

    def _items(self) -> list[QuizItem]:
        case = self._current_case()
        return list(case.quizzes) if case is not None else list(report.review_items())

    def _select_case(self, remember: bool = False) -> None:
        if remember and self.workshop_code is not None:
            workshop.set_setting(self.store, self.workshop_code, "case", str(self.case.value))
            self.shown = 0
            workshop.set_setting(self.store, self.workshop_code, "shown", "0")
        case = self._current_case()
        self.section_toggles = {}
        if case is not None:
            for key, heading in SECTIONS:
                t = ipw.ToggleButton(
                    description=heading, tooltip=_("Open or close this section for the room"), icon="lock"
                )
                if key in OPEN_BY_DEFAULT:
                    t.value, t.disabled = True, True
                t.observe(lambda ch, k=f"{case.id}/{key}": self._set_control("open", k, ch["new"]), "value")
                self.section_toggles[f"{case.id}/{key}"] = t
        self.sections_box.children = list(self.section_toggles.values())
        items = self._items()
        self.item_panels = [ipw.HTML() for _i in items]
        self.reveal_toggles, self.close_toggles = [], []
        rows = []
        for item, panel in zip(items, self.item_panels, strict=True):
            close = ipw.ToggleButton(
                description=_("Close answers"), tooltip=_("Stop counting answers to this question"), icon="pause"
            )
            close.observe(lambda ch, k=item.key: self._set_control("closed", k, ch["new"]), "value")
            reveal = ipw.ToggleButton(
                description=_("Reveal answer"), tooltip=_("Show the answer on trainee pages"), icon="eye"
            )
            reveal.observe(lambda ch, k=item.key: self._set_control("reveal", k, ch["new"]), "value")
            self.close_toggles.append(close)
            self.reveal_toggles.append(reveal)
            rows.append(ipw.VBox([panel, ipw.HBox([close, reveal])]))
        self.items_box.children = rows
        self.refresh(force=True)

    def _set_control(self, kind: str, key: str, on: bool) -> None:
        if self._updating or self.workshop_code is None:
            return
        workshop.set_control(self.store, self.workshop_code, kind, key, on)
        self.refresh(force=True)

    def show_question(self, n: int) -> None:
        """Project question ``n`` (0-based) of the selected case."""
        total = len(self.item_panels)
        self.shown = max(0, min(n, total - 1)) if total else 0
        if self.workshop_code is not None:
            workshop.set_setting(self.store, self.workshop_code, "shown", str(self.shown))
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> bool:
        """Re-read the room (only when something changed, unless ``force``); True when redrawn."""
        code = self.workshop_code
        if code is None:
            return False
        with self._lock:
            fp = (
                workshop.last_change(self.store, code),
                self.case.value,
                self.anonymous.value,
                self.projector.value,
                self.shown,
                _minute(),  # "stuck" depends on the clock
            )
            if not force and fp == self._fingerprint:
                return False
            self._fingerprint = fp
            self._updating = True
            try:
                self._redraw(code)
            finally:
                self._updating = False
        return True

    def _reflections(self, code: str, items: list[QuizItem], names: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
        answers = workshop.room_answers(self.store, code)
        out: dict[str, list[tuple[str, str]]] = {}
        for item in items:
            if item.type != "reflection":
                continue
            given = answers.get(item.key, {})
            out[item.key] = [
                (names.get(learner, "?"), str(text)) for learner, text in given.items() if str(text).strip()
            ]
        return out

    def _redraw(self, code: str) -> None:
        c = workshop.controls(self.store, code)
        items = self._items()
        stats = report.case_stats(self.store, code, self._current_case())
        people = workshop.members(self.store, code)
        names = {m.learner: m.nickname for m in people}
        texts = self._reflections(code, items, names)
        # The projector view is anonymous whatever the checkbox: the hidden room view sends no names either.
        anonymous = self.anonymous.value or self.projector.value
        for n, (s, panel, reveal, close) in enumerate(
            zip(stats, self.item_panels, self.reveal_toggles, self.close_toggles, strict=True), 1
        ):
            state = workshop.item_state(c, s.item.key)
            revealed = state == "revealed"
            html = stats_html(
                n,
                s,
                anonymous=anonymous,
                revealed=revealed,
                state=state,
                reflections=texts.get(s.item.key),
            )
            if panel.value != html:
                panel.value = html
            if reveal.value != revealed:
                reveal.value = revealed
            reveal.icon = "eye-slash" if revealed else "eye"
            reveal.description = _("Hide answer") if revealed else _("Reveal answer")
            closed = state != "open"
            if close.value != closed:
                close.value = closed
            close.disabled = revealed  # revealing closed it; hide the answer first to reopen
            close.icon = "play" if closed else "pause"
            close.description = _("Reopen answers") if closed else _("Close answers")
        for key, t in self.section_toggles.items():
            if not t.disabled and t.value != (key in c["open"]):
                t.value = key in c["open"]
            t.icon = "unlock" if t.value else "lock"
        n = len(people)
        if anonymous:
            joined = ngettext("{n} trainee joined.", "{n} trainees joined.", n).format(n=n)
            self.members.value = "<p>" + escape(joined) + "</p>"
        else:
            names_html = ", ".join(escape(m.nickname) for m in people) or "–"
            joined = ngettext("{n} trainee joined:", "{n} trainees joined:", n).format(n=n)
            self.members.value = "<p>" + escape(joined) + f" {names_html}</p>"
        acts = workshop.activity(self.store, code, [i.key for i in items])
        self.who.value = who_html(acts, anonymous=anonymous)
        self._redraw_projector(code, stats, c, texts, anonymous)

    def _redraw_projector(
        self, code: str, stats: list[ItemStats], c: dict[str, Any], texts: dict[str, Any], anonymous: bool
    ) -> None:
        on = self.projector.value
        self.projector_box.layout.display = None if on else "none"
        self.room_view.layout.display = "none" if on else None
        self.header.layout.display = "none" if on else None
        if on:
            self.add_class("cb-projecting")
        else:
            self.remove_class("cb-projecting")
        if not on:
            return
        url = join_url(code, self.token)
        title = _("Join code {code}").format(code=code)
        local = ""
        if (os.environ.get("SERVER_NAME") or "127.0.0.1") in LOOPBACK:
            local = (
                "<p class='cb-note'>"
                + escape(
                    _(
                        "This address works only on this laptop. To let trainees' devices in, serve the room's "
                        "network and open this dashboard by the laptop's address (README: Serving a room's network)."
                    )
                )
                + "</p>"
            )
        qr_label = escape(_("QR code of the join link"))
        self.projector_head.value = (
            '<div class="cb-projector-head"><div>'
            f"<p>{escape(_('Join on the start page with the code'))}</p>"
            f'<p class="cb-join-code" aria-label="{escape(title)}">{escape(code)}</p>'
            f'<p><a href="{escape(url)}">{escape(url)}</a></p>{local}</div>'
            f'<div class="cb-qr" role="img" aria-label="{qr_label}">{qr_svg(url, title)}</div>'
            "</div>"
        )
        if not stats:
            self.projector_item.value = ""
            self.projector_controls.children = []
            return
        self.shown = max(0, min(self.shown, len(stats) - 1))
        s = stats[self.shown]
        state = workshop.item_state(c, s.item.key)
        counter = _("Question {n} of {total}").format(n=self.shown + 1, total=len(stats))
        self.projector_item.value = f"<p>{escape(counter)}</p>" + stats_html(
            self.shown + 1,
            s,
            anonymous=anonymous,
            revealed=state == "revealed",
            state=state,
            reflections=texts.get(s.item.key),
        )
        self.prev_button.disabled = self.shown == 0
        self.next_button.disabled = self.shown >= len(stats) - 1
        self.projector_controls.children = [self.close_toggles[self.shown], self.reveal_toggles[self.shown]]

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


def _minute() -> int:
    return int(time.time() // 60)


def dashboard(store: Store | None = None) -> Dashboard:
    """The trainer's dashboard (asks for the workshop code and trainer key first)."""
    return Dashboard(store)
