"""Exact arithmetic, comparison and rounding over :class:`NumberColumn`\\ s.

Each function computes the values of every row; the caller decides which rows are known (the
three-valued rules live in :mod:`.engine`), except where a rule of the reference is about
numbers: zero times unknown is zero (:func:`multiply`), and a division by zero is an error
of its row (:func:`divide`). Two columns over common denominators are aligned to their least
common multiple; otherwise fractions are cross-multiplied, so no result is ever rounded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from asn_competency.expressions.columnar import integers
from asn_competency.expressions.columnar.integers import Ints, Mask
from asn_competency.expressions.columnar.values import BooleanColumn, DateColumn, NumberColumn
from asn_competency.expressions.functions import ROUNDING_MODES

__all__ = [
    "add",
    "ages",
    "compare",
    "count",
    "divide",
    "extreme",
    "multiply",
    "negate",
    "round_to",
    "select",
    "subtract",
    "total",
]


def _den_product(a: int | Ints, b: int | Ints) -> int | Ints:
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    if isinstance(a, int):
        return integers.times(b, a)  # type: ignore[arg-type]
    return integers.times(a, b)


def _aligned(a: NumberColumn, b: NumberColumn) -> tuple[Ints, Ints, int] | None:
    """Both numerators over the least common multiple of two common denominators (``None``
    when a column has a denominator per row)."""
    if not (isinstance(a.den, int) and isinstance(b.den, int)):
        return None
    common = math.lcm(a.den, b.den)
    return integers.scale(a.num, common // a.den), integers.scale(b.num, common // b.den), common


def _sum(a: NumberColumn, b: NumberColumn, known: Mask, *, minus: bool) -> NumberColumn:
    combine = integers.sub if minus else integers.add
    aligned = _aligned(a, b)
    if aligned is not None:
        x, y, common = aligned
        return NumberColumn(known, combine(x, y), common)
    num = combine(integers.times(a.num, b.den), integers.times(b.num, a.den))
    return NumberColumn(known, num, _den_product(a.den, b.den)).reduced()


def add(a: NumberColumn, b: NumberColumn) -> NumberColumn:
    """``a + b``: known where both are."""
    return _sum(a, b, a.known & b.known, minus=False)


def subtract(a: NumberColumn, b: NumberColumn) -> NumberColumn:
    """``a - b``: known where both are."""
    return _sum(a, b, a.known & b.known, minus=True)


def negate(a: NumberColumn) -> NumberColumn:
    """``-a``."""
    return NumberColumn(a.known, integers.neg(a.num), a.den)


def multiply(a: NumberColumn, b: NumberColumn) -> NumberColumn:
    """``a * b``: known where both are, and also where either is a known zero (zero times any
    number, known or not, is zero: evaluate.py's module docstring)."""
    zero = (a.known & integers.sign_test("==", a.num, 0)) | (
        b.known & integers.sign_test("==", b.num, 0)
    )
    known = (a.known & b.known) | zero
    num = integers.where(zero, Ints.full(a.size, 0), integers.mul(a.num, b.num))
    result = NumberColumn(known, num, _den_product(a.den, b.den))
    return result.reduced()


def divide(a: NumberColumn, b: NumberColumn) -> tuple[NumberColumn, Mask]:
    """``a / b`` and the rows that divide a known number by a known zero (the reference raises
    ``expr.division-by-zero`` for them); those rows are unknown in the result."""
    valid = a.known & b.known
    zero = valid & integers.sign_test("==", b.num, 0)
    ok = valid & ~zero
    num = integers.times(a.num, b.den)
    den = integers.times(b.num, a.den)
    negative = integers.sign_test("<", b.num, 0)
    num = integers.where(negative, integers.neg(num), num)
    den = integers.where(negative, integers.neg(den), den)
    num = integers.where(ok, num, Ints.full(a.size, 0))
    den = integers.where(ok, den, Ints.full(a.size, 1))
    return NumberColumn(ok, num, den).reduced(), zero


def compare(op: str, a: NumberColumn, b: NumberColumn) -> Mask:
    """``a op b`` for every row (``op`` one of ``== != < <= > >=``), exactly."""
    aligned = _aligned(a, b)
    if aligned is not None:
        x, y, _ = aligned
        return integers.compare(op, x, y)
    return integers.compare(op, integers.times(a.num, b.den), integers.times(b.num, a.den))


def select(mask: Mask, a: NumberColumn, b: NumberColumn, known: Mask) -> NumberColumn:
    """``a`` where ``mask`` holds, else ``b``; known where ``known`` says."""
    aligned = _aligned(a, b)
    if aligned is not None:
        x, y, common = aligned
        return NumberColumn(known, integers.where(mask, x, y), common)
    num = integers.where(mask, a.num, b.num)
    den = integers.where(mask, a.denominators(), b.denominators())
    return NumberColumn(known, num, den).reduced()


def extreme(columns: Sequence[NumberColumn], *, smallest: bool) -> NumberColumn:
    """``min(...)`` or ``max(...)`` of the columns: known where all are."""
    known = np.logical_and.reduce([c.known for c in columns])
    best = columns[0]
    for column in columns[1:]:
        better = compare("<" if smallest else ">", column, best)
        best = select(better, column, best, known)
    return NumberColumn(known, best.num, best.den)


def total(columns: Sequence[NumberColumn]) -> NumberColumn:
    """``sum(...)`` of the columns: known where all are."""
    result = columns[0]
    for column in columns[1:]:
        result = add(result, column)
    return result


def round_to(a: NumberColumn, places: int, mode: str) -> NumberColumn:
    """``round(a, places, mode)`` exactly as :func:`~.functions.round_fraction`."""
    if mode not in ROUNDING_MODES:
        raise ValueError(f"not a rounding mode: {mode!r}")
    scaled = integers.scale(a.num, 10**places)
    floor = integers.floordiv(scaled, a.den)
    remainder = integers.sub(scaled, integers.times(floor, a.den))  # 0 <= remainder < den
    exact = integers.sign_test("==", remainder, 0)
    negative = integers.sign_test("<", scaled, 0)
    twice = integers.scale(remainder, 2)
    above = integers.compare(">", twice, a.denominators())
    half = integers.compare("==", twice, a.denominators())
    if mode == "floor":
        up = np.zeros(a.size, dtype=np.bool_)
    elif mode == "ceiling":
        up = np.ones(a.size, dtype=np.bool_)
    elif mode == "down":
        up = negative
    elif mode == "up":
        up = ~negative
    else:
        if mode == "half_up":
            tie = ~negative
        elif mode == "half_down":
            tie = negative
        else:
            tie = np.asarray(floor.array % 2 != 0, dtype=np.bool_)
        up = np.where(half, tie, above)
    up = up & ~exact
    result = integers.where(up, integers.add(floor, Ints.full(a.size, 1)), floor)
    return NumberColumn(a.known, result, 10**places)


def ages(birth: DateColumn, on: DateColumn) -> NumberColumn:
    """``age_on(birth, on)``: whole years, negative when ``on`` is before ``birth``; a 29
    February birthday is reached on 1 March in other years (functions.py's docstring)."""
    known = birth.known & on.known
    birth_year, birth_day = birth.year_and_day
    on_year, on_day = on.year_and_day
    forward = on_year - birth_year - (on_day < birth_day)
    backward = on_year - birth_year + (birth_day < on_day)
    years = np.where(on.ordinal >= birth.ordinal, forward, backward).astype(np.int64)
    return NumberColumn(known, Ints(years), 1)


def count(flags: Sequence[BooleanColumn]) -> NumberColumn:
    """``count(...)``: how many are true, known where all are."""
    known = np.logical_and.reduce([f.known for f in flags])
    trues = np.sum([f.truth.astype(np.int64) for f in flags], axis=0, dtype=np.int64)
    return NumberColumn(known, Ints(np.asarray(trues, dtype=np.int64)), 1)
