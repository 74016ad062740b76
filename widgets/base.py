"""What every quiz widget shares: Check / Try again / Show answer, the feedback area, the two modes,
and saving to and restoring from the attempts store."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as ipw

from casebook.grading import Result, correct_answer, grade
from casebook.model import QuizItem
from casebook.registry import Registry, registry
from casebook.store import SaveError, Store, StoreError, default_store
from casebook.visitor import current_learner

from . import feedback as fb
from .i18n import _, rtl
from .style import wide

MODES = ("practice", "assessed")


class QuizWidget(ipw.VBox):
    """Base class. Subclasses build their controls and say how to read, set and clear an answer.

    Public attributes: ``item``, ``mode``, ``store``, ``learner``, ``result`` (the last checked
    :class:`~casebook.grading.Result`), ``stem``, ``check_button``, ``retry_button``, ``answer_button``,
    ``feedback`` (an HTML widget whose value holds a ``role="status"`` region).
    """

    def __init__(
        self,
        item: QuizItem,
        *,
        mode: str = "practice",
        store: Store | None = None,
        learner: str | None = None,
        section: str | None = None,
        reg: Registry | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.item = item
        self.mode = mode
        self.store = store if store is not None else default_store()
        self.learner = learner or current_learner(self.store)
        self.section_key = section or f"{item.case_id}/{item.section}"
        self.reg = reg or registry()
        self.result: Result | None = None
        self.revealed = False
        self.room_revealed = False  # the trainer revealed this item to the workshop
        self.reveal_locked = False  # in a workshop, Show answer waits for the trainer
        self.room: Any = None  # the workshop session this quiz answers into (it says whether answers count)
        self.practice_only = False  # the last check was made after the room closed the question
        self.shown_before = False  # the learner asked to see the answer: later checks change no score
        self.result_after_reveal = False  # the feedback on screen is about such a practice check
        self.submitted = False
        self.attempt_id: int | None = None
        self.stem = ipw.HTML(f'<div class="cb-stem cb-quiz-html" dir="auto">{self.stem_html()}</div>', layout=wide())
        label = _("Save answer") if mode == "assessed" and item.graded else self.check_caption()
        self.check_button = ipw.Button(description=label, tooltip=label, button_style="primary", icon="check")
        self.retry_button = ipw.Button(
            description=_("Try again"), tooltip=_("Clear your answer and try again"), icon="undo"
        )
        self.answer_button = ipw.Button(description=_("Show answer"), tooltip=_("Show the answer"), icon="eye")
        self.check_button.on_click(lambda _b: self.check())
        self.retry_button.on_click(lambda _b: self.retry())
        self.answer_button.on_click(lambda _b: self.reveal())
        self.buttons = ipw.HBox([self.check_button, self.retry_button, self.answer_button])
        self.buttons.add_class("cb-buttons")
        self.feedback = ipw.HTML(fb.status_box(""), layout=wide())
        self._checked_answer: Any = None  # the answer the feedback on screen is about
        controls = self.build()
        super().__init__([self.stem, *controls, self.buttons, self.feedback])
        self.add_class("cb-quiz")
        rtl(self)
        self.restore()
        if self.clears_feedback_on_change:
            for w in self.inputs():
                if "value" in w.traits():
                    w.observe(lambda _change: self.answer_changed(), names="value")

    #: Feedback is about the answer that was checked: when the learner changes the answer, it goes.
    #: (Scenarios move on to their next step after a check, so their feedback stays.)
    clears_feedback_on_change = True

    # -- to implement -------------------------------------------------------------------------
    def incomplete_message(self, result: Result) -> str | None:
        """What to tell a learner whose answer is not complete enough to grade (None: the default message)."""
        return None

    def check_caption(self) -> str:
        return _("Check")

    def stem_html(self) -> str:
        return self.item.stem_html

    def build(self) -> list[ipw.Widget]:
        raise NotImplementedError

    def answer(self) -> Any:
        """The learner's answer as a JSON value."""
        raise NotImplementedError

    def set_answer(self, answer: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def inputs(self) -> list[ipw.Widget]:
        """The controls to lock once an assessed section is submitted."""
        raise NotImplementedError

    def body_html(self, result: Result) -> str:
        """Type-specific feedback under the verdict line."""
        raise NotImplementedError

    def answer_html(self) -> str:
        """The answer, for Show answer."""
        raise NotImplementedError

    def after_check(self, result: Result) -> None:
        """Called after a checked answer was stored (scenarios move on to the next step)."""

    # -- behaviour ----------------------------------------------------------------------------
    @property
    def held(self) -> bool:
        """Feedback is held back: assessed mode, section not submitted yet."""
        return self.mode == "assessed" and not self.submitted

    def check(self) -> Result:
        """Grade the current answer; store it (one committed transaction); show or hold feedback. A submitted
        assessed section is frozen: the model refuses, whatever the page sends."""
        if self.mode == "assessed" and self.submitted:
            last = self.store.latest(self.learner, self.item.key, kind="check")
            if last is not None:
                self.set_answer(last.answer)
            self.render()
            return self.result if self.result is not None else grade(self.item, None)
        answer = self.answer()
        result = grade(self.item, answer)
        if not result.answered:
            msg = self.incomplete_message(result)
            if msg is None:
                msg = _("Write an answer first.") if not self.item.graded else _("Choose an answer first.")
            self.feedback.value = fb.message_html(msg)
            return result
        try:
            room = self.room.room_for(self.item.key) if self.room is not None else None
            attempt_id = self.store.record(
                self.learner,
                self.item.key,
                self.item.type,
                answer,
                score=result.score,
                max_score=result.max_score,
                correct=result.correct,
                mode=self.mode,
                kind="check",
                room=room,
            )
        except StoreError as exc:
            self.not_saved(exc)
            return result
        self.attempt_id = attempt_id
        self.practice_only = self.room is not None and room is None
        self.result_after_reveal = self.shown_before
        self.result = result
        self._checked_answer = answer
        self.revealed = False
        self.after_check(result)
        self.render()
        return result

    def not_saved(self, exc: StoreError) -> None:
        """A write failed: say so in plain words, drop the feedback of an earlier answer, keep this one."""
        why = _(exc.why) if isinstance(exc, SaveError) else str(exc)
        msg = _("Your answer was not saved: {why}. Answers saved before are safe. Press the button again to retry.")
        self.result = None
        self.feedback.value = fb.message_html(msg.format(why=why))

    def retry(self) -> None:
        """Clear the answer and the feedback (earlier attempts stay in the store)."""
        if self.mode == "assessed" and self.submitted:
            return
        self.clear()
        self.result = None
        self.revealed = False
        self.render()

    def answer_changed(self) -> None:
        """The learner changed the answer: feedback about the checked answer no longer applies."""
        if self.result is not None and self.answer() != self._checked_answer:
            self.result = None
            self.render()

    def set_room_reveal(self, on: bool) -> None:
        """The trainer revealed (or hid again) this item's answer for the whole room."""
        self.room_revealed = on
        self.render()

    def reveal(self) -> None:
        """Show the answer (not before an assessed section is submitted); the store records it."""
        if self.reveal_locked and not self.room_revealed:
            self.feedback.value = fb.message_html(_("Your trainer will reveal the answer."))
            return
        if self.held:
            self.feedback.value = fb.message_html(_("The answer is shown after you submit the section."))
            return
        try:  # recorded first: a shown answer that was not recorded would let a later check score
            self.store.record(
                self.learner,
                self.item.key,
                self.item.type,
                self.answer(),
                mode=self.mode,
                kind="reveal",
                max_score=self.result.max_score if self.result else 0.0,
            )
        except StoreError as exc:
            self.not_saved(exc)
            return
        self.revealed = True
        self.shown_before = True
        self.render()

    def release(self) -> None:
        """The section was submitted: show the feedback held so far and lock the answer."""
        self.submitted = True
        if self.mode == "assessed":
            for w in self.inputs():
                w.disabled = True
        self.render()

    def restore(self) -> None:
        """Put back the learner's last checked answer and its feedback (after a re-run or a restart)."""
        history = self.store.attempts(self.learner, self.item.key)  # one read: this item's attempts, oldest first
        checks = [a for a in history if a.kind == "check"]
        first_reveal = next((a for a in history if a.kind == "reveal"), None)
        last_check = checks[-1] if checks else None
        if last_check is not None:
            self.set_answer(last_check.answer)
            self.result = grade(self.item, last_check.answer)
            self._checked_answer = self.answer()
            self.attempt_id = last_check.id
        self.revealed = bool(history) and history[-1].kind == "reveal"
        self.shown_before = first_reveal is not None
        # the feedback restored is about a check made after the answer was shown: practice (Store.scored_checks)
        self.result_after_reveal = (
            first_reveal is not None and last_check is not None and last_check.id > first_reveal.id
        )
        if self.mode == "assessed" and self.store.submitted(self.learner, self.section_key):
            self.release()
        else:
            self.render()

    # -- rendering ----------------------------------------------------------------------------
    def render(self) -> None:
        self.sync_buttons()
        self.feedback.value = self.feedback_value()

    def sync_buttons(self) -> None:
        locked = self.mode == "assessed" and self.submitted
        self.check_button.disabled = locked
        self.retry_button.disabled = locked
        self.answer_button.disabled = self.held or (self.reveal_locked and not self.room_revealed)

    def feedback_value(self) -> str:
        parts: list[str] = []
        if self.result is not None:
            if self.held:
                return fb.held_html()
            notes = []
            if self.practice_only:
                notes.append(
                    _("Answers to this question are closed: this one is practice and does not count for the room.")
                )
            if self.result_after_reveal:
                notes.append(_("You have seen the answer: this check is practice and does not change your score."))
            for note in notes:
                parts.append(f'<p class="cb-practice-note">{fb.icon(fb.ICON_INFO)} {escape(note)}</p>')
            parts.append(self.result_html(self.result))
        if (self.revealed or self.room_revealed) and not self.held:
            parts.append(
                f'<div class="cb-answer"><p class="cb-verdict">{fb.icon(fb.ICON_INFO)} '
                f"{escape(_('The answer'))}</p>{self.answer_html()}</div>"
            )
        if parts:
            parts.append(fb.laws_html(self.item.cites, self.reg))
        return fb.status_box("".join(parts))

    def result_html(self, result: Result) -> str:
        """The verdict and the type's feedback. In a workshop, until the trainer reveals the answer, only the
        verdict: per-option right and wrong, or a model answer, would hand the room's answer key to anyone
        who ticks every box (the rule lives here, so the page never receives the details)."""
        if self.reveal_locked and not self.room_revealed:
            note = _("In the workshop, the details and the answer come when your trainer reveals it.")
            return fb.verdict_line(result) + f'<p class="cb-held-note">{fb.icon(fb.ICON_INFO)} {escape(note)}</p>'
        return fb.verdict_line(result) + self.body_html(result)

    def correct_answer(self) -> Any:
        return correct_answer(self.item)

    def option_label(self, html: str) -> str:
        return fb.plain_text(html)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.item.key} mode={self.mode}>"
