"""The complaint builder: a draft letter to a channel, citing only articles in force from the registry.

The legal basis is derived, not hand-written: for a situation (a case tag) and a jurisdiction it is every
article the cases with that tag cite in their text or in their quizzes' answers (item-level citations and
the correct options'), plus the chosen channel's own ``basis``, of that jurisdiction: either in force today
(followed to its current numbering, :meth:`Registry.current`) or, given the date of the act, the text that
was the law that day (:meth:`Registry.on`: renumbered and repealed predecessors included, rules made later
left out). Letter wording lives in
``casebook/letters/<lang>.yaml``; rendering to HTML and .docx is in :mod:`casebook.letter_render`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .evidence import Item
from .loader import CASES_DIR, cases
from .model import Article, Case, Channel
from .parse import parse_file
from .registry import Registry, registry
from .text import direction

LETTERS_DIR = Path(__file__).resolve().parent / "letters"
LETTER_LANGUAGES = ("en", "zh-Hans", "ar")
REMEDIES = ("stop", "delete", "apologise", "compensate", "investigate")
DEFAULT_DAYS = 15


@cache
def template(lang: str) -> dict[str, Any]:
    """The wording of a letter in ``lang`` (one of :data:`LETTER_LANGUAGES`)."""
    if lang not in LETTER_LANGUAGES:
        raise ValueError(f"letters are written in {', '.join(LETTER_LANGUAGES)}, not {lang!r}")
    data: dict[str, Any] = yaml.safe_load((LETTERS_DIR / f"{lang}.yaml").read_text("utf-8"))
    return data


@cache
def _situation_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((LETTERS_DIR / "situations.yaml").read_text("utf-8"))
    return data


def situations(all_cases: Iterable[Case] | None = None) -> dict[str, tuple[str, ...]]:
    """Each situation tag of the cases, with the ids of the cases that carry it (teaching tags left out)."""
    skip = set(_situation_data()["not_situations"])
    out: dict[str, list[str]] = {}
    for case in all_cases if all_cases is not None else cases():
        for tag in case.tags:
            if tag not in skip:
                out.setdefault(tag, []).append(case.id)
    return {tag: tuple(ids) for tag, ids in sorted(out.items())}


def situation_label(tag: str, lang: str = "en") -> str:
    labels = _situation_data()["labels"].get(tag, {})
    return str(labels.get(lang) or labels.get("en") or tag.replace("-", " "))


@cache
def _text_cites(case_id: str) -> frozenset[str]:
    parsed = parse_file(CASES_DIR / f"{case_id}.md", registry())
    return frozenset(v for name, v, _line in parsed.roles if name in ("cite", "cite-old"))


def case_citations(case: Case, text: bool = True) -> set[str]:
    """The statute ids a case relies on: its quizzes' item citations, its correct options' citations, and
    (``text=True``, for the shipped cases) the ``{cite}`` and ``{cite-old}`` roles in its text."""
    ids = {c.statute for q in case.quizzes for c in q.cites}
    ids |= {c.statute for q in case.quizzes for o in q.correct_options for c in o.cites}
    if text and (CASES_DIR / f"{case.id}.md").is_file():
        ids |= _text_cites(case.id)
    return ids


def _sort_key(art: Article) -> tuple[Any, ...]:
    nums = tuple(int(n) for n in re.findall(r"[0-9]+", art.article))
    return (art.law.id, nums, art.article, art.paragraph or 0, art.item or 0)


def _as_of(ids: Iterable[str], reg: Registry, on: date | None) -> dict[str, Article]:
    """Each id's text in force today (current numbering), or, with ``on``, the text that was the law on that
    day: a letter about an act cites the law at the time of the act, never a later, heavier article
    (Administrative Penalty Law Art. 37). A rule that did not exist yet on ``on`` is left out."""
    out: dict[str, Article] = {}
    for i in ids:
        if i not in reg.articles:
            continue
        if on is None:
            art = reg.current(i)
            if art.in_force:
                out[art.id] = art
        else:
            out.update((a.id, a) for a in reg.on(i, on.isoformat()))
    return out


def derived_basis(
    tag: str, jurisdiction: str, reg: Registry | None = None, on: date | None = None
) -> tuple[Article, ...]:
    """The articles of ``jurisdiction`` that the cases tagged ``tag`` cite: in force today (current
    numbering), or those that were the law on ``on``."""
    reg = reg or registry()
    ids: set[str] = set()
    for case in cases():
        if tag in case.tags:
            ids |= case_citations(case)
    keep = (a for a in _as_of(ids, reg, on).values() if a.law.jurisdiction == jurisdiction)
    return tuple(sorted(keep, key=_sort_key))


def channel_basis(channel: Channel, reg: Registry | None = None, on: date | None = None) -> tuple[Article, ...]:
    """The channel's ``basis``: in force today (current numbering), or the law on ``on``."""
    reg = reg or registry()
    return tuple(_as_of(channel.basis, reg, on).values())


def basis(
    tag: str, jurisdiction: str, channel_id: str, reg: Registry | None = None, on: date | None = None
) -> tuple[Article, ...]:
    """The channel's basis first, then the situation's, without repeats; ``on``: the date of the act."""
    reg = reg or registry()
    channel = reg.channels[channel_id]
    if channel.jurisdiction != jurisdiction:
        raise ValueError(f"channel {channel_id} is in {channel.jurisdiction}, not {jurisdiction}")
    arts = {a.id: a for a in (*channel_basis(channel, reg, on), *derived_basis(tag, jurisdiction, reg, on))}
    return tuple(arts.values())


def jurisdictions(reg: Registry | None = None) -> tuple[str, ...]:
    """The jurisdictions that have at least one channel."""
    reg = reg or registry()
    return tuple(sorted({c.jurisdiction for c in reg.channels.values()}))


