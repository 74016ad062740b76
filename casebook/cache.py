"""A cache of validated content, so that a notebook's kernel loads a case in milliseconds without
importing the parser, YAML or the schema validators.

The key hashes every source file of the casebook package (code, cases, registries, schemas) and the
Python version: any edit makes a new key, and the content is read and checked again. The cache lives in
the user's cache folder (``$CASEBOOK_CACHE`` overrides it; ``off`` disables it). A file that cannot be
read back is ignored and rebuilt. ``casebook check`` never uses it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from platformdirs import user_cache_dir

PACKAGE_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


@cache
def content_key() -> str:
    """A hash of every source file of the package and of the Python version."""
    h = hashlib.sha256(sys.version.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".md", ".yaml", ".json"):
            h.update(str(path.relative_to(PACKAGE_DIR)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:24]


def folder() -> Path | None:
    env = os.environ.get("CASEBOOK_CACHE")
    if env == "off":
        return None
    return Path(env) if env else Path(user_cache_dir("data-rights-casebook", appauthor=False))


def cached(name: str, build: Callable[[], T]) -> T:
    """``build()``'s value, from the cache when this version of the content was built before."""
    where = folder()
    if where is None:
        return build()
    path = where / f"{name}-{content_key()}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # missing, or written by another version: build it again
        pass
    value = build()
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in where.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the content was built, just not kept
    return value
