"""JSON Schema validation of a document, with every error turned into a located Problem.

The schemas come from the model layer (generated from the pydantic models, committed under
``schemas/``); this module only knows JSON Schema. All errors are collected
(``iter_errors``), not just the first; a failed union with a discriminator (``kind`` of a
stage, ``type`` of a field) reports the errors of the branch the document chose, and a plain
union the best match among its branches, as ``jsonschema.exceptions.best_match`` ranks them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from asn_competency.errors import Path, Problem, describe_value, did_you_mean
from asn_competency.files.document import Document

__all__ = ["schema_problems"]

_TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}

_RANGE = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
_LENGTH = {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}

_VALIDATORS: dict[int, Draft202012Validator] = {}


def _validator(schema: Mapping[str, Any]) -> Draft202012Validator:
    key = id(schema)
    validator = _VALIDATORS.get(key)
    if validator is None or validator.schema is not schema:
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        _VALIDATORS[key] = validator
    return validator


def _name(path: Path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return f"'{part}'"
    return "the document"


def _expected_types(spec: Any) -> str:
    types = spec if isinstance(spec, list) else [spec]
    return " or ".join(_TYPE_WORDS.get(t, t) for t in types)


def _branches(error: ValidationError) -> Iterator[ValidationError]:
    """For a failed discriminated union, the errors of the branch the document chose."""
    schema = error.schema
    disc = schema.get("discriminator") if isinstance(schema, dict) else None
    if not disc or not isinstance(error.instance, dict):
        return
    prop = disc["propertyName"]
    chosen = disc.get("mapping", {}).get(error.instance.get(prop))
    branches = schema.get("oneOf") or schema.get("anyOf") or []
    for index, branch in enumerate(branches):
        if branch.get("$ref") == chosen:
            yield from (e for e in error.context or () if e.relative_schema_path[0] == index)


def _problems(error: ValidationError) -> Iterator[Problem]:
    path: Path = tuple(error.absolute_path)
    name = _name(path)
    kind = error.validator
    value = error.instance
    if "propertyNames" in error.absolute_schema_path and isinstance(value, str):
        yield Problem(
            "schema.key",
            f"the key {value!r} in {name} is not valid: {error.message}",
            path=(*path, value),
            value=value,
        )
        return
    if kind in ("oneOf", "anyOf"):
        schema = error.schema if isinstance(error.schema, dict) else {}
        disc = schema.get("discriminator")
        if disc and isinstance(value, dict):
            prop = disc["propertyName"]
            choices = sorted(disc.get("mapping", {}))
            chosen = value.get(prop)
            if chosen not in disc.get("mapping", {}):
                yield Problem(
                    "schema.union" if prop in value else "schema.required",
                    (
                        f"unknown {prop} {describe_value(chosen)}; expected one of: "
                        if prop in value
                        else f"missing '{prop}'; it must be one of: "
                    )
                    + ", ".join(choices),
                    path=(*path, prop) if prop in value else path,
                    value=chosen,
                    hint=did_you_mean(chosen, choices) if isinstance(chosen, str) else None,
                )
                return
            for sub in _branches(error):
                yield from _problems(sub)
            return
        context = list(error.context or ())
        if context and all(e.validator == "type" and not e.absolute_path for e in context):
            expected = " or ".join(_expected_types(e.validator_value) for e in context)
            yield Problem(
                "schema.type",
                f"{name} must be {expected} (got {describe_value(value)})",
                path=path,
                value=value,
            )
            return
        best = best_match(context) if context else None
        if best is not None:
            yield from _problems(best)
            return
        yield Problem("schema.union", f"{name} matches none of the allowed shapes", path=path)
        return
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        for extra in (k for k in value if k not in allowed):
            yield Problem(
                "schema.unknown-field",
                f"unknown field {extra!r} in {name}"
                + (f"; allowed fields: {', '.join(allowed)}" if allowed else ""),
                path=(*path, extra),
                value=extra,
                hint=did_you_mean(extra, allowed),
            )
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.message)
        props = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        description = props.get(missing, {}).get("description")
        yield Problem(
            "schema.required",
            f"missing required field {missing!r} in {name}",
            path=path,
            hint=description,
        )
        return
    if kind == "type":
        yield Problem(
            "schema.type",
            f"{name} must be {_expected_types(error.validator_value)} "
            f"(got {describe_value(value)})",
            path=path,
            value=value,
        )
        return
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        yield Problem(
            "schema.enum",
            f"{name} must be one of: {', '.join(choices)} (got {describe_value(value)})",
            path=path,
            value=value,
            hint=did_you_mean(value, choices) if isinstance(value, str) else None,
        )
        return
    if kind == "const":
        yield Problem(
            "schema.const",
            f"{name} must be {error.validator_value!r} (got {describe_value(value)})",
            path=path,
            value=value,
        )
        return
    if kind in _RANGE:
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }
        yield Problem(
            "schema.range",
            f"{name} must be {words[str(kind)]} {error.validator_value} "
            f"(got {describe_value(value)})",
            path=path,
            value=value,
        )
        return
    if kind == "pattern":
        yield Problem(
            "schema.pattern",
            f"{name} must match the pattern {error.validator_value} (got {describe_value(value)})",
            path=path,
            value=value,
        )
        return
    if kind in _LENGTH:
        yield Problem("schema.length", f"{name}: {error.message}", path=path)
        return
    if kind == "format":
        yield Problem(
            "schema.format",
            f"{name} must be a valid {error.validator_value} "
            f"(e.g. 2024-08-19) (got {describe_value(value)})",
            path=path,
            value=value,
        )
        return
    if kind == "uniqueItems":
        yield Problem("schema.unique", f"{name} repeats an item", path=path)
        return
    yield Problem("schema.invalid", f"{name}: {error.message}", path=path, value=value)


def schema_problems(doc: Document, schema: Mapping[str, Any]) -> list[Problem]:
    """Every way ``doc`` breaks ``schema``, located in the source and in reading order."""
    problems = [
        doc.locate(problem)
        for error in _validator(schema).iter_errors(doc.data)
        for problem in _problems(error)
    ]
    unique = {(p.code, p.path, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.column or 0, p.message))
