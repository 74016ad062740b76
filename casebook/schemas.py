"""The versioned JSON Schemas (casebook/schema/*.vN.json) and validation with line numbers.

A document is first checked with a validator compiled by fastjsonschema (fast to import and to run).
Only when that fails is jsonschema imported, to report every error with its path, and so its line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from .errors import Collector
from .yamlsrc import Located, dotted

LANGUAGE_TAGS = ("en", "zh-Hans", "zh-Hant", "ar")
KINDS = ("case", "translation", "statutes", "channels", "sources")
SUPPORTED_VERSIONS = (1,)


@cache
def schema(kind: str, version: int) -> dict[str, Any]:
    text = resources.files("casebook").joinpath("schema", f"{kind}.v{version}.json").read_text("utf-8")
    return dict(json.loads(text))


@cache
def fast_validator(kind: str, version: int) -> Callable[[Any], Any]:
    return fastjsonschema.compile(schema(kind, version))


@cache
def validator(kind: str, version: int) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # only to explain a document that failed

    s = schema(kind, version)
    Draft202012Validator.check_schema(s)
    return Draft202012Validator(s)


def _message(err: ValidationError) -> str:
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", "unknown field(s)")
    if err.validator == "oneOf" and err.schema.get("oneOf") and "en" in str(err.schema):
        inst = err.instance
        if isinstance(inst, dict):
            bad = [str(k) for k in inst if k not in LANGUAGE_TAGS]
            if bad:
                return (
                    f"unknown language tag(s) {', '.join(map(repr, bad))}: a text is a string or a mapping "
                    "of en, zh-Hans, zh-Hant, ar to strings (quote text that contains a comma or a colon)"
                )
            if "en" not in inst:
                return "English ('en') is required"
        return "must be text, or a mapping of language tags (en required) to text"
    if err.validator == "contains" and err.schema.get("contains") == {"const": "en"}:
        return "must include 'en' (English is required)"
    return err.message


def validate(kind: str, doc: Located, out: Collector) -> bool:
    """Validate ``doc`` against the schema its ``schema_version`` names. True when it is valid."""
    data: Any = doc.data
    if not isinstance(data, dict):
        out.add(doc.first_line, kind, "must be a YAML mapping of fields")
        return False
    version = data.get("schema_version")
    if version not in SUPPORTED_VERSIONS:
        out.add(
            doc.line_of(["schema_version"]),
            "schema_version",
            f"unsupported schema version {version!r} (supported: {', '.join(map(str, SUPPORTED_VERSIONS))})",
        )
        return False
    try:
        fast_validator(kind, version)(data)
    except fastjsonschema.JsonSchemaException:
        pass  # explained below, with every error and its line
    else:
        return True
    ok = True
    errors = sorted(validator(kind, version).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for err in errors:
        ok = False
        path = list(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = set(err.schema.get("properties", {}))
            for extra in sorted(str(k) for k in err.instance if k not in known):
                allowed = ", ".join(sorted(known))
                out.add(doc.line_of([*path, extra]), dotted([*path, extra]), f"unknown field (allowed here: {allowed})")
            continue
        if err.validator == "required":
            # name the missing field itself; the line is the mapping that lacks it
            missing = err.message.split("'")[1] if "'" in err.message else ""
            out.add(
                doc.line_of(path),
                dotted([*path, missing]) if missing else dotted(path) or kind,
                "required field is missing",
            )
            continue
        out.add(doc.line_of(path), dotted(path) or kind, _message(err))
    return ok
