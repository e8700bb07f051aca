"""Field declarations: the typed columns a policy reads from candidates and formations.

A policy declares every candidate field its rules may read (``candidate_fields``), the extra
formation fields it needs (``formation_fields``) and, apart from both, the protected
attributes (``protected_attributes``: gender, religion, region of origin, disability, ...)
that feed fairness reports only and that no rule or criterion may read.

Each declaration is one of six types, chosen by ``type``: ``integer``, ``decimal``,
``string``, ``enum``, ``date``, ``boolean``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr

from asn_competency.errors import Path, Problem, describe_value
from asn_competency.model._base import ExactDecimal, Model, Text

__all__ = [
    "BooleanField",
    "DateField",
    "DecimalField",
    "EnumField",
    "FieldDecl",
    "IntegerField",
    "StringField",
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
        default=None, description="Regular expression the whole value must match."
    )
    max_length: int | None = Field(default=None, ge=1, description="Most characters allowed.")
    default: StrictStr | None = Field(default=None, description="Value used when missing.")


class EnumField(_FieldBase):
    """One of a fixed list of codes."""

    type: Literal["enum"] = Field(description="Always 'enum'.")
    values: list[StrictStr] = Field(
        min_length=1, json_schema_extra={"uniqueItems": True}, description="The allowed codes."
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


FieldDecl = Annotated[
    IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField,
    Field(discriminator="type"),
]

NUMERIC_TYPES = frozenset({"integer", "decimal"})


def _decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


AnyField = IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField


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
            re.compile(decl.pattern)
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
