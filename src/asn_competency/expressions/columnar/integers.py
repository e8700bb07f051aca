"""Exact integer columns: machine integers while their bounds prove it safe, Python ints beyond.

NumPy's ``int64`` arithmetic wraps around silently on overflow, so every operation here first
bounds its result from its operands' bounds (the largest absolute value each holds) and only
computes in ``int64`` when that bound is at most ``2**63 - 1``; otherwise both operands become
object arrays of Python integers, which never overflow (slower, still exact). A column's bound
is measured once, when first asked, and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["SAFE", "Ints", "Mask"]

#: The largest magnitude an ``int64`` holds.
SAFE = 2**63 - 1

#: A boolean column (one flag per row).
Mask = NDArray[np.bool_]


class Ints:
    """A column of exact integers: an ``int64`` array when every value fits, else an object
    array of Python ints (never a float)."""

    __slots__ = ("_bound", "array")

    def __init__(self, array: NDArray[Any], bound: int | None = None) -> None:
        if array.dtype not in (np.dtype(np.int64), np.dtype(object)):
            raise TypeError(f"integer columns are int64 or Python ints, not {array.dtype}")
        self.array = array
        self._bound = bound

    @staticmethod
    def of(values: Sequence[int]) -> Ints:
        """A column of the given Python integers (``int64`` when they all fit)."""
        bound = max((abs(v) for v in values), default=0)
        if bound <= SAFE:
            return Ints(np.array(values, dtype=np.int64), bound)
        array = np.empty(len(values), dtype=object)
        array[:] = list(values)
        return Ints(array, bound)

    @staticmethod
    def full(size: int, value: int) -> Ints:
        """``size`` copies of one integer."""
        if abs(value) <= SAFE:
            return Ints(np.full(size, value, dtype=np.int64), abs(value))
        array = np.empty(size, dtype=object)
        array.fill(value)
        return Ints(array, abs(value))

    @property
    def wide(self) -> bool:
        """Whether the values are held as Python ints (some operation could overflow)."""
        return bool(self.array.dtype == object)

    @property
    def bound(self) -> int:
        """The largest absolute value in the column (0 when empty)."""
        if self._bound is None:
            if len(self.array) == 0:
                self._bound = 0
            elif self.wide:
                self._bound = max(abs(int(v)) for v in self.array.tolist())
            else:
                low, high = int(self.array.min()), int(self.array.max())
                self._bound = max(-low, high)
        return self._bound

    def item(self, index: int) -> int:
        """Row ``index`` as a Python int."""
        return int(self.array[index])

    def objects(self) -> NDArray[Any]:
        """The values as an object array of Python ints."""
        return self.array if self.wide else self.array.astype(object)

    def __len__(self) -> int:
        return len(self.array)


def _pair(a: Ints, b: Ints, bound: int) -> tuple[NDArray[Any], NDArray[Any]]:
    """Both operands as ``int64`` when a result of this bound fits, else as Python ints."""
    if bound <= SAFE and not a.wide and not b.wide:
        return a.array, b.array
    return a.objects(), b.objects()


def add(a: Ints, b: Ints) -> Ints:
    """``a + b``, row by row."""
    x, y = _pair(a, b, a.bound + b.bound)
    return Ints(x + y)


def sub(a: Ints, b: Ints) -> Ints:
    """``a - b``, row by row."""
    x, y = _pair(a, b, a.bound + b.bound)
    return Ints(x - y)


def mul(a: Ints, b: Ints) -> Ints:
    """``a * b``, row by row."""
    x, y = _pair(a, b, a.bound * b.bound)
    return Ints(x * y)


def neg(a: Ints) -> Ints:
    """``-a`` (the bound is unchanged: an int64 column never holds ``-2**63``)."""
    return Ints(-a.array, a._bound)


def scale(a: Ints, factor: int) -> Ints:
    """``a * factor`` for one Python integer ``factor``."""
    if factor == 1:
        return a
    if a.bound * abs(factor) <= SAFE and not a.wide:
        return Ints(a.array * factor)
    return Ints(a.objects() * factor)


def times(a: Ints, factor: int | Ints) -> Ints:
    """``a * factor`` for a factor that is one integer or a column."""
    return scale(a, factor) if isinstance(factor, int) else mul(a, factor)


def floordiv(a: Ints, divisor: int | Ints) -> Ints:
    """``a // divisor`` (floor division, as Python's) for positive divisors."""
    if isinstance(divisor, int):
        if divisor == 1:
            return a
        if a.wide or divisor > SAFE:
            return Ints(a.objects() // divisor)
        return Ints(a.array // divisor)
    x, y = _pair(a, divisor, max(a.bound, divisor.bound))
    return Ints(x // y)


def gcd(a: Ints, b: Ints) -> Ints:
    """The greatest common divisor, row by row (never larger than either operand)."""
    x, y = _pair(a, b, max(a.bound, b.bound))
    return Ints(np.gcd(x, y))


def where(mask: Mask, a: Ints, b: Ints) -> Ints:
    """``a`` where ``mask`` holds, else ``b``."""
    x, y = _pair(a, b, max(a.bound, b.bound))
    return Ints(np.where(mask, x, y))


def compare(op: str, a: Ints, b: Ints) -> Mask:
    """``a op b`` row by row, for ``op`` one of ``== != < <= > >=``."""
    x, y = _pair(a, b, 0)
    if op == "==":
        result = x == y
    elif op == "!=":
        result = x != y
    elif op == "<":
        result = x < y
    elif op == "<=":
        result = x <= y
    elif op == ">":
        result = x > y
    elif op == ">=":
        result = x >= y
    else:
        raise ValueError(f"not an ordering comparison: {op!r}")
    return np.asarray(result, dtype=np.bool_)


def sign_test(op: str, a: Ints, value: int) -> Mask:
    """``a op value`` for one small integer ``value`` and ``op`` ``==`` or ``<`` (e.g.
    ``a < 0``, ``a == 0``)."""
    x = a.array
    if op == "==":
        result = x == value
    elif op == "<":
        result = x < value
    else:
        raise ValueError(f"not a sign test: {op!r}")
    return np.asarray(result, dtype=np.bool_)
