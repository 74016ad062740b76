"""What the casebook covers: seeds used by cases, the law each seed cites, and historic citations.

Printed by ``casebook check --coverage``; also used by the tests to prove nothing is left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Case, Cite
from .registry import Registry


@dataclass
class Coverage:
    seeds: dict[str, list[str]] = field(default_factory=dict)  # seed file -> case ids
    seed_cites: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # seed -> (as written, id, status)
    not_in_force: dict[str, list[str]] = field(default_factory=dict)  # statute id -> case ids citing it

    def lines(self) -> list[str]:
        out = ["Seeds and the cases that use them:"]
        for seed, cases in self.seeds.items():
            out.append(f"  {seed}: {', '.join(cases) if cases else 'NOT USED'}")
        out.append("Law the seeds cite, and its registry entry today:")
        for seed, cites in self.seed_cites.items():
            for as_written, statute, status in cites:
                out.append(f"  {seed[:3]}  {as_written}  ->  {statute} ({status})")
        out.append("Cited articles that are not in force (taught as historic or unconfirmed):")
        for statute, cases in self.not_in_force.items():
            out.append(f"  {statute}: {', '.join(cases)}")
        return out


def _cites(case: Case) -> list[Cite]:
    cites: list[Cite] = []
    for q in case.quizzes:
        cites += q.cites
        for o in q.options:
            cites += o.cites
        for s in q.steps:
            for o in s.options:
                cites += o.cites
    return cites


def coverage(cases: list[Case], reg: Registry, roles: dict[str, set[str]] | None = None) -> Coverage:
    """``roles`` maps a case id to the statute ids its text cites with {cite}/{cite-old}."""
    cov = Coverage()
    for seed in reg.seeds:
        cov.seeds[seed] = [c.id for c in cases if any(s.seed == seed for s in c.sources)]
    for seed, info in reg.seeds.items():
        cov.seed_cites[seed] = [(w, sid, reg.status_note(sid)) for w, sid in info.cites if sid in reg.articles]
    historic: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        ids = {c.statute for c in _cites(case)} | (roles or {}).get(case.id, set())
        for sid in ids:
            if sid in reg.articles and reg.article(sid).status != "in_force":
                historic[sid].add(case.id)
    cov.not_in_force = {sid: sorted(cs) for sid, cs in sorted(historic.items())}
    return cov
