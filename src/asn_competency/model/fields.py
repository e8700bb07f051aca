"""Field declarations: the typed columns a policy reads from candidates and formations.

A policy declares every candidate field its rules may read (``candidate_fields``), the extra
formation fields it needs (``formation_fields``) and, apart from both, the protected
attributes (``protected_attributes``: gender, religion, region of origin, disability, ...)
that feed fairness reports only and that no rule or criterion may read.

Each declaration is one of seven types, chosen by ``type``: ``integer``, ``decimal``,
``string``, ``enum``, ``date``, ``boolean`` and ``list`` (of strings or codes).

An enum may declare ``levels``, a whole number per code, to make its codes an ordered scale
(education levels on the KKNI scale): rules then order its values with ``<``, ``<=``, ``>``,
``>=`` by level, while ``==`` still compares the codes themselves, so two codes on one level
(D4 and S1) are different qualifications of the same level.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr

from asn_competency.errors import Path, Problem, describe_value
from asn_competency.model._base import ExactDecimal, Model, Text

__all__ = [
    "AnyField",
    "BooleanField",
    "DateField",
    "DecimalField",
    "EnumField",
    "FieldDecl",
    "IntegerField",
    "ListField",
    "ListItems",
    "StringField",
    "compile_pattern",
    "field_problems",
]


class _FieldBase(Model):
    description: Text | None = Field(default=None, description="What the field holds.")
    required: bool = Field(
        default=True,
        description="Whether every row must have a value. A row missing a required value is "
        "invalid input; an optional field without a default is 'unknown' when missing.",
    )


class IntegerField(_FieldBase):
    """A whole number, optionally bounded."""

    type: Literal["integer"] = Field(description="Always 'integer'.")
    minimum: StrictInt | None = Field(default=None, description="Smallest allowed value.")
    maximum: StrictInt | None = Field(default=None, description="Largest allowed value.")
    default: StrictInt | None = Field(default=None, description="Value used when missing.")


class DecimalField(_FieldBase):
    """An exact decimal number, optionally bounded and limited in decimal places."""

    type: Literal["decimal"] = Field(description="Always 'decimal'.")
    minimum: ExactDecimal | None = Field(default=None, description="Smallest allowed value.")
    maximum: ExactDecimal | None = Field(default=None, description="Largest allowed value.")
    places: int | None = Field(
        default=None, ge=0, le=12, description="Most decimal places a value may have."
    )
    default: ExactDecimal | None = Field(default=None, description="Value used when missing.")


class StringField(_FieldBase):
    """Free text, optionally constrained by a regular expression and a length."""

    type: Literal["string"] = Field(description="Always 'string'.")
    pattern: str | None = Field(
        default=None,
        description="Regular expression the whole value must match. Character classes are "
        "ASCII, as in JSON Schema: \\d is [0-9] and \\w is [A-Za-z0-9_] (full-width or "
        "Arabic-Indic digits do not match \\d).",
    )
    max_length: int | None = Field(default=None, ge=1, description="Most characters allowed.")
    default: StrictStr | None = Field(default=None, description="Value used when missing.")


class EnumField(_FieldBase):
    """One of a fixed list of codes."""

    type: Literal["enum"] = Field(description="Always 'enum'.")
    values: list[StrictStr] = Field(
        min_length=1, json_schema_extra={"uniqueItems": True}, description="The allowed codes."
    )
    levels: dict[StrictStr, StrictInt] | None = Field(
        default=None,
        description="A level (whole number) per code, making the codes an ordered scale: rules "
        "order values with <, <=, >, >= by level; == still compares codes. Every code needs one.",
    )
    default: StrictStr | None = Field(default=None, description="Value used when missing.")


class DateField(_FieldBase):
    """A calendar date (ISO 8601, e.g. 1998-02-28)."""

    type: Literal["date"] = Field(description="Always 'date'.")
    minimum: dt.date | None = Field(default=None, description="Earliest allowed date.")
    maximum: dt.date | None = Field(default=None, description="Latest allowed date.")
    default: dt.date | None = Field(default=None, description="Value used when missing.")


class BooleanField(_FieldBase):
    """True or false."""

    type: Literal["boolean"] = Field(description="Always 'boolean'.")
    default: StrictBool | None = Field(default=None, description="Value used when missing.")


class ListItems(Model):
    """What a list holds: free text, or codes of a fixed list (optionally with levels)."""

    type: Literal["string", "enum"] = Field(description="'string' or 'enum'.")
    values: list[StrictStr] | None = Field(
        default=None,
        json_schema_extra={"uniqueItems": True},
        description="With type enum: the allowed codes.",
    )


class ListField(_FieldBase):
    """Several strings or codes, e.g. the qualifications a formation accepts. In CSV the items
    are separated by ';' (``S-1 Ilmu Hukum; S-1 Hukum``); in JSON and YAML a list. An empty
    cell is a missing value; rules read the list with ``in`` (``x in formation.NAME``)."""

    type: Literal["list"] = Field(description="Always 'list'.")
    items: ListItems = Field(description="What each item is.")
    default: list[StrictStr] | None = Field(default=None, description="Value used when missing.")


FieldDecl = Annotated[
    IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField | ListField,
    Field(discriminator="type"),
]

NUMERIC_TYPES = frozenset({"integer", "decimal"})


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A string field's ``pattern`` as values are matched against it (whole value): with ASCII
    character classes, so that it means what it means in JSON Schema (ECMA-262), where ``\\d``
    is ``[0-9]``. In Python's default Unicode mode ``\\d`` also matches full-width and
    Arabic-Indic digits, so three spellings of one registration number would pass as three
    applicants. :class:`re.error` for a pattern that does not compile (``(?u)`` included)."""
    return re.compile(pattern, re.ASCII)


