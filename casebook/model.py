"""Typed objects a case file and the registries are read into."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from .text import Text

#: The fixed body headings of a case, in order: (key, heading as written).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("facts", "Facts"),
    ("timeline", "Timeline"),
    ("what-went-wrong", "What went wrong"),
    ("legal-basis", "Legal basis"),
    ("evidence-steps", "Evidence steps"),
    ("remedies", "Remedies and channels"),
    ("source-check", "Source check"),
    ("discussion", "Discussion"),
)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
HEADING_TO_KEY = {heading: key for key, heading in SECTIONS}

QuizType = Literal["single", "multiple", "match", "order", "citation", "scenario", "reflection"]
Verdict = Literal["in_force", "renumbered", "repealed", "wrong_article"]
Status = Literal["in_force", "renumbered", "repealed", "unconfirmed"]
QUIZ_TYPES: tuple[QuizType, ...] = get_args(QuizType)
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)


@dataclass(frozen=True)
class Checked:
    where: str
    when: str


@dataclass(frozen=True)
class Law:
    id: str
    jurisdiction: str
    kind: str
    name: Text
    short: Text
    status: Status
    checked: Checked
    adopted: str | None = None
    in_force: str | None = None
    applies_from: str | None = None
    status_note: Text | None = None
    replaced_by: str | None = None


@dataclass(frozen=True)
class Article:
    id: str
    law: Law
    article: str
    gist: Text
    status: Status
    checked: Checked
    paragraph: int | None = None
    item: int | None = None
    since: str | None = None
    until: str | None = None
    renumbered_to: str | None = None
    replaced_by: tuple[str, ...] = ()
    note: Text | None = None
    path: str = ""
    line: int = 0

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"

    @property
    def start(self) -> str | None:
        """The first day this text applied (``since``, else its law's ``applies_from`` or ``in_force``);
        ``None`` when the registry does not know."""
        return self.since or self.law.applies_from or self.law.in_force

    def applied_on(self, day: str) -> bool:
        """Whether this text was the law on ``day`` (ISO date): started by then and not yet ended. Entries
        whose status is unconfirmed never count."""
        if self.status == "unconfirmed":
            return False
        if self.start and day < self.start:
            return False
        return not (self.until and day >= self.until)

    def label(self, lang: str = "en") -> str:
        """A human citation such as ``PIPL Art. 69`` or ``《个人信息保护法》第69条``. An entry for a whole
        instrument whose article numbers are unknown (``article: "whole"``) is labelled by its name alone."""
        short = self.law.short.get(lang)
        if self.article == "whole":
            return f"《{short}》" if lang.startswith("zh") else short
        if lang == "ar":
            number = self.article.replace(" bis", " مكررًا")
            out = f"{short}، المادة {number}"
            if self.paragraph:
                out += f" فقرة {self.paragraph}"
            if self.item:
                out += f" بند {self.item}"
            return out
        if lang.startswith("zh"):
            num = self.article.replace("-1", "条之一").replace("-2", "条之二")
            num = f"第{num}" + ("" if "之" in num else "条")
            if self.paragraph:
                num += f"第{self.paragraph}款"
            if self.item:
                num += f"第{self.item}项"
            return f"《{short}》{num}"
        out = f"{short} Art. {self.article}"
        if self.paragraph:
            out += f" para. {self.paragraph}"
        if self.item:
            out += f"({self.item})"
        return out


@dataclass(frozen=True)
class Channel:
    id: str
    jurisdiction: str
    name: Text
    contact: Text
    handles: Text
    checked: Checked
    basis: tuple[str, ...] = ()
    status: str = "operating"
    note: Text | None = None


@dataclass(frozen=True)
class Source:
    seed: str
    supports: Text


@dataclass(frozen=True)
class Party:
    id: str
    role: Text
    kind: str
    pseudonym: Text | None = None


@dataclass(frozen=True)
class Datum:
    id: str
    type: str
    of: str
    label: Text


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    data: tuple[str, ...]
    how: Text
    lawful: str


@dataclass(frozen=True)
class Event:
    when: Text
    event: Text
    date: str | None = None
    seed: str | None = None


@dataclass(frozen=True)
class Figures:
    """Figures a source reports (a survey, say), drawn as a bar chart."""

    title: Text
    unit: str
    seed: str
    items: tuple[tuple[Text, float], ...]
    note: Text | None = None


@dataclass(frozen=True)
class Excerpt:
    lang: str
    seed: str
    text: str
    line: int


@dataclass(frozen=True)
class Cite:
    """A citation written in a case: the statute id and whether it was marked as historic."""

    statute: str
    old: bool = False


@dataclass(frozen=True)
class Option:
    key: str
    text: str
    html: str
    feedback_html: str
    line: int
    correct: bool = False
    cites: tuple[Cite, ...] = ()
    answer: str | None = None  # match: the right-hand label
    position: int | None = None  # order: the correct 1-based position
    goto: str | None = None  # scenario: the next step's id


@dataclass(frozen=True)
class Step:
    id: str
    html: str
    line: int
    options: tuple[Option, ...] = ()

    @property
    def ending(self) -> bool:
        return not self.options


@dataclass(frozen=True)
class QuizItem:
    case_id: str
    id: str
    type: QuizType
    section: str
    stem_html: str
    stem_text: str
    line: int
    options: tuple[Option, ...] = ()
    cites: tuple[Cite, ...] = ()
    model_answer_html: str = ""
    quoted: str | None = None  # citation: the statute as the source cited it
    verdict: Verdict | None = None  # citation: in_force / renumbered / repealed / wrong_article
    seed: str | None = None
    steps: tuple[Step, ...] = ()  # scenario
    distractors: tuple[str, ...] = ()  # match: extra right-hand labels

    @property
    def key(self) -> str:
        """Stable key used by the attempts store: ``case/item``."""
        return f"{self.case_id}/{self.id}"

    @property
    def graded(self) -> bool:
        return self.type != "reflection"

    @property
    def correct_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.correct)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    html: str
    line: int
    excerpts: tuple[Excerpt, ...] = ()
    quizzes: tuple[QuizItem, ...] = ()


@dataclass(frozen=True)
class Case:
    id: str
    path: str
    order: int
    title: Text
    summary: Text
    languages: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    sources: tuple[Source, ...]
    reported_place: Text
    reported_date: Text
    parties: tuple[Party, ...]
    personal_data: tuple[Datum, ...]
    data_flows: tuple[Flow, ...]
    timeline: tuple[Event, ...]
    tags: tuple[str, ...]
    sections: dict[str, Section] = field(default_factory=dict)
    figures: Figures | None = None

    @property
    def quizzes(self) -> tuple[QuizItem, ...]:
        return tuple(q for s in self.sections.values() for q in s.quizzes)

    def quiz(self, item_id: str) -> QuizItem:
        for q in self.quizzes:
            if q.id == item_id:
                return q
        raise KeyError(f"{self.id} has no quiz item {item_id!r}")

    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)

    def datum(self, datum_id: str) -> Datum:
        return next(d for d in self.personal_data if d.id == datum_id)