def channels_for(jurisdiction: str, reg: Registry | None = None) -> tuple[Channel, ...]:
    reg = reg or registry()
    return tuple(c for c in reg.channels.values() if c.jurisdiction == jurisdiction)


@dataclass(frozen=True)
class Block:
    """One line of a letter. ``kind``: title, notice, line, heading, para, item, law; ``statute`` for law."""

    kind: str
    text: str
    statute: str = ""


@dataclass(frozen=True)
class Letter:
    lang: str
    situation: str
    jurisdiction: str
    channel: Channel
    articles: tuple[Article, ...]
    blocks: tuple[Block, ...]
    deadline: date
    remedies: tuple[str, ...] = ()
    evidence: tuple[str, ...] = field(default=())  # item ids
    act_date: date | None = None  # the law cited is the law on this day (None: today's)

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def statutes(self) -> tuple[str, ...]:
        """The statute ids the letter cites, in order."""
        return tuple(b.statute for b in self.blocks if b.kind == "law")

    @property
    def title(self) -> str:
        return next(b.text for b in self.blocks if b.kind == "title")

    def text(self) -> str:
        """The letter as plain text, one block a line."""
        return "\n".join(b.text for b in self.blocks)


def format_date(d: date, lang: str) -> str:
    t = template(lang)
    return str(t["date"]).format(day=d.day, month=d.month, year=d.year, month_name=t["months"][d.month - 1])


def default_deadline(today: date | None = None) -> date:
    return (today or date.today()) + timedelta(days=DEFAULT_DAYS)


def build(
    situation: str,
    jurisdiction: str,
    channel_id: str,
    lang: str = "en",
    *,
    facts: str = "",
    names: dict[str, str] | None = None,
    evidence: Sequence[Item] = (),
    remedies: Iterable[str] = (),
    deadline: date | None = None,
    today: date | None = None,
    articles: Iterable[str] | None = None,
    act_date: date | None = None,
    reg: Registry | None = None,
) -> Letter:
    """A draft letter. ``names`` may fill complainant, respondent, advocate, organisation, reply_to (blank:
    a placeholder); ``articles`` may narrow the derived basis (ids outside it are ignored). ``act_date``, when
    the events happened: the letter then cites the law in force on that day, not today's numbering or a
    rule made since (without it, the law in force today)."""
    reg = reg or registry()
    t = template(lang)
    channel = reg.channels[channel_id]
    arts = basis(situation, jurisdiction, channel_id, reg, on=act_date)
    if articles is not None:
        wanted = set(articles)
        arts = tuple(a for a in arts if a.id in wanted)
    chosen = tuple(r for r in REMEDIES if r in set(remedies))
    unknown = set(remedies) - set(REMEDIES)
    if unknown:
        raise ValueError(f"unknown remedies: {', '.join(sorted(unknown))}")
    today = today or date.today()
    deadline = deadline or default_deadline(today)
    ph = t["placeholders"]
    n = {k: " ".join(str((names or {}).get(k, "")).split()) or ph[k] for k in ph}
    b: list[Block] = [
        Block("notice", t["draft_notice"]),
        Block("title", t["title"]),
        Block("line", t["to"].format(channel=channel.name.get(lang), contact=channel.contact.get(lang))),
        Block("line", t["from"].format(**n)),
        Block("line", t["dated"].format(date=format_date(today, lang))),
        Block("line", t["subject"].format(situation=situation_label(situation, lang))),
    ]
    if channel.status != "operating":
        b.append(Block("notice", t["channel_unconfirmed"]))
    b += [Block("para", t["salutation"]), Block("para", t["intro"].format(**n))]
    b += [Block("heading", t["parties"])]
    b += [
        Block("item", t["roles"]["complainant"].format(name=n["complainant"])),
        Block("item", t["roles"]["respondent"].format(name=n["respondent"])),
        Block("item", t["roles"]["representative"].format(name=n["advocate"], **n)),
    ]
    b.append(Block("heading", t["facts"]))
    paras = [p.strip() for p in re.split(r"\n\s*\n", facts.strip()) if p.strip()]
    b += [Block("para", p) for p in paras] or [Block("para", t["facts_empty"])]
    b.append(Block("heading", t["basis"]))
    if arts:
        intro = t["basis_intro_on"].format(date=format_date(act_date, lang)) if act_date else t["basis_intro"]
        b.append(Block("para", intro))
        b += [Block("law", f"{a.label(lang)}: {a.gist.get(lang)}", a.id) for a in arts]
    else:
        b.append(Block("para", t["basis_empty"]))
    b.append(Block("heading", t["evidence"]))
    if evidence:
        b.append(Block("para", t["evidence_intro"]))
        b += [
            Block(
                "item",
                t["evidence_item"].format(
                    id=e.id, title=e.title, proves=e.proves or "-", holder=e.holder or "-", sha256=e.sha256
                ),
            )
            for e in evidence
        ]
    else:
        b.append(Block("para", t["evidence_empty"]))
    b.append(Block("heading", t["remedies"]))
    if chosen:
        b.append(Block("para", t["remedies_intro"]))
        b += [Block("item", t["remedy"][r]) for r in chosen]
    else:
        b.append(Block("para", t["remedies_empty"]))
    b += [
        Block("para", t["deadline"].format(date=format_date(deadline, lang))),
        Block("para", t["closing"]),
        Block("para", t["signature"]),
        Block("notice", t["draft_notice"]),
    ]
    return Letter(
        lang=lang,
        situation=situation,
        jurisdiction=jurisdiction,
        channel=channel,
        articles=arts,
        blocks=tuple(b),
        deadline=deadline,
        remedies=chosen,
        evidence=tuple(e.id for e in evidence),
        act_date=act_date,
    )
