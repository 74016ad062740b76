"""Babel extraction method for the casebook's interface text (used by ``make catalogs`` and tests/test_i18n.py).

Babel's own ``python`` method reads tokens, and on Python 3.11 it does not look inside f-strings, where
many of the workbook's ``_()`` calls sit. This one walks the syntax tree, so it finds every
``_("...")``, ``N_("...")`` and ``ngettext("...", "...", n)`` wherever it is. Calls whose text is not a
literal (``_(str(exc))``) are left out: their text cannot be known before the program runs.

Declared in ``babel.cfg`` as ``[extractors] casebook = widgets.i18n_extract:extract``. Not imported by
``widgets`` at runtime, and it needs nothing from Babel itself.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any, cast

#: Function name -> how many leading literal arguments are messages.
ARITY = {"_": 1, "N_": 1, "gettext": 1, "ngettext": 2}


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, str | tuple[str | None, ...], list[str]]]:
    """Yield ``(lineno, funcname, message or (singular, plural), comments)`` in source order."""
    source = fileobj.read().decode(str(options.get("encoding", "utf-8")))
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        name = node.func.id
        if name not in keywords or name not in ARITY:
            continue
        args = node.args[: ARITY[name]]
        if len(args) < ARITY[name] or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            continue
        texts = tuple(str(cast(ast.Constant, a).value) for a in args)
        found.append((node.lineno, node.col_offset, name, texts[0] if len(texts) == 1 else (*texts, None)))
    for lineno, _col, name, message in sorted(found, key=lambda f: (f[0], f[1])):
        yield lineno, name, message, []
