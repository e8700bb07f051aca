"""Dated parameters: a value that changes with the law, each value citing its legal basis.

After OpenFisca's parameters: ``values`` is keyed by ISO date; the value in force at an as-of
date is the one with the latest start on or before that date; a ``null`` value ends the
parameter; asking for a date with no value in force is an error naming the parameter and date.

.. code-block:: yaml

    skd_min_tkp:
      description: {id: Nilai ambang batas TKP, en: TKP passing grade}
      type: integer
      values:
        "2021-07-01": {value: 166, reference: kepmenpanrb-1023-2021}
        "2024-08-19": {value: 166, reference: kepmenpanrb-321-2024}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, model_validator

from asn_competency.errors import ParameterError, Path, Problem, describe_value
from asn_competency.model._base import ExactDecimal, Identifier, Model, Text

__all__ = ["Parameter", "ParameterType", "ParameterValue", "ResolvedParameter"]

ParameterType = Literal["integer", "decimal", "string", "boolean", "date"]

#: Strict members, so that a quoted "65" stays a string and a type mismatch is reported
#: rather than coerced. Dates arrive as ISO strings and are parsed when the type is 'date'.
Scalar = (
    StrictBool
    | StrictInt
    | Annotated[ExactDecimal, Field(strict=True)]
    | Annotated[dt.date, Field(strict=True)]
    | StrictStr
)


class ParameterValue(Model):
    """One dated value of a parameter and its legal basis."""

    value: Annotated[Scalar, Field(union_mode="left_to_right")] = Field(
        description="The value from this date on (an ISO date string for type 'date')."
    )
    reference: Identifier = Field(description="Id of the legal basis in `references`.")
    note: str | None = Field(default=None, description="Remarks, e.g. how sure the value is.")


@dataclass(frozen=True, slots=True)
class ResolvedParameter:
    """A parameter's value at an as-of date, with the date it took effect and its basis."""

    name: str
    value: bool | int | Decimal | str | dt.date
    effective_from: dt.date
    reference: str


def _matches(kind: ParameterType, value: object) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "decimal":
        return isinstance(value, Decimal | int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, dt.date)
    return isinstance(value, str)


def _with_date(entry: object) -> object:
    """An entry whose ISO date string value is parsed; anything else is left for the checks."""
    if isinstance(entry, dict) and isinstance(entry.get("value"), str):
        try:
            return {**entry, "value": dt.date.fromisoformat(entry["value"])}
        except ValueError:
            return entry  # a string that is not a date: reported by problems_at
    return entry


class Parameter(Model):
    """A named value of the policy that changes over time."""

    description: Text = Field(description="What the parameter is.")
    type: ParameterType = Field(description="Type every value must have.")
    unit: str | None = Field(default=None, description="Unit, e.g. 'points' or 'years'.")
    values: dict[dt.date, ParameterValue | None] = Field(
        min_length=1,
        description="Values keyed by the ISO date they take effect; null ends the parameter.",
    )

    @model_validator(mode="before")
    @classmethod
    def _parse_dates(cls, data: object) -> object:
        if not isinstance(data, dict) or data.get("type") != "date":
            return data
        values = data.get("values")
        if not isinstance(values, dict):
            return data
        return {**data, "values": {start: _with_date(entry) for start, entry in values.items()}}

    def at(self, name: str, as_of: dt.date) -> ResolvedParameter:
        """The value in force on ``as_of``; :class:`ParameterError` if there is none."""
        starts = sorted(d for d in self.values if d <= as_of)
        entry = self.values[starts[-1]] if starts else None
        if entry is None:
            reason = (
                f"it starts on {min(self.values).isoformat()}"
                if not starts
                else f"it ended on {starts[-1].isoformat()}"
            )
            raise ParameterError(
                Problem(
                    "param.no-value",
                    f"parameter {name!r} has no value in force on {as_of.isoformat()}: {reason}",
                    path=("parameters", name, "values"),
                    value=as_of.isoformat(),
                )
            )
        return ResolvedParameter(name, entry.value, starts[-1], entry.reference)

    def problems_at(self, path: Path) -> list[Problem]:
        """Values whose type differs from the declared ``type``."""
        return [
            Problem(
                "param.type",
                f"value must be of type {self.type} (got {describe_value(entry.value)})",
                path=(*path, "values", start.isoformat(), "value"),
                value=entry.value,
            )
            for start, entry in sorted(self.values.items())
            if entry is not None and not _matches(self.type, entry.value)
        ]
