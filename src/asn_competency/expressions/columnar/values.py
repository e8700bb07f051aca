"""Columns: one value per row of one type, with a ``known`` mask (the reference's UNKNOWN).

- :class:`NumberColumn`: exact rationals, an integer numerator column over one common
  denominator (``int``) or over a denominator per row (a division made them); never a float.
- :class:`BooleanColumn`, :class:`DateColumn` (proleptic Gregorian ordinals),
  :class:`CodeColumn` (strings as indexes into a vocabulary).
- :class:`ListColumn`: a list per row (list fields), held as the reference holds them;
  :class:`ListLiteralColumn`: a list literal of the rule (``[a, "S1"]``), one column per item.

A row that is not ``known`` holds a placeholder (zero, the first code, 1970-01-01) that no
result depends on. :meth:`Column.value` gives row ``i`` exactly as the reference evaluator
holds it (``Fraction``, ``bool``, ``str``, ``date``, ``list`` or ``UNKNOWN``), and
:meth:`Column.of` builds a column from values as the reference reads them (``None`` is
missing; ``int``/``Decimal``/``Fraction`` numbers).
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from itertools import repeat
from typing import Any, Self, cast

import numpy as np
from numpy.typing import NDArray

from asn_competency.expressions.columnar import integers
from asn_competency.expressions.columnar.integers import Ints, Mask
from asn_competency.expressions.data import exact, plain
from asn_competency.expressions.evaluate import UNKNOWN, Value, rule_value
from asn_competency.expressions.types import RuleType

__all__ = [
    "BooleanColumn",
    "CodeColumn",
    "Column",
    "DateColumn",
    "Encoded",
    "ListColumn",
    "ListLiteralColumn",
    "NumberColumn",
]

#: The ordinal of 1970-01-01, NumPy's day zero, also the placeholder of unknown dates.
EPOCH = dt.date(1970, 1, 1).toordinal()
#: A common denominator larger than this is not worth sharing: rows keep their own.
_COMMON_DENOMINATOR_LIMIT = 10**18


def _missing(raw: object) -> bool:
    return raw is None or raw is UNKNOWN


def _mask(values: Sequence[object]) -> Mask:
    count = len(values)
    known = np.fromiter(map(operator.is_not, values, repeat(None)), dtype=np.bool_, count=count)
    if any(map(operator.is_, values, repeat(UNKNOWN))):
        known &= np.fromiter(
            map(operator.is_not, values, repeat(UNKNOWN)), dtype=np.bool_, count=count
        )
    return known


#: The types a column's values have when nothing is missing or unknown but the value itself.
_MISSING_TYPES = frozenset({type(None), type(UNKNOWN)})


def _distinct(values: Sequence[object], kinds: frozenset[type]) -> dict[object, None] | None:
    """The distinct values, in first-seen order, when every value is missing or of one of
    ``kinds`` (exactly: ``True`` is not taken for ``1``); ``None`` otherwise (the caller then
    looks at each value, and says what is wrong)."""
    if not set(map(type, values)) <= kinds | _MISSING_TYPES:
        return None
    try:
        return dict.fromkeys(values)
    except TypeError:  # a value that cannot be hashed (a signalling NaN)
        return None


@dataclass(frozen=True, eq=False)
class Encoded:
    """A column as records write it: row ``i`` is ``texts[index[i]]``, each distinct value
    written once (a million rows of a score hold a few hundred texts)."""

    texts: list[Any]
    index: NDArray[np.int64]

    def rows(self, start: int, stop: int) -> list[Any]:
        """Rows ``start`` to ``stop`` (excluded), written."""
        texts = self.texts
        return [texts[j] for j in self.index[start:stop].tolist()]


@dataclass(frozen=True, eq=False)
class Column(ABC):
    """One value per row, with the rows whose value is known."""

    known: Mask

    @property
    def size(self) -> int:
        """The number of rows."""
        return len(self.known)

    def value(self, index: int) -> Value:
        """Row ``index`` exactly as the reference evaluator would hold it."""
        if not self.known[index]:
            return UNKNOWN
        return self._known_value(index)

    @abstractmethod
    def _known_value(self, index: int) -> Value:
        """Row ``index``, known to be known."""

    def row_values(self) -> list[Value]:
        """Every row's :meth:`value`, in order (equal values may be one object: do not
        change a list item)."""
        return [self.value(i) for i in range(self.size)]

    def plain_values(self, start: int = 0, stop: int | None = None) -> list[Any]:
        """Rows ``start`` to ``stop`` as :func:`~asn_competency.expressions.data.plain` writes
        their values (null when unknown): what records hold."""
        return self.encoded.rows(start, self.size if stop is None else stop)

    @cached_property
    def encoded(self) -> Encoded:
        """The column as records write it, each distinct value written once."""
        return self._encode()

    def _encode(self) -> Encoded:
        texts = [plain(self.value(i)) for i in range(self.size)]
        return Encoded(texts, np.arange(self.size, dtype=np.int64))

    def _encoded_by(self, keys: NDArray[Any], write: Any) -> Encoded:
        """Each distinct key's known rows written by ``write(key)``, unknown rows as null."""
        distinct, inverse = np.unique(keys, return_inverse=True)
        return self._with_null([write(k) for k in distinct.tolist()], inverse)

    def _with_null(self, texts: list[Any], index: NDArray[Any]) -> Encoded:
        """``texts`` indexed by ``index``, the unknown rows pointing to a null added last."""
        index = index.astype(np.int64, copy=True)
        index[~self.known] = len(texts)
        return Encoded([*texts, None], index)

    def _by_distinct_value(self, keys: NDArray[Any], make: Any) -> list[Value]:
        """Rows made by ``make(key)`` once per distinct key, unknown rows as UNKNOWN."""
        distinct, inverse = np.unique(keys, return_inverse=True)
        made = [make(k) for k in distinct.tolist()]
        values: list[Value] = [made[j] for j in inverse.tolist()]
        for row in np.flatnonzero(~self.known).tolist():
            values[row] = UNKNOWN
        return values

    def with_known(self, known: Mask) -> Self:
        """The same values with another known mask (rows newly unknown keep placeholders)."""
        return replace(self, known=known)

    @staticmethod
    def of(values: Sequence[object], type: RuleType) -> Column:  # noqa: A002 (the brief's name)
        """A column of a rule type from values as the reference reads them (``None`` missing);
        :class:`TypeError` for a value the type cannot hold."""
        if type.numeric:
            return NumberColumn.from_values(values)
        if type.kind == "boolean":
            return BooleanColumn.from_values(values)
        if type.kind == "string":
            return CodeColumn.from_values(values)
        if type.kind == "date":
            return DateColumn.from_values(values)
        return ListColumn.from_values(values)

    @staticmethod
    def gathered(
        values: Sequence[object],
        index: NDArray[np.integer[Any]],
        type: RuleType,  # noqa: A002 (as in Column.of)
    ) -> Column:
        """``Column.of([values[k] for k in index], type)``, the same column, made from each
        value that ``index`` uses once (a million rows of a typed table hold a few hundred
        distinct values per field): the values taken in the order the rows first use them,
        then the rows gathered (rows of a list column that hold the same value share its
        list, which no reader changes: :meth:`ListColumn.value` gives a copy)."""
        used, first, inverse = np.unique(index, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # the used values in first-use order
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order), dtype=np.int64)
        once = Column.of([values[k] for k in used[order].tolist()], type)
        return once.take(rank[inverse.reshape(-1)])

    def take(self, rows: NDArray[np.int64]) -> Self:
        """The column of rows ``rows`` (positions, in order, repeats allowed)."""
        raise NotImplementedError(f"{type(self).__name__} cannot be gathered")

    @staticmethod
    def constant(value: object, type: RuleType, size: int) -> Column:  # noqa: A002
        """``size`` rows of one value (``None``: all unknown)."""
        if type.numeric:
            return NumberColumn.repeat(value, size)
        if type.kind == "boolean":
            return BooleanColumn.repeat(value, size)
        if type.kind == "string":
            return CodeColumn.repeat(value, size)
        if type.kind == "date":
            return DateColumn.repeat(value, size)
        return ListColumn.from_values([value] * size)


