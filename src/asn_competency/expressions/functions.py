"""The whitelist of functions a rule may call: pure, total on known inputs, exact.

| function | arguments | result |
|---|---|---|
| ``age_on(birth, on)`` | date, date | integer: whole years of age on ``on`` |
| ``years_between(start, end)`` | date, date | integer: whole years from ``start`` to ``end`` |
| ``min(x, y, ...)``, ``max(x, y, ...)`` | numbers | the smallest / largest |
| ``sum(x, y, ...)`` | numbers | their sum |
| ``count(c1, c2, ...)`` | booleans | how many are true |
| ``round(x, places, "mode")`` | number, integer literal, mode literal | decimal |
| ``date("YYYY-MM-DD")`` | string literal | that date |
| ``given(name)`` | a field or score name | true when it has a value, false if missing |

``given`` is the one function that is never unknown: it lets a rule say what a missing
optional value means (``not given(qualification) or qualification in formation.qualifications``)
instead of leaving the rule unknown.

Birthdays on 29 February: in a year without that day, the birthday is reached on 1 March,
not on 28 February (a person born on 2000-02-29 is 22 on 2023-02-28 and 23 on 2023-03-01).
This is the reading of "has reached the age of N" that never makes anyone older early; a
policy that needs the other reading writes it explicitly.

Rounding modes: ``half_up`` (0.5 away from zero), ``half_even``, ``half_down``, ``up`` (away
from zero), ``down`` (toward zero), ``ceiling``, ``floor``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["FUNCTIONS", "ROUNDING_MODES", "Signature", "age_on", "round_fraction"]

ROUNDING_MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "half_down": decimal.ROUND_HALF_DOWN,
    "up": decimal.ROUND_UP,
    "down": decimal.ROUND_DOWN,
    "ceiling": decimal.ROUND_CEILING,
    "floor": decimal.ROUND_FLOOR,
}


@dataclass(frozen=True, slots=True)
class Signature:
    """How a function is called: fixed argument kinds, or any number of one kind."""

    params: tuple[str, ...]
    variadic: str | None
    result: str
    text: str


FUNCTIONS: dict[str, Signature] = {
    "age_on": Signature(("date", "date"), None, "integer", "age_on(birth_date, date)"),
    "years_between": Signature(("date", "date"), None, "integer", "years_between(start, end)"),
    "min": Signature((), "number", "number", "min(x, y, ...)"),
    "max": Signature((), "number", "number", "max(x, y, ...)"),
    "sum": Signature((), "number", "number", "sum(x, y, ...)"),
    "count": Signature((), "boolean", "integer", "count(condition, ...)"),
    "round": Signature(("number", "integer", "mode"), None, "decimal", 'round(x, 2, "half_up")'),
    "date": Signature(("string",), None, "date", 'date("2024-08-19")'),
    "given": Signature(("any",), None, "boolean", "given(field)"),
}


def age_on(birth: dt.date, on: dt.date) -> int:
    """Whole years from ``birth`` to ``on`` (29 February birthdays: see the module docstring);
    negative when ``on`` is before ``birth``."""
    if on < birth:
        return -age_on(on, birth)
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def round_fraction(value: Fraction, places: int, mode: str) -> Fraction:
    """``value`` rounded to ``places`` decimal places with a named mode, exactly."""
    scaled = value * 10**places
    floor = scaled.numerator // scaled.denominator
    remainder = scaled - floor
    rounding = ROUNDING_MODES[mode]
    if remainder == 0:
        return Fraction(floor, 10**places)
    negative = scaled < 0
    away = floor + 1  # the integer above
    toward_floor = floor
    half = Fraction(1, 2)
    if rounding == decimal.ROUND_FLOOR:
        result = toward_floor
    elif rounding == decimal.ROUND_CEILING:
        result = away
    elif rounding == decimal.ROUND_DOWN:
        result = away if negative else toward_floor
    elif rounding == decimal.ROUND_UP:
        result = toward_floor if negative else away
    elif remainder != half:
        result = away if remainder > half else toward_floor
    elif rounding == decimal.ROUND_HALF_UP:
        result = toward_floor if negative else away
    elif rounding == decimal.ROUND_HALF_DOWN:
        result = away if negative else toward_floor
    else:  # half_even
        result = toward_floor if toward_floor % 2 == 0 else away
    return Fraction(result, 10**places)
