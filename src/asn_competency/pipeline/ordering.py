"""Orderings of candidates: tie-break chains, shortlists with ties at the cut, quotas.

An ordering is a chain of keys (``OrderKey``): each a formula with a direction, or a code
key whose codes are listed in priority order (PPPK priority groups). Two candidates are tied
when every key gives them equal values; values are exact, so equal means mathematically
equal. For each candidate the ordering records the key that separated them from the
candidate after them (``decided_by``), so a committee can see which tie-break mattered: the
key's position in the ordering (0 for the first), which the policy names in either language.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from asn_competency.expressions import UNKNOWN
from asn_competency.model import OrderKey

__all__ = ["Ranked", "rank", "sort_key", "ties"]


@dataclass(frozen=True, slots=True)
class Ranked:
    """A candidate's place in an ordering of one formation."""

    candidate: str
    position: int  # 1-based place in the sorted order
    rank: int  # 1 + number of candidates strictly ahead (ties share a rank)
    values: tuple[Any, ...]
    decided_by: int | None  # the key (its position) that separated this one from the next
    behind_by: int | None = None  # the key that separated the one before from this one


def _key_value(key: OrderKey, value: Any) -> Any:
    """A value turned into something that sorts ascending in the key's intended order; an
    unknown value sorts after every known one."""
    if value is UNKNOWN:
        return _UNKNOWN_KEY
    return (0, _known_value(key, value))


#: An unknown value's sort key: after every known value's ``(0, …)``.
_UNKNOWN_KEY = (1,)


def _known_value(key: OrderKey, value: Any) -> Any:
    """A known value as it sorts ascending under ``key``. A whole number held as a fraction
    sorts as the ``int`` it equals (the same comparisons, made natively: most scores are
    whole); a descending number by its negation."""
    if key.codes is not None:
        return key.codes.index(value) if value in key.codes else len(key.codes)
    kind = type(value)
    if kind is Fraction and value.denominator == 1:
        value, kind = value.numerator, int
    if key.direction == "asc":
        return value
    if kind is int or kind is Fraction or isinstance(value, _NUMBERS):
        return -value
    if isinstance(value, dt.date):
        return -value.toordinal()
    if isinstance(value, str):  # descending strings: invert every code point
        return (*tuple(-ord(ch) for ch in value), 1)
    return value


_NUMBERS = (int, Fraction)


def sort_key(keys: Sequence[OrderKey], values: Sequence[Any]) -> tuple[Any, ...]:
    """The tuple by which a candidate sorts (ascending) under the chain of keys."""
    return tuple([_key_value(k, v) for k, v in zip(keys, values, strict=True)])


def _differ(key: OrderKey, x: Any, y: Any) -> bool:
    """Whether two known values differ under a key (two numbers: whether they are unequal,
    as their sort values are)."""
    if key.codes is None and isinstance(x, _NUMBERS) and isinstance(y, _NUMBERS):
        return bool(x != y)
    return bool(_known_value(key, x) != _known_value(key, y))


def ties(keys: Sequence[OrderKey], a: Sequence[Any], b: Sequence[Any]) -> bool:
    """Whether the chain cannot separate two candidates: equal on every key, or unknown on a
    key before any key separates them (an unknown value cannot be ordered)."""
    for key, x, y in zip(keys, a, b, strict=True):
        if x is UNKNOWN or y is UNKNOWN:
            return True
        if _differ(key, x, y):
            return False
    return True


def _separating(a: tuple[Any, ...] | None, b: tuple[Any, ...] | None) -> int | None:
    """The position of the first key on which two neighbours' sort keys differ (None if none
    does, or if one is unknown before they differ: an unknown value cannot be ordered)."""
    if a is None or b is None:
        return None
    for index, (x, y) in enumerate(zip(a, b, strict=True)):
        if x is _UNKNOWN_KEY or y is _UNKNOWN_KEY:
            return None
        if x != y:
            return index
    return None


#: From how many candidates :func:`rank` sorts a key's fractions as integers (below, making
#: the integers costs more than the comparisons they save).
_SCALE_FROM = 16
#: The largest common denominator (in bits) a key's fractions are scaled by.
_SCALE_BITS = 256


def _scaled(keyed: list[tuple[Any, ...]], width: int) -> list[tuple[Any, ...]]:
    """The sort keys with each key's fractions scaled to integers over their common
    denominator (when every known value of the key is a number): the same order and the same
    equalities, compared natively instead of fraction by fraction."""
    columns = [list(column) for column in zip(*keyed, strict=True)] if keyed else []
    for index in range(width):
        column = columns[index]
        known = [k[1] for k in column if k is not _UNKNOWN_KEY]
        if not all(type(x) is int or type(x) is Fraction for x in known):
            continue
        denominators = {x.denominator for x in known if type(x) is Fraction}
        if not denominators:
            continue
        common = math.lcm(*denominators)
        if common.bit_length() > _SCALE_BITS:
            continue
        columns[index] = [
            k
            if k is _UNKNOWN_KEY
            else (
                0,
                k[1] * common
                if type(k[1]) is int
                else k[1].numerator * (common // k[1].denominator),
            )
            for k in column
        ]
    return list(zip(*columns, strict=True)) if columns else keyed


def rank(values: Mapping[str, tuple[Any, ...]], keys: Sequence[OrderKey]) -> list[Ranked]:
    """The candidates (id → values under the keys) in order, best first.

    Candidates the chain cannot separate sort by id only to make the listing stable: they
    share a rank, and ``decided_by`` is ``None`` between them. Each candidate's sort key is
    made once; neighbours are told apart on those keys (two known values differ exactly when
    their sort values do).
    """
    keyed = [sort_key(keys, v) for v in values.values()]
    if len(keyed) >= _SCALE_FROM:
        keyed = _scaled(keyed, len(keys))
    rows = sorted(zip(keyed, values, strict=True))
    ranked: list[Ranked] = []
    best_rank = 1
    count = len(rows)
    # the key separating each neighbour from the next (None: tied, or unknown before)
    between = [_separating(rows[i][0], rows[i + 1][0]) for i in range(count - 1)]
    for position, (_, candidate) in enumerate(rows, start=1):
        behind = between[position - 2] if position > 1 else None
        if position > 1 and behind is not None:
            best_rank = position
        ranked.append(
            Ranked(
                candidate,
                position,
                best_rank,
                values[candidate],
                between[position - 1] if position < count else None,
                behind,
            )
        )
    return ranked
