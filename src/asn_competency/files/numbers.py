"""How large a number may be: at most 40 digits before the decimal point and 40 after.

An exponent makes a short spelling of an enormous number: ``1e999999999`` has a billion
digits, so writing it out (the canonical form, a content hash) or comparing it exactly with a
fraction would exhaust memory or never end. Numbers are therefore bounded where they are read
(YAML values, literals in rules, numbers in JSON Lines tables), by the digits their plain
decimal spelling would have, however they are written. The bound is generous for real
policies: scores, weights and thresholds have a handful of digits, and money a dozen.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["MAX_DIGITS", "number_problem"]

#: The most digits a number may have before its decimal point, and the most after it.
MAX_DIGITS = 40

_LIMIT = 10**MAX_DIGITS


def _shown(value: int | Decimal | str) -> str:
    text = str(value) if not isinstance(value, int) or value.bit_length() < 200 else "an integer"
    return text if len(text) <= 40 else text[:37] + "..."


def number_problem(value: int | Decimal | str) -> str | None:
    """Why ``value`` is too large to accept (a message), or ``None`` when it is within the
    bounds. A string is the digits of an integer as written (sign and leading zeros allowed),
    checked before it is converted."""
    if isinstance(value, str):
        digits = value.lstrip("+-").lstrip("0")
        if len(digits) <= MAX_DIGITS:
            return None
        return f"the integer {_shown(value)} has {len(digits)} digits; the limit is {MAX_DIGITS}"
    if isinstance(value, int):
        if -_LIMIT < value < _LIMIT:
            return None
        return f"the integer {_shown(value)} has more than {MAX_DIGITS} digits"
    if not value.is_finite():
        return None  # not a size question: infinities and NaN are refused on their own
    _, figures, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - finite, checked above
        return None
    before = len(figures) + exponent
    after = -exponent
    if before > MAX_DIGITS:
        return (
            f"the number {_shown(value)} has {before} digits before the decimal point; the "
            f"limit is {MAX_DIGITS}"
        )
    if after > MAX_DIGITS:
        return (
            f"the number {_shown(value)} has {after} digits after the decimal point; the "
            f"limit is {MAX_DIGITS}"
        )
    return None
