"""Helpers for values as written: decimals rounded within bounds, clamping, years added to a
date, weighted choices, a declared default as text, and whether a text fits a declaration."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from asn_competency.model import (
    BooleanField,
    DateField,
    DecimalField,
    EnumField,
    IntegerField,
    ListField,
    StringField,
)

AnyField = (
    IntegerField | DecimalField | StringField | EnumField | DateField | BooleanField | ListField
)

#: What separates the items of a list in a CSV cell (as the reader splits them).
LIST_SEPARATOR = "; "


def _decimal_text(value: Decimal, places: int) -> str:
    """``value`` rounded half-up to ``places`` and written in plain notation."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(abs(rounded) if rounded == 0 else rounded, "f")


def _bounded_decimal(value: float, low: Decimal, high: Decimal, places: int) -> str:
    exponent = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
    if rounded > high:
        rounded = high.quantize(exponent, rounding=ROUND_FLOOR)
    if rounded < low:
        rounded = low.quantize(exponent, rounding=ROUND_CEILING)
    return _decimal_text(rounded, places)


def _clamp(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


def _clamp_int(value: int, low: int | None, high: int | None) -> int:
    """``value`` within optional bounds."""
    if high is not None and value > high:
        value = high
    if low is not None and value < low:
        value = low
    return value


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([name for name, _ in table], weights=[w for _, w in table])[0]


def _text(value: object) -> str:
    """A declared default as written in a file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def _fits(decl: StringField | EnumField, value: str) -> bool:
    if isinstance(decl, EnumField):
        return value in decl.values
    if decl.max_length is not None and len(value) > decl.max_length:
        return False
    return decl.pattern is None or re.fullmatch(decl.pattern, value) is not None


def _first_fitting(decl: AnyField | None, spellings: list[str]) -> str:
    """The first spelling the declaration (a string field, or none) accepts."""
    if not isinstance(decl, StringField):
        return spellings[0]
    for spelling in spellings:
        if _fits(decl, spelling):
            return spelling
    raise ValueError(f"no id spelling fits the declaration (pattern {decl.pattern!r})")