def _decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


AnyField = (
    IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField | ListField
)


def field_problems(decl: AnyField, path: Path) -> list[Problem]:
    """Bounds in the wrong order, a bad pattern, or a default its own field would refuse."""
    problems = []
    low: Any = getattr(decl, "minimum", None)
    high: Any = getattr(decl, "maximum", None)
    if low is not None and high is not None and low > high:
        problems.append(
            Problem(
                "field.bounds",
                f"minimum {low} is above maximum {high}",
                path=(*path, "minimum"),
                value=low,
            )
        )
    if isinstance(decl, StringField) and decl.pattern is not None:
        try:
            compile_pattern(decl.pattern)
        except re.error as exc:
            problems.append(
                Problem(
                    "field.pattern",
                    f"pattern is not a valid regular expression: {exc}",
                    path=(*path, "pattern"),
                    value=decl.pattern,
                )
            )
    if isinstance(decl, EnumField):
        seen: set[str] = set()
        for index, code in enumerate(decl.values):
            if code in seen:
                problems.append(
                    Problem(
                        "ref.duplicate-id",
                        f"enum value {code!r} is listed twice",
                        path=(*path, "values", index),
                        value=code,
                    )
                )
            seen.add(code)
        problems += _level_problems(decl, path)
    if isinstance(decl, ListField):
        problems += _items_problems(decl, path)
    default: Any = decl.default
    if default is None:
        return problems
    where = (*path, "default")
    if decl.required:
        problems.append(
            Problem(
                "field.default",
                "a required field cannot have a default: a default applies only when a value "
                "may be missing",
                path=where,
                value=default,
                hint="set 'required: false' or remove the default",
            )
        )
    reason = None
    if low is not None and default < low:
        reason = f"it is below the minimum {low}"
    elif high is not None and default > high:
        reason = f"it is above the maximum {high}"
    elif isinstance(decl, EnumField) and default not in decl.values:
        reason = f"it is not one of {', '.join(decl.values)}"
    elif isinstance(decl, ListField) and decl.items.values is not None:
        stray = [code for code in default if code not in decl.items.values]
        if stray:
            reason = f"{', '.join(map(repr, stray))} is not one of {', '.join(decl.items.values)}"
    elif (
        isinstance(decl, DecimalField)
        and decl.places is not None
        and _decimal_places(default) > decl.places
    ):
        reason = f"it has more than {decl.places} decimal places"
    elif isinstance(decl, StringField) and decl.max_length and len(default) > decl.max_length:
        reason = f"it is longer than {decl.max_length} characters"
    if reason:
        problems.append(
            Problem(
                "field.default",
                f"default {describe_value(default)} breaks its own field: {reason}",
                path=where,
                value=default,
            )
        )
    return problems


def _level_problems(decl: EnumField, path: Path) -> list[Problem]:
    """Levels, when given, name exactly the codes."""
    if decl.levels is None:
        return []
    problems = [
        Problem(
            "field.levels",
            f"code {code!r} has no level: with levels, every code needs one",
            path=(*path, "levels"),
            value=code,
        )
        for code in decl.values
        if code not in decl.levels
    ]
    problems += [
        Problem(
            "field.levels",
            f"levels names {code!r}, which is not one of the codes {', '.join(decl.values)}",
            path=(*path, "levels", code),
            value=code,
        )
        for code in decl.levels
        if code not in decl.values
    ]
    return problems


def _items_problems(decl: ListField, path: Path) -> list[Problem]:
    """An enum list names its codes; a string list names none."""
    items = decl.items
    if items.type == "enum" and not items.values:
        return [
            Problem(
                "field.items",
                "a list of type enum needs its codes in items.values",
                path=(*path, "items"),
            )
        ]
    if items.type == "string" and items.values is not None:
        return [
            Problem(
                "field.items",
                "a list of type string takes any text: use type enum to list codes",
                path=(*path, "items", "values"),
            )
        ]
    return []