def _ratio(raw: object) -> tuple[int, int]:
    """An exact number's numerator and (positive) denominator."""
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | Fraction):
        raise TypeError(f"a number column holds int, Decimal or Fraction values, not {raw!r}")
    if isinstance(raw, Decimal):
        return raw.as_integer_ratio()
    return raw.numerator, raw.denominator


@dataclass(frozen=True, eq=False)
class NumberColumn(Column):
    """Exact rationals: row ``i`` is ``num[i] / den`` (one common denominator) or
    ``num[i] / den[i]``; denominators are positive, fractions not necessarily reduced."""

    num: Ints
    den: int | Ints

    @staticmethod
    def from_values(values: Sequence[object]) -> NumberColumn:
        """A number column from ints, Decimals and Fractions (``None``: unknown)."""
        known = _mask(values)
        kinds = set(map(type, values))
        if kinds <= {int, type(None)}:  # plain integers: the fast path
            whole = cast(
                "list[int]", [0 if v is None else v for v in values] if None in values else values
            )
            try:
                return NumberColumn(known, Ints(np.array(whole, dtype=np.int64)), 1)
            except OverflowError:
                return NumberColumn(known, Ints.of(whole), 1)
        distinct = _distinct(values, frozenset({int, Decimal, Fraction}))
        if distinct is None:  # a value that is not a number: _ratio says which
            ratios = [(0, 1) if _missing(v) else _ratio(v) for v in values]
        else:  # each distinct number's ratio once (equal numbers have equal reduced ratios)
            ratio = {v: (0, 1) if _missing(v) else _ratio(v) for v in distinct}
            ratios = list(map(ratio.__getitem__, values))
        common = math.lcm(*{d for _, d in ratios}) if ratios else 1
        if common == 1:
            return NumberColumn(known, Ints.of([n for n, _ in ratios]), 1)
        if common <= _COMMON_DENOMINATOR_LIMIT:
            return NumberColumn(known, Ints.of([n * (common // d) for n, d in ratios]), common)
        return NumberColumn(
            known, Ints.of([n for n, _ in ratios]), Ints.of([d for _, d in ratios])
        ).reduced()

    @staticmethod
    def repeat(value: object, size: int) -> NumberColumn:
        """``size`` rows of one number (``None``: unknown)."""
        if _missing(value):
            return NumberColumn(np.zeros(size, dtype=np.bool_), Ints.full(size, 0), 1)
        numerator, denominator = _ratio(value)
        return NumberColumn(np.ones(size, dtype=np.bool_), Ints.full(size, numerator), denominator)

    def _known_value(self, index: int) -> Value:
        den = self.den if isinstance(self.den, int) else self.den.item(index)
        return Fraction(self.num.item(index), den)

    def take(self, rows: NDArray[np.int64]) -> NumberColumn:
        """The column of rows ``rows``; each array's bound is found again from its rows, as
        :meth:`Ints.of` finds it."""
        den = self.den if isinstance(self.den, int) else Ints(self.den.array[rows])
        return NumberColumn(self.known[rows], Ints(self.num.array[rows]), den)

    def row_values(self) -> list[Value]:
        den = self.den
        if isinstance(den, int) and not self.num.wide:
            return self._by_distinct_value(self.num.array, lambda n: Fraction(n, den))
        return super().row_values()

    def _encode(self) -> Encoded:
        den = self.den
        if isinstance(den, int) and not self.num.wide:
            return self._encoded_by(self.num.array, lambda n: exact(Fraction(n, den)))
        return super()._encode()

    def denominators(self) -> Ints:
        """The denominator of every row, as a column."""
        return self.den if isinstance(self.den, Ints) else Ints.full(self.size, self.den)

    def reduced(self) -> NumberColumn:
        """The same numbers with per-row fractions reduced, and one common denominator when
        every row ends up with the same one."""
        if isinstance(self.den, int):
            return self
        divisor = integers.gcd(self.num, self.den)
        num, den = integers.floordiv(self.num, divisor), integers.floordiv(self.den, divisor)
        if len(den) and den.bound <= integers.SAFE and not den.wide:
            low, high = int(den.array.min()), int(den.array.max())
            if low == high:
                return NumberColumn(self.known, num, low)
        return NumberColumn(self.known, num, den)


@dataclass(frozen=True, eq=False)
class BooleanColumn(Column):
    """True/false values."""

    truth: Mask

    @staticmethod
    def from_values(values: Sequence[object]) -> BooleanColumn:
        """A boolean column from ``True``/``False`` (``None``: unknown)."""
        if not set(map(type, values)) <= {bool} | _MISSING_TYPES:
            for v in values:
                if not (_missing(v) or isinstance(v, bool)):
                    raise TypeError(f"a boolean column holds True or False, not {v!r}")
        truth = np.fromiter((v is True for v in values), dtype=np.bool_, count=len(values))
        return BooleanColumn(_mask(values), truth)

    @staticmethod
    def repeat(value: object, size: int) -> BooleanColumn:
        """``size`` rows of one truth value (``None``: unknown)."""
        if not (_missing(value) or isinstance(value, bool)):
            raise TypeError(f"a boolean column holds True or False, not {value!r}")
        known = np.full(size, not _missing(value), dtype=np.bool_)
        return BooleanColumn(known, np.full(size, value is True, dtype=np.bool_))

    def _known_value(self, index: int) -> Value:
        return bool(self.truth[index])

    def take(self, rows: NDArray[np.int64]) -> BooleanColumn:
        """The column of rows ``rows``."""
        return BooleanColumn(self.known[rows], self.truth[rows])

    def row_values(self) -> list[Value]:
        return [
            t if k else UNKNOWN
            for t, k in zip(self.truth.tolist(), self.known.tolist(), strict=True)
        ]

    def _encode(self) -> Encoded:
        return self._with_null([False, True], self.truth.astype(np.int64))


@dataclass(frozen=True, eq=False)
class CodeColumn(Column):
    """Strings (codes), each row an index into ``vocabulary``."""

    index: NDArray[np.int64]
    vocabulary: tuple[str, ...]

    @staticmethod
    def from_values(values: Sequence[object]) -> CodeColumn:
        """A string column (``None``: unknown)."""
        distinct = _distinct(values, frozenset({str}))
        if distinct is None:  # not only strings: each row looked at, the first stray told
            codes: dict[str, int] = {}
            index = np.zeros(len(values), dtype=np.int64)
            for row, v in enumerate(values):
                if _missing(v):
                    continue
                if not isinstance(v, str):
                    raise TypeError(f"a string column holds strings, not {v!r}")
                index[row] = codes.setdefault(v, len(codes))
            return CodeColumn(_mask(values), index, tuple(codes) or ("",))
        codes = {}
        for v in distinct:  # the vocabulary in first-seen order
            if not _missing(v):
                codes[cast("str", v)] = len(codes)
        position: dict[object, int] = {None: 0, UNKNOWN: 0}
        position.update(codes)
        index = np.fromiter(map(position.__getitem__, values), dtype=np.int64, count=len(values))
        return CodeColumn(_mask(values), index, tuple(codes) or ("",))

    @staticmethod
    def repeat(value: object, size: int) -> CodeColumn:
        """``size`` rows of one string (``None``: unknown)."""
        if not (_missing(value) or isinstance(value, str)):
            raise TypeError(f"a string column holds strings, not {value!r}")
        known = np.full(size, not _missing(value), dtype=np.bool_)
        return CodeColumn(known, np.zeros(size, dtype=np.int64), (str(value or ""),))

    def _known_value(self, index: int) -> Value:
        return self.vocabulary[int(self.index[index])]

    def take(self, rows: NDArray[np.int64]) -> CodeColumn:
        """The column of rows ``rows``, with the same vocabulary."""
        return CodeColumn(self.known[rows], self.index[rows], self.vocabulary)

    def _encode(self) -> Encoded:
        return self._with_null(list(self.vocabulary), self.index)

    def recoded(self, vocabulary: tuple[str, ...]) -> NDArray[np.int64]:
        """Each row's index into ``vocabulary``, which must hold every code of this column."""
        position = {code: i for i, code in enumerate(vocabulary)}
        mapping = np.array([position[c] for c in self.vocabulary], dtype=np.int64)
        return mapping[self.index]


@dataclass(frozen=True, eq=False)
class DateColumn(Column):
    """Dates as proleptic Gregorian ordinals (``date.toordinal()``)."""

    ordinal: NDArray[np.int64]

    @staticmethod
    def from_values(values: Sequence[object]) -> DateColumn:
        """A date column (``None``: unknown; a ``datetime`` is refused)."""
        distinct = _distinct(values, frozenset({dt.date}))
        if distinct is None:  # not only dates: each row looked at, the first stray told
            ordinals = np.full(len(values), EPOCH, dtype=np.int64)
            for row, v in enumerate(values):
                if _missing(v):
                    continue
                if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
                    raise TypeError(f"a date column holds dates, not {v!r}")
                ordinals[row] = v.toordinal()
            return DateColumn(_mask(values), ordinals)
        ordinal: dict[object, int] = {
            v: EPOCH if _missing(v) else cast("dt.date", v).toordinal() for v in distinct
        }
        found = np.fromiter(map(ordinal.__getitem__, values), dtype=np.int64, count=len(values))
        return DateColumn(_mask(values), found)

    @staticmethod
    def repeat(value: object, size: int) -> DateColumn:
        """``size`` rows of one date (``None``: unknown)."""
        if _missing(value):
            return DateColumn(np.zeros(size, dtype=np.bool_), np.full(size, EPOCH, np.int64))
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise TypeError(f"a date column holds dates, not {value!r}")
        return DateColumn(np.ones(size, dtype=np.bool_), np.full(size, value.toordinal(), np.int64))

    def _known_value(self, index: int) -> Value:
        return dt.date.fromordinal(int(self.ordinal[index]))

    def take(self, rows: NDArray[np.int64]) -> DateColumn:
        """The column of rows ``rows``."""
        return DateColumn(self.known[rows], self.ordinal[rows])

    def _encode(self) -> Encoded:
        return self._encoded_by(self.ordinal, lambda d: dt.date.fromordinal(d).isoformat())

    @cached_property
    def year_and_day(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Each row's year, and its month and day as ``100 * month + day`` (computed once)."""
        days = (self.ordinal - EPOCH).astype("datetime64[D]")
        months = days.astype("datetime64[M]")
        year = months.astype("datetime64[Y]").astype(np.int64) + 1970
        month = months.astype(np.int64) % 12 + 1
        day = (days - months).astype(np.int64) + 1
        return year, month * 100 + day


def _copy(value: Value) -> Value:
    return [_copy(v) for v in value] if isinstance(value, list) else value


@dataclass(frozen=True, eq=False)
class ListColumn(Column):
    """A list per row (list fields), items held as the reference holds them."""

    items: NDArray[Any]

    @staticmethod
    def from_values(values: Sequence[object]) -> ListColumn:
        """A list column from lists or tuples of raw values (``None``: unknown)."""
        items = np.empty(len(values), dtype=object)
        for row, v in enumerate(values):
            if not (_missing(v) or isinstance(v, list | tuple)):
                raise TypeError(f"a list column holds lists, not {v!r}")
            items[row] = rule_value(v)
        return ListColumn(_mask(values), items)

    def _known_value(self, index: int) -> Value:
        return _copy(self.items[index])

    def take(self, rows: NDArray[np.int64]) -> ListColumn:
        """The column of rows ``rows`` (rows taken from one row share its list)."""
        return ListColumn(self.known[rows], self.items[rows])

    @cached_property
    def flat(self) -> tuple[NDArray[np.int64], list[Value]]:
        """Every item of every known row: the row it belongs to, and the items in order."""
        owners: list[int] = []
        items: list[Value] = []
        for row in np.flatnonzero(self.known).tolist():
            values = self.items[row]
            owners.extend([row] * len(values))
            items.extend(values)
        return np.array(owners, dtype=np.int64), items

    @cached_property
    def unknown_items(self) -> Mask:
        """The rows whose list holds an unknown item (the reference's ``UNKNOWN in b``)."""
        owners, items = self.flat
        unknown = np.fromiter((v is UNKNOWN for v in items), dtype=np.bool_, count=len(items))
        return np.bincount(owners[unknown], minlength=self.size) > 0


@dataclass(frozen=True, eq=False)
class ListLiteralColumn(Column):
    """A list literal of a rule: always a list (even when an item is unknown), one column per
    item."""

    values: tuple[Column, ...]

    def _known_value(self, index: int) -> Value:
        return [item.value(index) for item in self.values]
