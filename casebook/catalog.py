"""The notebook series in teaching order, for the landing page and the progress overview.

Each notebook names itself in its metadata::

    "casebook": {"order": 1, "case": "dealership-insider"}            # a case notebook
    "casebook": {"order": 0, "title": "Start here", "description": "..."}  # any other notebook

A case notebook takes its title and description from the case file, so they are written once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import CasebookError
from .loader import load
from .registry import PACKAGE_DIR

NOTEBOOKS_DIR = PACKAGE_DIR.parent / "notebooks"


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the notebooks folder, with forward slashes
    order: int
    title: str
    description: str
    case: str | None = None
    audience: str = "trainee"  # or "trainer"


def _entry(nb_path: Path, root: Path, lang: str) -> Entry | None:
    try:
        meta = json.loads(nb_path.read_text("utf-8")).get("metadata", {}).get("casebook")
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("order"), int):
        return None
    rel = nb_path.relative_to(root).as_posix()
    slug = meta.get("case")
    title, description = str(meta.get("title", "")), str(meta.get("description", ""))
    if isinstance(slug, str):
        try:
            case = load(slug, lang)
        except CasebookError:
            return None  # a broken case is reported by `casebook check`, not by the landing page
        title, description = case.title.get(lang), case.summary.get(lang)
    return Entry(
        rel,
        meta["order"],
        title or nb_path.stem,
        description,
        slug if isinstance(slug, str) else None,
        str(meta.get("audience", "trainee")),
    )


def series(root: Path = NOTEBOOKS_DIR, lang: str = "en", audience: str | None = "trainee") -> list[Entry]:
    """The notebooks under ``root`` that declare themselves, in teaching order."""
    entries = [
        e
        for p in sorted(root.rglob("*.ipynb"))
        if ".ipynb_checkpoints" not in p.parts
        if (e := _entry(p, root, lang)) is not None
    ]
    if audience is not None:
        entries = [e for e in entries if e.audience == audience]
    return sorted(entries, key=lambda e: (e.order, e.path))
