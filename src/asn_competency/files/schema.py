"""JSON Schema validation of a document, with every error turned into a located Problem.

The schemas come from the model layer (generated from the pydantic models, committed under
``schemas/``); this module only knows JSON Schema. All errors are collected
(``iter_errors``), not just the first; a failed union with a discriminator (``kind`` of a
stage, ``type`` of a field) reports the errors of the branch the document chose, and a plain
union the best match among its branches, as ``jsonschema.exceptions.best_match`` ranks them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from asn_competency.errors import Path, Problem, describe_value, did_you_mean
from asn_competency.files.document import SourceDocument

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
    return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in types)


def _branches(error: ValidationError) -> Iterator[ValidationError]:
    """For a failed discriminated union, the errors of the branch the document chose."""
    schema = _schema(error)
    disc = schema.get("discriminator", {})
    instance: Any = error.instance
    value = instance.get(disc.get("propertyName"))
    chosen = disc.get("mapping", {}).get(value) if isinstance(value, str) else None
    for index, branch in enumerate(schema.get("oneOf") or schema.get("anyOf") or []):
        if branch.get("$ref") == chosen:
            yield from (e for e in error.context or () if e.relative_schema_path[0] == index)


def _schema(error: ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


# Each handler turns one jsonschema error into problems; ``path`` is where it stands and
# ``name`` the field's name as messages show it.
Handler = Callable[[ValidationError, Path, str], Iterator[Problem]]


def _union(error: ValidationError, path: Path, name: str) -> Iterator[Problem]:
    value = error.instance
    disc = _schema(error).get("discriminator")
    if disc and isinstance(value, dict):
        prop = disc["propertyName"]
        mapping = disc.get("mapping", {})
        chosen = value.get(prop)
        if isinstance(chosen, str) and chosen in mapping:
            for sub in _branches(error):
                yield from _problems(sub)
            return
        choices = sorted(mapping)
        if prop not in value:
            yield Problem(
                "schema.required",
                f"missing '{prop}' in {name}; it must be one of: {', '.join(choices)}",
                path=path,
            )
            return
        yield Problem(
            "schema.union",
            f"unknown {prop} {describe_value(chosen)}; expected one of: {', '.join(choices)}",
            path=(*path, prop),
            value=chosen,
            hint=did_you_mean(chosen, choices) if isinstance(chosen, str) else None,
        )
        return
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    # A branch refused only because the value has another type at this very place (the
    # 'null' of an optional field, say) says nothing useful; the others say what is wrong.
    wrong_type = {
        index
        for index, errors in branches.items()
        if all(e.validator == "type" and not e.relative_path for e in errors)
    }
    candidates = [errors for index, errors in sorted(branches.items()) if index not in wrong_type]
    if len(candidates) == 1:
        for sub in candidates[0]:
            yield from _problems(sub)
        return
    if candidates:
        yield from _problems(best_match(e for errors in candidates for e in errors))
        return
    if branches:
        expected = " or ".join(
            _expected_types(errors[0].validator_value) for _, errors in sorted(branches.items())
        )
        yield Problem(
            "schema.type",
            f"{name} must be {expected} (got {describe_value(value)})",
            path=path,
            value=value,
        )
        return
    yield Problem("schema.union", f"{name} matches none of the allowed shapes", path=path)


def _unknown_fields(error: ValidationError, path: Path, name: str) -> Iterator[Problem]:
    allowed = list(_schema(error).get("properties", {}))
    instance: Any = error.instance
    for extra in (k for k in instance if k not in allowed):
        yield Problem(
            "schema.unknown-field",
            f"unknown field {extra!r} in {name}"
            + (f"; allowed fields: {', '.join(allowed)}" if allowed else ""),
            path=(*path, extra),
            value=extra,
            hint=did_you_mean(extra, allowed),
        )


def _required(error: ValidationError, path: Path, name: str) -> Iterator[Problem]:
    missing = error.message.split("'")[1] if "'" in error.message else error.message
    description = _schema(error).get("properties", {}).get(missing, {}).get("description")
    yield Problem(
        "schema.required",
        f"missing required field {missing!r} in {name}",
        path=path,
        hint=f"{missing}: {description}" if description else None,
    )


def _type(error: ValidationError, path: Path, name: str) -> Iterator[Problem]:
    yield Problem(
        "schema.type",
        f"{name} must be {_expected_types(error.validator_value)} "
        f"(got {describe_value(error.instance)})",
        path=path,
        value=error.instance,
    )


def _enum(error: ValidationError, path: Path, name: str) -> Iterator[Problem]:
    options: Any = error.validator_value
    choices = [str(c) for c in options]
    value = error.instance
    yield Problem(
        "schema.enum",
        f"{name} must be one of: {', '.join(choices)} (got {describe_value(value)})",
        path=path,
        value=value,
        hint=did_you_mean(value, choices) if isinstance(value, str) else None,
    )


def _simple(code: str, template: str) -> Handler:
    """A handler whose message is ``template`` filled with name, expected and got."""

    def handle(error: ValidationError, path: Path, name: str) -> Iterator[Problem]:
        yield Problem(
            code,
            template.format(
                name=name,
                expected=error.validator_value,
                got=describe_value(error.instance),
                message=error.message,
            ),
            path=path,
            value=error.instance if not isinstance(error.instance, dict | list) else None,
        )

    return handle


_HANDLERS: dict[str, Handler] = {
    "oneOf": _union,
    "anyOf": _union,
    "additionalProperties": _unknown_fields,
    "required": _required,
    "type": _type,
    "enum": _enum,
    "const": _simple("schema.const", "{name} must be {expected!r} (got {got})"),
    "minimum": _simple("schema.range", "{name} must be at least {expected} (got {got})"),
    "maximum": _simple("schema.range", "{name} must be at most {expected} (got {got})"),
    "exclusiveMinimum": _simple("schema.range", "{name} must be more than {expected} (got {got})"),
    "exclusiveMaximum": _simple("schema.range", "{name} must be less than {expected} (got {got})"),
    "pattern": _simple("schema.pattern", "{name} must match the pattern {expected} (got {got})"),
    "format": _simple(
        "schema.format", "{name} must be a valid {expected}, e.g. 2024-08-19 (got {got})"
    ),
    "uniqueItems": _simple("schema.unique", "{name} repeats an item"),
    **{
        keyword: _simple("schema.length", "{name}: {message}")
        for keyword in (
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
        )
    },
}


def _problems(error: ValidationError) -> Iterator[Problem]:
    path: Path = tuple(error.absolute_path)
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        yield Problem(
            "schema.key",
            f"the key {error.instance!r} in {_name(path)} is not valid: {error.message}",
            path=(*path, error.instance),
            value=error.instance,
        )
        return
    handler = _HANDLERS.get(str(error.validator), _simple("schema.invalid", "{name}: {message}"))
    yield from handler(error, path, _name(path))


def schema_problems(doc: SourceDocument, schema: Mapping[str, Any]) -> list[Problem]:
    """Every way ``doc`` breaks ``schema``, located in the source and in reading order."""
    problems = [
        doc.locate(problem)
        for error in _validator(schema).iter_errors(doc.data)
        for problem in _problems(error)
    ]
    unique = {(p.code, p.path, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.column or 0, p.message))
